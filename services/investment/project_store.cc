#include "services/investment/project_store.h"

#include "absl/strings/str_cat.h"
#include "services/common/redis_keys.h"
#include "services/common/status_macros.h"

namespace devplan::investment {
namespace {

std::string MonthField(const std::string& project_id, const v1::Date& month) {
  return absl::StrCat(project_id, "/", month.year(), "-", absl::Dec(month.month(), absl::kZeroPad2));
}

// Entries of a hash keyed "<project_id>/<…>", ordered by field, keyed by the project_id.
template <typename Message>
absl::StatusOr<std::vector<std::pair<std::string, Message>>> ByProject(
    store::RecordStore& records, const std::string& key) {
  ASSIGN_OR_RETURN(auto entries, records.Entries<Message>(key));
  for (auto& [field, m] : entries) field = field.substr(0, field.find('/'));
  return entries;
}

}  // namespace

std::string ProjectName(const std::string& district, const std::string& project_id) {
  return absl::StrCat("districts/", district, "/projects/", project_id);
}

absl::StatusOr<v1::Project> ProjectStore::Current(const std::string& district,
                                                  const std::string& project_id) {
  return records_.Require<v1::Project>(keys::Projects(district), project_id,
                                       ProjectName(district, project_id));
}

absl::StatusOr<std::optional<std::string>> ProjectStore::ReadOfProject(
    const std::string& district, const std::string& project_id, const std::string& key,
    const std::string& field) {
  ASSIGN_OR_RETURN(std::vector<redis::Reply> r,
                   records_.pool().RunPipeline({{"HEXISTS", keys::Projects(district), project_id},
                                                {"HGET", key, field}},
                                               redis::Resend::kSafe));
  if (r[0].integer() == 0) {
    return absl::NotFoundError(absl::StrCat(ProjectName(district, project_id), " not found"));
  }
  return r[1].opt_str();
}

absl::StatusOr<v1::Project> ProjectStore::Create(const store::RequestKey& request,
                                                 v1::Project project, v1::ProjectChange created) {
  const std::string d = project.district();
  const std::string id = project.project_id();
  return records_.Write<v1::Project>(
      d, request,
      [&](store::Mutation& m) -> absl::StatusOr<v1::Project> {
        ASSIGN_OR_RETURN(std::optional<v1::Project> stored, Get(d, id));
        if (stored.has_value()) {
          return absl::AlreadyExistsError(absl::StrCat(project.name(), " already exists"));
        }
        m.ExpectField(keys::Projects(d), id, std::nullopt)
            .HSet(keys::Projects(d), id, project.SerializeAsString())
            .RPush(keys::ProjectHistory(d, id), created.SerializeAsString())
            .Event("project", project.name());
        return project;
      },
      [&] { return Current(d, id); });
}

absl::StatusOr<std::optional<v1::Project>> ProjectStore::Get(const std::string& district,
                                                             const std::string& project_id) {
  return records_.Get<v1::Project>(keys::Projects(district), project_id);
}

absl::Status ProjectStore::AttachHistory(const std::string& district,
                                         const std::vector<v1::Project*>& projects) {
  if (projects.empty()) return absl::OkStatus();
  std::vector<redis::Command> commands;
  for (const v1::Project* p : projects) {
    commands.push_back({"LRANGE", keys::ProjectHistory(district, p->project_id()), "0", "-1"});
  }
  ASSIGN_OR_RETURN(std::vector<redis::Reply> replies,
                   records_.pool().RunPipeline(commands, redis::Resend::kSafe));
  for (size_t i = 0; i < projects.size(); ++i) {
    const redis::Reply& list = replies[i];
    projects[i]->clear_history();
    for (size_t j = 0; j < list.size(); ++j) {
      ASSIGN_OR_RETURN(*projects[i]->add_history(),
                       DecodeRecord<v1::ProjectChange>(
                           list[j].str(), absl::StrCat(projects[i]->project_id(), " history[", j, "]")));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::Project>> ProjectStore::List(const std::string& district) {
  return records_.Values<v1::Project>(keys::Projects(district));
}

absl::StatusOr<v1::Project> ProjectStore::Update(const std::string& district,
                                                 const std::string& project_id,
                                                 const store::RequestKey& request,
                                                 const Edit& edit) {
  const std::string key = keys::Projects(district);
  return records_.Write<v1::Project>(
      district, request,
      [&](store::Mutation& m) -> absl::StatusOr<v1::Project> {
        ASSIGN_OR_RETURN(store::Stored<v1::Project> stored, records_.Read<v1::Project>(key, project_id));
        if (!stored.record.has_value()) {
          return absl::NotFoundError(absl::StrCat(ProjectName(district, project_id), " not found"));
        }
        ASSIGN_OR_RETURN(auto edited, edit(*stored.record));
        if (!edited.has_value()) return *stored.record;  // nothing to change
        auto& [updated, change] = *edited;
        m.ExpectField(key, project_id, stored.bytes)
            .HSet(key, project_id, updated.SerializeAsString())
            .RPush(keys::ProjectHistory(district, project_id), change.SerializeAsString())
            .Event("project", ProjectName(district, project_id));
        return updated;
      },
      [&] { return Current(district, project_id); });
}

absl::StatusOr<v1::MonthlyInvestment> ProjectStore::PutMonthly(const std::string& district,
                                                               const std::string& project_id,
                                                               v1::MonthlyInvestment report,
                                                               const store::RequestKey& request,
                                                               const Revision& revision) {
  const std::string key = keys::MonthlyInvestment(district);
  const std::string field = MonthField(project_id, report.month());
  return records_.Write<v1::MonthlyInvestment>(
      district, request,
      [&](store::Mutation& m) -> absl::StatusOr<v1::MonthlyInvestment> {
        ASSIGN_OR_RETURN(const std::optional<std::string> stored,
                         ReadOfProject(district, project_id, key, field));
        if (stored.has_value()) {
          ASSIGN_OR_RETURN(v1::MonthlyInvestment old, DecodeRecord<v1::MonthlyInvestment>(*stored, field));
          if (old.amount_yuan() == report.amount_yuan()) return old;  // a resubmission
          m.RPush(keys::ProjectHistory(district, project_id), revision(old).SerializeAsString());
        }
        m.RequireField(keys::Projects(district), project_id, ProjectName(district, project_id))
            .ExpectField(key, field, stored)
            .HSet(key, field, report.SerializeAsString())
            .Event("monthly_investment", report.name());
        return report;
      },
      [&] { return records_.Require<v1::MonthlyInvestment>(key, field, report.name()); });
}

absl::StatusOr<std::vector<std::pair<std::string, v1::MonthlyInvestment>>> ProjectStore::ListMonthly(
    const std::string& district) {
  return ByProject<v1::MonthlyInvestment>(records_, keys::MonthlyInvestment(district));
}

absl::StatusOr<v1::InfrastructureOutput> ProjectStore::PutOutput(const std::string& district,
                                                                 const std::string& project_id,
                                                                 const std::string& output_id,
                                                                 const store::RequestKey& request,
                                                                 const OutputEdit& edit) {
  const std::string key = keys::InfrastructureOutputs(district);
  const std::string field = absl::StrCat(project_id, "/", output_id);
  return records_.Write<v1::InfrastructureOutput>(
      district, request,
      [&](store::Mutation& m) -> absl::StatusOr<v1::InfrastructureOutput> {
        ASSIGN_OR_RETURN(const std::optional<std::string> stored,
                         ReadOfProject(district, project_id, key, field));
        std::optional<v1::InfrastructureOutput> current;
        if (stored.has_value()) {
          ASSIGN_OR_RETURN(current, DecodeRecord<v1::InfrastructureOutput>(*stored, field));
        }
        ASSIGN_OR_RETURN(auto edited, edit(current));
        if (!edited.has_value()) return *current;  // edit answers nullopt only for an existing one
        auto& [output, change] = *edited;
        m.RequireField(keys::Projects(district), project_id, ProjectName(district, project_id))
            .ExpectField(key, field, stored)
            .HSet(key, field, output.SerializeAsString())
            .RPush(keys::ProjectHistory(district, project_id), change.SerializeAsString())
            .Event("infrastructure_output", output.name());
        return output;
      },
      [&] {
        return records_.Require<v1::InfrastructureOutput>(
            key, field, absl::StrCat(ProjectName(district, project_id), "/outputs/", output_id));
      });
}

absl::StatusOr<std::vector<std::pair<std::string, v1::InfrastructureOutput>>>
ProjectStore::ListOutputs(const std::string& district) {
  return ByProject<v1::InfrastructureOutput>(records_, keys::InfrastructureOutputs(district));
}

}  // namespace devplan::investment
