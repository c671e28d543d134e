// The Redis layer against a real redis-server: pooling under concurrency, pipelining,
// UNAVAILABLE while Redis is down and recovery after it restarts, and no command sent twice
// unless its caller says that is safe.
#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "services/common/redis_pool.h"
#include "tests/support/redis_server.h"

namespace devplan::redis {
namespace {

PoolOptions OptionsFor(const testing::RedisServer& server, int size = 4) {
  PoolOptions o;
  o.endpoint = server.endpoint();
  o.size = size;
  return o;
}

TEST(RedisPool, RunsCommandsAndReturnsNilAsEmptyOptional) {
  testing::RedisServer server;
  Pool pool(OptionsFor(server));
  ASSERT_TRUE(pool.Run({"SET", "k", "v"}).ok());
  absl::StatusOr<Reply> got = pool.Run({"GET", "k"});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->str(), "v");
  absl::StatusOr<Reply> missing = pool.Run({"GET", "nope"});
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->opt_str().has_value());
}

TEST(RedisPool, BinarySafeValues) {
  testing::RedisServer server;
  Pool pool(OptionsFor(server));
  const std::string bytes("a\0b\r\n", 5);
  ASSERT_TRUE(pool.Run({"SET", "bin", bytes}).ok());
  EXPECT_EQ(std::string(pool.Run({"GET", "bin"})->str()), bytes);
}

TEST(RedisPool, PipelineAnswersInOrder) {
  testing::RedisServer server;
  Pool pool(OptionsFor(server));
  std::vector<Command> cmds;
  for (int i = 0; i < 100; ++i) cmds.push_back({"INCR", "counter"});
  absl::StatusOr<std::vector<Reply>> replies = pool.RunPipeline(cmds);
  ASSERT_TRUE(replies.ok());
  ASSERT_EQ(replies->size(), 100u);
  EXPECT_EQ((*replies)[0].integer(), 1);
  EXPECT_EQ((*replies)[99].integer(), 100);
}

TEST(RedisPool, ErrorReplyIsInternalAndConnectionStaysUsable) {
  testing::RedisServer server;
  Pool pool(OptionsFor(server, 1));
  ASSERT_TRUE(pool.Run({"SET", "s", "x"}).ok());
  absl::StatusOr<Reply> wrong = pool.Run({"HGET", "s", "f"});
  EXPECT_EQ(wrong.status().code(), absl::StatusCode::kInternal);
  EXPECT_TRUE(pool.Run({"GET", "s"}).ok());
}

TEST(RedisPool, ConcurrentCallersNeverExceedThePoolAndAllSucceed) {
  testing::RedisServer server;
  Pool pool(OptionsFor(server, 3));
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        if (!pool.Run({"INCR", "n"}).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(pool.Run({"GET", "n"})->str(), "2400");
  absl::StatusOr<Reply> clients = pool.Run({"CLIENT", "LIST"});
  ASSERT_TRUE(clients.ok());
  const std::string list(clients->str());
  EXPECT_LE(std::count(list.begin(), list.end(), '\n'), 3);
}

TEST(RedisPool, UnavailableWhileDownThenRecoversAfterRestart) {
  testing::RedisServer server;
  Pool pool(OptionsFor(server));
  ASSERT_TRUE(pool.Run({"SET", "durable", "1"}).ok());
  server.Stop();
  absl::StatusOr<Reply> down = pool.Run({"GET", "durable"});
  EXPECT_EQ(down.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(pool.Ping().code(), absl::StatusCode::kUnavailable);
  server.Start();
  // The broken connection was dropped; the next call dials afresh.
  absl::StatusOr<Reply> back = pool.Run({"GET", "durable"});
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->str(), "1");  // acknowledged before the restart, so still there (AOF)
}

TEST(RedisPool, IdleConnectionsClosedByARestartAreNotUsedAndAWriteGoesThrough) {
  testing::RedisServer server;
  Pool pool(OptionsFor(server));
  ASSERT_TRUE(pool.Ping().ok());
  server.Stop();
  server.Start();
  // The idle connection is dead; a write that is never resent still succeeds, on a new one.
  absl::StatusOr<Reply> incr = pool.Run({"INCR", "k"});
  ASSERT_TRUE(incr.ok()) << incr.status();
  EXPECT_EQ(incr->integer(), 1);
}

TEST(RedisConnection, SeesThatTheServerClosedItWhileIdle) {
  testing::RedisServer server;
  auto idle = Connection::Open(server.endpoint(), absl::Seconds(1), absl::Seconds(5));
  ASSERT_TRUE(idle.ok()) << idle.status();
  ASSERT_TRUE((*idle)->Run({"PING"}).ok());
  EXPECT_FALSE((*idle)->ClosedWhileIdle());
  server.Stop();
  EXPECT_TRUE((*idle)->ClosedWhileIdle());
  EXPECT_FALSE((*idle)->broken());  // found out without sending or reading anything
}

// A paused Redis takes the command into its socket, the read times out, and the pool cannot
// know whether Redis will run it. Sending it again on a fresh connection would, once Redis
// resumes, run it twice.
TEST(RedisPool, AWriteSentToAPausedRedisIsNotSentAgain) {
  testing::RedisServer server;
  PoolOptions options = OptionsFor(server);
  options.command_timeout = absl::Milliseconds(100);
  Pool pool(options);
  ASSERT_TRUE(pool.Ping().ok());  // an idle connection for the INCR to reuse
  server.Pause();
  absl::StatusOr<Reply> incr = pool.Run({"INCR", "k"});
  server.Resume();
  EXPECT_EQ(incr.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(incr.status().message(), kOutcomeUnknown)) << incr.status();
  EXPECT_TRUE(absl::StrContains(incr.status().message(), "request_id")) << incr.status();
  ASSERT_TRUE(server.WaitUntilNoOtherClients());
  absl::StatusOr<Reply> k = pool.Run({"GET", "k"});
  ASSERT_TRUE(k.ok()) << k.status();
  EXPECT_EQ(k->str(), "1");  // sent once and run once: "may have been applied" was true
}

TEST(RedisPool, ASafeCommandThatTimedOutIsNotSentAgainAndItsErrorSaysNothingOfWrites) {
  testing::RedisServer server;
  PoolOptions options = OptionsFor(server);
  options.command_timeout = absl::Milliseconds(100);
  // Without AUTH: a fresh connection's AUTH would wait on the paused Redis as well, and the
  // command would never be sent a second time.
  ASSERT_TRUE(server.Run({"ACL", "SETUSER", "default", "on", "nopass"}).ok());
  options.endpoint.user.clear();
  options.endpoint.password.clear();
  Pool pool(options);
  ASSERT_TRUE(pool.Ping().ok());
  server.Pause();
  absl::StatusOr<Reply> incr = pool.Run({"INCR", "k"}, Resend::kSafe);
  server.Resume();
  EXPECT_EQ(incr.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(absl::StrContains(incr.status().message(), kOutcomeUnknown)) << incr.status();
  ASSERT_TRUE(server.WaitUntilNoOtherClients());
  // Redis was paused, not gone: a second try would only have waited another timeout (and,
  // being an INCR, run twice). It ran once, when Redis resumed.
  EXPECT_EQ(pool.Run({"GET", "k"})->str(), "1");
}

}  // namespace
}  // namespace devplan::redis
