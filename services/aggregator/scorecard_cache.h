// Computed scorecards, reused while nothing they depend on has changed.
//
// Validity is the district's data version (ver:{district}, bumped in the same atomic write
// as every fact or plan change of any service, see services/common/mutation.cc): an entry
// computed at version v is served only while the version is still v. That makes the cache
// correct even for a write whose pub/sub event has not arrived yet (read-your-writes), and
// across a lost subscription. Change events only free memory early.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/scorecard.pb.h"

namespace devplan::aggregator {

// What a computed scorecard is keyed by.
struct ScorecardKey {
  std::string district;
  absl::CivilDay as_of;
  std::set<v1::Area> areas;  // empty: all
  std::string ToString() const;
};

// A scorecard as it is served: the message (for watches, history, comparisons) and its wire
// bytes, serialized once, which GetScorecard sends as they are. Shared and immutable, so a
// cache hit copies a pointer, not 69 indicators.
struct ServedCard {
  explicit ServedCard(v1::Scorecard c) : card(std::move(c)), bytes(card.SerializeAsString()) {}
  // `wire` must be `c` serialized (a snapshot read back from Redis).
  ServedCard(v1::Scorecard c, std::string wire) : card(std::move(c)), bytes(std::move(wire)) {}
  const v1::Scorecard card;
  const std::string bytes;
};
using ServedCardPtr = std::shared_ptr<const ServedCard>;

class ScorecardCache {
 public:
  explicit ScorecardCache(size_t max_entries = 4096) : max_entries_(max_entries) {}

  // nullptr on a miss.
  ServedCardPtr Get(const ScorecardKey& key, int64_t version) const;
  void Put(const ScorecardKey& key, int64_t version, ServedCardPtr card);
  void Put(const ScorecardKey& key, int64_t version, v1::Scorecard card) {
    Put(key, version, std::make_shared<const ServedCard>(std::move(card)));
  }
  // Drops a district's entries (they could no longer be served anyway).
  void Evict(const std::string& district);

  struct Stats {
    int64_t hits = 0;
    int64_t misses = 0;
  };
  Stats stats() const;

 private:
  struct Entry {
    std::string district;
    int64_t version = 0;
    ServedCardPtr card;
  };
  const size_t max_entries_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;
  mutable Stats stats_;
};

}  // namespace devplan::aggregator
