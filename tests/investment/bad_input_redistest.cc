// Bad input is refused with the right code, a message naming the field, and nothing
// written (the district's data version and the key count stay as they were).
#include <cmath>

#include "tests/investment/investment_fixture.h"

#include <grpcpp/generic/generic_stub.h>

namespace devplan::testing {
namespace {

class BadInputTest : public InvestmentTest {
 protected:
  void SetUp() override {
    ASSERT_OK(Create(NewProject("P1", v1::PROJECT_CATEGORY_INDUSTRIAL, 100'000'000)));
    version_ = Version();
    keys_ = KeyCount();
  }
  void TearDown() override {
    EXPECT_EQ(Version(), version_) << "a refused request wrote something";
    EXPECT_EQ(KeyCount(), keys_);
  }
  long long version_ = 0;
  long long keys_ = 0;
};

// Bytes that are no GetMetricsRequest: gRPC would answer UNIMPLEMENTED with an empty message
// (its callback handlers never reach ours); the suite names the problem instead (issue #14,
// finding 6), and writes nothing.
TEST_F(BadInputTest, AnUnparseableBodyIsInvalidArgumentNamingTheMessage) {
  const long long before = Version();
  grpc::GenericStub generic(harness_->channel());
  const std::string bodies[] = {
      std::string("\x0a\x05" "ab", 4),        // field 1, length 5, only 2 bytes follow
      std::string("\x0a\x02\xff\xfe", 4),  // district: not UTF-8
      std::string("\x10\xff\xff", 3),       // a varint cut short
  };
  for (const std::string& body : bodies) {
    grpc::Slice slice(body);
    grpc::ByteBuffer request(&slice, 1);
    grpc::ByteBuffer response;
    auto ctx = ContextWithDeadline();
    std::mutex mu;
    std::condition_variable cv;
    std::optional<grpc::Status> status;
    generic.UnaryCall(ctx.get(), "/devplan.v1.InvestmentService/GetMetrics", {}, &request,
                      &response, [&](grpc::Status s) {
                        std::lock_guard lock(mu);
                        status = std::move(s);
                        cv.notify_all();
                      });
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return status.has_value(); });  // the call's own deadline bounds it
    EXPECT_EQ(status->error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status->error_message();
    EXPECT_NE(status->error_message().find("devplan.v1.GetMetricsRequest"), std::string::npos)
        << status->error_message();
  }
  EXPECT_EQ(Version(), before);
}

TEST_F(BadInputTest, Projects) {
  v1::Project p = NewProject("P2", v1::PROJECT_CATEGORY_INDUSTRIAL);
  p.set_total_investment_yuan(-1);
  EXPECT_STATUS(Create(p), INVALID_ARGUMENT, "project.total_investment_yuan: -1");
  p.set_total_investment_yuan(1'000'000'000'001);  // over 1万亿元: 亿 typed for 万
  EXPECT_STATUS(Create(p), INVALID_ARGUMENT, "project.total_investment_yuan");
  p = NewProject("P2", v1::PROJECT_CATEGORY_INDUSTRIAL, 100);
  p.set_planned_investment_yuan(101);
  EXPECT_STATUS(Create(p), INVALID_ARGUMENT, "project.planned_investment_yuan");
  p = NewProject("P2", static_cast<v1::ProjectCategory>(42));
  EXPECT_STATUS(Create(p), INVALID_ARGUMENT, "project.category");
  p = NewProject("P2", v1::PROJECT_CATEGORY_UNSPECIFIED);
  EXPECT_STATUS(Create(p), INVALID_ARGUMENT, "project.category");
  p = NewProject("bad id!", v1::PROJECT_CATEGORY_INDUSTRIAL);
  EXPECT_STATUS(Create(p), INVALID_ARGUMENT, "project.project_id");
  p = NewProject("-", v1::PROJECT_CATEGORY_INDUSTRIAL);
  EXPECT_STATUS(Create(p), INVALID_ARGUMENT, "reserved");
  p = NewProject("P2", v1::PROJECT_CATEGORY_INDUSTRIAL);
  p.set_district("410100");  // a city, not a district
  EXPECT_STATUS(Create(p), INVALID_ARGUMENT, "project.district");
  p = NewProject("P2", v1::PROJECT_CATEGORY_INDUSTRIAL);
  p.set_title_zh("");
  EXPECT_STATUS(Create(p), INVALID_ARGUMENT, "project.title_zh");
  p = NewProject("P2", v1::PROJECT_CATEGORY_INDUSTRIAL);
  *p.mutable_started_on() = D(2024, 2, 30);
  EXPECT_STATUS(Create(p), INVALID_ARGUMENT, "project.started_on: 2024-02-30 is not a calendar date");
  p = NewProject("P2", v1::PROJECT_CATEGORY_INDUSTRIAL);
  EXPECT_STATUS(Create(p, nullptr, "", ""), INVALID_ARGUMENT, "reported_by");
  EXPECT_STATUS(Create(p, nullptr, std::string(65, 'x')), INVALID_ARGUMENT, "request_id");
}

TEST_F(BadInputTest, Funding) {
  v1::Project p = NewProject("P2", v1::PROJECT_CATEGORY_INFRASTRUCTURE, 100'000'000);
  p.mutable_funding()->set_requested_yuan(5);
  EXPECT_STATUS(Create(p), INVALID_ARGUMENT, "project.funding.source");
  p.mutable_funding()->set_source(v1::FUNDING_SOURCE_LOCAL_SPECIAL_BOND);
  p.mutable_funding()->set_requested_yuan(200'000'000);  // more than the total investment
  p.mutable_funding()->set_review_status(v1::BOND_REVIEW_STATUS_PENDING);
  EXPECT_STATUS(Create(p), INVALID_ARGUMENT, "project.funding.requested_yuan");
  p.mutable_funding()->set_requested_yuan(50'000'000);
  p.mutable_funding()->set_review_status(v1::BOND_REVIEW_STATUS_APPROVED);
  EXPECT_STATUS(Create(p), INVALID_ARGUMENT, "project.funding.reviewed_on: required");
}

TEST_F(BadInputTest, Updates) {
  v1::Project patch;
  patch.set_project_id("P1");
  patch.set_total_investment_yuan(-5);
  EXPECT_STATUS(Update(patch, {"total_investment_yuan"}), INVALID_ARGUMENT, "project.total_investment_yuan");
  EXPECT_STATUS(Update(patch, {"stage"}), INVALID_ARGUMENT, "update_mask.paths[0]");
  EXPECT_STATUS(Update(patch, {"project_id"}), INVALID_ARGUMENT, "cannot be updated");
  EXPECT_STATUS(Update(patch, {}), INVALID_ARGUMENT, "update_mask");
  patch.set_category(static_cast<v1::ProjectCategory>(99));
  EXPECT_STATUS(Update(patch, {"category"}), INVALID_ARGUMENT, "project.category");
  v1::Project unknown;
  unknown.set_project_id("NOPE");
  unknown.set_title_en("x");
  EXPECT_STATUS(Update(unknown, {"title_en"}), NOT_FOUND, "districts/410108/projects/NOPE not found");
  v1::Project malformed;
  malformed.set_name("districts/410108/project/P1");
  EXPECT_STATUS(Update(malformed, {"title_en"}), INVALID_ARGUMENT, "project.name");
  v1::Project reason;
  reason.set_project_id("P1");
  EXPECT_STATUS(Update(reason, {"title_en"}, nullptr, std::string(1001, 'r')), INVALID_ARGUMENT,
                "correction_reason");
}

TEST_F(BadInputTest, MonthlyInvestment) {
  EXPECT_STATUS(Monthly("P1", 2024, 3, -1), INVALID_ARGUMENT, "amount_yuan: -1");
  EXPECT_STATUS(Monthly("P1", 2024, 3, 100'000'000'001), INVALID_ARGUMENT, "amount_yuan");
  EXPECT_STATUS(Monthly("NOPE", 2024, 3, 1), NOT_FOUND, "districts/410108/projects/NOPE not found");
  EXPECT_STATUS(Monthly("bad id", 2024, 3, 1), INVALID_ARGUMENT, "parent");
  EXPECT_STATUS(Monthly("-", 2024, 3, 1), INVALID_ARGUMENT, "parent");
  // Months outside the years the service keeps, or not yet begun (calendar at 2024-12-31).
  EXPECT_STATUS(Monthly("P1", 2020, 12, 1), INVALID_ARGUMENT, "month.year: 2020 is outside 2021..2024");
  EXPECT_STATUS(Monthly("P1", 2025, 1, 1), INVALID_ARGUMENT, "month.year: 2025");
  EXPECT_STATUS(Monthly("P1", 2024, 13, 1), INVALID_ARGUMENT, "month.month: 13");
  EXPECT_STATUS(Monthly("P1", 2024, 0, 1), INVALID_ARGUMENT, "month.month: 0");
  EXPECT_STATUS(Monthly("P1", 2024, 3, 1, nullptr, ""), INVALID_ARGUMENT, "reported_by");
  v1::ReportMonthlyInvestmentRequest r;
  r.set_parent("districts/4101/projects/P1");
  *r.mutable_month() = D(2024, 1, 1);
  r.set_reported_by("x");
  v1::MonthlyInvestment out;
  EXPECT_STATUS(stub_->ReportMonthlyInvestment(ContextWithDeadline().get(), r, &out),
                INVALID_ARGUMENT, "parent");
}

TEST_F(BadInputTest, Figures) {
  using I = v1::EconomicIndicator;
  EXPECT_STATUS(Figure(Count(v1::ECONOMIC_INDICATOR_GDP_GROWTH, 2024, 3, 7)), INVALID_ARGUMENT,
                "figure.percent: required");
  EXPECT_STATUS(Figure(Percent(v1::ECONOMIC_INDICATOR_GDP_GROWTH, 2024, 5, 7)), INVALID_ARGUMENT,
                "quarterly");
  EXPECT_STATUS(Figure(Percent(v1::ECONOMIC_INDICATOR_FIXED_ASSET_INVESTMENT_GROWTH, 2024, 5, -150)),
                INVALID_ARGUMENT, "figure.percent: -150");
  EXPECT_STATUS(Figure(Percent(v1::ECONOMIC_INDICATOR_FIXED_ASSET_INVESTMENT_GROWTH, 2024, 5, std::nan(""))),
                INVALID_ARGUMENT, "figure.percent");
  EXPECT_STATUS(Figure(Yuan(v1::ECONOMIC_INDICATOR_CAR_SALES, 2024, 5, -1)), INVALID_ARGUMENT,
                "figure.amount_yuan: -1");
  EXPECT_STATUS(Figure(Yuan(v1::ECONOMIC_INDICATOR_BUDGET_REVENUE, 2024, 5, 100'000'000'001)),
                INVALID_ARGUMENT, "figure.amount_yuan");
  EXPECT_STATUS(Figure(Count(v1::ECONOMIC_INDICATOR_NEW_MARKET_ENTITIES, 2024, 5, 2'000'000)),
                INVALID_ARGUMENT, "figure.count");
  EXPECT_STATUS(Figure(Count(static_cast<I>(77), 2024, 5, 1)), INVALID_ARGUMENT, "figure.indicator");
  EXPECT_STATUS(Figure(Count(v1::ECONOMIC_INDICATOR_NEW_MARKET_ENTITIES, 2025, 1, 1)), INVALID_ARGUMENT,
                "figure.period.year: 2025");
  EXPECT_STATUS(Figure(Count(v1::ECONOMIC_INDICATOR_NEW_MARKET_ENTITIES, 2019, 1, 1)), INVALID_ARGUMENT,
                "figure.period.year: 2019");
  v1::GetEconomicFigureRequest get;
  get.set_name("districts/410108/economicFigures/gdp/periods/2024-03");
  v1::EconomicFigure out;
  EXPECT_STATUS(stub_->GetEconomicFigure(ContextWithDeadline().get(), get, &out), INVALID_ARGUMENT,
                "unknown indicator");
  get.set_name("districts/410108/economicFigures/gdp_growth/periods/2024-3");
  EXPECT_STATUS(stub_->GetEconomicFigure(ContextWithDeadline().get(), get, &out), INVALID_ARGUMENT,
                "yyyy-mm");
}

TEST_F(BadInputTest, EventsAndOutputs) {
  EXPECT_STATUS(Event(Ev("E1", v1::PROMOTION_EVENT_KIND_OUTBOUND_TRIP, D(2025, 1, 2))),
                FAILED_PRECONDITION, "event.start_date: 2025-01-02 is in the future");
  v1::PromotionEvent trip = Ev("E1", v1::PROMOTION_EVENT_KIND_OUTBOUND_TRIP, D(2024, 3, 1));
  trip.set_seed_industry_expo(true);
  EXPECT_STATUS(Event(trip), INVALID_ARGUMENT, "event.seed_industry_expo");
  EXPECT_STATUS(Event(Ev("E1", v1::PROMOTION_EVENT_KIND_SIGNING_CEREMONY, D(2024, 3, 1), std::nullopt,
                         {"P1", "P1"})),
                INVALID_ARGUMENT, "listed twice");
  EXPECT_STATUS(Event(Ev("E1", v1::PROMOTION_EVENT_KIND_SIGNING_CEREMONY, D(2024, 3, 2), D(2024, 3, 1))),
                INVALID_ARGUMENT, "event.end_date");
  EXPECT_STATUS(Event(Ev("E1", static_cast<v1::PromotionEventKind>(9), D(2024, 3, 1))),
                INVALID_ARGUMENT, "event.kind");

  const auto none = std::nullopt;
  EXPECT_STATUS(Output("P1", Out("R1", v1::INFRASTRUCTURE_KIND_ROAD, 2, D(2024, 3, 1), none)),
                INVALID_ARGUMENT, "output.quantity");
  EXPECT_STATUS(Output("P1", Out("R1", v1::INFRASTRUCTURE_KIND_ROAD, 1, none, D(2024, 3, 1))),
                INVALID_ARGUMENT, "output.started_on: required");
  EXPECT_STATUS(Output("P1", Out("C1", v1::INFRASTRUCTURE_KIND_CHARGING_PILES, 10, none, D(2024, 3, 1), 5)),
                INVALID_ARGUMENT, "output.parking_spaces");
  EXPECT_STATUS(Output("P1", Out("C1", v1::INFRASTRUCTURE_KIND_CHARGING_PILES, -3, none, D(2024, 3, 1))),
                INVALID_ARGUMENT, "output.quantity");
  EXPECT_STATUS(Output("P1", Out("C1", v1::INFRASTRUCTURE_KIND_CHARGING_PILES, 10, D(2024, 5, 1), D(2024, 3, 1))),
                FAILED_PRECONDITION, "before output.started_on");
  EXPECT_STATUS(Output("NOPE", Out("C1", v1::INFRASTRUCTURE_KIND_CHARGING_PILES, 10, none, D(2024, 3, 1))),
                NOT_FOUND, "not found");
  EXPECT_STATUS(Output("P1", Out("C1", v1::INFRASTRUCTURE_KIND_CHARGING_PILES, 10, none, D(2025, 3, 1))),
                FAILED_PRECONDITION, "in the future");
}

TEST_F(BadInputTest, MetricQueries) {
  v1::GetMetricsRequest r;
  r.set_district(kDistrict);
  *r.mutable_as_of() = D(2024, 9, 30);
  r.add_keys("investment.no_such_metric");
  v1::GetMetricsResponse out;
  EXPECT_STATUS(stub_->GetMetrics(ContextWithDeadline().get(), r, &out), INVALID_ARGUMENT, "keys[0]");
  r.clear_keys();
  r.set_district("41010");
  EXPECT_STATUS(stub_->GetMetrics(ContextWithDeadline().get(), r, &out), INVALID_ARGUMENT, "district");
  // Keys are bounded, and a key named many times is answered once.
  r.set_district(kDistrict);
  for (int i = 0; i < 201; ++i) r.add_keys("investment.key_projects_under_way");
  EXPECT_STATUS(stub_->GetMetrics(ContextWithDeadline().get(), r, &out), INVALID_ARGUMENT,
                "at most 200");
  r.mutable_keys()->DeleteSubrange(0, 1);
  ASSERT_OK(stub_->GetMetrics(ContextWithDeadline().get(), r, &out));
  EXPECT_EQ(out.metrics_size(), 1);
}

}  // namespace
}  // namespace devplan::testing
