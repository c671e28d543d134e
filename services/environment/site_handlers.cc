// The water, works and plot RPCs of EnvironmentServiceImpl.
#include "absl/strings/str_cat.h"
#include "services/common/dates.h"
#include "services/common/validation.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"
#include "services/environment/environment_service.h"
#include "services/common/paging.h"
#include "services/environment/water_rules.h"
#include "services/environment/works_rules.h"

namespace devplan::environment {
absl::StatusOr<v1::WaterBody> EnvironmentServiceImpl::DoPutWaterBody(
    const v1::PutWaterBodyRequest& request) {
  if (!request.has_water_body()) return absl::InvalidArgumentError("water_body: required");
  RETURN_IF_ERROR(ValidateReportedBy(request.reported_by()));
  v1::WaterBody b = request.water_body();
  RETURN_IF_ERROR(ValidateWaterBody(b, context_.clock.today()));
  b.set_name(WaterBodyName(b.district(), b.water_body_id()));
  b.set_reported_by(request.reported_by());
  *b.mutable_update_time() = context_.clock.now();
  return store_.PutWaterBody(std::move(b), store::RequestKey::Of({}, request));
}

absl::StatusOr<v1::ListWaterBodiesResponse> EnvironmentServiceImpl::DoListWaterBodies(
    const v1::ListWaterBodiesRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  ASSIGN_OR_RETURN(std::vector<v1::WaterBody> all, store_.ListWaterBodies(request.district()));
  return PageOf(
      all, request.page_size(), request.page_token(),
      absl::StrCat("waterBodies/", request.district()),
      &v1::ListWaterBodiesResponse::mutable_water_bodies);
}

absl::StatusOr<v1::WaterSample> EnvironmentServiceImpl::DoSubmitWaterSample(
    const v1::SubmitWaterSampleRequest& request) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseResourceName(request.parent(), "parent", {"districts", "waterBodies"}));
  if (!request.has_sample()) return absl::InvalidArgumentError("sample: required");
  RETURN_IF_ERROR(ValidateReportedBy(request.reported_by()));
  ASSIGN_OR_RETURN(std::optional<v1::WaterBody> body, store_.GetWaterBody(ids[0], ids[1]));
  if (!body.has_value()) return absl::NotFoundError(absl::StrCat(request.parent(), " not found"));
  ASSIGN_OR_RETURN(v1::WaterSample s, GradeWaterSample(*body, request.sample(), context_.clock.today()));
  const absl::CivilDay day(s.date().year(), s.date().month(), s.date().day());
  s.set_name(WaterSampleName(ids[0], ids[1], s.point_id(), day));
  s.set_reported_by(request.reported_by());
  *s.mutable_report_time() = context_.clock.now();
  return store_.PutWaterSample(ids[0], ids[1], std::move(s),
                               store::RequestKey::Of({}, request));
}

absl::StatusOr<v1::WaterBodyAssessment> EnvironmentServiceImpl::DoAssessWaterBody(
    const v1::AssessWaterBodyRequest& request) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseResourceName(request.name(), "name", {"districts", "waterBodies"}));
  ASSIGN_OR_RETURN(absl::CivilDay as_of, ToCivilDay(request.as_of(), "as_of"));
  ASSIGN_OR_RETURN(std::optional<v1::WaterBody> body, store_.GetWaterBody(ids[0], ids[1]));
  if (!body.has_value()) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  ASSIGN_OR_RETURN(std::vector<v1::WaterSample> samples, store_.SamplesOf(ids[0], ids[1]));
  v1::WaterBodyAssessment a = AssessBody(*body, samples, as_of);
  a.set_still_black_odorous(StillBlackOdorous(*body, a, as_of));
  return a;
}

absl::StatusOr<v1::Work> EnvironmentServiceImpl::DoPutWork(const v1::PutWorkRequest& request) {
  if (!request.has_work()) return absl::InvalidArgumentError("work: required");
  RETURN_IF_ERROR(ValidateReportedBy(request.reported_by()));
  v1::Work w = request.work();
  RETURN_IF_ERROR(ValidateWork(w, context_.clock.today()));
  w.set_name(WorkName(w.district(), w.work_id()));
  w.set_reported_by(request.reported_by());
  *w.mutable_update_time() = context_.clock.now();
  return store_.PutWork(std::move(w), store::RequestKey::Of({}, request));
}

absl::StatusOr<v1::ListWorksResponse> EnvironmentServiceImpl::DoListWorks(
    const v1::ListWorksRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  if (!v1::WorkKind_IsValid(request.kind())) return absl::InvalidArgumentError("kind: unknown");
  ASSIGN_OR_RETURN(std::vector<v1::Work> all, store_.ListWorks(request.district()));
  if (request.kind() != v1::WORK_KIND_UNSPECIFIED) {
    std::erase_if(all, [&](const v1::Work& w) { return w.kind() != request.kind(); });
  }
  return PageOf(
      all, request.page_size(), request.page_token(),
      absl::StrCat("works/", request.district(), "/", static_cast<int>(request.kind())),
      &v1::ListWorksResponse::mutable_works);
}

absl::StatusOr<v1::Plot> EnvironmentServiceImpl::DoPutPlot(const v1::PutPlotRequest& request) {
  if (!request.has_plot()) return absl::InvalidArgumentError("plot: required");
  RETURN_IF_ERROR(ValidateReportedBy(request.reported_by()));
  v1::Plot p = request.plot();
  RETURN_IF_ERROR(ValidatePlot(p, context_.clock.today()));
  p.set_name(PlotName(p.district(), p.plot_id()));
  p.set_reported_by(request.reported_by());
  *p.mutable_update_time() = context_.clock.now();
  return store_.PutPlot(std::move(p), store::RequestKey::Of({}, request));
}

absl::StatusOr<v1::ListPlotsResponse> EnvironmentServiceImpl::DoListPlots(
    const v1::ListPlotsRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  ASSIGN_OR_RETURN(std::vector<v1::Plot> all, store_.ListPlots(request.district()));
  return PageOf(all, request.page_size(), request.page_token(),
                                                   absl::StrCat("plots/", request.district()),
                                                   &v1::ListPlotsResponse::mutable_plots);
}

}  // namespace devplan::environment
