// devplanctl environment …: stations, one hourly reading, one water sample, the AQI calendar.
#include <iostream>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "devplan/v1/environment.grpc.pb.h"
#include "services/common/dates.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/commands.h"
#include "services/devplanctl/output.h"
#include "services/devplanctl/palette.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

struct Args {
  std::string district, reported_by, id, title, title_en, level = "city", station, date, hour;
  std::string pm25, pm10, so2, no2, o3, co, body, point, from, to;
  std::map<std::string, std::string> measures;
  std::optional<double> lat, lon;
  bool json = false, end_labelled = false;
};

std::unique_ptr<v1::EnvironmentService::Stub> Stub() {
  return v1::EnvironmentService::NewStub(ChannelTo(G().environment_addr));
}

ImportOptions Opts(const Args& a) {
  ImportOptions o;
  o.district = a.district;
  o.reported_by = a.reported_by;
  o.reporter_from_identity = ReporterFromIdentity();
  o.hours_end_labelled = a.end_labelled;
  return o;
}

int ListStations(const Args& a) {
  v1::ListStationsRequest req;
  req.set_district(a.district);
  req.set_page_size(1000);
  v1::ListStationsResponse resp;
  CheckRpc(Stub()->ListStations(Ctx().get(), req, &resp), "stations list", G().environment_addr);
  if (a.json) {
    PrintProto(resp, true);
    return kExitOk;
  }
  for (const auto& s : resp.stations()) {
    std::cout << PadRight(s.station_id(), 16) << PadRight(s.title_zh(), 32)
              << PadRight(v1::StationLevel_Name(s.level()).substr(14), 12);
    if (s.has_latitude()) std::cout << absl::StrFormat("%.4f,%.4f", s.latitude(), s.longitude());
    std::cout << "\n";
  }
  std::cout << resp.total_size() << " stations\n";
  return kExitOk;
}

int AddStation(const Args& a) {
  v1::CreateStationRequest req;
  v1::Station& s = *req.mutable_station();
  s.set_station_id(a.id);
  s.set_district(a.district);
  s.set_title_zh(a.title);
  s.set_title_en(a.title_en);
  std::string level = NormalizeKey(a.level);
  s.set_level(level == "national" || level == "国控" ? v1::STATION_LEVEL_NATIONAL
              : level == "provincial" || level == "省控" ? v1::STATION_LEVEL_PROVINCIAL
              : level == "city" || level == "市控" ? v1::STATION_LEVEL_CITY
                                                   : v1::STATION_LEVEL_UNSPECIFIED);
  if (s.level() == v1::STATION_LEVEL_UNSPECIFIED) {
    throw CliError(kExitBadInput, "--level: national/国控, provincial/省控 or city/市控");
  }
  if (a.lat) s.set_latitude(*a.lat);
  if (a.lon) s.set_longitude(*a.lon);
  req.set_reported_by(a.reported_by);
  req.set_request_id(absl::StrCat("ctl-station-", ContentHash(s.ShortDebugString())));
  v1::Station out;
  CheckRpc(Stub()->CreateStation(Ctx().get(), req, &out), "stations add", G().environment_addr);
  std::cout << out.name() << ": registered\n";
  return kExitOk;
}

int Calendar(const Args& a) {
  absl::StatusOr<v1::Date> to = a.to.empty() ? ToProtoDate(TodayInChina()) : ParseDate(a.to);
  if (!to.ok()) throw CliError(kExitBadInput, absl::StrCat("--to: ", to.status().message()));
  absl::StatusOr<v1::Date> from = v1::Date();
  if (a.from.empty()) {
    from->set_year(to->year());
    from->set_month(1);
    from->set_day(1);
  } else {
    from = ParseDate(a.from);
    if (!from.ok()) throw CliError(kExitBadInput, absl::StrCat("--from: ", from.status().message()));
  }
  v1::GetAqiCalendarRequest req;
  req.set_district(a.district);
  *req.mutable_start_date() = *from;
  *req.mutable_end_date() = *to;
  v1::GetAqiCalendarResponse resp;
  CheckRpc(Stub()->GetAqiCalendar(Ctx().get(), req, &resp), "aqi-calendar", G().environment_addr);
  if (a.json) {
    PrintProto(resp, true);
    return kExitOk;
  }
  const bool color = StdoutColor();
  std::cout << "AQI " << a.district << " " << FormatDate(*from) << " … " << FormatDate(*to)
            << ": " << resp.good_days() << " good days (优良) of " << resp.valid_days()
            << " valid days\n        ";
  for (int d = 1; d <= 31; ++d) std::cout << absl::StrFormat("%4d", d);
  int month = -1;
  for (const auto& day : resp.days()) {
    int key = day.date().year() * 100 + day.date().month();
    if (key != month) {
      month = key;
      std::cout << absl::StrFormat("\n%04d-%02d ", day.date().year(), day.date().month());
    }
    std::string cell = day.valid() ? absl::StrFormat("%4d", day.aqi()) : "   ·";
    if (color && day.valid()) {
      cell = AnsiForAqiCategory(day.category()) + cell + "\033[0m";
    }
    std::cout << cell;
  }
  std::cout << "\n";
  return kExitOk;
}

}  // namespace

void AddEnvironmentCommands(CLI::App& app) {
  auto a = std::make_shared<Args>();
  CLI::App* env = app.add_subcommand("environment", "EnvironmentService: stations, air readings, water samples, AQI calendar");
  env->require_subcommand(1);
  auto district = [a](CLI::App* c) {
    c->add_option("--district", a->district, "GB/T 2260 district code")->envname("DEVPLAN_DISTRICT")->required();
  };
  auto reporter = [a](CLI::App* c) {
    c->add_option("--reported-by", a->reported_by,
                    "reporting department, e.g. 区生态环境分局; default: your identity's (the server "
                    "fills it in)")
        ->envname("DEVPLAN_REPORTED_BY");
  };

  CLI::App* stations = env->add_subcommand("stations", "air monitoring stations");
  stations->require_subcommand(1);
  CLI::App* sl = stations->add_subcommand("list", "list a district's stations");
  district(sl);
  sl->add_flag("--json", a->json, "protobuf JSON");
  sl->callback([a] { throw CLI::RuntimeError(ListStations(*a)); });
  CLI::App* sa = stations->add_subcommand("add", "register a station");
  district(sa);
  reporter(sa);
  sa->add_option("--id", a->id, "station id")->required();
  sa->add_option("--title", a->title, "Chinese name, unique in the district")->required();
  sa->add_option("--title-en", a->title_en, "English name");
  sa->add_option("--level", a->level, "national/国控, provincial/省控, city/市控")->capture_default_str();
  sa->add_option("--lat", a->lat, "latitude (WGS 84)");
  sa->add_option("--lon", a->lon, "longitude (WGS 84)");
  sa->callback([a] { throw CLI::RuntimeError(AddStation(*a)); });

  CLI::App* pr = env->add_subcommand("push-reading", "one station's concentrations for one hour");
  district(pr);
  reporter(pr);
  pr->add_option("--station", a->station, "station id")->required();
  pr->add_option("--date", a->date, "YYYY-MM-DD")->required();
  pr->add_option("--hour", a->hour, "0-23: the hour from hour:00")->required();
  pr->add_flag("--hours-end-labelled", a->end_labelled, "--hour is 1-24, labelled by the hour's end");
  for (const char* p : {"pm25", "pm10", "so2", "no2", "o3", "co"}) {
    pr->add_option(std::string("--") + p, a->measures[p],
                   std::string(p) == "co" ? "mg/m³" : "µg/m³");
  }
  pr->callback([a] {
    std::map<std::string, std::string> v = a->measures;
    v["station_id"] = a->station;
    v["date"] = a->date;
    v["hour"] = a->hour;
    throw CLI::RuntimeError(WriteOneRecord("air", "push-reading", v, Opts(*a)));
  });

  CLI::App* as = env->add_subcommand("add-sample", "one water sample at one point on one date");
  district(as);
  reporter(as);
  as->add_option("--water-body", a->body, "water body id")->required();
  as->add_option("--point", a->point, "sampling point id")->required();
  as->add_option("--date", a->date, "YYYY-MM-DD")->required();
  for (const char* m : {"transparency_cm", "dissolved_oxygen_mg_l", "orp_mv",
                        "ammonia_nitrogen_mg_l", "water_depth_cm", "codmn_mg_l", "cod_mg_l",
                        "bod5_mg_l", "total_phosphorus_mg_l", "groundwater_class"}) {
    std::string flag = std::string("--") + m;
    for (char& c : flag) if (c == '_') c = '-';
    as->add_option(flag, a->measures[m], m);
  }
  as->callback([a] {
    std::map<std::string, std::string> v = a->measures;
    v["water_body_id"] = a->body;
    v["point_id"] = a->point;
    v["date"] = a->date;
    throw CLI::RuntimeError(WriteOneRecord("water-samples", "add-sample", v, Opts(*a)));
  });

  CLI::App* cal = env->add_subcommand("aqi-calendar", "the AQI counted for each day, month by month");
  district(cal);
  cal->add_option("--from", a->from, "first day (default 1 January of --to's year)");
  cal->add_option("--to", a->to, "last day (default today)");
  cal->add_flag("--json", a->json, "protobuf JSON");
  cal->callback([a] { throw CLI::RuntimeError(Calendar(*a)); });
}

}  // namespace devplan::ctl
