// List RPCs: filters, paging with tokens bound to their filters, and the totals.
#include <set>

#include "tests/investment/investment_fixture.h"

namespace devplan::testing {
namespace {

class ListsTest : public InvestmentTest {
 protected:
  void SetUp() override {
    // Seven projects: three industrial (two key, one 三个一批), two urban renewal (one with
    // a special bond), one infrastructure with a national bond, one ecological.
    auto add = [&](const std::string& id, v1::ProjectCategory c, bool key, bool batch,
                   const std::string& dept, v1::FundingSource bond, bool started) {
      v1::Project p = NewProject(id, c, 500'000'000);
      p.set_key_project(key);
      p.set_three_batch(batch);
      p.set_lead_department(dept);
      if (bond != v1::FUNDING_SOURCE_UNSPECIFIED) {
        p.mutable_funding()->set_source(bond);
        p.mutable_funding()->set_requested_yuan(100'000'000);
        p.mutable_funding()->set_review_status(v1::BOND_REVIEW_STATUS_PENDING);
      }
      if (started) *p.mutable_started_on() = D(2024, 4, 1);
      ASSERT_OK(Create(p));
    };
    const auto none = v1::FUNDING_SOURCE_UNSPECIFIED;
    add("A1", v1::PROJECT_CATEGORY_INDUSTRIAL, true, true, "区发展改革委", none, true);
    add("A2", v1::PROJECT_CATEGORY_INDUSTRIAL, true, false, "区发展改革委", none, false);
    add("A3", v1::PROJECT_CATEGORY_INDUSTRIAL, false, false, "区商务局", none, true);
    add("B1", v1::PROJECT_CATEGORY_URBAN_RENEWAL, true, false, "区住房城乡建设局",
        v1::FUNDING_SOURCE_LOCAL_SPECIAL_BOND, true);
    add("B2", v1::PROJECT_CATEGORY_URBAN_RENEWAL, false, false, "区住房城乡建设局", none, false);
    add("C1", v1::PROJECT_CATEGORY_INFRASTRUCTURE, false, false, "区城市管理局",
        v1::FUNDING_SOURCE_NATIONAL_TREASURY_BOND, true);
    add("D1", v1::PROJECT_CATEGORY_ECOLOGICAL, false, false, "区生态环境分局", none, false);
  }

  std::vector<std::string> ListIds(v1::ListProjectsRequest r) {
    r.set_district(kDistrict);
    v1::ListProjectsResponse out;
    grpc::Status s = stub_->ListProjects(ContextWithDeadline().get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::vector<std::string> ids;
    for (const auto& p : out.projects()) ids.push_back(p.project_id());
    return ids;
  }
};

using Ids = std::vector<std::string>;

TEST_F(ListsTest, ProjectFilters) {
  v1::ListProjectsRequest r;
  EXPECT_EQ(ListIds(r), (Ids{"A1", "A2", "A3", "B1", "B2", "C1", "D1"}));
  r.set_category(v1::PROJECT_CATEGORY_INDUSTRIAL);
  EXPECT_EQ(ListIds(r), (Ids{"A1", "A2", "A3"}));
  r.set_key_project(true);
  EXPECT_EQ(ListIds(r), (Ids{"A1", "A2"}));
  r.set_stage(v1::PROJECT_STAGE_STARTED);
  EXPECT_EQ(ListIds(r), (Ids{"A1"}));
  v1::ListProjectsRequest batch;
  batch.set_three_batch(true);
  EXPECT_EQ(ListIds(batch), (Ids{"A1"}));
  v1::ListProjectsRequest not_key;
  not_key.set_key_project(false);
  EXPECT_EQ(ListIds(not_key), (Ids{"A3", "B2", "C1", "D1"}));
  v1::ListProjectsRequest dept;
  dept.set_lead_department("区住房城乡建设局");
  EXPECT_EQ(ListIds(dept), (Ids{"B1", "B2"}));
  v1::ListProjectsRequest bond;
  bond.set_funding_source(v1::FUNDING_SOURCE_NATIONAL_TREASURY_BOND);
  EXPECT_EQ(ListIds(bond), (Ids{"C1"}));
  bond.set_funding_source(v1::FUNDING_SOURCE_LOCAL_SPECIAL_BOND);
  EXPECT_EQ(ListIds(bond), (Ids{"B1"}));
  v1::ListProjectsRequest planned;
  planned.set_stage(v1::PROJECT_STAGE_PLANNED);
  EXPECT_EQ(ListIds(planned), (Ids{"A2", "B2", "D1"}));
}

TEST_F(ListsTest, ProjectPagingVisitsEachMatchOnceAndTokensAreBoundToTheirFilters) {
  v1::ListProjectsRequest r;
  r.set_district(kDistrict);
  r.set_page_size(3);
  r.set_key_project(false);  // A3, B2, C1, D1
  std::vector<std::string> seen;
  std::string first_token;
  for (int pages = 0; pages < 10; ++pages) {
    v1::ListProjectsResponse out;
    ASSERT_OK(stub_->ListProjects(ContextWithDeadline().get(), r, &out));
    EXPECT_EQ(out.total_size(), 4);
    for (const auto& p : out.projects()) seen.push_back(p.project_id());
    if (out.next_page_token().empty()) break;
    if (first_token.empty()) first_token = out.next_page_token();
    r.set_page_token(out.next_page_token());
  }
  EXPECT_EQ(seen, (Ids{"A3", "B2", "C1", "D1"}));
  // The token of the "not key" list is not a token of the "industrial" list.
  v1::ListProjectsRequest other;
  other.set_district(kDistrict);
  other.set_category(v1::PROJECT_CATEGORY_INDUSTRIAL);
  other.set_page_token(first_token);
  v1::ListProjectsResponse out;
  EXPECT_STATUS(stub_->ListProjects(ContextWithDeadline().get(), other, &out), INVALID_ARGUMENT, "page_token");
  other.set_page_token("");
  other.set_page_size(-1);
  EXPECT_STATUS(stub_->ListProjects(ContextWithDeadline().get(), other, &out), INVALID_ARGUMENT, "page_size");
  // The full view carries each project's history.
  v1::ListProjectsRequest full;
  full.set_district(kDistrict);
  full.set_view(v1::PROJECT_VIEW_FULL);
  full.set_page_size(2);
  ASSERT_OK(stub_->ListProjects(ContextWithDeadline().get(), full, &out));
  ASSERT_EQ(out.projects_size(), 2);
  EXPECT_EQ(out.projects(0).history_size(), 1);
  full.set_view(v1::PROJECT_VIEW_UNSPECIFIED);
  ASSERT_OK(stub_->ListProjects(ContextWithDeadline().get(), full, &out));
  EXPECT_EQ(out.projects(0).history_size(), 0);
}

TEST_F(ListsTest, MonthlyInvestmentsOfOneProjectOrAllWithTheYearsTotal) {
  ASSERT_OK(Monthly("A1", 2024, 1, 100));
  ASSERT_OK(Monthly("A1", 2024, 2, 200));
  ASSERT_OK(Monthly("B1", 2024, 1, 1000));
  ASSERT_OK(Monthly("B1", 2023, 12, 5));
  v1::ListMonthlyInvestmentsRequest r;
  r.set_parent("districts/410108/projects/-");
  r.set_year(2024);
  r.set_page_size(2);
  v1::ListMonthlyInvestmentsResponse out;
  ASSERT_OK(stub_->ListMonthlyInvestments(ContextWithDeadline().get(), r, &out));
  EXPECT_EQ(out.total_size(), 3);
  EXPECT_EQ(out.total_yuan(), 1300);  // all pages
  ASSERT_EQ(out.investments_size(), 2);
  EXPECT_EQ(out.investments(0).name(), "districts/410108/projects/A1/investments/2024-01");
  EXPECT_FALSE(out.next_page_token().empty());
  r.set_parent(ProjectPath("B1"));
  r.set_year(2023);
  r.set_page_size(0);
  ASSERT_OK(stub_->ListMonthlyInvestments(ContextWithDeadline().get(), r, &out));
  EXPECT_EQ(out.total_yuan(), 5);
  r.set_parent(ProjectPath("NOPE"));
  EXPECT_STATUS(stub_->ListMonthlyInvestments(ContextWithDeadline().get(), r, &out), NOT_FOUND, "NOPE");
  r.set_parent(ProjectPath("B1"));
  r.set_year(0);
  EXPECT_STATUS(stub_->ListMonthlyInvestments(ContextWithDeadline().get(), r, &out), INVALID_ARGUMENT, "year");
}

TEST_F(ListsTest, EventsFiguresAndOutputsFilterByKindYearAndIndicator) {
  ASSERT_OK(Event(Ev("T1", v1::PROMOTION_EVENT_KIND_OUTBOUND_TRIP, D(2024, 4, 1))));
  ASSERT_OK(Event(Ev("S1", v1::PROMOTION_EVENT_KIND_SIGNING_CEREMONY, D(2024, 2, 1))));
  ASSERT_OK(Event(Ev("T0", v1::PROMOTION_EVENT_KIND_OUTBOUND_TRIP, D(2023, 4, 1))));
  v1::ListPromotionEventsRequest er;
  er.set_district(kDistrict);
  v1::ListPromotionEventsResponse events;
  ASSERT_OK(stub_->ListPromotionEvents(ContextWithDeadline().get(), er, &events));
  ASSERT_EQ(events.events_size(), 3);
  EXPECT_EQ(events.events(0).event_id(), "T0");  // by date
  EXPECT_EQ(events.events(1).event_id(), "S1");
  er.set_kind(v1::PROMOTION_EVENT_KIND_OUTBOUND_TRIP);
  er.set_year(2024);
  ASSERT_OK(stub_->ListPromotionEvents(ContextWithDeadline().get(), er, &events));
  ASSERT_EQ(events.events_size(), 1);
  EXPECT_EQ(events.events(0).event_id(), "T1");
  v1::GetPromotionEventRequest get;
  get.set_name("districts/410108/promotionEvents/S1");
  v1::PromotionEvent e;
  ASSERT_OK(stub_->GetPromotionEvent(ContextWithDeadline().get(), get, &e));
  EXPECT_EQ(e.reported_by(), "区商务局");

  ASSERT_OK(Figure(Percent(v1::ECONOMIC_INDICATOR_RETAIL_SALES_GROWTH, 2024, 2, 7.5)));
  ASSERT_OK(Figure(Percent(v1::ECONOMIC_INDICATOR_GDP_GROWTH, 2024, 3, 6.9)));
  ASSERT_OK(Figure(Percent(v1::ECONOMIC_INDICATOR_GDP_GROWTH, 2023, 12, 6.0)));
  v1::ListEconomicFiguresRequest fr;
  fr.set_district(kDistrict);
  v1::ListEconomicFiguresResponse figures;
  ASSERT_OK(stub_->ListEconomicFigures(ContextWithDeadline().get(), fr, &figures));
  ASSERT_EQ(figures.figures_size(), 3);
  EXPECT_EQ(figures.figures(0).indicator(), v1::ECONOMIC_INDICATOR_GDP_GROWTH);  // by indicator
  EXPECT_EQ(figures.figures(0).period().year(), 2023);                          // then period
  fr.set_indicator(v1::ECONOMIC_INDICATOR_GDP_GROWTH);
  fr.set_year(2024);
  ASSERT_OK(stub_->ListEconomicFigures(ContextWithDeadline().get(), fr, &figures));
  ASSERT_EQ(figures.figures_size(), 1);
  EXPECT_DOUBLE_EQ(figures.figures(0).percent(), 6.9);

  const auto none = std::nullopt;
  ASSERT_OK(Output("C1", Out("R1", v1::INFRASTRUCTURE_KIND_ROAD, 1, D(2024, 3, 1), none)));
  ASSERT_OK(Output("C1", Out("P1", v1::INFRASTRUCTURE_KIND_PARKING_LOT, 1, none, D(2024, 6, 1), 50)));
  ASSERT_OK(Output("B1", Out("L1", v1::INFRASTRUCTURE_KIND_LIT_ROAD, 1, none, D(2024, 6, 1))));
  v1::ListInfrastructureOutputsRequest orq;
  orq.set_parent("districts/410108/projects/-");
  v1::ListInfrastructureOutputsResponse outputs;
  ASSERT_OK(stub_->ListInfrastructureOutputs(ContextWithDeadline().get(), orq, &outputs));
  EXPECT_EQ(outputs.total_size(), 3);
  orq.set_parent(ProjectPath("C1"));
  ASSERT_OK(stub_->ListInfrastructureOutputs(ContextWithDeadline().get(), orq, &outputs));
  EXPECT_EQ(outputs.total_size(), 2);
  orq.set_kind(v1::INFRASTRUCTURE_KIND_PARKING_LOT);
  ASSERT_OK(stub_->ListInfrastructureOutputs(ContextWithDeadline().get(), orq, &outputs));
  ASSERT_EQ(outputs.outputs_size(), 1);
  EXPECT_EQ(outputs.outputs(0).name(), "districts/410108/projects/C1/outputs/P1");
  EXPECT_EQ(outputs.outputs(0).parking_spaces(), 50);
}

}  // namespace
}  // namespace devplan::testing
