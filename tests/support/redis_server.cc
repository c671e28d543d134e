#include "tests/support/redis_server.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

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

void RedisServer::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

}  // namespace devplan::testing
