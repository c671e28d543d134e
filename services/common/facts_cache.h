// A domain service's decoded facts kept in memory, so that GetMetrics costs one GET of the
// district's data version and the computation, not a read and decode of every fact.
//
// Validity is the data version (data_version.h): the caller reads ver:{district} first, then
// asks for the facts at that version. An entry is served only at exactly the version it was
// loaded at; its facts were read after that version was, so they hold every write
// acknowledged before it (a later one too, perhaps: then the version has moved and the next
// call loads again). A read after an acknowledged write therefore never sees the old facts,
// whichever process or connection made the write, and without waiting for a change event.
//
// Concurrent misses of one key share one load: a caller that finds a load of its version (or
// a later one) under way waits for it instead of starting its own. Memory is bounded by a
// number of entries, the least recently used dropped first. Facts are handed out as
// shared_ptr<const Facts>: an evicted or replaced entry lives on while a call still computes
// from it. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "services/common/data_version.h"
#include "services/common/redis_pool.h"

namespace devplan {

// Entries a domain service keeps unless told otherwise (--facts-cache-districts): a district's
// facts each (the EnvironmentService: a district-year each). The SAMPLE district's facts take
// 0.7–1.3 MB in a service (facts_memory_bench; README, "Memory of the domain services"), so 64 stay under 100 MB.
inline constexpr size_t kDefaultFactsCacheEntries = 64;

template <typename Facts>
class FactsCache {
 public:
  using Ptr = std::shared_ptr<const Facts>;
  using Load = absl::FunctionRef<absl::StatusOr<Facts>()>;

  struct Stats {
    int64_t hits = 0;
    int64_t loads = 0;
    int64_t shared_loads = 0;  // misses answered by another caller's load
    int64_t evictions = 0;
  };

  // At most `max_entries` keys are kept; 0 keeps none (every call loads).
  explicit FactsCache(size_t max_entries) : max_entries_(max_entries) {}
  FactsCache(const FactsCache&) = delete;
  FactsCache& operator=(const FactsCache&) = delete;

  // The facts of `key` (a district, or a part of one) for a caller that read the district's
  // data version `version` before calling: from memory when loaded at that version, else by
  // `load` (called on this thread) or by a load of `version` or later already under way. A
  // failed load is not kept; the callers that shared it get its status.
  absl::StatusOr<Ptr> Get(const std::string& key, int64_t version, Load load);

  // Reads the data version of `district` (one GET), then Get.
  absl::StatusOr<Ptr> Current(redis::Pool& pool, const std::string& district,
                              const std::string& key, Load load) {
    absl::StatusOr<int64_t> version = ReadDataVersion(pool, district);
    if (!version.ok()) return version.status();
    return Get(key, *version, load);
  }

  Stats stats() const {
    std::lock_guard lock(mu_);
    return stats_;
  }
  size_t size() const {
    std::lock_guard lock(mu_);
    return entries_.size();
  }

 private:
  using Result = absl::StatusOr<Ptr>;
  struct Flight {
    uint64_t id;
    int64_t version;
    std::shared_future<Result> result;
  };
  struct Entry {
    int64_t version = 0;
    Ptr facts;  // null until a load finished
    std::optional<Flight> flight;
    std::list<std::string>::iterator recency;
  };

  // The entry of `key`, made the most recently used (created, and the oldest evicted, if
  // new). Requires mu_.
  Entry& Touch(const std::string& key);
  Result Finish(const std::string& key, int64_t version, uint64_t flight, Result result);

  const size_t max_entries_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> recency_;  // most recently used first
  uint64_t next_flight_ = 0;
  Stats stats_;
};

template <typename Facts>
absl::StatusOr<typename FactsCache<Facts>::Ptr> FactsCache<Facts>::Get(const std::string& key,
                                                                      int64_t version,
                                                                      Load load) {
  auto run = [&]() -> Result {
    absl::StatusOr<Facts> facts = load();
    if (!facts.ok()) return facts.status();
    return std::make_shared<const Facts>(*std::move(facts));
  };
  if (max_entries_ == 0) {
    {
      std::lock_guard lock(mu_);
      ++stats_.loads;
    }
    return run();
  }
  std::promise<Result> mine;
  uint64_t flight = 0;
  {
    std::unique_lock lock(mu_);
    Entry& e = Touch(key);
    if (e.facts != nullptr && e.version == version) {
      ++stats_.hits;
      return e.facts;
    }
    // Facts of a later version than the caller read: its read raced a write, or the data
    // was reset (an operator's FLUSHALL). Which one cannot be told, so load again.
    if (e.facts != nullptr && e.version > version) e.facts = nullptr;
    if (e.flight.has_value() && e.flight->version >= version) {
      ++stats_.shared_loads;
      std::shared_future<Result> pending = e.flight->result;
      lock.unlock();
      return pending.get();
    }
    flight = ++next_flight_;
    e.flight = Flight{flight, version, mine.get_future().share()};
    ++stats_.loads;
  }
  Result result = run();
  mine.set_value(result);
  return Finish(key, version, flight, std::move(result));
}

template <typename Facts>
typename FactsCache<Facts>::Result FactsCache<Facts>::Finish(const std::string& key,
                                                             int64_t version, uint64_t flight,
                                                             Result result) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.flight.has_value() && it->second.flight->id == flight) {
    it->second.flight.reset();
  }
  if (!result.ok()) return result;
  // Evicted while loading: the facts are as fresh as any, keep them.
  Entry& e = it != entries_.end() ? it->second : Touch(key);
  // A load of an older version finishing after a newer one does not replace it.
  if (e.facts == nullptr || version >= e.version) {
    e.version = version;
    e.facts = *result;
  }
  return result;
}

template <typename Facts>
typename FactsCache<Facts>::Entry& FactsCache<Facts>::Touch(const std::string& key) {
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    recency_.splice(recency_.begin(), recency_, it->second.recency);
    return it->second;
  }
  while (entries_.size() >= max_entries_ && !recency_.empty()) {
    entries_.erase(recency_.back());
    recency_.pop_back();
    ++stats_.evictions;
  }
  recency_.push_front(key);
  Entry& e = entries_[key];
  e.recency = recency_.begin();
  return e;
}

}  // namespace devplan
