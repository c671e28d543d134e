// fuzz_names: bytes → the parsers of every name a request or a flag carries: record ids
// (ValidateId), district codes (ValidateDistrict), resource names of every collection
// (ParseResourceName), page tokens (ParsePage) and the Redis address (ParseEndpoint).
// Invariants: a refusal is INVALID_ARGUMENT with a bounded message (UTF-8 when the input
// was); what is accepted is exactly what the rule says (ids of 1..64 characters of
// [A-Za-z0-9_.-], six-digit codes), a parsed name put back together is the input, a parsed
// address printed and parsed again is the same address, and the next page's token points
// past the page it follows.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/district.h"
#include "services/common/paging.h"
#include "services/common/redis_connection.h"
#include "services/common/resource_name.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using devplan::fuzz::IsUtf8;

// Every pattern a service parses (grep ParseResourceName).
const std::vector<std::vector<absl::string_view>>& Patterns() {
  static const auto* patterns = new std::vector<std::vector<absl::string_view>>{
      {"districts", "projects"},        {"districts", "promotionEvents"},
      {"districts", "economicFigures", "periods"},
      {"districts", "stations"},        {"districts", "airQualityDays"},
      {"districts", "waterBodies"},     {"districts", "facilities"},
      {"districts", "events"},          {"districts", "plans"}};
  return *patterns;
}

void CheckRefusal(const absl::Status& s, bool utf8_input) {
  DEVPLAN_FUZZ_CHECK(s.code() == absl::StatusCode::kInvalidArgument, s.ToString());
  DEVPLAN_FUZZ_CHECK(s.message().size() <= devplan::fuzz::kMaxMessageBytes, s.message());
  if (utf8_input) DEVPLAN_FUZZ_CHECK(IsUtf8(s.message()), s.message());
}

bool IdChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

void CheckPage(int page_size, absl::string_view token, bool utf8) {
  const std::string tag = "projects/410108";
  absl::StatusOr<devplan::PageRequest> page = devplan::ParsePage(page_size, token, tag);
  if (!page.ok()) return CheckRefusal(page.status(), utf8);
  DEVPLAN_FUZZ_CHECK(page->size >= 1 && page->size <= 1000, std::to_string(page->size));
  for (size_t total : {size_t{0}, size_t{1000}, page->offset + 1, SIZE_MAX}) {
    const std::string next = devplan::NextPageToken(*page, total, tag);
    if (next.empty()) continue;
    absl::StatusOr<devplan::PageRequest> after = devplan::ParsePage(page_size, next, tag);
    DEVPLAN_FUZZ_CHECK(after.ok(), after.status().ToString());
    DEVPLAN_FUZZ_CHECK(after->offset > page->offset && after->offset < total,
                       absl::StrCat(page->offset, " → ", after->offset));
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  devplan::fuzz::SilenceLibraryLogs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view in(reinterpret_cast<const char*>(data), size);
  const bool utf8 = IsUtf8(in);

  if (absl::Status s = devplan::ValidateId(in, "id"); !s.ok()) {
    CheckRefusal(s, utf8);
  } else {
    DEVPLAN_FUZZ_CHECK(!in.empty() && in.size() <= 64, in);
    for (char c : in) DEVPLAN_FUZZ_CHECK(IdChar(c), in);
  }

  if (absl::Status s = devplan::ValidateDistrict(in); !s.ok()) {
    CheckRefusal(s, utf8);
  } else {
    DEVPLAN_FUZZ_CHECK(in.size() == 6, in);
    for (char c : in) DEVPLAN_FUZZ_CHECK(absl::ascii_isdigit(static_cast<unsigned char>(c)), in);
    DEVPLAN_FUZZ_CHECK(in.substr(4) != "00", in);
  }

  for (const std::vector<absl::string_view>& pattern : Patterns()) {
    absl::StatusOr<std::vector<std::string>> ids = devplan::ParseResourceName(in, "name", pattern);
    if (!ids.ok()) {
      CheckRefusal(ids.status(), utf8);
      continue;
    }
    DEVPLAN_FUZZ_CHECK(ids->size() == pattern.size(), in);
    std::vector<std::string> parts;
    for (size_t i = 0; i < pattern.size(); ++i) {
      parts.push_back(std::string(pattern[i]));
      parts.push_back((*ids)[i]);
    }
    DEVPLAN_FUZZ_CHECK(absl::StrJoin(parts, "/") == in, in);
  }

  const int page_size = size == 0 ? 0 : static_cast<int>(data[0]) * 5 - 5;  // -5..1270
  CheckPage(page_size, in, utf8);

  absl::StatusOr<devplan::redis::Endpoint> endpoint = devplan::redis::ParseEndpoint(in);
  if (!endpoint.ok()) {
    CheckRefusal(endpoint.status(), utf8);
  } else {
    absl::StatusOr<devplan::redis::Endpoint> again =
        devplan::redis::ParseEndpoint(endpoint->ToString());
    DEVPLAN_FUZZ_CHECK(again.ok(), endpoint->ToString());
    DEVPLAN_FUZZ_CHECK(again->host == endpoint->host && again->port == endpoint->port &&
                           again->unix_path == endpoint->unix_path,
                       endpoint->ToString());
    DEVPLAN_FUZZ_CHECK(endpoint->is_unix() || (endpoint->port >= 1 && endpoint->port <= 65535),
                       in);
  }
  return 0;
}
