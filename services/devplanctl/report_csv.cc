#include <cmath>

#include "absl/strings/str_format.h"
#include "services/devplanctl/csv.h"
#include "services/devplanctl/report.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

// Whole numbers (yuan, counts) exactly; others to 6 significant digits.
std::string Num(bool has, double v) {
  if (!has) return "";
  if (std::fabs(v) < 1e15 && v == std::round(v)) return absl::StrFormat("%.0f", v);
  return absl::StrFormat("%.6g", v);
}

}  // namespace

std::string RenderCsv(const ReportData& data) {
  const v1::Scorecard& card = data.card;
  std::string out = CsvLine({"district", "as_of", "area", "indicator_id", "name_zh", "unit",
                             "actual", "expected", "target", "completion", "status", "score",
                             "change_since_previous_month", "year_end_projection", "current_to",
                             "timeline_date", "timeline_gap_pp", "needed_per_month", "pace_per_month",
                             "progress",
                             "lead_department", "explanation"});
  for (const auto& i : card.indicators()) {
    out += CsvLine({card.district(), FormatDate(card.as_of()), AreaKey(i.area()), i.id(), i.name_zh(),
                    v1::Unit_Name(i.unit()), Num(i.has_actual(), i.actual()),
                    Num(true, i.expected()), Num(true, i.target()),
                    Num(i.has_completion(), i.completion()), StatusKey(i.status()),
                    Num(i.has_score(), i.score()),
                    Num(i.has_change_since_previous_month(), i.change_since_previous_month()),
                    Num(i.has_year_end_projection(), i.year_end_projection()),
                    i.has_current_to() ? FormatDate(i.current_to()) : "",
                    i.has_timeline_date() ? FormatDate(i.timeline_date()) : "",
                    Num(i.has_timeline_gap_pp(), i.timeline_gap_pp()),
                    Num(i.has_needed_per_month(), i.needed_per_month()),
                    Num(i.has_pace_per_month(), i.pace_per_month()),
                    Num(i.has_progress(), i.progress()), i.lead_department(), i.explanation()});
  }
  return out;
}

}  // namespace devplan::ctl
