// Health follows Redis (issue #14, finding 7): down when it is killed or paused, up when it
// returns, over a real redis-server. How fast is printed, not asserted (these machines are
// shared; the bound is the static_assert on the probe's constants in redis_health.h).
#include "services/common/redis_health.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <vector>

#include "tests/support/redis_server.h"

namespace devplan {
namespace {

class States {
 public:
  std::function<void(bool)> Sink() {
    return [this](bool up) {
      std::lock_guard lock(mu_);
      seen_.push_back(up);
      cv_.notify_all();
    };
  }
  // Waits (hang guard 30 s) until the latest state is `up`; answers how long that took.
  std::optional<double> WaitFor(bool up) {
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::seconds(30),
                      [&] { return !seen_.empty() && seen_.back() == up; })) {
      return std::nullopt;
    }
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
  }
  std::vector<bool> seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<bool> seen_;
};

TEST(RedisHealth, FollowsRedisDownAndUpAgainWhetherKilledOrPaused) {
  testing::RedisServer server;
  States states;
  RedisHealth health({server.endpoint()}, states.Sink());
  ASSERT_TRUE(states.WaitFor(true).has_value());

  server.Kill();
  const std::optional<double> killed = states.WaitFor(false);
  ASSERT_TRUE(killed.has_value());
  server.Start();
  const std::optional<double> restarted = states.WaitFor(true);
  ASSERT_TRUE(restarted.has_value());

  // Paused, the socket still accepts: only PINGs without answers can tell.
  server.Pause();
  const std::optional<double> paused = states.WaitFor(false);
  ASSERT_TRUE(paused.has_value());
  server.Resume();
  const std::optional<double> resumed = states.WaitFor(true);
  ASSERT_TRUE(resumed.has_value());

  // Each change reported once: up, down, up, down, up.
  EXPECT_EQ(states.seen(), (std::vector<bool>{true, false, true, false, true}));
  std::printf("health lag (ms): killed %.1f, restarted %.1f (incl. redis start), paused %.1f, "
              "resumed %.1f\n",
              *killed, *restarted, *paused, *resumed);
}

// Redis Cluster seeds: the probe moves on from a node that is gone, so health is SERVING
// while any answers, and NOT_SERVING only when none does.
TEST(RedisHealth, WithSeveralEndpointsAnyOneAnsweringIsServing) {
  testing::RedisServer first;
  testing::RedisServer second;
  first.Kill();
  States states;
  RedisHealth health({first.endpoint(), second.endpoint()}, states.Sink());
  ASSERT_TRUE(states.WaitFor(true).has_value());  // through `second` alone
  second.Kill();
  ASSERT_TRUE(states.WaitFor(false).has_value());
  first.Start();
  ASSERT_TRUE(states.WaitFor(true).has_value());  // through `first` alone
  EXPECT_EQ(states.seen(), (std::vector<bool>{true, false, true}));
}

}  // namespace
}  // namespace devplan
