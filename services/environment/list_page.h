// One page of an ordered register for the List RPCs (AIP-158, services/common/paging.h).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "services/common/paging.h"

namespace devplan::environment {

// Copies the page of `all` asked for into `response` through `add` (e.g. add_stations) and
// sets next_page_token and total_size. `tag` names the list so a token cannot be replayed
// against another.
template <typename T, typename Response, typename Add>
absl::StatusOr<Response> ListPage(const std::vector<T>& all, int page_size,
                                  const std::string& page_token, const std::string& tag, Add add) {
  absl::StatusOr<PageRequest> page = ParsePage(page_size, page_token, tag);
  if (!page.ok()) return page.status();
  Response response;
  for (size_t i = page->offset; i < all.size() && i < page->offset + page->size; ++i) {
    *(response.*add)() = all[i];
  }
  response.set_total_size(static_cast<int32_t>(all.size()));
  response.set_next_page_token(NextPageToken(*page, all.size(), tag));
  return response;
}

}  // namespace devplan::environment
