// One page of an already filtered and ordered list, for the SocialService's List methods
// (AIP-158 via services/common/paging.h).
#pragma once

#include <string>
#include <vector>

#include <google/protobuf/repeated_ptr_field.h>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "services/common/paging.h"

namespace devplan::social {

// INVALID_ARGUMENT naming `year` unless 0 (all years) or a plausible year.
inline absl::Status ValidateYearFilter(int32_t year) {
  if (year != 0 && (year < 1949 || year > 2100)) {
    return absl::InvalidArgumentError(
        absl::StrCat("year: ", year, " is neither 0 (all) nor in 1949..2100"));
  }
  return absl::OkStatus();
}

// Fills `response` with the page of `all` that page_size/page_token ask for, plus
// next_page_token and total_size. `tag` names the list (and its filters) so a token of
// another list is refused.
template <typename Item, typename Response>
absl::StatusOr<Response> Page(const std::vector<Item>& all, int32_t page_size,
                              const std::string& page_token, const std::string& tag,
                              google::protobuf::RepeatedPtrField<Item>* (Response::*items)()) {
  absl::StatusOr<PageRequest> page = ParsePage(page_size, page_token, tag);
  if (!page.ok()) return page.status();
  Response response;
  for (size_t i = page->offset; i < all.size() && i < page->offset + page->size; ++i) {
    *(response.*items)()->Add() = all[i];
  }
  response.set_total_size(static_cast<int32_t>(all.size()));
  response.set_next_page_token(NextPageToken(*page, all.size(), tag));
  return response;
}

}  // namespace devplan::social
