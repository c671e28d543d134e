#include "services/devplanctl/svg_charts.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/devplanctl/palette.h"
#include "services/devplanctl/scorecard_table.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

constexpr const char* kFont = "font-family=\"'Noto Sans CJK SC','WenQuanYi Zen Hei','Microsoft YaHei',sans-serif\"";

std::string Text(double x, double y, const std::string& s, const std::string& attrs = "") {
  return absl::StrFormat("<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>", x, y, attrs, XmlEscape(s));
}

std::string Open(int w, int h, const std::string& label) {
  return absl::StrFormat(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" "
      "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" %s font-size=\"13\">",
      w, h, w, h, XmlEscape(label), kFont);
}

const std::vector<v1::Area>& AllAreas() {
  static const std::vector<v1::Area> a = {v1::AREA_ECONOMY, v1::AREA_PROJECTS, v1::AREA_VITALITY,
                                          v1::AREA_ECOLOGY, v1::AREA_URBAN_RURAL, v1::AREA_LIVELIHOOD};
  return a;
}

std::string AreaColor(v1::Area a) {
  switch (a) {
    case v1::AREA_ECONOMY: return "#1f77b4";
    case v1::AREA_PROJECTS: return "#ff7f0e";
    case v1::AREA_VITALITY: return "#9467bd";
    case v1::AREA_ECOLOGY: return "#2ca02c";
    case v1::AREA_URBAN_RURAL: return "#8c564b";
    case v1::AREA_LIVELIHOOD: return "#e377c2";
    default: return "#7f7f7f";
  }
}

}  // namespace

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string SvgStatusBar(const v1::Scorecard& card) {
  std::map<int, int> counts;
  for (const auto& i : card.indicators()) ++counts[i.status()];
  const int total = card.indicators_size();
  const int w = 1000, h = 74, bar_w = 980;
  std::string out = Open(w, h, "指标状态分布 status counts");
  double x = 10;
  double lx = 10;
  std::string legend;
  for (int s = v1::INDICATOR_STATUS_MET; s <= v1::IndicatorStatus_MAX; ++s) {
    auto st = static_cast<v1::IndicatorStatus>(s);
    int n = counts[s];
    if (n == 0) continue;
    double bw = total > 0 ? bar_w * n / static_cast<double>(total) : 0;
    absl::StrAppend(&out, absl::StrFormat("<rect x=\"%.1f\" y=\"8\" width=\"%.1f\" height=\"30\" fill=\"%s\"><title>%s %d</title></rect>",
                                          x, bw, StatusHex(st), XmlEscape(StatusZh(st)), n));
    if (bw > 24) absl::StrAppend(&out, Text(x + bw / 2, 28, std::to_string(n), "text-anchor=\"middle\" fill=\"#fff\" font-weight=\"bold\""));
    x += bw;
    absl::StrAppend(&legend, absl::StrFormat("<rect x=\"%.1f\" y=\"52\" width=\"12\" height=\"12\" fill=\"%s\"/>", lx, StatusHex(st)),
                    Text(lx + 16, 63, absl::StrCat(StatusZh(st), " ", n)));
    lx += 34 + DisplayWidth(StatusZh(st)) * 7 + 14;
  }
  absl::StrAppend(&out, legend, "</svg>");
  return out;
}

std::string SvgAreaScores(const v1::Scorecard& card) {
  std::vector<std::pair<std::string, std::optional<double>>> rows;
  rows.push_back({"总分 Overall", card.has_overall_score() ? std::optional<double>(card.overall_score()) : std::nullopt});
  std::vector<std::string> colors = {"#333333"};
  for (v1::Area a : AreasOf(card)) {
    const v1::AreaResult* r = AreaResultOf(card, a);
    rows.push_back({AreaZh(a), r && r->has_score() ? std::optional<double>(r->score()) : std::nullopt});
    colors.push_back(AreaColor(a));
  }
  const int row_h = 30, label_w = 120, bar_w = 760;
  const int h = static_cast<int>(rows.size()) * row_h + 30;
  std::string out = Open(1000, h, "各领域得分 area scores");
  for (int t = 0; t <= 100; t += 20) {
    double x = label_w + bar_w * t / 100.0;
    absl::StrAppend(&out, absl::StrFormat("<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e0e0e0\"/>", x, x, h - 20),
                    Text(x, h - 6, std::to_string(t), "text-anchor=\"middle\" fill=\"#888\""));
  }
  for (size_t k = 0; k < rows.size(); ++k) {
    double y = 6 + k * row_h;
    absl::StrAppend(&out, Text(label_w - 8, y + 17, rows[k].first, "text-anchor=\"end\""));
    if (rows[k].second) {
      double bw = bar_w * std::clamp(*rows[k].second, 0.0, 100.0) / 100.0;
      absl::StrAppend(&out, absl::StrFormat("<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"20\" rx=\"3\" fill=\"%s\"/>",
                                            label_w, y + 2, bw, colors[k]),
                      Text(label_w + bw + 6, y + 17, absl::StrFormat("%.1f", *rows[k].second), "font-weight=\"bold\""));
    } else {
      absl::StrAppend(&out, Text(label_w + 6, y + 17, "— 无得分", "fill=\"#888\""));
    }
  }
  absl::StrAppend(&out, "</svg>");
  return out;
}

std::string SvgAreaProgress(const v1::Scorecard& card, v1::Area area) {
  std::vector<const v1::IndicatorResult*> rows;
  for (const auto& i : card.indicators()) if (i.area() == area) rows.push_back(&i);
  const int label_w = 300, bar_x = 310, bar_w = 480, row_h = 28, top = 26;
  const double kMax = 1.25;  // the bar's right end: 125 % of the target
  const int h = top + static_cast<int>(rows.size()) * row_h + 8;
  std::string out = Open(1000, h, absl::StrCat(AreaZh(area), " 进度 progress"));
  auto xof = [&](double share) { return bar_x + bar_w * std::clamp(share, 0.0, kMax) / kMax; };
  // 100 % of target and the elapsed share of the year (时间进度).
  absl::StrAppend(&out, absl::StrFormat("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\" stroke-width=\"1\"/>",
                                        xof(1), top - 6, xof(1), h - 4),
                  Text(xof(1), top - 10, "目标 100%", "text-anchor=\"middle\" fill=\"#333\" font-size=\"11\""));
  const double f = card.elapsed_share();
  absl::StrAppend(&out, absl::StrFormat("<line class=\"timeline\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c0392b\" stroke-width=\"1.5\" stroke-dasharray=\"5,3\"/>",
                                        xof(f), top - 6, xof(f), h - 4),
                  Text(xof(f), top - 10, absl::StrFormat("时间进度 %.0f%%", 100 * f), "text-anchor=\"middle\" fill=\"#c0392b\" font-size=\"11\""));
  for (size_t k = 0; k < rows.size(); ++k) {
    const v1::IndicatorResult& i = *rows[k];
    double y = top + k * row_h;
    absl::StrAppend(&out, Text(label_w, y + 15, FitWidth(i.name_zh().empty() ? i.id() : i.name_zh(), 40),
                               "text-anchor=\"end\""));
    absl::StrAppend(&out, absl::StrFormat("<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"16\" fill=\"#f0f0f0\"/>",
                                          bar_x, y + 3, bar_w));
    std::optional<double> share;
    if (i.unit() == v1::UNIT_MILESTONE) {
      if (i.has_actual() || i.done()) share = i.done() || i.actual() >= 1 ? 1.0 : 0.0;
    } else if (i.has_completion()) {
      share = i.completion();
    } else if (i.has_actual() && i.target() > 0) {
      share = std::max(0.0, i.actual() / i.target());  // rates: the rate against its target
    } else if (i.status() == v1::INDICATOR_STATUS_MET) {
      share = 1.0;  // e.g. eliminate-to-zero, met
    }
    const std::string tip = absl::StrCat(i.name_zh(), ": ", ActualText(i), " / ", TargetText(i), " — ",
                                         StatusZh(i.status()));
    if (share) {
      absl::StrAppend(&out, absl::StrFormat("<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"16\" fill=\"%s\"><title>%s</title></rect>",
                                            bar_x, y + 3, xof(*share) - bar_x, StatusHex(i.status()), XmlEscape(tip)));
      if (*share > kMax) {
        absl::StrAppend(&out, Text(xof(kMax) - 4, y + 15, "»", "text-anchor=\"end\" fill=\"#fff\" font-weight=\"bold\""));
      }
    } else {
      absl::StrAppend(&out, absl::StrFormat("<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"16\" fill=\"none\" stroke=\"%s\" stroke-dasharray=\"3,2\"><title>%s</title></rect>",
                                            bar_x, y + 3, bar_w, StatusHex(i.status()), XmlEscape(tip)));
    }
    // What the time line expects of this indicator (cumulative: the schedule's share).
    if (i.unit() != v1::UNIT_MILESTONE && i.target() != 0 && i.expected() > 0) {
      double e = i.expected() / i.target();
      absl::StrAppend(&out, absl::StrFormat("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\" stroke-width=\"2\"/>",
                                            xof(e), y + 1, xof(e), y + 21));
    }
    absl::StrAppend(&out, Text(bar_x + bar_w + 10, y + 15,
                               absl::StrCat(ActualText(i), " / ", TargetText(i)), "font-size=\"12\""),
                    Text(995, y + 15, StatusZh(i.status()),
                         absl::StrCat("text-anchor=\"end\" font-size=\"12\" fill=\"", StatusHex(i.status()), "\" font-weight=\"bold\"")));
  }
  absl::StrAppend(&out, "</svg>");
  return out;
}

std::string SvgAqiCalendar(const v1::GetAqiCalendarResponse& calendar) {
  const int cell = 24, left = 70, top = 24;
  std::map<int, std::vector<const v1::AqiCalendarDay*>> months;  // yyyymm → days
  for (const auto& d : calendar.days()) months[d.date().year() * 100 + d.date().month()].push_back(&d);
  const int rows = static_cast<int>(months.size());
  const int h = top + rows * cell + 66;
  std::string out = Open(left + 31 * cell + 20, h, "AQI 日历 calendar heat map");
  for (int d = 1; d <= 31; ++d) {
    absl::StrAppend(&out, Text(left + (d - 1) * cell + cell / 2.0, top - 8, std::to_string(d),
                               "text-anchor=\"middle\" fill=\"#888\" font-size=\"10\""));
  }
  int r = 0;
  for (const auto& [ym, days] : months) {
    double y = top + r * cell;
    absl::StrAppend(&out, Text(left - 8, y + cell / 2.0 + 4, absl::StrFormat("%d月", ym % 100),
                               "text-anchor=\"end\""));
    for (const v1::AqiCalendarDay* d : days) {
      double x = left + (d->date().day() - 1) * cell;
      std::string tip = absl::StrCat(FormatDate(d->date()), " ",
                                     d->valid() ? absl::StrCat("AQI ", d->aqi(), " ", AqiCategoryZh(d->category()))
                                                : "无有效数据");
      absl::StrAppend(&out, absl::StrFormat("<rect class=\"day\" x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" rx=\"3\" fill=\"%s\" stroke=\"#fff\"><title>%s</title></rect>",
                                            x + 1, y + 1, cell - 2, cell - 2,
                                            d->valid() ? AqiHex(d->category()) : AqiHex(v1::AQI_CATEGORY_UNSPECIFIED),
                                            XmlEscape(tip)));
    }
    ++r;
  }
  double lx = left;
  const double ly = top + rows * cell + 18;
  for (int c = v1::AQI_CATEGORY_EXCELLENT; c <= v1::AQI_CATEGORY_SEVERELY_POLLUTED; ++c) {
    auto cat = static_cast<v1::AqiCategory>(c);
    absl::StrAppend(&out, absl::StrFormat("<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"14\" fill=\"%s\" stroke=\"#ccc\"/>", lx, ly, AqiHex(cat)),
                    Text(lx + 18, ly + 12, AqiCategoryZh(cat)));
    lx += 30 + DisplayWidth(AqiCategoryZh(cat)) * 7;
  }
  absl::StrAppend(&out, absl::StrFormat("<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"14\" fill=\"%s\"/>", lx, ly, AqiHex(v1::AQI_CATEGORY_UNSPECIFIED)),
                  Text(lx + 18, ly + 12, "无有效数据"),
                  Text(left, ly + 34, absl::StrFormat("优良天数 %d / 有效天数 %d", calendar.good_days(), calendar.valid_days()),
                       "font-weight=\"bold\""),
                  "</svg>");
  return out;
}

std::string SvgScoreTrend(const std::vector<v1::Scorecard>& history) {
  const int w = 1000, h = 280, left = 50, right = 170, top = 16, bottom = 36;
  const int pw = w - left - right, ph = h - top - bottom;
  std::string out = Open(w, h, "得分趋势 score trend");
  const size_t n = history.size();
  auto xof = [&](size_t k) { return left + (n <= 1 ? pw / 2.0 : pw * k / static_cast<double>(n - 1)); };
  auto yof = [&](double score) { return top + ph * (1 - std::clamp(score, 0.0, 100.0) / 100.0); };
  for (int t = 0; t <= 100; t += 25) {
    absl::StrAppend(&out, absl::StrFormat("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e6e6e6\"/>", left, yof(t), left + pw, yof(t)),
                    Text(left - 6, yof(t) + 4, std::to_string(t), "text-anchor=\"end\" fill=\"#888\""));
  }
  for (size_t k = 0; k < n; ++k) {
    const v1::Date& d = history[k].as_of();
    absl::StrAppend(&out, Text(xof(k), h - 14, absl::StrFormat("%d/%d", d.month(), d.day()),
                               "text-anchor=\"middle\" fill=\"#666\" font-size=\"11\""));
  }
  struct Series { std::string name, color; std::vector<std::optional<double>> v; double width; };
  std::vector<Series> series;
  Series overall{"总分 Overall", "#222", {}, 3};
  for (const auto& c : history) overall.v.push_back(c.has_overall_score() ? std::optional<double>(c.overall_score()) : std::nullopt);
  series.push_back(overall);
  for (v1::Area a : AllAreas()) {
    Series s{AreaZh(a), AreaColor(a), {}, 1.8};
    bool any = false;
    for (const auto& c : history) {
      const v1::AreaResult* r = AreaResultOf(c, a);
      s.v.push_back(r && r->has_score() ? std::optional<double>(r->score()) : std::nullopt);
      any |= s.v.back().has_value();
    }
    if (any) series.push_back(s);
  }
  int legend_row = 0;
  for (const Series& s : series) {
    std::string path;
    for (size_t k = 0; k < n; ++k) {
      if (!s.v[k]) continue;
      absl::StrAppend(&path, path.empty() ? "M" : " L", absl::StrFormat("%.1f,%.1f", xof(k), yof(*s.v[k])));
      absl::StrAppend(&out, absl::StrFormat("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"><title>%s %.1f</title></circle>",
                                            xof(k), yof(*s.v[k]), s.width + 0.8, s.color, XmlEscape(s.name), *s.v[k]));
    }
    if (!path.empty()) {
      absl::StrAppend(&out, absl::StrFormat("<path class=\"trend\" d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"/>",
                                            path, s.color, s.width));
    }
    double ly = top + 10 + legend_row * 22;
    absl::StrAppend(&out, absl::StrFormat("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>",
                                          left + pw + 16, ly, left + pw + 40, ly, s.color, s.width + 1),
                    Text(left + pw + 46, ly + 4, s.name));
    ++legend_row;
  }
  absl::StrAppend(&out, "</svg>");
  return out;
}

std::string SvgSparkline(const std::vector<v1::Scorecard>& history, const std::string& id) {
  std::vector<std::optional<double>> v;
  double lo = 0, hi = 0;
  bool any = false;
  for (const auto& c : history) {
    std::optional<double> x;
    for (const auto& i : c.indicators()) {
      if (i.id() == id && i.has_actual()) x = i.actual();
    }
    if (x) {
      if (!any) lo = hi = *x;
      lo = std::min(lo, *x);
      hi = std::max(hi, *x);
      any = true;
    }
    v.push_back(x);
  }
  const int w = 110, h = 24;
  std::string out = absl::StrFormat("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spark\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", w, h, w, h);
  if (any) {
    if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
    std::string path;
    const size_t n = v.size();
    for (size_t k = 0; k < n; ++k) {
      if (!v[k]) continue;
      double x = 3 + (n <= 1 ? (w - 6) / 2.0 : (w - 6) * k / static_cast<double>(n - 1));
      double y = h - 3 - (h - 6) * (*v[k] - lo) / (hi - lo);
      absl::StrAppend(&path, path.empty() ? "M" : " L", absl::StrFormat("%.1f,%.1f", x, y));
    }
    absl::StrAppend(&out, absl::StrFormat("<path d=\"%s\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\"/>", path));
  }
  absl::StrAppend(&out, "</svg>");
  return out;
}

}  // namespace devplan::ctl
