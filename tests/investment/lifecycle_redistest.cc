// Project lifecycle and history through real gRPC against a real Redis: forward steps,
// the three illegal transitions (started before signed, a future date, going backwards),
// corrections with a reason, and idempotent creation and updates.
#include "tests/investment/investment_fixture.h"

namespace devplan::testing {
namespace {

using LifecycleTest = InvestmentTest;

v1::Project Patch(const std::string& id) {
  v1::Project p;
  p.set_project_id(id);
  return p;
}

TEST_F(LifecycleTest, ForwardStepsDeriveTheStageAndAreEachInTheHistory) {
  v1::Project p = NewProject("P1", v1::PROJECT_CATEGORY_INDUSTRIAL);
  *p.mutable_planned_on() = D(2024, 1, 5);
  v1::Project out;
  ASSERT_OK(Create(p, &out));
  EXPECT_EQ(out.stage(), v1::PROJECT_STAGE_PLANNED);
  EXPECT_EQ(out.name(), "districts/410108/projects/P1");

  v1::Project step = Patch("P1");
  *step.mutable_signed_on() = D(2024, 2, 1);
  ASSERT_OK(Update(step, {"signed_on"}, &out, "", "", "区商务局"));
  EXPECT_EQ(out.stage(), v1::PROJECT_STAGE_SIGNED);
  *step.mutable_started_on() = D(2024, 3, 1);
  ASSERT_OK(Update(step, {"started_on"}, &out));
  EXPECT_EQ(out.stage(), v1::PROJECT_STAGE_STARTED);
  *step.mutable_completed_on() = D(2024, 11, 30);
  ASSERT_OK(Update(step, {"completed_on"}, &out));
  *step.mutable_in_operation_on() = D(2024, 12, 20);
  ASSERT_OK(Update(step, {"in_operation_on"}, &out));
  EXPECT_EQ(out.stage(), v1::PROJECT_STAGE_IN_OPERATION);

  v1::Project full;
  ASSERT_OK(Get("P1", &full));
  ASSERT_EQ(full.history_size(), 5);  // create + four steps
  EXPECT_EQ(full.history(0).action(), "create");
  const v1::ProjectChange& signing = full.history(1);
  EXPECT_EQ(signing.action(), "update");
  EXPECT_EQ(signing.reported_by(), "区商务局");               // who
  EXPECT_GT(signing.change_time().seconds(), 1'700'000'000);  // when (server time)
  ASSERT_EQ(signing.changes_size(), 1);                        // what
  EXPECT_EQ(signing.changes(0).field(), "signed_on");
  EXPECT_EQ(signing.changes(0).old_value(), "");
  EXPECT_EQ(signing.changes(0).new_value(), "2024-02-01");
  // The basic view leaves the history out.
  v1::Project basic;
  ASSERT_OK(Get("P1", &basic, v1::PROJECT_VIEW_BASIC));
  EXPECT_EQ(basic.history_size(), 0);
}

TEST_F(LifecycleTest, StartedBeforeSignedIsRefusedAndWritesNothing) {
  v1::Project p = NewProject("P1", v1::PROJECT_CATEGORY_INDUSTRIAL);
  *p.mutable_signed_on() = D(2024, 3, 1);
  ASSERT_OK(Create(p));
  const long long version = Version();
  v1::Project step = Patch("P1");
  *step.mutable_started_on() = D(2024, 2, 1);
  EXPECT_STATUS(Update(step, {"started_on"}), FAILED_PRECONDITION, "started_on (2024-02-01) is before project.signed_on");
  // Not even as a correction: a correction must leave the dates in order.
  EXPECT_STATUS(Update(step, {"started_on"}, nullptr, "typo"), FAILED_PRECONDITION, "before project.signed_on");
  EXPECT_EQ(Version(), version);
  v1::Project stored;
  ASSERT_OK(Get("P1", &stored));
  EXPECT_EQ(stored.stage(), v1::PROJECT_STAGE_SIGNED);
  EXPECT_FALSE(stored.has_started_on());
  EXPECT_EQ(stored.history_size(), 1);

  // The same rule at creation.
  v1::Project bad = NewProject("P2", v1::PROJECT_CATEGORY_INDUSTRIAL);
  *bad.mutable_signed_on() = D(2024, 3, 1);
  *bad.mutable_started_on() = D(2024, 1, 1);
  EXPECT_STATUS(Create(bad), FAILED_PRECONDITION, "before project.signed_on");
  EXPECT_EQ(Version(), version);
}

TEST_F(LifecycleTest, AFutureDateIsRefusedEvenAsACorrection) {
  // The service's calendar stands at 2024-12-31.
  ASSERT_OK(Create(NewProject("P1", v1::PROJECT_CATEGORY_INDUSTRIAL)));
  const long long version = Version();
  v1::Project step = Patch("P1");
  *step.mutable_started_on() = D(2025, 1, 1);
  EXPECT_STATUS(Update(step, {"started_on"}), FAILED_PRECONDITION, "2025-01-01 is in the future");
  EXPECT_STATUS(Update(step, {"started_on"}, nullptr, "planned start"), FAILED_PRECONDITION, "in the future");
  v1::Project created = NewProject("P2", v1::PROJECT_CATEGORY_INDUSTRIAL);
  *created.mutable_signed_on() = D(2025, 6, 1);
  EXPECT_STATUS(Create(created), FAILED_PRECONDITION, "in the future");
  EXPECT_EQ(Version(), version);
}

TEST_F(LifecycleTest, GoingBackwardsNeedsACorrectionReasonWhichTheHistoryKeeps) {
  v1::Project p = NewProject("P1", v1::PROJECT_CATEGORY_INDUSTRIAL);
  *p.mutable_signed_on() = D(2024, 1, 10);
  *p.mutable_started_on() = D(2024, 3, 1);
  *p.mutable_completed_on() = D(2024, 10, 1);
  ASSERT_OK(Create(p));
  const long long version = Version();

  // Clearing completed_on (back from COMPLETED to STARTED), or moving a recorded date.
  v1::Project back = Patch("P1");
  EXPECT_STATUS(Update(back, {"completed_on"}), FAILED_PRECONDITION, "needs correction_reason");
  v1::Project moved = Patch("P1");
  *moved.mutable_started_on() = D(2024, 3, 5);
  EXPECT_STATUS(Update(moved, {"started_on"}), FAILED_PRECONDITION, "recorded as 2024-03-01");
  EXPECT_EQ(Version(), version);

  v1::Project out;
  ASSERT_OK(Update(back, {"completed_on"}, &out, "竣工验收未通过，退回在建", "", "区住房城乡建设局"));
  EXPECT_EQ(out.stage(), v1::PROJECT_STAGE_STARTED);
  EXPECT_FALSE(out.has_completed_on());
  EXPECT_GT(Version(), version);

  v1::Project full;
  ASSERT_OK(Get("P1", &full));
  ASSERT_EQ(full.history_size(), 2);
  const v1::ProjectChange& c = full.history(1);
  EXPECT_EQ(c.action(), "correction");
  EXPECT_EQ(c.reason(), "竣工验收未通过，退回在建");
  EXPECT_EQ(c.reported_by(), "区住房城乡建设局");
  ASSERT_EQ(c.changes_size(), 1);
  EXPECT_EQ(c.changes(0).field(), "completed_on");
  EXPECT_EQ(c.changes(0).old_value(), "2024-10-01");
  EXPECT_EQ(c.changes(0).new_value(), "");
}

TEST_F(LifecycleTest, FillingASkippedStageInOrderIsNotGoingBack) {
  // A government-funded project starts without a signing; a signing date recorded later in
  // lifecycle order is accepted without a reason, one after the start is not.
  v1::Project p = NewProject("P1", v1::PROJECT_CATEGORY_INFRASTRUCTURE);
  *p.mutable_started_on() = D(2024, 4, 1);
  ASSERT_OK(Create(p));
  v1::Project late = Patch("P1");
  *late.mutable_signed_on() = D(2024, 4, 2);
  EXPECT_STATUS(Update(late, {"signed_on"}), FAILED_PRECONDITION, "before project.signed_on");
  v1::Project early = Patch("P1");
  *early.mutable_signed_on() = D(2024, 3, 20);
  v1::Project out;
  ASSERT_OK(Update(early, {"signed_on"}, &out));
  EXPECT_EQ(out.stage(), v1::PROJECT_STAGE_STARTED);
}

TEST_F(LifecycleTest, BondReviewDecisionAndPackagingDateAreCorrectedOnlyWithAReason) {
  v1::Project p = NewProject("P1", v1::PROJECT_CATEGORY_INFRASTRUCTURE, 300'000'000);
  p.mutable_funding()->set_source(v1::FUNDING_SOURCE_NATIONAL_TREASURY_BOND);
  p.mutable_funding()->set_requested_yuan(200'000'000);
  p.mutable_funding()->set_review_status(v1::BOND_REVIEW_STATUS_PENDING);
  ASSERT_OK(Create(p));
  v1::Project decided = Patch("P1");
  *decided.mutable_funding() = p.funding();
  decided.mutable_funding()->set_review_status(v1::BOND_REVIEW_STATUS_APPROVED);
  *decided.mutable_funding()->mutable_reviewed_on() = D(2024, 3, 15);
  ASSERT_OK(Update(decided, {"funding"}));
  *decided.mutable_packaged_on() = D(2024, 2, 1);
  ASSERT_OK(Update(decided, {"packaged_on"}));

  const long long version = Version();
  v1::Project reversed = decided;
  reversed.mutable_funding()->set_review_status(v1::BOND_REVIEW_STATUS_REJECTED);
  EXPECT_STATUS(Update(reversed, {"funding"}), FAILED_PRECONDITION, "review decided BOND_REVIEW_STATUS_APPROVED");
  v1::Project repackaged = decided;
  *repackaged.mutable_packaged_on() = D(2024, 2, 2);
  EXPECT_STATUS(Update(repackaged, {"packaged_on"}), FAILED_PRECONDITION, "project.packaged_on");
  EXPECT_EQ(Version(), version);
  v1::Project out;
  ASSERT_OK(Update(reversed, {"funding"}, &out, "省发改委复核未通过"));
  EXPECT_EQ(out.funding().review_status(), v1::BOND_REVIEW_STATUS_REJECTED);
}

TEST_F(LifecycleTest, AttributeChangesNeedNoReasonAndAreInTheHistory) {
  ASSERT_OK(Create(NewProject("P1", v1::PROJECT_CATEGORY_INDUSTRIAL, 100'000'000)));
  v1::Project patch = Patch("P1");
  patch.set_total_investment_yuan(150'000'000);
  patch.set_three_batch(true);
  v1::Project out;
  ASSERT_OK(Update(patch, {"total_investment_yuan", "three_batch"}, &out));
  EXPECT_EQ(out.total_investment_yuan(), 150'000'000);
  EXPECT_TRUE(out.three_batch());
  EXPECT_EQ(out.title_zh(), "测试项目 P1");  // not in the mask: untouched
  v1::Project full;
  ASSERT_OK(Get("P1", &full));
  ASSERT_EQ(full.history_size(), 2);
  ASSERT_EQ(full.history(1).changes_size(), 2);
  EXPECT_EQ(full.history(1).changes(0).field(), "three_batch");
  EXPECT_EQ(full.history(1).changes(1).field(), "total_investment_yuan");
  EXPECT_EQ(full.history(1).changes(1).old_value(), "100000000");
  EXPECT_EQ(full.history(1).changes(1).new_value(), "150000000");
  // The same values again change nothing and add no entry.
  const long long version = Version();
  ASSERT_OK(Update(patch, {"total_investment_yuan", "three_batch"}));
  EXPECT_EQ(Version(), version);
}

TEST_F(LifecycleTest, CreateIsIdempotentOnRequestId) {
  v1::Project p = NewProject("P1", v1::PROJECT_CATEGORY_INDUSTRIAL);
  v1::Project first, again;
  ASSERT_OK(Create(p, &first, "req-1"));
  const long long version = Version();
  ASSERT_OK(Create(p, &again, "req-1"));  // a retry: the stored project, nothing written
  EXPECT_EQ(again.create_time().seconds(), first.create_time().seconds());
  EXPECT_EQ(again.create_time().nanos(), first.create_time().nanos());
  EXPECT_EQ(Version(), version);
  EXPECT_STATUS(Create(p, nullptr, "req-2"), ALREADY_EXISTS, "already exists");
  v1::Project other = NewProject("P2", v1::PROJECT_CATEGORY_INDUSTRIAL);
  EXPECT_STATUS(Create(other, nullptr, "req-1"), INVALID_ARGUMENT, "request_id");
  EXPECT_EQ(Version(), version);
  v1::Project full;
  ASSERT_OK(Get("P1", &full));
  EXPECT_EQ(full.history_size(), 1);
}

TEST_F(LifecycleTest, AnUpdateReplayedByRequestIdIsAnsweredNotReapplied) {
  v1::Project p = NewProject("P1", v1::PROJECT_CATEGORY_INDUSTRIAL);
  *p.mutable_signed_on() = D(2024, 1, 10);
  *p.mutable_started_on() = D(2024, 3, 1);
  ASSERT_OK(Create(p));
  // A correction retried after it was applied: the retry must not be refused as "going
  // back on 2024-03-02" nor recorded twice.
  v1::Project fix = Patch("P1");
  *fix.mutable_started_on() = D(2024, 3, 2);
  v1::Project first, again;
  ASSERT_OK(Update(fix, {"started_on"}, &first, "开工令日期更正", "upd-1"));
  const long long version = Version();
  ASSERT_OK(Update(fix, {"started_on"}, &again, "开工令日期更正", "upd-1"));
  EXPECT_EQ(again.started_on().day(), 2);
  EXPECT_EQ(Version(), version);
  v1::Project other = Patch("P1");
  other.set_title_en("x");
  EXPECT_STATUS(Update(other, {"title_en"}, nullptr, "", "upd-1"), INVALID_ARGUMENT, "request_id");
  v1::Project full;
  ASSERT_OK(Get("P1", &full));
  EXPECT_EQ(full.history_size(), 2);
  EXPECT_EQ(full.history(1).source(), "upd-1");
}

TEST_F(LifecycleTest, MonthlyResubmissionReplacesAndTheRevisionIsInTheHistory) {
  ASSERT_OK(Create(NewProject("P1", v1::PROJECT_CATEGORY_INDUSTRIAL)));
  ASSERT_OK(Monthly("P1", 2024, 3, 10'000'000));
  const long long version = Version();
  ASSERT_OK(Monthly("P1", 2024, 3, 10'000'000));  // the same again: nothing written
  EXPECT_EQ(Version(), version);
  v1::MonthlyInvestment out;
  ASSERT_OK(Monthly("P1", 2024, 3, 12'000'000, &out, "区统计局（修订）"));
  EXPECT_EQ(out.name(), "districts/410108/projects/P1/investments/2024-03");

  v1::ListMonthlyInvestmentsRequest r;
  r.set_parent(ProjectPath("P1"));
  r.set_year(2024);
  v1::ListMonthlyInvestmentsResponse listed;
  ASSERT_OK(stub_->ListMonthlyInvestments(ContextWithDeadline().get(), r, &listed));
  ASSERT_EQ(listed.investments_size(), 1);  // replaced, not added
  EXPECT_EQ(listed.total_yuan(), 12'000'000);

  v1::Project full;
  ASSERT_OK(Get("P1", &full));
  ASSERT_EQ(full.history_size(), 2);
  EXPECT_EQ(full.history(1).action(), "monthly_investment");
  EXPECT_EQ(full.history(1).reported_by(), "区统计局（修订）");
  EXPECT_EQ(full.history(1).changes(0).field(), "investments/2024-03");
  EXPECT_EQ(full.history(1).changes(0).old_value(), "10000000");
  EXPECT_EQ(full.history(1).changes(0).new_value(), "12000000");
  EXPECT_EQ(Metric("investment.projects_investment_ytd", D(2024, 3, 31)).amount_yuan(), 12'000'000);
}

TEST_F(LifecycleTest, MonthlyReportReplayedByRequestIdWritesOnce) {
  ASSERT_OK(Create(NewProject("P1", v1::PROJECT_CATEGORY_INDUSTRIAL)));
  v1::ReportMonthlyInvestmentRequest r;
  r.set_parent(ProjectPath("P1"));
  *r.mutable_month() = D(2024, 5, 1);
  r.set_amount_yuan(5'000'000);
  r.set_reported_by("区统计局");
  r.set_request_id("m-1");
  v1::MonthlyInvestment out;
  ASSERT_OK(stub_->ReportMonthlyInvestment(ContextWithDeadline().get(), r, &out));
  const long long version = Version();
  ASSERT_OK(stub_->ReportMonthlyInvestment(ContextWithDeadline().get(), r, &out));
  EXPECT_EQ(Version(), version);
  r.set_amount_yuan(6'000'000);  // same request_id, other content
  EXPECT_STATUS(stub_->ReportMonthlyInvestment(ContextWithDeadline().get(), r, &out),
                INVALID_ARGUMENT, "request_id");
  EXPECT_EQ(Version(), version);
}

TEST_F(LifecycleTest, AnEventSignsItsProjectsAtomically) {
  ASSERT_OK(Create(NewProject("A", v1::PROJECT_CATEGORY_INDUSTRIAL)));
  v1::Project b = NewProject("B", v1::PROJECT_CATEGORY_INDUSTRIAL);
  *b.mutable_signed_on() = D(2024, 5, 20);  // signed that very day: left as it is
  ASSERT_OK(Create(b));
  v1::Project c = NewProject("C", v1::PROJECT_CATEGORY_INDUSTRIAL);
  *c.mutable_started_on() = D(2024, 5, 1);  // started before the event
  ASSERT_OK(Create(c));
  const long long version = Version();

  // C would be "started before signed": the whole event is refused, A stays unsigned.
  EXPECT_STATUS(Event(Ev("E1", v1::PROMOTION_EVENT_KIND_SIGNING_CEREMONY, D(2024, 5, 20),
                         std::nullopt, {"A", "B", "C"})),
                FAILED_PRECONDITION, "projects/C");
  EXPECT_STATUS(Event(Ev("E1", v1::PROMOTION_EVENT_KIND_SIGNING_CEREMONY, D(2024, 5, 20),
                         std::nullopt, {"A", "NOPE"})),
                NOT_FOUND, "signed_project_ids[1]");
  EXPECT_EQ(Version(), version);
  v1::Project a;
  ASSERT_OK(Get("A", &a));
  EXPECT_FALSE(a.has_signed_on());

  v1::PromotionEvent e;
  ASSERT_OK(Event(Ev("E1", v1::PROMOTION_EVENT_KIND_SIGNING_CEREMONY, D(2024, 5, 20),
                     std::nullopt, {"A", "B"}), &e, "ev-1"));
  EXPECT_EQ(e.name(), "districts/410108/promotionEvents/E1");
  ASSERT_OK(Get("A", &a));
  EXPECT_EQ(a.signed_on().month(), 5);
  EXPECT_EQ(a.stage(), v1::PROJECT_STAGE_SIGNED);
  ASSERT_EQ(a.history_size(), 2);
  EXPECT_EQ(a.history(1).action(), "signed_at_event");
  EXPECT_EQ(a.history(1).source(), "districts/410108/promotionEvents/E1");
  v1::Project stored_b;
  ASSERT_OK(Get("B", &stored_b));
  EXPECT_EQ(stored_b.history_size(), 1);  // unchanged

  const long long after = Version();
  ASSERT_OK(Event(Ev("E1", v1::PROMOTION_EVENT_KIND_SIGNING_CEREMONY, D(2024, 5, 20),
                     std::nullopt, {"A", "B"}), nullptr, "ev-1"));  // a retry
  EXPECT_EQ(Version(), after);
  EXPECT_STATUS(Event(Ev("E1", v1::PROMOTION_EVENT_KIND_OUTBOUND_TRIP, D(2024, 6, 1))),
                ALREADY_EXISTS, "already exists");
  // A project signed on another day cannot be signed again at a later event.
  EXPECT_STATUS(Event(Ev("E2", v1::PROMOTION_EVENT_KIND_SIGNING_CEREMONY, D(2024, 6, 20),
                         std::nullopt, {"A"})),
                FAILED_PRECONDITION,
                "event.signed_project_ids[0]: projects/A: already signed on 2024-05-20");
}

TEST_F(LifecycleTest, FigureRevisionsReplaceTheValueAndKeepTheEarlierOnes) {
  v1::EconomicFigure out;
  ASSERT_OK(Figure(Percent(v1::ECONOMIC_INDICATOR_GDP_GROWTH, 2024, 3, 6.6), &out));
  EXPECT_EQ(out.revision(), 1);
  EXPECT_EQ(out.name(), "districts/410108/economicFigures/gdp_growth/periods/2024-03");
  const long long version = Version();
  ASSERT_OK(Figure(Percent(v1::ECONOMIC_INDICATOR_GDP_GROWTH, 2024, 3, 6.6), &out));
  EXPECT_EQ(out.revision(), 1);  // same value: not a revision
  EXPECT_EQ(Version(), version);
  v1::EconomicFigure revised = Percent(v1::ECONOMIC_INDICATOR_GDP_GROWTH, 2024, 3, 6.8);
  revised.set_revision_note("市统计局统一核算修订");
  ASSERT_OK(Figure(revised, &out, "区统计局（核算科）"));
  EXPECT_EQ(out.revision(), 2);

  v1::GetEconomicFigureRequest get;
  get.set_name("districts/410108/economicFigures/gdp_growth/periods/2024-03");
  v1::EconomicFigure stored;
  ASSERT_OK(stub_->GetEconomicFigure(ContextWithDeadline().get(), get, &stored));
  EXPECT_DOUBLE_EQ(stored.percent(), 6.8);
  EXPECT_EQ(stored.revision_note(), "市统计局统一核算修订");
  EXPECT_EQ(stored.reported_by(), "区统计局（核算科）");
  ASSERT_EQ(stored.revisions_size(), 1);
  EXPECT_DOUBLE_EQ(stored.revisions(0).percent(), 6.6);
  EXPECT_EQ(stored.revisions(0).revision(), 1);
  EXPECT_EQ(stored.revisions(0).reported_by(), "区统计局");
  // The metric answers the revised value.
  EXPECT_DOUBLE_EQ(Metric("investment.gdp_growth_ytd", D(2024, 4, 30)).percent(), 6.8);
  get.set_name("districts/410108/economicFigures/gdp_growth/periods/2024-06");
  EXPECT_STATUS(stub_->GetEconomicFigure(ContextWithDeadline().get(), get, &stored), NOT_FOUND, "not found");
}

TEST_F(LifecycleTest, OutputsRecordedAgainReplaceAndGoingBackNeedsAReason) {
  ASSERT_OK(Create(NewProject("INF", v1::PROJECT_CATEGORY_INFRASTRUCTURE)));
  ASSERT_OK(Output("INF", Out("R1", v1::INFRASTRUCTURE_KIND_ROAD, 1, D(2024, 3, 1), std::nullopt)));
  ASSERT_OK(Output("INF", Out("R1", v1::INFRASTRUCTURE_KIND_ROAD, 1, D(2024, 3, 1), D(2024, 9, 1))));
  const long long version = Version();
  ASSERT_OK(Output("INF", Out("R1", v1::INFRASTRUCTURE_KIND_ROAD, 1, D(2024, 3, 1), D(2024, 9, 1))));
  EXPECT_EQ(Version(), version);  // the same again
  EXPECT_STATUS(Output("INF", Out("R1", v1::INFRASTRUCTURE_KIND_ROAD, 1, D(2024, 3, 1), std::nullopt)),
                FAILED_PRECONDITION, "output.delivered_on: recorded as 2024-09-01");
  EXPECT_STATUS(Output("INF", Out("R1", v1::INFRASTRUCTURE_KIND_LIT_ROAD, 1, D(2024, 3, 1), D(2024, 9, 1))),
                FAILED_PRECONDITION, "output.kind");
  EXPECT_EQ(Version(), version);
  ASSERT_OK(Output("INF", Out("R1", v1::INFRASTRUCTURE_KIND_ROAD, 1, D(2024, 3, 1), std::nullopt),
                   nullptr, "验收资料退回"));
  v1::Project full;
  ASSERT_OK(Get("INF", &full));
  ASSERT_EQ(full.history_size(), 4);  // create + three output writes
  EXPECT_EQ(full.history(3).reason(), "验收资料退回");
  EXPECT_EQ(full.history(3).changes(0).field(), "outputs/R1");
}

}  // namespace
}  // namespace devplan::testing
