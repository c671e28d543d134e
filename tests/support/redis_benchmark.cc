#include "tests/support/redis_benchmark.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

extern char** environ;

namespace devplan::testing {
namespace {

// The requests/s of `test` in redis-benchmark's --csv output: a header line, then
// "HSET","412371.12","1.861",… per test.
absl::StatusOr<double> ParseCsv(const std::string& out, absl::string_view test) {
  const std::string prefix = absl::StrCat("\"", test, "\",\"");
  for (absl::string_view line : absl::StrSplit(out, '\n')) {
    if (!absl::ConsumePrefix(&line, prefix)) continue;
    double rps = 0;
    if (absl::SimpleAtod(line.substr(0, line.find('"')), &rps) && rps > 0) return rps;
  }
  return absl::UnavailableError(absl::StrCat("redis-benchmark printed no ", test,
                                             " figure; its output was: ", out.substr(0, 500)));
}

}  // namespace

absl::StatusOr<double> RedisBenchmarkHset(const RedisServer& redis,
                                          const RedisBenchmarkOptions& options) {
  const redis::Endpoint admin = redis.endpoint();
  // redis-benchmark takes a password only as an argument (-a; it reads no file or variable).
  // This one is the private Redis's own, made for this run, and its socket sits in a
  // directory only this user may enter.
  std::vector<std::string> args = {"redis-benchmark", "-s", redis.socket_path(),
                                   "--user", admin.user, "-a", admin.password,
                                   "-P", std::to_string(options.pipeline),
                                   "-c", std::to_string(options.clients),
                                   "-n", std::to_string(options.requests),
                                   "-t", "hset", "--csv"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return absl::UnavailableError("redis-benchmark: pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  // Its warning about -a on the command line, and its progress lines, are noise here.
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  // posix_spawn, not fork: the bench already runs gRPC threads.
  const int spawned = posix_spawnp(&pid, "redis-benchmark", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (spawned != 0) {
    close(out[0]);
    return absl::UnavailableError(
        "cannot run redis-benchmark (Debian package redis-tools; scripts/bootstrap.sh installs it)");
  }
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    text.append(buf, static_cast<size_t>(n));
  }
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::UnavailableError(absl::StrCat("redis-benchmark failed (status ", status, "): ",
                                               text.substr(0, 500)));
  }
  return ParseCsv(text, "HSET");
}

}  // namespace devplan::testing
