// The InvestmentService's pure rules, without Redis: lifecycle checks, update masks and
// history diffs, figure validation, outputs and events.
#include <gtest/gtest.h>

#include "services/investment/figure_rules.h"
#include "services/investment/output_rules.h"
#include "services/investment/project_history.h"
#include "services/investment/project_rules.h"
#include "tests/support/proto_date.h"

namespace devplan::investment {
namespace {

const absl::CivilDay kToday(2024, 12, 31);

using ::devplan::testing::D;

v1::Project Valid() {
  v1::Project p;
  p.set_project_id("P1");
  p.set_district("410108");
  p.set_title_zh("华牧生物科技产业园");
  p.set_category(v1::PROJECT_CATEGORY_INDUSTRIAL);
  p.set_total_investment_yuan(1'000'000'000);
  p.set_planned_investment_yuan(100'000'000);
  p.set_lead_department("区发展改革委");
  return p;
}

TEST(ProjectRules, StageOrderFutureAndGoingBack) {
  v1::Project before = Valid();
  *before.mutable_signed_on() = D(2024, 3, 1);
  EXPECT_TRUE(ValidateNewProject(before, kToday).ok());

  v1::Project after = before;
  *after.mutable_started_on() = D(2024, 2, 28);  // started before signed
  EXPECT_EQ(CheckDatedChanges(before, after, false, kToday).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckDatedChanges(before, after, true, kToday).code(), absl::StatusCode::kFailedPrecondition);
  *after.mutable_started_on() = D(2024, 3, 1);  // same day is in order
  EXPECT_TRUE(CheckDatedChanges(before, after, false, kToday).ok());
  EXPECT_EQ(DeriveStage(after), v1::PROJECT_STAGE_STARTED);
  *after.mutable_started_on() = D(2025, 1, 1);  // tomorrow
  EXPECT_EQ(CheckDatedChanges(before, after, true, kToday).code(), absl::StatusCode::kFailedPrecondition);

  v1::Project cleared = before;
  cleared.clear_signed_on();  // back to PLANNED
  EXPECT_EQ(CheckDatedChanges(before, cleared, false, kToday).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(CheckDatedChanges(before, cleared, true, kToday).ok());
  EXPECT_TRUE(IsCorrection(before, cleared));
  EXPECT_FALSE(IsCorrection(before, after));
  EXPECT_EQ(DeriveStage(cleared), v1::PROJECT_STAGE_PLANNED);

  v1::Project bad_day = Valid();
  *bad_day.mutable_completed_on() = D(2023, 2, 29);
  EXPECT_EQ(ValidateNewProject(bad_day, kToday).code(), absl::StatusCode::kInvalidArgument);
}

TEST(ProjectRules, SignAtEvent) {
  v1::Project p = Valid();
  absl::StatusOr<bool> changed = SignAtEvent(p, absl::CivilDay(2024, 5, 20), kToday);
  ASSERT_TRUE(changed.ok());
  EXPECT_TRUE(*changed);
  EXPECT_EQ(p.stage(), v1::PROJECT_STAGE_SIGNED);
  changed = SignAtEvent(p, absl::CivilDay(2024, 5, 20), kToday);
  ASSERT_TRUE(changed.ok());
  EXPECT_FALSE(*changed);  // already signed that day
  EXPECT_EQ(SignAtEvent(p, absl::CivilDay(2024, 6, 1), kToday).status().code(),
            absl::StatusCode::kFailedPrecondition);
  v1::Project started = Valid();
  *started.mutable_started_on() = D(2024, 5, 1);
  EXPECT_EQ(SignAtEvent(started, absl::CivilDay(2024, 5, 20), kToday).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(started.has_signed_on());  // untouched on refusal
}

TEST(ProjectRules, ReportMonthBounds) {
  EXPECT_TRUE(ValidateReportMonth(D(2021, 1, 1), "month", kToday).ok());
  EXPECT_TRUE(ValidateReportMonth(D(2024, 12, 1), "month", kToday).ok());
  EXPECT_FALSE(ValidateReportMonth(D(2020, 12, 1), "month", kToday).ok());
  EXPECT_FALSE(ValidateReportMonth(D(2025, 1, 1), "month", kToday).ok());
  EXPECT_FALSE(ValidateReportMonth(D(2024, 11, 1), "month", absl::CivilDay(2024, 10, 31)).ok());
}

TEST(ProjectHistory, MaskAndDiff) {
  v1::Project current = Valid();
  v1::Project patch;
  patch.set_title_zh("新名称");
  patch.set_total_investment_yuan(5);
  google::protobuf::FieldMask mask;
  mask.add_paths("title_zh");
  absl::StatusOr<v1::Project> updated = ApplyUpdateMask(current, patch, mask);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->title_zh(), "新名称");
  EXPECT_EQ(updated->total_investment_yuan(), 1'000'000'000);  // not in the mask
  std::vector<v1::FieldChange> diff = DiffProjects(current, *updated);
  ASSERT_EQ(diff.size(), 1u);
  EXPECT_EQ(diff[0].field(), "title_zh");
  EXPECT_EQ(diff[0].old_value(), "华牧生物科技产业园");

  mask.add_paths("started_on");  // unset in the patch: clears
  v1::Project started = current;
  *started.mutable_started_on() = D(2024, 3, 1);
  updated = ApplyUpdateMask(started, patch, mask);
  ASSERT_TRUE(updated.ok());
  EXPECT_FALSE(updated->has_started_on());
  diff = DiffProjects(started, *updated);
  ASSERT_EQ(diff.size(), 2u);
  EXPECT_EQ(diff[1].field(), "started_on");
  EXPECT_EQ(diff[1].old_value(), "2024-03-01");
  EXPECT_EQ(diff[1].new_value(), "");

  mask.add_paths("history");
  EXPECT_EQ(ApplyUpdateMask(current, patch, mask).status().code(), absl::StatusCode::kInvalidArgument);
  google::protobuf::FieldMask hostile;
  hostile.add_paths(std::string(5000, 'x'));
  const absl::Status s = ApplyUpdateMask(current, patch, hostile).status();
  EXPECT_EQ(s.message().rfind("update_mask.paths[0]: ", 0), 0u) << s.message();
  EXPECT_EQ(s.message().find(std::string(101, 'x')), std::string::npos) << s.message();
}

TEST(FigureRules, KindsPeriodsAndTokens) {
  EXPECT_EQ(IndicatorToken(v1::ECONOMIC_INDICATOR_GDP_GROWTH), "gdp_growth");
  EXPECT_EQ(IndicatorFromToken("new_innovative_smes"), v1::ECONOMIC_INDICATOR_NEW_INNOVATIVE_SMES);
  EXPECT_FALSE(IndicatorFromToken("unspecified").has_value());
  v1::EconomicFigure f;
  f.set_indicator(v1::ECONOMIC_INDICATOR_DISPOSABLE_INCOME_GROWTH);
  *f.mutable_period() = D(2024, 6, 1);
  f.set_percent(6.5);
  EXPECT_TRUE(ValidateFigure(f, kToday).ok());
  *f.mutable_period() = D(2024, 7, 1);  // not a quarter end
  EXPECT_FALSE(ValidateFigure(f, kToday).ok());
  f.set_indicator(v1::ECONOMIC_INDICATOR_RETAIL_SALES_GROWTH);
  EXPECT_TRUE(ValidateFigure(f, kToday).ok());
  f.set_percent(-100);  // cannot fall by all of it and more
  EXPECT_FALSE(ValidateFigure(f, kToday).ok());
  f.set_count(3);
  EXPECT_FALSE(ValidateFigure(f, kToday).ok());  // a rate, not a count
  for (int i = 1; i <= 15; ++i) {
    EXPECT_TRUE(FindIndicator(static_cast<v1::EconomicIndicator>(i)).has_value()) << i;
  }
}

TEST(OutputRules, KindsAndDates) {
  v1::InfrastructureOutput lot;
  lot.set_output_id("PL1");
  lot.set_kind(v1::INFRASTRUCTURE_KIND_PARKING_LOT);
  lot.set_title_zh("开元路公共停车场");
  lot.set_quantity(1);
  lot.set_parking_spaces(120);
  *lot.mutable_delivered_on() = D(2024, 5, 1);
  EXPECT_TRUE(CheckOutput(std::nullopt, lot, false, kToday).ok());
  v1::InfrastructureOutput moved = lot;
  *moved.mutable_delivered_on() = D(2024, 5, 2);
  EXPECT_EQ(CheckOutput(lot, moved, false, kToday).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(CheckOutput(lot, moved, true, kToday).ok());
  v1::InfrastructureOutput more_spaces = lot;
  more_spaces.set_parking_spaces(130);  // not a dated fact: no reason needed
  EXPECT_TRUE(CheckOutput(lot, more_spaces, false, kToday).ok());
}

TEST(EventRules, LastDay) {
  v1::PromotionEvent e;
  *e.mutable_start_date() = D(2024, 9, 20);
  EXPECT_EQ(EventLastDay(e), absl::CivilDay(2024, 9, 20));
  *e.mutable_end_date() = D(2024, 9, 22);
  EXPECT_EQ(EventLastDay(e), absl::CivilDay(2024, 9, 22));
}

TEST(EventRules, EachTextIsNamedByItself) {
  v1::PromotionEvent e;
  e.set_event_id("EV-1");
  e.set_district("410108");
  e.set_kind(v1::PROMOTION_EVENT_KIND_OUTBOUND_TRIP);
  e.set_title_zh("外出招商");
  *e.mutable_start_date() = D(2024, 9, 20);
  EXPECT_TRUE(ValidateEvent(e, kToday).ok());
  e.set_location(std::string(401, 'x'));
  EXPECT_EQ(ValidateEvent(e, kToday).message(), "event.location: at most 400 bytes");
  e.clear_location();
  e.set_title_en(std::string(401, 'x'));
  EXPECT_EQ(ValidateEvent(e, kToday).message(), "event.title_en: at most 400 bytes");
}

}  // namespace
}  // namespace devplan::investment
