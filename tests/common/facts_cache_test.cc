// FactsCache with a fake loader that counts its calls: served only at the version it was
// loaded at, bounded by its budget (least recently used out first), and one load for
// concurrent misses. Redis-backed freshness of the real services: metrics_freshness_redistest.
#include "services/common/facts_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/support/gate.h"

namespace devplan {
namespace {

using testing::Gate;
using testing::kHangGuard;

struct Facts {
  int value = 0;
};
using Cache = FactsCache<Facts>;

// A loader answering `value`, counting its calls.
struct Loader {
  std::atomic<int> calls{0};
  absl::StatusOr<Facts> operator()(int value) {
    ++calls;
    return Facts{value};
  }
};

int Value(const absl::StatusOr<Cache::Ptr>& got) { return got.ok() ? (*got)->value : -1; }

// Waits (hang guard only) until `cache` counted `n` callers sharing another's load.
bool WaitShared(const Cache& cache, int64_t n) {
  const auto deadline = std::chrono::steady_clock::now() + kHangGuard;
  while (cache.stats().shared_loads < n) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

TEST(FactsCache, ServesFromMemoryOnlyAtTheVersionItLoadedAt) {
  Cache cache(4);
  Loader load;
  absl::StatusOr<Cache::Ptr> first = cache.Get("410108", 5, [&] { return load(1); });
  absl::StatusOr<Cache::Ptr> again = cache.Get("410108", 5, [&] { return load(2); });
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(first->get(), again->get()) << "the same facts, not a copy";
  EXPECT_EQ(load.calls, 1);
  EXPECT_EQ(Value(cache.Get("410108", 6, [&] { return load(3); })), 3) << "a write since";
  EXPECT_EQ(Value(cache.Get("410108", 6, [&] { return load(4); })), 3);
  EXPECT_EQ(load.calls, 2);
  // A version lower than the one loaded (data reset by an operator, or a read that raced a
  // write) is never answered with the later facts.
  EXPECT_EQ(Value(cache.Get("410108", 2, [&] { return load(5); })), 5);
  EXPECT_EQ(load.calls, 3);
  const Cache::Stats stats = cache.stats();
  EXPECT_EQ(stats.hits, 2);
  EXPECT_EQ(stats.loads, 3);
}

TEST(FactsCache, KeysAreIndependent) {
  Cache cache(4);
  Loader load;
  EXPECT_EQ(Value(cache.Get("410108/2024", 1, [&] { return load(24); })), 24);
  EXPECT_EQ(Value(cache.Get("410108/2025", 1, [&] { return load(25); })), 25);
  EXPECT_EQ(Value(cache.Get("410108/2024", 1, [&] { return load(0); })), 24);
  EXPECT_EQ(load.calls, 2);
}

TEST(FactsCache, AFailedLoadIsNotKept) {
  Cache cache(4);
  Loader load;
  absl::StatusOr<Cache::Ptr> failed =
      cache.Get("410108", 1, [&]() -> absl::StatusOr<Facts> { return absl::UnavailableError("redis down"); });
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Value(cache.Get("410108", 1, [&] { return load(7); })), 7);
  EXPECT_EQ(load.calls, 1);
}

TEST(FactsCache, EvictsTheLeastRecentlyUsedBeyondItsBudget) {
  Cache cache(2);
  Loader load;
  cache.Get("a", 1, [&] { return load(1); }).IgnoreError();
  cache.Get("b", 1, [&] { return load(2); }).IgnoreError();
  cache.Get("a", 1, [&] { return load(0); }).IgnoreError();  // a is now the most recent
  cache.Get("c", 1, [&] { return load(3); }).IgnoreError();  // b goes
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(load.calls, 3);
  EXPECT_EQ(Value(cache.Get("a", 1, [&] { return load(0); })), 1) << "kept";
  EXPECT_EQ(Value(cache.Get("c", 1, [&] { return load(0); })), 3) << "kept";
  EXPECT_EQ(load.calls, 3);
  EXPECT_EQ(Value(cache.Get("b", 1, [&] { return load(22); })), 22) << "evicted: loaded again";
  EXPECT_EQ(load.calls, 4);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.stats().evictions, 2);  // b, then a for b
}

TEST(FactsCache, ABudgetOfZeroKeepsNothing) {
  Cache cache(0);
  Loader load;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Value(cache.Get("a", 1, [&] { return load(i); })), i);
  EXPECT_EQ(load.calls, 3);
  EXPECT_EQ(cache.size(), 0u);
}

// Eight callers miss the same district at the same version while the first one's load is
// held: one load, whose facts all eight get.
TEST(FactsCache, ConcurrentMissesShareOneLoad) {
  constexpr int kCallers = 8;
  Cache cache(4);
  Gate gate;
  std::atomic<int> loads{0};
  std::vector<int> seen(kCallers, -1);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      seen[i] = Value(cache.Get("410108", 9, [&]() -> absl::StatusOr<Facts> {
        ++loads;
        gate.Pass();
        return Facts{42};
      }));
    });
  }
  ASSERT_TRUE(gate.WaitArrivals(1));
  EXPECT_TRUE(WaitShared(cache, kCallers - 1)) << "the others did not wait for the load";
  gate.Open();
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(loads, 1);
  for (int v : seen) EXPECT_EQ(v, 42);
  EXPECT_EQ(cache.stats().loads, 1);
  EXPECT_EQ(cache.stats().shared_loads, kCallers - 1);
}

// A caller that read a later version does not wait for a load of an older one (it may have
// read the facts before the write the caller must see); it loads itself. The older load,
// finishing last, does not replace the newer facts.
TEST(FactsCache, ALaterVersionDoesNotShareAnOlderLoad) {
  Cache cache(4);
  Gate gate;
  std::thread older([&] {
    EXPECT_EQ(Value(cache.Get("410108", 1, [&]() -> absl::StatusOr<Facts> {
                gate.Pass();
                return Facts{1};
              })),
              1);
  });
  ASSERT_TRUE(gate.WaitArrivals(1));
  Loader load;
  EXPECT_EQ(Value(cache.Get("410108", 2, [&] { return load(2); })), 2);
  gate.Open();
  older.join();
  EXPECT_EQ(Value(cache.Get("410108", 2, [&] { return load(0); })), 2);
  EXPECT_EQ(load.calls, 1);
}

// A caller that read an older version may share a load of a later one: facts read after the
// later version hold everything the older one did.
TEST(FactsCache, AnOlderVersionSharesALaterLoad) {
  Cache cache(4);
  Gate gate;
  std::thread newer([&] {
    EXPECT_EQ(Value(cache.Get("410108", 2, [&]() -> absl::StatusOr<Facts> {
                gate.Pass();
                return Facts{2};
              })),
              2);
  });
  ASSERT_TRUE(gate.WaitArrivals(1));
  Loader load;
  int older = -1;
  std::thread waiter([&] { older = Value(cache.Get("410108", 1, [&] { return load(1); })); });
  EXPECT_TRUE(WaitShared(cache, 1));
  gate.Open();
  newer.join();
  waiter.join();
  EXPECT_EQ(older, 2);
  EXPECT_EQ(load.calls, 0);
}

}  // namespace
}  // namespace devplan
