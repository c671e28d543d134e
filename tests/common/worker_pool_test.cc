// The worker pool's bound on queued work: new work is refused once `max_queued` tasks wait,
// continuations of admitted work are not.
#include <atomic>
#include <future>

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace devplan
