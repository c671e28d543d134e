#include "services/aggregator/indicator_history.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/dates.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"

namespace devplan::aggregator {

absl::StatusOr<v1::IndicatorHistory> IndicatorHistoryOf(Scorecards& scorecards,
                                                        const v1::Plan& plan,
                                                        const HistoryQuery& query) {
  const v1::Indicator* indicator = nullptr;
  for (const v1::Indicator& i : plan.indicators()) {
    if (i.id() == query.indicator) indicator = &i;
  }
  if (indicator == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("indicator: ", QuoteForError(query.indicator), " is not in ", plan.name()));
  }
  v1::IndicatorHistory out;
  out.set_district(query.district);
  out.set_indicator(query.indicator);
  out.set_name_zh(indicator->name_zh());
  out.set_name_en(indicator->name_en());
  out.set_unit(indicator->unit());
  out.set_target(indicator->target());
  std::set<std::string> failed;
  for (int m = query.from_month; m <= query.to_month; ++m) {
    const absl::CivilDay month_end = MonthEnd(absl::CivilMonth(query.year, m));
    if (month_end > query.today) break;
    ASSIGN_OR_RETURN(const v1::Scorecard card, scorecards.Get({query.district, month_end, {}}));
    const v1::IndicatorResult* found = nullptr;
    for (const v1::IndicatorResult& r : card.indicators()) {
      if (r.id() == query.indicator) found = &r;
    }
    if (found == nullptr) continue;  // the plan was replaced while the history was read
    v1::IndicatorHistoryPoint* p = out.add_points();
    *p->mutable_as_of() = ToProtoDate(month_end);
    if (found->has_actual() && found->status() != v1::INDICATOR_STATUS_UNAVAILABLE) {
      p->set_actual(found->actual());
    }
    p->set_expected(found->expected());
    p->set_status(found->status());
    if (found->has_score()) p->set_score(found->score());
    *p->mutable_current_to() = found->current_to();
    if (found->has_timeline_gap_pp()) p->set_timeline_gap_pp(found->timeline_gap_pp());
    if (found->has_needed_per_month()) p->set_needed_per_month(found->needed_per_month());
    failed.insert(card.failed_sources().begin(), card.failed_sources().end());
  }
  for (const std::string& s : failed) out.add_failed_sources(s);
  return out;
}

}  // namespace devplan::aggregator
