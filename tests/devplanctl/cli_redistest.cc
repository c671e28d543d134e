// The real devplanctl binary against the four real services (in this process, on loopback)
// and a private redis-server: imports with good and bad rows, re-imports, dry runs, the
// single-record commands, every report format, the audit trail and the exit codes.
//
// The suite serves TLS with the deployed access policy (SuiteFixture's Transport::kTls), and
// each command runs as the identity a deployment would give it: a department's writes as
// that department (its reported_by filled in by the server), reports as the scorecard job,
// plans as the plan administrator. What is asserted is what devplanctl does; that the
// policy is applied is also seen here (a department writing for another is refused).
#include <cstdlib>
#include <map>

#include <gtest/gtest.h>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "devplan/v1/environment.grpc.pb.h"
#include "devplan/v1/scorecard.pb.h"
#include "devplan/v1/investment.grpc.pb.h"
#include "devplan/v1/social.grpc.pb.h"
#include "tests/devplanctl/cli_fixture.h"
#include "tests/devplanctl/cli_runner.h"
#include "tests/support/dev_credentials.h"
#include "tests/support/suite_fixture.h"

namespace devplan::testing {
namespace {

TEST_F(Devplanctl, ImportKeepsGoodRowsReportsBadOnesByLineAndReimportChangesNothing) {
  CliRun first = Import("projects", kData + "/projects.csv");
  EXPECT_EQ(first.exit_code, 3) << first.err;  // a row refused on state (started before signed)
  EXPECT_NE(first.out.find("5 rows, 2 written, 0 unchanged, 3 failed"), std::string::npos) << first.out;
  EXPECT_NE(first.err.find("projects.csv:4: category is empty"), std::string::npos) << first.err;
  EXPECT_NE(first.err.find("projects.csv:5: FAILED_PRECONDITION"), std::string::npos) << first.err;
  EXPECT_NE(first.err.find("projects.csv:6: total_investment_yi"), std::string::npos) << first.err;
  v1::ListProjectsResponse stored = Projects();
  ASSERT_EQ(stored.projects_size(), 2);
  EXPECT_EQ(stored.projects(0).project_id(), "CTL-P1");
  EXPECT_EQ(stored.projects(0).title_zh(), "示例智能制造产业园（一期）");
  EXPECT_EQ(stored.projects(0).total_investment_yuan(), 1'250'000'000);   // 12.5 亿元
  EXPECT_EQ(stored.projects(1).planned_investment_yuan(), 120'005'000);   // 12000.5 万元
  EXPECT_EQ(stored.projects(0).stage(), v1::PROJECT_STAGE_STARTED);
  // Who reported it is the identity's department, filled in by the server.
  EXPECT_EQ(stored.projects(0).reported_by(), "区发展改革委");

  CliRun inv = Import("investment", kData + "/investment.csv");
  EXPECT_EQ(inv.exit_code, 3) << inv.err;  // CTL-P9 does not exist: NOT_FOUND
  EXPECT_NE(inv.err.find("investment.csv:5: NOT_FOUND"), std::string::npos) << inv.err;
  EXPECT_NE(inv.err.find("investment.csv:6: month"), std::string::npos) << inv.err;
  EXPECT_EQ(Investments().total_yuan(), 15'000'000 + 25'002'500 + 8'000'000);

  // Again: nothing is written, the history of each project is as it was.
  CliRun again = Import("projects", kData + "/projects.csv");
  EXPECT_NE(again.out.find("5 rows, 0 written, 2 unchanged, 3 failed"), std::string::npos) << again.out;
  CliRun inv_again = Import("investment", kData + "/investment.csv");
  EXPECT_NE(inv_again.out.find("0 written, 3 unchanged"), std::string::npos) << inv_again.out;
  v1::ListProjectsResponse after = Projects();
  ASSERT_EQ(after.projects_size(), 2);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(after.projects(i).history_size(), stored.projects(i).history_size());
    EXPECT_EQ(after.projects(i).update_time().seconds(), stored.projects(i).update_time().seconds());
  }
  EXPECT_EQ(Investments().total_yuan(), 48'002'500);

  // A changed row updates only what changed, and says so in the project's history.
  std::string changed = "project_id,title_zh,category,lead_department,completed_on\n"
                        "CTL-P1,示例智能制造产业园（一期）,industrial,区发展改革委,2024-08-30\n";
  CliRun upd = Import("projects", dir_.Write("changed.csv", changed));
  EXPECT_EQ(upd.exit_code, 0) << upd.err;
  EXPECT_NE(upd.out.find("1 written"), std::string::npos) << upd.out;
  v1::ListProjectsResponse updated = Projects();
  EXPECT_EQ(updated.projects(0).stage(), v1::PROJECT_STAGE_COMPLETED);
  EXPECT_EQ(updated.projects(0).total_investment_yuan(), 1'250'000'000);  // absent column kept
  EXPECT_EQ(updated.projects(0).history_size(), stored.projects(0).history_size() + 1);
}

TEST_F(Devplanctl, DryRunChecksEveryRowAndWritesNothing) {
  const std::string version = DataVersion();
  CliRun dry = Import("projects", kData + "/projects.csv", {"--dry-run"});
  // Row 5 (started before signed) is refused by the service's check (validate_only).
  EXPECT_EQ(dry.exit_code, 3) << dry.err;
  EXPECT_NE(dry.out.find("5 rows checked, 2 valid, 3 with errors (dry run: nothing written)"),
            std::string::npos) << dry.out;
  EXPECT_NE(dry.err.find("projects.csv:4:"), std::string::npos);
  EXPECT_NE(dry.err.find("projects.csv:5: FAILED_PRECONDITION"), std::string::npos) << dry.err;
  EXPECT_EQ(Projects().projects_size(), 0);
  EXPECT_EQ(DataVersion(), version);
  // A clean file passes a dry run with exit 0, still writing nothing.
  std::string good = "项目编号,项目名称,项目类别,牵头单位\nCTL-D1,干跑项目,基础设施,区交通运输局\n";
  CliRun ok = Import("projects", dir_.Write("good.csv", good), {"--dry-run"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(Projects().projects_size(), 0);
}

TEST_F(Devplanctl, AirReadingsStreamWithRefusalsByLineAndLandInTheCalendar) {
  MakeWaterBodyAndStation();
  // Two whole days from one station, plus three bad rows.
  std::string csv = "站点编号,日期,小时,PM2.5,PM10,SO2,NO2,O3,CO\n";
  for (int day = 1; day <= 2; ++day) {
    for (int h = 0; h < 24; ++h) {
      csv += absl::StrCat("HJ-AQ-01,2024-03-0", day, ",", h, ",", 30 + h, ",", 60 + h, ",8,30,",
                          40 + 3 * h, ",0.6\n");
    }
  }
  csv += "HJ-AQ-99,2024-03-03,1,35,60,8,30,50,0.6\n";   // line 50: unknown station (service)
  csv += "HJ-AQ-01,2024-03-03,25,35,60,8,30,50,0.6\n";  // line 51: hour (local check)
  csv += "HJ-AQ-01,2024-03-03,2,35,60,8,30,99999,0.6\n";  // line 52: implausible O3 (service)
  std::string file = dir_.Write("air.csv", csv);
  CliRun r = Import("air", file);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.out.find("51 rows, 48 written, 0 unchanged, 3 failed"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("air.csv:50:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("air.csv:51: hour 25"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("air.csv:52:"), std::string::npos) << r.err;
  // Local and service refusals are reported together in file order.
  EXPECT_LT(r.err.find("air.csv:50:"), r.err.find("air.csv:51:")) << r.err;
  EXPECT_LT(r.err.find("air.csv:51:"), r.err.find("air.csv:52:")) << r.err;
  CliRun cal = Run({"environment", "aqi-calendar", "--district", "410108", "--from", "2024-03-01",
                    "--to", "2024-03-03", "--json"});
  ASSERT_EQ(cal.exit_code, 0) << cal.err;
  v1::GetAqiCalendarResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(cal.out, &parsed).ok()) << cal.out;
  ASSERT_EQ(parsed.days_size(), 3);
  EXPECT_TRUE(parsed.days(0).valid());
  EXPECT_TRUE(parsed.days(1).valid());
  EXPECT_FALSE(parsed.days(2).valid());
  // Re-streaming the same file replaces the same hours with the same values.
  CliRun again = Import("air", file);
  CliRun cal2 = Run({"environment", "aqi-calendar", "--district", "410108", "--from", "2024-03-01",
                     "--to", "2024-03-03", "--json"});
  EXPECT_EQ(cal2.out, cal.out);
}

TEST_F(Devplanctl, FiguresSamplesAndFacilitiesImportAndReimportIdempotently) {
  MakeWaterBodyAndStation();
  for (const char* kind : {"figures", "social-figures", "facilities", "water-samples"}) {
    std::string file = kData + "/" + kind + ".csv";
    CliRun first = Import(kind, file);
    EXPECT_EQ(first.exit_code, 2) << kind << ": " << first.err;  // each file has one bad row
    EXPECT_EQ(Lines(first.err), 1) << kind << ": " << first.err;
    EXPECT_NE(first.out.find("1 failed"), std::string::npos) << first.out;
    CliRun again = Import(kind, file);
    if (std::string(kind) != "water-samples") {  // samples are resent (a replace), others read first
      EXPECT_NE(again.out.find(" 0 written"), std::string::npos) << kind << ": " << again.out;
    }
  }
  auto soc = v1::SocialService::NewStub(s_.Channel(s_.social_address(), kReader));
  v1::GetFacilityRequest get;
  get.set_name("districts/410108/facilities/XC-MS");
  v1::Facility f;
  ASSERT_TRUE(soc->GetFacility(ContextWithDeadline().get(), get, &f).ok());
  EXPECT_EQ(f.stage(), v1::FACILITY_STAGE_DELIVERED);
  EXPECT_EQ(f.steps_size(), 2);  // started + delivered, each once despite two imports
  v1::GetMonthlyFigureRequest mf;
  mf.set_name("districts/410108/monthlyFigures/SOCIAL_INDICATOR_NEW_URBAN_JOBS/2024-02");
  v1::MonthlyFigure jobs;
  ASSERT_TRUE(soc->GetMonthlyFigure(ContextWithDeadline().get(), mf, &jobs).ok());
  EXPECT_EQ(jobs.value(), 180);
  EXPECT_EQ(jobs.revision(), 1);
}

TEST_F(Devplanctl, SingleRecordCommandsWriteAndRead) {
  CliRun add = Run({"investment", "projects", "add", "--district", "410108", "--reported-by", "区发展改革委",
                    "--id", "CMD-1", "--title", "命令行项目", "--category", "基础设施",
                    "--lead-department", "区交通运输局", "--key", "--total-yi", "2.5",
                    "--signed-on", "2024-01-10"},
                   kInvestment);
  ASSERT_EQ(add.exit_code, 0) << add.err;
  CliRun move = Run({"investment", "projects", "move-stage", "CMD-1", "--district", "410108",
                     "--stage", "started", "--date", "2024-02-01"},
                    kInvestment);
  EXPECT_EQ(move.exit_code, 0) << move.err;
  EXPECT_NE(move.out.find("stage started"), std::string::npos);
  CliRun back = Run({"investment", "projects", "move-stage", "CMD-1", "--district", "410108",
                     "--stage", "started", "--date", "2024-01-05"},
                    kInvestment);
  EXPECT_EQ(back.exit_code, 3) << back.err;  // going back without a reason: FAILED_PRECONDITION
  EXPECT_NE(back.err.find("FAILED_PRECONDITION"), std::string::npos);
  CliRun rep = Run({"investment", "report-investment", "--district", "410108", "--project", "CMD-1",
                    "--month", "2024-02", "--amount-wan", "1200"},
                   kInvestment);
  EXPECT_EQ(rep.exit_code, 0) << rep.err;
  EXPECT_NE(rep.out.find("written"), std::string::npos);
  CliRun rep2 = Run({"investment", "report-investment", "--district", "410108", "--project", "CMD-1",
                     "--month", "2024-02", "--amount-yuan", "12000000"},
                    kInvestment);
  EXPECT_NE(rep2.out.find("unchanged"), std::string::npos) << rep2.out;
  CliRun show = Run({"investment", "projects", "show", "CMD-1", "--district", "410108"});
  EXPECT_EQ(show.exit_code, 0);
  EXPECT_NE(show.out.find("命令行项目"), std::string::npos);
  EXPECT_NE(show.out.find("2.50亿元"), std::string::npos) << show.out;
  CliRun list = Run({"investment", "projects", "list", "--district", "410108"});
  EXPECT_NE(list.out.find("CMD-1"), std::string::npos);
  EXPECT_NE(list.out.find("1 projects"), std::string::npos);
  CliRun missing = Run({"investment", "projects", "show", "NOPE", "--district", "410108"});
  EXPECT_EQ(missing.exit_code, 3);
  const std::string hrss = "hr-social-security-410108";  // 区人力资源和社会保障局
  CliRun fig = Run({"social", "report-figure", "--district", "410108", "--indicator", "新增城镇就业",
                    "--month", "2024-03", "--value", "210"},
                   hrss);
  EXPECT_EQ(fig.exit_code, 0) << fig.err;
  CliRun bad = Run({"social", "report-figure", "--district", "410108", "--indicator", "新增城镇就业",
                    "--month", "2024-03", "--value", "-3"},
                   hrss);
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  // A department speaks for itself only, in its own district, and a reader writes nothing.
  CliRun other = Run({"social", "report-figure", "--district", "410108", "--reported-by", "区人社局",
                      "--indicator", "新增城镇就业", "--month", "2024-04", "--value", "210"},
                     hrss);
  EXPECT_EQ(other.exit_code, 5) << other.err;
  EXPECT_NE(other.err.find("PERMISSION_DENIED: reported_by"), std::string::npos) << other.err;
  CliRun elsewhere = Run({"social", "report-figure", "--district", "410102", "--indicator", "新增城镇就业",
                          "--month", "2024-04", "--value", "210"},
                         hrss);
  EXPECT_EQ(elsewhere.exit_code, 5) << elsewhere.err;
  EXPECT_NE(elsewhere.err.find("410102"), std::string::npos) << elsewhere.err;
  CliRun reader = Run({"social", "report-figure", "--district", "410108", "--indicator", "新增城镇就业",
                       "--month", "2024-04", "--value", "210"});
  EXPECT_EQ(reader.exit_code, 5) << reader.err;
  EXPECT_NE(reader.err.find("PERMISSION_DENIED"), std::string::npos) << reader.err;
  CliRun help = Run({"investment", "projects", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("move-stage"), std::string::npos);
  CliRun usage = Run({"investment", "projects", "add", "--no-such-flag"});
  EXPECT_EQ(usage.exit_code, 2);
}

TEST_F(Devplanctl, EveryReportFormatHasItsContent) {
  PutPlan();
  Import("projects", kData + "/projects.csv");
  CliRun plan = Run({"plan", "show", "--district", "410108", "--year", "2024", "--json"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  v1::Plan p;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(plan.out, &p).ok());
  ASSERT_GT(p.indicators_size(), 50);
  CliRun put_again = Run({"plan", "put", kPlan}, "plan-admin");
  EXPECT_NE(put_again.out.find("version 1"), std::string::npos) << put_again.out;  // same file, same version

  for (const char* format : {"json", "md", "csv", "html"}) {
    std::string out = dir_.path() + "/report." + format;
    CliRun r = Run({"report", "--district", "410108", "--as-of", "2024-09-30", "--format", format,
                    "--out", out});
    ASSERT_EQ(r.exit_code, 0) << format << ": " << r.err;
  }
  google::protobuf::Struct json;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(dir_.Read("report.json"), &json).ok());
  const auto& indicators = json.fields().at("scorecard").struct_value().fields().at("indicators").list_value();
  std::set<std::string> ids;
  for (const auto& v : indicators.values()) ids.insert(v.struct_value().fields().at("id").string_value());
  for (const auto& i : p.indicators()) EXPECT_TRUE(ids.count(i.id())) << i.id();
  EXPECT_EQ(json.fields().at("aqiCalendar").struct_value().fields().at("days").list_value().values_size(),
            274);  // 1 January .. 30 September 2024
  EXPECT_EQ(json.fields().at("trend").list_value().values_size(), 9);  // Jan..Aug ends + 30 Sep
  EXPECT_FALSE(json.fields().at("partial").bool_value());

  std::string md = dir_.Read("report.md");
  for (const char* h : {"## 经济运行", "## 项目建设", "## 发展活力", "## 生态环境", "## 城乡融合", "## 民生保障"}) {
    EXPECT_NE(md.find(h), std::string::npos) << h;
  }
  EXPECT_EQ(Lines(dir_.Read("report.csv")), p.indicators_size() + 1);
  std::string html = dir_.Read("report.html");
  EXPECT_NE(html.find("<title>惠济区 410108 规划执行情况报告（截至 2024-09-30）</title>"), std::string::npos);
  EXPECT_NE(html.find("时间进度"), std::string::npos);
  EXPECT_NE(html.find("id=\"aqi\""), std::string::npos);
  EXPECT_EQ(html.find("id=\"partial\""), std::string::npos);
}

TEST_F(Devplanctl, AuditListsEveryWriteWithItsIdentityForTheAuditorOnly) {
  PutPlan();
  ASSERT_EQ(Import("projects", kData + "/projects.csv").exit_code, 3);  // 2 written
  ASSERT_EQ(Import("social-figures", kData + "/social-figures.csv").exit_code, 2);
  // The auditor, here by a bearer token (scripts/dev-token.py) instead of a certificate.
  const std::string token = dir_.path() + "/auditor.jwt";
  const std::string mint = "python3 " + std::string(DEVPLAN_SOURCE_DIR) + "/scripts/dev-token.py --key " +
                           DevCredentials::Get().dir() + "/token.key --sub auditor > " + token;
  ASSERT_EQ(std::system(mint.c_str()), 0) << mint;
  auto audit = [&](std::vector<std::string> more) {
    std::vector<std::string> args = {"--scorecard-addr", s_.scorecard_address(), "--tls-ca",
                                     DevCredentials::Get().ca(), "--token-file", token, "audit",
                                     "--district", "410108"};
    args.insert(args.end(), more.begin(), more.end());
    return RunDevplanctl(args);
  };
  CliRun table = audit({});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("dev-reform-410108"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("hr-social-security-410108"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("CreateProject"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("PutPlan"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("plan-admin"), std::string::npos) << table.out;

  CliRun json = audit({"--identity", "dev-reform-410108", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  v1::ListAuditEntriesResponse projects;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json.out, &projects).ok()) << json.out;
  ASSERT_EQ(projects.entries_size(), 2);  // the two projects created
  for (const v1::AuditEntry& e : projects.entries()) {
    EXPECT_EQ(e.department(), "区发展改革委");
    EXPECT_EQ(e.method(), "/devplan.v1.InvestmentService/CreateProject");
  }
  EXPECT_LE(projects.entries(1).name(), projects.entries(0).name());  // newest first

  CliRun csv = audit({"--department", "区人力资源和社会保障局", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  const int figures = Lines(csv.out) - 1;  // one header line
  EXPECT_GE(figures, 3) << csv.out;
  EXPECT_EQ(csv.out.find("dev-reform-410108"), std::string::npos) << csv.out;
  CliRun limited = audit({"--limit", "2", "--format", "csv"});
  EXPECT_EQ(Lines(limited.out), 3) << limited.out;
  CliRun tomorrow = audit({"--since", "2099-01-01", "--format", "csv"});
  EXPECT_EQ(Lines(tomorrow.out), 1) << tomorrow.out;  // the header only
  CliRun bad_day = audit({"--since", "2024-02-30"});
  EXPECT_EQ(bad_day.exit_code, 2) << bad_day.err;

  // Readers and departments do not read the trail.
  CliRun reader = Run({"audit", "--district", "410108"});
  EXPECT_EQ(reader.exit_code, 5);
  EXPECT_NE(reader.err.find("PERMISSION_DENIED"), std::string::npos) << reader.err;
}

TEST_F(Devplanctl, ExitCodesSayWhatWentWrong) {
  CliRun no_plan = Run({"scorecard", "--district", "410108", "--as-of", "2024-09-30"});
  EXPECT_EQ(no_plan.exit_code, 3) << no_plan.err;
  EXPECT_NE(no_plan.err.find("NOT_FOUND"), std::string::npos);
  CliRun bad_district = Run({"scorecard", "--district", "4101", "--as-of", "2024-09-30"});
  EXPECT_EQ(bad_district.exit_code, 2) << bad_district.err;
  CliRun bad_date = Run({"scorecard", "--district", "410108", "--as-of", "2024-02-30"});
  EXPECT_EQ(bad_date.exit_code, 2);
  CliRun kind = Run({"import", "spreadsheets", kData + "/projects.csv"});
  // TLS by default: no CA to verify the server is a usage error, before any call.
  CliRun no_ca = RunDevplanctl({"--scorecard-addr", s_.scorecard_address(), "scorecard", "--district",
                                "410108", "--as-of", "2024-09-30"});
  EXPECT_EQ(no_ca.exit_code, 2) << no_ca.err;
  EXPECT_NE(no_ca.err.find("--tls-ca"), std::string::npos) << no_ca.err;
  // Without an identity the server answers UNAUTHENTICATED, and devplanctl says what to give.
  CliRun anonymous = RunDevplanctl({"--scorecard-addr", s_.scorecard_address(), "--tls-ca",
                                    DevCredentials::Get().ca(), "scorecard", "--district", "410108",
                                    "--as-of", "2024-09-30"});
  EXPECT_EQ(anonymous.exit_code, 5) << anonymous.err;
  EXPECT_NE(anonymous.err.find("UNAUTHENTICATED"), std::string::npos) << anonymous.err;
  EXPECT_NE(anonymous.err.find("--cert/--key or --token-file"), std::string::npos) << anonymous.err;
  // Plaintext to a TLS port gets no answer.
  CliRun plaintext = RunDevplanctl({"--scorecard-addr", s_.scorecard_address(), "--insecure", "--timeout",
                                    "5", "scorecard", "--district", "410108", "--as-of", "2024-09-30"});
  EXPECT_EQ(plaintext.exit_code, 4) << plaintext.err;
  EXPECT_EQ(kind.exit_code, 2);
  CliRun nowhere = RunDevplanctl({"--scorecard-addr", "127.0.0.1:1", "--timeout", "5",
                                  "--tls-ca", DevCredentials::Get().ca(), "scorecard",
                                  "--district", "410108", "--as-of", "2024-09-30"});
  EXPECT_EQ(nowhere.exit_code, 4) << nowhere.err;
  EXPECT_NE(nowhere.err.find("UNAVAILABLE"), std::string::npos);

  PutPlan();
  CliRun table = Run({"scorecard", "--district", "410108", "--as-of", "2024-09-30", "--area", "民生保障"});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("民生保障"), std::string::npos);
  EXPECT_EQ(table.out.find("经济运行"), std::string::npos);  // only the area asked for
  EXPECT_EQ(table.out.find("\033["), std::string::npos);     // not a terminal: no colours

  s_.StopSocial();
  std::string partial = dir_.path() + "/partial.md";
  CliRun p = Run({"report", "--district", "410108", "--as-of", "2024-09-30", "--format", "md", "--out", partial});
  EXPECT_EQ(p.exit_code, 4) << p.err;
  EXPECT_NE(p.err.find("PARTIAL: no answer from social"), std::string::npos) << p.err;
  std::string md = dir_.Read("partial.md");
  EXPECT_NE(md.find("PARTIAL"), std::string::npos);  // the report is written and says which
  EXPECT_NE(md.find("social"), std::string::npos);
  CliRun allowed = Run({"report", "--district", "410108", "--as-of", "2024-09-30", "--format", "json",
                        "--out", dir_.path() + "/partial.json", "--allow-partial"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  google::protobuf::Struct json;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(dir_.Read("partial.json"), &json).ok());
  EXPECT_TRUE(json.fields().at("partial").bool_value());
  CliRun card = Run({"scorecard", "--district", "410108", "--as-of", "2024-09-30"});
  EXPECT_EQ(card.exit_code, 4);
  CliRun import_down = Import("social-figures", kData + "/social-figures.csv");
  EXPECT_EQ(import_down.exit_code, 4) << import_down.err;
  EXPECT_NE(import_down.err.find("run the import again"), std::string::npos) << import_down.err;
}

}  // namespace
}  // namespace devplan::testing
