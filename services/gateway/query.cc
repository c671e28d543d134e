#include "services/gateway/query.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/common/auth/token.h"
#include "services/common/dates.h"
#include "services/common/district.h"
#include "services/common/validation.h"

namespace devplan::gateway {

absl::Status CheckParams(const QueryParams& params, std::initializer_list<const char*> allowed,
                         size_t max_params) {
  if (params.size() > max_params) {
    return absl::InvalidArgumentError(
        absl::StrCat("too many query parameters: ", params.size(), " (at most ", max_params, ")"));
  }
  const std::set<std::string> known(allowed.begin(), allowed.end());
  for (const auto& param : params) {
    if (known.count(param.first) == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown query parameter ", QuoteForError(param.first), "; this route takes ",
          known.empty() ? std::string("none") : absl::StrJoin(known, ", ")));
    }
    if (params.count(param.first) > 1) {
      return absl::InvalidArgumentError(absl::StrCat("query parameter ", param.first, " given twice"));
    }
  }
  return absl::OkStatus();
}

std::string Param(const QueryParams& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

absl::StatusOr<v1::Date> ParseDate(const std::string& value, const std::string& param) {
  const auto bad = [&] {
    return absl::InvalidArgumentError(
        absl::StrCat(param, ": ", QuoteForError(value), " is not a date YYYY-MM-DD"));
  };
  if (value.size() != 10 || value[4] != '-' || value[7] != '-') return bad();
  int parts[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8};
  const size_t lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    const char* first = value.data() + starts[i];
    const char* last = first + lengths[i];
    if (!std::all_of(first, last, [](char c) { return c >= '0' && c <= '9'; })) return bad();
    std::from_chars(first, last, parts[i]);
  }
  v1::Date date;
  date.set_year(parts[0]);
  date.set_month(parts[1]);
  date.set_day(parts[2]);
  // The suite's own check: a real day of its month (not 2024-02-30).
  absl::StatusOr<absl::CivilDay> day = ToCivilDay(date, param);
  if (!day.ok()) return absl::InvalidArgumentError(day.status().message());
  return date;
}

absl::StatusOr<std::vector<v1::Area>> ParseAreas(const std::string& value, const std::string& param) {
  std::vector<v1::Area> areas;
  if (value.empty()) return areas;
  for (absl::string_view part : absl::StrSplit(value, ',')) {
    std::string name = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(part));
    if (!absl::StartsWith(name, "AREA_")) name = "AREA_" + name;
    v1::Area area = v1::AREA_UNSPECIFIED;
    if (!v1::Area_Parse(name, &area) || area == v1::AREA_UNSPECIFIED) {
      std::vector<std::string> names;
      for (int a = v1::Area_MIN + 1; a <= v1::Area_MAX; ++a) {
        if (v1::Area_IsValid(a)) names.push_back(v1::Area_Name(static_cast<v1::Area>(a)).substr(5));
      }
      return absl::InvalidArgumentError(absl::StrCat(param, ": ", QuoteForError(std::string(part)),
                                                     " is not an area; one of ", absl::StrJoin(names, ", ")));
    }
    areas.push_back(area);
  }
  return areas;
}

absl::StatusOr<std::vector<std::string>> ParseDistricts(const std::string& value, const std::string& param,
                                                        size_t max_districts) {
  std::vector<std::string> districts;
  if (value.empty()) return districts;
  for (absl::string_view part : absl::StrSplit(value, ',')) {
    if (districts.size() == max_districts) {
      return absl::InvalidArgumentError(
          absl::StrCat(param, ": more than ", max_districts, " districts"));
    }
    std::string code(absl::StripAsciiWhitespace(part));
    if (absl::Status ok = ValidateDistrict(code, param); !ok.ok()) return ok;
    districts.push_back(std::move(code));
  }
  return districts;
}

absl::StatusOr<int> ParseInt(const std::string& value, const std::string& param, int lo, int hi,
                             int fallback) {
  if (value.empty()) return fallback;
  int n = 0;
  const char* last = value.data() + value.size();
  auto [end, error] = std::from_chars(value.data(), last, n);
  if (error != std::errc() || end != last || n < lo || n > hi) {
    return absl::InvalidArgumentError(absl::StrCat(param, ": ", QuoteForError(value),
                                                   " is not an integer in ", lo, "..", hi));
  }
  return n;
}

absl::StatusOr<std::string> BearerToken(const std::string& header) {
  constexpr absl::string_view kScheme = "Bearer ";
  if (!absl::StartsWith(header, kScheme)) {
    return absl::UnauthenticatedError("Authorization: only 'Bearer <token>' is accepted");
  }
  const std::string token = header.substr(kScheme.size());
  if (token.empty() || token.size() > auth::kMaxTokenBytes) {
    return absl::UnauthenticatedError(
        absl::StrCat("Authorization: the token must be 1..", auth::kMaxTokenBytes, " bytes"));
  }
  for (char c : token) {
    if (!(absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
          c == '=' || c == '+' || c == '/' || c == '~')) {
      return absl::UnauthenticatedError("Authorization: the token holds a character no JWT has");
    }
  }
  return token;
}

}  // namespace devplan::gateway
