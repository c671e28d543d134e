#include "services/aggregator/scorecard_service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/aggregator/plan_validation.h"
#include "services/aggregator/scorecard_builder.h"
#include "services/common/dates.h"
#include "services/common/district.h"
#include "services/common/grpc_glue.h"
#include "services/common/mutation.h"
#include "services/common/paging.h"
#include "services/common/resource_name.h"

namespace devplan::aggregator {
namespace {

absl::StatusOr<std::pair<std::string, int>> ParsePlanName(const std::string& name) {
  auto ids = ParseResourceName(name, "name", {"districts", "plans"});
  if (!ids.ok()) return ids.status();
  int year = 0;
  if (!absl::SimpleAtoi((*ids)[1], &year) || year < 2000 || year > 2100) {
    return absl::InvalidArgumentError(absl::StrCat("name: plan year \"", (*ids)[1],
                                                   "\" is not a year 2000..2100"));
  }
  return std::make_pair((*ids)[0], year);
}

// The metric keys a plan needs from each service.
std::map<std::string, std::vector<std::string>> KeysByService(const v1::Plan& plan) {
  std::map<std::string, std::set<std::string>> sets;
  for (const v1::Indicator& ind : plan.indicators()) {
    sets[ind.source().service()].insert(ind.source().key());
    if (ind.projection() == v1::PROJECTION_DAILY_RATE) {
      sets[ind.projection_basis().service()].insert(ind.projection_basis().key());
    }
  }
  std::map<std::string, std::vector<std::string>> out;
  for (auto& [service, keys] : sets) out[service].assign(keys.begin(), keys.end());
  return out;
}

}  // namespace

absl::StatusOr<v1::Plan> ScorecardServiceImpl::DoPutPlan(const v1::PutPlanRequest& request) {
  if (!request.has_plan()) return absl::InvalidArgumentError("plan: required");
  if (request.request_id().size() > 64) {
    return absl::InvalidArgumentError("request_id: at most 64 characters");
  }
  auto definitions = clients_.Definitions(/*refresh=*/true);
  if (!definitions.ok()) return definitions.status();  // cannot check source metrics
  MetricKeys known;
  for (const auto& [service, defs] : *definitions) {
    for (const auto& [key, def] : defs) known[service].insert(key);
  }
  v1::Plan plan = request.plan();
  std::vector<std::string> problems = PlanProblems(plan, known);
  if (!problems.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("plan has ", problems.size(), " problem(s): ",
                                                   absl::StrJoin(problems, "; ")));
  }
  plan.set_name(absl::StrCat("districts/", plan.district(), "/plans/", plan.year()));
  return plans_.Put(std::move(plan), request.request_id(), store::Fingerprint(request));
}

absl::StatusOr<v1::Plan> ScorecardServiceImpl::DoGetPlan(const v1::GetPlanRequest& request) {
  auto name = ParsePlanName(request.name());
  if (!name.ok()) return name.status();
  if (request.version() < 0) return absl::InvalidArgumentError("version: must be >= 0");
  auto plan = plans_.Get(name->first, name->second, request.version());
  if (!plan.ok()) return plan.status();
  if (!plan->has_value()) {
    return absl::NotFoundError(absl::StrCat(request.name(),
                                            request.version() ? absl::StrCat(" version ", request.version()) : "",
                                            " not found"));
  }
  return **plan;
}

absl::StatusOr<v1::ListPlansResponse> ScorecardServiceImpl::DoListPlans(
    const v1::ListPlansRequest& request) {
  if (!request.district().empty()) {
    if (absl::Status s = ValidateDistrict(request.district()); !s.ok()) return s;
  }
  const std::string tag = absl::StrCat("plans/", request.district());
  auto page = ParsePage(request.page_size(), request.page_token(), tag);
  if (!page.ok()) return page.status();
  auto all = plans_.List(request.district());
  if (!all.ok()) return all.status();
  v1::ListPlansResponse response;
  for (size_t i = page->offset; i < all->size() && i < page->offset + page->size; ++i) {
    *response.add_plans() = (*all)[i];
  }
  response.set_next_page_token(NextPageToken(*page, all->size(), tag));
  return response;
}

void ScorecardServiceImpl::RememberValues(const std::string& district,
                                          const v1::GetMetricsResponse& response) {
  std::lock_guard lock(mu_);
  for (const v1::MetricValue& v : response.metrics()) last_known_[district][v.key()] = v;
}

std::map<std::string, v1::MetricValue> ScorecardServiceImpl::LastKnown(const std::string& district) {
  std::lock_guard lock(mu_);
  return last_known_[district];
}

absl::StatusOr<v1::Scorecard> ScorecardServiceImpl::DoGetScorecard(
    const v1::GetScorecardRequest& request) {
  if (absl::Status s = ValidateDistrict(request.district()); !s.ok()) return s;
  auto as_of = ToCivilDay(request.as_of(), "as_of");
  if (!as_of.ok()) return as_of.status();
  for (int i = 0; i < request.areas_size(); ++i) {
    if (request.areas(i) == v1::AREA_UNSPECIFIED || !v1::Area_IsValid(request.areas(i))) {
      return absl::InvalidArgumentError(absl::StrCat("areas[", i, "]: unknown area"));
    }
  }
  auto plan = plans_.Get(request.district(), static_cast<int>(as_of->year()));
  if (!plan.ok()) return plan.status();
  if (!plan->has_value()) {
    return absl::NotFoundError(absl::StrCat("no plan for district ", request.district(),
                                            " in ", as_of->year()));
  }

  FetchRequest fetch;
  fetch.district = request.district();
  fetch.keys_by_service = KeysByService(**plan);
  fetch.dates.push_back(*as_of);
  const absl::CivilDay previous_month_end = absl::CivilDay(absl::CivilMonth(*as_of)) - 1;
  const bool has_previous = previous_month_end.year() == as_of->year();
  if (has_previous) fetch.dates.push_back(previous_month_end);
  FetchResult answers = clients_.Fetch(fetch);

  ScorecardInputs in;
  in.plan = &**plan;
  in.as_of = *as_of;
  for (int a : request.areas()) in.areas.insert(static_cast<v1::Area>(a));
  for (const auto& [service, keys] : fetch.keys_by_service) {
    const SourceAnswer& a = answers[0][service];
    if (!a.status.ok()) {
      in.failed_services.insert(service);
      continue;
    }
    RememberValues(request.district(), a.response);
    for (const v1::MetricValue& v : a.response.metrics()) in.now[v.key()] = v;
    if (has_previous && answers[1][service].status.ok()) {
      for (const v1::MetricValue& v : answers[1][service].response.metrics()) {
        in.month_ago[v.key()] = v;
      }
    }
  }
  if (!in.failed_services.empty()) in.last_known = LastKnown(request.district());
  if (auto defs = clients_.Definitions(); defs.ok()) {
    for (const auto& [service, by_key] : *defs) {
      for (const auto& [key, def] : by_key) in.cadence[key] = def.cadence();
    }
  }
  return BuildScorecard(in);
}

grpc::ServerUnaryReactor* ScorecardServiceImpl::PutPlan(grpc::CallbackServerContext* ctx,
                                                        const v1::PutPlanRequest* request,
                                                        v1::Plan* response) {
  return FinishUnary(ctx, DoPutPlan(*request), response);
}

grpc::ServerUnaryReactor* ScorecardServiceImpl::GetPlan(grpc::CallbackServerContext* ctx,
                                                        const v1::GetPlanRequest* request,
                                                        v1::Plan* response) {
  return FinishUnary(ctx, DoGetPlan(*request), response);
}

grpc::ServerUnaryReactor* ScorecardServiceImpl::ListPlans(grpc::CallbackServerContext* ctx,
                                                          const v1::ListPlansRequest* request,
                                                          v1::ListPlansResponse* response) {
  return FinishUnary(ctx, DoListPlans(*request), response);
}

grpc::ServerUnaryReactor* ScorecardServiceImpl::GetScorecard(
    grpc::CallbackServerContext* ctx, const v1::GetScorecardRequest* request,
    v1::Scorecard* response) {
  return FinishUnary(ctx, DoGetScorecard(*request), response);
}

}  // namespace devplan::aggregator
