#include "tests/support/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/time/clock.h"

extern char** environ;

namespace devplan::testing {

ServerProcess::ServerProcess(const std::string& binary, const std::vector<std::string>& args) {
  char tmpl[] = "/tmp/devplan-server-log-XXXXXX";
  const int fd = mkstemp(tmpl);
  if (fd < 0) std::abort();
  close(fd);
  log_path_ = tmpl;
  std::vector<std::string> argv_s = {binary};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string(*e).rfind("DEVPLAN_", 0) != 0) env_s.push_back(*e);
  }
  std::vector<char*> envp;
  for (std::string& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  // posix_spawn, not fork: the test process may run gRPC threads.
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path_.c_str(), O_WRONLY | O_APPEND, 0);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  if (posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), envp.data()) != 0) {
    pid_ = -1;
    exit_code_ = 127;
  }
  posix_spawn_file_actions_destroy(&actions);
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !exit_code_.has_value()) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  std::remove(log_path_.c_str());
}

std::optional<int> ServerProcess::WaitForExit(absl::Duration hang_guard) {
  const absl::Time give_up = absl::Now() + hang_guard;
  while (!exit_code_.has_value()) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (absl::Now() >= give_up) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return exit_code_;
}

bool ServerProcess::WaitForLog(absl::string_view text, absl::Duration hang_guard) {
  const absl::Time give_up = absl::Now() + hang_guard;
  while (true) {
    if (absl::StrContains(log(), text)) return true;
    // One more look after an exit: the line may have been written just before it.
    if (WaitForExit(absl::ZeroDuration()).has_value()) return absl::StrContains(log(), text);
    if (absl::Now() >= give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

int ServerProcess::Port() const {
  const std::string text = log();
  const size_t at = text.find("(port ");
  if (at == std::string::npos) return 0;
  const size_t start = at + 6;
  const size_t end = text.find_first_not_of("0123456789", start);
  int port = 0;
  return absl::SimpleAtoi(text.substr(start, end - start), &port) ? port : 0;
}

std::optional<int> ServerProcess::Terminate(absl::Duration hang_guard) {
  if (!exit_code_.has_value() && pid_ > 0) kill(pid_, SIGTERM);
  return WaitForExit(hang_guard);
}

std::string ServerProcess::log() const {
  std::ifstream in(log_path_, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace devplan::testing
