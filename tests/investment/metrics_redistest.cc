// Every InvestmentService metric against a small hand-built scenario, through real gRPC and
// Redis, each with its expected value computed by hand in the comments; and as-of queries
// that give one metric different values at two dates.
#include "tests/investment/investment_fixture.h"

#include "services/common/metrics_contract.h"

namespace devplan::testing {
namespace {

constexpr int64_t kYi = 100'000'000;  // 1亿元
constexpr int64_t kWan = 10'000;      // 1万元

class MetricsTest : public InvestmentTest {
 protected:
  void LoadScenario();
  // The metric as of 2024-09-30, the demo date.
  v1::MetricValue Q3(const std::string& key) { return Metric(key, D(2024, 9, 30)); }
};

void MetricsTest::LoadScenario() {
  using v1::Project;
  // --- Projects -----------------------------------------------------------------------
  Project ind1 = NewProject("IND-1", v1::PROJECT_CATEGORY_INDUSTRIAL, 10 * kYi);
  ind1.set_key_project(true);
  ind1.set_three_batch(true);
  *ind1.mutable_signed_on() = D(2024, 1, 10);
  *ind1.mutable_started_on() = D(2024, 3, 1);
  ASSERT_OK(Create(ind1));
  Project ind2 = NewProject("IND-2", v1::PROJECT_CATEGORY_INDUSTRIAL, 5 * kYi);
  ind2.set_three_batch(true);  // signed in 2023: not this year's
  *ind2.mutable_signed_on() = D(2023, 11, 1);
  *ind2.mutable_started_on() = D(2024, 6, 15);
  ASSERT_OK(Create(ind2));
  Project ind3 = NewProject("IND-3", v1::PROJECT_CATEGORY_INDUSTRIAL, 3 * kYi);
  ind3.set_key_project(true);
  ASSERT_OK(Create(ind3));  // signed at event E1 (2024-05-20), started 2024-10-08
  Project ur1 = NewProject("UR-1", v1::PROJECT_CATEGORY_URBAN_RENEWAL, 20 * kYi);
  ur1.set_key_project(true);
  *ur1.mutable_started_on() = D(2023, 5, 1);
  *ur1.mutable_packaged_on() = D(2023, 6, 1);  // packaged last year
  ASSERT_OK(Create(ur1));
  Project ur2 = NewProject("UR-2", v1::PROJECT_CATEGORY_URBAN_RENEWAL, 30 * kYi);
  *ur2.mutable_packaged_on() = D(2024, 4, 10);
  ASSERT_OK(Create(ur2));
  Project ur3 = NewProject("UR-3", v1::PROJECT_CATEGORY_URBAN_RENEWAL, 8 * kYi);
  ur3.set_key_project(true);
  *ur3.mutable_started_on() = D(2022, 3, 1);
  *ur3.mutable_completed_on() = D(2023, 12, 20);  // finished before the year
  ASSERT_OK(Create(ur3));
  auto bond = [&](const std::string& id, v1::FundingSource source, int64_t requested,
                  v1::BondReviewStatus status, std::optional<v1::Date> reviewed) {
    Project p = NewProject(id, v1::PROJECT_CATEGORY_INFRASTRUCTURE, 3 * kYi);
    p.mutable_funding()->set_source(source);
    p.mutable_funding()->set_requested_yuan(requested);
    p.mutable_funding()->set_review_status(status);
    if (reviewed) *p.mutable_funding()->mutable_reviewed_on() = *reviewed;
    ASSERT_OK(Create(p));
  };
  bond("NB-1", v1::FUNDING_SOURCE_NATIONAL_TREASURY_BOND, 2 * kYi, v1::BOND_REVIEW_STATUS_APPROVED, D(2024, 3, 15));
  bond("NB-2", v1::FUNDING_SOURCE_NATIONAL_TREASURY_BOND, 150'000'000, v1::BOND_REVIEW_STATUS_APPROVED, D(2024, 8, 1));
  bond("NB-3", v1::FUNDING_SOURCE_NATIONAL_TREASURY_BOND, kYi, v1::BOND_REVIEW_STATUS_PENDING, std::nullopt);
  bond("SB-1", v1::FUNDING_SOURCE_LOCAL_SPECIAL_BOND, kYi, v1::BOND_REVIEW_STATUS_APPROVED, D(2024, 5, 5));
  bond("SB-2", v1::FUNDING_SOURCE_LOCAL_SPECIAL_BOND, kYi, v1::BOND_REVIEW_STATUS_REJECTED, D(2024, 5, 5));

  // --- Monthly investment -------------------------------------------------------------
  ASSERT_OK(Monthly("IND-1", 2023, 12, 999));  // last year: never in 2024's totals
  ASSERT_OK(Monthly("IND-1", 2024, 1, 1000 * kWan));
  ASSERT_OK(Monthly("IND-1", 2024, 2, 2000 * kWan));
  ASSERT_OK(Monthly("IND-1", 2024, 3, 3000 * kWan));
  ASSERT_OK(Monthly("UR-1", 2024, 1, 5000 * kWan));
  ASSERT_OK(Monthly("UR-1", 2024, 3, kYi));
  ASSERT_OK(Monthly("IND-2", 2024, 6, 800 * kWan));  // not a key project
  ASSERT_OK(Monthly("IND-1", 2024, 10, 4000 * kWan));  // after the demo date

  // --- Promotion events (E1 signs IND-3), then IND-3 starts ----------------------------
  ASSERT_OK(Event(Ev("E1", v1::PROMOTION_EVENT_KIND_SIGNING_CEREMONY, D(2024, 5, 20), std::nullopt, {"IND-3"})));
  v1::PromotionEvent expo = Ev("E2", v1::PROMOTION_EVENT_KIND_INDUSTRY_EXPO, D(2024, 9, 20), D(2024, 9, 22));
  expo.set_title_zh("2024年种业博览会");
  expo.set_seed_industry_expo(true);
  ASSERT_OK(Event(expo));
  ASSERT_OK(Event(Ev("E3", v1::PROMOTION_EVENT_KIND_OUTBOUND_TRIP, D(2024, 3, 3), D(2024, 3, 5))));
  ASSERT_OK(Event(Ev("E4", v1::PROMOTION_EVENT_KIND_OUTBOUND_TRIP, D(2024, 7, 7))));
  ASSERT_OK(Event(Ev("E5", v1::PROMOTION_EVENT_KIND_OTHER, D(2024, 2, 2))));
  ASSERT_OK(Event(Ev("E6", v1::PROMOTION_EVENT_KIND_SIGNING_CEREMONY, D(2023, 12, 12))));
  ASSERT_OK(Event(Ev("E7", v1::PROMOTION_EVENT_KIND_OUTBOUND_TRIP, D(2024, 11, 11))));
  // The plan's "集中签约、产业展会等": a hosted investment fair and an industry forum count too.
  ASSERT_OK(Event(Ev("E8", v1::PROMOTION_EVENT_KIND_INVESTMENT_FAIR, D(2024, 6, 6))));
  ASSERT_OK(Event(Ev("E9", v1::PROMOTION_EVENT_KIND_INDUSTRY_FORUM, D(2024, 8, 8), D(2024, 8, 9))));
  v1::Project start3;
  start3.set_project_id("IND-3");
  *start3.mutable_started_on() = D(2024, 10, 8);
  ASSERT_OK(Update(start3, {"started_on"}));

  // --- Infrastructure outputs -----------------------------------------------------------
  ASSERT_OK(Create(NewProject("INF", v1::PROJECT_CATEGORY_INFRASTRUCTURE)));
  const auto none = std::nullopt;
  ASSERT_OK(Output("INF", Out("R-1", v1::INFRASTRUCTURE_KIND_ROAD, 1, D(2023, 10, 1), none)));
  ASSERT_OK(Output("INF", Out("R-2", v1::INFRASTRUCTURE_KIND_ROAD, 1, D(2023, 3, 1), D(2023, 12, 1))));
  ASSERT_OK(Output("INF", Out("R-3", v1::INFRASTRUCTURE_KIND_ROAD, 1, D(2024, 4, 1), D(2024, 8, 30))));
  ASSERT_OK(Output("INF", Out("R-4", v1::INFRASTRUCTURE_KIND_ROAD, 1, D(2024, 10, 1), none)));
  ASSERT_OK(Output("INF", Out("PL-1", v1::INFRASTRUCTURE_KIND_PARKING_LOT, 1, none, D(2024, 5, 1), 120)));
  ASSERT_OK(Output("INF", Out("PL-2", v1::INFRASTRUCTURE_KIND_PARKING_LOT, 1, none, D(2024, 11, 1), 80)));
  ASSERT_OK(Output("INF", Out("PS-1", v1::INFRASTRUCTURE_KIND_PARKING_SPACES, 300, none, D(2024, 7, 1))));
  ASSERT_OK(Output("INF", Out("CP-1", v1::INFRASTRUCTURE_KIND_CHARGING_PILES, 150, none, D(2024, 6, 30))));
  ASSERT_OK(Output("INF", Out("CP-2", v1::INFRASTRUCTURE_KIND_CHARGING_PILES, 200, none, D(2023, 12, 30))));
  ASSERT_OK(Output("INF", Out("LR-1", v1::INFRASTRUCTURE_KIND_LIT_ROAD, 1, none, D(2024, 9, 1))));

  // --- Economic figures -----------------------------------------------------------------
  using I = v1::EconomicIndicator;
  auto pct = [&](I i, int m, double v) { ASSERT_OK(Figure(Percent(i, 2024, m, v))); };
  pct(v1::ECONOMIC_INDICATOR_GDP_GROWTH, 3, 6.6);
  pct(v1::ECONOMIC_INDICATOR_GDP_GROWTH, 3, 6.8);  // revised
  pct(v1::ECONOMIC_INDICATOR_GDP_GROWTH, 6, 7.1);
  pct(v1::ECONOMIC_INDICATOR_GDP_GROWTH, 9, 7.2);
  pct(v1::ECONOMIC_INDICATOR_DISPOSABLE_INCOME_GROWTH, 3, 6.0);
  pct(v1::ECONOMIC_INDICATOR_DISPOSABLE_INCOME_GROWTH, 6, 6.5);
  pct(v1::ECONOMIC_INDICATOR_FIXED_ASSET_INVESTMENT_GROWTH, 2, 9.5);
  pct(v1::ECONOMIC_INDICATOR_FIXED_ASSET_INVESTMENT_GROWTH, 8, 8.1);
  pct(v1::ECONOMIC_INDICATOR_INDUSTRIAL_VALUE_ADDED_GROWTH, 9, 9.4);
  pct(v1::ECONOMIC_INDICATOR_RETAIL_SALES_GROWTH, 5, 7.7);
  ASSERT_OK(Figure(Percent(v1::ECONOMIC_INDICATOR_GDP_GROWTH, 2023, 12, 6.0)));  // last year
  const int64_t revenue_2023[] = {200'000'000, 220'000'000, 250'000'000};
  const int64_t revenue_2024[] = {210'000'000, 230'000'000, 270'000'000, 240'000'000};
  for (int m = 1; m <= 3; ++m) {
    ASSERT_OK(Figure(Yuan(v1::ECONOMIC_INDICATOR_BUDGET_REVENUE, 2023, m, revenue_2023[m - 1]), nullptr, "区财政局"));
  }
  for (int m = 1; m <= 4; ++m) {
    ASSERT_OK(Figure(Yuan(v1::ECONOMIC_INDICATOR_BUDGET_REVENUE, 2024, m, revenue_2024[m - 1]), nullptr, "区财政局"));
  }
  auto yuan = [&](I i, int m, int64_t v) { ASSERT_OK(Figure(Yuan(i, 2024, m, v))); };
  auto count = [&](I i, int m, int64_t v) { ASSERT_OK(Figure(Count(i, 2024, m, v))); };
  yuan(v1::ECONOMIC_INDICATOR_CAR_SALES, 1, 9 * kYi);
  yuan(v1::ECONOMIC_INDICATOR_CAR_SALES, 2, 8 * kYi);
  yuan(v1::ECONOMIC_INDICATOR_TECH_CONTRACT_TURNOVER, 3, 3000 * kWan);
  count(v1::ECONOMIC_INDICATOR_NEW_MARKET_ENTITIES, 1, 1500);
  count(v1::ECONOMIC_INDICATOR_NEW_MARKET_ENTITIES, 2, 1200);
  count(v1::ECONOMIC_INDICATOR_NEW_TECH_ENTERPRISES, 4, 12);
  count(v1::ECONOMIC_INDICATOR_NEW_HIGH_TECH_ENTERPRISES, 5, 2);
  count(v1::ECONOMIC_INDICATOR_NEW_HIGH_TECH_ENTERPRISES, 11, 6);
  count(v1::ECONOMIC_INDICATOR_NEW_INNOVATIVE_SMES, 6, 4);
  count(v1::ECONOMIC_INDICATOR_ECOMMERCE_PARKS, 7, 1);
  count(v1::ECONOMIC_INDICATOR_ECOMMERCE_FIRMS, 3, 5);
  count(v1::ECONOMIC_INDICATOR_ECOMMERCE_FIRMS, 8, 7);
  count(v1::ECONOMIC_INDICATOR_STANDARDIZATION_PILOTS, 9, 1);
}

TEST_F(MetricsTest, EveryMetricIsNoDataBeforeAnythingIsReported) {
  v1::GetMetricsRequest r;
  r.set_district(kDistrict);
  *r.mutable_as_of() = D(2024, 9, 30);
  v1::GetMetricsResponse response;
  ASSERT_OK(stub_->GetMetrics(ContextWithDeadline().get(), r, &response));
  EXPECT_GE(response.metrics_size(), 38);
  for (const v1::MetricValue& m : response.metrics()) {
    EXPECT_EQ(m.value_case(), v1::MetricValue::VALUE_NOT_SET) << m.key();
    EXPECT_FALSE(m.has_current_to()) << m.key();
  }
}

TEST_F(MetricsTest, ProjectMetrics) {
  ASSERT_NO_FATAL_FAILURE(LoadScenario());
  // Key projects started by 09-30 and not completed before 2024: IND-1 (03-01), UR-1
  // (2023-05-01). IND-3 starts 10-08; UR-3 completed 2023-12-20.
  v1::MetricValue under_way = Q3("investment.key_projects_under_way");
  EXPECT_EQ(under_way.count(), 2);
  EXPECT_EQ(under_way.current_to().month(), 3);  // latest start counted: 2024-03-01
  EXPECT_EQ(under_way.provenance().fact_count(), 2);
  // Key projects' 2024 months ended by 09-30: IND-1 1000万+2000万+3000万, UR-1 5000万+1亿
  // = 2.1亿. IND-1's 2023-12 and 2024-10 and IND-2 (not key) are out.
  v1::MetricValue key_ytd = Q3("investment.key_projects_investment_ytd");
  EXPECT_EQ(key_ytd.amount_yuan(), 210'000'000);
  EXPECT_EQ(key_ytd.current_to().month(), 3);  // latest month reported: March
  EXPECT_EQ(key_ytd.provenance().departments(0), "区统计局");
  // Every project: 2.1亿 + IND-2's 800万.
  EXPECT_EQ(Q3("investment.projects_investment_ytd").amount_yuan(), 218'000'000);
  // Industrial projects started in 2024 by 09-30: IND-1, IND-2 (IND-3 in October).
  EXPECT_EQ(Q3("investment.industrial_projects_started").count(), 2);
  // Signed in 2024 by 09-30: IND-1 10亿 (01-10) + IND-3 3亿 (at E1, 05-20); IND-2 was 2023.
  EXPECT_EQ(Q3("investment.signed_projects_amount").amount_yuan(), 13 * kYi);
  // Started in 2024 by 09-30: IND-1 10亿 + IND-2 5亿.
  EXPECT_EQ(Q3("investment.started_projects_investment").amount_yuan(), 15 * kYi);
  // 三个一批 signed in 2024: IND-1 (IND-2 signed 2023).
  EXPECT_EQ(Q3("investment.three_batch_projects_signed").count(), 1);
}

TEST_F(MetricsTest, BondAndUrbanMetrics) {
  ASSERT_NO_FATAL_FAILURE(LoadScenario());
  // National bonds approved by 09-30: NB-1 (03-15, 2亿) and NB-2 (08-01, 1.5亿); NB-3 pending.
  EXPECT_EQ(Q3("investment.national_bond_projects_approved").count(), 2);
  EXPECT_EQ(Q3("investment.national_bond_projects_amount").amount_yuan(), 350'000'000);
  // Special bonds: SB-1 approved; SB-2 rejected.
  EXPECT_EQ(Q3("investment.special_bond_projects_approved").count(), 1);
  // Urban renewal: UR-1's January 5000万 + March 1亿.
  EXPECT_EQ(Q3("investment.urban_renewal_investment_ytd").amount_yuan(), 150'000'000);
  // UR-1 under way (UR-2 not started, UR-3 completed in 2023).
  EXPECT_EQ(Q3("investment.urban_renewal_projects_under_way").count(), 1);
  // Packaged in 2024: UR-2 (30亿); UR-1 was packaged in 2023.
  EXPECT_EQ(Q3("investment.urban_renewal_packaged").count(), 1);
  EXPECT_EQ(Q3("investment.urban_renewal_packaged_amount").amount_yuan(), 30 * kYi);
  // Roads under construction in 2024 by 09-30: R-1 (since 2023, open), R-3 (finished 08-30);
  // R-2 finished in 2023, R-4 starts 10-01.
  EXPECT_EQ(Q3("investment.roads_built").count(), 2);
  // Car parks delivered: PL-1 (05-01); PL-2 is November.
  EXPECT_EQ(Q3("investment.parking_lots_built").count(), 1);
  // Spaces: PL-1's 120 + PS-1's 300.
  EXPECT_EQ(Q3("investment.parking_spaces_built").count(), 420);
  // Charging piles: CP-1's 150; CP-2 was 2023.
  EXPECT_EQ(Q3("investment.charging_piles_built").count(), 150);
  EXPECT_EQ(Q3("investment.lit_roads_added").count(), 1);
}

// A plan's named list (古荥城市更新等11个项目) counts its members only, and only among the
// metric's own category: a selection narrows, never widens.
TEST_F(MetricsTest, ASelectionCountsTheListedProjectsOnly) {
  ASSERT_NO_FATAL_FAILURE(LoadScenario());
  v1::Project ur4 = NewProject("UR-4", v1::PROJECT_CATEGORY_URBAN_RENEWAL, 6 * kYi);
  *ur4.mutable_started_on() = D(2024, 2, 1);
  ASSERT_OK(Create(ur4));
  ASSERT_OK(Monthly("UR-4", 2024, 2, 7000 * kWan));
  v1::GetMetricsRequest r;
  r.set_district(kDistrict);
  *r.mutable_as_of() = D(2024, 9, 30);
  r.add_keys("investment.urban_renewal_projects_under_way");
  auto select = [&](const std::string& key, std::vector<std::string> ids) {
    v1::MetricSelection* sel = r.add_selections();
    sel->set_key(key);
    for (const std::string& id : ids) sel->add_members(id);
  };
  // UR-1 listed and under way; UR-3 listed but finished in 2023; IND-1 listed but not urban
  // renewal; NOPE has no record. UR-4 is under way but not listed.
  select("investment.urban_renewal_projects_under_way", {"UR-1", "UR-3", "IND-1", "NOPE"});
  select("investment.urban_renewal_investment_ytd", {"UR-1", "UR-1"});
  v1::GetMetricsResponse response;
  grpc::Status s = stub_->GetMetrics(ContextWithDeadline().get(), r, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(response.metrics_size(), 3);
  EXPECT_EQ(response.metrics(0).count(), 2);  // the whole category: UR-1 and UR-4
  EXPECT_EQ(response.metrics(0).members_size(), 0);
  EXPECT_EQ(response.metrics(1).key(), "investment.urban_renewal_projects_under_way");
  EXPECT_EQ(response.metrics(1).count(), 1);
  EXPECT_EQ(response.metrics(1).members_size(), 4);  // echoed as asked
  // UR-1's 5000万 + 1亿; UR-4's 7000万 is not listed; an id named twice counts once.
  EXPECT_EQ(response.metrics(2).amount_yuan(), 150'000'000);
}

TEST_F(MetricsTest, ABadSelectionIsRefusedByName) {
  auto call = [&](auto fill) {
    v1::GetMetricsRequest r;
    r.set_district(kDistrict);
    *r.mutable_as_of() = D(2024, 9, 30);
    fill(r);
    v1::GetMetricsResponse response;
    return stub_->GetMetrics(ContextWithDeadline().get(), r, &response);
  };
  grpc::Status s = call([](v1::GetMetricsRequest& r) {
    v1::MetricSelection* sel = r.add_selections();
    sel->set_key("investment.gdp_growth_ytd");  // counts no records
    sel->add_members("A");
  });
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("selections[0].key"), std::string::npos) << s.error_message();
  s = call([](v1::GetMetricsRequest& r) {
    r.add_selections()->set_key("investment.urban_renewal_projects_under_way");  // no members
  });
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("selections[0].members"), std::string::npos) << s.error_message();
  s = call([](v1::GetMetricsRequest& r) {
    v1::MetricSelection* sel = r.add_selections();
    sel->set_key("investment.urban_renewal_projects_under_way");
    sel->add_members("UR-1");
    sel->add_members("bad id/with slash");
  });
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("selections[0].members[1]"), std::string::npos) << s.error_message();
  s = call([](v1::GetMetricsRequest& r) {
    for (int i = 0; i <= ::devplan::kMaxMetricSelections; ++i) {
      v1::MetricSelection* sel = r.add_selections();
      sel->set_key("investment.urban_renewal_projects_under_way");
      sel->add_members("UR-1");
    }
  });
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("at most 20"), std::string::npos) << s.error_message();
  s = call([](v1::GetMetricsRequest& r) {
    v1::MetricSelection* sel = r.add_selections();
    sel->set_key("investment.urban_renewal_projects_under_way");
    for (int i = 0; i <= ::devplan::kMaxSelectionMembers; ++i) sel->add_members("P" + std::to_string(i));
  });
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("1 to 500"), std::string::npos) << s.error_message();
}

TEST_F(MetricsTest, PromotionMetrics) {
  ASSERT_NO_FATAL_FAILURE(LoadScenario());
  // Major: E1 (ceremony) + E2 (expo) + E8 (fair) + E9 (forum), the plan's 等; E6 is 2023, E5
  // is OTHER (a delegation received).
  EXPECT_EQ(Q3("investment.promotion_major_events").count(), 4);
  // Trips: E3, E4; E7 departs in November.
  EXPECT_EQ(Q3("investment.promotion_outbound_trips").count(), 2);
  v1::MetricValue expo = Q3("investment.seed_expo_held");
  EXPECT_EQ(expo.value_case(), v1::MetricValue::kDone);
  EXPECT_TRUE(expo.done());
  EXPECT_EQ(expo.current_to().day(), 22);  // the expo's last day
}

TEST_F(MetricsTest, EconomicOperationsMetrics) {
  ASSERT_NO_FATAL_FAILURE(LoadScenario());
  v1::MetricValue gdp = Q3("investment.gdp_growth_ytd");
  EXPECT_DOUBLE_EQ(gdp.percent(), 7.2);  // Q1-Q3 ends 09-30
  EXPECT_EQ(gdp.current_to().month(), 9);
  EXPECT_EQ(gdp.current_to().day(), 30);
  EXPECT_DOUBLE_EQ(Q3("investment.disposable_income_growth_ytd").percent(), 6.5);  // H1
  v1::MetricValue fai = Q3("investment.fixed_asset_investment_growth_ytd");
  EXPECT_DOUBLE_EQ(fai.percent(), 8.1);  // Jan-Aug
  EXPECT_EQ(fai.current_to().month(), 8);
  EXPECT_EQ(fai.current_to().day(), 31);
  EXPECT_DOUBLE_EQ(Q3("investment.industrial_value_added_growth_ytd").percent(), 9.4);
  EXPECT_DOUBLE_EQ(Q3("investment.retail_sales_growth_ytd").percent(), 7.7);
  // Budget revenue 2024 Jan-Apr: 2.1亿 + 2.3亿 + 2.7亿 + 2.4亿 = 9.5亿.
  v1::MetricValue revenue = Q3("investment.budget_revenue_ytd");
  EXPECT_EQ(revenue.amount_yuan(), 950'000'000);
  EXPECT_EQ(revenue.provenance().departments(0), "区财政局");
  // Growth over the months both years report (Jan-Mar): 7.1亿 / 6.7亿 - 1 = 5.9701…% → 5.97.
  v1::MetricValue growth = Q3("investment.budget_revenue_growth_ytd");
  EXPECT_DOUBLE_EQ(growth.percent(), 5.97);
  EXPECT_EQ(growth.current_to().month(), 3);
  EXPECT_EQ(growth.provenance().fact_count(), 6);
  // Monthly sums, January through September.
  EXPECT_EQ(Q3("investment.car_sales").amount_yuan(), 17 * kYi);              // 9亿 + 8亿
  EXPECT_EQ(Q3("investment.tech_contract_turnover").amount_yuan(), 30'000'000);  // 3000万
  EXPECT_EQ(Q3("investment.new_market_entities").count(), 2700);              // 1500 + 1200
  EXPECT_EQ(Q3("investment.new_tech_enterprises").count(), 12);
  EXPECT_EQ(Q3("investment.new_high_tech_enterprises").count(), 2);  // November's 6 not yet
  EXPECT_EQ(Q3("investment.new_innovative_smes").count(), 4);
  EXPECT_EQ(Q3("investment.ecommerce_parks").count(), 1);
  EXPECT_EQ(Q3("investment.ecommerce_firms").count(), 12);  // 5 + 7
  EXPECT_EQ(Q3("investment.standardization_pilots").count(), 1);
}

TEST_F(MetricsTest, AMetricAnswersTheValueAsItStoodOnEachDate) {
  ASSERT_NO_FATAL_FAILURE(LoadScenario());
  // Key projects under way: 2 on 09-30, 3 once IND-3 started (10-08).
  EXPECT_EQ(Metric("investment.key_projects_under_way", D(2024, 2, 29)).count(), 1);  // UR-1 only
  EXPECT_EQ(Metric("investment.key_projects_under_way", D(2024, 12, 31)).count(), 3);
  // Key investment: on 02-15 only January has ended: 1000万 + 5000万.
  EXPECT_EQ(Metric("investment.key_projects_investment_ytd", D(2024, 2, 15)).amount_yuan(), 60'000'000);
  // 31 October: October's 4000万 joins → 2.5亿.
  EXPECT_EQ(Metric("investment.key_projects_investment_ytd", D(2024, 10, 31)).amount_yuan(), 250'000'000);
  // National bonds on 06-30: NB-1 only.
  EXPECT_EQ(Metric("investment.national_bond_projects_approved", D(2024, 6, 30)).count(), 1);
  EXPECT_EQ(Metric("investment.national_bond_projects_amount", D(2024, 6, 30)).amount_yuan(), 2 * kYi);
  // GDP on 06-29: Q1 (its revised value), H1 has not ended.
  v1::MetricValue gdp = Metric("investment.gdp_growth_ytd", D(2024, 6, 29));
  EXPECT_DOUBLE_EQ(gdp.percent(), 6.8);
  EXPECT_EQ(gdp.current_to().month(), 3);
  // Before the year's first period ended: NO_DATA, not last year's 6.0.
  EXPECT_EQ(Metric("investment.gdp_growth_ytd", D(2024, 3, 30)).value_case(), v1::MetricValue::VALUE_NOT_SET);
  // The expo is done from its last day on, not while it is running.
  EXPECT_FALSE(Metric("investment.seed_expo_held", D(2024, 9, 21)).done());
  EXPECT_EQ(Metric("investment.seed_expo_held", D(2024, 9, 21)).value_case(), v1::MetricValue::kDone);
  EXPECT_TRUE(Metric("investment.seed_expo_held", D(2024, 9, 22)).done());
  // High-tech enterprises: 2 by September, 8 by December.
  EXPECT_EQ(Metric("investment.new_high_tech_enterprises", D(2024, 12, 31)).count(), 8);
  // Signed amount before E1: IND-1 only.
  EXPECT_EQ(Metric("investment.signed_projects_amount", D(2024, 5, 19)).amount_yuan(), 10 * kYi);
  // Outputs: on 2024-12-31, PL-2 (80 spaces) has opened too.
  EXPECT_EQ(Metric("investment.parking_spaces_built", D(2024, 12, 31)).count(), 500);
  // Roads: R-4 (started 10-01) counts by year end.
  EXPECT_EQ(Metric("investment.roads_built", D(2024, 12, 31)).count(), 3);
  // In 2025 R-3 (finished 2024) no longer counts; still under way.
  EXPECT_EQ(Metric("investment.roads_built", D(2025, 6, 30)).count(), 2);
}

TEST_F(MetricsTest, GetMetricsAnswersEveryDefinitionInOrder) {
  ASSERT_NO_FATAL_FAILURE(LoadScenario());
  v1::ListMetricDefinitionsRequest list;
  v1::ListMetricDefinitionsResponse defs;
  ASSERT_OK(stub_->ListMetricDefinitions(ContextWithDeadline().get(), list, &defs));
  v1::GetMetricsRequest r;
  r.set_district(kDistrict);
  *r.mutable_as_of() = D(2024, 9, 30);
  v1::GetMetricsResponse response;
  ASSERT_OK(stub_->GetMetrics(ContextWithDeadline().get(), r, &response));
  ASSERT_EQ(response.metrics_size(), defs.definitions_size());
  for (int i = 0; i < defs.definitions_size(); ++i) {
    EXPECT_EQ(response.metrics(i).key(), defs.definitions(i).key());
    EXPECT_NE(response.metrics(i).value_case(), v1::MetricValue::VALUE_NOT_SET) << response.metrics(i).key();
    EXPECT_FALSE(response.metrics(i).provenance().derivation().empty());
    if (response.metrics(i).has_current_to()) {
      const v1::Date& c = response.metrics(i).current_to();
      EXPECT_LE(c.year() * 10000 + c.month() * 100 + c.day(), 20240930) << response.metrics(i).key();
    }
  }
  // The keys of the Huiji 2024 plan are all served.
  const char* plan_keys[] = {
      "investment.gdp_growth_ytd", "investment.fixed_asset_investment_growth_ytd",
      "investment.industrial_value_added_growth_ytd", "investment.retail_sales_growth_ytd",
      "investment.budget_revenue_growth_ytd", "investment.budget_revenue_ytd",
      "investment.disposable_income_growth_ytd", "investment.key_projects_under_way",
      "investment.key_projects_investment_ytd", "investment.industrial_projects_started",
      "investment.promotion_major_events", "investment.promotion_outbound_trips",
      "investment.signed_projects_amount", "investment.started_projects_investment",
      "investment.three_batch_projects_signed", "investment.national_bond_projects_approved",
      "investment.national_bond_projects_amount", "investment.special_bond_projects_approved",
      "investment.new_market_entities", "investment.new_tech_enterprises",
      "investment.new_high_tech_enterprises", "investment.new_innovative_smes",
      "investment.tech_contract_turnover", "investment.standardization_pilots",
      "investment.car_sales", "investment.ecommerce_parks", "investment.ecommerce_firms",
      "investment.urban_renewal_investment_ytd", "investment.urban_renewal_projects_under_way",
      "investment.urban_renewal_packaged", "investment.urban_renewal_packaged_amount",
      "investment.roads_built", "investment.parking_lots_built",
      "investment.parking_spaces_built", "investment.charging_piles_built",
      "investment.lit_roads_added", "investment.seed_expo_held"};
  for (const char* key : plan_keys) {
    bool found = false;
    for (const auto& d : defs.definitions()) found = found || d.key() == key;
    EXPECT_TRUE(found) << key;
  }
}

}  // namespace
}  // namespace devplan::testing
