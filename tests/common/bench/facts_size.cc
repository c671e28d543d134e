#include "tests/common/bench/facts_size.h"

#include <utility>
#include <vector>

#include "services/common/status_macros.h"
#include "services/common/store/record_store.h"
#include "services/common/redis_keys.h"
#include "services/environment/environment_store.h"
#include "services/investment/investment_facts.h"
#include "services/social/social_store.h"

namespace devplan::bench {
namespace {

size_t HeapOf(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }

template <typename M>
void Add(const std::vector<M>& v, FactsSize& size) {
  size.messages += v.size();
  size.bytes += v.capacity() * sizeof(M);
  for (const M& m : v) size.bytes += m.SpaceUsedLong() - sizeof(M);
}

template <typename M>
void Add(const std::vector<std::pair<std::string, M>>& v, FactsSize& size) {
  size.messages += v.size();
  size.bytes += v.capacity() * sizeof(std::pair<std::string, M>);
  for (const auto& [id, m] : v) size.bytes += HeapOf(id) + m.SpaceUsedLong() - sizeof(M);
}

}  // namespace

absl::StatusOr<FactsSize> InvestmentFactsSize(redis::Pool& pool, const std::string& district) {
  ASSIGN_OR_RETURN(investment::InvestmentFacts f, investment::LoadFacts(pool, district));
  FactsSize size{0, sizeof(f)};
  Add(f.projects, size);
  Add(f.monthly, size);
  Add(f.outputs, size);
  Add(f.events, size);
  Add(f.figures, size);
  return size;
}

absl::StatusOr<FactsSize> EnvironmentFactsSize(redis::Pool& pool, const std::string& district,
                                               int year) {
  store::RecordStore records(pool, keys::kEnvironmentPrefix);
  environment::EnvironmentStore store(records);
  ASSIGN_OR_RETURN(environment::EnvironmentFacts f, store.LoadFacts(district, year));
  FactsSize size{0, sizeof(f)};
  Add(f.air_days, size);
  Add(f.water_bodies, size);
  for (const auto& [body, samples] : f.samples) {
    // A red-black tree node: three pointers and a colour beside the pair.
    size.bytes += 4 * sizeof(void*) + sizeof(std::pair<const std::string, std::vector<v1::WaterSample>>) +
                  HeapOf(body);
    Add(samples, size);
  }
  Add(f.works, size);
  Add(f.plots, size);
  return size;
}

absl::StatusOr<FactsSize> SocialFactsSize(redis::Pool& pool, const std::string& district) {
  store::RecordStore records(pool, keys::kSocialPrefix);
  social::SocialStore store(records);
  ASSIGN_OR_RETURN(social::SocialFacts f, store.LoadFacts(district));
  FactsSize size{0, sizeof(f)};
  Add(f.monthly, size);
  Add(f.talents, size);
  Add(f.coverage, size);
  Add(f.facilities, size);
  Add(f.events, size);
  return size;
}

}  // namespace devplan::bench
