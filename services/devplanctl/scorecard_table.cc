#include "services/devplanctl/scorecard_table.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "services/devplanctl/palette.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {

std::vector<v1::Area> AreasOf(const v1::Scorecard& card) {
  std::vector<v1::Area> out;
  for (int a = v1::Area_MIN; a <= v1::Area_MAX; ++a) {
    bool present = false;
    for (const auto& i : card.indicators()) present |= i.area() == a;
    for (const auto& r : card.areas()) present |= r.area() == a;
    if (present) out.push_back(static_cast<v1::Area>(a));
  }
  return out;
}

const v1::AreaResult* AreaResultOf(const v1::Scorecard& card, v1::Area area) {
  for (const auto& r : card.areas()) {
    if (r.area() == area) return &r;
  }
  return nullptr;
}

double ShownTarget(const v1::IndicatorResult& i) {
  return i.unit() == v1::UNIT_MILESTONE ? 1 : i.target();
}

std::string ActualText(const v1::IndicatorResult& i) {
  if (i.unit() == v1::UNIT_MILESTONE) {
    if (!i.has_actual() && !i.done()) return "—";
    if (i.done() || i.actual() >= 1) return "done";
    // How far along its stages, where the service knows them.
    return i.has_progress() ? absl::StrFormat("not yet %.0f%%", 100 * i.progress()) : "not yet";
  }
  return i.has_actual() ? FormatValue(i.actual(), i.unit()) : "—";
}

std::string TargetText(const v1::IndicatorResult& i) {
  return i.unit() == v1::UNIT_MILESTONE ? "done" : FormatValue(i.target(), i.unit());
}

std::string ExpectedText(const v1::IndicatorResult& i) {
  return i.unit() == v1::UNIT_MILESTONE ? "" : FormatValue(i.expected(), i.unit());
}

std::string CompletionText(const v1::IndicatorResult& i) {
  return i.has_completion() ? absl::StrFormat("%.0f%%", 100 * i.completion()) : "—";
}

std::string ScoreText(const v1::IndicatorResult& i) {
  return i.has_score() ? absl::StrFormat("%.0f", i.score()) : "—";
}

std::string ChangeText(const v1::IndicatorResult& i) {
  if (!i.has_change_since_previous_month() || i.unit() == v1::UNIT_MILESTONE) return "";
  double c = i.change_since_previous_month();
  std::string v = FormatValue(std::abs(c), i.unit());
  return c > 0 ? "+" + v : c < 0 ? "-" + v : "±0";
}

std::string GapText(const v1::IndicatorResult& i) {
  return i.has_timeline_gap_pp() ? absl::StrFormat("%+.1fpp", i.timeline_gap_pp()) : "";
}

namespace {
// A monthly rate: counts keep one decimal (half a park a month is still something to do).
std::string PerMonth(double v, v1::Unit unit) {
  const bool whole = unit == v1::UNIT_COUNT || unit == v1::UNIT_DAYS || unit == v1::UNIT_PERSON_TIMES;
  return (whole && v < 100 ? absl::StrFormat("%.1f", v) : FormatValue(v, unit)) + "/月";
}
}  // namespace

std::string NeededPerMonthText(const v1::IndicatorResult& i) {
  return i.has_needed_per_month() ? PerMonth(i.needed_per_month(), i.unit()) : "";
}

std::string PaceSoFarText(const v1::IndicatorResult& i) {
  return i.has_pace_per_month() ? PerMonth(i.pace_per_month(), i.unit()) : "";
}

std::string ReportingText(const v1::ReportingCompleteness& rc) {
  std::string name = !rc.source().empty()     ? rc.source()
                     : !rc.department().empty() ? rc.department()
                                                : AreaZh(rc.area());
  std::string out = absl::StrCat(name, " ", rc.current(), " current");
  if (rc.stale() > 0) absl::StrAppend(&out, ", ", rc.stale(), " stale");
  if (rc.missing() > 0) absl::StrAppend(&out, ", ", rc.missing(), " not yet due");
  if (rc.overdue() > 0) absl::StrAppend(&out, ", ", rc.overdue(), " overdue");
  return out;
}

std::string RenderScorecardTable(const v1::Scorecard& card, bool color) {
  std::string out;
  const v1::Date& d = card.as_of();
  auto paint = [&](const std::string& code, const std::string& text) {
    return color ? code + text + kAnsiReset : text;
  };
  absl::StrAppend(&out, paint("\033[1m", absl::StrCat(card.district_name_zh(), " ", card.district(),
                                                       "  scorecard as of ", FormatDate(d))),
                  absl::StrFormat("  (%.1f%% of the year elapsed)", 100 * card.elapsed_share()),
                  "\n", "overall score ",
                  card.has_overall_score() ? absl::StrFormat("%.1f", card.overall_score()) : "—",
                  "   plan ", card.plan(), " v", card.plan_version(), "\n");
  if (!card.failed_sources().empty()) {
    absl::StrAppend(&out, paint("\033[1;31m", absl::StrCat("PARTIAL: no answer from ",
                                                          absl::StrJoin(card.failed_sources(), ", "),
                                                          " — their indicators are UNAVAILABLE")),
                    "\n");
  }
  constexpr int kName = 30, kNum = 13, kStatus = 12;
  for (v1::Area area : AreasOf(card)) {
    const v1::AreaResult* ar = AreaResultOf(card, area);
    std::string counts;
    if (ar != nullptr) {
      for (int s = v1::INDICATOR_STATUS_MET; s <= v1::IndicatorStatus_MAX; ++s) {
        auto st = static_cast<v1::IndicatorStatus>(s);
        auto it = ar->status_counts().find(StatusKey(st));
        if (it != ar->status_counts().end() && it->second > 0) {
          absl::StrAppend(&counts, counts.empty() ? "" : " ", StatusZh(st), " ", it->second);
        }
      }
    }
    absl::StrAppend(&out, "\n",
                    paint("\033[1m", absl::StrCat("== ", AreaZh(area), " ", AreaEn(area), "  score ",
                                                  ar && ar->has_score() ? absl::StrFormat("%.1f", ar->score()) : "—")),
                    counts.empty() ? "" : "  (" + counts + ")", "\n");
    absl::StrAppend(&out, PadRight("指标", kName), " ", PadLeft("实际", kNum), " ",
                    PadLeft("序时目标", kNum), " ", PadLeft("全年目标", kNum), " ",
                    PadLeft("完成率", 7), " ", PadLeft("序时差", 8), " ", PadLeft("月均需", 12),
                    "  ", PadRight("状态", kStatus),
                    " ", PadLeft("得分", 4), "  ", "较上月", "\n");
    for (const auto& i : card.indicators()) {
      if (i.area() != area) continue;
      const std::string status = PadRight(StatusZh(i.status()), kStatus);
      absl::StrAppend(&out, PadRight(FitWidth(i.name_zh().empty() ? i.id() : i.name_zh(), kName), kName), " ",
                      PadLeft(ActualText(i), kNum), " ", PadLeft(ExpectedText(i), kNum), " ",
                      PadLeft(TargetText(i), kNum), " ", PadLeft(CompletionText(i), 7), " ",
                      PadLeft(GapText(i), 8), " ", PadLeft(NeededPerMonthText(i), 12), "  ",
                      paint(AnsiForStatus(i.status()), status), " ", PadLeft(ScoreText(i), 4),
                      "  ", ChangeText(i), "\n");
    }
  }
  auto names = [&](const auto& ids) {
    std::vector<std::string> out_names;
    for (const std::string& id : ids) {
      std::string n = id;
      for (const auto& i : card.indicators()) if (i.id() == id && !i.name_zh().empty()) n = i.name_zh();
      out_names.push_back(n);
    }
    return absl::StrJoin(out_names, "、");
  };
  if (!card.weakest().empty()) absl::StrAppend(&out, "\n关注弱势指标: ", names(card.weakest()), "\n");
  if (!card.strongest().empty()) absl::StrAppend(&out, "巩固优势指标: ", names(card.strongest()), "\n");
  // What it takes to catch up (剩余月份需月均完成), beside the pace so far.
  bool catch_up_header = false;
  for (const auto& i : card.indicators()) {
    if (!i.has_needed_per_month() || (i.status() != v1::INDICATOR_STATUS_BEHIND &&
                                      i.status() != v1::INDICATOR_STATUS_AT_RISK)) {
      continue;
    }
    if (!catch_up_header) {
      absl::StrAppend(&out, "\n追赶 catch-up (剩余月份需月均完成 vs 已月均完成):\n");
    }
    catch_up_header = true;
    absl::StrAppend(&out, "  ", i.name_zh().empty() ? i.id() : i.name_zh(), ": 需 ",
                    NeededPerMonthText(i), "，已 ", PaceSoFarText(i), "\n");
  }
  // Reporting completeness: who is late, which no score average would show.
  auto reporting_line = [&](const std::string& title, const auto& groups) {
    if (groups.empty()) return;
    std::vector<std::string> parts;
    for (const v1::ReportingCompleteness& rc : groups) {
      const std::string text = ReportingText(rc);
      parts.push_back(rc.overdue() > 0 ? paint("\033[1;31m", text) : text);
    }
    absl::StrAppend(&out, "\n", title, ": ", absl::StrJoin(parts, "; "));
  };
  reporting_line("报送情况 reporting", card.reporting());
  reporting_line("按责任单位 by department", card.reporting_by_department());
  if (card.reporting_size() > 0) absl::StrAppend(&out, "\n");
  return out;
}

}  // namespace devplan::ctl
