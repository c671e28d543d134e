// The Redis lock-down of issue #13, on the real server binaries and a real redis-server
// running the project's configuration and ACL (tests/support/redis_server.h): a server
// refuses to start (exit 2, one clear line) against a Redis without AOF always or with
// eviction, without the password or with a wrong one; --allow-unsafe-redis starts it with a
// loud warning; with the right user and password it serves. And the ACL user the servers log
// in as may run what the code sends and nothing else.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>

#include <grpcpp/grpcpp.h>

#include "devplan/v1/social.grpc.pb.h"
#include "services/common/redis_startup_check.h"
#include "tests/support/grpc_harness.h"
#include "tests/support/redis_server.h"
#include "tests/support/server_process.h"

namespace devplan::testing {
namespace {

struct Binary {
  const char* name;
  const char* path;
};
const Binary kServers[] = {{"investment", INVESTMENT_SERVER},
                           {"environment", ENVIRONMENT_SERVER},
                           {"social", SOCIAL_SERVER},
                           {"aggregator", AGGREGATOR_SERVER}};

// The arguments of a server against `redis` on a kernel-picked port: plaintext (this is about
// Redis, not TLS), logging in as devplan with the password file given (none when empty).
std::vector<std::string> Args(const RedisServer& redis, const std::string& password_file,
                              std::vector<std::string> more = {}) {
  std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--insecure", "--redis",
                                   redis.address(), "--lame-duck-ms", "0"};
  if (!password_file.empty()) {
    args.insert(args.end(), {"--redis-user", RedisServer::kServiceUser, "--redis-password-file",
                             password_file});
  }
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// Runs the server to its exit; expects it refused to start with exit 2 and a log naming
// each of `phrases`.
void ExpectRefused(const Binary& server, const std::vector<std::string>& args,
                   const std::vector<std::string>& phrases) {
  ServerProcess p(server.path, args);
  std::optional<int> code = p.WaitForExit();
  ASSERT_TRUE(code.has_value()) << server.name << " still runs: " << p.log();
  EXPECT_EQ(*code, 2) << server.name << ": " << p.log();
  for (const std::string& phrase : phrases) {
    EXPECT_NE(p.log().find(phrase), std::string::npos)
        << server.name << " should say \"" << phrase << "\": " << p.log();
  }
  EXPECT_EQ(p.log().find("listening on"), std::string::npos) << server.name << ": " << p.log();
}

// Expects the server to come up: it logs its port and that Redis turned it SERVING, answers a
// call that reads Redis, and drains to exit 0 on SIGTERM.
void ExpectServes(ServerProcess& p) {
  ASSERT_TRUE(p.WaitForLog("redis reachable: SERVING")) << p.log();
  ASSERT_NE(p.Port(), 0) << p.log();
  auto stub = v1::SocialService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(p.Port()), grpc::InsecureChannelCredentials()));
  v1::GetMetricsRequest req;
  req.set_district("410108");
  req.mutable_as_of()->set_year(2024);
  req.mutable_as_of()->set_month(6);
  req.mutable_as_of()->set_day(30);
  v1::GetMetricsResponse resp;
  grpc::Status s = stub->GetMetrics(ContextWithDeadline().get(), req, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message() << "\n" << p.log();
  EXPECT_GT(resp.metrics_size(), 0);
  EXPECT_EQ(p.Terminate(), std::optional<int>(0)) << p.log();
}

const Binary& Social() { return kServers[2]; }

TEST(RedisLockdown, EveryServerRefusesARedisWithoutAnAppendOnlyFile) {
  RedisServer redis({"--appendonly", "no"});
  for (const Binary& server : kServers) {
    ExpectRefused(server, Args(redis, redis.service_password_file()),
                  {"appendonly no", "refusing to start", "--allow-unsafe-redis"});
  }
}

TEST(RedisLockdown, ARedisThatFsyncsOnlyEverySecondIsRefused) {
  RedisServer redis({"--appendfsync", "everysec"});
  ExpectRefused(Social(), Args(redis, redis.service_password_file()),
                {"appendfsync everysec", "refusing to start"});
}

TEST(RedisLockdown, ARedisThatWouldEvictKeysIsRefused) {
  RedisServer redis({"--maxmemory-policy", "allkeys-lru"});
  ExpectRefused(Social(), Args(redis, redis.service_password_file()),
                {"maxmemory-policy allkeys-lru", "refusing to start"});
}

TEST(RedisLockdown, AllowUnsafeRedisStartsWithALoudWarning) {
  RedisServer redis({"--appendonly", "no"});
  ServerProcess p(Social().path,
                  Args(redis, redis.service_password_file(), {"--allow-unsafe-redis"}));
  ExpectServes(p);
  EXPECT_NE(p.log().find("ACKNOWLEDGED WRITES MAY BE LOST"), std::string::npos) << p.log();
}

TEST(RedisLockdown, WithoutThePasswordEveryServerRefusesToStart) {
  RedisServer redis;
  for (const Binary& server : kServers) {
    ExpectRefused(server, Args(redis, ""), {"requires a password (NOAUTH)", "--redis-password-file"});
  }
}

TEST(RedisLockdown, AWrongPasswordIsRefusedAtOnce) {
  RedisServer redis;
  const std::string wrong = redis.service_password_file() + ".wrong";
  std::ofstream(wrong) << "0123456789abcdef0123456789abcdef\n";
  std::filesystem::permissions(wrong, std::filesystem::perms::owner_read);
  ExpectRefused(Social(), Args(redis, wrong),
                {"refused user \"devplan\"", "WRONGPASS", "--redis-password-file"});
}

TEST(RedisLockdown, APasswordFileOtherUsersMayReadIsRefused) {
  RedisServer redis;
  const std::string shared = redis.service_password_file() + ".shared";
  std::filesystem::copy_file(redis.service_password_file(), shared);
  std::filesystem::permissions(shared, std::filesystem::perms::others_read,
                               std::filesystem::perm_options::add);
  ExpectRefused(Social(), Args(redis, shared), {"--redis-password-file", "other users may read it"});
}

TEST(RedisLockdown, WithTheRightUserAndPasswordEveryServerServes) {
  RedisServer redis;
  for (const Binary& server : kServers) {
    ServerProcess p(server.path, Args(redis, redis.service_password_file()));
    ASSERT_TRUE(p.WaitForLog("redis reachable: SERVING")) << server.name << ": " << p.log();
    EXPECT_NE(p.log().find("as devplan"), std::string::npos) << p.log();
    EXPECT_EQ(p.log().find(redis.service_endpoint().password), std::string::npos)
        << "the password must never be logged";
    EXPECT_EQ(p.Terminate(), std::optional<int>(0)) << server.name << ": " << p.log();
  }
  ServerProcess social(Social().path, Args(redis, redis.service_password_file()));
  ExpectServes(social);
}

// A Redis that is not there yet (started with the servers, still loading) is waited for, not
// refused; one that never comes is UNAVAILABLE after the wait (the server exits 1).
TEST(RedisStartupCheck, ARedisThatComesUpDuringTheWaitIsChecked) {
  RedisServer redis;
  redis.Stop();
  std::future<absl::Status> checked = std::async(std::launch::async, [&] {
    return CheckRedisAtStart(redis.service_endpoint(), {.wait = absl::Seconds(30)});
  });
  ASSERT_EQ(checked.wait_for(std::chrono::milliseconds(500)), std::future_status::timeout);
  redis.Start();
  EXPECT_TRUE(checked.get().ok());
}

TEST(RedisStartupCheck, ARedisThatNeverAnswersIsUnavailableAfterTheWait) {
  RedisServer redis;
  redis.Stop();
  absl::Status s = CheckRedisAtStart(redis.service_endpoint(), {.wait = absl::Milliseconds(300)});
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_NE(s.message().find("did not answer within 300ms of start"), absl::string_view::npos) << s;
}

// The devplan user of deploy/redis/users.acl, as a server logs in.
class ServiceUser : public ::testing::Test {
 protected:
  absl::StatusOr<redis::Reply> Run(const redis::Command& command) {
    absl::StatusOr<std::unique_ptr<redis::Connection>> c =
        redis::Connection::Open(redis_.service_endpoint(), absl::Seconds(2), absl::Seconds(5));
    if (!c.ok()) return c.status();
    return (*c)->Run(command);
  }
  void ExpectDenied(const redis::Command& command) {
    absl::StatusOr<redis::Reply> r = Run(command);
    EXPECT_FALSE(r.ok()) << command[0] << " " << (command.size() > 1 ? command[1] : "");
    if (!r.ok()) {
      EXPECT_NE(r.status().message().find("NOPERM"), absl::string_view::npos) << r.status();
    }
  }
  RedisServer redis_;
};

TEST_F(ServiceUser, RunsWhatTheServersSendOnTheirKeys) {
  EXPECT_TRUE(Run({"PING"}).ok());
  EXPECT_TRUE(Run({"HSET", "soc:{410108}:events", "e1", "x"}).ok());
  EXPECT_TRUE(Run({"HGETALL", "inv:{410108}:projects"}).ok());
  EXPECT_TRUE(Run({"GET", "ver:{410108}"}).ok());
  EXPECT_TRUE(Run({"XREVRANGE", "audit:{410108}", "+", "-", "COUNT", "1"}).ok());
  EXPECT_TRUE(Run({"CONFIG", "GET", "appendonly"}).ok());
  absl::StatusOr<redis::Reply> sha =
      Run({"SCRIPT", "LOAD", "redis.call('INCR', KEYS[1]) return redis.call('PUBLISH', ARGV[1], 'x')"});
  ASSERT_TRUE(sha.ok()) << sha.status();
  EXPECT_TRUE(Run({"EVALSHA", std::string(sha->str()), "1", "ver:{410108}", "events:{410108}"}).ok());
}

TEST_F(ServiceUser, MayRunNothingElse) {
  ExpectDenied({"FLUSHALL"});
  ExpectDenied({"KEYS", "*"});
  ExpectDenied({"DEL", "ver:{410108}"});
  ExpectDenied({"CONFIG", "SET", "appendonly", "no"});
  ExpectDenied({"EVAL", "return 1", "0"});
  ExpectDenied({"SHUTDOWN"});
  ExpectDenied({"ACL", "LIST"});
  // Of Redis Cluster, only reading the slot map (ASKING and WAIT change nothing either; the
  // cluster tests run them as this user): no resharding, no failover, no reset.
  ExpectDenied({"CLUSTER", "SETSLOT", "1", "STABLE"});
  ExpectDenied({"CLUSTER", "FAILOVER"});
  ExpectDenied({"CLUSTER", "RESET"});
  ExpectDenied({"CLUSTER", "NODES"});
  ExpectDenied({"MIGRATE", "127.0.0.1", "1", "ver:{410108}", "0", "10"});
  // Keys and channels outside the servers' own.
  ExpectDenied({"GET", "other:key"});
  ExpectDenied({"PUBLISH", "other", "x"});
  // A script runs with the user's rights: it cannot reach what the user cannot.
  absl::StatusOr<redis::Reply> sha = Run({"SCRIPT", "LOAD", "return redis.call('FLUSHALL')"});
  ASSERT_TRUE(sha.ok()) << sha.status();
  absl::StatusOr<redis::Reply> r = Run({"EVALSHA", std::string(sha->str()), "0"});
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(redis_.Run({"SET", "other:key", "kept"}).ok());
  EXPECT_EQ(redis_.Run({"GET", "other:key"})->str(), "kept");
}

TEST_F(ServiceUser, AConnectionWithoutAuthRunsNothing) {
  redis::Endpoint anonymous = redis_.endpoint();
  anonymous.user.clear();
  anonymous.password.clear();
  absl::StatusOr<std::unique_ptr<redis::Connection>> c =
      redis::Connection::Open(anonymous, absl::Seconds(2), absl::Seconds(5));
  ASSERT_TRUE(c.ok()) << c.status();
  absl::StatusOr<redis::Reply> r = (*c)->Run({"GET", "ver:{410108}"});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("NOAUTH"), absl::string_view::npos) << r.status();
}

}  // namespace
}  // namespace devplan::testing
