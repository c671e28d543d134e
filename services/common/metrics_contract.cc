#include "services/common/metrics_contract.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/dates.h"
#include "services/common/validation.h"
#include "services/common/paging.h"
#include "services/common/resource_name.h"

namespace devplan {

v1::MetricDefinition MetricDef(std::string key, std::string name_zh, std::string name_en,
                               v1::Unit unit, v1::Cadence cadence, std::string description) {
  v1::MetricDefinition d;
  d.set_key(std::move(key));
  d.set_name_zh(std::move(name_zh));
  d.set_name_en(std::move(name_en));
  d.set_unit(unit);
  d.set_cadence(cadence);
  d.set_description(std::move(description));
  return d;
}

size_t MetricCatalog::Add(v1::MetricDefinition definition) {
  if (!absl::StartsWith(definition.key(), absl::StrCat(service_, ".")) ||
      !index_.emplace(definition.key(), definitions_.size()).second) {
    std::fprintf(stderr, "metric %s: duplicate or lacks the prefix %s.\n",
                 definition.key().c_str(), service_.c_str());
    std::abort();
  }
  definitions_.push_back(std::move(definition));
  return definitions_.size() - 1;
}

absl::StatusOr<v1::ListMetricDefinitionsResponse> MetricCatalog::List(
    const v1::ListMetricDefinitionsRequest& request) const {
  const std::string tag = absl::StrCat("metrics/", service_);
  absl::StatusOr<PageRequest> page = ParsePage(request.page_size(), request.page_token(), tag);
  if (!page.ok()) return page.status();
  v1::ListMetricDefinitionsResponse response;
  for (size_t i = page->offset; i < definitions_.size() && i < page->offset + page->size; ++i) {
    *response.add_definitions() = definitions_[i];
  }
  response.set_next_page_token(NextPageToken(*page, definitions_.size(), tag));
  return response;
}

absl::StatusOr<ResolvedMetrics> MetricCatalog::Resolve(const v1::GetMetricsRequest& request,
                                                       MetricQuery* query) const {
  if (absl::Status s = ValidateDistrict(request.district()); !s.ok()) return s;
  absl::StatusOr<absl::CivilDay> as_of = ToCivilDay(request.as_of(), "as_of");
  if (!as_of.ok()) return as_of.status();
  query->district = request.district();
  query->as_of = *as_of;

  ResolvedMetrics wanted;
  if (request.also_as_of_size() > kMaxExtraDates) {
    return absl::InvalidArgumentError(absl::StrCat("also_as_of: ", request.also_as_of_size(),
                                                   " dates; at most ", kMaxExtraDates, " per call"));
  }
  for (int i = 0; i < request.also_as_of_size(); ++i) {
    absl::StatusOr<absl::CivilDay> day =
        ToCivilDay(request.also_as_of(i), absl::StrCat("also_as_of[", i, "]"));
    if (!day.ok()) return day.status();
    wanted.also_as_of.push_back(*day);
  }
  // A key asked for twice is answered once: 50,000 copies of one key must cost what one does.
  if (request.keys_size() > kMaxMetricKeys) {
    return absl::InvalidArgumentError(absl::StrCat("keys: ", request.keys_size(),
                                                   " keys; at most ", kMaxMetricKeys,
                                                   " per call (empty: every metric)"));
  }
  if (request.selections_size() > kMaxMetricSelections) {
    return absl::InvalidArgumentError(absl::StrCat("selections: ", request.selections_size(),
                                                   " selections; at most ",
                                                   kMaxMetricSelections, " per call"));
  }
  std::vector<bool> seen(definitions_.size(), false);
  for (int i = 0; i < request.keys_size(); ++i) {
    auto it = index_.find(request.keys(i));
    if (it == index_.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("keys[", i, "]: unknown metric ", QuoteForError(request.keys(i))));
    }
    if (seen[it->second]) continue;
    seen[it->second] = true;
    wanted.whole.push_back(it->second);
  }
  for (int i = 0; i < request.selections_size(); ++i) {
    const v1::MetricSelection& sel = request.selections(i);
    const std::string at = absl::StrCat("selections[", i, "]");
    auto it = index_.find(sel.key());
    if (it == index_.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat(at, ".key: unknown metric ", QuoteForError(sel.key())));
    }
    if (!definitions_[it->second].accepts_members()) {
      return absl::InvalidArgumentError(absl::StrCat(
          at, ".key: ", sel.key(), " counts no named records, so it cannot be narrowed"));
    }
    if (sel.members().empty() || sel.members_size() > kMaxSelectionMembers) {
      return absl::InvalidArgumentError(absl::StrCat(at, ".members: ", sel.members_size(),
                                                     " ids; 1 to ", kMaxSelectionMembers));
    }
    ResolvedMetrics::Selection s{it->second, {}, {}};
    for (int m = 0; m < sel.members_size(); ++m) {
      if (absl::Status bad = ValidateId(sel.members(m), absl::StrCat(at, ".members[", m, "]"));
          !bad.ok()) {
        return bad;
      }
      s.members_as_asked.push_back(sel.members(m));
      s.members.insert(sel.members(m));
    }
    wanted.selections.push_back(std::move(s));
  }
  if (request.keys().empty() && request.selections().empty()) {
    for (size_t i = 0; i < definitions_.size(); ++i) wanted.whole.push_back(i);
  }
  return wanted;
}

v1::MetricDefinition AcceptsMembers(v1::MetricDefinition definition) {
  definition.set_accepts_members(true);
  definition.set_description(absl::StrCat(
      definition.description(),
      " May be narrowed to named records by id (GetMetricsRequest.selections)."));
  return definition;
}

}  // namespace devplan
