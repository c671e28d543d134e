#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/devplanctl/palette.h"
#include "services/devplanctl/report.h"
#include "services/devplanctl/scorecard_table.h"
#include "services/devplanctl/svg_charts.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

constexpr const char* kStyle = R"css(
body{margin:0;background:#f4f5f7;color:#222;font-family:'Noto Sans CJK SC','WenQuanYi Zen Hei','Microsoft YaHei','PingFang SC',sans-serif;font-size:14px}
main{max-width:1060px;margin:0 auto;padding:24px}
header{background:#17365d;color:#fff;padding:22px 28px;border-radius:10px;display:flex;justify-content:space-between;align-items:center}
header h1{margin:0 0 6px 0;font-size:24px}
header .sub{opacity:.85}
.big{font-size:54px;font-weight:bold;line-height:1}
.big small{display:block;font-size:13px;font-weight:normal;opacity:.85;text-align:right}
section{background:#fff;border-radius:10px;padding:18px 22px;margin-top:18px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h2{font-size:18px;margin:0 0 12px 0;border-left:5px solid #17365d;padding-left:10px}
h2 .score{float:right;color:#17365d}
.partial{background:#fdecea;color:#a61b1b;border:1px solid #f5c2c0;padding:12px 16px;border-radius:8px;margin-top:18px;font-weight:bold}
.kpis{display:flex;gap:14px;flex-wrap:wrap}
.kpi{flex:1;min-width:150px;background:#f7f9fc;border-radius:8px;padding:10px 14px}
.kpi b{display:block;font-size:22px;color:#17365d}
table{border-collapse:collapse;width:100%;margin-top:10px;font-size:12.5px}
th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:middle}
td.n{text-align:right;white-space:nowrap}
.st{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;white-space:nowrap}
.why{color:#666;font-size:11.5px}
.note{color:#666;font-size:12px}
footer{color:#888;font-size:12px;margin:18px 4px}
svg.chart{max-width:100%;height:auto;display:block}
)css";

std::string Esc(const std::string& s) { return XmlEscape(s); }

}  // namespace

std::string RenderHtml(const ReportData& data) {
  const v1::Scorecard& card = data.card;
  const std::string title = ReportTitle(data);
  std::string out = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n",
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", Esc(title),
      "</title>\n<style>", kStyle, "</style>\n</head>\n<body>\n<main>\n");
  absl::StrAppend(&out, "<header><div><h1>", Esc(title), "</h1><div class=\"sub\">",
                  Esc(data.plan_title.empty() ? card.plan() : data.plan_title), " · ", Esc(card.plan()),
                  " v", card.plan_version(), "</div></div><div class=\"big\">",
                  card.has_overall_score() ? absl::StrFormat("%.1f", card.overall_score()) : "—",
                  "<small>总分 overall score</small></div></header>\n");
  if (!data.failed_sources.empty()) {
    absl::StrAppend(&out, "<div class=\"partial\" id=\"partial\">", Esc(PartialNotice(data)), "</div>\n");
  }
  int behind = 0, scored = 0;
  for (const auto& i : card.indicators()) {
    behind += i.status() == v1::INDICATOR_STATUS_BEHIND || i.status() == v1::INDICATOR_STATUS_AT_RISK;
    scored += i.has_score();
  }
  absl::StrAppend(&out, "<section><h2>概览 Overview</h2><div class=\"kpis\">",
                  "<div class=\"kpi\"><b>", absl::StrFormat("%.1f%%", 100 * card.elapsed_share()),
                  "</b>时间进度 year elapsed</div>", "<div class=\"kpi\"><b>", card.indicators_size(),
                  "</b>指标 indicators（", scored, " 已评分）</div>", "<div class=\"kpi\"><b>", behind,
                  "</b>滞后或有风险 behind / at risk</div>");
  if (data.calendar) {
    absl::StrAppend(&out, "<div class=\"kpi\"><b>", data.calendar->good_days(), " / ",
                    data.calendar->valid_days(), "</b>空气优良天数 good air days</div>");
  }
  absl::StrAppend(&out, "</div>\n<p>指标状态 Status</p>", SvgStatusBar(card),
                  "\n<p>各领域得分 Area scores</p>", SvgAreaScores(card), "</section>\n");
  if (data.history.size() > 1) {
    absl::StrAppend(&out, "<section id=\"trend\"><h2>得分趋势 Score trend（月末 month ends）</h2>",
                    SvgScoreTrend(data.history), "</section>\n");
  }
  absl::StrAppend(&out, "<section id=\"aqi\"><h2>空气质量日历 AQI calendar（", card.as_of().year(), " 年至今）</h2>");
  if (data.calendar) {
    absl::StrAppend(&out, SvgAqiCalendar(*data.calendar));
  } else {
    absl::StrAppend(&out, "<p class=\"partial\">AQI 日历不可用：环境服务未响应。</p>");
  }
  absl::StrAppend(&out, "</section>\n");
  for (v1::Area area : AreasOf(card)) {
    const v1::AreaResult* ar = AreaResultOf(card, area);
    absl::StrAppend(&out, "<section class=\"area\" id=\"area-", AreaKey(area), "\"><h2>", Esc(AreaZh(area)), " ",
                    Esc(AreaEn(area)), "<span class=\"score\">",
                    ar && ar->has_score() ? absl::StrFormat("%.1f", ar->score()) : "—",
                    "</span></h2>\n<p class=\"note\">条形为完成率（实际 ÷ 全年目标），黑色竖线为序时目标，红色虚线为时间进度（时间过半、任务过半）。</p>",
                    SvgAreaProgress(card, area),
                    "\n<table><tr><th>指标</th><th>实际</th><th>序时目标</th><th>全年目标</th><th>完成率</th><th>序时差</th><th>剩余月均需</th><th>状态</th><th>得分</th><th>趋势</th></tr>\n");
    for (const auto& i : card.indicators()) {
      if (i.area() != area) continue;
      absl::StrAppend(&out, "<tr><td>", Esc(i.name_zh().empty() ? i.id() : i.name_zh()),
                      "<div class=\"why\">", Esc(i.explanation()), "</div></td><td class=\"n\">",
                      Esc(ActualText(i)), "</td><td class=\"n\">", Esc(ExpectedText(i)),
                      "</td><td class=\"n\">", Esc(TargetText(i)), "</td><td class=\"n\">",
                      CompletionText(i), "</td><td class=\"n\">", GapText(i),
                      "</td><td class=\"n\">", Esc(NeededPerMonthText(i)),
                      "</td><td><span class=\"st\" style=\"background:",
                      StatusHex(i.status()), "\">", Esc(StatusZh(i.status())), "</span></td><td class=\"n\">",
                      ScoreText(i), "</td><td>", SvgSparkline(data.history, i.id()), "</td></tr>\n");
    }
    absl::StrAppend(&out, "</table></section>\n");
  }
  if (card.reporting_by_department_size() > 0) {
    absl::StrAppend(&out, "<section id=\"reporting\"><h2>报送情况 Reporting</h2>\n<table><tr><th>责任单位</th>"
                    "<th>按时</th><th>过期</th><th>未到期</th><th>逾期未报</th></tr>\n");
    for (const v1::ReportingCompleteness& rc : card.reporting_by_department()) {
      absl::StrAppend(&out, "<tr><td>", Esc(rc.department()), "</td><td class=\"n\">", rc.current(),
                      "</td><td class=\"n\">", rc.stale(), "</td><td class=\"n\">", rc.missing(),
                      "</td><td class=\"n\">", rc.overdue() > 0 ? "<b>" : "", rc.overdue(),
                      rc.overdue() > 0 ? "</b>" : "", "</td></tr>\n");
    }
    absl::StrAppend(&out, "</table></section>\n");
  }
  if (!data.notes.empty()) {
    absl::StrAppend(&out, "<section><h2>说明 Notes</h2><ul>");
    for (const auto& n : data.notes) absl::StrAppend(&out, "<li>", Esc(n), "</li>");
    absl::StrAppend(&out, "</ul></section>\n");
  }
  absl::StrAppend(&out, "<footer>devplanctl report · ", Esc(card.district()), " · as of ",
                  FormatDate(card.as_of()), " · generated ",
                  absl::FormatTime("%Y-%m-%d %H:%M", absl::Now(), absl::FixedTimeZone(8 * 3600)),
                  " (UTC+8) · 数据来源 investment / environment / social services</footer>\n</main>\n</body>\n</html>\n");
  return out;
}

}  // namespace devplan::ctl
