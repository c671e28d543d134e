// daily-aqi: the bulletin's AQI, one row per district and day → EnvironmentService
// SubmitDailyAqi. The day is its natural key: a resubmission replaces the stored value, so
// re-importing the file stores the same values again.
#include "absl/strings/str_cat.h"
#include "devplan/v1/environment.grpc.pb.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/import_common.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

absl::StatusOr<v1::SubmitDailyAqiRequest> Parse(const Record& r, const ImportOptions& o) {
  v1::SubmitDailyAqiRequest req;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  req.set_district(basics.district);
  ASSIGN_OR_RETURN(v1::Date date, RequiredDate(r, "date"));
  RETURN_IF_ERROR(NotInFuture(date, "date"));
  *req.mutable_date() = date;
  ASSIGN_OR_RETURN(std::string aqi_cell, Required(r, "aqi"));
  ASSIGN_OR_RETURN(int64_t aqi, Named(ParseInt(aqi_cell), "aqi"));
  if (aqi < 0 || aqi > 500) return absl::InvalidArgumentError("aqi is outside 0..500");
  req.set_aqi(static_cast<int>(aqi));
  if (auto p = r.Get("primary_pollutants")) {
    for (std::string& code : ListCell(*p)) req.add_primary_pollutants(std::move(code));
  }
  req.set_reported_by(basics.reported_by);
  req.set_validate_only(o.dry_run);
  return req;
}

}  // namespace

ImportKind DailyAqiKind() {
  ImportKind k;
  k.name = "daily-aqi";
  k.summary = "the bulletin's daily AQI: one row per day (EnvironmentService)";
  k.fields = WithCommonFields({
      {"date", {"日期"}, "YYYY-MM-DD", true},
      {"aqi", {"AQI", "空气质量指数"}, "0-500", true},
      {"primary_pollutants", {"首要污染物"}, "codes separated by ; (PM2.5, PM10, O3_8H, NO2, …); empty when AQI <= 50"},
  });
  k.run = [](const ParsedFile& file, const ImportOptions& o) {
    auto stub = v1::EnvironmentService::NewStub(ChannelTo(G().environment_addr));
    return RunRows<v1::SubmitDailyAqiRequest>(
        file, o, "daily-aqi", Parse, [&](const v1::SubmitDailyAqiRequest& req) {
          v1::DailyAqi out;
          return WriteOutcome{stub->SubmitDailyAqi(Ctx().get(), req, &out), true};
        });
  };
  return k;
}

}  // namespace devplan::ctl
