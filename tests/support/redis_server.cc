#include "tests/support/redis_server.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <hiredis/hiredis.h>

namespace devplan::testing {
namespace {

bool Answers(const std::string& socket) {
  timeval tv{0, 200000};
  redisContext* c = redisConnectUnixWithTimeout(socket.c_str(), tv);
  bool ok = false;
  if (c != nullptr && c->err == 0) {
    auto* r = static_cast<redisReply*>(redisCommand(c, "PING"));
    ok = r != nullptr && r->type == REDIS_REPLY_STATUS;
    if (r != nullptr) freeReplyObject(r);
  }
  if (c != nullptr) redisFree(c);
  return ok;
}

}  // namespace

bool RedisServer::WaitUntilNoOtherClients(int hang_guard_seconds) const {
  timeval tv{hang_guard_seconds, 0};
  redisContext* c = redisConnectUnixWithTimeout(socket_.c_str(), tv);
  bool alone = false;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(hang_guard_seconds);
  while (c != nullptr && c->err == 0 && !alone && std::chrono::steady_clock::now() < give_up) {
    auto* r = static_cast<redisReply*>(redisCommand(c, "CLIENT LIST"));
    if (r == nullptr) break;
    // One line per client; the only line left is this connection's own.
    alone = r->type == REDIS_REPLY_STRING &&
            std::count(r->str, r->str + r->len, '\n') == 1;
    freeReplyObject(r);
    if (!alone) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (c != nullptr) redisFree(c);
  return alone;
}

RedisServer::RedisServer() {
  char tmpl[] = "/tmp/devplan-redis-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  dir_ = tmpl;
  socket_ = dir_ + "/redis.sock";
  Start();
}

RedisServer::~RedisServer() {
  Kill();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void RedisServer::Start() {
  const pid_t test = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    // Dies with the test: a crashed test must not leave a redis-server behind that holds
    // ctest's output pipe open until the timeout and hides the crash.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != test) _exit(1);
    // --port 0: no TCP listener at all, so nothing here competes for a port.
    execlp("redis-server", "redis-server", "--port", "0", "--unixsocket", socket_.c_str(),
           "--unixsocketperm", "700", "--dir", dir_.c_str(), "--appendonly", "yes",
           "--appendfsync", "always", "--save", "", "--daemonize", "no", "--loglevel",
           "warning", static_cast<char*>(nullptr));
    std::perror("exec redis-server");
    _exit(127);
  }
  for (int i = 0; i < 100; ++i) {
    if (Answers(socket_)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::fprintf(stderr, "redis-server did not start on %s\n", socket_.c_str());
  std::abort();
}

void RedisServer::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

// Both wait until the kernel reports the change, so no command sent after Pause() returns
// can slip in before the stop.
void RedisServer::Pause() {
  if (pid_ <= 0) return;
  kill(pid_, SIGSTOP);
  waitpid(pid_, nullptr, WUNTRACED);
}

void RedisServer::Resume() {
  if (pid_ <= 0) return;
  kill(pid_, SIGCONT);
  waitpid(pid_, nullptr, WCONTINUED);
}

void RedisServer::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace devplan::testing
