// What changed in a project, as history entries (devplan.v1.ProjectChange), and the
// AIP-134 update mask that says which fields an update may touch. Pure functions.
#pragma once

#include <string>
#include <vector>

#include <google/protobuf/field_mask.pb.h>

#include "absl/status/statusor.h"
#include "devplan/v1/investment.pb.h"

namespace devplan::investment {

// `current` with the fields named in `mask` taken from `patch`. INVALID_ARGUMENT naming
// update_mask.paths[i] for an empty mask, an unknown path or an output-only one.
absl::StatusOr<v1::Project> ApplyUpdateMask(const v1::Project& current, const v1::Project& patch,
                                            const google::protobuf::FieldMask& mask);

// The user-settable fields whose value differs between `before` and `after`, in field order,
// with old and new values as text.
std::vector<v1::FieldChange> DiffProjects(const v1::Project& before, const v1::Project& after);

// Text of a field value for history: dates as yyyy-mm-dd, enums by name, messages in one
// line of text format; "" for unset.
std::string RenderField(const google::protobuf::Message& message,
                        const google::protobuf::FieldDescriptor* field);

// A short one-line text of a whole record (outputs, events) for history.
std::string RenderRecord(const google::protobuf::Message& message);

}  // namespace devplan::investment
