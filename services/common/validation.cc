#include "services/common/validation.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace devplan {
namespace {

constexpr size_t kQuoteBytes = 100;

absl::Status TooLong(absl::string_view field, size_t max_bytes) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": at most ", max_bytes, " bytes"));
}

}  // namespace

absl::string_view CutAtCharacter(absl::string_view value, size_t max_bytes) {
  if (value.size() <= max_bytes) return value;
  size_t cut = max_bytes;
  // Back up to the start of a UTF-8 sequence (continuation bytes are 10xxxxxx).
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return value.substr(0, cut);
}

std::string QuoteForError(absl::string_view value) {
  if (value.size() <= kQuoteBytes) return absl::StrCat("\"", value, "\"");
  return absl::StrCat("\"", CutAtCharacter(value, kQuoteBytes), "…\" (", value.size(),
                      " bytes)");
}

absl::Status ValidateReportedBy(absl::string_view reported_by, absl::string_view field) {
  if (reported_by.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  if (reported_by.size() > kMaxReportedByBytes) return TooLong(field, kMaxReportedByBytes);
  return absl::OkStatus();
}

absl::Status ValidateRequestId(absl::string_view request_id) {
  if (request_id.size() > kMaxRequestIdBytes) return TooLong("request_id", kMaxRequestIdBytes);
  return absl::OkStatus();
}

absl::Status ValidateWriter(absl::string_view reported_by, absl::string_view request_id) {
  if (absl::Status s = ValidateReportedBy(reported_by); !s.ok()) return s;
  return ValidateRequestId(request_id);
}

absl::Status ValidateText(absl::string_view text, absl::string_view field, size_t max_bytes) {
  if (text.size() > max_bytes) return TooLong(field, max_bytes);
  return absl::OkStatus();
}

absl::Status ValidateRequiredText(absl::string_view text, absl::string_view field,
                                  size_t max_bytes) {
  if (text.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  return ValidateText(text, field, max_bytes);
}

absl::Status ValidateYearFilter(int32_t year, absl::string_view field) {
  if (year != 0 && (year < 1949 || year > 2100)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", year, " is neither 0 (all) nor in 1949..2100"));
  }
  return absl::OkStatus();
}

}  // namespace devplan
