// JSON string contents, escaped once for every writer of JSON by hand (the json log format,
// devplanctl's report data).
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace devplan {

// `s` as the inside of a JSON string: quotes, backslashes and control characters escaped,
// bytes that are not UTF-8 replaced by U+FFFD (the output must stay valid JSON whatever the
// input held).
std::string JsonEscape(absl::string_view s);

}  // namespace devplan
