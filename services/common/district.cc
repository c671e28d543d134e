#include "services/common/district.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/validation.h"

namespace devplan {
namespace {

bool IsProvinceCode(int p) {
  return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) ||
         (p >= 41 && p <= 46) || (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 ||
         p == 81 || p == 82;
}

}  // namespace

absl::Status ValidateDistrict(absl::string_view code, absl::string_view field) {
  if (code.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  bool digits = code.size() == 6;
  for (char c : code) digits = digits && absl::ascii_isdigit(static_cast<unsigned char>(c));
  if (!digits) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", QuoteForError(code), " is not a six-digit GB/T 2260 code"));
  }
  const int province = (code[0] - '0') * 10 + (code[1] - '0');
  if (!IsProvinceCode(province)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", code, "\" has no GB/T 2260 province prefix"));
  }
  if (code.substr(4) == "00") {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", code, "\" is a province or city, not a county-level district"));
  }
  return absl::OkStatus();
}

}  // namespace devplan
