#include "services/aggregator/plan_validation.h"

#include <cmath>
#include <tuple>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/aggregator/rule_mapping.h"
#include "services/common/resource_name.h"
#include "services/common/validation.h"

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
    problems.Add(where + ".service", absl::StrCat("unknown service ", QuoteForError(source.service())));
  } else if (!service->second.contains(source.key())) {
    problems.Add(where + ".key", absl::StrCat(QuoteForError(source.key()), " is not a metric of ",
                                              source.service()));
  }
}

// A named list (古荥城市更新等11个项目): the metric must count named records, the ids be ids.
void CheckMembers(const v1::SourceMetric& source, const std::string& where,
                  const MetricKeys& known, const MetricKeys& narrowable, Problems& problems) {
  if (source.members().empty()) return;
  auto service = known.find(source.service());
  if (service != known.end() && service->second.contains(source.key())) {
    auto n = narrowable.find(source.service());
    if (n == narrowable.end() || !n->second.contains(source.key())) {
      problems.Add(where + ".members", absl::StrCat("\"", source.key(),
                                                    "\" counts no named records"));
    }
  }
  if (source.members_size() > kMaxSourceMembers) {
    problems.Add(where + ".members",
                 absl::StrCat(source.members_size(), " ids; at most ", kMaxSourceMembers));
    return;
  }
  std::set<std::string> seen;
  for (int m = 0; m < source.members_size(); ++m) {
    const std::string field = absl::StrCat(where, ".members[", m, "]");
    if (absl::Status s = ValidateId(source.members(m), field); !s.ok()) {
      problems.Add(std::string(s.message()));
    } else if (!seen.insert(source.members(m)).second) {
      problems.Add(field, absl::StrCat("\"", source.members(m), "\" listed twice"));
    }
  }
}

void CheckIndicator(const v1::Plan& plan, int i, const std::set<std::string>& ids,
                    const MetricKeys& known, const MetricKeys& narrowable, Problems& problems) {
  const v1::Indicator& ind = plan.indicators(i);
  // Every problem of the indicator names it by id: an over-long id (a problem itself) is
  // cut, so that a hostile id is not repeated in each of them.
  const std::string at = absl::StrCat(
      "indicators[", i, "] (", ind.id().size() <= kMaxIdBytes ? ind.id() : QuoteForError(ind.id()),
      ")");
  if (ind.area() == v1::AREA_UNSPECIFIED || !v1::Area_IsValid(ind.area())) {
    problems.Add(at + ".area", "required");
  }
  if (ind.comparator() == v1::COMPARATOR_UNSPECIFIED || !v1::Comparator_IsValid(ind.comparator())) {
    problems.Add(at + ".comparator", "required");
  }
  if (ind.name_zh().empty()) problems.Add(at + ".name_zh", "required");
  // Bounded, or the weighted means overflow: two weights of 1e308 made the overall score NaN.
  if (!std::isfinite(ind.weight()) || ind.weight() < 0 || ind.weight() > kMaxIndicatorWeight) {
    problems.Add(at + ".weight", absl::StrCat("must be 0..", kMaxIndicatorWeight));
  }
  if (!std::isfinite(ind.target()) || ind.target() < 0) problems.Add(at + ".target", "must be >= 0");
  if (ind.comparator() == v1::COMPARATOR_CUMULATIVE_AT_LEAST && ind.target() <= 0) {
    problems.Add(at + ".target", "a cumulative target must be > 0");
  }
  if (!std::isfinite(ind.target_high()) ||
      (ind.comparator() == v1::COMPARATOR_RANGE && ind.target_high() < ind.target())) {
    problems.Add(at + ".target_high", "must be finite and >= target");
  }
  // NaN or ±Inf anywhere would poison every mean it reaches (a NaN schedule once halved a
  // district's overall score), so every number must be finite and in its range.
  if (ind.has_baseline() && (!std::isfinite(ind.baseline()) || ind.baseline() < 0)) {
    problems.Add(at + ".baseline", "must be finite and >= 0");
  }
  if (!std::isfinite(ind.tolerance_pp()) || ind.tolerance_pp() < 0 || ind.tolerance_pp() > 100) {
    problems.Add(at + ".tolerance_pp", "must be 0..100");
  }
  for (int m = 0; m < ind.monthly_schedule_size(); ++m) {
    const double share = ind.monthly_schedule(m);
    if (!std::isfinite(share) || share < 0 || share > 1) {
      problems.Add(absl::StrCat(at, ".monthly_schedule[", m, "]"), "must be a share 0..1");
    }
  }
  for (const auto& [field, text, limit] :
       {std::tuple{".id", &ind.id(), kMaxIdBytes}, std::tuple{".name_zh", &ind.name_zh(), kMaxTitleBytes},
        std::tuple{".name_en", &ind.name_en(), kMaxTitleBytes},
        std::tuple{".plan_text", &ind.plan_text(), kMaxNoteBytes},
        std::tuple{".lead_department", &ind.lead_department(), kMaxLeadDepartmentBytes}}) {
    if (text->size() > limit) problems.Add(std::string(ValidateText(*text, at + field, limit).message()));
  }
  if (ind.comparator() == v1::COMPARATOR_IN_STEP_WITH && !ids.contains(ind.in_step_with())) {
    problems.Add(at + ".in_step_with",
                 absl::StrCat("no indicator ", QuoteForError(ind.in_step_with())));
  }
  if (ind.has_due() && ind.due().year() != plan.year()) {
    problems.Add(at + ".due", "must fall within the plan year");
  }
  CheckSource(ind.source(), at + ".source", known, problems);
  CheckMembers(ind.source(), at + ".source", known, narrowable, problems);
  if (ind.projection() == v1::PROJECTION_DAILY_RATE) {
    CheckSource(ind.projection_basis(), at + ".projection_basis", known, problems);
  }
  if (ind.has_baseline_source()) {
    if (ind.comparator() != v1::COMPARATOR_ZERO) {
      problems.Add(at + ".baseline_source", "only a ZERO indicator has a baseline");
    } else if (ind.has_baseline()) {
      problems.Add(at + ".baseline_source", "give baseline or baseline_source, not both");
    }
    CheckSource(ind.baseline_source(), at + ".baseline_source", known, problems);
  }
  scoring::IndicatorRule rule = ToRule(plan, ind);
  // The scoring library prefixes each problem with the rule's id, which `at` already shows:
  // the prefix is dropped, and a long id quoted short in case any message repeats it.
  if (ind.id().size() > kMaxIdBytes) rule.id = QuoteForError(ind.id());
  // A baseline read from a metric is known only with the card; any count >= 0 is sound.
  if (ind.has_baseline_source() && !rule.baseline) rule.baseline = 0.0;
  for (const std::string& p : scoring::RuleProblems(rule)) {
    problems.Add(at, std::string(absl::StripPrefix(p, absl::StrCat(rule.id, ": "))));
  }
}

}  // namespace

std::vector<std::string> PlanProblems(const v1::Plan& plan, const MetricKeys& known,
                                      const MetricKeys& narrowable) {
  Problems problems;
  if (absl::Status s = ValidateDistrict(plan.district(), "district"); !s.ok()) {
    problems.Add(std::string(s.message()));
  }
  if (plan.year() < 2000 || plan.year() > 2100) problems.Add("year", "must be 2000..2100");
  if (plan.indicators().empty()) problems.Add("indicators", "a plan needs at least one");
  if (plan.indicators_size() > kMaxPlanIndicators) {
    // Refused before anything else is checked: a hostile plan costs one comparison.
    problems.Add("indicators", absl::StrCat(plan.indicators_size(), " indicators; at most ",
                                            kMaxPlanIndicators));
    return problems.Take();
  }
  for (const auto& [field, text] : {std::pair{"title", &plan.title()},
                                    std::pair{"district_name_zh", &plan.district_name_zh()},
                                    std::pair{"district_name_en", &plan.district_name_en()}}) {
    if (text->size() > kMaxTitleBytes) {
      problems.Add(std::string(ValidateText(*text, field, kMaxTitleBytes).message()));
    }
  }
  const v1::ReleaseCalendar& calendar = plan.release_calendar();
  for (const auto& [field, day] :
       {std::pair{"release_calendar.monthly_release_day", calendar.monthly_release_day()},
        std::pair{"release_calendar.quarterly_release_day", calendar.quarterly_release_day()}}) {
    if (day < 0 || day > 28) problems.Add(field, "must be 1..28 (0: the 20th)");
  }
  std::set<std::string> ids;
  for (int i = 0; i < plan.indicators_size(); ++i) {
    const std::string& id = plan.indicators(i).id();
    if (id.empty() || !absl::StrContains(id, '.')) {
      problems.Add(absl::StrCat("indicators[", i, "].id"), "must be \"<area>.<name>\"");
    } else if (!ids.insert(id).second) {
      problems.Add(absl::StrCat("indicators[", i, "].id"),
                   absl::StrCat("duplicate ", QuoteForError(id)));
    }
  }
  for (int i = 0; i < plan.indicators_size(); ++i) CheckIndicator(plan, i, ids, known, narrowable, problems);
  return problems.Take();
}

}  // namespace devplan::aggregator
