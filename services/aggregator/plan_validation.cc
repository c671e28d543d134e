#include "services/aggregator/plan_validation.h"

#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/aggregator/rule_mapping.h"
#include "services/common/district.h"

namespace devplan::aggregator {
namespace {

class Problems {
 public:
  void Add(std::string where, std::string what) {
    list_.push_back(absl::StrCat(where, ": ", what));
  }
  // A message that already names its field, as the shared validators' do.
  void Add(std::string problem) { list_.push_back(std::move(problem)); }
  std::vector<std::string> Take() { return std::move(list_); }

 private:
  std::vector<std::string> list_;
};

void CheckSource(const v1::SourceMetric& source, const std::string& where,
                 const MetricKeys& known, Problems& problems) {
  auto service = known.find(source.service());
  if (service == known.end()) {
    problems.Add(where + ".service", absl::StrCat("unknown service \"", source.service(), "\""));
  } else if (!service->second.contains(source.key())) {
    problems.Add(where + ".key", absl::StrCat("\"", source.key(), "\" is not a metric of ",
                                              source.service()));
  }
}

void CheckIndicator(const v1::Plan& plan, int i, const std::set<std::string>& ids,
                    const MetricKeys& known, Problems& problems) {
  const v1::Indicator& ind = plan.indicators(i);
  const std::string at = absl::StrCat("indicators[", i, "] (", ind.id(), ")");
  if (ind.area() == v1::AREA_UNSPECIFIED || !v1::Area_IsValid(ind.area())) {
    problems.Add(at + ".area", "required");
  }
  if (ind.comparator() == v1::COMPARATOR_UNSPECIFIED || !v1::Comparator_IsValid(ind.comparator())) {
    problems.Add(at + ".comparator", "required");
  }
  if (ind.name_zh().empty()) problems.Add(at + ".name_zh", "required");
  if (!std::isfinite(ind.weight()) || ind.weight() < 0) problems.Add(at + ".weight", "must be >= 0");
  if (!std::isfinite(ind.target()) || ind.target() < 0) problems.Add(at + ".target", "must be >= 0");
  if (ind.comparator() == v1::COMPARATOR_CUMULATIVE_AT_LEAST && ind.target() <= 0) {
    problems.Add(at + ".target", "a cumulative target must be > 0");
  }
  if (ind.comparator() == v1::COMPARATOR_RANGE && ind.target_high() < ind.target()) {
    problems.Add(at + ".target_high", "must be >= target");
  }
  if (ind.comparator() == v1::COMPARATOR_IN_STEP_WITH && !ids.contains(ind.in_step_with())) {
    problems.Add(at + ".in_step_with", absl::StrCat("no indicator \"", ind.in_step_with(), "\""));
  }
  if (ind.has_due() && ind.due().year() != plan.year()) {
    problems.Add(at + ".due", "must fall within the plan year");
  }
  CheckSource(ind.source(), at + ".source", known, problems);
  if (ind.projection() == v1::PROJECTION_DAILY_RATE) {
    CheckSource(ind.projection_basis(), at + ".projection_basis", known, problems);
  }
  for (const std::string& p : scoring::RuleProblems(ToRule(plan, ind))) problems.Add(at, p);
}

}  // namespace

std::vector<std::string> PlanProblems(const v1::Plan& plan, const MetricKeys& known) {
  Problems problems;
  if (absl::Status s = ValidateDistrict(plan.district(), "district"); !s.ok()) {
    problems.Add(std::string(s.message()));
  }
  if (plan.year() < 2000 || plan.year() > 2100) problems.Add("year", "must be 2000..2100");
  if (plan.indicators().empty()) problems.Add("indicators", "a plan needs at least one");
  std::set<std::string> ids;
  for (int i = 0; i < plan.indicators_size(); ++i) {
    const std::string& id = plan.indicators(i).id();
    if (id.empty() || !absl::StrContains(id, '.')) {
      problems.Add(absl::StrCat("indicators[", i, "].id"), "must be \"<area>.<name>\"");
    } else if (!ids.insert(id).second) {
      problems.Add(absl::StrCat("indicators[", i, "].id"), absl::StrCat("duplicate \"", id, "\""));
    }
  }
  for (int i = 0; i < plan.indicators_size(); ++i) CheckIndicator(plan, i, ids, known, problems);
  return problems.Take();
}

}  // namespace devplan::aggregator
