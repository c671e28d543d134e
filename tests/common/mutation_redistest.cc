// The one write path: atomic, idempotent on request_id, compare-and-set, and publishing a
// change event per acknowledged write.
#include <map>

#include <gtest/gtest.h>

#include <hiredis/hiredis.h>

#include "absl/strings/match.h"
#include "services/common/mutation.h"
#include "services/common/redis_keys.h"
#include "tests/support/redis_server.h"

namespace devplan::store {
namespace {

class MutationTest : public ::testing::Test {
 protected:
  MutationTest() : pool_(Options()) {}
  redis::PoolOptions Options() {
    redis::PoolOptions o;
    o.endpoint = server_.endpoint();
    return o;
  }
  std::optional<std::string> HGet(const std::string& key, const std::string& field) {
    return pool_.Run({"HGET", key, field})->opt_str();
  }
  testing::RedisServer server_;
  redis::Pool pool_;
};

TEST_F(MutationTest, AppliesAllWritesAndBumpsTheDataVersion) {
  Mutation m("inv", "410108");
  m.HSet("inv:{410108}:a", "f", "1").RPush("inv:{410108}:log", "x").SAdd("inv:{410108}:s", "m");
  ASSERT_EQ(*m.Apply(pool_), Outcome::kApplied);
  EXPECT_EQ(HGet("inv:{410108}:a", "f"), "1");
  EXPECT_EQ(pool_.Run({"LLEN", "inv:{410108}:log"})->integer(), 1);
  EXPECT_EQ(pool_.Run({"GET", keys::DataVersion("410108")})->str(), "1");
}

TEST_F(MutationTest, SameRequestIdSameContentIsReplayedNotWrittenTwice) {
  auto write = [&](const std::string& fp) {
    Mutation m("inv", "410108");
    m.WithRequestId("req-1", fp).RPush("inv:{410108}:log", "entry");
    return m.Apply(pool_);
  };
  ASSERT_EQ(*write("fp-a"), Outcome::kApplied);
  ASSERT_EQ(*write("fp-a"), Outcome::kReplayed);
  EXPECT_EQ(pool_.Run({"LLEN", "inv:{410108}:log"})->integer(), 1);
  absl::StatusOr<Outcome> reused = write("fp-b");
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(reused.status().message().find("request_id"), std::string::npos);
}

TEST_F(MutationTest, FailedPreconditionWritesNothing) {
  Mutation m("inv", "410108");
  m.HSet("inv:{410108}:a", "f", "new")
      .RequireField("inv:{410108}:projects", "P1", "project P1")
      .RPush("inv:{410108}:log", "x");
  absl::StatusOr<Outcome> r = m.Apply(pool_);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("project P1"), std::string::npos);
  EXPECT_FALSE(HGet("inv:{410108}:a", "f").has_value());
  EXPECT_EQ(pool_.Run({"LLEN", "inv:{410108}:log"})->integer(), 0);
  EXPECT_TRUE(pool_.Run({"GET", keys::DataVersion("410108")})->is_nil());
}

TEST_F(MutationTest, CompareAndSetDetectsAConcurrentChange) {
  ASSERT_TRUE(Mutation("inv", "410108").HSet("inv:{410108}:p", "id", "v1").Apply(pool_).ok());
  Mutation stale("inv", "410108");
  stale.ExpectField("inv:{410108}:p", "id", "v0").HSet("inv:{410108}:p", "id", "v2");
  EXPECT_EQ(stale.Apply(pool_).status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(HGet("inv:{410108}:p", "id"), "v1");
  Mutation fresh("inv", "410108");
  fresh.ExpectField("inv:{410108}:p", "id", "v1").HSet("inv:{410108}:p", "id", "v2");
  EXPECT_TRUE(fresh.Apply(pool_).ok());
  EXPECT_EQ(HGet("inv:{410108}:p", "id"), "v2");
  Mutation create("inv", "410108");
  create.ExpectField("inv:{410108}:p", "id", std::nullopt).HSet("inv:{410108}:p", "id", "v3");
  EXPECT_EQ(create.Apply(pool_).status().code(), absl::StatusCode::kAborted);
}

TEST_F(MutationTest, PublishesAChangeEventOnTheDistrictChannel) {
  redisContext* sub = redisConnectUnix(server_.socket_path().c_str());
  ASSERT_NE(sub, nullptr);
  const redis::Endpoint admin = server_.endpoint();
  freeReplyObject(redisCommand(sub, "AUTH %s %s", admin.user.c_str(), admin.password.c_str()));
  freeReplyObject(redisCommand(sub, "SUBSCRIBE %s", keys::EventsChannel("410108").c_str()));
  ASSERT_TRUE(Mutation("soc", "410108")
                  .HSet("soc:{410108}:x", "f", "v")
                  .Event("monthly_figure", "districts/410108/monthlyFigures/x")
                  .Apply(pool_)
                  .ok());
  void* raw = nullptr;
  ASSERT_EQ(redisGetReply(sub, &raw), REDIS_OK);
  auto* msg = static_cast<redisReply*>(raw);
  ASSERT_EQ(msg->elements, 3u);
  const std::string payload(msg->element[2]->str, msg->element[2]->len);
  EXPECT_NE(payload.find("\"service\":\"soc\""), std::string::npos);
  EXPECT_NE(payload.find("monthly_figure"), std::string::npos);
  freeReplyObject(msg);
  redisFree(sub);
}

// A write sent to a paused Redis: the pool's read times out, and whether Redis will run it is
// unknown. Without a request_id it must not be sent again; with one it may, because the
// script answers the repeat REPLAY. Each test reads only after Redis has run all it was sent.
class PausedRedisTest : public MutationTest {
 protected:
  PausedRedisTest() : impatient_(Impatient()) {}
  redis::PoolOptions Impatient() {
    redis::PoolOptions o = Options();
    o.command_timeout = absl::Milliseconds(100);
    return o;
  }
  absl::StatusOr<Outcome> Push(const std::string& request_id) {
    Mutation m("inv", "410108");
    if (!request_id.empty()) m.WithRequestId(request_id, "fp");
    m.RPush("inv:{410108}:log", "x");
    return m.Apply(impatient_);
  }
  redis::Pool impatient_;
};

TEST_F(PausedRedisTest, AWriteWithoutRequestIdIsAppliedOnceAndSaysItMayHaveBeen) {
  ASSERT_EQ(*Push(""), Outcome::kApplied);  // loads the script
  server_.Pause();
  absl::StatusOr<Outcome> blind = Push("");
  server_.Resume();
  EXPECT_EQ(blind.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(blind.status().message(), redis::kOutcomeUnknown))
      << blind.status();
  ASSERT_TRUE(server_.WaitUntilNoOtherClients());
  EXPECT_EQ(pool_.Run({"LLEN", "inv:{410108}:log"})->integer(), 2);
  EXPECT_EQ(pool_.Run({"GET", keys::DataVersion("410108")})->str(), "2");
}

TEST_F(PausedRedisTest, AWriteWithARequestIdIsAppliedOnceAndItsRetryReplayed) {
  ASSERT_EQ(*Push(""), Outcome::kApplied);
  server_.Pause();
  absl::StatusOr<Outcome> keyed = Push("req-1");
  server_.Resume();
  EXPECT_EQ(keyed.status().code(), absl::StatusCode::kUnavailable);
  ASSERT_TRUE(server_.WaitUntilNoOtherClients());
  EXPECT_EQ(pool_.Run({"LLEN", "inv:{410108}:log"})->integer(), 2);
  EXPECT_EQ(*Push("req-1"), Outcome::kReplayed);  // the client's retry, as the error asks
  EXPECT_EQ(pool_.Run({"LLEN", "inv:{410108}:log"})->integer(), 2);
}

TEST_F(MutationTest, AcknowledgedWriteSurvivesACrash) {
  ASSERT_TRUE(Mutation("env", "410108").HSet("env:{410108}:d", "2024-01-01", "42").Apply(pool_).ok());
  server_.Kill();  // no clean shutdown: only the AOF (fsync always) can keep it
  server_.Start();
  absl::StatusOr<redis::Reply> r = pool_.Run({"HGET", "env:{410108}:d", "2024-01-01"});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->str(), "42");
}

// deploy/redis/redis.conf caps memory with noeviction: a full Redis refuses writes rather
// than dropping keys, and the write path says so and writes nothing while reads go on.
TEST_F(MutationTest, AFullRedisRefusesTheWholeWriteAndReadsGoOn) {
  ASSERT_TRUE(Mutation("inv", "410108").HSet("inv:{410108}:a", "f", "1").Apply(pool_).ok());
  ASSERT_TRUE(server_.Run({"CONFIG", "SET", "maxmemory", "1"}).ok());
  Mutation m("inv", "410108");
  m.WithRequestId("req-full", "fp").HSet("inv:{410108}:a", "f", "2").RPush("inv:{410108}:log", "x");
  absl::StatusOr<Outcome> r = m.Apply(pool_);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kResourceExhausted) << r.status();
  EXPECT_TRUE(absl::StrContains(r.status().message(), "nothing was written")) << r.status();
  EXPECT_EQ(HGet("inv:{410108}:a", "f"), "1");
  EXPECT_EQ(pool_.Run({"LLEN", "inv:{410108}:log"})->integer(), 0);
  EXPECT_EQ(pool_.Run({"GET", keys::DataVersion("410108")})->str(), "1");
  ASSERT_TRUE(server_.Run({"CONFIG", "SET", "maxmemory", "0"}).ok());
  EXPECT_EQ(*m.Apply(pool_), Outcome::kApplied);
  EXPECT_EQ(HGet("inv:{410108}:a", "f"), "2");
}

// A key's fields added one after another go to Redis as one HSET per kMaxFieldsPerHset
// fields: every field lands, a later value of the same field wins as it would field by
// field, and the ops keep their numbers (a failed check after a group names its own
// resource).
TEST_F(MutationTest, ManyFieldsOfOneKeyAreWrittenInGroupsAsIfOneByOne) {
  const int n = 2 * kMaxFieldsPerHset + 3;
  Mutation m("env", "410108");
  for (int i = 0; i < n; ++i) m.HSet("env:{410108}:h", std::to_string(i), "v" + std::to_string(i));
  m.HSet("env:{410108}:other", "x", "1").HSet("env:{410108}:h", "0", "later");
  ASSERT_EQ(*m.Apply(pool_), Outcome::kApplied);
  EXPECT_EQ(pool_.Run({"HLEN", "env:{410108}:h"})->integer(), n);
  EXPECT_EQ(HGet("env:{410108}:h", "0"), "later");
  EXPECT_EQ(HGet("env:{410108}:h", std::to_string(n - 1)), "v" + std::to_string(n - 1));
  EXPECT_EQ(HGet("env:{410108}:other", "x"), "1");

  Mutation refused("env", "410108");
  for (int i = 0; i < n; ++i) refused.HSet("env:{410108}:h2", std::to_string(i), "v");
  refused.RequireField("env:{410108}:stations", "S1", "station S1")
      .RequireField("env:{410108}:stations", "S2", "station S2");
  ASSERT_TRUE(Mutation("env", "410108").HSet("env:{410108}:stations", "S1", "s").Apply(pool_).ok());
  absl::StatusOr<Outcome> r = refused.Apply(pool_);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "station S2 not found");
  EXPECT_EQ(pool_.Run({"EXISTS", "env:{410108}:h2"})->integer(), 0);
}

// The audit entry's digest is of the ops one by one, however they were sent: the same write
// made before HSETs were grouped had this digest (FNV-1a 64 of name, key, a, b per op).
TEST_F(MutationTest, TheAuditDigestDoesNotDependOnGrouping) {
  Mutation m("inv", "410108");
  for (int i = 0; i < 3; ++i) {
    m.HSet("inv:{410108}:a", "f" + std::to_string(i), "v" + std::to_string(i));
  }
  m.RPush("inv:{410108}:log", "x");
  ASSERT_EQ(*m.Apply(pool_), Outcome::kApplied);
  absl::StatusOr<redis::Reply> entry =
      pool_.Run({"XREVRANGE", keys::AuditTrail("410108"), "+", "-", "COUNT", "1"});
  ASSERT_TRUE(entry.ok()) << entry.status();
  ASSERT_EQ(entry->size(), 1u);
  const redis::ReplyView fields = (*entry)[0][1];
  std::map<std::string, std::string> audit;
  for (size_t i = 0; i + 1 < fields.size(); i += 2) {
    audit[std::string(fields[i].str())] = std::string(fields[i + 1].str());
  }
  EXPECT_EQ(audit["digest"], "e2640807fba524c4");
  EXPECT_EQ(audit["writes"], "4");
}

TEST_F(MutationTest, ValidateOnlyRunsTheChecksAndWritesNothing) {
  ASSERT_TRUE(pool_.Run({"HSET", "inv:{410108}:projects", "P1", "stored"}).ok());
  auto dump = [&] {
    std::map<std::string, std::string> out;
    redis::Reply keys = *pool_.Run({"KEYS", "*"});
    for (size_t i = 0; i < keys.size(); ++i) {
      const std::string k(keys[i].str());
      out[k] = std::string(pool_.Run({"DUMP", k})->str());
    }
    return out;
  };
  const std::map<std::string, std::string> before = dump();
  auto rehearse = [&](const std::string& required, const std::string& expected) {
    Mutation m("inv", "410108");
    m.ValidateOnly(true)
        .WithRequestId("req-v", "fp-v")
        .RequireField("inv:{410108}:projects", required, "project " + required)
        .ExpectField("inv:{410108}:projects", "P1", expected)
        .HSet("inv:{410108}:projects", "P1", "new")
        .Event("project", "districts/410108/projects/P1");
    return m.Apply(pool_);
  };
  EXPECT_EQ(*rehearse("P1", "stored"), Outcome::kValidated);
  EXPECT_EQ(rehearse("P9", "stored").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(rehearse("P1", "other").status().code(), absl::StatusCode::kAborted);
  // No write, no request_id record, no audit entry, no data version.
  EXPECT_EQ(dump(), before);
  // The request_id it rehearsed is still free for the write.
  Mutation write("inv", "410108");
  write.WithRequestId("req-v", "fp-v").HSet("inv:{410108}:projects", "P1", "new");
  EXPECT_EQ(*write.Apply(pool_), Outcome::kApplied);
  // A rehearsal of a write already made answers as its retry would: replayed.
  EXPECT_EQ(*rehearse("P1", "new"), Outcome::kReplayed);
  Mutation other("inv", "410108");
  other.ValidateOnly(true).WithRequestId("req-v", "fp-other").HSet("inv:{410108}:a", "f", "1");
  EXPECT_EQ(other.Apply(pool_).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace devplan::store
