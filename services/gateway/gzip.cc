#include "services/gateway/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace devplan::gateway {
namespace {

// zlib's window bits for a gzip wrapper instead of zlib's own (15 + 16).
constexpr int kGzipWindowBits = 15 + 16;

// The weight of one Accept-Encoding element ("gzip;q=0.5" → 0.5); nullopt when malformed.
std::optional<double> Weight(absl::string_view params) {
  double q = 1;
  for (absl::string_view param : absl::StrSplit(params, ';', absl::SkipEmpty())) {
    param = absl::StripAsciiWhitespace(param);
    if (!absl::ConsumePrefix(&param, "q=") && !absl::ConsumePrefix(&param, "Q=")) continue;
    if (!absl::SimpleAtod(param, &q) || q < 0 || q > 1) return std::nullopt;
  }
  return q;
}

}  // namespace

std::string Gzip(absl::string_view body) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return "";
  }
  std::string out(deflateBound(&stream, body.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  // deflateBound's size holds all of it: one call finishes.
  const int finished = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return finished == Z_STREAM_END ? out : "";
}

bool AcceptsGzip(absl::string_view accept_encoding) {
  std::optional<double> gzip, any;
  for (absl::string_view element : absl::StrSplit(accept_encoding, ',', absl::SkipWhitespace())) {
    element = absl::StripAsciiWhitespace(element);
    const size_t semicolon = element.find(';');
    const std::string coding = absl::AsciiStrToLower(absl::StripAsciiWhitespace(element.substr(0, semicolon)));
    const std::optional<double> q =
        Weight(semicolon == absl::string_view::npos ? absl::string_view() : element.substr(semicolon + 1));
    if (!q) continue;
    if (coding == "gzip" || coding == "x-gzip") gzip = std::max(gzip.value_or(0), *q);
    if (coding == "*") any = *q;
  }
  if (gzip) return *gzip > 0;
  return any.value_or(0) > 0;
}

}  // namespace devplan::gateway
