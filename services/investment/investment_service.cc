#include "services/investment/investment_service.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/dates.h"
#include "services/common/district.h"
#include "services/common/grpc_glue.h"
#include "services/common/paging.h"
#include "services/common/resource_name.h"
#include "services/investment/investment_metrics.h"
#include "services/investment/project_rules.h"

namespace devplan::investment {

using google::protobuf::util::TimeUtil;

absl::StatusOr<v1::Project> InvestmentServiceImpl::DoCreateProject(
    const v1::CreateProjectRequest& request) {
  if (!request.has_project()) return absl::InvalidArgumentError("project: required");
  if (request.reported_by().empty()) return absl::InvalidArgumentError("reported_by: required");
  if (request.request_id().size() > 64) {
    return absl::InvalidArgumentError("request_id: at most 64 characters");
  }
  v1::Project p = request.project();
  if (absl::Status s = ValidateNewProject(p, TodayInChina()); !s.ok()) return s;
  p.set_name(absl::StrCat("districts/", p.district(), "/projects/", p.project_id()));
  p.set_stage(DeriveStage(p));
  p.set_reported_by(request.reported_by());
  *p.mutable_create_time() = TimeUtil::GetCurrentTime();
  *p.mutable_update_time() = p.create_time();
  return store_.Create(request, std::move(p));
}

absl::StatusOr<v1::Project> InvestmentServiceImpl::DoGetProject(
    const v1::GetProjectRequest& request) {
  auto ids = ParseResourceName(request.name(), "name", {"districts", "projects"});
  if (!ids.ok()) return ids.status();
  absl::StatusOr<std::optional<v1::Project>> p = store_.Get((*ids)[0], (*ids)[1]);
  if (!p.ok()) return p.status();
  if (!p->has_value()) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  return **p;
}

absl::StatusOr<v1::ListProjectsResponse> InvestmentServiceImpl::DoListProjects(
    const v1::ListProjectsRequest& request) {
  if (absl::Status s = ValidateDistrict(request.district()); !s.ok()) return s;
  const std::string tag = absl::StrCat("projects/", request.district());
  absl::StatusOr<PageRequest> page = ParsePage(request.page_size(), request.page_token(), tag);
  if (!page.ok()) return page.status();
  absl::StatusOr<std::vector<v1::Project>> all = store_.List(request.district());
  if (!all.ok()) return all.status();
  v1::ListProjectsResponse response;
  for (size_t i = page->offset; i < all->size() && i < page->offset + page->size; ++i) {
    *response.add_projects() = (*all)[i];
  }
  response.set_total_size(static_cast<int32_t>(all->size()));
  response.set_next_page_token(NextPageToken(*page, all->size(), tag));
  return response;
}

absl::StatusOr<v1::MonthlyInvestment> InvestmentServiceImpl::DoReportMonthlyInvestment(
    const v1::ReportMonthlyInvestmentRequest& request) {
  auto ids = ParseResourceName(request.parent(), "parent", {"districts", "projects"});
  if (!ids.ok()) return ids.status();
  absl::StatusOr<absl::CivilMonth> month = ToCivilMonth(request.month(), "month");
  if (!month.ok()) return month.status();
  if (*month > absl::CivilMonth(TodayInChina())) {
    return absl::InvalidArgumentError(absl::StrCat("month: ", MonthKey(*month), " has not begun"));
  }
  if (request.amount_yuan() < 0 || request.amount_yuan() > kMaxMonthlyInvestmentYuan) {
    return absl::InvalidArgumentError(absl::StrCat("amount_yuan: ", request.amount_yuan(),
                                                   " is outside 0..", kMaxMonthlyInvestmentYuan));
  }
  if (request.reported_by().empty()) return absl::InvalidArgumentError("reported_by: required");
  v1::MonthlyInvestment report;
  report.set_name(absl::StrCat(request.parent(), "/investments/", MonthKey(*month)));
  *report.mutable_month() = ToProtoDate(absl::CivilDay(*month));
  report.set_amount_yuan(request.amount_yuan());
  report.set_reported_by(request.reported_by());
  *report.mutable_report_time() = TimeUtil::GetCurrentTime();
  return store_.PutMonthly((*ids)[0], (*ids)[1], std::move(report));
}

grpc::ServerUnaryReactor* InvestmentServiceImpl::GetMetrics(grpc::CallbackServerContext* ctx,
                                                            const v1::GetMetricsRequest* request,
                                                            v1::GetMetricsResponse* response) {
  return FinishUnary(ctx,
                     InvestmentMetrics().Get(*request, [this](const MetricQuery& q) {
                       return store_.LoadFacts(q.district);
                     }),
                     response);
}

grpc::ServerUnaryReactor* InvestmentServiceImpl::ListMetricDefinitions(
    grpc::CallbackServerContext* ctx, const v1::ListMetricDefinitionsRequest* request,
    v1::ListMetricDefinitionsResponse* response) {
  return FinishUnary(ctx, InvestmentMetrics().catalog().List(*request), response);
}

grpc::ServerUnaryReactor* InvestmentServiceImpl::CreateProject(
    grpc::CallbackServerContext* ctx, const v1::CreateProjectRequest* request,
    v1::Project* response) {
  return FinishUnary(ctx, DoCreateProject(*request), response);
}

grpc::ServerUnaryReactor* InvestmentServiceImpl::GetProject(grpc::CallbackServerContext* ctx,
                                                            const v1::GetProjectRequest* request,
                                                            v1::Project* response) {
  return FinishUnary(ctx, DoGetProject(*request), response);
}

grpc::ServerUnaryReactor* InvestmentServiceImpl::ListProjects(
    grpc::CallbackServerContext* ctx, const v1::ListProjectsRequest* request,
    v1::ListProjectsResponse* response) {
  return FinishUnary(ctx, DoListProjects(*request), response);
}

grpc::ServerUnaryReactor* InvestmentServiceImpl::ReportMonthlyInvestment(
    grpc::CallbackServerContext* ctx, const v1::ReportMonthlyInvestmentRequest* request,
    v1::MonthlyInvestment* response) {
  return FinishUnary(ctx, DoReportMonthlyInvestment(*request), response);
}

}  // namespace devplan::investment
