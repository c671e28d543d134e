// What every fuzz target checks its invariants with. A violated invariant aborts, which
// libFuzzer reports as a crash and saves the input as an artifact (scripts/fuzz.sh).
#pragma once

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"

namespace devplan::fuzz {

// A message about one bad value: the field's name and at most ~100 bytes of the value
// (QuoteForError), twice for the messages that quote two values. Whatever the input's size,
// a message is never longer than this.
inline constexpr size_t kMaxMessageBytes = 512;

// Prints what was violated and a prefix of the offending text, then aborts.
[[noreturn]] inline void Violated(absl::string_view invariant, absl::string_view detail = {}) {
  std::fprintf(stderr, "\n*** fuzz invariant violated: %.*s\n", static_cast<int>(invariant.size()),
               invariant.data());
  if (!detail.empty()) {
    const size_t shown = detail.size() < 2000 ? detail.size() : 2000;
    std::fprintf(stderr, "*** detail (%zu bytes): %.*s\n", detail.size(), static_cast<int>(shown),
                 detail.data());
  }
  std::abort();
}

#define DEVPLAN_FUZZ_CHECK(condition, detail)                                   \
  do {                                                                          \
    if (!(condition)) ::devplan::fuzz::Violated(#condition, (detail));          \
  } while (false)

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. gRPC
// clients in other languages decode status messages as UTF-8 and fail on anything else.
inline bool IsUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len;
    unsigned int cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr unsigned int kMinOfLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinOfLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

// An error message as a client may be shown it: bounded and valid UTF-8 (when the input's
// strings were UTF-8; protobuf refuses a string field that is not, before any check runs).
inline void CheckMessage(absl::string_view message, size_t max_bytes = kMaxMessageBytes) {
  DEVPLAN_FUZZ_CHECK(message.size() <= max_bytes, message);
  DEVPLAN_FUZZ_CHECK(IsUtf8(message), message);
}

// Protobuf logs every string field that is not UTF-8 and TextFormat every syntax error; at
// thousands of inputs a second that is most of the time spent. Called from
// LLVMFuzzerInitialize.
void SilenceLibraryLogs();

}  // namespace devplan::fuzz
