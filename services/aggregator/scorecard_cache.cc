#include "services/aggregator/scorecard_cache.h"

#include "absl/strings/str_cat.h"
#include "services/common/dates.h"

namespace devplan::aggregator {

std::string ScorecardKey::ToString() const {
  std::string s = absl::StrCat(district, "|", DayKey(as_of), "|");
  for (v1::Area a : areas) absl::StrAppend(&s, static_cast<int>(a), ",");
  return s;
}

ServedCardPtr ScorecardCache::Get(const ScorecardKey& key, int64_t version) const {
  const std::string id = key.ToString();
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.version != version) {
    ++stats_.misses;
    return nullptr;
  }
  ++stats_.hits;
  return it->second.card;
}

void ScorecardCache::Put(const ScorecardKey& key, int64_t version, ServedCardPtr card) {
  const std::string id = key.ToString();
  std::lock_guard lock(mu_);
  // Dashboards ask for a handful of (district, date) pairs; a flood of distinct dates (a
  // history backfill) simply starts the cache afresh rather than tracking recency.
  if (entries_.size() >= max_entries_) entries_.clear();
  Entry& e = entries_[id];
  if (e.version > version) return;  // a slower computation must not replace a newer one
  e = Entry{key.district, version, std::move(card)};
}

void ScorecardCache::Evict(const std::string& district) {
  std::lock_guard lock(mu_);
  std::erase_if(entries_, [&](const auto& kv) { return kv.second.district == district; });
}

ScorecardCache::Stats ScorecardCache::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace devplan::aggregator
