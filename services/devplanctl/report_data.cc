#include "services/devplanctl/report_data.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "devplan/v1/environment.grpc.pb.h"
#include "devplan/v1/scorecard.grpc.pb.h"
#include "services/common/dates.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {

v1::Date AsOfOrToday(const std::string& s) {
  if (s.empty()) return ToProtoDate(TodayInChina());
  absl::StatusOr<v1::Date> d = ParseDate(s);
  if (!d.ok()) throw CliError(kExitBadInput, absl::StrCat("--as-of: ", d.status().message()));
  return *d;
}

v1::Area ParseAreaOrThrow(const std::string& s) {
  std::string key = NormalizeKey(s);
  for (int a = v1::AREA_ECONOMY; a <= v1::Area_MAX; ++a) {
    auto area = static_cast<v1::Area>(a);
    if (key == NormalizeKey(AreaKey(area)) || key == NormalizeKey(v1::Area_Name(area)) ||
        key == NormalizeKey(AreaZh(area)) || key == NormalizeKey(AreaEn(area))) {
      return area;
    }
  }
  throw CliError(kExitBadInput, absl::StrCat("--area \"", s, "\": one of economy, projects, vitality, ecology, urban_rural, livelihood (or 经济运行 …)"));
}

ReportData FetchReportData(const std::string& district, const v1::Date& as_of) {
  ReportData data;
  auto scorecards = v1::ScorecardService::NewStub(ChannelTo(G().scorecard_addr));
  v1::GetScorecardRequest req;
  req.set_district(district);
  *req.mutable_as_of() = as_of;
  CheckRpc(scorecards->GetScorecard(Ctx().get(), req, &data.card), "scorecard", G().scorecard_addr);
  std::set<std::string> failed(data.card.failed_sources().begin(), data.card.failed_sources().end());

  v1::GetPlanRequest plan_req;
  plan_req.set_name(data.card.plan());
  plan_req.set_version(data.card.plan_version());
  v1::Plan plan;
  if (scorecards->GetPlan(Ctx().get(), plan_req, &plan).ok()) data.plan_title = plan.title();

  // Month ends of the year before as_of: the trend.
  const absl::CivilDay day(as_of.year(), as_of.month(), as_of.day());
  for (absl::CivilMonth m(as_of.year(), 1); MonthEnd(m) < day; ++m) {
    v1::GetScorecardRequest h = req;
    *h.mutable_as_of() = ToProtoDate(MonthEnd(m));
    v1::Scorecard card;
    grpc::Status s = scorecards->GetScorecard(Ctx().get(), h, &card);
    if (!s.ok()) {
      data.notes.push_back(absl::StrCat("trend: no scorecard as of ", DayKey(MonthEnd(m)), ": ",
                                        StatusCodeName(s.error_code()), " ", s.error_message()));
      continue;
    }
    for (const auto& f : card.failed_sources()) failed.insert(f);
    data.history.push_back(std::move(card));
  }
  data.history.push_back(data.card);

  auto env = v1::EnvironmentService::NewStub(ChannelTo(G().environment_addr));
  v1::GetAqiCalendarRequest cal;
  cal.set_district(district);
  cal.mutable_start_date()->set_year(as_of.year());
  cal.mutable_start_date()->set_month(1);
  cal.mutable_start_date()->set_day(1);
  *cal.mutable_end_date() = as_of;
  v1::GetAqiCalendarResponse calendar;
  grpc::Status cs = env->GetAqiCalendar(Ctx().get(), cal, &calendar);
  if (cs.ok()) {
    data.calendar = std::move(calendar);
  } else {
    data.notes.push_back(absl::StrCat("AQI calendar: ", StatusCodeName(cs.error_code()), " ",
                                      cs.error_message()));
    if (ExitCodeFor(cs.error_code()) == kExitUnavailable) failed.insert("environment");
  }
  data.failed_sources.assign(failed.begin(), failed.end());
  return data;
}

}  // namespace devplan::ctl
