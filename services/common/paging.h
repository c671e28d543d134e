// AIP-158 pagination over an ordered list: page_size defaults and bounds, and opaque page
// tokens (an offset, base64-encoded with a check tag so a token from another list or a
// hand-edited one is refused instead of silently misread).
#pragma once

#include "absl/strings/string_view.h"
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace devplan {

struct PageRequest {
  size_t offset = 0;
  size_t size = 0;
};

// `list_tag` names what is paged (e.g. "projects/410108") so a token cannot be replayed
// against another list. page_size 0 → 100; negative or > 1000 → INVALID_ARGUMENT.
absl::StatusOr<PageRequest> ParsePage(int page_size, absl::string_view page_token,
                                      absl::string_view list_tag);
// The token for the page after `page`, or "" when `total` is reached.
std::string NextPageToken(const PageRequest& page, size_t total, absl::string_view list_tag);

}  // namespace devplan
