// InvestmentService handlers for projects, their monthly investment and outputs.
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
#include "services/investment/project_rules.h"

namespace devplan::investment {
namespace {

// Output-only fields a client may have echoed back; never taken from a request.
void ClearOutputOnly(v1::Project& p) {
  p.clear_name();
  p.clear_stage();
  p.clear_create_time();
  p.clear_update_time();
  p.clear_reported_by();
  p.clear_history();
}

// An all-empty funding message means "no bond funding": store it as absent.
void NormalizeFunding(v1::Project& p) {
  if (p.has_funding() && p.funding().ByteSizeLong() == 0) p.clear_funding();
}

// "districts/{d}/projects/{id}" or ".../projects/-" (every project): {district, id or "-"}.
absl::StatusOr<std::vector<std::string>> ParseProjectParent(const std::string& parent) {
  return ParseResourceName(parent, "parent", {"districts", "projects"});
}

// The output as compared and shown in history: without the fields a write stamps.
v1::InfrastructureOutput Substance(v1::InfrastructureOutput o) {
  o.clear_name();
  o.clear_reported_by();
  o.clear_report_time();
  return o;
}

}  // namespace

absl::StatusOr<v1::Project> InvestmentServiceImpl::DoCreateProject(
    const v1::CreateProjectRequest& request) {
  if (!request.has_project()) return absl::InvalidArgumentError("project: required");
  RETURN_IF_ERROR(ValidateWriter(request.reported_by(), request.request_id()));
  v1::Project p = request.project();
  ClearOutputOnly(p);
  NormalizeFunding(p);
  RETURN_IF_ERROR(ValidateNewProject(p, context_.clock.today()));
  p.set_name(ProjectName(p.district(), p.project_id()));
  p.set_stage(DeriveStage(p));
  p.set_reported_by(request.reported_by());
  *p.mutable_create_time() = context_.clock.now();
  *p.mutable_update_time() = p.create_time();
  v1::ProjectChange created;
  *created.mutable_change_time() = p.create_time();
  created.set_reported_by(request.reported_by());
  created.set_action("create");
  created.set_source(request.request_id());
  for (v1::FieldChange& c : DiffProjects(v1::Project(), p)) *created.add_changes() = std::move(c);
  return projects_.Create(store::RequestKey::Of(request.request_id(), request), std::move(p),
                          std::move(created));
}

absl::StatusOr<v1::Project> InvestmentServiceImpl::DoGetProject(
    const v1::GetProjectRequest& request) {
  ASSIGN_OR_RETURN(const std::vector<std::string> ids, ParseResourceName(request.name(), "name", {"districts", "projects"}));
  if (!v1::ProjectView_IsValid(request.view())) {
    return absl::InvalidArgumentError("view: not a ProjectView");
  }
  ASSIGN_OR_RETURN(v1::Project project, projects_.Current(ids[0], ids[1]));
  if (request.view() != v1::PROJECT_VIEW_BASIC) {
    RETURN_IF_ERROR(projects_.AttachHistory(ids[0], {&project}));
  }
  return project;
}

absl::StatusOr<v1::ListProjectsResponse> InvestmentServiceImpl::DoListProjects(
    const v1::ListProjectsRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  if (!v1::ProjectCategory_IsValid(request.category())) {
    return absl::InvalidArgumentError("category: not a ProjectCategory");
  }
  if (!v1::ProjectStage_IsValid(request.stage())) {
    return absl::InvalidArgumentError("stage: not a ProjectStage");
  }
  if (!v1::FundingSource_IsValid(request.funding_source())) {
    return absl::InvalidArgumentError("funding_source: not a FundingSource");
  }
  if (!v1::ProjectView_IsValid(request.view())) {
    return absl::InvalidArgumentError("view: not a ProjectView");
  }
  // The filters are part of the list's identity: a token is only good with the same ones.
  v1::ListProjectsRequest filters = request;
  filters.clear_page_size();
  filters.clear_page_token();
  filters.clear_view();
  const std::string tag = absl::StrCat("projects/", request.district(), "?", store::Fingerprint(filters));
  ASSIGN_OR_RETURN(const PageRequest page, ParsePage(request.page_size(), request.page_token(), tag));
  ASSIGN_OR_RETURN(std::vector<v1::Project> all, projects_.List(request.district()));

  std::vector<v1::Project> matching;
  for (v1::Project& p : all) {
    if (request.category() != v1::PROJECT_CATEGORY_UNSPECIFIED && p.category() != request.category()) continue;
    if (request.stage() != v1::PROJECT_STAGE_UNSPECIFIED && p.stage() != request.stage()) continue;
    if (request.has_key_project() && p.key_project() != request.key_project()) continue;
    if (request.has_three_batch() && p.three_batch() != request.three_batch()) continue;
    if (!request.lead_department().empty() && p.lead_department() != request.lead_department()) continue;
    if (request.funding_source() != v1::FUNDING_SOURCE_UNSPECIFIED &&
        p.funding().source() != request.funding_source()) continue;
    matching.push_back(std::move(p));
  }
  v1::ListProjectsResponse response;
  response.set_total_size(static_cast<int32_t>(matching.size()));
  response.set_next_page_token(CopyPage(matching, page, tag, response.mutable_projects()));
  if (request.view() == v1::PROJECT_VIEW_FULL) {
    std::vector<v1::Project*> page_projects;
    for (v1::Project& p : *response.mutable_projects()) page_projects.push_back(&p);
    RETURN_IF_ERROR(projects_.AttachHistory(request.district(), page_projects));
  }
  return response;
}

absl::StatusOr<v1::Project> InvestmentServiceImpl::DoUpdateProject(
    const v1::UpdateProjectRequest& request) {
  if (!request.has_project()) return absl::InvalidArgumentError("project: required");
  ASSIGN_OR_RETURN(const std::vector<std::string> ids, ParseResourceName(request.project().name(), "project.name", {"districts", "projects"}));
  RETURN_IF_ERROR(ValidateWriter(request.reported_by(), request.request_id()));
  RETURN_IF_ERROR(ValidateText(request.correction_reason(), "correction_reason"));
  // A bad mask is refused before anything is read.
  RETURN_IF_ERROR(ApplyUpdateMask(v1::Project(), request.project(), request.update_mask()).status());
  const absl::CivilDay today = context_.clock.today();
  const bool correction = !request.correction_reason().empty();
  auto edit = [&](const v1::Project& current)
      -> absl::StatusOr<std::optional<std::pair<v1::Project, v1::ProjectChange>>> {
    ASSIGN_OR_RETURN(v1::Project updated,
                     ApplyUpdateMask(current, request.project(), request.update_mask()));
    NormalizeFunding(updated);
    RETURN_IF_ERROR(ValidateProjectAttributes(updated));
    RETURN_IF_ERROR(CheckDatedChanges(current, updated, correction, today));
    std::vector<v1::FieldChange> changes = DiffProjects(current, updated);
    if (changes.empty()) return std::nullopt;
    updated.set_stage(DeriveStage(updated));
    updated.set_reported_by(request.reported_by());
    *updated.mutable_update_time() = context_.clock.now();
    v1::ProjectChange change;
    *change.mutable_change_time() = updated.update_time();
    change.set_reported_by(request.reported_by());
    change.set_action(IsCorrection(current, updated) ? "correction" : "update");
    change.set_reason(request.correction_reason());
    change.set_source(request.request_id());
    for (v1::FieldChange& c : changes) *change.add_changes() = std::move(c);
    return std::make_pair(std::move(updated), std::move(change));
  };
  return projects_.Update(ids[0], ids[1], store::RequestKey::Of(request.request_id(), request),
                          edit);
}

absl::StatusOr<v1::MonthlyInvestment> InvestmentServiceImpl::DoReportMonthlyInvestment(
    const v1::ReportMonthlyInvestmentRequest& request) {
  ASSIGN_OR_RETURN(const std::vector<std::string> ids, ParseProjectParent(request.parent()));
  if (ids[1] == "-") return absl::InvalidArgumentError("parent: name one project, not \"-\"");
  ASSIGN_OR_RETURN(const absl::CivilMonth month,
                   ValidateReportMonth(request.month(), "month", context_.clock.today()));
  if (request.amount_yuan() < 0 || request.amount_yuan() > kMaxMonthlyInvestmentYuan) {
    return absl::InvalidArgumentError(absl::StrCat("amount_yuan: ", request.amount_yuan(),
                                                   " is outside 0..", kMaxMonthlyInvestmentYuan));
  }
  RETURN_IF_ERROR(ValidateWriter(request.reported_by(), request.request_id()));
  v1::MonthlyInvestment report;
  report.set_name(absl::StrCat(request.parent(), "/investments/", MonthKey(month)));
  *report.mutable_month() = ToProtoDate(absl::CivilDay(month));
  report.set_amount_yuan(request.amount_yuan());
  report.set_reported_by(request.reported_by());
  *report.mutable_report_time() = context_.clock.now();
  auto revision = [&](const v1::MonthlyInvestment& old) {
    v1::ProjectChange change;
    *change.mutable_change_time() = report.report_time();
    change.set_reported_by(request.reported_by());
    change.set_action("monthly_investment");
    change.set_source(request.request_id());
    v1::FieldChange* c = change.add_changes();
    c->set_field(absl::StrCat("investments/", MonthKey(month)));
    c->set_old_value(absl::StrCat(old.amount_yuan()));
    c->set_new_value(absl::StrCat(request.amount_yuan()));
    return change;
  };
  return projects_.PutMonthly(ids[0], ids[1], std::move(report),
                              store::RequestKey::Of(request.request_id(), request), revision);
}

absl::StatusOr<v1::ListMonthlyInvestmentsResponse> InvestmentServiceImpl::DoListMonthlyInvestments(
    const v1::ListMonthlyInvestmentsRequest& request) {
  ASSIGN_OR_RETURN(const std::vector<std::string> ids, ParseProjectParent(request.parent()));
  RETURN_IF_ERROR(ValidateReportYear(request.year(), "year", context_.clock.today()));
  const std::string& district = ids[0];
  const std::string& project_id = ids[1];
  const std::string tag = absl::StrCat("investments/", request.parent(), "/", request.year());
  ASSIGN_OR_RETURN(const PageRequest page, ParsePage(request.page_size(), request.page_token(), tag));
  if (project_id != "-") {
    RETURN_IF_ERROR(projects_.Current(district, project_id).status());
  }
  ASSIGN_OR_RETURN(auto all, projects_.ListMonthly(district));
  std::vector<v1::MonthlyInvestment> matching;
  v1::ListMonthlyInvestmentsResponse response;
  int64_t total = 0;
  for (auto& [id, report] : all) {
    if ((project_id != "-" && id != project_id) || report.month().year() != request.year()) continue;
    total += report.amount_yuan();
    matching.push_back(std::move(report));
  }
  response.set_total_yuan(total);
  response.set_total_size(static_cast<int32_t>(matching.size()));
  response.set_next_page_token(CopyPage(matching, page, tag, response.mutable_investments()));
  return response;
}

absl::StatusOr<v1::InfrastructureOutput> InvestmentServiceImpl::DoRecordInfrastructureOutput(
    const v1::RecordInfrastructureOutputRequest& request) {
  ASSIGN_OR_RETURN(const std::vector<std::string> ids, ParseProjectParent(request.parent()));
  if (ids[1] == "-") return absl::InvalidArgumentError("parent: name one project, not \"-\"");
  if (!request.has_output()) return absl::InvalidArgumentError("output: required");
  RETURN_IF_ERROR(ValidateWriter(request.reported_by(), request.request_id()));
  RETURN_IF_ERROR(ValidateText(request.correction_reason(), "correction_reason"));
  const absl::CivilDay today = context_.clock.today();
  const bool correction = !request.correction_reason().empty();
  v1::InfrastructureOutput output = Substance(request.output());
  // Everything that does not depend on the stored output is refused before any read.
  RETURN_IF_ERROR(CheckOutput(std::nullopt, output, correction, today));
  output.set_name(absl::StrCat(request.parent(), "/outputs/", output.output_id()));
  auto edit = [&](const std::optional<v1::InfrastructureOutput>& current)
      -> absl::StatusOr<std::optional<std::pair<v1::InfrastructureOutput, v1::ProjectChange>>> {
    RETURN_IF_ERROR(CheckOutput(current, output, correction, today));
    const std::string old_text = current ? RenderRecord(Substance(*current)) : "";
    const std::string new_text = RenderRecord(Substance(output));
    if (current.has_value() && old_text == new_text) return std::nullopt;
    v1::InfrastructureOutput stored = output;
    stored.set_reported_by(request.reported_by());
    *stored.mutable_report_time() = context_.clock.now();
    v1::ProjectChange change;
    *change.mutable_change_time() = stored.report_time();
    change.set_reported_by(request.reported_by());
    change.set_action("infrastructure_output");
    change.set_reason(request.correction_reason());
    change.set_source(request.request_id());
    v1::FieldChange* c = change.add_changes();
    c->set_field(absl::StrCat("outputs/", output.output_id()));
    c->set_old_value(old_text);
    c->set_new_value(new_text);
    return std::make_pair(std::move(stored), std::move(change));
  };
  return projects_.PutOutput(ids[0], ids[1], output.output_id(),
                             store::RequestKey::Of(request.request_id(), request), edit);
}

absl::StatusOr<v1::ListInfrastructureOutputsResponse>
InvestmentServiceImpl::DoListInfrastructureOutputs(const v1::ListInfrastructureOutputsRequest& request) {
  ASSIGN_OR_RETURN(const std::vector<std::string> ids, ParseProjectParent(request.parent()));
  if (!v1::InfrastructureKind_IsValid(request.kind())) {
    return absl::InvalidArgumentError("kind: not an InfrastructureKind");
  }
  const std::string& district = ids[0];
  const std::string& project_id = ids[1];
  const std::string tag = absl::StrCat("outputs/", request.parent(), "/", request.kind());
  ASSIGN_OR_RETURN(const PageRequest page, ParsePage(request.page_size(), request.page_token(), tag));
  if (project_id != "-") {
    RETURN_IF_ERROR(projects_.Current(district, project_id).status());
  }
  ASSIGN_OR_RETURN(auto all, projects_.ListOutputs(district));
  std::vector<v1::InfrastructureOutput> matching;
  for (auto& [id, o] : all) {
    if (project_id != "-" && id != project_id) continue;
    if (request.kind() != v1::INFRASTRUCTURE_KIND_UNSPECIFIED && o.kind() != request.kind()) continue;
    matching.push_back(std::move(o));
  }
  v1::ListInfrastructureOutputsResponse response;
  response.set_total_size(static_cast<int32_t>(matching.size()));
  response.set_next_page_token(CopyPage(matching, page, tag, response.mutable_outputs()));
  return response;
}

}  // namespace devplan::investment
