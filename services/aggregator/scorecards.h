// Where every scorecard comes from: the plan in force, the domain services' metrics fetched
// concurrently (as of the date and as of the previous month end), the last known values of a
// service that is down, and the caches in front of it all. GetScorecard, WatchScorecard,
// GetIndicatorHistory and CompareDistricts all take their scorecards from here, so they agree.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "devplan/v1/scorecard.pb.h"
#include "services/aggregator/domain_clients.h"
#include "services/aggregator/plan_store.h"
#include "services/aggregator/scorecard_cache.h"
#include "services/common/redis_pool.h"

namespace devplan::aggregator {

// Cards ServeMany computes at once. Each is a fan-out waiting on the domain services, which
// share the machine's cores: a few in flight keep them all busy, more only queue there.
inline constexpr size_t kParallelCards = 4;

class Scorecards {
 public:
  Scorecards(redis::Pool& pool, PlanStore& plans, DomainClients& clients)
      : pool_(pool), plans_(plans), clients_(clients) {}

  // `key` is already validated. NOT_FOUND when the district has no plan for as_of's year.
  // Serve: the card with its wire bytes (a cache hit shares them); Get: a copy of the card.
  absl::StatusOr<ServedCardPtr> Serve(const ScorecardKey& key);
  absl::StatusOr<v1::Scorecard> Get(const ScorecardKey& key);
  // Many cards at once (CompareDistricts), each as Serve would give it: the districts' data
  // versions in one round trip, the cached cards as they are, and the rest computed
  // kParallelCards at a time.
  std::vector<absl::StatusOr<ServedCardPtr>> ServeMany(const std::vector<ScorecardKey>& keys);

  // A change event for the district arrived: its cached scorecards are stale.
  void OnChange(const std::string& district) { cache_.Evict(district); }

  ScorecardCache::Stats cache_stats() const { return cache_.stats(); }

 private:
  // The cached card at `version` (read before any computing), counted as a hit or a miss.
  ServedCardPtr Lookup(const ScorecardKey& key, int64_t version);
  // A card not cached at `version`: the month-end snapshot, else computed (and kept unless
  // partial).
  absl::StatusOr<ServedCardPtr> Fill(const ScorecardKey& key, int64_t version);
  absl::StatusOr<v1::Scorecard> Compute(const ScorecardKey& key);
  // Month-end scorecards of the whole plan are kept in Redis (see keys::ScorecardSnapshots).
  ServedCardPtr ReadSnapshot(const ScorecardKey& key, int64_t version);
  void WriteSnapshot(const ScorecardKey& key, int64_t version, const ServedCard& card);

  void RememberValues(const std::string& district, const v1::GetMetricsResponse& response);
  std::map<std::string, v1::MetricValue> LastKnown(const std::string& district);

  redis::Pool& pool_;
  PlanStore& plans_;
  DomainClients& clients_;
  ScorecardCache cache_;
  std::mutex mu_;
  std::map<std::string, std::map<std::string, v1::MetricValue>> last_known_;
};

}  // namespace devplan::aggregator
