// AIP-122 resource names: "districts/{district}/projects/{project_id}" and the like.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace devplan {

// Splits `name` against its collection ids, e.g. {"districts", "projects"} →
// {"410108", "P001"}. The district segment is checked as a GB/T 2260 code and each id as
// 1-64 characters of [A-Za-z0-9_.-]. INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<std::vector<std::string>> ParseResourceName(
    absl::string_view name, absl::string_view field,
    const std::vector<absl::string_view>& collections);

// OK when `id` is 1-64 characters of [A-Za-z0-9_.-].
absl::Status ValidateId(absl::string_view id, absl::string_view field);

}  // namespace devplan
