#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "services/devplanctl/report.h"
#include "services/devplanctl/scorecard_table.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

std::string Cell(const std::string& s) { return absl::StrReplaceAll(s, {{"|", "\\|"}, {"\n", " "}}); }

std::string StatusCounts(const v1::Scorecard& card) {
  std::vector<std::string> parts;
  for (int s = v1::INDICATOR_STATUS_MET; s <= v1::IndicatorStatus_MAX; ++s) {
    int n = 0;
    for (const auto& i : card.indicators()) n += i.status() == s;
    if (n > 0) parts.push_back(absl::StrCat(StatusZh(static_cast<v1::IndicatorStatus>(s)), " ", n));
  }
  return absl::StrJoin(parts, " · ");
}

}  // namespace

std::string ReportTitle(const ReportData& data) {
  return absl::StrCat(data.card.district_name_zh(), " ", data.card.district(),
                      " 规划执行情况报告（截至 ", FormatDate(data.card.as_of()), "）");
}

std::string PartialNotice(const ReportData& data) {
  if (data.failed_sources.empty()) return "";
  return absl::StrCat("数据不完整 PARTIAL: 以下数据源未响应 — ", absl::StrJoin(data.failed_sources, ", "),
                      "；其指标显示为“服务不可用”，得分不含这些指标。");
}

std::string RenderMarkdown(const ReportData& data) {
  const v1::Scorecard& card = data.card;
  std::string out = absl::StrCat("# ", ReportTitle(data), "\n\n");
  if (!data.plan_title.empty()) absl::StrAppend(&out, "**", data.plan_title, "** (", card.plan(), " v", card.plan_version(), ")\n\n");
  if (!data.failed_sources.empty()) absl::StrAppend(&out, "> ⚠ ", PartialNotice(data), "\n\n");
  absl::StrAppend(&out, "- 总分 Overall: **",
                  card.has_overall_score() ? absl::StrFormat("%.1f", card.overall_score()) : "—",
                  "**\n- 时间进度 Year elapsed: ", absl::StrFormat("%.1f%%", 100 * card.elapsed_share()),
                  "\n- 指标状态 Status: ", StatusCounts(card), "\n");
  if (data.calendar) {
    absl::StrAppend(&out, "- 空气质量优良天数 Good air days: ", data.calendar->good_days(), " / ",
                    data.calendar->valid_days(), " 有效天数\n");
  }
  absl::StrAppend(&out, "\n");
  for (v1::Area area : AreasOf(card)) {
    const v1::AreaResult* ar = AreaResultOf(card, area);
    absl::StrAppend(&out, "## ", AreaZh(area), " ", AreaEn(area), " — ",
                    ar && ar->has_score() ? absl::StrFormat("%.1f", ar->score()) : "—", "\n\n",
                    "| 指标 | 实际 | 序时目标 | 全年目标 | 完成率 | 序时差 | 剩余月均需 | 状态 | 得分 |\n",
                    "|---|---:|---:|---:|---:|---:|---:|---|---:|\n");
    for (const auto& i : card.indicators()) {
      if (i.area() != area) continue;
      absl::StrAppend(&out, "| ", Cell(i.name_zh().empty() ? i.id() : i.name_zh()), " | ",
                      Cell(ActualText(i)), " | ", Cell(ExpectedText(i)), " | ", Cell(TargetText(i)),
                      " | ", CompletionText(i), " | ", GapText(i), " | ", Cell(NeededPerMonthText(i)),
                      " | ", StatusZh(i.status()), " | ", ScoreText(i), " |\n");
    }
    absl::StrAppend(&out, "\n");
  }
  auto names = [&](const auto& ids) {
    std::vector<std::string> n;
    for (const std::string& id : ids) {
      std::string name = id;
      for (const auto& i : card.indicators()) if (i.id() == id && !i.name_zh().empty()) name = i.name_zh();
      n.push_back(name);
    }
    return absl::StrJoin(n, "、");
  };
  if (!card.weakest().empty()) absl::StrAppend(&out, "**关注弱势指标**: ", names(card.weakest()), "\n\n");
  if (!card.strongest().empty()) absl::StrAppend(&out, "**巩固优势指标**: ", names(card.strongest()), "\n\n");
  // Who is late: per lead department, then per source service.
  if (card.reporting_by_department_size() > 0) {
    absl::StrAppend(&out, "## 报送情况 Reporting\n\n| 责任单位 | 按时 | 过期 | 未到期 | 逾期未报 |\n",
                    "|---|---:|---:|---:|---:|\n");
    for (const v1::ReportingCompleteness& rc : card.reporting_by_department()) {
      absl::StrAppend(&out, "| ", Cell(rc.department()), " | ", rc.current(), " | ", rc.stale(),
                      " | ", rc.missing(), " | ", rc.overdue() > 0 ? "**" : "", rc.overdue(),
                      rc.overdue() > 0 ? "**" : "", " |\n");
    }
    absl::StrAppend(&out, "\n");
  }
  for (const auto& n : data.notes) absl::StrAppend(&out, "_", n, "_\n\n");
  return out;
}

}  // namespace devplan::ctl
