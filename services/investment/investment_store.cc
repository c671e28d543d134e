#include "services/investment/investment_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/proto_codec.h"
#include "services/common/redis_keys.h"

namespace devplan::investment {
namespace {

constexpr char kService[] = "inv";

}  // namespace

absl::StatusOr<v1::Project> InvestmentStore::Create(const v1::CreateProjectRequest& request,
                                                    v1::Project project) {
  const std::string& d = project.district();
  store::Mutation m(kService, d);
  if (!request.request_id().empty()) {
    m.WithRequestId(request.request_id(), store::Fingerprint(request));
  }
  m.ExpectField(keys::Projects(d), project.project_id(), std::nullopt)
      .HSet(keys::Projects(d), project.project_id(), project.SerializeAsString())
      .Event("project", project.name());
  absl::StatusOr<store::Outcome> outcome = m.Apply(pool_);
  if (outcome.ok() && *outcome == store::Outcome::kApplied) return project;
  if (outcome.ok() || outcome.status().code() == absl::StatusCode::kAborted) {
    absl::StatusOr<std::optional<v1::Project>> stored = Get(d, project.project_id());
    if (!stored.ok()) return stored.status();
    if (outcome.ok() && stored->has_value()) return **stored;  // a replayed retry
    return absl::AlreadyExistsError(absl::StrCat(project.name(), " already exists"));
  }
  return outcome.status();
}

absl::StatusOr<std::optional<v1::Project>> InvestmentStore::Get(const std::string& district,
                                                                const std::string& project_id) {
  absl::StatusOr<redis::Reply> r = pool_.Run({"HGET", keys::Projects(district), project_id});
  if (!r.ok()) return r.status();
  if (r->is_nil()) return std::nullopt;
  absl::StatusOr<v1::Project> p = DecodeRecord<v1::Project>(r->str(), project_id);
  if (!p.ok()) return p.status();
  return *std::move(p);
}

absl::StatusOr<std::vector<v1::Project>> InvestmentStore::List(const std::string& district) {
  absl::StatusOr<redis::Reply> r = pool_.Run({"HGETALL", keys::Projects(district)});
  if (!r.ok()) return r.status();
  auto decoded = DecodeHash<v1::Project>(*r);
  if (!decoded.ok()) return decoded.status();
  std::sort(decoded->begin(), decoded->end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<v1::Project> out;
  out.reserve(decoded->size());
  for (auto& [id, p] : *decoded) out.push_back(std::move(p));
  return out;
}

absl::StatusOr<v1::MonthlyInvestment> InvestmentStore::PutMonthly(const std::string& district,
                                                                  const std::string& project_id,
                                                                  v1::MonthlyInvestment report) {
  const std::string field =
      absl::StrCat(project_id, "/", report.month().year(), "-",
                   absl::Dec(report.month().month(), absl::kZeroPad2));
  store::Mutation m(kService, district);
  m.RequireField(keys::Projects(district), project_id,
                 absl::StrCat("districts/", district, "/projects/", project_id))
      .HSet(keys::MonthlyInvestment(district), field, report.SerializeAsString())
      .Event("monthly_investment", report.name());
  absl::StatusOr<store::Outcome> outcome = m.Apply(pool_);
  if (!outcome.ok()) return outcome.status();
  return report;
}

absl::StatusOr<InvestmentFacts> InvestmentStore::LoadFacts(const std::string& district) {
  absl::StatusOr<std::vector<redis::Reply>> replies = pool_.RunPipeline(
      {{"HGETALL", keys::Projects(district)}, {"HGETALL", keys::MonthlyInvestment(district)}});
  if (!replies.ok()) return replies.status();
  auto projects = DecodeHash<v1::Project>((*replies)[0]);
  if (!projects.ok()) return projects.status();
  auto monthly = DecodeHash<v1::MonthlyInvestment>((*replies)[1]);
  if (!monthly.ok()) return monthly.status();
  InvestmentFacts facts;
  for (auto& [id, p] : *projects) facts.projects.push_back(std::move(p));
  for (auto& [field, m] : *monthly) {
    facts.monthly.emplace_back(field.substr(0, field.find('/')), std::move(m));
  }
  return facts;
}

}  // namespace devplan::investment
