// AIP-158 pagination over an ordered list: page_size defaults and bounds, and opaque page
// tokens (an offset, base64-encoded with a check tag so a token from another list or a
// hand-edited one is refused instead of silently misread).
#pragma once

#include <string>
#include <vector>

#include <google/protobuf/repeated_ptr_field.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

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

// Copies the page of `all` into `out` and answers the next page token.
template <typename Item>
std::string CopyPage(const std::vector<Item>& all, const PageRequest& page,
                     absl::string_view list_tag, google::protobuf::RepeatedPtrField<Item>* out) {
  for (size_t i = page.offset; i < all.size() && i < page.offset + page.size; ++i) {
    *out->Add() = all[i];
  }
  return NextPageToken(page, all.size(), list_tag);
}

// A whole List answer over an already filtered and ordered `all`: the page that
// page_size/page_token ask for in `items` (e.g. &ListStationsResponse::mutable_stations),
// with next_page_token and total_size set.
template <typename Item, typename Response>
absl::StatusOr<Response> PageOf(const std::vector<Item>& all, int page_size,
                                absl::string_view page_token, absl::string_view list_tag,
                                google::protobuf::RepeatedPtrField<Item>* (Response::*items)()) {
  absl::StatusOr<PageRequest> page = ParsePage(page_size, page_token, list_tag);
  if (!page.ok()) return page.status();
  Response response;
  response.set_total_size(static_cast<int32_t>(all.size()));
  response.set_next_page_token(CopyPage(all, *page, list_tag, (response.*items)()));
  return response;
}

}  // namespace devplan
