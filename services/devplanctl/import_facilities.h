// facilities: one row per facility, optionally with one lifecycle step → SocialService
// CreateFacility (if new) and RecordFacilityStep (if the step is not already in force).
#pragma once

#include "absl/status/statusor.h"
#include "devplan/v1/social.grpc.pb.h"
#include "services/devplanctl/import_common.h"

namespace devplan::ctl {

const std::vector<EnumWord>& FacilityKindWords();
const std::vector<EnumWord>& FacilityStageWords();
const std::vector<EnumWord>& SocialIndicatorWords();

struct FacilityRow {
  v1::Facility facility;
  std::string reported_by;
  std::optional<v1::RecordFacilityStepRequest> step;
  std::string content;
};

absl::StatusOr<FacilityRow> ParseFacilityRow(const Record& r, const ImportOptions& o);
// validate_only: the create and the step are only checked by the service (the step of a
// facility the dry run would create is checked here only: the service knows no facility yet).
WriteOutcome UpsertFacility(v1::SocialService::Stub& stub, const FacilityRow& row,
                            bool validate_only = false);
// A step for an existing facility; unchanged when an equal step is in force.
WriteOutcome RecordStepIfNew(v1::SocialService::Stub& stub, const v1::Facility& stored,
                             const v1::RecordFacilityStepRequest& step);

}  // namespace devplan::ctl
