// Revisable figures and events as pure rules: validation, plan years, revisions.
#include <gtest/gtest.h>

#include "services/social/event_rules.h"
#include "services/social/figure_rules.h"
#include "tests/support/proto_date.h"

namespace devplan::social {
namespace {

constexpr absl::CivilDay kToday(2026, 11, 28);

using ::devplan::testing::D;

v1::ReportMonthlyFigureRequest Jobs(int y, int m, int64_t value) {
  v1::ReportMonthlyFigureRequest r;
  r.set_district("410108");
  r.set_indicator(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS);
  *r.mutable_month() = D(y, m, 1);
  r.set_value(value);
  r.set_reported_by("区人社局");
  return r;
}

std::string Message(const absl::Status& s) { return std::string(s.message()); }

TEST(FigureRulesTest, MonthsMustFallInAPlanYearAndHaveBegun) {
  google::protobuf::Timestamp now;
  EXPECT_TRUE(MonthlyFigureFrom(Jobs(2024, 1, 10), kToday, now).ok());
  EXPECT_TRUE(MonthlyFigureFrom(Jobs(2026, 11, 10), kToday, now).ok());
  absl::Status before = MonthlyFigureFrom(Jobs(2023, 12, 10), kToday, now).status();
  EXPECT_EQ(before.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Message(before), "month: 2023-12 is outside the plan years 2024..2026");
  absl::Status ahead = MonthlyFigureFrom(Jobs(2026, 12, 10), kToday, now).status();
  EXPECT_EQ(Message(ahead), "month: 2026-12 has not begun");
  EXPECT_EQ(MonthlyFigureFrom(Jobs(2024, 13, 10), kToday, now).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(FigureRulesTest, NegativeAndAbsurdValuesAreRefusedNamingTheField) {
  google::protobuf::Timestamp now;
  EXPECT_EQ(Message(MonthlyFigureFrom(Jobs(2024, 1, -1), kToday, now).status()),
            "value: -1 is outside 0..10000000");
  EXPECT_TRUE(MonthlyFigureFrom(Jobs(2024, 1, 0), kToday, now).ok());
  v1::ReportCoverageRequest c;
  c.set_district("410108");
  c.set_scheme(v1::INSURANCE_SCHEME_BASIC_PENSION);
  *c.mutable_month() = D(2024, 6, 1);
  c.set_insured(101);
  c.set_eligible(100);
  c.set_reported_by("区人社局");
  EXPECT_EQ(CoverageFigureFrom(c, kToday, now).status().message().substr(0, 8), "insured:");
  c.set_insured(-1);
  EXPECT_EQ(CoverageFigureFrom(c, kToday, now).status().message().substr(0, 8), "insured:");
  c.set_insured(0);
  c.set_eligible(0);
  EXPECT_EQ(CoverageFigureFrom(c, kToday, now).status().message().substr(0, 9), "eligible:");
  v1::ReportTalentCountRequest t;
  t.set_district("410108");
  t.set_category(v1::TALENT_CATEGORY_BACKBONE_TEACHER);
  *t.mutable_date() = D(2024, 9, 10);
  t.set_count(-3);
  t.set_reported_by("区教育局");
  EXPECT_EQ(TalentCountFrom(t, kToday, now).status().message().substr(0, 6), "count:");
  t.set_count(37);
  *t.mutable_date() = D(2023, 12, 31);
  EXPECT_EQ(Message(TalentCountFrom(t, kToday, now).status()),
            "date: 2023-12-31 is outside the plan years 2024..2026");
}

TEST(FigureRulesTest, ASameValueIsNotARevisionAnotherValueKeepsTheOldOne) {
  google::protobuf::Timestamp now;
  v1::MonthlyFigure first = *MonthlyFigureFrom(Jobs(2024, 2, 120), kToday, now);
  Revised<v1::MonthlyFigure> r1 = Revise<v1::MonthlyFigure>(std::nullopt, first);
  EXPECT_TRUE(r1.changed);
  EXPECT_EQ(r1.record.revision(), 1);

  v1::ReportMonthlyFigureRequest again = Jobs(2024, 2, 120);
  again.set_reported_by("区统计局");
  Revised<v1::MonthlyFigure> r2 =
      Revise<v1::MonthlyFigure>(r1.record, *MonthlyFigureFrom(again, kToday, now));
  EXPECT_FALSE(r2.changed);
  EXPECT_EQ(r2.record.reported_by(), "区人社局");

  v1::ReportMonthlyFigureRequest fix = Jobs(2024, 2, 130);
  fix.set_reported_by("区统计局");
  fix.set_note("补报两家企业");
  Revised<v1::MonthlyFigure> r3 =
      Revise<v1::MonthlyFigure>(r1.record, *MonthlyFigureFrom(fix, kToday, now));
  ASSERT_TRUE(r3.changed);
  EXPECT_EQ(r3.record.revision(), 2);
  EXPECT_EQ(r3.record.value(), 130);
  EXPECT_EQ(r3.record.note(), "补报两家企业");
  ASSERT_EQ(r3.record.superseded_size(), 1);
  EXPECT_EQ(r3.record.superseded(0).value(), 120);
  EXPECT_EQ(r3.record.superseded(0).reported_by(), "区人社局");
  EXPECT_EQ(r3.record.superseded(0).superseded_size(), 0);

  Revised<v1::MonthlyFigure> r4 =
      Revise<v1::MonthlyFigure>(r3.record, *MonthlyFigureFrom(Jobs(2024, 2, 140), kToday, now));
  EXPECT_EQ(r4.record.revision(), 3);
  ASSERT_EQ(r4.record.superseded_size(), 2);
  EXPECT_EQ(r4.record.superseded(1).value(), 130);
}

TEST(FigureRulesTest, ARecordWrittenBeforeRevisionsReadsAsRevisionOne) {
  v1::MonthlyFigure legacy;
  legacy.set_value(5);
  v1::MonthlyFigure incoming;
  incoming.set_value(6);
  Revised<v1::MonthlyFigure> r = Revise<v1::MonthlyFigure>(legacy, incoming);
  EXPECT_EQ(r.record.revision(), 2);
  EXPECT_EQ(r.record.superseded(0).revision(), 1);
}

TEST(FigureRulesTest, CoverageRateIsInsuredOverEligibleInPercentagePoints) {
  v1::CoverageFigure c;
  c.set_insured(9'850);
  c.set_eligible(10'000);
  EXPECT_DOUBLE_EQ(CoverageRatePercent(c), 98.5);
  c.set_insured(1);
  c.set_eligible(3);
  EXPECT_NEAR(CoverageRatePercent(c), 33.3333333, 1e-6);
}

v1::Event JobFair() {
  v1::Event e;
  e.set_event_id("JF-2024-01");
  e.set_district("410108");
  e.set_kind(v1::EVENT_KIND_JOB_FAIR);
  e.set_title_zh("春风行动专场招聘会");
  *e.mutable_start_date() = D(2024, 2, 20);
  e.set_positions_offered(800);
  e.set_organizer("区人社局");
  return e;
}

TEST(EventRulesTest, KindSpecificFieldsBelongToTheirKind) {
  EXPECT_TRUE(ValidateEvent(JobFair(), kToday, "event").ok());
  v1::Event e = JobFair();
  e.set_positions_offered(-5);
  EXPECT_EQ(ValidateEvent(e, kToday, "event").message().substr(0, 24), "event.positions_offered:");
  e = JobFair();
  e.set_cultural_type(v1::CULTURAL_EVENT_TYPE_SQUARE_DANCE);
  EXPECT_EQ(ValidateEvent(e, kToday, "events[2]").message().substr(0, 23), "events[2].cultural_type");
  e = JobFair();
  e.set_kind(v1::EVENT_KIND_CULTURAL);
  e.set_positions_offered(0);
  EXPECT_EQ(ValidateEvent(e, kToday, "event").message().substr(0, 19), "event.cultural_type");
  e.set_cultural_type(v1::CULTURAL_EVENT_TYPE_READING_PROMOTION);
  EXPECT_TRUE(ValidateEvent(e, kToday, "event").ok());
  e.set_plan_event(v1::PLAN_EVENT_YELLOW_RIVER_CUP_3);
  EXPECT_EQ(ValidateEvent(e, kToday, "event").message().substr(0, 16), "event.plan_event");
}

TEST(EventRulesTest, DatesMustBeInAPlanYearInOrderAndPast) {
  v1::Event e = JobFair();
  *e.mutable_start_date() = D(2023, 11, 1);
  EXPECT_EQ(ValidateEvent(e, kToday, "event").message().substr(0, 16), "event.start_date");
  e = JobFair();
  *e.mutable_end_date() = D(2024, 2, 19);
  EXPECT_EQ(ValidateEvent(e, kToday, "event").message().substr(0, 14), "event.end_date");
  *e.mutable_end_date() = D(2026, 11, 29);
  EXPECT_EQ(ValidateEvent(e, kToday, "event").message().substr(0, 14), "event.end_date");
  *e.mutable_end_date() = D(2024, 2, 21);
  EXPECT_TRUE(ValidateEvent(e, kToday, "event").ok());
}

TEST(EventRulesTest, ARetriedCreateMatchesAnEventFinishedSince) {
  v1::Event stored = JobFair();
  v1::Event request = JobFair();
  EXPECT_TRUE(SameEvent(stored, request));
  *stored.mutable_end_date() = D(2024, 2, 21);
  EXPECT_TRUE(SameEvent(stored, request));
  *request.mutable_end_date() = D(2024, 2, 22);
  EXPECT_FALSE(SameEvent(stored, request));
  request = JobFair();
  request.set_positions_offered(801);
  EXPECT_FALSE(SameEvent(stored, request));
}

}  // namespace
}  // namespace devplan::social
