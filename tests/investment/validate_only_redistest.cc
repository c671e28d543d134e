// validate_only (AIP-163) on every InvestmentService write: a rehearsal checks what the write
// would check, including stored state (the project, the lifecycle order, the request_id),
// writes nothing, and answers what the write then answers.
#include "tests/investment/investment_fixture.h"
#include "tests/support/validate_only.h"

namespace devplan::testing {
namespace {

class ValidateOnlyTest : public InvestmentTest {
 protected:
  grpc::Status CreateP(const v1::CreateProjectRequest& r) {
    return RehearseThenWrite<v1::CreateProjectRequest, v1::Project>(
        redis_, r, [&](const auto& q, auto* out) {
          return stub_->CreateProject(ContextWithDeadline().get(), q, out);
        });
  }
  grpc::Status UpdateP(const v1::UpdateProjectRequest& r) {
    return RehearseThenWrite<v1::UpdateProjectRequest, v1::Project>(
        redis_, r, [&](const auto& q, auto* out) {
          return stub_->UpdateProject(ContextWithDeadline().get(), q, out);
        });
  }
  grpc::Status MonthlyP(const v1::ReportMonthlyInvestmentRequest& r) {
    return RehearseThenWrite<v1::ReportMonthlyInvestmentRequest, v1::MonthlyInvestment>(
        redis_, r, [&](const auto& q, auto* out) {
          return stub_->ReportMonthlyInvestment(ContextWithDeadline().get(), q, out);
        });
  }
  grpc::Status OutputP(const v1::RecordInfrastructureOutputRequest& r) {
    return RehearseThenWrite<v1::RecordInfrastructureOutputRequest, v1::InfrastructureOutput>(
        redis_, r, [&](const auto& q, auto* out) {
          return stub_->RecordInfrastructureOutput(ContextWithDeadline().get(), q, out);
        });
  }
  grpc::Status EventP(const v1::CreatePromotionEventRequest& r) {
    return RehearseThenWrite<v1::CreatePromotionEventRequest, v1::PromotionEvent>(
        redis_, r, [&](const auto& q, auto* out) {
          return stub_->CreatePromotionEvent(ContextWithDeadline().get(), q, out);
        });
  }
  grpc::Status FigureP(const v1::ReportEconomicFigureRequest& r) {
    return RehearseThenWrite<v1::ReportEconomicFigureRequest, v1::EconomicFigure>(
        redis_, r, [&](const auto& q, auto* out) {
          return stub_->ReportEconomicFigure(ContextWithDeadline().get(), q, out);
        });
  }
  static v1::CreateProjectRequest NewP(const std::string& id) {
    v1::CreateProjectRequest r;
    *r.mutable_project() = NewProject(id, v1::PROJECT_CATEGORY_INDUSTRIAL);
    r.set_reported_by("区发展改革委");
    return r;
  }
  static v1::UpdateProjectRequest DateOf(const std::string& id, const std::string& path,
                                         v1::Date d) {
    v1::UpdateProjectRequest r;
    r.mutable_project()->set_name(ProjectPath(id));
    const auto* f = v1::Project::descriptor()->FindFieldByName(path);
    r.mutable_project()->GetReflection()->MutableMessage(r.mutable_project(), f)->CopyFrom(d);
    r.mutable_update_mask()->add_paths(path);
    r.set_reported_by("区发展改革委");
    return r;
  }
  static v1::ReportMonthlyInvestmentRequest Amount(const std::string& id, int64_t yuan) {
    v1::ReportMonthlyInvestmentRequest r;
    r.set_parent(ProjectPath(id));
    *r.mutable_month() = D(2024, 6, 1);
    r.set_amount_yuan(yuan);
    r.set_reported_by("区统计局");
    return r;
  }
};

TEST_F(ValidateOnlyTest, ProjectsAndTheirLifecycle) {
  ASSERT_OK(CreateP(NewP("P1")));
  ASSERT_OK(UpdateP(DateOf("P1", "signed_on", D(2024, 3, 1))));
  // Out of order against the stored project: started before it was signed.
  EXPECT_STATUS(UpdateP(DateOf("P1", "started_on", D(2024, 2, 1))), FAILED_PRECONDITION,
                "before project.signed_on");
  // Unknown project.
  EXPECT_STATUS(UpdateP(DateOf("NOPE", "signed_on", D(2024, 3, 1))), NOT_FOUND, "NOPE");
  // Taken id: only the stored state can say so.
  EXPECT_STATUS(CreateP(NewP("P1")), ALREADY_EXISTS, "P1");
}

TEST_F(ValidateOnlyTest, ARehearsedRequestIdIsStillFreeAndAUsedOneIsCheckedAsTheWriteWould) {
  v1::CreateProjectRequest r = NewP("P2");
  r.set_request_id("req-2");
  r.set_validate_only(true);
  v1::Project out;
  ASSERT_OK(stub_->CreateProject(ContextWithDeadline().get(), r, &out));
  EXPECT_EQ(Version(), 0);
  r.set_validate_only(false);
  ASSERT_OK(stub_->CreateProject(ContextWithDeadline().get(), r, &out));
  EXPECT_EQ(Version(), 1);
  // The same request again, rehearsed: a retry, answered as stored.
  ASSERT_OK(CreateP(r));
  // The id with other content.
  v1::CreateProjectRequest other = NewP("P3");
  other.set_request_id("req-2");
  EXPECT_STATUS(CreateP(other), INVALID_ARGUMENT, "request_id");
  EXPECT_EQ(Version(), 1);
}

TEST_F(ValidateOnlyTest, MonthlyInvestmentOutputsEventsAndFigures) {
  ASSERT_OK(CreateP(NewP("P1")));
  ASSERT_OK(MonthlyP(Amount("P1", 5'000'000)));
  EXPECT_STATUS(MonthlyP(Amount("NOPE", 5'000'000)), NOT_FOUND, "NOPE");

  v1::RecordInfrastructureOutputRequest out;
  out.set_parent(ProjectPath("P1"));
  *out.mutable_output() = Out("R1", v1::INFRASTRUCTURE_KIND_ROAD, 1, D(2024, 4, 1), std::nullopt);
  out.set_reported_by("区城市管理局");
  ASSERT_OK(OutputP(out));
  out.set_parent(ProjectPath("NOPE"));
  EXPECT_STATUS(OutputP(out), NOT_FOUND, "NOPE");

  v1::CreatePromotionEventRequest ev;
  *ev.mutable_event() = Ev("E1", v1::PROMOTION_EVENT_KIND_SIGNING_CEREMONY, D(2024, 5, 20),
                           std::nullopt, {"P1"});
  ev.set_reported_by("区商务局");
  ASSERT_OK(EventP(ev));
  *ev.mutable_event() = Ev("E2", v1::PROMOTION_EVENT_KIND_SIGNING_CEREMONY, D(2024, 5, 20),
                           std::nullopt, {"NOPE"});
  EXPECT_STATUS(EventP(ev), NOT_FOUND, "signed_project_ids[0]");

  v1::ReportEconomicFigureRequest fig;
  fig.set_district(kDistrict);
  *fig.mutable_figure() = Percent(v1::ECONOMIC_INDICATOR_RETAIL_SALES_GROWTH, 2024, 5, 6.1);
  fig.set_reported_by("区统计局");
  ASSERT_OK(FigureP(fig));
}

}  // namespace
}  // namespace devplan::testing
