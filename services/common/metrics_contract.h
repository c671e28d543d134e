// The shared metrics contract (devplan.v1 GetMetrics / ListMetricDefinitions), served the
// same way by every domain service: validation, key resolution, paging and ordering live
// here once; a service only loads its facts for a district and says how each metric is
// computed from them as of a date.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "devplan/v1/common.pb.h"

namespace devplan {

// Keys one GetMetrics call may name (the services define fewer than 50 metrics each); a key
// named twice is answered once.
inline constexpr int kMaxMetricKeys = 200;
// Further dates one call may ask for (GetMetricsRequest.also_as_of): a year's month ends.
inline constexpr int kMaxExtraDates = 12;
// Selections (metrics narrowed to named records) per call, and ids per selection.
inline constexpr int kMaxMetricSelections = 20;
inline constexpr int kMaxSelectionMembers = 500;

struct MetricQuery {
  std::string district;
  absl::CivilDay as_of;
  // Set while answering a selection: only these record ids count. Null: the whole category.
  const std::set<std::string>* members = nullptr;
};

// Whether record `id` is in the query's scope (always, without a selection).
inline bool Listed(const MetricQuery& q, const std::string& id) {
  return q.members == nullptr || q.members->contains(id);
}

// A definition whose computation honours MetricQuery::members.
v1::MetricDefinition AcceptsMembers(v1::MetricDefinition definition);

// What one GetMetrics asks for, resolved: positions of whole metrics, then selections.
struct ResolvedMetrics {
  std::vector<absl::CivilDay> also_as_of;  // the further dates, validated
  std::vector<size_t> whole;
  struct Selection {
    size_t position;
    std::vector<std::string> members_as_asked;
    std::set<std::string> members;
  };
  std::vector<Selection> selections;
};

// A definition in one line per metric, for the services' metric tables.
v1::MetricDefinition MetricDef(std::string key, std::string name_zh, std::string name_en,
                               v1::Unit unit, v1::Cadence cadence, std::string description);

// The definitions a service serves, with List and request validation.
class MetricCatalog {
 public:
  // `service` is the key prefix, e.g. "investment".
  explicit MetricCatalog(std::string service) : service_(std::move(service)) {}

  // Returns the definition's position. Dies on a key without the service prefix or a
  // duplicate: those are programming errors caught by every test run.
  size_t Add(v1::MetricDefinition definition);

  absl::StatusOr<v1::ListMetricDefinitionsResponse> List(
      const v1::ListMetricDefinitionsRequest& request) const;
  // Validates district, as_of, keys and selections; answers the positions asked for, in
  // answer order.
  absl::StatusOr<ResolvedMetrics> Resolve(const v1::GetMetricsRequest& request,
                                          MetricQuery* query) const;
  const v1::MetricDefinition& at(size_t i) const { return definitions_[i]; }

 private:
  std::string service_;
  std::vector<v1::MetricDefinition> definitions_;
  std::map<std::string, size_t, std::less<>> index_;
};

// A catalog plus one computation per metric over the service's `Facts` snapshot, which is
// obtained once per GetMetrics call however many metrics are asked for (from the service's
// FactsCache, facts_cache.h: shared and immutable, so computations only read it).
template <typename Facts>
class MetricSet {
 public:
  // Fills `value` (its key and unit are preset). Leave the value unset for NO_DATA.
  using Compute = std::function<void(const Facts&, const MetricQuery&, v1::MetricValue& value)>;
  using Load = std::function<absl::StatusOr<std::shared_ptr<const Facts>>(const MetricQuery&)>;

  explicit MetricSet(std::string service) : catalog_(std::move(service)) {}

  void Define(v1::MetricDefinition definition, Compute compute) {
    catalog_.Add(std::move(definition));
    computes_.push_back(std::move(compute));
  }

  const MetricCatalog& catalog() const { return catalog_; }

  absl::StatusOr<v1::GetMetricsResponse> Get(const v1::GetMetricsRequest& request,
                                             const Load& load) const {
    MetricQuery query;
    absl::StatusOr<ResolvedMetrics> wanted = catalog_.Resolve(request, &query);
    if (!wanted.ok()) return wanted.status();
    v1::GetMetricsResponse response;
    response.set_district(query.district);
    *response.mutable_as_of() = request.as_of();
    // Facts are loaded once per year asked for: a service whose facts are a district-year
    // (the EnvironmentService) loads each year's, the others get the same entry again.
    std::map<int64_t, std::shared_ptr<const Facts>> facts_of_year;
    auto answer = [&](const MetricQuery& q,
                      google::protobuf::RepeatedPtrField<v1::MetricValue>& out) -> absl::Status {
      std::shared_ptr<const Facts>& facts = facts_of_year[q.as_of.year()];
      if (facts == nullptr) {
        absl::StatusOr<std::shared_ptr<const Facts>> loaded = load(q);
        if (!loaded.ok()) return loaded.status();
        facts = *std::move(loaded);
      }
      for (size_t i : wanted->whole) ComputeInto(i, *facts, q, *out.Add());
      for (const ResolvedMetrics::Selection& s : wanted->selections) {
        MetricQuery narrowed = q;
        narrowed.members = &s.members;
        v1::MetricValue* value = out.Add();
        for (const std::string& id : s.members_as_asked) value->add_members(id);
        ComputeInto(s.position, *facts, narrowed, *value);
      }
      return absl::OkStatus();
    };
    if (absl::Status s = answer(query, *response.mutable_metrics()); !s.ok()) return s;
    for (int d = 0; d < request.also_as_of_size(); ++d) {
      v1::MetricsAsOf* also = response.add_also();
      *also->mutable_as_of() = request.also_as_of(d);
      MetricQuery at = query;
      at.as_of = wanted->also_as_of[d];
      if (absl::Status s = answer(at, *also->mutable_metrics()); !s.ok()) return s;
    }
    return response;
  }

 private:
  void ComputeInto(size_t i, const Facts& facts, const MetricQuery& query,
                   v1::MetricValue& value) const {
    value.set_key(catalog_.at(i).key());
    value.set_unit(catalog_.at(i).unit());
    computes_[i](facts, query, value);
  }

  MetricCatalog catalog_;
  std::vector<Compute> computes_;
};

}  // namespace devplan
