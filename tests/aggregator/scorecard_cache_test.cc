// ScorecardCache: an entry is served only at the data version it was computed at, a slower
// computation never replaces a newer one, a change event drops one district's entries, and a
// full cache starts afresh instead of growing.
#include "services/aggregator/scorecard_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace devplan::aggregator {
namespace {

ScorecardKey Key(const std::string& district, absl::CivilDay as_of = absl::CivilDay(2024, 6, 30),
                 std::set<v1::Area> areas = {}) {
  return ScorecardKey{district, as_of, std::move(areas)};
}

// A card told apart from others by its overall score.
v1::Scorecard Card(double overall) {
  v1::Scorecard c;
  c.set_district("410108");
  c.set_overall_score(overall);
  return c;
}

// The overall score of what the cache serves, or -1 on a miss.
double Served(const ScorecardCache& cache, const ScorecardKey& key, int64_t version) {
  ServedCardPtr served = cache.Get(key, version);
  return served ? served->card.overall_score() : -1;
}

TEST(ScorecardCache, ServesAnEntryOnlyAtTheVersionItWasComputedAt) {
  ScorecardCache cache;
  cache.Put(Key("410108"), 5, Card(71));
  EXPECT_EQ(Served(cache, Key("410108"), 5), 71);
  EXPECT_EQ(Served(cache, Key("410108"), 6), -1) << "a write since: the card is stale";
  EXPECT_EQ(Served(cache, Key("410108"), 4), -1);
  const ScorecardCache::Stats stats = cache.stats();
  EXPECT_EQ(stats.hits, 1);
  EXPECT_EQ(stats.misses, 2);
}

TEST(ScorecardCache, DistrictDateAndAreasEachMakeADifferentEntry) {
  ScorecardCache cache;
  cache.Put(Key("410108", absl::CivilDay(2024, 6, 30), {v1::AREA_ECONOMY, v1::AREA_ECOLOGY}), 1,
            Card(60));
  EXPECT_EQ(Served(cache, Key("410102", absl::CivilDay(2024, 6, 30),
                              {v1::AREA_ECONOMY, v1::AREA_ECOLOGY}), 1), -1);
  EXPECT_EQ(Served(cache, Key("410108", absl::CivilDay(2024, 6, 29),
                              {v1::AREA_ECONOMY, v1::AREA_ECOLOGY}), 1), -1);
  EXPECT_EQ(Served(cache, Key("410108", absl::CivilDay(2024, 6, 30), {v1::AREA_ECONOMY}), 1), -1);
  EXPECT_EQ(Served(cache, Key("410108"), 1), -1);  // every area is another card
  // The same areas named in another order are the same card.
  EXPECT_EQ(Served(cache, Key("410108", absl::CivilDay(2024, 6, 30),
                              {v1::AREA_ECOLOGY, v1::AREA_ECONOMY}), 1), 60);
}

TEST(ScorecardCache, ASlowerComputationOfAnOlderVersionDoesNotReplaceANewerOne) {
  ScorecardCache cache;
  cache.Put(Key("410108"), 7, Card(80));
  cache.Put(Key("410108"), 6, Card(50));  // started before the write of version 7
  EXPECT_EQ(Served(cache, Key("410108"), 7), 80);
  EXPECT_EQ(Served(cache, Key("410108"), 6), -1);
  cache.Put(Key("410108"), 8, Card(90));
  EXPECT_EQ(Served(cache, Key("410108"), 8), 90);
  EXPECT_EQ(Served(cache, Key("410108"), 7), -1);
}

TEST(ScorecardCache, EvictDropsOnlyThatDistrictsEntries) {
  ScorecardCache cache;
  cache.Put(Key("410108"), 3, Card(10));
  cache.Put(Key("410108", absl::CivilDay(2024, 5, 31)), 3, Card(20));
  cache.Put(Key("410102"), 9, Card(30));
  cache.Evict("410108");
  EXPECT_EQ(Served(cache, Key("410108"), 3), -1);
  EXPECT_EQ(Served(cache, Key("410108", absl::CivilDay(2024, 5, 31)), 3), -1);
  EXPECT_EQ(Served(cache, Key("410102"), 9), 30);
}

TEST(ScorecardCache, AFullCacheStartsAfreshRatherThanGrow) {
  ScorecardCache cache(/*max_entries=*/2);
  cache.Put(Key("410108", absl::CivilDay(2024, 1, 31)), 1, Card(1));
  cache.Put(Key("410108", absl::CivilDay(2024, 2, 29)), 1, Card(2));
  EXPECT_EQ(Served(cache, Key("410108", absl::CivilDay(2024, 1, 31)), 1), 1);
  EXPECT_EQ(Served(cache, Key("410108", absl::CivilDay(2024, 2, 29)), 1), 2);
  cache.Put(Key("410108", absl::CivilDay(2024, 3, 31)), 1, Card(3));
  EXPECT_EQ(Served(cache, Key("410108", absl::CivilDay(2024, 1, 31)), 1), -1);
  EXPECT_EQ(Served(cache, Key("410108", absl::CivilDay(2024, 2, 29)), 1), -1);
  EXPECT_EQ(Served(cache, Key("410108", absl::CivilDay(2024, 3, 31)), 1), 3);
}

TEST(ScorecardCache, CountsEveryLookupOnceUnderConcurrentUse) {
  ScorecardCache cache(/*max_entries=*/8);
  constexpr int kThreads = 4;
  constexpr int kRounds = 500;
  std::atomic<int> wrong = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        const ScorecardKey key = Key("410108", absl::CivilDay(2024, 1, 1) + (i % 12));
        cache.Put(key, t, Card(t));
        // Whatever is served for version t was put at version t, by this thread.
        if (auto card = cache.Get(key, t); card && card->card.overall_score() != t) ++wrong;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  const ScorecardCache::Stats stats = cache.stats();
  EXPECT_EQ(stats.hits + stats.misses, kThreads * kRounds);
}

// A hit hands out the bytes serialized when the card was put, not a new serialization: the
// same object every time, equal to the card's own serialization.
TEST(ScorecardCache, AHitSharesTheBytesSerializedOnce) {
  ScorecardCache cache;
  cache.Put(Key("410108"), 3, Card(71.5));
  ServedCardPtr first = cache.Get(Key("410108"), 3);
  ServedCardPtr second = cache.Get(Key("410108"), 3);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first.get(), second.get());
  v1::Scorecard parsed;
  ASSERT_TRUE(parsed.ParseFromString(first->bytes));
  EXPECT_EQ(parsed.overall_score(), 71.5);
  EXPECT_EQ(first->bytes, Card(71.5).SerializeAsString());
}

}  // namespace
}  // namespace devplan::aggregator
