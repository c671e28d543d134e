#include "services/social/facility_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/dates.h"
#include "services/common/validation.h"
#include "services/common/resource_name.h"

namespace devplan::social {
namespace {

std::string StageName(v1::FacilityStage stage) { return v1::FacilityStage_Name(stage); }

bool InForce(const v1::FacilityStep& s) { return s.withdrawn_by() == 0; }

// Whether `next` may follow the latest step in force, `current` (UNSPECIFIED: none).
// Empty when it may; otherwise why not.
std::string WhyNot(v1::FacilityStage current, v1::FacilityStage next) {
  const bool none = current == v1::FACILITY_STAGE_UNSPECIFIED;
  const std::string after = none ? "" : absl::StrCat(" after ", StageName(current));
  const std::string back_hint = "; a step back needs correction_reason";
  switch (next) {
    case v1::FACILITY_STAGE_PLANNED:
      if (none) return "";
      return absl::StrCat("FACILITY_STAGE_PLANNED must be the first step, not come", after,
                          back_hint);
    case v1::FACILITY_STAGE_STARTED:
      if (none || current == v1::FACILITY_STAGE_PLANNED) return "";
      return absl::StrCat(
          "FACILITY_STAGE_STARTED may only follow FACILITY_STAGE_PLANNED, not come", after,
          current == v1::FACILITY_STAGE_SUSPENDED ? " (work restarting is FACILITY_STAGE_RESUMED)"
                                                  : back_hint);
    case v1::FACILITY_STAGE_RESUMED:
      if (none || current == v1::FACILITY_STAGE_PLANNED ||
          current == v1::FACILITY_STAGE_SUSPENDED) {
        return "";
      }
      return absl::StrCat("FACILITY_STAGE_RESUMED needs a halt first, not", after);
    case v1::FACILITY_STAGE_SUSPENDED:
      if (current == v1::FACILITY_STAGE_STARTED || current == v1::FACILITY_STAGE_RESUMED ||
          current == v1::FACILITY_STAGE_STRUCTURE_DONE) {
        return "";
      }
      return absl::StrCat("FACILITY_STAGE_SUSPENDED needs construction under way, not",
                          none ? " no step" : after);
    default:
      break;
  }
  if (current == v1::FACILITY_STAGE_SUSPENDED) {
    return absl::StrCat("while FACILITY_STAGE_SUSPENDED only FACILITY_STAGE_RESUMED may follow, not ",
                        StageName(next));
  }
  if (none || StageRank(current) < StageRank(next)) return "";
  return absl::StrCat(StageName(next), " cannot follow ", StageName(current), back_hint);
}

}  // namespace

int StageRank(v1::FacilityStage stage) {
  switch (stage) {
    case v1::FACILITY_STAGE_PLANNED: return 0;
    case v1::FACILITY_STAGE_STARTED:
    case v1::FACILITY_STAGE_SUSPENDED:
    case v1::FACILITY_STAGE_RESUMED: return 1;
    case v1::FACILITY_STAGE_STRUCTURE_DONE: return 2;
    case v1::FACILITY_STAGE_COMPLETED: return 3;
    case v1::FACILITY_STAGE_DELIVERED: return 4;
    case v1::FACILITY_STAGE_IN_SERVICE: return 5;
    default: return -1;
  }
}

absl::CivilDay DayOf(const v1::Date& d) { return absl::CivilDay(d.year(), d.month(), d.day()); }

absl::Status ValidateNewFacility(const v1::Facility& f) {
  RETURN_IF_ERROR(ValidateId(f.facility_id(), "facility.facility_id"));
  RETURN_IF_ERROR(ValidateDistrict(f.district(), "facility.district"));
  if (f.title_zh().empty() || f.title_zh().size() > kMaxTitleBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("facility.title_zh: required, at most ", kMaxTitleBytes, " bytes"));
  }
  if (f.title_en().size() > kMaxTitleBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("facility.title_en: at most ", kMaxTitleBytes, " bytes"));
  }
  if (f.kind() == v1::FACILITY_KIND_UNSPECIFIED || !v1::FacilityKind_IsValid(f.kind())) {
    return absl::InvalidArgumentError("facility.kind: required, one of FacilityKind");
  }
  if (!v1::PlanFacility_IsValid(f.plan_facility())) {
    return absl::InvalidArgumentError("facility.plan_facility: not one of PlanFacility");
  }
  if (absl::Status s = ValidateReportedBy(f.lead_department(), "facility.lead_department");
      !s.ok()) {
    return s;
  }
  if (f.stage() != v1::FACILITY_STAGE_UNSPECIFIED || f.has_stage_date() || f.steps_size() > 0) {
    return absl::InvalidArgumentError(
        "facility.steps: output only; record lifecycle steps with RecordFacilityStep");
  }
  return absl::OkStatus();
}

bool SameRegistration(const v1::Facility& a, const v1::Facility& b) {
  return a.facility_id() == b.facility_id() && a.district() == b.district() &&
         a.title_zh() == b.title_zh() && a.title_en() == b.title_en() && a.kind() == b.kind() &&
         a.plan_facility() == b.plan_facility() && a.lead_department() == b.lead_department();
}

absl::Status ValidateStepInput(const StepInput& step) {
  if (step.stage == v1::FACILITY_STAGE_UNSPECIFIED || !v1::FacilityStage_IsValid(step.stage)) {
    return absl::InvalidArgumentError("stage: required, one of FacilityStage");
  }
  if (absl::StatusOr<absl::CivilDay> d = ToCivilDay(step.date, "date"); !d.ok()) {
    return d.status();
  }
  RETURN_IF_ERROR(ValidateReportedBy(step.reported_by));
  return ValidateText(step.correction_reason, "correction_reason");
}

absl::StatusOr<StepOutcome> ApplyStep(const v1::Facility& facility, const StepInput& step,
                                      absl::CivilDay today) {
  const absl::CivilDay day = DayOf(step.date);
  const bool correction = !step.correction_reason.empty();

  // A step equal to one in force is a retry, not news. For a correction the equal step must
  // also be the latest in force: otherwise the correction still has steps to withdraw.
  const v1::FacilityStep* last_in_force = nullptr;
  for (const v1::FacilityStep& s : facility.steps()) {
    if (InForce(s)) last_in_force = &s;
  }
  for (const v1::FacilityStep& s : facility.steps()) {
    if (!InForce(s) || s.stage() != step.stage || DayOf(s.date()) != day) continue;
    if (!correction || &s == last_in_force) return StepOutcome{facility, false};
  }

  if (day > today) {
    return absl::FailedPreconditionError(
        absl::StrCat("date: ", DayKey(day), " is in the future; record a stage once reached"));
  }
  // What stays in force: a correction withdraws the steps of the same or later rank.
  const int rank = StageRank(step.stage);
  std::vector<int> withdrawn;
  const v1::FacilityStep* current = nullptr;
  for (int i = 0; i < facility.steps_size(); ++i) {
    const v1::FacilityStep& s = facility.steps(i);
    if (!InForce(s)) continue;
    if (correction && StageRank(s.stage()) >= rank) {
      withdrawn.push_back(i);
    } else {
      current = &s;
    }
  }
  if (current != nullptr && day < DayOf(current->date())) {
    return absl::FailedPreconditionError(absl::StrCat(
        "date: ", DayKey(day), " is before the latest step in force (", StageName(current->stage()),
        " on ", DayKey(DayOf(current->date())), ")",
        correction ? "" : "; a correction needs correction_reason"));
  }
  const std::string why =
      WhyNot(current ? current->stage() : v1::FACILITY_STAGE_UNSPECIFIED, step.stage);
  if (!why.empty()) return absl::FailedPreconditionError(absl::StrCat("stage: ", why));

  StepOutcome out{facility, true};
  v1::Facility& f = out.facility;
  const int sequence = f.steps_size() + 1;
  for (int i : withdrawn) f.mutable_steps(i)->set_withdrawn_by(sequence);
  v1::FacilityStep* added = f.add_steps();
  added->set_sequence(sequence);
  added->set_stage(step.stage);
  *added->mutable_date() = step.date;
  added->set_reported_by(step.reported_by);
  *added->mutable_record_time() = step.record_time;
  added->set_correction_reason(step.correction_reason);
  f.set_stage(step.stage);
  *f.mutable_stage_date() = step.date;
  *f.mutable_update_time() = step.record_time;
  return out;
}

std::vector<const v1::FacilityStep*> StepsInForce(const v1::Facility& facility,
                                                  absl::CivilDay as_of) {
  std::vector<const v1::FacilityStep*> out;
  for (const v1::FacilityStep& s : facility.steps()) {
    if (InForce(s) && DayOf(s.date()) <= as_of) out.push_back(&s);
  }
  return out;
}

const v1::FacilityStep* FirstReaching(const v1::Facility& facility, v1::FacilityStage stage,
                                      absl::CivilDay as_of) {
  const int rank = StageRank(stage);
  // Steps in force are in date order, so the first one reaching the rank is the earliest.
  for (const v1::FacilityStep* s : StepsInForce(facility, as_of)) {
    if (StageRank(s->stage()) >= rank) return s;
  }
  return nullptr;
}

std::optional<double> ProgressToward(const v1::Facility& facility, v1::FacilityStage target,
                                     absl::CivilDay as_of) {
  const int goal = StageRank(target);
  if (goal < 2) return std::nullopt;
  int reached = 0;
  for (const v1::FacilityStep* s : StepsInForce(facility, as_of)) {
    reached = std::max(reached, StageRank(s->stage()));
  }
  return std::min(1.0, static_cast<double>(reached) / goal);
}

const v1::FacilityStep* LatestStep(const v1::Facility& facility, absl::CivilDay as_of) {
  std::vector<const v1::FacilityStep*> steps = StepsInForce(facility, as_of);
  return steps.empty() ? nullptr : steps.back();
}

const v1::FacilityStep* StartedOrResumedIn(const v1::Facility& facility, absl::CivilDay from,
                                           absl::CivilDay to) {
  for (const v1::FacilityStep* s : StepsInForce(facility, to)) {
    if ((s->stage() == v1::FACILITY_STAGE_STARTED || s->stage() == v1::FACILITY_STAGE_RESUMED) &&
        DayOf(s->date()) >= from) {
      return s;
    }
  }
  return nullptr;
}

}  // namespace devplan::social
