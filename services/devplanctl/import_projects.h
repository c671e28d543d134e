// projects: one row per project → InvestmentService CreateProject, or UpdateProject of the
// fields that differ from the stored project (so re-importing changes nothing).
#pragma once

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "devplan/v1/investment.grpc.pb.h"
#include "services/devplanctl/import_common.h"

namespace devplan::ctl {

struct ProjectRow {
  v1::Project project;
  std::string reported_by;
  std::string correction_reason;
  std::set<std::string> given;  // update-mask paths the row fills
  std::string content;          // canonical text of the row, for the request id
};

const std::vector<EnumWord>& ProjectCategoryWords();
const std::vector<EnumWord>& ProjectStageWords();
absl::StatusOr<ProjectRow> ParseProjectRow(const Record& r, const ImportOptions& o);
// Creates the project or updates what differs. changed=false when nothing differs.
// validate_only: the create or update is only checked by the service.
WriteOutcome UpsertProject(v1::InvestmentService::Stub& stub, const ProjectRow& row,
                           bool validate_only = false);

}  // namespace devplan::ctl
