// A real server binary as a child process, for tests of how it starts and stops: its output
// in a file of its own, waited on for a log line or for its exit. Its environment is the
// test's minus every DEVPLAN_ variable, so only the arguments given configure it.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace devplan::testing {

class ServerProcess {
 public:
  ServerProcess(const std::string& binary, const std::vector<std::string>& args);
  ~ServerProcess();  // SIGKILL if it still runs, and removes the log
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Its exit code (128 + signal if killed), or nullopt if it still runs after `hang_guard`.
  std::optional<int> WaitForExit(absl::Duration hang_guard = absl::Seconds(30));
  // Whether its output came to hold `text` before it exited and within `hang_guard`.
  bool WaitForLog(absl::string_view text, absl::Duration hang_guard = absl::Seconds(30));
  // The port it logged it listens on ("listening on … (port N"), 0 if it has not.
  int Port() const;
  // SIGTERM, then its exit code (nullopt on a hang).
  std::optional<int> Terminate(absl::Duration hang_guard = absl::Seconds(30));
  std::string log() const;

 private:
  std::string log_path_;
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

}  // namespace devplan::testing
