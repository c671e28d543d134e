// SocialService handlers: facilities and their lifecycle steps.
#include <algorithm>

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "services/common/dates.h"
#include "services/common/district.h"
#include "services/common/grpc_glue.h"
#include "services/common/mutation.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/social/facility_rules.h"
#include "services/social/year_filter.h"
#include "services/social/social_service.h"

namespace devplan::social {
namespace {

using google::protobuf::util::TimeUtil;

absl::Status ValidateRequestId(const std::string& request_id) {
  if (request_id.size() > 64) return absl::InvalidArgumentError("request_id: at most 64 characters");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Facility> SocialServiceImpl::DoCreateFacility(
    const v1::CreateFacilityRequest& request) {
  if (!request.has_facility()) return absl::InvalidArgumentError("facility: required");
  if (request.reported_by().empty() || request.reported_by().size() > 200) {
    return absl::InvalidArgumentError("reported_by: required, at most 200 bytes");
  }
  RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  v1::Facility f = request.facility();
  f.clear_name();  // derived from district and id
  RETURN_IF_ERROR(ValidateNewFacility(f));
  f.set_name(absl::StrCat("districts/", f.district(), "/facilities/", f.facility_id()));
  f.set_reported_by(request.reported_by());
  *f.mutable_create_time() = TimeUtil::GetCurrentTime();
  *f.mutable_update_time() = f.create_time();
  return store_.CreateFacility(std::move(f),
                               {request.request_id(), store::Fingerprint(request)});
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
  step.record_time = TimeUtil::GetCurrentTime();
  RETURN_IF_ERROR(ValidateStepInput(step));
  return store_.RecordStep(ids[0], ids[1], step, TodayInChina(),
                           {request.request_id(), store::Fingerprint(request)});
}

grpc::ServerUnaryReactor* SocialServiceImpl::CreateFacility(
    grpc::CallbackServerContext* ctx, const v1::CreateFacilityRequest* request,
    v1::Facility* response) {
  return FinishUnary(ctx, DoCreateFacility(*request), response);
}

grpc::ServerUnaryReactor* SocialServiceImpl::GetFacility(grpc::CallbackServerContext* ctx,
                                                         const v1::GetFacilityRequest* request,
                                                         v1::Facility* response) {
  return FinishUnary(ctx, DoGetFacility(*request), response);
}

grpc::ServerUnaryReactor* SocialServiceImpl::ListFacilities(
    grpc::CallbackServerContext* ctx, const v1::ListFacilitiesRequest* request,
    v1::ListFacilitiesResponse* response) {
  return FinishUnary(ctx, DoListFacilities(*request), response);
}

grpc::ServerUnaryReactor* SocialServiceImpl::RecordFacilityStep(
    grpc::CallbackServerContext* ctx, const v1::RecordFacilityStepRequest* request,
    v1::Facility* response) {
  return FinishUnary(ctx, DoRecordFacilityStep(*request), response);
}

}  // namespace devplan::social
