#include "services/common/resource_name.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/district.h"
#include "services/common/validation.h"

namespace devplan {

absl::Status ValidateId(absl::string_view id, absl::string_view field) {
  bool ok = !id.empty() && id.size() <= 64;
  for (char c : id) {
    ok = ok && (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
                c == '.');
  }
  if (!ok) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", QuoteForError(id), " must be 1-64 characters of A-Z a-z 0-9 _ . -"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> ParseResourceName(
    absl::string_view name, absl::string_view field,
    const std::vector<absl::string_view>& collections) {
  std::vector<std::string> parts = absl::StrSplit(name, '/');
  auto bad = [&] {
    std::vector<std::string> pattern;
    for (absl::string_view c : collections) pattern.push_back(absl::StrCat(c, "/{id}"));
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", QuoteForError(name),
                                                   " is not of the form ", absl::StrJoin(pattern, "/")));
  };
  if (parts.size() != collections.size() * 2) return bad();
  std::vector<std::string> ids;
  for (size_t i = 0; i < collections.size(); ++i) {
    if (parts[2 * i] != collections[i]) return bad();
    const std::string& id = parts[2 * i + 1];
    absl::Status s = collections[i] == "districts" ? ValidateDistrict(id, field)
                                                   : ValidateId(id, field);
    if (!s.ok()) return s;
    ids.push_back(id);
  }
  return ids;
}

}  // namespace devplan
