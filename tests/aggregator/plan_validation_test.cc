// PlanProblems: a sound plan has none; every refusal names the field to fix, and all of a
// plan's problems come back at once so the author fixes the file in one pass.
#include "services/aggregator/plan_validation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "services/common/dates.h"

namespace devplan::aggregator {
namespace {

const MetricKeys kKnown = {
    {"social", {"new_urban_jobs", "new_schools"}},
    {"investment", {"gdp_growth", "revenue_growth", "bridge_done", "key_projects", "slums"}},
    {"environment", {"air_good_days", "air_valid_days"}},
};

v1::Indicator Indicator(const std::string& id, v1::Area area, v1::Comparator comparator,
                        double target, const std::string& service, const std::string& key) {
  v1::Indicator ind;
  ind.set_id(id);
  ind.set_name_zh(id);
  ind.set_area(area);
  ind.set_comparator(comparator);
  ind.set_target(target);
  ind.mutable_source()->set_service(service);
  ind.mutable_source()->set_key(key);
  return ind;
}

// One indicator of each kind whose checks differ; indices are used below.
v1::Plan SoundPlan() {
  v1::Plan plan;
  plan.set_district("410108");
  plan.set_year(2024);
  // [0]
  *plan.add_indicators() = Indicator("soc.jobs", v1::AREA_LIVELIHOOD,
                                     v1::COMPARATOR_CUMULATIVE_AT_LEAST, 10000, "social",
                                     "new_urban_jobs");
  // [1]
  *plan.add_indicators() = Indicator("econ.gdp", v1::AREA_ECONOMY, v1::COMPARATOR_RATE_AT_LEAST,
                                     6, "investment", "gdp_growth");
  // [2]
  v1::Indicator revenue = Indicator("econ.revenue", v1::AREA_ECONOMY,
                                    v1::COMPARATOR_IN_STEP_WITH, 0, "investment",
                                    "revenue_growth");
  revenue.set_in_step_with("econ.gdp");
  *plan.add_indicators() = revenue;
  // [3]
  v1::Indicator bridge = Indicator("proj.bridge", v1::AREA_PROJECTS, v1::COMPARATOR_MILESTONE, 0,
                                   "investment", "bridge_done");
  *bridge.mutable_due() = ToProtoDate(absl::CivilDay(2024, 9, 30));
  *plan.add_indicators() = bridge;
  // [4]
  v1::Indicator projects = Indicator("proj.key", v1::AREA_PROJECTS, v1::COMPARATOR_RANGE, 20,
                                     "investment", "key_projects");
  projects.set_target_high(25);
  *plan.add_indicators() = projects;
  // [5]
  v1::Indicator slums = Indicator("urban.slums", v1::AREA_URBAN_RURAL, v1::COMPARATOR_ZERO, 0,
                                  "investment", "slums");
  slums.set_baseline(12);
  *plan.add_indicators() = slums;
  // [6]
  v1::Indicator days = Indicator("eco.good_days", v1::AREA_ECOLOGY,
                                 v1::COMPARATOR_CUMULATIVE_AT_LEAST, 250, "environment",
                                 "air_good_days");
  days.set_projection(v1::PROJECTION_DAILY_RATE);
  days.mutable_projection_basis()->set_service("environment");
  days.mutable_projection_basis()->set_key("air_valid_days");
  *plan.add_indicators() = days;
  return plan;
}

TEST(PlanProblems, ASoundPlanHasNone) {
  const std::vector<std::string> problems = PlanProblems(SoundPlan(), kKnown);
  EXPECT_TRUE(problems.empty()) << absl::StrJoin(problems, "\n");
}

struct Refusal {
  std::string name;
  std::function<void(v1::Plan&)> spoil;
  // The field a problem must name, as "<field>: …".
  std::string field;
};

std::vector<Refusal> Refusals() {
  return {
      {"district", [](v1::Plan& p) { p.set_district("4101"); }, "district"},
      {"year",
       [](v1::Plan& p) {
         p.set_year(1999);
         // The milestone moves along, or its due date would be outside the year as well.
         *p.mutable_indicators(3)->mutable_due() = ToProtoDate(absl::CivilDay(1999, 9, 30));
       },
       "year"},
      {"no_indicators", [](v1::Plan& p) { p.clear_indicators(); }, "indicators"},
      {"id_without_area", [](v1::Plan& p) { p.mutable_indicators(0)->set_id("jobs"); },
       "indicators[0].id"},
      {"duplicate_id", [](v1::Plan& p) { p.mutable_indicators(4)->set_id("proj.bridge"); },
       "indicators[4].id"},
      {"area", [](v1::Plan& p) { p.mutable_indicators(1)->set_area(v1::AREA_UNSPECIFIED); },
       "indicators[1] (econ.gdp).area"},
      {"comparator",
       [](v1::Plan& p) { p.mutable_indicators(1)->set_comparator(v1::COMPARATOR_UNSPECIFIED); },
       "indicators[1] (econ.gdp).comparator"},
      {"name", [](v1::Plan& p) { p.mutable_indicators(1)->clear_name_zh(); },
       "indicators[1] (econ.gdp).name_zh"},
      {"weight", [](v1::Plan& p) { p.mutable_indicators(1)->set_weight(-1); },
       "indicators[1] (econ.gdp).weight"},
      // Found by fuzz_plan's invariants (a plan with weights of 1e308 scored NaN overall).
      {"weight_too_large", [](v1::Plan& p) { p.mutable_indicators(1)->set_weight(1e308); },
       "indicators[1] (econ.gdp).weight"},
      {"target", [](v1::Plan& p) { p.mutable_indicators(1)->set_target(-2); },
       "indicators[1] (econ.gdp).target"},
      {"target_not_a_number",
       [](v1::Plan& p) { p.mutable_indicators(1)->set_target(std::nan("")); },
       "indicators[1] (econ.gdp).target"},
      {"cumulative_target", [](v1::Plan& p) { p.mutable_indicators(0)->set_target(0); },
       "indicators[0] (soc.jobs).target"},
      {"range_upper_end", [](v1::Plan& p) { p.mutable_indicators(4)->set_target_high(10); },
       "indicators[4] (proj.key).target_high"},
      {"in_step_reference",
       [](v1::Plan& p) { p.mutable_indicators(2)->set_in_step_with("econ.cpi"); },
       "indicators[2] (econ.revenue).in_step_with"},
      {"due_outside_year",
       [](v1::Plan& p) {
         *p.mutable_indicators(3)->mutable_due() = ToProtoDate(absl::CivilDay(2025, 1, 31));
       },
       "indicators[3] (proj.bridge).due"},
      {"source_service",
       [](v1::Plan& p) { p.mutable_indicators(0)->mutable_source()->set_service("labour"); },
       "indicators[0] (soc.jobs).source.service"},
      {"source_key",
       [](v1::Plan& p) { p.mutable_indicators(0)->mutable_source()->set_key("jobs"); },
       "indicators[0] (soc.jobs).source.key"},
      {"projection_basis",
       [](v1::Plan& p) {
         p.mutable_indicators(6)->mutable_projection_basis()->set_key("air_good_days_valid");
       },
       "indicators[6] (eco.good_days).projection_basis.key"},
      // The scoring library's own rule checks are reported under the indicator.
      {"zero_without_baseline", [](v1::Plan& p) { p.mutable_indicators(5)->clear_baseline(); },
       "indicators[5] (urban.slums)"},
  };
}

void PrintTo(const Refusal& r, std::ostream* os) { *os << r.name; }

class EachRefusal : public ::testing::TestWithParam<Refusal> {};

TEST_P(EachRefusal, NamesItsField) {
  v1::Plan plan = SoundPlan();
  GetParam().spoil(plan);
  const std::vector<std::string> problems = PlanProblems(plan, kKnown);
  ASSERT_FALSE(problems.empty());
  const std::string field = GetParam().field + ": ";
  bool named = false;
  for (const std::string& p : problems) named = named || absl::StartsWith(p, field);
  EXPECT_TRUE(named) << "no problem starts with \"" << field << "\" in:\n"
                     << absl::StrJoin(problems, "\n");
  // Nothing else is blamed: each problem is about the spoilt field's indicator (or, for a
  // plan-level field, that field).
  const std::string scope = GetParam().field.substr(0, GetParam().field.find(" ("));
  for (const std::string& p : problems) {
    EXPECT_TRUE(absl::StartsWith(p, scope)) << p;
  }
}

INSTANTIATE_TEST_SUITE_P(PlanProblems, EachRefusal, ::testing::ValuesIn(Refusals()),
                         [](const ::testing::TestParamInfo<Refusal>& info) {
                           return info.param.name;
                         });

TEST(PlanProblems, EveryProblemIsListedAtOnce) {
  v1::Plan plan = SoundPlan();
  plan.set_year(1999);
  plan.mutable_indicators(1)->clear_name_zh();
  plan.mutable_indicators(6)->mutable_source()->set_key("nope");
  const std::vector<std::string> problems = PlanProblems(plan, kKnown);
  // Plan fields first, then the indicators in plan order. The milestone's due date is now
  // outside the (wrong) year too, and says so.
  ASSERT_EQ(problems.size(), 4u) << absl::StrJoin(problems, "\n");
  EXPECT_TRUE(absl::StartsWith(problems[0], "year: ")) << problems[0];
  EXPECT_TRUE(absl::StartsWith(problems[1], "indicators[1] (econ.gdp).name_zh: ")) << problems[1];
  EXPECT_TRUE(absl::StartsWith(problems[2], "indicators[3] (proj.bridge).due: ")) << problems[2];
  EXPECT_TRUE(absl::StartsWith(problems[3], "indicators[6] (eco.good_days).source.key: "))
      << problems[3];
}

TEST(PlanProblems, AnUnknownDistrictIsNamedOnce) {
  v1::Plan plan = SoundPlan();
  plan.set_district("4101");
  const std::vector<std::string> problems = PlanProblems(plan, kKnown);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "district: \"4101\" is not a six-digit GB/T 2260 code");
}

TEST(PlanProblems, TheScoringRulesProblemsNameTheIndicatorOnce) {
  v1::Plan plan = SoundPlan();
  plan.mutable_indicators(5)->clear_baseline();
  const std::vector<std::string> problems = PlanProblems(plan, kKnown);
  ASSERT_EQ(problems.size(), 1u) << absl::StrJoin(problems, "\n");
  EXPECT_EQ(problems[0], "indicators[5] (urban.slums): zero rule needs a baseline >= 0");
}

TEST(PlanProblems, AHostileIdOrReferenceIsQuotedShortInEveryProblem) {
  // A 5 KB id would otherwise be repeated in each problem of its indicator.
  const std::string hostile = "soc." + std::string(5000, 'x');
  v1::Plan plan = SoundPlan();
  plan.mutable_indicators(0)->set_id(hostile);
  plan.mutable_indicators(0)->set_target(0);  // a second problem of the same indicator
  plan.mutable_indicators(1)->set_id(hostile);
  plan.mutable_indicators(2)->set_in_step_with("econ." + std::string(5000, 'y'));
  const std::vector<std::string> problems = PlanProblems(plan, kKnown);
  ASSERT_GE(problems.size(), 4u) << absl::StrJoin(problems, "\n");
  const std::string all = absl::StrJoin(problems, "\n");
  EXPECT_TRUE(absl::StrContains(all, "indicators[0] (\"soc.xxx")) << all;
  EXPECT_TRUE(absl::StrContains(all, "indicators[1].id: duplicate \"soc.xxx")) << all;
  EXPECT_TRUE(absl::StrContains(all, ".in_step_with: no indicator \"econ.yyy")) << all;
  for (const std::string& p : problems) EXPECT_LT(p.size(), 300u) << p;
}

TEST(PlanProblems, NonFiniteNumbersAreRefusedByField) {
  // NaN and ±Inf once slipped through and a NaN schedule halved a district's overall score.
  v1::Plan plan = SoundPlan();
  for (int m = 0; m < 12; ++m) plan.mutable_indicators(0)->add_monthly_schedule(m / 11.0);
  plan.mutable_indicators(0)->set_monthly_schedule(5, std::nan(""));
  plan.mutable_indicators(1)->set_tolerance_pp(INFINITY);
  plan.mutable_indicators(0)->set_baseline(-INFINITY);
  plan.mutable_indicators(0)->set_target_high(std::nan(""));
  const std::string all = absl::StrJoin(PlanProblems(plan, kKnown), "\n");
  EXPECT_TRUE(absl::StrContains(all, "indicators[0] (soc.jobs).monthly_schedule[5]")) << all;
  EXPECT_TRUE(absl::StrContains(all, "indicators[1] (econ.gdp).tolerance_pp")) << all;
  EXPECT_TRUE(absl::StrContains(all, "indicators[0] (soc.jobs).baseline")) << all;
  EXPECT_TRUE(absl::StrContains(all, "indicators[0] (soc.jobs).target_high")) << all;
}

TEST(PlanProblems, SizesAreBoundedAndTooManyIndicatorsIsRefusedAtOnce) {
  v1::Plan plan = SoundPlan();
  plan.set_title(std::string(3 << 20, 'x'));  // a 3 MB title
  std::vector<std::string> problems = PlanProblems(plan, kKnown);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_TRUE(absl::StartsWith(problems[0], "title: at most")) << problems[0];

  v1::Plan huge = SoundPlan();
  while (huge.indicators_size() <= kMaxPlanIndicators) *huge.add_indicators() = huge.indicators(0);
  problems = PlanProblems(huge, kKnown);
  ASSERT_EQ(problems.size(), 1u);  // not one duplicate-id problem per indicator
  EXPECT_TRUE(absl::StartsWith(problems[0], "indicators: 501 indicators")) << problems[0];

  v1::Plan calendar = SoundPlan();
  calendar.mutable_release_calendar()->set_monthly_release_day(31);
  problems = PlanProblems(calendar, kKnown);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_TRUE(absl::StartsWith(problems[0], "release_calendar.monthly_release_day")) << problems[0];
}

// An id of any length prefixes every problem of its indicator quoted short, as does an
// unknown in_step_with reference.
TEST(PlanProblems, ALongIdOrReferenceIsQuotedShortInEveryProblem) {
  v1::Plan plan = SoundPlan();
  plan.mutable_indicators(1)->set_id("econ." + std::string(10000, 'g'));
  plan.mutable_indicators(1)->set_weight(-1);
  plan.mutable_indicators(2)->set_in_step_with(std::string(10000, 'r'));
  const std::vector<std::string> problems = PlanProblems(plan, kKnown);
  ASSERT_GE(problems.size(), 3u);
  for (const std::string& p : problems) EXPECT_LT(p.size(), 300u) << p.substr(0, 300);
}

}  // namespace
}  // namespace devplan::aggregator
