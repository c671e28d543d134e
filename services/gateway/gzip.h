// A reply's body in gzip (RFC 1952), and whether a request's Accept-Encoding takes it
// (RFC 9110 12.5.3). A big screen on a district network fetches the same card as JSON again
// and again; gzipped it is about a sixth (the SAMPLE card: 63 KB, 10 KB). The gateway gzips
// each kept reply once (rendered_replies.h), not per request: Debian's cpp-httplib would
// compress per request, and only `application/json` without a charset.
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace devplan::gateway {

// Replies shorter than this are sent as they are: gzip's header and trailer would eat most of
// the saving.
inline constexpr size_t kMinGzipBytes = 1024;

// `body` in gzip, zlib's default level; empty if zlib failed (the caller sends `body` as is).
std::string Gzip(absl::string_view body);

// True when the Accept-Encoding header value takes gzip: "gzip" (or "x-gzip") listed with a
// weight above 0, or "*" with a weight above 0 and gzip not listed at 0. An absent or empty
// header takes none (RFC 9110 says any, but a client that sends nothing may not decode it).
bool AcceptsGzip(absl::string_view accept_encoding);

}  // namespace devplan::gateway
