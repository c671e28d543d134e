#include "services/common/log_format.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/call_scope.h"

namespace devplan {
namespace {

// Between the front logger and the json formatter, a call's id travels ahead of the message
// as \x1e ID \x1f: characters a request id cannot hold (request_id.h) and that the text of a
// line never starts with.
constexpr char kIdStart = '\x1e';
constexpr char kIdEnd = '\x1f';

// The length of the well-formed UTF-8 sequence at the start of `s`, or 0.
size_t Utf8Length(absl::string_view s) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = b(0);
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xbf;  // the second byte's range
  if (lead >= 0xc2 && lead <= 0xdf) {
    n = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    n = 3;
    if (lead == 0xe0) lo = 0xa0;  // no overlong forms
    if (lead == 0xed) hi = 0x9f;  // no surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    n = 4;
    if (lead == 0xf0) lo = 0x90;
    if (lead == 0xf4) hi = 0x8f;  // nothing past U+10FFFF
  } else {
    return 0;
  }
  if (s.size() < n || b(1) < lo || b(1) > hi) return 0;
  for (size_t i = 2; i < n; ++i) {
    if (b(i) < 0x80 || b(i) > 0xbf) return 0;
  }
  return n;
}

}  // namespace

std::string JsonEscape(absl::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const size_t n = Utf8Length(s.substr(i));
      if (n == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(s.data() + i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xf];
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out;
}

void JsonLogFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  absl::string_view payload(msg.payload.data(), msg.payload.size());
  absl::string_view id;
  if (!payload.empty() && payload.front() == kIdStart) {
    const size_t end = payload.find(kIdEnd);
    if (end != absl::string_view::npos) {
      id = payload.substr(1, end - 1);
      payload.remove_prefix(end + 1);
    }
  }
  const absl::string_view level(spdlog::level::to_string_view(msg.level).data(),
                                spdlog::level::to_string_view(msg.level).size());
  const std::string line = absl::StrCat(
      "{\"time\":\"", absl::FormatTime("%Y-%m-%dT%H:%M:%E3S%Ez", absl::FromChrono(msg.time), absl::LocalTimeZone()),
      "\",\"level\":\"", level, "\"", id.empty() ? "" : absl::StrCat(",\"x_request_id\":\"", JsonEscape(id), "\""),
      ",\"msg\":\"", JsonEscape(payload), "\"}\n");
  dest.append(line.data(), line.data() + line.size());
}

std::unique_ptr<spdlog::formatter> JsonLogFormatter::clone() const { return std::make_unique<JsonLogFormatter>(); }

CallTaggingLogger::CallTaggingLogger(std::string name, std::shared_ptr<spdlog::logger> next, LogFormat format)
    : spdlog::logger(std::move(name)), next_(std::move(next)), format_(format) {}

void CallTaggingLogger::sink_it_(const spdlog::details::log_msg& msg) {
  const std::string& id = CurrentCall().trace_id;
  if (id.empty()) {
    next_->log(msg.time, msg.source, msg.level, msg.payload);
    return;
  }
  const absl::string_view payload(msg.payload.data(), msg.payload.size());
  const std::string tagged = format_ == LogFormat::kJson ? absl::StrCat(std::string(1, kIdStart), id, std::string(1, kIdEnd), payload)
                                                         : absl::StrCat("x_request_id=", id, " ", payload);
  next_->log(msg.time, msg.source, msg.level, spdlog::string_view_t(tagged.data(), tagged.size()));
}

void CallTaggingLogger::flush_() { next_->flush(); }

}  // namespace devplan
