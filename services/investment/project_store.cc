#include "services/investment/project_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/proto_codec.h"
#include "services/common/redis_keys.h"
#include "services/investment/store_support.h"

namespace devplan::investment {
namespace {

std::string MonthField(const std::string& project_id, const v1::Date& month) {
  return absl::StrCat(project_id, "/", month.year(), "-", absl::Dec(month.month(), absl::kZeroPad2));
}

// (field → message) pairs sorted by field, with the field's part before '/' as the key.
template <typename Message>
absl::StatusOr<std::vector<std::pair<std::string, Message>>> ByProject(const redis::Reply& reply) {
  auto decoded = DecodeHash<Message>(reply);
  if (!decoded.ok()) return decoded.status();
  std::sort(decoded->begin(), decoded->end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [field, m] : *decoded) field = field.substr(0, field.find('/'));
  return decoded;
}

absl::Status NotFound(const std::string& district, const std::string& project_id) {
  return absl::NotFoundError(absl::StrCat(ProjectName(district, project_id), " not found"));
}

}  // namespace

std::string ProjectName(const std::string& district, const std::string& project_id) {
  return absl::StrCat("districts/", district, "/projects/", project_id);
}

absl::StatusOr<v1::Project> ProjectStore::Create(const v1::CreateProjectRequest& request,
                                                 v1::Project project, v1::ProjectChange created) {
  const std::string& d = project.district();
  store::Mutation m(kService, d);
  if (!request.request_id().empty()) {
    m.WithRequestId(request.request_id(), store::Fingerprint(request));
  }
  m.ExpectField(keys::Projects(d), project.project_id(), std::nullopt)
      .HSet(keys::Projects(d), project.project_id(), project.SerializeAsString())
      .RPush(keys::ProjectHistory(d, project.project_id()), created.SerializeAsString())
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

absl::StatusOr<std::optional<v1::Project>> ProjectStore::Get(const std::string& district,
                                                             const std::string& project_id) {
  absl::StatusOr<redis::Reply> r = pool_.Run({"HGET", keys::Projects(district), project_id});
  if (!r.ok()) return r.status();
  if (r->is_nil()) return std::nullopt;
  absl::StatusOr<v1::Project> p = DecodeRecord<v1::Project>(r->str(), project_id);
  if (!p.ok()) return p.status();
  return *std::move(p);
}

absl::Status ProjectStore::AttachHistory(const std::string& district,
                                         const std::vector<v1::Project*>& projects) {
  if (projects.empty()) return absl::OkStatus();
  std::vector<redis::Command> commands;
  for (const v1::Project* p : projects) {
    commands.push_back({"LRANGE", keys::ProjectHistory(district, p->project_id()), "0", "-1"});
  }
  absl::StatusOr<std::vector<redis::Reply>> replies = pool_.RunPipeline(commands);
  if (!replies.ok()) return replies.status();
  for (size_t i = 0; i < projects.size(); ++i) {
    const redis::Reply& list = (*replies)[i];
    projects[i]->clear_history();
    for (size_t j = 0; j < list.size(); ++j) {
      auto change = DecodeRecord<v1::ProjectChange>(
          list[j].str(), absl::StrCat(projects[i]->project_id(), " history[", j, "]"));
      if (!change.ok()) return change.status();
      *projects[i]->add_history() = *std::move(change);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::Project>> ProjectStore::List(const std::string& district) {
  absl::StatusOr<redis::Reply> r = pool_.Run({"HGETALL", keys::Projects(district)});
  if (!r.ok()) return r.status();
  auto decoded = ByProject<v1::Project>(*r);
  if (!decoded.ok()) return decoded.status();
  std::vector<v1::Project> out;
  out.reserve(decoded->size());
  for (auto& [id, p] : *decoded) out.push_back(std::move(p));
  return out;
}

absl::StatusOr<v1::Project> ProjectStore::Update(const std::string& district,
                                                 const std::string& project_id,
                                                 const std::string& request_id,
                                                 const std::string& fingerprint, const Edit& edit) {
  auto current_project = [&]() -> absl::StatusOr<v1::Project> {
    absl::StatusOr<std::optional<v1::Project>> p = Get(district, project_id);
    if (!p.ok()) return p.status();
    if (!p->has_value()) return NotFound(district, project_id);
    return **p;
  };
  absl::StatusOr<bool> applied = AlreadyApplied(pool_, district, request_id, fingerprint);
  if (!applied.ok()) return applied.status();
  if (*applied) return current_project();
  return RetryOnConflict([&]() -> absl::StatusOr<v1::Project> {
    absl::StatusOr<redis::Reply> r = pool_.Run({"HGET", keys::Projects(district), project_id});
    if (!r.ok()) return r.status();
    if (r->is_nil()) return NotFound(district, project_id);
    const std::string stored(r->str());
    absl::StatusOr<v1::Project> current = DecodeRecord<v1::Project>(stored, project_id);
    if (!current.ok()) return current.status();
    auto edited = edit(*current);
    if (!edited.ok()) return edited.status();
    if (!edited->has_value()) return *current;  // nothing to change
    auto& [updated, change] = **edited;
    store::Mutation m(kService, district);
    if (!request_id.empty()) m.WithRequestId(request_id, fingerprint);
    m.ExpectField(keys::Projects(district), project_id, stored)
        .HSet(keys::Projects(district), project_id, updated.SerializeAsString())
        .RPush(keys::ProjectHistory(district, project_id), change.SerializeAsString())
        .Event("project", ProjectName(district, project_id));
    absl::StatusOr<store::Outcome> outcome = m.Apply(pool_);
    if (!outcome.ok()) return outcome.status();
    if (*outcome == store::Outcome::kReplayed) return current_project();
    return updated;
  });
}

absl::StatusOr<v1::MonthlyInvestment> ProjectStore::PutMonthly(
    const std::string& district, const std::string& project_id, v1::MonthlyInvestment report,
    const std::string& request_id, const std::string& fingerprint, const Revision& revision) {
  const std::string field = MonthField(project_id, report.month());
  return RetryOnConflict([&]() -> absl::StatusOr<v1::MonthlyInvestment> {
    absl::StatusOr<std::vector<redis::Reply>> r = pool_.RunPipeline(
        {{"HEXISTS", keys::Projects(district), project_id},
         {"HGET", keys::MonthlyInvestment(district), field}});
    if (!r.ok()) return r.status();
    if ((*r)[0].integer() == 0) return NotFound(district, project_id);
    std::optional<std::string> stored = (*r)[1].opt_str();
    std::optional<v1::MonthlyInvestment> old;
    if (stored.has_value()) {
      absl::StatusOr<v1::MonthlyInvestment> decoded = DecodeRecord<v1::MonthlyInvestment>(*stored, field);
      if (!decoded.ok()) return decoded.status();
      if (decoded->amount_yuan() == report.amount_yuan()) return *decoded;  // a resubmission
      old = *std::move(decoded);
    }
    store::Mutation m(kService, district);
    if (!request_id.empty()) m.WithRequestId(request_id, fingerprint);
    m.RequireField(keys::Projects(district), project_id, ProjectName(district, project_id))
        .ExpectField(keys::MonthlyInvestment(district), field, stored)
        .HSet(keys::MonthlyInvestment(district), field, report.SerializeAsString());
    if (old.has_value()) {
      m.RPush(keys::ProjectHistory(district, project_id), revision(*old).SerializeAsString());
    }
    m.Event("monthly_investment", report.name());
    absl::StatusOr<store::Outcome> outcome = m.Apply(pool_);
    if (!outcome.ok()) return outcome.status();
    if (*outcome == store::Outcome::kReplayed && old.has_value()) return *old;
    return report;
  });
}

absl::StatusOr<std::vector<std::pair<std::string, v1::MonthlyInvestment>>> ProjectStore::ListMonthly(
    const std::string& district) {
  absl::StatusOr<redis::Reply> r = pool_.Run({"HGETALL", keys::MonthlyInvestment(district)});
  if (!r.ok()) return r.status();
  return ByProject<v1::MonthlyInvestment>(*r);
}

absl::StatusOr<v1::InfrastructureOutput> ProjectStore::PutOutput(
    const std::string& district, const std::string& project_id, const std::string& output_id,
    const std::string& request_id, const std::string& fingerprint, const OutputEdit& edit) {
  const std::string field = absl::StrCat(project_id, "/", output_id);
  auto read = [&]() -> absl::StatusOr<std::pair<bool, std::optional<std::string>>> {
    absl::StatusOr<std::vector<redis::Reply>> r = pool_.RunPipeline(
        {{"HEXISTS", keys::Projects(district), project_id},
         {"HGET", keys::InfrastructureOutputs(district), field}});
    if (!r.ok()) return r.status();
    return std::make_pair((*r)[0].integer() == 1, (*r)[1].opt_str());
  };
  auto decode = [&](const std::optional<std::string>& bytes)
      -> absl::StatusOr<std::optional<v1::InfrastructureOutput>> {
    if (!bytes.has_value()) return std::nullopt;
    auto o = DecodeRecord<v1::InfrastructureOutput>(*bytes, field);
    if (!o.ok()) return o.status();
    return *std::move(o);
  };
  absl::StatusOr<bool> applied = AlreadyApplied(pool_, district, request_id, fingerprint);
  if (!applied.ok()) return applied.status();
  return RetryOnConflict([&]() -> absl::StatusOr<v1::InfrastructureOutput> {
    auto state = read();
    if (!state.ok()) return state.status();
    if (!state->first) return NotFound(district, project_id);
    auto current = decode(state->second);
    if (!current.ok()) return current.status();
    if (*applied && current->has_value()) return **current;
    auto edited = edit(*current);
    if (!edited.ok()) return edited.status();
    if (!edited->has_value()) return **current;  // edit answers nullopt only for an existing one
    auto& [output, change] = **edited;
    store::Mutation m(kService, district);
    if (!request_id.empty()) m.WithRequestId(request_id, fingerprint);
    m.RequireField(keys::Projects(district), project_id, ProjectName(district, project_id))
        .ExpectField(keys::InfrastructureOutputs(district), field, state->second)
        .HSet(keys::InfrastructureOutputs(district), field, output.SerializeAsString())
        .RPush(keys::ProjectHistory(district, project_id), change.SerializeAsString())
        .Event("infrastructure_output", output.name());
    absl::StatusOr<store::Outcome> outcome = m.Apply(pool_);
    if (!outcome.ok()) return outcome.status();
    if (*outcome == store::Outcome::kReplayed && current->has_value()) return **current;
    return output;
  });
}

absl::StatusOr<std::vector<std::pair<std::string, v1::InfrastructureOutput>>>
ProjectStore::ListOutputs(const std::string& district) {
  absl::StatusOr<redis::Reply> r = pool_.Run({"HGETALL", keys::InfrastructureOutputs(district)});
  if (!r.ok()) return r.status();
  return ByProject<v1::InfrastructureOutput>(*r);
}

}  // namespace devplan::investment
