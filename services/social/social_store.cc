#include "services/social/social_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/dates.h"
#include "services/common/proto_codec.h"
#include "services/common/redis_keys.h"
#include "services/common/status_macros.h"
#include "services/social/event_rules.h"
#include "services/social/figure_rules.h"

namespace devplan::social {
namespace {

std::string FieldOf(const v1::MonthlyFigure& f) {
  return absl::StrCat(v1::SocialIndicator_Name(f.indicator()), "/",
                      MonthKey(absl::CivilMonth(f.month().year(), f.month().month())));
}
std::string FieldOf(const v1::TalentCount& t) {
  return absl::StrCat(v1::TalentCategory_Name(t.category()), "/", DayKey(DayOf(t.date())));
}
std::string FieldOf(const v1::CoverageFigure& c) {
  return absl::StrCat(v1::InsuranceScheme_Name(c.scheme()), "/",
                      MonthKey(absl::CivilMonth(c.month().year(), c.month().month())));
}

std::string FacilityName(const std::string& district, const std::string& id) {
  return absl::StrCat("districts/", district, "/facilities/", id);
}
std::string EventName(const std::string& district, const std::string& id) {
  return absl::StrCat("districts/", district, "/events/", id);
}

}  // namespace

// ---- Revisable figures ------------------------------------------------------------------

template <typename Figure>
absl::StatusOr<Figure> SocialStore::Revise(const std::string& district, const std::string& key,
                                           Figure incoming, const char* kind,
                                           const store::RequestKey& request) {
  const std::string field = FieldOf(incoming);
  return records_.Write<Figure>(
      district, request,
      [&](store::Mutation& m) -> absl::StatusOr<Figure> {
        ASSIGN_OR_RETURN(store::Stored<Figure> stored, records_.Read<Figure>(key, field));
        Revised<Figure> revised = social::Revise(stored.record, incoming);
        if (!revised.changed) return revised.record;
        m.ExpectField(key, field, stored.bytes)
            .HSet(key, field, revised.record.SerializeAsString())
            .Event(kind, revised.record.name());
        return revised.record;
      },
      [&] { return records_.Require<Figure>(key, field, field); });
}

absl::StatusOr<v1::MonthlyFigure> SocialStore::ReportMonthly(const std::string& district,
                                                             v1::MonthlyFigure figure,
                                                             const store::RequestKey& request) {
  return Revise(district, keys::MonthlyFigures(district), std::move(figure), "monthly_figure",
                request);
}

absl::StatusOr<v1::TalentCount> SocialStore::ReportTalent(const std::string& district,
                                                          v1::TalentCount count,
                                                          const store::RequestKey& request) {
  return Revise(district, keys::TalentCounts(district), std::move(count), "talent_count", request);
}

absl::StatusOr<v1::CoverageFigure> SocialStore::ReportCoverage(const std::string& district,
                                                               v1::CoverageFigure figure,
                                                               const store::RequestKey& request) {
  return Revise(district, keys::CoverageFigures(district), std::move(figure), "coverage_figure",
                request);
}

absl::StatusOr<std::optional<v1::MonthlyFigure>> SocialStore::GetMonthly(
    const std::string& district, const std::string& field) {
  return records_.Get<v1::MonthlyFigure>(keys::MonthlyFigures(district), field);
}

absl::StatusOr<std::vector<v1::MonthlyFigure>> SocialStore::ListMonthly(
    const std::string& district) {
  return records_.Values<v1::MonthlyFigure>(keys::MonthlyFigures(district));
}

absl::StatusOr<std::vector<v1::TalentCount>> SocialStore::ListTalents(
    const std::string& district) {
  return records_.Values<v1::TalentCount>(keys::TalentCounts(district));
}

absl::StatusOr<std::vector<v1::CoverageFigure>> SocialStore::ListCoverage(
    const std::string& district) {
  return records_.Values<v1::CoverageFigure>(keys::CoverageFigures(district));
}

// ---- Facilities -------------------------------------------------------------------------

absl::StatusOr<v1::Facility> SocialStore::CreateFacility(v1::Facility facility,
                                                         const store::RequestKey& request) {
  const std::string d = facility.district();
  const std::string id = facility.facility_id();
  const std::string role = facility.plan_facility() == v1::PLAN_FACILITY_UNSPECIFIED
                               ? ""
                               : v1::PlanFacility_Name(facility.plan_facility());
  return records_.Write<v1::Facility>(
      d, request,
      [&](store::Mutation& m) -> absl::StatusOr<v1::Facility> {
        ASSIGN_OR_RETURN(std::optional<v1::Facility> stored, GetFacility(d, id));
        if (stored.has_value()) {
          if (SameRegistration(*stored, facility)) return *stored;
          return absl::AlreadyExistsError(
              absl::StrCat(FacilityName(d, id), " already exists with other content"));
        }
        if (!role.empty()) {
          ASSIGN_OR_RETURN(redis::Reply r,
                           records_.pool().Run({"HGET", keys::SocialPlanFacilities(d), role},
                                               redis::Resend::kSafe));
          if (std::optional<std::string> holder = r.opt_str()) {
            return absl::AlreadyExistsError(absl::StrCat("facility.plan_facility: ", role,
                                                         " is already ", FacilityName(d, *holder)));
          }
          m.ExpectField(keys::SocialPlanFacilities(d), role, std::nullopt)
              .HSet(keys::SocialPlanFacilities(d), role, id);
        }
        m.ExpectField(keys::SocialFacilities(d), id, std::nullopt)
            .HSet(keys::SocialFacilities(d), id, facility.SerializeAsString())
            .Event("facility", facility.name());
        return facility;
      },
      [&] { return records_.Require<v1::Facility>(keys::SocialFacilities(d), id, FacilityName(d, id)); });
}

absl::StatusOr<std::optional<v1::Facility>> SocialStore::GetFacility(
    const std::string& district, const std::string& facility_id) {
  return records_.Get<v1::Facility>(keys::SocialFacilities(district), facility_id);
}

absl::StatusOr<std::vector<v1::Facility>> SocialStore::ListFacilities(
    const std::string& district) {
  return records_.Values<v1::Facility>(keys::SocialFacilities(district));  // by facility_id
}

absl::StatusOr<v1::Facility> SocialStore::RecordStep(const std::string& d,
                                                     const std::string& facility_id,
                                                     const StepInput& step, absl::CivilDay today,
                                                     const store::RequestKey& request) {
  const std::string key = keys::SocialFacilities(d);
  return records_.Write<v1::Facility>(
      d, request,
      [&](store::Mutation& m) -> absl::StatusOr<v1::Facility> {
        ASSIGN_OR_RETURN(store::Stored<v1::Facility> stored, records_.Read<v1::Facility>(key, facility_id));
        if (!stored.record.has_value()) {
          return absl::NotFoundError(absl::StrCat(FacilityName(d, facility_id), " not found"));
        }
        ASSIGN_OR_RETURN(StepOutcome outcome, ApplyStep(*stored.record, step, today));
        if (!outcome.changed) return outcome.facility;
        m.ExpectField(key, facility_id, stored.bytes)
            .HSet(key, facility_id, outcome.facility.SerializeAsString())
            .Event("facility_step", outcome.facility.name());
        return outcome.facility;
      },
      [&] { return records_.Require<v1::Facility>(key, facility_id, FacilityName(d, facility_id)); });
}

// ---- Events -----------------------------------------------------------------------------

absl::StatusOr<EventsWritten> SocialStore::CreateEvents(const std::string& d,
                                                        std::vector<v1::Event> events,
                                                        const store::RequestKey& request) {
  const std::string events_key = keys::SocialEvents(d);
  const std::string roles_key = keys::SocialPlanEvents(d);
  auto replay = [&]() -> absl::StatusOr<EventsWritten> {
    EventsWritten stored;
    for (const v1::Event& e : events) {
      ASSIGN_OR_RETURN(v1::Event now,
                       records_.Require<v1::Event>(events_key, e.event_id(), EventName(d, e.event_id())));
      stored.events.push_back(std::move(now));
    }
    return stored;
  };
  return records_.Write<EventsWritten>(
      d, request,
      [&](store::Mutation& m) -> absl::StatusOr<EventsWritten> {
        // One round trip: every event's stored record, and every claimed plan_event's holder.
        redis::Command hmget = {"HMGET", events_key};
        std::vector<std::string> roles;
        for (const v1::Event& e : events) {
          hmget.push_back(e.event_id());
          if (e.plan_event() != v1::PLAN_EVENT_UNSPECIFIED) {
            roles.push_back(v1::PlanEvent_Name(e.plan_event()));
          }
        }
        std::vector<redis::Command> commands = {hmget};
        if (!roles.empty()) {
          redis::Command roles_get = {"HMGET", roles_key};
          roles_get.insert(roles_get.end(), roles.begin(), roles.end());
          commands.push_back(std::move(roles_get));
        }
        ASSIGN_OR_RETURN(std::vector<redis::Reply> replies,
                         records_.pool().RunPipeline(commands, redis::Resend::kSafe));

        EventsWritten out;
        size_t role_index = 0;
        for (size_t i = 0; i < events.size(); ++i) {
          const v1::Event& e = events[i];
          const redis::ReplyView stored = replies[0][i];
          if (!stored.is_nil()) {
            ASSIGN_OR_RETURN(v1::Event existing, DecodeRecord<v1::Event>(stored.str(), e.event_id()));
            if (!SameEvent(existing, e)) {
              return absl::AlreadyExistsError(
                  absl::StrCat(EventName(d, e.event_id()), " already exists with other content"));
            }
            if (e.plan_event() != v1::PLAN_EVENT_UNSPECIFIED) ++role_index;
            out.events.push_back(std::move(existing));
            continue;
          }
          if (e.plan_event() != v1::PLAN_EVENT_UNSPECIFIED) {
            const std::string& role = roles[role_index];
            std::optional<std::string> holder = replies[1][role_index++].opt_str();
            if (holder.has_value() && *holder != e.event_id()) {
              return absl::AlreadyExistsError(
                  absl::StrCat("plan_event: ", role, " is already ", EventName(d, *holder)));
            }
            m.ExpectField(roles_key, role, holder).HSet(roles_key, role, e.event_id());
          }
          m.ExpectField(events_key, e.event_id(), std::nullopt)
              .HSet(events_key, e.event_id(), e.SerializeAsString());
          out.events.push_back(e);
          ++out.created;
        }
        if (out.created > 0) {
          m.Event("event", out.created == 1 && events.size() == 1
                               ? events[0].name()
                               : absl::StrCat("districts/", d, "/events (", out.created, ")"));
        }
        return out;
      },
      replay);
}

absl::StatusOr<v1::Event> SocialStore::FinishEvent(const std::string& d,
                                                   const std::string& event_id,
                                                   absl::CivilDay end,
                                                   const std::string& reported_by,
                                                   const google::protobuf::Timestamp& now,
                                                   const store::RequestKey& request) {
  const std::string events_key = keys::SocialEvents(d);
  return records_.Write<v1::Event>(
      d, request,
      [&](store::Mutation& m) -> absl::StatusOr<v1::Event> {
        ASSIGN_OR_RETURN(store::Stored<v1::Event> stored, records_.Read<v1::Event>(events_key, event_id));
        if (!stored.record.has_value()) {
          return absl::NotFoundError(absl::StrCat(EventName(d, event_id), " not found"));
        }
        v1::Event event = *std::move(stored.record);
        if (event.has_end_date()) {
          if (DayOf(event.end_date()) == end) return event;
          return absl::FailedPreconditionError(absl::StrCat("end_date: ", EventName(d, event_id),
                                                            " already ended on ",
                                                            DayKey(DayOf(event.end_date()))));
        }
        if (end < EventDay(event)) {
          return absl::InvalidArgumentError(absl::StrCat(
              "end_date: ", DayKey(end), " is before start_date ", DayKey(EventDay(event))));
        }
        *event.mutable_end_date() = ToProtoDate(end);
        event.set_reported_by(reported_by);
        *event.mutable_update_time() = now;
        m.ExpectField(events_key, event_id, stored.bytes)
            .HSet(events_key, event_id, event.SerializeAsString())
            .Event("event", event.name());
        return event;
      },
      [&] { return records_.Require<v1::Event>(events_key, event_id, EventName(d, event_id)); });
}

absl::StatusOr<std::optional<v1::Event>> SocialStore::GetEvent(const std::string& district,
                                                               const std::string& event_id) {
  return records_.Get<v1::Event>(keys::SocialEvents(district), event_id);
}

absl::StatusOr<std::vector<v1::Event>> SocialStore::ListEvents(const std::string& district) {
  return records_.Values<v1::Event>(keys::SocialEvents(district));
}

// ---- Facts ------------------------------------------------------------------------------

absl::StatusOr<SocialFacts> SocialStore::LoadFacts(const std::string& d) {
  ASSIGN_OR_RETURN(std::vector<redis::Reply> r,
                   records_.pool().RunPipeline({{"HGETALL", keys::MonthlyFigures(d)},
                                                {"HGETALL", keys::TalentCounts(d)},
                                                {"HGETALL", keys::CoverageFigures(d)},
                                                {"HGETALL", keys::SocialFacilities(d)},
                                                {"HGETALL", keys::SocialEvents(d)}},
                                               redis::Resend::kSafe));
  SocialFacts facts;
  ASSIGN_OR_RETURN(facts.monthly, DecodeSortedValues<v1::MonthlyFigure>(r[0]));
  ASSIGN_OR_RETURN(facts.talents, DecodeSortedValues<v1::TalentCount>(r[1]));
  ASSIGN_OR_RETURN(facts.coverage, DecodeSortedValues<v1::CoverageFigure>(r[2]));
  ASSIGN_OR_RETURN(facts.facilities, DecodeSortedValues<v1::Facility>(r[3]));
  ASSIGN_OR_RETURN(facts.events, DecodeSortedValues<v1::Event>(r[4]));
  return facts;
}

}  // namespace devplan::social
