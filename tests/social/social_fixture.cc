#include "tests/social/social_fixture.h"

#include "services/common/redis_keys.h"

namespace devplan::social::testing {

using ::devplan::testing::ContextWithDeadline;

SocialFixture::SocialFixture() {
  redis::PoolOptions o;
  o.endpoint = redis_.service_endpoint();
  pool_ = std::make_unique<redis::Pool>(o);
  service_ = std::make_unique<SocialServiceImpl>(ServiceContext{.pool = *pool_, .workers = workers_});
  harness_ = std::make_unique<::devplan::testing::GrpcHarness>(
      std::vector<grpc::Service*>{service_.get()});
  stub_ = v1::SocialService::NewStub(harness_->channel());
}

SocialFixture::~SocialFixture() {
  stub_.reset();
  harness_.reset();
}

std::string SocialFixture::Writes() {
  absl::StatusOr<redis::Reply> ver = pool_->Run({"GET", keys::DataVersion(kDistrict)});
  absl::StatusOr<redis::Reply> size = redis_.Run({"DBSIZE"});
  EXPECT_TRUE(ver.ok() && size.ok());
  return std::string(ver->str()) + "/" + std::to_string(size->integer());
}

std::map<std::string, v1::MetricValue> SocialFixture::Metrics(v1::Date as_of) {
  v1::GetMetricsRequest r;
  r.set_district(kDistrict);
  *r.mutable_as_of() = as_of;
  v1::GetMetricsResponse resp;
  grpc::Status s = stub_->GetMetrics(ContextWithDeadline().get(), r, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
  std::map<std::string, v1::MetricValue> out;
  for (const v1::MetricValue& v : resp.metrics()) out[v.key()] = v;
  return out;
}

grpc::Status SocialFixture::Report(const v1::ReportMonthlyFigureRequest& r, v1::MonthlyFigure* out) {
  v1::MonthlyFigure ignored;
  return stub_->ReportMonthlyFigure(ContextWithDeadline().get(), r, out ? out : &ignored);
}
grpc::Status SocialFixture::Report(const v1::ReportTalentCountRequest& r, v1::TalentCount* out) {
  v1::TalentCount ignored;
  return stub_->ReportTalentCount(ContextWithDeadline().get(), r, out ? out : &ignored);
}
grpc::Status SocialFixture::Report(const v1::ReportCoverageRequest& r, v1::CoverageFigure* out) {
  v1::CoverageFigure ignored;
  return stub_->ReportCoverage(ContextWithDeadline().get(), r, out ? out : &ignored);
}
grpc::Status SocialFixture::Create(const v1::CreateFacilityRequest& r, v1::Facility* out) {
  v1::Facility ignored;
  return stub_->CreateFacility(ContextWithDeadline().get(), r, out ? out : &ignored);
}
grpc::Status SocialFixture::Step(const v1::RecordFacilityStepRequest& r, v1::Facility* out) {
  v1::Facility ignored;
  return stub_->RecordFacilityStep(ContextWithDeadline().get(), r, out ? out : &ignored);
}
grpc::Status SocialFixture::Create(const v1::CreateEventRequest& r, v1::Event* out) {
  v1::Event ignored;
  return stub_->CreateEvent(ContextWithDeadline().get(), r, out ? out : &ignored);
}
grpc::Status SocialFixture::Batch(const v1::BatchCreateEventsRequest& r,
                                  v1::BatchCreateEventsResponse* out) {
  v1::BatchCreateEventsResponse ignored;
  return stub_->BatchCreateEvents(ContextWithDeadline().get(), r, out ? out : &ignored);
}
grpc::Status SocialFixture::Finish(const v1::FinishEventRequest& r, v1::Event* out) {
  v1::Event ignored;
  return stub_->FinishEvent(ContextWithDeadline().get(), r, out ? out : &ignored);
}

v1::ReportMonthlyFigureRequest SocialFixture::Monthly(v1::SocialIndicator indicator, int year,
                                                      int month, int64_t value, std::string dept) {
  v1::ReportMonthlyFigureRequest r;
  r.set_district(kDistrict);
  r.set_indicator(indicator);
  *r.mutable_month() = D(year, month, 1);
  r.set_value(value);
  r.set_reported_by(std::move(dept));
  return r;
}

v1::ReportTalentCountRequest SocialFixture::Talent(v1::TalentCategory category, v1::Date date,
                                                   int64_t count) {
  v1::ReportTalentCountRequest r;
  r.set_district(kDistrict);
  r.set_category(category);
  *r.mutable_date() = date;
  r.set_count(count);
  r.set_reported_by("区教育局");
  return r;
}

v1::ReportCoverageRequest SocialFixture::Coverage(v1::InsuranceScheme scheme, int year, int month,
                                                  int64_t insured, int64_t eligible) {
  v1::ReportCoverageRequest r;
  r.set_district(kDistrict);
  r.set_scheme(scheme);
  *r.mutable_month() = D(year, month, 1);
  r.set_insured(insured);
  r.set_eligible(eligible);
  r.set_reported_by("区人社局");
  return r;
}

v1::CreateFacilityRequest SocialFixture::NewFacility(const std::string& id,
                                                     const std::string& title_zh,
                                                     v1::FacilityKind kind,
                                                     v1::PlanFacility plan) {
  v1::CreateFacilityRequest r;
  v1::Facility* f = r.mutable_facility();
  f->set_facility_id(id);
  f->set_district(kDistrict);
  f->set_title_zh(title_zh);
  f->set_kind(kind);
  f->set_plan_facility(plan);
  f->set_lead_department(kind == v1::FACILITY_KIND_HEALTH ? "区卫生健康委" : "区教育局");
  r.set_reported_by(f->lead_department());
  return r;
}

v1::RecordFacilityStepRequest SocialFixture::StepOf(const std::string& id, v1::FacilityStage stage,
                                                    v1::Date date, std::string reason) {
  v1::RecordFacilityStepRequest r;
  r.set_name(std::string("districts/") + kDistrict + "/facilities/" + id);
  r.set_stage(stage);
  *r.mutable_date() = date;
  r.set_reported_by("区住建局");
  r.set_correction_reason(std::move(reason));
  return r;
}

v1::Event SocialFixture::JobFair(const std::string& id, v1::Date start, int64_t positions) {
  v1::Event e;
  e.set_event_id(id);
  e.set_district(kDistrict);
  e.set_kind(v1::EVENT_KIND_JOB_FAIR);
  e.set_title_zh("专场招聘会 " + id);
  *e.mutable_start_date() = start;
  e.set_positions_offered(positions);
  e.set_organizer("区人社局");
  return e;
}

v1::Event SocialFixture::Cultural(const std::string& id, v1::Date start,
                                  v1::CulturalEventType type) {
  v1::Event e;
  e.set_event_id(id);
  e.set_district(kDistrict);
  e.set_kind(v1::EVENT_KIND_CULTURAL);
  e.set_title_zh("文化惠民活动 " + id);
  *e.mutable_start_date() = start;
  e.set_cultural_type(type);
  e.set_organizer("区文化广电和旅游局");
  return e;
}

v1::Event SocialFixture::FootballCup(v1::Date start) {
  v1::Event e;
  e.set_event_id("yellow-river-cup-3");
  e.set_district(kDistrict);
  e.set_kind(v1::EVENT_KIND_SPORTS);
  e.set_title_zh("第三届“沿黄杯”足球赛");
  *e.mutable_start_date() = start;
  e.set_plan_event(v1::PLAN_EVENT_YELLOW_RIVER_CUP_3);
  e.set_organizer("区体育局");
  return e;
}

v1::CreateEventRequest SocialFixture::CreateOf(v1::Event e) {
  v1::CreateEventRequest r;
  r.set_reported_by(e.organizer());
  *r.mutable_event() = std::move(e);
  return r;
}

void SocialFixture::Facility(const v1::CreateFacilityRequest& create,
                             const std::vector<std::pair<v1::FacilityStage, v1::Date>>& steps) {
  grpc::Status s = Create(create);
  ASSERT_TRUE(s.ok()) << s.error_message();
  for (const auto& [stage, date] : steps) {
    s = Step(StepOf(create.facility().facility_id(), stage, date));
    ASSERT_TRUE(s.ok()) << create.facility().facility_id() << " " << v1::FacilityStage_Name(stage)
                        << ": " << s.error_message();
  }
}

}  // namespace devplan::social::testing
