// SocialService handlers: facilities and their lifecycle steps.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/dates.h"
#include "services/common/validation.h"
#include "services/common/paging.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/social/facility_rules.h"
#include "services/social/social_service.h"

namespace devplan::social {
absl::StatusOr<v1::Facility> SocialServiceImpl::DoCreateFacility(
    const v1::CreateFacilityRequest& request) {
  if (!request.has_facility()) return absl::InvalidArgumentError("facility: required");
  RETURN_IF_ERROR(ValidateWriter(request.reported_by(), request.request_id()));
  v1::Facility f = request.facility();
  f.clear_name();  // derived from district and id
  RETURN_IF_ERROR(ValidateNewFacility(f));
  f.set_name(absl::StrCat("districts/", f.district(), "/facilities/", f.facility_id()));
  f.set_reported_by(request.reported_by());
  *f.mutable_create_time() = context_.clock.now();
  *f.mutable_update_time() = f.create_time();
  return store_.CreateFacility(std::move(f),
                               store::RequestKey::Of(request.request_id(), request));
}

absl::StatusOr<v1::Facility> SocialServiceImpl::DoGetFacility(
    const v1::GetFacilityRequest& request) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseResourceName(request.name(), "name", {"districts", "facilities"}));
  ASSIGN_OR_RETURN(std::optional<v1::Facility> f, store_.GetFacility(ids[0], ids[1]));
  if (!f.has_value()) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  return *std::move(f);
}

absl::StatusOr<v1::ListFacilitiesResponse> SocialServiceImpl::DoListFacilities(
    const v1::ListFacilitiesRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  if (!v1::FacilityKind_IsValid(request.kind())) {
    return absl::InvalidArgumentError("kind: not one of FacilityKind");
  }
  ASSIGN_OR_RETURN(std::vector<v1::Facility> all, store_.ListFacilities(request.district()));
  if (request.kind() != v1::FACILITY_KIND_UNSPECIFIED) {
    std::erase_if(all, [&](const v1::Facility& f) { return f.kind() != request.kind(); });
  }
  return PageOf(all, request.page_size(), request.page_token(),
              absl::StrCat("facilities/", request.district(), "/", request.kind()),
              &v1::ListFacilitiesResponse::mutable_facilities);
}

absl::StatusOr<v1::Facility> SocialServiceImpl::DoRecordFacilityStep(
    const v1::RecordFacilityStepRequest& request) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseResourceName(request.name(), "name", {"districts", "facilities"}));
  RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  StepInput step;
  step.stage = request.stage();
  step.date = request.date();
  step.reported_by = request.reported_by();
  step.correction_reason = request.correction_reason();
  step.record_time = context_.clock.now();
  RETURN_IF_ERROR(ValidateStepInput(step));
  return store_.RecordStep(ids[0], ids[1], step, context_.clock.today(),
                           store::RequestKey::Of(request.request_id(), request));
}

}  // namespace devplan::social
