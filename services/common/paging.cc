#include "services/common/paging.h"

#include <charconv>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace devplan {
namespace {
constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;
}  // namespace

absl::StatusOr<PageRequest> ParsePage(int page_size, absl::string_view page_token,
                                      absl::string_view list_tag) {
  if (page_size < 0 || page_size > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: ", page_size, " is outside 0..", kMaxPageSize));
  }
  PageRequest page;
  page.size = page_size == 0 ? kDefaultPageSize : page_size;
  if (page_token.empty()) return page;
  std::string decoded;
  const std::string prefix = absl::StrCat(list_tag, "@");
  if (!absl::WebSafeBase64Unescape(page_token, &decoded) || decoded.rfind(prefix, 0) != 0) {
    return absl::InvalidArgumentError("page_token: not a token of this list");
  }
  absl::string_view offset = absl::string_view(decoded).substr(prefix.size());
  auto [ptr, ec] = std::from_chars(offset.data(), offset.data() + offset.size(), page.offset);
  if (ec != std::errc() || ptr != offset.data() + offset.size()) {
    return absl::InvalidArgumentError("page_token: malformed");
  }
  return page;
}

std::string NextPageToken(const PageRequest& page, size_t total, absl::string_view list_tag) {
  const size_t next = page.offset + page.size;
  if (next >= total) return "";
  return absl::WebSafeBase64Escape(absl::StrCat(list_tag, "@", next));
}

}  // namespace devplan
