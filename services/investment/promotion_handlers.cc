// InvestmentService handlers for investment-promotion events.
#include "absl/strings/str_cat.h"
#include "services/common/dates.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/common/paging.h"
#include "services/common/resource_name.h"
#include "services/investment/handler_support.h"
#include "services/investment/investment_service.h"
#include "services/investment/output_rules.h"
#include "services/investment/project_history.h"

namespace devplan::investment {

absl::StatusOr<v1::PromotionEvent> InvestmentServiceImpl::DoCreatePromotionEvent(
    const v1::CreatePromotionEventRequest& request) {
  if (!request.has_event()) return absl::InvalidArgumentError("event: required");
  RETURN_IF_ERROR(ValidateWriter(request.reported_by(), request.request_id()));
  const absl::CivilDay today = context_.clock.today();
  v1::PromotionEvent event = request.event();
  event.clear_name();
  event.clear_reported_by();
  event.clear_create_time();
  RETURN_IF_ERROR(ValidateEvent(event, today));
  event.set_name(absl::StrCat("districts/", event.district(), "/promotionEvents/", event.event_id()));
  event.set_reported_by(request.reported_by());
  *event.mutable_create_time() = context_.clock.now();
  const absl::CivilDay signed_on(event.start_date().year(), event.start_date().month(),
                                 event.start_date().day());
  auto sign = [&](const v1::Project& current)
      -> absl::StatusOr<std::optional<std::pair<v1::Project, v1::ProjectChange>>> {
    v1::Project project = current;
    ASSIGN_OR_RETURN(const bool changed, SignAtEvent(project, signed_on, today));
    if (!changed) return std::nullopt;
    project.set_reported_by(request.reported_by());
    *project.mutable_update_time() = event.create_time();
    v1::ProjectChange change;
    *change.mutable_change_time() = event.create_time();
    change.set_reported_by(request.reported_by());
    change.set_action("signed_at_event");
    change.set_source(event.name());
    for (v1::FieldChange& c : DiffProjects(current, project)) *change.add_changes() = std::move(c);
    return std::make_pair(std::move(project), std::move(change));
  };
  return promotion_.Create(store::RequestKey::Of(request.request_id(), request), event, sign);
}

absl::StatusOr<v1::PromotionEvent> InvestmentServiceImpl::DoGetPromotionEvent(
    const v1::GetPromotionEventRequest& request) {
  ASSIGN_OR_RETURN(const std::vector<std::string> ids, ParseResourceName(request.name(), "name", {"districts", "promotionEvents"}));
  ASSIGN_OR_RETURN(std::optional<v1::PromotionEvent> event, promotion_.Get(ids[0], ids[1]));
  if (!event.has_value()) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  return *std::move(event);
}

absl::StatusOr<v1::ListPromotionEventsResponse> InvestmentServiceImpl::DoListPromotionEvents(
    const v1::ListPromotionEventsRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  if (!v1::PromotionEventKind_IsValid(request.kind())) {
    return absl::InvalidArgumentError("kind: not a PromotionEventKind");
  }
  RETURN_IF_ERROR(ValidateYearFilter(request.year()));
  const std::string tag =
      absl::StrCat("promotionEvents/", request.district(), "/", request.kind(), "/", request.year());
  ASSIGN_OR_RETURN(const PageRequest page, ParsePage(request.page_size(), request.page_token(), tag));
  ASSIGN_OR_RETURN(auto all, promotion_.List(request.district()));
  std::vector<v1::PromotionEvent> matching;
  for (v1::PromotionEvent& e : all) {
    if (request.kind() != v1::PROMOTION_EVENT_KIND_UNSPECIFIED && e.kind() != request.kind()) continue;
    if (request.year() != 0 && e.start_date().year() != request.year()) continue;
    matching.push_back(std::move(e));
  }
  v1::ListPromotionEventsResponse response;
  response.set_total_size(static_cast<int32_t>(matching.size()));
  response.set_next_page_token(CopyPage(matching, page, tag, response.mutable_events()));
  return response;
}

}  // namespace devplan::investment
