#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/json_escape.h"
#include "services/devplanctl/output.h"
#include "services/devplanctl/report.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

std::string JsonString(const std::string& s) { return absl::StrCat("\"", JsonEscape(s), "\""); }

std::string Opt(bool has, double v) {
  if (!has) return "null";
  if (std::fabs(v) < 1e15 && v == std::round(v)) return absl::StrFormat("%.0f", v);
  return absl::StrFormat("%.10g", v);
}

}  // namespace

std::string RenderJson(const ReportData& data) {
  std::string out = absl::StrCat("{\n\"title\": ", JsonString(ReportTitle(data)),
                                 ",\n\"partial\": ", data.failed_sources.empty() ? "false" : "true",
                                 ",\n\"failedSources\": [");
  for (size_t k = 0; k < data.failed_sources.size(); ++k) {
    absl::StrAppend(&out, k ? ", " : "", JsonString(data.failed_sources[k]));
  }
  absl::StrAppend(&out, "],\n\"scorecard\": ", ProtoJson(data.card, false),
                  ",\n\"aqiCalendar\": ", data.calendar ? ProtoJson(*data.calendar, false) : "null",
                  ",\n\"trend\": [");
  for (size_t k = 0; k < data.history.size(); ++k) {
    const v1::Scorecard& c = data.history[k];
    absl::StrAppend(&out, k ? ",\n  " : "\n  ", "{\"asOf\": ", JsonString(FormatDate(c.as_of())),
                    ", \"overallScore\": ", Opt(c.has_overall_score(), c.overall_score()),
                    ", \"indicators\": {");
    for (int i = 0; i < c.indicators_size(); ++i) {
      const auto& r = c.indicators(i);
      absl::StrAppend(&out, i ? ", " : "", JsonString(r.id()), ": {\"actual\": ",
                      Opt(r.has_actual(), r.actual()), ", \"status\": ", JsonString(StatusKey(r.status())),
                      ", \"score\": ", Opt(r.has_score(), r.score()), "}");
    }
    absl::StrAppend(&out, "}}");
  }
  absl::StrAppend(&out, "\n],\n\"notes\": [");
  for (size_t k = 0; k < data.notes.size(); ++k) absl::StrAppend(&out, k ? ", " : "", JsonString(data.notes[k]));
  absl::StrAppend(&out, "]\n}\n");
  return out;
}

}  // namespace devplan::ctl
