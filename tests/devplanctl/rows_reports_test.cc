// Row rules of the import kinds, the terminal table and the four report writers on a
// hand-built scorecard, without any server.
#include <map>

#include <gtest/gtest.h>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_split.h"
#include "services/devplanctl/import_projects.h"
#include "services/devplanctl/report.h"
#include "services/devplanctl/scorecard_table.h"
#include "services/devplanctl/text.h"
#include "tests/support/proto_date.h"

namespace devplan::ctl {
namespace {

Record Row(std::map<std::string, std::string> v) {
  Record r;
  r.file = "p.csv";
  r.line = 7;
  r.values = std::move(v);
  return r;
}

ImportOptions Opts() {
  ImportOptions o;
  o.district = "410108";
  o.reported_by = "区发展改革委";
  return o;
}

TEST(ProjectRows, AChineseRowBecomesAProjectWithExactYuanAndTheFieldsItFills) {
  auto row = ParseProjectRow(Row({{"project_id", "P-1"}, {"title_zh", "产业园"}, {"category", "产业项目"},
                                  {"key_project", "是"}, {"total_investment_yi", "12.5"},
                                  {"planned_investment_wan", "30000"}, {"lead_department", "区发改委"},
                                  {"started_on", "2024/3/15"}}),
                             Opts());
  ASSERT_TRUE(row.ok()) << row.status();
  EXPECT_EQ(row->project.name(), "districts/410108/projects/P-1");
  EXPECT_EQ(row->project.category(), v1::PROJECT_CATEGORY_INDUSTRIAL);
  EXPECT_TRUE(row->project.key_project());
  EXPECT_EQ(row->project.total_investment_yuan(), 1'250'000'000);
  EXPECT_EQ(row->project.planned_investment_yuan(), 300'000'000);
  EXPECT_EQ(FormatDate(row->project.started_on()), "2024-03-15");
  EXPECT_TRUE(row->given.count("started_on"));
  EXPECT_FALSE(row->given.count("signed_on"));  // an empty cell never clears a stored date
  EXPECT_FALSE(row->given.count("three_batch"));
}

TEST(ProjectRows, BadRowsSayWhy) {
  auto base = std::map<std::string, std::string>{{"project_id", "P-1"}, {"title_zh", "x"},
                                                 {"category", "industrial"}, {"lead_department", "d"}};
  auto with = [&](std::string k, std::string v) { auto m = base; m[k] = v; return Row(m); };
  struct Case { Record r; std::string expect; };
  std::vector<Case> cases = {
      {with("category", "工厂"), "category"},
      {with("total_investment_yi", "12亿"), "total_investment_yi"},
      {with("started_on", "2024-02-30"), "started_on"},
      {with("started_on", "2099-01-01"), "future"},
      {with("key_project", "maybe"), "key_project"},
      {with("district", "410100"), "district"},
      {with("project_id", ""), "project_id is empty"},
  };
  for (const Case& c : cases) {
    auto row = ParseProjectRow(c.r, Opts());
    ASSERT_FALSE(row.ok()) << c.expect;
    EXPECT_NE(std::string(row.status().message()).find(c.expect), std::string::npos)
        << row.status() << " should mention " << c.expect;
  }
  ImportOptions no_reporter = Opts();
  no_reporter.reported_by.clear();
  EXPECT_FALSE(ParseProjectRow(Row(base), no_reporter).ok());
  // Over TLS the server fills it in from the caller's identity: the row goes without one.
  no_reporter.reporter_from_identity = true;
  absl::StatusOr<ProjectRow> from_identity = ParseProjectRow(Row(base), no_reporter);
  ASSERT_TRUE(from_identity.ok()) << from_identity.status();
  EXPECT_EQ(from_identity->reported_by, "");
}

TEST(ImportKinds, EveryKindHasAFormatWithChineseHeaders) {
  std::vector<std::string> names;
  for (const ImportKind& k : ImportKinds()) {
    names.push_back(k.name);
    bool chinese = false;
    for (const FieldSpec& f : k.fields) {
      for (const auto& a : f.aliases) chinese |= !a.empty() && static_cast<unsigned char>(a[0]) >= 0xE4;
    }
    EXPECT_TRUE(chinese) << k.name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{
                       "projects", "investment", "outputs", "promotion-events", "figures",
                       "stations", "air", "daily-aqi", "water-bodies", "water-samples", "works",
                       "plots", "social-figures", "talent-counts", "coverage", "facilities",
                       "facility-steps", "events"}));
}

TEST(ImportHelpers, ListCellsEnumWordsAndWhatCountsAsUnchanged) {
  EXPECT_EQ(ListCell(" JW-1;JW-2 ；JW-3、 JW-4|;"),
            (std::vector<std::string>{"JW-1", "JW-2", "JW-3", "JW-4"}));
  const std::vector<EnumWord> words = ProtoEnumWords(
      v1::ProjectStage_descriptor(), "PROJECT_STAGE_", {{v1::PROJECT_STAGE_SIGNED, {"签约"}}});
  EXPECT_EQ(*ParseEnum("签约", words, "stage"), v1::PROJECT_STAGE_SIGNED);
  EXPECT_EQ(*ParseEnum("in_operation", words, "stage"), v1::PROJECT_STAGE_IN_OPERATION);
  EXPECT_EQ(*ParseEnum("PROJECT_STAGE_STARTED", words, "stage"), v1::PROJECT_STAGE_STARTED);
  EXPECT_FALSE(ParseEnum("unspecified", words, "stage").ok());
  // What the service fills in does not make a row differ from its stored record; a value does.
  v1::Project row, stored;
  row.set_project_id("P-1");
  row.set_title_zh("产业园");
  stored = row;
  stored.set_name("districts/410108/projects/P-1");
  stored.set_reported_by("区发展改革委");
  stored.mutable_update_time()->set_seconds(1);
  EXPECT_EQ(Canonical(row), Canonical(stored));
  stored.set_title_zh("另一个产业园");
  EXPECT_NE(Canonical(row), Canonical(stored));
  EXPECT_EQ(Canonical(row, {"title_zh"}), Canonical(stored, {"title_zh"}));
}

TEST(ImportKinds, NoHeaderMeansTwoColumnsOfOneKind) {
  for (const ImportKind& k : ImportKinds()) {
    std::map<std::string, std::string> owner;  // normalised header → field
    for (const FieldSpec& f : k.fields) {
      std::vector<std::string> headers = f.aliases;
      headers.push_back(f.name);
      for (const std::string& h : headers) {
        auto [it, fresh] = owner.emplace(NormalizeKey(h), f.name);
        EXPECT_TRUE(fresh || it->second == f.name)
            << k.name << ": \"" << h << "\" means " << it->second << " and " << f.name;
      }
    }
  }
}

v1::Scorecard Card() {
  v1::Scorecard c;
  c.set_district("410108");
  c.set_district_name_zh("惠济区");
  c.mutable_as_of()->set_year(2024);
  c.mutable_as_of()->set_month(9);
  c.mutable_as_of()->set_day(30);
  c.set_plan("districts/410108/plans/2024");
  c.set_plan_version(1);
  c.set_elapsed_share(0.749);
  c.set_overall_score(92.5);
  auto add = [&](std::string id, std::string name, v1::Area area, v1::Unit unit, double target,
                 std::optional<double> actual, v1::IndicatorStatus st) {
    v1::IndicatorResult* i = c.add_indicators();
    i->set_id(id);
    i->set_name_zh(name);
    i->set_area(area);
    i->set_unit(unit);
    i->set_target(target);
    i->set_expected(target * 0.749);
    if (actual) {
      i->set_actual(*actual);
      i->set_completion(*actual / target);
      i->set_score(90);
    }
    i->set_status(st);
  };
  add("proj.key_investment", "重点项目年度完成投资", v1::AREA_PROJECTS, v1::UNIT_YUAN, 155e8, 111.85e8,
      v1::INDICATOR_STATUS_AT_RISK);
  add("proj.under_way", "重点项目建设", v1::AREA_PROJECTS, v1::UNIT_COUNT, 199, 173, v1::INDICATOR_STATUS_ON_TRACK);
  add("eco.good_days", "空气质量优良天数", v1::AREA_ECOLOGY, v1::UNIT_DAYS, 226, std::nullopt,
      v1::INDICATOR_STATUS_UNAVAILABLE);
  for (v1::Area a : {v1::AREA_PROJECTS, v1::AREA_ECOLOGY}) {
    v1::AreaResult* r = c.add_areas();
    r->set_area(a);
    if (a == v1::AREA_PROJECTS) r->set_score(95);
    (*r->mutable_status_counts())["ON_TRACK"] = 1;
  }
  c.add_failed_sources("environment");
  // The key investment is behind the time line and must catch up; 区统计局 has not reported.
  v1::IndicatorResult& key = *c.mutable_indicators(0);
  key.set_timeline_gap_pp(-2.4);
  key.set_needed_per_month(14.3e8);
  key.set_pace_per_month(111.85e8 / 8);  // January–August
  *key.mutable_timeline_date() = ::devplan::testing::D(2024, 8, 31);
  v1::ReportingCompleteness* late = c.add_reporting_by_department();
  late->set_department("区统计局");
  late->set_overdue(2);
  v1::ReportingCompleteness* fine = c.add_reporting_by_department();
  fine->set_department("区发展改革委");
  fine->set_current(5);
  return c;
}

ReportData Data() {
  ReportData d;
  d.card = Card();
  d.plan_title = "惠济区 2024 年国民经济和社会发展规划";
  v1::Scorecard earlier = d.card;
  earlier.mutable_as_of()->set_month(8);
  earlier.mutable_as_of()->set_day(31);
  d.history = {earlier, d.card};
  v1::GetAqiCalendarResponse cal;
  for (int day = 1; day <= 30; ++day) {
    v1::AqiCalendarDay* x = cal.add_days();
    x->mutable_date()->set_year(2024);
    x->mutable_date()->set_month(9);
    x->mutable_date()->set_day(day);
    x->set_valid(day != 3);
    if (day != 3) {
      x->set_aqi(40 + day * 3);
      x->set_category(day < 4 ? v1::AQI_CATEGORY_EXCELLENT : v1::AQI_CATEGORY_GOOD);
    }
  }
  cal.set_valid_days(29);
  cal.set_good_days(29);
  d.calendar = cal;
  d.failed_sources = {"environment"};
  return d;
}

int Count(const std::string& hay, const std::string& needle) {
  int n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

TEST(Reports, HtmlIsOneSelfContainedFileWithCharts) {
  std::string html = RenderHtml(Data());
  EXPECT_NE(html.find("<title>惠济区 410108 规划执行情况报告（截至 2024-09-30）</title>"), std::string::npos);
  EXPECT_GE(Count(html, "<svg"), 6);  // status, scores, trend, two areas, calendar (+ sparklines)
  EXPECT_NE(html.find("class=\"timeline\""), std::string::npos);  // 时间进度 line
  EXPECT_EQ(Count(html, "class=\"day\""), 30);                      // one cell per calendar day
  EXPECT_NE(html.find("id=\"partial\""), std::string::npos);
  EXPECT_NE(html.find("environment"), std::string::npos);
  // Nothing loaded from elsewhere: the only URL is the SVG namespace.
  EXPECT_EQ(Count(html, "http"), Count(html, "http://www.w3.org/2000/svg"));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
}

TEST(Reports, MarkdownHasAHeadingPerAreaAndSaysWhatIsMissing) {
  std::string md = RenderMarkdown(Data());
  EXPECT_NE(md.find("\n## 项目建设 Projects — 95.0\n"), std::string::npos) << md;
  EXPECT_NE(md.find("\n## 生态环境 Ecology — —\n"), std::string::npos);
  EXPECT_NE(md.find("111.85亿元"), std::string::npos);
  EXPECT_NE(md.find("PARTIAL"), std::string::npos);
  EXPECT_NE(md.find("29 / 29"), std::string::npos);
  // 序时差 and what it takes to catch up beside each indicator; who is late.
  EXPECT_NE(md.find("| -2.4pp | 14.30亿元/月 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 区统计局 | 0 | 0 | 0 | **2** |"), std::string::npos) << md;
}

TEST(Table, TheTerminalCardSaysWhatItTakesToCatchUpAndWhoIsLate) {
  const std::string plain = RenderScorecardTable(Card(), false);
  // 111.85亿 over January–August is 13.98亿 a month so far; 14.30亿 needed from September.
  EXPECT_NE(plain.find("重点项目年度完成投资: 需 14.30亿元/月，已 13.98亿元/月"), std::string::npos)
      << plain;
  EXPECT_NE(plain.find("按责任单位 by department: 区统计局 0 current, 2 overdue; 区发展改革委 5 current"),
            std::string::npos)
      << plain;
}

TEST(Reports, CsvHasOneRowPerIndicator) {
  std::string csv = RenderCsv(Data());
  std::vector<std::string> lines = absl::StrSplit(csv, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].substr(0, 27), "district,as_of,area,indicat");
  EXPECT_NE(lines[1].find("proj.key_investment"), std::string::npos);
  EXPECT_NE(lines[1].find("11185000000"), std::string::npos);  // yuan, not 亿元
  EXPECT_NE(lines[3].find("UNAVAILABLE"), std::string::npos);
  EXPECT_NE(lines[0].find("timeline_date,timeline_gap_pp,needed_per_month"), std::string::npos);
  EXPECT_NE(lines[1].find("2024-08-31,-2.4,1430000000"), std::string::npos) << lines[1];
}

TEST(Reports, JsonParsesAndCarriesTheScorecardCalendarAndTrend) {
  std::string json = RenderJson(Data());
  google::protobuf::Struct s;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &s).ok()) << json.substr(0, 400);
  const auto& f = s.fields();
  EXPECT_TRUE(f.at("partial").bool_value());
  EXPECT_EQ(f.at("failedSources").list_value().values(0).string_value(), "environment");
  EXPECT_EQ(f.at("scorecard").struct_value().fields().at("indicators").list_value().values_size(), 3);
  EXPECT_EQ(f.at("aqiCalendar").struct_value().fields().at("days").list_value().values_size(), 30);
  EXPECT_EQ(f.at("trend").list_value().values_size(), 2);
}

TEST(Table, ColumnsLineUpByDisplayWidthAndColourOnlyWhenAsked) {
  std::string plain = RenderScorecardTable(Card(), false);
  EXPECT_EQ(plain.find("\033["), std::string::npos);
  EXPECT_NE(RenderScorecardTable(Card(), true).find("\033["), std::string::npos);
  EXPECT_NE(plain.find("PARTIAL"), std::string::npos);
  // Rows of one area: the status column starts at the same display column.
  std::vector<int> status_col;
  for (const std::string& line : std::vector<std::string>(absl::StrSplit(plain, '\n'))) {
    for (const char* st : {"有风险", "序时推进"}) {
      size_t p = line.find(st);
      if (line.rfind("重点项目", 0) == 0 && p != std::string::npos) status_col.push_back(DisplayWidth(line.substr(0, p)));
    }
  }
  ASSERT_EQ(status_col.size(), 2u);
  EXPECT_EQ(status_col[0], status_col[1]);
}

}  // namespace
}  // namespace devplan::ctl
