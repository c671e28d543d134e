// How the servers' log lines look (--log-format): `text`, one line as before, or `json`, one
// object per line — {"time", "level", "x_request_id" when the line belongs to a call, "msg"} —
// for a log collector. Either way every line logged while a call is current (CallScope: the
// handler's work, the request log's line) carries the call's x-request-id (request_id.h).
//
// spdlog's async logger formats on its own thread, where the call is no longer current, and
// cannot be extended: a synchronous front logger (the default logger) reads the call on the
// caller's thread and hands the line, with its id, to the async one.
#pragma once

#include <memory>
#include <string>

#include <spdlog/formatter.h>
#include <spdlog/logger.h>

#include "absl/strings/string_view.h"

namespace devplan {

enum class LogFormat { kText, kJson };

// The json format's formatter: one object and a newline per line.
class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

// The default logger: adds the current call's id to each line and passes it to `next` (the
// async logger whose sink has the format's formatter).
class CallTaggingLogger final : public spdlog::logger {
 public:
  CallTaggingLogger(std::string name, std::shared_ptr<spdlog::logger> next, LogFormat format);

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override;

 private:
  std::shared_ptr<spdlog::logger> next_;
  LogFormat format_;
};

}  // namespace devplan
