// The air RPCs and the metrics contract. Water, works and plots: site_handlers.cc; the
// hourly stream: hourly_stream.cc.
#include "services/environment/environment_service.h"

#include "absl/strings/str_cat.h"
#include "services/common/dates.h"
#include "services/common/redis_keys.h"
#include "services/common/validation.h"
#include "services/common/grpc_glue.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/environment/air_day.h"
#include "services/environment/air_rules.h"
#include "services/environment/aqi_proto.h"
#include "services/environment/environment_metrics.h"
#include "services/environment/hourly_ingest.h"
#include "services/common/paging.h"
#include "services/environment/rules/aqi.h"

namespace devplan::environment {
namespace {

// A calendar heat map shows at most a year (366 days in a leap year).
constexpr int kMaxCalendarDays = 366;

}  // namespace

EnvironmentServiceImpl::EnvironmentServiceImpl(ServiceContext context)
    : context_(std::move(context)),
      records_(context_.pool, keys::kEnvironmentPrefix),
      store_(records_),
      facts_(context_.facts_cache_entries) {}

absl::StatusOr<v1::GetMetricsResponse> EnvironmentServiceImpl::DoGetMetrics(
    const v1::GetMetricsRequest& request) {
  return EnvironmentMetrics().Get(request, [this](const MetricQuery& q) {
    const int year = static_cast<int>(q.as_of.year());
    return facts_.Current(context_.pool, q.district, absl::StrCat(q.district, "/", year),
                          [&] { return store_.LoadFacts(q.district, year); });
  });
}

absl::StatusOr<v1::ListMetricDefinitionsResponse> EnvironmentServiceImpl::DoListMetricDefinitions(
    const v1::ListMetricDefinitionsRequest& request) {
  return EnvironmentMetrics().catalog().List(request);
}

absl::StatusOr<v1::DailyAqi> EnvironmentServiceImpl::DoSubmitDailyAqi(
    const v1::SubmitDailyAqiRequest& request) {
  RETURN_IF_ERROR(ValidateBulletin(request, context_.clock.today()));
  const absl::CivilDay day(request.date().year(), request.date().month(), request.date().day());
  v1::DailyAqi d;
  d.set_name(absl::StrCat("districts/", request.district(), "/dailyAqi/", DayKey(day)));
  *d.mutable_date() = ToProtoDate(day);
  d.set_aqi(request.aqi());
  *d.mutable_primary_pollutants() = request.primary_pollutants();
  d.set_reported_by(request.reported_by());
  *d.mutable_report_time() = context_.clock.now();
  return store_.air().PutDailyAqi(request.district(), std::move(d),
                                  store::RequestKey::Of({}, request));
}

absl::StatusOr<v1::Station> EnvironmentServiceImpl::DoCreateStation(
    const v1::CreateStationRequest& request) {
  if (!request.has_station()) return absl::InvalidArgumentError("station: required");
  RETURN_IF_ERROR(ValidateWriter(request.reported_by(), request.request_id()));
  v1::Station s = request.station();
  RETURN_IF_ERROR(ValidateNewStation(s));
  s.set_name(absl::StrCat("districts/", s.district(), "/stations/", s.station_id()));
  s.set_reported_by(request.reported_by());
  *s.mutable_create_time() = context_.clock.now();
  return store_.air().CreateStation(store::RequestKey::Of(request.request_id(), request),
                                    std::move(s));
}

absl::StatusOr<v1::Station> EnvironmentServiceImpl::DoGetStation(
    const v1::GetStationRequest& request) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseResourceName(request.name(), "name", {"districts", "stations"}));
  ASSIGN_OR_RETURN(std::optional<v1::Station> s, store_.air().GetStation(ids[0], ids[1]));
  if (!s.has_value()) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  return *s;
}

absl::StatusOr<v1::ListStationsResponse> EnvironmentServiceImpl::DoListStations(
    const v1::ListStationsRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  ASSIGN_OR_RETURN(std::vector<v1::Station> all, store_.air().ListStations(request.district()));
  return PageOf(
      all, request.page_size(), request.page_token(), absl::StrCat("stations/", request.district()),
      &v1::ListStationsResponse::mutable_stations);
}

absl::StatusOr<v1::SubmitHourlyReadingsResponse> EnvironmentServiceImpl::DoSubmitHourlyReadings(
    const v1::SubmitHourlyReadingsRequest& request) {
  RETURN_IF_ERROR(ValidateReadingsCount(request));
  HourlyIngest ingest(store_.air(), context_.clock);
  RETURN_IF_ERROR(ingest.Begin(request));
  absl::Status s = ingest.Add(request);
  if (s.ok()) s = ingest.Finish();
  if (!s.ok()) return absl::Status(s.code(), absl::StrCat(s.message(), "; ", ingest.Progress()));
  return ingest.response();
}

absl::StatusOr<v1::AqiAssessment> EnvironmentServiceImpl::DoComputeAqi(
    const v1::ComputeAqiRequest& request) {
  RETURN_IF_ERROR(ValidateComputeAqi(request));
  const absl::CivilDay day(request.date().year(), request.date().month(), request.date().day());
  return ToProto(env::ComputeDailyAqi(FromProto(request.concentrations()), day));
}

absl::StatusOr<v1::AirQualityDay> EnvironmentServiceImpl::DoGetAirQualityDay(
    const v1::GetAirQualityDayRequest& request) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseResourceName(request.name(), "name", {"districts", "airQualityDays"}));
  absl::CivilDay day;
  if (!absl::ParseCivilTime(ids[1], &day) || DayKey(day) != ids[1]) {
    return absl::InvalidArgumentError(
        absl::StrCat("name: \"", ids[1], "\" is not a yyyy-mm-dd date"));
  }
  ASSIGN_OR_RETURN(std::vector<v1::AirQualityDay> days, store_.air().LoadDays(ids[0], day, day));
  if (days.empty()) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  return days.front();
}

absl::StatusOr<v1::GetAqiCalendarResponse> EnvironmentServiceImpl::DoGetAqiCalendar(
    const v1::GetAqiCalendarRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  ASSIGN_OR_RETURN(absl::CivilDay first, ToCivilDay(request.start_date(), "start_date"));
  ASSIGN_OR_RETURN(absl::CivilDay last, ToCivilDay(request.end_date(), "end_date"));
  if (last < first) return absl::InvalidArgumentError("end_date: before start_date");
  if (last - first + 1 > kMaxCalendarDays) {
    return absl::InvalidArgumentError(absl::StrCat("end_date: the range spans ", last - first + 1,
                                                   " days; at most ", kMaxCalendarDays,
                                                   " per call (page by date)"));
  }
  ASSIGN_OR_RETURN(std::vector<v1::AirQualityDay> days,
                   store_.air().LoadDays(request.district(), first, last));
  v1::GetAqiCalendarResponse response;
  response.set_district(request.district());
  auto next = days.begin();
  for (absl::CivilDay d = first; d <= last; ++d) {
    v1::AqiCalendarDay* out = response.add_days();
    *out->mutable_date() = ToProtoDate(d);
    out->set_source(v1::AIR_DAY_SOURCE_NONE);
    out->set_validity(v1::AQI_VALIDITY_NO_DATA);
    if (next == days.end() || absl::CivilDay(next->date().year(), next->date().month(),
                                             next->date().day()) != d) {
      continue;
    }
    const v1::AirQualityDay& day = *next++;
    out->set_source(day.source());
    out->set_validity(day.assessment().validity());
    if (!IsCounted(day)) continue;
    out->set_valid(true);
    out->set_aqi(day.assessment().aqi());
    out->set_category(day.assessment().category());
    *out->mutable_primary_pollutants() = day.assessment().primary_pollutants();
    response.set_valid_days(response.valid_days() + 1);
    if (out->aqi() <= env::kGoodDayMaxAqi) response.set_good_days(response.good_days() + 1);
  }
  return response;
}

}  // namespace devplan::environment
