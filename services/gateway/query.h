// Checks of what an HTTP caller sends, made before any gRPC call: each refusal is
// INVALID_ARGUMENT (UNAUTHENTICATED for the Authorization header) naming the query parameter
// or header, so a caller learns which one is wrong without a round trip to the servers.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "devplan/v1/common.pb.h"
#include "devplan/v1/scorecard.pb.h"

namespace devplan::gateway {

using QueryParams = std::multimap<std::string, std::string>;

// OK when every parameter is one of `allowed`, none is given twice and there are at most
// `max_params`; otherwise INVALID_ARGUMENT naming the first offender.
absl::Status CheckParams(const QueryParams& params, std::initializer_list<const char*> allowed,
                         size_t max_params);

// The value of `name`, or "" when absent (CheckParams has refused duplicates).
std::string Param(const QueryParams& params, const std::string& name);

// YYYY-MM-DD, a real calendar day.
absl::StatusOr<v1::Date> ParseDate(const std::string& value, const std::string& param);

// Comma-separated area names: ECOLOGY or AREA_ECOLOGY; empty: none (every area).
absl::StatusOr<std::vector<v1::Area>> ParseAreas(const std::string& value, const std::string& param);

// Comma-separated GB/T 2260 district codes, at most `max_districts`; empty: none.
absl::StatusOr<std::vector<std::string>> ParseDistricts(const std::string& value, const std::string& param,
                                                        size_t max_districts);

// A decimal integer in [lo, hi]; empty: `fallback`.
absl::StatusOr<int> ParseInt(const std::string& value, const std::string& param, int lo, int hi,
                             int fallback);

// The bearer token of an Authorization header, checked for what gRPC metadata may carry:
// "Bearer " then 1..kMaxTokenBytes characters of the JWT alphabet (base64url and '.').
// UNAUTHENTICATED naming the header otherwise. The servers verify the token itself.
absl::StatusOr<std::string> BearerToken(const std::string& header);

}  // namespace devplan::gateway
