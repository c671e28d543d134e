#include "services/investment/output_rules.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/dates.h"
#include "services/investment/project_rules.h"
#include "services/common/district.h"
#include "services/common/resource_name.h"
#include "services/common/validation.h"
#include "services/investment/project_rules.h"

namespace devplan::investment {
namespace {

bool OneUnitKind(v1::InfrastructureKind k) {
  return k == v1::INFRASTRUCTURE_KIND_ROAD || k == v1::INFRASTRUCTURE_KIND_PARKING_LOT ||
         k == v1::INFRASTRUCTURE_KIND_LIT_ROAD;
}

bool SameDay(std::optional<absl::CivilDay> a, std::optional<absl::CivilDay> b) { return a == b; }

}  // namespace

absl::Status CheckOutput(const std::optional<v1::InfrastructureOutput>& before,
                         const v1::InfrastructureOutput& o, bool correction,
                         absl::CivilDay today) {
  RETURN_IF_ERROR(ValidateId(o.output_id(), "output.output_id"));
  if (o.kind() == v1::INFRASTRUCTURE_KIND_UNSPECIFIED || !v1::InfrastructureKind_IsValid(o.kind())) {
    return absl::InvalidArgumentError("output.kind: required, one of InfrastructureKind");
  }
  if (o.title_zh().empty() || o.title_zh().size() > kMaxTitleBytes) {
    return absl::InvalidArgumentError("output.title_zh: required, at most 400 bytes");
  }
  if (OneUnitKind(o.kind()) && o.quantity() != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "output.quantity: ", o.quantity(), "; a ", v1::InfrastructureKind_Name(o.kind()),
        " record is one road or car park, quantity 1"));
  }
  if (o.quantity() < 1 || o.quantity() > kMaxOutputQuantity) {
    return absl::InvalidArgumentError(absl::StrCat("output.quantity: ", o.quantity(),
                                                   " is outside 1..", kMaxOutputQuantity));
  }
  if (o.kind() != v1::INFRASTRUCTURE_KIND_PARKING_LOT && o.parking_spaces() != 0) {
    return absl::InvalidArgumentError(
        "output.parking_spaces: only a PARKING_LOT has spaces; record other spaces as "
        "PARKING_SPACES");
  }
  if (o.parking_spaces() < 0 || o.parking_spaces() > kMaxOutputQuantity) {
    return absl::InvalidArgumentError(absl::StrCat("output.parking_spaces: ", o.parking_spaces(),
                                                   " is outside 0..", kMaxOutputQuantity));
  }
  if (o.kind() == v1::INFRASTRUCTURE_KIND_ROAD && !o.has_started_on()) {
    return absl::InvalidArgumentError(
        "output.started_on: required for a ROAD (it counts while under construction)");
  }
  auto started = HappenedDay(o.has_started_on(), o.started_on(), "output.started_on", today);
  RETURN_IF_ERROR(started.status());
  auto delivered = HappenedDay(o.has_delivered_on(), o.delivered_on(), "output.delivered_on", today);
  RETURN_IF_ERROR(delivered.status());
  if (started->has_value() && delivered->has_value() && **delivered < **started) {
    return absl::FailedPreconditionError(absl::StrCat(
        "output.delivered_on (", DayKey(**delivered), ") is before output.started_on (",
        DayKey(**started), ")"));
  }
  if (!before.has_value() || correction) return absl::OkStatus();
  auto going_back = [](absl::string_view field, absl::string_view what) {
    return absl::FailedPreconditionError(absl::StrCat(
        field, ": ", what, "; going back on a recorded fact is a correction and needs correction_reason"));
  };
  if (before->kind() != o.kind()) {
    return going_back("output.kind",
                      absl::StrCat("recorded as ", v1::InfrastructureKind_Name(before->kind())));
  }
  const auto b_started = DayOf(before->started_on(), before->has_started_on());
  const auto b_delivered = DayOf(before->delivered_on(), before->has_delivered_on());
  if (b_started && !SameDay(b_started, *started)) {
    return going_back("output.started_on", absl::StrCat("recorded as ", DayKey(*b_started)));
  }
  if (b_delivered && !SameDay(b_delivered, *delivered)) {
    return going_back("output.delivered_on", absl::StrCat("recorded as ", DayKey(*b_delivered)));
  }
  return absl::OkStatus();
}

absl::Status ValidateEvent(const v1::PromotionEvent& e, absl::CivilDay today) {
  RETURN_IF_ERROR(ValidateId(e.event_id(), "event.event_id"));
  RETURN_IF_ERROR(ValidateDistrict(e.district(), "event.district"));
  if (e.kind() == v1::PROMOTION_EVENT_KIND_UNSPECIFIED || !v1::PromotionEventKind_IsValid(e.kind())) {
    return absl::InvalidArgumentError("event.kind: required, one of PromotionEventKind");
  }
  if (e.title_zh().empty() || e.title_zh().size() > kMaxTitleBytes) {
    return absl::InvalidArgumentError("event.title_zh: required, at most 400 bytes");
  }
  RETURN_IF_ERROR(ValidateText(e.title_en(), "event.title_en", kMaxTitleBytes));
  RETURN_IF_ERROR(ValidateText(e.location(), "event.location", kMaxTitleBytes));
  if (!e.has_start_date()) return absl::InvalidArgumentError("event.start_date: required");
  auto start = HappenedDay(true, e.start_date(), "event.start_date", today);
  RETURN_IF_ERROR(start.status());
  auto end = HappenedDay(e.has_end_date(), e.end_date(), "event.end_date", today);
  RETURN_IF_ERROR(end.status());
  if (end->has_value() && **end < **start) {
    return absl::InvalidArgumentError(absl::StrCat("event.end_date (", DayKey(**end),
                                                   ") is before event.start_date (",
                                                   DayKey(**start), ")"));
  }
  if (e.seed_industry_expo() && e.kind() != v1::PROMOTION_EVENT_KIND_INDUSTRY_EXPO) {
    return absl::InvalidArgumentError(
        "event.seed_industry_expo: only an INDUSTRY_EXPO can be the seed-industry expo");
  }
  if (e.signed_project_ids_size() > kMaxSignedPerEvent) {
    return absl::InvalidArgumentError(absl::StrCat("event.signed_project_ids: at most ",
                                                   kMaxSignedPerEvent));
  }
  std::set<std::string> seen;
  for (int i = 0; i < e.signed_project_ids_size(); ++i) {
    const std::string field = absl::StrCat("event.signed_project_ids[", i, "]");
    RETURN_IF_ERROR(ValidateId(e.signed_project_ids(i), field));
    if (!seen.insert(e.signed_project_ids(i)).second) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": \"", e.signed_project_ids(i),
                                                     "\" is listed twice"));
    }
  }
  return absl::OkStatus();
}

absl::CivilDay EventLastDay(const v1::PromotionEvent& e) {
  const v1::Date& d = e.has_end_date() ? e.end_date() : e.start_date();
  return absl::CivilDay(d.year(), d.month(), d.day());
}

}  // namespace devplan::investment
