// Projects, their history, monthly investment and infrastructure outputs in Redis (key
// layout: services/common/redis_keys.h), read and written through the service's
// store::RecordStore (compare-and-set on the record read, replayed request_ids answered).
// Thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "devplan/v1/investment.pb.h"
#include "services/common/store/record_store.h"

namespace devplan::investment {

// "districts/{district}/projects/{project_id}".
std::string ProjectName(const std::string& district, const std::string& project_id);

class ProjectStore {
 public:
  explicit ProjectStore(store::RecordStore& records) : records_(records) {}

  // Stores a validated project with its first history entry. ALREADY_EXISTS when the id is
  // taken (and the request is not a retry of the one that took it); a retry answers the
  // stored project.
  absl::StatusOr<v1::Project> Create(const store::RequestKey& request, v1::Project project,
                                     v1::ProjectChange created);
  // nullopt when there is no such project. Without history.
  absl::StatusOr<std::optional<v1::Project>> Get(const std::string& district,
                                                 const std::string& project_id);
  // The project, or NOT_FOUND naming it. Without history.
  absl::StatusOr<v1::Project> Current(const std::string& district, const std::string& project_id);
  // Fills in each project's history, in one round trip.
  absl::Status AttachHistory(const std::string& district, const std::vector<v1::Project*>& projects);
  // All projects of a district, ordered by project_id, without history.
  absl::StatusOr<std::vector<v1::Project>> List(const std::string& district);

  // What a write does to a project given its current state: the new state and its history
  // entry, or nullopt when there is nothing to change.
  using Edit = std::function<absl::StatusOr<std::optional<std::pair<v1::Project, v1::ProjectChange>>>(
      const v1::Project& current)>;
  // Read, edit, write with compare-and-set (re-read on a concurrent change). NOT_FOUND when
  // the project does not exist. A replayed request_id answers the current project.
  absl::StatusOr<v1::Project> Update(const std::string& district, const std::string& project_id,
                                     const store::RequestKey& request, const Edit& edit);

  // The history entry of a month whose amount is replaced by another (given the old report).
  using Revision = std::function<v1::ProjectChange(const v1::MonthlyInvestment& old_report)>;
  // Replaces the (project, month) report; the same amount again writes nothing. NOT_FOUND
  // when the project does not exist.
  absl::StatusOr<v1::MonthlyInvestment> PutMonthly(const std::string& district,
                                                   const std::string& project_id,
                                                   v1::MonthlyInvestment report,
                                                   const store::RequestKey& request,
                                                   const Revision& revision);
  // Every monthly report of the district as (project_id, report), ordered by project, month.
  absl::StatusOr<std::vector<std::pair<std::string, v1::MonthlyInvestment>>> ListMonthly(
      const std::string& district);

  // What recording an output does given the stored one (if any): the output to store and
  // the project's history entry, or nullopt when nothing changes.
  using OutputEdit =
      std::function<absl::StatusOr<std::optional<std::pair<v1::InfrastructureOutput, v1::ProjectChange>>>(
          const std::optional<v1::InfrastructureOutput>& current)>;
  // NOT_FOUND when the project does not exist.
  absl::StatusOr<v1::InfrastructureOutput> PutOutput(const std::string& district,
                                                     const std::string& project_id,
                                                     const std::string& output_id,
                                                     const store::RequestKey& request,
                                                     const OutputEdit& edit);
  // Every output of the district as (project_id, output), ordered by project, output_id.
  absl::StatusOr<std::vector<std::pair<std::string, v1::InfrastructureOutput>>> ListOutputs(
      const std::string& district);

 private:
  // The bytes of a record that belongs to a project (nullopt: absent), read with the
  // project's existence in one round trip; NOT_FOUND when the project does not exist.
  absl::StatusOr<std::optional<std::string>> ReadOfProject(const std::string& district,
                                                           const std::string& project_id,
                                                           const std::string& key,
                                                           const std::string& field);

  store::RecordStore& records_;
};

}  // namespace devplan::investment
