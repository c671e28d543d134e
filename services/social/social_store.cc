#include "services/social/social_store.h"

#include <algorithm>
#include <map>
#include <set>

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "services/common/dates.h"
#include "services/common/mutation.h"
#include "services/common/proto_codec.h"
#include "services/common/redis_keys.h"
#include "services/common/status_macros.h"
#include "services/social/event_rules.h"
#include "services/social/figure_rules.h"

namespace devplan::social {
namespace {

constexpr char kService[] = "soc";
// A compare-and-set that keeps losing means heavy contention on one record; the caller
// gets ABORTED and may retry later.
constexpr int kMaxAttempts = 5;

// Runs a read-modify-write until its compare-and-set holds.
template <typename Fn>
auto RetryOnConflict(Fn attempt) -> decltype(attempt()) {
  for (int i = 1;; ++i) {
    auto result = attempt();
    if (result.ok() || result.status().code() != absl::StatusCode::kAborted || i == kMaxAttempts) {
      return result;
    }
  }
}

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

template <typename Message>
absl::StatusOr<std::vector<Message>> DecodeAll(const redis::Reply& reply) {
  ASSIGN_OR_RETURN(auto pairs, DecodeHash<Message>(reply));
  std::vector<Message> out;
  out.reserve(pairs.size());
  for (auto& [field, m] : pairs) out.push_back(std::move(m));
  return out;
}

template <typename Message>
absl::StatusOr<std::vector<Message>> HashValues(redis::Pool& pool, const std::string& key) {
  ASSIGN_OR_RETURN(redis::Reply r, pool.Run({"HGETALL", key}));
  return DecodeAll<Message>(r);
}

template <typename Message>
absl::StatusOr<std::optional<Message>> HashValue(redis::Pool& pool, const std::string& key,
                                                 const std::string& field) {
  ASSIGN_OR_RETURN(redis::Reply r, pool.Run({"HGET", key, field}));
  if (r.is_nil()) return std::nullopt;
  ASSIGN_OR_RETURN(Message m, DecodeRecord<Message>(r.str(), field));
  return m;
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
                                           const std::string& field, Figure incoming,
                                           const char* kind) {
  return RetryOnConflict([&]() -> absl::StatusOr<Figure> {
    ASSIGN_OR_RETURN(redis::Reply r, pool_.Run({"HGET", key, field}));
    std::optional<std::string> stored_bytes = r.opt_str();
    std::optional<Figure> stored;
    if (stored_bytes) {
      ASSIGN_OR_RETURN(stored, DecodeRecord<Figure>(*stored_bytes, field));
    }
    Revised<Figure> revised = social::Revise(stored, incoming);
    if (!revised.changed) return revised.record;
    store::Mutation m(kService, district);
    m.ExpectField(key, field, stored_bytes)
        .HSet(key, field, revised.record.SerializeAsString())
        .Event(kind, revised.record.name());
    ASSIGN_OR_RETURN(store::Outcome outcome, m.Apply(pool_));
    (void)outcome;  // no request_id: never a replay
    return revised.record;
  });
}

absl::StatusOr<v1::MonthlyFigure> SocialStore::ReportMonthly(const std::string& district,
                                                             v1::MonthlyFigure figure) {
  const std::string field = FieldOf(figure);
  return Revise(district, keys::MonthlyFigures(district), field, std::move(figure),
                "monthly_figure");
}

absl::StatusOr<v1::TalentCount> SocialStore::ReportTalent(const std::string& district,
                                                          v1::TalentCount count) {
  const std::string field = FieldOf(count);
  return Revise(district, keys::TalentCounts(district), field, std::move(count), "talent_count");
}

absl::StatusOr<v1::CoverageFigure> SocialStore::ReportCoverage(const std::string& district,
                                                               v1::CoverageFigure figure) {
  const std::string field = FieldOf(figure);
  return Revise(district, keys::CoverageFigures(district), field, std::move(figure),
                "coverage_figure");
}

absl::StatusOr<std::optional<v1::MonthlyFigure>> SocialStore::GetMonthly(
    const std::string& district, const std::string& field) {
  return HashValue<v1::MonthlyFigure>(pool_, keys::MonthlyFigures(district), field);
}

absl::StatusOr<std::vector<v1::MonthlyFigure>> SocialStore::ListMonthly(
    const std::string& district) {
  return HashValues<v1::MonthlyFigure>(pool_, keys::MonthlyFigures(district));
}

absl::StatusOr<std::vector<v1::TalentCount>> SocialStore::ListTalents(
    const std::string& district) {
  return HashValues<v1::TalentCount>(pool_, keys::TalentCounts(district));
}

absl::StatusOr<std::vector<v1::CoverageFigure>> SocialStore::ListCoverage(
    const std::string& district) {
  return HashValues<v1::CoverageFigure>(pool_, keys::CoverageFigures(district));
}

// ---- Facilities -------------------------------------------------------------------------

absl::StatusOr<v1::Facility> SocialStore::CreateFacility(v1::Facility facility,
                                                         const RequestKey& key) {
  const std::string d = facility.district();
  const std::string id = facility.facility_id();
  const std::string role = facility.plan_facility() == v1::PLAN_FACILITY_UNSPECIFIED
                               ? ""
                               : v1::PlanFacility_Name(facility.plan_facility());
  return RetryOnConflict([&]() -> absl::StatusOr<v1::Facility> {
    ASSIGN_OR_RETURN(std::optional<v1::Facility> stored, GetFacility(d, id));
    if (stored.has_value()) {
      if (SameRegistration(*stored, facility)) return *stored;
      return absl::AlreadyExistsError(
          absl::StrCat(FacilityName(d, id), " already exists with other content"));
    }
    std::optional<std::string> holder;
    if (!role.empty()) {
      ASSIGN_OR_RETURN(redis::Reply r, pool_.Run({"HGET", keys::SocialPlanFacilities(d), role}));
      holder = r.opt_str();
      if (holder.has_value()) {
        return absl::AlreadyExistsError(absl::StrCat("facility.plan_facility: ", role,
                                                     " is already ", FacilityName(d, *holder)));
      }
    }
    store::Mutation m(kService, d);
    if (!key.request_id.empty()) m.WithRequestId(key.request_id, key.fingerprint);
    m.ExpectField(keys::SocialFacilities(d), id, std::nullopt)
        .HSet(keys::SocialFacilities(d), id, facility.SerializeAsString());
    if (!role.empty()) {
      m.ExpectField(keys::SocialPlanFacilities(d), role, std::nullopt)
          .HSet(keys::SocialPlanFacilities(d), role, id);
    }
    m.Event("facility", facility.name());
    ASSIGN_OR_RETURN(store::Outcome outcome, m.Apply(pool_));
    if (outcome == store::Outcome::kApplied) return facility;
    // A replayed request_id: the facility it created is stored (unless since changed).
    ASSIGN_OR_RETURN(stored, GetFacility(d, id));
    if (stored.has_value()) return *stored;
    return absl::AbortedError("request replayed but its facility is gone; retry");
  });
}

absl::StatusOr<std::optional<v1::Facility>> SocialStore::GetFacility(
    const std::string& district, const std::string& facility_id) {
  return HashValue<v1::Facility>(pool_, keys::SocialFacilities(district), facility_id);
}

absl::StatusOr<std::vector<v1::Facility>> SocialStore::ListFacilities(
    const std::string& district) {
  ASSIGN_OR_RETURN(std::vector<v1::Facility> all,
                   HashValues<v1::Facility>(pool_, keys::SocialFacilities(district)));
  std::sort(all.begin(), all.end(), [](const v1::Facility& a, const v1::Facility& b) {
    return a.facility_id() < b.facility_id();
  });
  return all;
}

absl::StatusOr<v1::Facility> SocialStore::RecordStep(const std::string& d,
                                                     const std::string& facility_id,
                                                     const StepInput& step, absl::CivilDay today,
                                                     const RequestKey& key) {
  const std::string key_name = keys::SocialFacilities(d);
  return RetryOnConflict([&]() -> absl::StatusOr<v1::Facility> {
    ASSIGN_OR_RETURN(redis::Reply r, pool_.Run({"HGET", key_name, facility_id}));
    if (r.is_nil()) {
      return absl::NotFoundError(absl::StrCat(FacilityName(d, facility_id), " not found"));
    }
    const std::string stored_bytes(r.str());
    ASSIGN_OR_RETURN(v1::Facility stored, DecodeRecord<v1::Facility>(stored_bytes, facility_id));
    ASSIGN_OR_RETURN(StepOutcome outcome, ApplyStep(stored, step, today));
    if (!outcome.changed) return outcome.facility;
    store::Mutation m(kService, d);
    if (!key.request_id.empty()) m.WithRequestId(key.request_id, key.fingerprint);
    m.ExpectField(key_name, facility_id, stored_bytes)
        .HSet(key_name, facility_id, outcome.facility.SerializeAsString())
        .Event("facility_step", outcome.facility.name());
    ASSIGN_OR_RETURN(store::Outcome applied, m.Apply(pool_));
    if (applied == store::Outcome::kApplied) return outcome.facility;
    return stored;  // the request_id was applied before: answer the facility as it stands
  });
}

// ---- Events -----------------------------------------------------------------------------

absl::StatusOr<EventsWritten> SocialStore::CreateEvents(const std::string& d,
                                                        std::vector<v1::Event> events,
                                                        const RequestKey& key) {
  const std::string events_key = keys::SocialEvents(d);
  const std::string roles_key = keys::SocialPlanEvents(d);
  return RetryOnConflict([&]() -> absl::StatusOr<EventsWritten> {
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
    ASSIGN_OR_RETURN(std::vector<redis::Reply> replies, pool_.RunPipeline(commands));

    EventsWritten out;
    store::Mutation m(kService, d);
    if (!key.request_id.empty()) m.WithRequestId(key.request_id, key.fingerprint);
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
          return absl::AlreadyExistsError(absl::StrCat(
              "plan_event: ", role, " is already ", EventName(d, *holder)));
        }
        m.ExpectField(roles_key, role, holder).HSet(roles_key, role, e.event_id());
      }
      m.ExpectField(events_key, e.event_id(), std::nullopt)
          .HSet(events_key, e.event_id(), e.SerializeAsString());
      out.events.push_back(e);
      ++out.created;
    }
    if (out.created == 0) return out;  // every event stored already: nothing to write
    m.Event("event", out.created == 1 && events.size() == 1
                         ? events[0].name()
                         : absl::StrCat("districts/", d, "/events (", out.created, ")"));
    ASSIGN_OR_RETURN(store::Outcome outcome, m.Apply(pool_));
    if (outcome == store::Outcome::kApplied) return out;
    // A replayed request_id: answer what is stored now.
    EventsWritten replay;
    for (const v1::Event& e : events) {
      ASSIGN_OR_RETURN(std::optional<v1::Event> now, GetEvent(d, e.event_id()));
      if (!now.has_value()) return absl::AbortedError("request replayed but an event is gone");
      replay.events.push_back(*std::move(now));
    }
    return replay;
  });
}

absl::StatusOr<v1::Event> SocialStore::FinishEvent(const std::string& d,
                                                   const std::string& event_id,
                                                   absl::CivilDay end,
                                                   const std::string& reported_by) {
  const std::string events_key = keys::SocialEvents(d);
  return RetryOnConflict([&]() -> absl::StatusOr<v1::Event> {
    ASSIGN_OR_RETURN(redis::Reply r, pool_.Run({"HGET", events_key, event_id}));
    if (r.is_nil()) {
      return absl::NotFoundError(absl::StrCat(EventName(d, event_id), " not found"));
    }
    const std::string stored_bytes(r.str());
    ASSIGN_OR_RETURN(v1::Event event, DecodeRecord<v1::Event>(stored_bytes, event_id));
    if (event.has_end_date()) {
      if (DayOf(event.end_date()) == end) return event;
      return absl::FailedPreconditionError(absl::StrCat(
          "end_date: ", EventName(d, event_id), " already ended on ", DayKey(DayOf(event.end_date()))));
    }
    if (end < EventDay(event)) {
      return absl::InvalidArgumentError(absl::StrCat("end_date: ", DayKey(end),
                                                     " is before start_date ",
                                                     DayKey(EventDay(event))));
    }
    *event.mutable_end_date() = ToProtoDate(end);
    event.set_reported_by(reported_by);
    *event.mutable_update_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
    store::Mutation m(kService, d);
    m.ExpectField(events_key, event_id, stored_bytes)
        .HSet(events_key, event_id, event.SerializeAsString())
        .Event("event", event.name());
    RETURN_IF_ERROR(m.Apply(pool_).status());
    return event;
  });
}

absl::StatusOr<std::optional<v1::Event>> SocialStore::GetEvent(const std::string& district,
                                                               const std::string& event_id) {
  return HashValue<v1::Event>(pool_, keys::SocialEvents(district), event_id);
}

absl::StatusOr<std::vector<v1::Event>> SocialStore::ListEvents(const std::string& district) {
  return HashValues<v1::Event>(pool_, keys::SocialEvents(district));
}

// ---- Facts ------------------------------------------------------------------------------

absl::StatusOr<SocialFacts> SocialStore::LoadFacts(const std::string& d) {
  ASSIGN_OR_RETURN(std::vector<redis::Reply> r,
                   pool_.RunPipeline({{"HGETALL", keys::MonthlyFigures(d)},
                                      {"HGETALL", keys::TalentCounts(d)},
                                      {"HGETALL", keys::CoverageFigures(d)},
                                      {"HGETALL", keys::SocialFacilities(d)},
                                      {"HGETALL", keys::SocialEvents(d)}}));
  SocialFacts facts;
  ASSIGN_OR_RETURN(facts.monthly, DecodeAll<v1::MonthlyFigure>(r[0]));
  ASSIGN_OR_RETURN(facts.talents, DecodeAll<v1::TalentCount>(r[1]));
  ASSIGN_OR_RETURN(facts.coverage, DecodeAll<v1::CoverageFigure>(r[2]));
  ASSIGN_OR_RETURN(facts.facilities, DecodeAll<v1::Facility>(r[3]));
  ASSIGN_OR_RETURN(facts.events, DecodeAll<v1::Event>(r[4]));
  return facts;
}

}  // namespace devplan::social
