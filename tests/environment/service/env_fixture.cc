#include "tests/environment/service/env_fixture.h"

namespace devplan::testing {

EnvTest::EnvTest(absl::Duration stream_idle_timeout) {
  redis::PoolOptions o;
  o.endpoint = redis_.service_endpoint();
  pool_ = std::make_unique<redis::Pool>(o);
  service_ = std::make_unique<environment::EnvironmentServiceImpl>(
      ServiceContext{.pool = *pool_, .workers = workers_, .stream_idle_timeout = stream_idle_timeout});
  server_ = std::make_unique<GrpcHarness>(std::vector<grpc::Service*>{service_.get()});
  stub_ = v1::EnvironmentService::NewStub(server_->channel());
}

EnvTest::~EnvTest() { server_.reset(); }

void EnvTest::AddStations(const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    v1::CreateStationRequest req;
    req.mutable_station()->set_station_id(id);
    req.mutable_station()->set_district(kDistrict);
    req.mutable_station()->set_title_zh("测试站 " + id);
    req.mutable_station()->set_level(v1::STATION_LEVEL_NATIONAL);
    req.set_reported_by(kDept);
    v1::Station out;
    grpc::Status s = stub_->CreateStation(ContextWithDeadline().get(), req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
}

grpc::Status EnvTest::Stream(const std::vector<v1::HourlyReading>& readings, int year,
                             size_t chunk, v1::SubmitHourlyReadingsResponse* response,
                             const std::string& district) {
  auto ctx = ContextWithDeadline(120000);
  auto writer = stub_->StreamHourlyReadings(ctx.get(), response);
  v1::SubmitHourlyReadingsRequest m;
  m.set_district(district);
  m.set_year(year);
  m.set_reported_by(kDept);
  for (size_t i = 0; i < readings.size(); ++i) {
    *m.add_readings() = readings[i];
    if (m.readings_size() == static_cast<int>(chunk)) {
      if (!writer->Write(m)) break;  // the server finished early; Finish says why
      m.Clear();
    }
  }
  if (m.readings_size() > 0 || readings.empty()) writer->Write(m);
  writer->WritesDone();
  return writer->Finish();
}

v1::MetricValue EnvTest::Metric(const std::string& key, const v1::Date& as_of) {
  v1::GetMetricsRequest req;
  req.set_district(kDistrict);
  *req.mutable_as_of() = as_of;
  req.add_keys(key);
  v1::GetMetricsResponse resp;
  grpc::Status s = stub_->GetMetrics(ContextWithDeadline().get(), req, &resp);
  EXPECT_TRUE(s.ok()) << key << ": " << s.error_message();
  if (!s.ok() || resp.metrics_size() != 1) return v1::MetricValue();
  return resp.metrics(0);
}

long long EnvTest::Keys(const std::string& pattern) {
  absl::StatusOr<redis::Reply> r = redis_.Run({"KEYS", pattern});
  return r.ok() ? static_cast<long long>(r->size()) : -1;
}

v1::HourlyReading Reading(const std::string& station, v1::Date date, int hour, double pm25,
                          double pm10, double so2, double no2, double o3, double co) {
  v1::HourlyReading r;
  r.set_station_id(station);
  *r.mutable_date() = date;
  r.set_hour(hour);
  v1::HourlyConcentrations* c = r.mutable_concentrations();
  c->set_pm25(pm25);
  c->set_pm10(pm10);
  c->set_so2(so2);
  c->set_no2(no2);
  c->set_o3(o3);
  c->set_co(co);
  return r;
}

}  // namespace devplan::testing
