#include "tests/investment/investment_fixture.h"

namespace devplan::testing {

std::string ProjectPath(const std::string& id) {
  return std::string("districts/") + kDistrict + "/projects/" + id;
}

v1::Project NewProject(const std::string& id, v1::ProjectCategory category, int64_t total_yuan) {
  v1::Project p;
  p.set_project_id(id);
  p.set_district(kDistrict);
  p.set_title_zh("测试项目 " + id);
  p.set_category(category);
  p.set_total_investment_yuan(total_yuan);
  p.set_planned_investment_yuan(total_yuan / 10);
  p.set_lead_department("区发展改革委");
  return p;
}

InvestmentTest::InvestmentTest() {
  redis::PoolOptions o;
  o.endpoint = redis_.service_endpoint();
  pool_ = std::make_unique<redis::Pool>(o);
  service_ = std::make_unique<investment::InvestmentServiceImpl>(
      ServiceContext{.pool = *pool_,
                     .workers = workers_,
                     .clock = Clock::FixedDay(absl::CivilDay(2024, 12, 31))});
  harness_ = std::make_unique<GrpcHarness>(std::vector<grpc::Service*>{service_.get()});
  stub_ = v1::InvestmentService::NewStub(harness_->channel());
}

InvestmentTest::~InvestmentTest() { harness_.reset(); }

grpc::Status InvestmentTest::Create(const v1::Project& p, v1::Project* out,
                                    const std::string& request_id, const std::string& by) {
  v1::CreateProjectRequest r;
  *r.mutable_project() = p;
  r.set_reported_by(by);
  r.set_request_id(request_id);
  v1::Project ignored;
  return stub_->CreateProject(ContextWithDeadline().get(), r, out ? out : &ignored);
}

grpc::Status InvestmentTest::Update(const v1::Project& patch, const std::vector<std::string>& paths,
                                    v1::Project* out, const std::string& reason,
                                    const std::string& request_id, const std::string& by) {
  v1::UpdateProjectRequest r;
  *r.mutable_project() = patch;
  if (r.project().name().empty()) r.mutable_project()->set_name(ProjectPath(patch.project_id()));
  for (const std::string& p : paths) r.mutable_update_mask()->add_paths(p);
  r.set_reported_by(by);
  r.set_correction_reason(reason);
  r.set_request_id(request_id);
  v1::Project ignored;
  return stub_->UpdateProject(ContextWithDeadline().get(), r, out ? out : &ignored);
}

grpc::Status InvestmentTest::Get(const std::string& id, v1::Project* out, v1::ProjectView view) {
  v1::GetProjectRequest r;
  r.set_name(ProjectPath(id));
  r.set_view(view);
  return stub_->GetProject(ContextWithDeadline().get(), r, out);
}

grpc::Status InvestmentTest::Monthly(const std::string& id, int year, int month, int64_t amount,
                                     v1::MonthlyInvestment* out, const std::string& by) {
  v1::ReportMonthlyInvestmentRequest r;
  r.set_parent(ProjectPath(id));
  *r.mutable_month() = D(year, month, 1);
  r.set_amount_yuan(amount);
  r.set_reported_by(by);
  v1::MonthlyInvestment ignored;
  return stub_->ReportMonthlyInvestment(ContextWithDeadline().get(), r, out ? out : &ignored);
}

grpc::Status InvestmentTest::Output(const std::string& project_id, const v1::InfrastructureOutput& o,
                                    v1::InfrastructureOutput* out, const std::string& reason) {
  v1::RecordInfrastructureOutputRequest r;
  r.set_parent(ProjectPath(project_id));
  *r.mutable_output() = o;
  r.set_reported_by("区城市管理局");
  r.set_correction_reason(reason);
  v1::InfrastructureOutput ignored;
  return stub_->RecordInfrastructureOutput(ContextWithDeadline().get(), r, out ? out : &ignored);
}

grpc::Status InvestmentTest::Event(const v1::PromotionEvent& e, v1::PromotionEvent* out,
                                   const std::string& request_id) {
  v1::CreatePromotionEventRequest r;
  *r.mutable_event() = e;
  r.set_reported_by("区商务局");
  r.set_request_id(request_id);
  v1::PromotionEvent ignored;
  return stub_->CreatePromotionEvent(ContextWithDeadline().get(), r, out ? out : &ignored);
}

grpc::Status InvestmentTest::Figure(const v1::EconomicFigure& f, v1::EconomicFigure* out,
                                    const std::string& by, const std::string& request_id) {
  v1::ReportEconomicFigureRequest r;
  r.set_district(kDistrict);
  *r.mutable_figure() = f;
  r.set_reported_by(by);
  r.set_request_id(request_id);
  v1::EconomicFigure ignored;
  return stub_->ReportEconomicFigure(ContextWithDeadline().get(), r, out ? out : &ignored);
}

v1::EconomicFigure InvestmentTest::Percent(v1::EconomicIndicator i, int y, int m, double pct) {
  v1::EconomicFigure f;
  f.set_indicator(i);
  *f.mutable_period() = D(y, m, 1);
  f.set_percent(pct);
  return f;
}

v1::EconomicFigure InvestmentTest::Yuan(v1::EconomicIndicator i, int y, int m, int64_t yuan) {
  v1::EconomicFigure f = Percent(i, y, m, 0);
  f.set_amount_yuan(yuan);
  return f;
}

v1::EconomicFigure InvestmentTest::Count(v1::EconomicIndicator i, int y, int m, int64_t n) {
  v1::EconomicFigure f = Percent(i, y, m, 0);
  f.set_count(n);
  return f;
}

v1::InfrastructureOutput InvestmentTest::Out(const std::string& id, v1::InfrastructureKind kind,
                                             int64_t quantity, std::optional<v1::Date> started,
                                             std::optional<v1::Date> delivered, int64_t spaces) {
  v1::InfrastructureOutput o;
  o.set_output_id(id);
  o.set_kind(kind);
  o.set_title_zh("设施 " + id);
  o.set_quantity(quantity);
  o.set_parking_spaces(spaces);
  if (started) *o.mutable_started_on() = *started;
  if (delivered) *o.mutable_delivered_on() = *delivered;
  return o;
}

v1::PromotionEvent InvestmentTest::Ev(const std::string& id, v1::PromotionEventKind kind,
                                      v1::Date start, std::optional<v1::Date> end,
                                      std::vector<std::string> signed_ids) {
  v1::PromotionEvent e;
  e.set_event_id(id);
  e.set_district(kDistrict);
  e.set_kind(kind);
  e.set_title_zh("活动 " + id);
  *e.mutable_start_date() = start;
  if (end) *e.mutable_end_date() = *end;
  for (std::string& s : signed_ids) e.add_signed_project_ids(std::move(s));
  return e;
}

v1::MetricValue InvestmentTest::Metric(const std::string& key, v1::Date as_of) {
  v1::GetMetricsRequest r;
  r.set_district(kDistrict);
  *r.mutable_as_of() = as_of;
  r.add_keys(key);
  v1::GetMetricsResponse response;
  grpc::Status s = stub_->GetMetrics(ContextWithDeadline().get(), r, &response);
  EXPECT_TRUE(s.ok()) << key << ": " << s.error_message();
  if (!s.ok() || response.metrics_size() != 1) return v1::MetricValue();
  return response.metrics(0);
}

long long InvestmentTest::Version() {
  absl::StatusOr<redis::Reply> r = pool_->Run({"GET", std::string("ver:{") + kDistrict + "}"});
  EXPECT_TRUE(r.ok());
  if (!r.ok() || r->is_nil()) return 0;
  return std::stoll(std::string(r->str()));
}

long long InvestmentTest::KeyCount() {
  absl::StatusOr<redis::Reply> r = redis_.Run({"DBSIZE"});
  EXPECT_TRUE(r.ok());
  return r.ok() ? r->integer() : -1;
}

}  // namespace devplan::testing
