// The worker pool's bound on queued work: new work is refused once `max_queued` tasks wait,
// continuations of admitted work are not; and the server flag that sets the bound.
#include <atomic>
#include <cstdlib>
#include <future>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "services/common/server_runner.h"
#include "services/common/worker_pool.h"
#include "tests/support/gate.h"

namespace devplan {
namespace {

using ::devplan::testing::Gate;
using ::devplan::testing::kHangGuard;

TEST(WorkerPool, RefusesNewWorkOnceMaxQueuedTasksWait) {
  Gate gate;  // declared first: destroyed (opened) only after the pool has joined
  std::atomic<int> ran{0};
  {
    WorkerPool pool(/*threads=*/1, /*max_queued=*/2);
    struct OpenOnExit {
      Gate& g;
      ~OpenOnExit() { g.Open(); }  // before the pool's destructor, even if an ASSERT returns
    } open_on_exit{gate};
    ASSERT_TRUE(pool.TrySubmit([&] { gate.Pass(); }));
    ASSERT_TRUE(gate.WaitArrivals(1));
    EXPECT_EQ(pool.queued(), 0u);  // the blocker runs, it does not wait

    EXPECT_TRUE(pool.TrySubmit([&] { ++ran; }));
    EXPECT_TRUE(pool.TrySubmit([&] { ++ran; }));
    EXPECT_EQ(pool.queued(), 2u);
    EXPECT_FALSE(pool.TrySubmit([&] { ran += 100; }));  // refused: dropped, never runs
    EXPECT_EQ(pool.queued(), 2u);

    // A continuation of admitted work still gets in.
    pool.Submit([&] { ++ran; });
    EXPECT_EQ(pool.queued(), 3u);
  }  // opens the gate, then the pool's destructor runs what was queued and joins
  EXPECT_EQ(ran, 3);
}

TEST(WorkerPool, AcceptsNewWorkAgainOnceTheQueueDrains) {
  Gate gate;
  std::promise<void> first_ran, second_ran;  // outlive the pool, which may still run them
  WorkerPool pool(1, 1);
  struct OpenOnExit {
    Gate& g;
    ~OpenOnExit() { g.Open(); }
  } open_on_exit{gate};
  ASSERT_TRUE(pool.TrySubmit([&] { gate.Pass(); }));
  ASSERT_TRUE(gate.WaitArrivals(1));
  ASSERT_TRUE(pool.TrySubmit([&] { first_ran.set_value(); }));
  EXPECT_FALSE(pool.TrySubmit([] {}));
  gate.Open();
  ASSERT_EQ(first_ran.get_future().wait_for(kHangGuard), std::future_status::ready);

  ASSERT_TRUE(pool.TrySubmit([&] { second_ran.set_value(); }));
  EXPECT_EQ(second_ran.get_future().wait_for(kHangGuard), std::future_status::ready);
}

TEST(WorkerPool, DefaultBoundIsSixteenTasksPerThread) {
  WorkerPool pool(3);
  EXPECT_EQ(pool.max_queued(), 48u);
}

// The server flag that sets the bound: --max-queued, else DEVPLAN_MAX_QUEUED, else 16 per
// worker.
ServerConfig Parse(std::vector<std::string> args) {
  ServerConfig config{.service = "social", .listen = "127.0.0.1:0"};
  CLI::App app;
  AddServerFlags(app, config);
  args.insert(args.begin(), "social_server");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  app.parse(static_cast<int>(argv.size()), argv.data());
  return config;
}

TEST(MaxQueuedFlag, DefaultsToSixteenPerWorker) {
  unsetenv("DEVPLAN_MAX_QUEUED");
  EXPECT_EQ(MaxQueued(Parse({})), 128u);
  EXPECT_EQ(MaxQueued(Parse({"--workers", "2"})), 32u);
}

TEST(MaxQueuedFlag, TakesTheFlagOrTheEnvironment) {
  unsetenv("DEVPLAN_MAX_QUEUED");
  EXPECT_EQ(MaxQueued(Parse({"--max-queued", "5"})), 5u);
  setenv("DEVPLAN_MAX_QUEUED", "7", 1);
  EXPECT_EQ(MaxQueued(Parse({})), 7u);
  EXPECT_EQ(MaxQueued(Parse({"--max-queued", "5"})), 5u);  // the flag wins
  unsetenv("DEVPLAN_MAX_QUEUED");
}

TEST(MaxQueuedFlag, RefusesANegativeBound) {
  unsetenv("DEVPLAN_MAX_QUEUED");
  EXPECT_THROW(Parse({"--max-queued", "-1"}), CLI::ValidationError);
}

}  // namespace
}  // namespace devplan
