// Whole-plan validation: a plan is stored only when every indicator is sound, and a refusal
// lists every problem at once so the author can fix the file in one pass.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "devplan/v1/scorecard.pb.h"

namespace devplan::aggregator {

// A district's plan has 69 indicators; a thousand would be a file error, not a plan.
inline constexpr int kMaxPlanIndicators = 500;

// An indicator's weight within its area. Plans use 0.5 and 1; the bound keeps every weighted
// mean finite.
inline constexpr double kMaxIndicatorWeight = 100;

// Metric keys each domain service serves, by service name ("investment", …).
using MetricKeys = std::map<std::string, std::set<std::string>>;

// Ids one indicator's source may list (SourceMetric.members).
inline constexpr int kMaxSourceMembers = 500;
// An indicator's lead department, as long as a fact's reported_by may be.
inline constexpr size_t kMaxLeadDepartmentBytes = 200;

// Every problem of `plan`, each naming the field ("indicators[3].source.key: …"). Empty when
// the plan is sound. `narrowable`: the known metrics that accept member lists.
std::vector<std::string> PlanProblems(const v1::Plan& plan, const MetricKeys& known,
                                      const MetricKeys& narrowable = {});

}  // namespace devplan::aggregator
