// GB/T 2260 administrative division codes.
#pragma once

#include "absl/strings/string_view.h"
#include <string_view>

#include "absl/status/status.h"

namespace devplan {

// OK when `code` is six digits whose first two are a GB/T 2260 province-level code
// (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81, 82) and whose last four are not all
// zero at the county level ("410100" is a city, not a district). INVALID_ARGUMENT naming
// `field` otherwise.
absl::Status ValidateDistrict(absl::string_view code, absl::string_view field = "district");

}  // namespace devplan
