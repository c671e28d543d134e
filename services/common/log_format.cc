#include "services/common/log_format.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/call_scope.h"
#include "services/common/json_escape.h"

namespace devplan {
namespace {

// Between the front logger and the json formatter, a call's id travels ahead of the message
// as \x1e ID \x1f: characters a request id cannot hold (request_id.h) and that the text of a
// line never starts with.
constexpr char kIdStart = '\x1e';
constexpr char kIdEnd = '\x1f';

}  // namespace


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
