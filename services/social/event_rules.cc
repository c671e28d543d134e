#include "services/social/event_rules.h"

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/dates.h"
#include "services/common/district.h"
#include "services/common/resource_name.h"
#include "services/social/facility_rules.h"
#include "services/social/figure_rules.h"

namespace devplan::social {
namespace {

absl::Status Bad(absl::string_view field, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ".", what));
}

}  // namespace

absl::Status ValidateEvent(const v1::Event& e, absl::CivilDay today, absl::string_view field) {
  if (absl::Status s = ValidateId(e.event_id(), absl::StrCat(field, ".event_id")); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateDistrict(e.district(), absl::StrCat(field, ".district"));
      !s.ok()) {
    return s;
  }
  if (e.kind() == v1::EVENT_KIND_UNSPECIFIED || !v1::EventKind_IsValid(e.kind())) {
    return Bad(field, "kind: required, one of EventKind");
  }
  if (e.title_zh().empty() || e.title_zh().size() > 400) {
    return Bad(field, "title_zh: required, at most 400 bytes");
  }
  if (e.title_en().size() > 400) return Bad(field, "title_en: at most 400 bytes");
  absl::StatusOr<absl::CivilDay> start =
      PlanDay(e.start_date(), today, absl::StrCat(field, ".start_date"));
  RETURN_IF_ERROR(start.status());
  if (e.has_end_date()) {
    absl::StatusOr<absl::CivilDay> end =
        ToCivilDay(e.end_date(), absl::StrCat(field, ".end_date"));
    RETURN_IF_ERROR(end.status());
    if (*end < *start || *end > today) {
      return Bad(field, absl::StrCat("end_date: ", DayKey(*end), " is outside start_date (",
                                     DayKey(*start), ") .. today (", DayKey(today), ")"));
    }
  }
  if (e.kind() == v1::EVENT_KIND_JOB_FAIR) {
    if (e.positions_offered() < 0 || e.positions_offered() > kMaxPositionsOffered) {
      return Bad(field, absl::StrCat("positions_offered: ", e.positions_offered(),
                                     " is outside 0..", kMaxPositionsOffered));
    }
  } else if (e.positions_offered() != 0) {
    return Bad(field, "positions_offered: only job fairs offer positions");
  }
  if (e.kind() == v1::EVENT_KIND_CULTURAL) {
    if (e.cultural_type() == v1::CULTURAL_EVENT_TYPE_UNSPECIFIED ||
        !v1::CulturalEventType_IsValid(e.cultural_type())) {
      return Bad(field, "cultural_type: required for cultural events, one of CulturalEventType");
    }
  } else if (e.cultural_type() != v1::CULTURAL_EVENT_TYPE_UNSPECIFIED) {
    return Bad(field, "cultural_type: only for cultural events");
  }
  if (!v1::PlanEvent_IsValid(e.plan_event())) {
    return Bad(field, "plan_event: not one of PlanEvent");
  }
  if (e.plan_event() != v1::PLAN_EVENT_UNSPECIFIED && e.kind() != v1::EVENT_KIND_SPORTS) {
    return Bad(field, "plan_event: only for sports events");
  }
  if (e.organizer().empty() || e.organizer().size() > 200) {
    return Bad(field, "organizer: required, at most 200 bytes");
  }
  return absl::OkStatus();
}

bool SameEvent(const v1::Event& stored, const v1::Event& requested) {
  auto same_date = [](const v1::Date& a, const v1::Date& b) {
    return a.year() == b.year() && a.month() == b.month() && a.day() == b.day();
  };
  const bool end_matches =
      !requested.has_end_date() ||
      (stored.has_end_date() && same_date(stored.end_date(), requested.end_date()));
  return stored.event_id() == requested.event_id() && stored.district() == requested.district() &&
         stored.kind() == requested.kind() && stored.title_zh() == requested.title_zh() &&
         stored.title_en() == requested.title_en() &&
         same_date(stored.start_date(), requested.start_date()) && end_matches &&
         stored.positions_offered() == requested.positions_offered() &&
         stored.cultural_type() == requested.cultural_type() &&
         stored.plan_event() == requested.plan_event() &&
         stored.organizer() == requested.organizer();
}

absl::CivilDay EventDay(const v1::Event& e) { return DayOf(e.start_date()); }

}  // namespace devplan::social
