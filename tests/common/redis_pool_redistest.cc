// The Redis layer against a real redis-server: pooling under concurrency, pipelining,
// UNAVAILABLE while Redis is down and recovery after it restarts.
#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace devplan::redis
