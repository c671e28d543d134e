// SocialService handlers: events (job fairs, cultural and sports events).
#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/common/dates.h"
#include "services/common/validation.h"
#include "services/common/paging.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/social/event_rules.h"
#include "services/social/facility_rules.h"
#include "services/social/social_service.h"

namespace devplan::social {
namespace {

// The event as it will be stored: validated, output-only fields set by the server.
absl::StatusOr<v1::Event> Prepared(v1::Event e, const std::string& reported_by,
                                   const google::protobuf::Timestamp& now, absl::CivilDay today,
                                   absl::string_view field) {
  RETURN_IF_ERROR(ValidateEvent(e, today, field));
  e.set_name(absl::StrCat("districts/", e.district(), "/events/", e.event_id()));
  e.set_reported_by(reported_by);
  *e.mutable_create_time() = now;
  *e.mutable_update_time() = now;
  return e;
}

}  // namespace

absl::StatusOr<v1::Event> SocialServiceImpl::DoCreateEvent(const v1::CreateEventRequest& request) {
  if (!request.has_event()) return absl::InvalidArgumentError("event: required");
  RETURN_IF_ERROR(ValidateWriter(request.reported_by(), request.request_id()));
  ASSIGN_OR_RETURN(v1::Event e, Prepared(request.event(), request.reported_by(),
                                         context_.clock.now(), context_.clock.today(), "event"));
  const std::string district = e.district();
  ASSIGN_OR_RETURN(EventsWritten written,
                   store_.CreateEvents(district, {std::move(e)},
                                       store::RequestKey::Of(request.request_id(), request)));
  return std::move(written.events[0]);
}

absl::StatusOr<v1::BatchCreateEventsResponse> SocialServiceImpl::DoBatchCreateEvents(
    const v1::BatchCreateEventsRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  RETURN_IF_ERROR(ValidateWriter(request.reported_by(), request.request_id()));
  if (request.events_size() < 1 || request.events_size() > kMaxBatchEvents) {
    return absl::InvalidArgumentError(absl::StrCat("events: ", request.events_size(),
                                                   " events; 1..", kMaxBatchEvents, " per call"));
  }
  const google::protobuf::Timestamp now = context_.clock.now();
  const absl::CivilDay today = context_.clock.today();
  std::vector<v1::Event> events;
  std::set<std::string> ids;
  std::set<int> plan_events;
  for (int i = 0; i < request.events_size(); ++i) {
    const v1::Event& in = request.events(i);
    const std::string field = absl::StrCat("events[", i, "]");
    if (in.district() != request.district()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".district: ", QuoteForError(in.district()),
                       " differs from district \"", request.district(), "\""));
    }
    ASSIGN_OR_RETURN(v1::Event e, Prepared(in, request.reported_by(), now, today, field));
    if (!ids.insert(e.event_id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".event_id: \"", e.event_id(), "\" appears twice in the batch"));
    }
    if (e.plan_event() != v1::PLAN_EVENT_UNSPECIFIED && !plan_events.insert(e.plan_event()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".plan_event: given to two events of the batch"));
    }
    events.push_back(std::move(e));
  }
  ASSIGN_OR_RETURN(EventsWritten written,
                   store_.CreateEvents(request.district(), std::move(events),
                                       store::RequestKey::Of(request.request_id(), request)));
  v1::BatchCreateEventsResponse response;
  for (v1::Event& e : written.events) *response.add_events() = std::move(e);
  response.set_created_count(written.created);
  return response;
}

absl::StatusOr<v1::Event> SocialServiceImpl::DoFinishEvent(const v1::FinishEventRequest& request) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseResourceName(request.name(), "name", {"districts", "events"}));
  ASSIGN_OR_RETURN(absl::CivilDay end, ToCivilDay(request.end_date(), "end_date"));
  if (end > context_.clock.today()) {
    return absl::InvalidArgumentError(absl::StrCat("end_date: ", DayKey(end), " is in the future"));
  }
  RETURN_IF_ERROR(ValidateReportedBy(request.reported_by()));
  return store_.FinishEvent(ids[0], ids[1], end, request.reported_by(), context_.clock.now(),
                            store::RequestKey::Of({}, request));
}

absl::StatusOr<v1::Event> SocialServiceImpl::DoGetEvent(const v1::GetEventRequest& request) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseResourceName(request.name(), "name", {"districts", "events"}));
  ASSIGN_OR_RETURN(std::optional<v1::Event> e, store_.GetEvent(ids[0], ids[1]));
  if (!e.has_value()) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  return *std::move(e);
}

absl::StatusOr<v1::ListEventsResponse> SocialServiceImpl::DoListEvents(
    const v1::ListEventsRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  if (!v1::EventKind_IsValid(request.kind())) {
    return absl::InvalidArgumentError("kind: not one of EventKind");
  }
  RETURN_IF_ERROR(ValidateYearFilter(request.year()));
  ASSIGN_OR_RETURN(std::vector<v1::Event> all, store_.ListEvents(request.district()));
  std::erase_if(all, [&](const v1::Event& e) {
    return (request.kind() != v1::EVENT_KIND_UNSPECIFIED && e.kind() != request.kind()) ||
           (request.year() != 0 && e.start_date().year() != request.year());
  });
  std::sort(all.begin(), all.end(), [](const v1::Event& a, const v1::Event& b) {
    const absl::CivilDay da = EventDay(a), db = EventDay(b);
    return da != db ? da < db : a.event_id() < b.event_id();
  });
  return PageOf(all, request.page_size(), request.page_token(),
              absl::StrCat("events/", request.district(), "/", request.kind(), "/",
                           request.year()),
              &v1::ListEventsResponse::mutable_events);
}

}  // namespace devplan::social
