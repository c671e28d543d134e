// air: hourly concentrations, one row per station and hour → EnvironmentService
// StreamHourlyReadings (client stream, 1,000 readings a message), one stream per district,
// year and reporting department. Readings the service refuses are reported with their line;
// the valid ones are stored. A resubmitted hour replaces the stored one (same values: no change).
#include <algorithm>
#include <cstdlib>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "devplan/v1/environment.grpc.pb.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/import_common.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

constexpr int kPerMessage = 1000;

struct Pollutant {
  const char* field;
  std::vector<std::string> aliases;
  void (v1::HourlyConcentrations::*set)(double);
};

const std::vector<Pollutant>& Pollutants() {
  static const std::vector<Pollutant> p = {
      {"pm25", {"PM2.5", "pm2_5", "PM2.5(µg/m³)", "PM2.5(ug/m3)"}, &v1::HourlyConcentrations::set_pm25},
      {"pm10", {"PM10", "PM10(µg/m³)", "PM10(ug/m3)"}, &v1::HourlyConcentrations::set_pm10},
      {"so2", {"SO2", "SO₂", "SO2(µg/m³)", "SO2(ug/m3)"}, &v1::HourlyConcentrations::set_so2},
      {"no2", {"NO2", "NO₂", "NO2(µg/m³)", "NO2(ug/m3)"}, &v1::HourlyConcentrations::set_no2},
      {"o3", {"O3", "O₃", "O3(µg/m³)", "O3(ug/m3)"}, &v1::HourlyConcentrations::set_o3},
      {"co", {"CO", "CO(mg/m³)", "CO(mg/m3)"}, &v1::HourlyConcentrations::set_co},
  };
  return p;
}

struct Reading {
  std::string district, reported_by;
  v1::HourlyReading reading;
  const Record* record;
};

absl::StatusOr<Reading> Parse(const Record& r, const ImportOptions& o) {
  Reading out;
  out.record = &r;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  out.district = basics.district;
  out.reported_by = basics.reported_by;
  ASSIGN_OR_RETURN(std::string station, Required(r, "station_id"));
  ASSIGN_OR_RETURN(v1::Date date, RequiredDate(r, "date"));
  // "13", "13:00" or "13时".
  ASSIGN_OR_RETURN(std::string h, Required(r, "hour"));
  if (size_t cut = h.find_first_of(":时"); cut != std::string::npos) h = h.substr(0, cut);
  ASSIGN_OR_RETURN(int64_t hour, Named(ParseInt(h), "hour"));
  int64_t hv = o.hours_end_labelled ? hour - 1 : hour;
  if (hv < 0 || hv > 23) {
    return absl::InvalidArgumentError(absl::StrCat("hour ", hour, " is outside ",
                                                   o.hours_end_labelled ? "1-24" : "0-23"));
  }
  out.reading.set_station_id(station);
  *out.reading.mutable_date() = date;
  out.reading.set_hour(static_cast<int>(hv));
  int values = 0;
  for (const Pollutant& p : Pollutants()) {
    auto cell = r.Get(p.field);
    if (!cell) continue;
    ASSIGN_OR_RETURN(double v, Named(ParseDouble(*cell), p.field));
    if (v < 0) return absl::InvalidArgumentError(absl::StrCat(p.field, ": ", *cell, " is negative"));
    (out.reading.mutable_concentrations()->*p.set)(v);
    ++values;
  }
  if (values == 0) return absl::InvalidArgumentError("no concentration in the row");
  return out;
}

ImportResult Run(const ParsedFile& file, const ImportOptions& o) {
  ImportResult result;
  // (district, year, reported_by) → readings in file order.
  std::map<std::tuple<std::string, int, std::string>, std::vector<Reading>> streams;
  for (const Record& r : file.records) {
    ++result.rows;
    if (r.values.count("__extra__")) {
      AddRowError(result, r, "more cells than the header has columns");
      continue;
    }
    absl::StatusOr<Reading> reading = Parse(r, o);
    if (!reading.ok()) {
      AddRowError(result, r, std::string(reading.status().message()));
      continue;
    }
    streams[{reading->district, reading->reading.date().year(), reading->reported_by}]
        .push_back(*std::move(reading));
  }
  auto stub = v1::EnvironmentService::NewStub(ChannelTo(G().environment_addr));
  int64_t total = 0;
  for (const auto& [key, readings] : streams) total += static_cast<int64_t>(readings.size());
  Progress bar(o.progress, "air", total);
  int64_t sent_before = 0;
  int days = 0;
  std::vector<std::pair<int, std::string>> refusals;  // line, message
  for (const auto& [key, readings] : streams) {
    const auto& [district, year, reporter] = key;
    v1::SubmitHourlyReadingsResponse resp;
    auto ctx = Ctx(std::max(G().timeout_s, 600));
    std::unique_ptr<grpc::ClientWriter<v1::SubmitHourlyReadingsRequest>> writer =
        stub->StreamHourlyReadings(ctx.get(), &resp);
    for (size_t i = 0; i < readings.size(); i += kPerMessage) {
      v1::SubmitHourlyReadingsRequest m;
      if (i == 0) {
        m.set_district(district);
        m.set_year(year);
        m.set_reported_by(reporter);
        m.set_validate_only(o.dry_run);
      }
      for (size_t k = i; k < readings.size() && k < i + kPerMessage; ++k) {
        *m.add_readings() = readings[k].reading;
      }
      if (!writer->Write(m)) break;  // the server ended the stream; Finish says why
      bar.Set(sent_before + static_cast<int64_t>(std::min(readings.size(), i + kPerMessage)));
    }
    writer->WritesDone();
    grpc::Status s = writer->Finish();
    sent_before += static_cast<int64_t>(readings.size());
    if (!s.ok()) {
      const Record& first = *readings.front().record;
      result.failed += static_cast<int>(readings.size());
      result.exit_code = std::max(result.exit_code, ExitCodeFor(s.error_code()));
      result.errors.push_back(absl::StrCat(first.Where(), ": stream of ", readings.size(),
                                           " readings (", district, ", ", year, ") failed: ",
                                           StatusCodeName(s.error_code()), ": ", s.error_message()));
      if (ExitCodeFor(s.error_code()) == kExitUnavailable) {
        result.abort_code = kExitUnavailable;
        result.abort_message = "the EnvironmentService did not answer; run the import again (resending is harmless)";
        break;
      }
      continue;
    }
    (o.dry_run ? result.checked : result.written) += static_cast<int>(resp.accepted_count());
    days += resp.days_updated();
    for (const auto& refused : resp.refused()) {
      const Reading& rd = readings.at(static_cast<size_t>(refused.index()));
      refusals.push_back({rd.record->line, absl::StrCat(rd.record->Where(), ": ", refused.reason())});
    }
    result.failed += static_cast<int>(resp.refused_count());
    if (resp.refused_count() > 0) result.exit_code = std::max(result.exit_code, static_cast<int>(kExitBadInput));
    if (resp.refused_truncated()) {
      result.errors.push_back(absl::StrCat(file.records.front().file, ": ",
                                           resp.refused_count() - resp.refused_size(),
                                           " more refused readings not listed by the service"));
    }
  }
  bar.Finish();
  // Local and service refusals together, in file order.
  for (std::string& e : result.errors) refusals.push_back({0, std::move(e)});
  result.errors.clear();
  const std::string prefix = file.records.empty() ? "" : file.records.front().file + ":";
  for (auto& [line, msg] : refusals) {
    if (line == 0) {
      line = msg.rfind(prefix, 0) == 0 ? std::atoi(msg.c_str() + prefix.size()) : INT32_MAX;
    }
  }
  std::stable_sort(refusals.begin(), refusals.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [line, msg] : refusals) result.errors.push_back(std::move(msg));
  result.note = absl::StrCat(days, " days' AQI recomputed");
  return result;
}

}  // namespace

ImportKind AirKind() {
  ImportKind k;
  k.name = "air";
  k.summary = "hourly air readings: one row per station and hour, streamed (EnvironmentService)";
  std::vector<FieldSpec> f = {
      {"station_id", {"站点编号", "站点", "station"}, "a registered station", true},
      {"date", {"日期"}, "YYYY-MM-DD (China Standard Time)", true},
      {"hour", {"小时", "时段", "时"}, "0-23, the hour from hour:00 (--hours-end-labelled: 1-24)", true},
  };
  for (const Pollutant& p : Pollutants()) {
    f.push_back({p.field, p.aliases, p.field == std::string("co") ? "mg/m³; empty = no valid value" : "µg/m³; empty = no valid value"});
  }
  k.fields = WithCommonFields(f);
  k.run = Run;
  return k;
}

}  // namespace devplan::ctl
