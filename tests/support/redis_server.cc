#include "tests/support/redis_server.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

extern char** environ;

namespace devplan::testing {
namespace {

constexpr char kAdminUser[] = "admin";
const std::string kRedisDir = std::string(DEVPLAN_SOURCE_DIR) + "/deploy/redis";

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "redis_server: %s\n", what.c_str());
  std::abort();
}

// 32 hex digits from the random device: each test's Redis has passwords of its own.
std::string NewPassword() {
  std::random_device random;
  std::string out;
  for (int i = 0; i < 32; ++i) out += "0123456789abcdef"[random() % 16];
  return out;
}

void WriteSecret(const std::string& path, const std::string& secret) {
  std::ofstream(path, std::ios::binary) << secret << "\n";
  std::filesystem::permissions(path, std::filesystem::perms::owner_read |
                                         std::filesystem::perms::owner_write);
}

// users.acl as deploy/redis/render-acl.sh renders it for a deployment (posix_spawn, not fork:
// the test may already run gRPC threads).
void RenderAcl(const std::string& dir, bool with_replicator) {
  const std::string script = kRedisDir + "/render-acl.sh";
  const std::string out = dir + "/users.acl";
  std::vector<std::string> args = {"/bin/sh", script, "--devplan-password-file",
                                   dir + "/devplan.password", "--admin-password-file",
                                   dir + "/admin.password"};
  if (with_replicator) {
    args.push_back("--replicator-password-file");
    args.push_back(dir + "/replicator.password");
  }
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (spawned != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    Fail("cannot render " + out + " with " + script);
  }
}

// A raw hiredis connection logged in as admin; nullptr when Redis does not answer.
redisContext* ConnectAsAdmin(const std::string& socket, const std::string& password, timeval tv) {
  redisContext* c = redisConnectUnixWithTimeout(socket.c_str(), tv);
  if (c == nullptr) return nullptr;
  if (c->err == 0) {
    auto* r = static_cast<redisReply*>(
        redisCommand(c, "AUTH %s %s", kAdminUser, password.c_str()));
    const bool ok = r != nullptr && r->type == REDIS_REPLY_STATUS;
    if (r != nullptr) freeReplyObject(r);
    if (ok) return c;
  }
  redisFree(c);
  return nullptr;
}

bool Answers(const std::string& socket, const std::string& password) {
  redisContext* c = ConnectAsAdmin(socket, password, timeval{0, 200000});
  if (c == nullptr) return false;
  auto* r = static_cast<redisReply*>(redisCommand(c, "PING"));
  const bool ok = r != nullptr && r->type == REDIS_REPLY_STATUS;
  if (r != nullptr) freeReplyObject(r);
  redisFree(c);
  return ok;
}

}  // namespace

redis::Endpoint RedisServer::endpoint() const {
  redis::Endpoint e;
  e.unix_path = socket_;
  e.user = kAdminUser;
  e.password = admin_password_;
  return e;
}

redis::Endpoint RedisServer::service_endpoint() const {
  redis::Endpoint e = endpoint();
  e.user = kServiceUser;
  e.password = service_password_;
  return e;
}

absl::StatusOr<redis::Reply> RedisServer::Run(const redis::Command& command) const {
  absl::StatusOr<std::unique_ptr<redis::Connection>> c =
      redis::Connection::Open(endpoint(), absl::Seconds(2), absl::Seconds(10));
  if (!c.ok()) return c.status();
  return (*c)->Run(command);
}

std::map<std::string, std::string> RedisServer::Contents() const {
  std::map<std::string, std::string> out;
  absl::StatusOr<redis::Reply> keys = Run({"KEYS", "*"});
  EXPECT_TRUE(keys.ok()) << keys.status();
  if (!keys.ok()) return out;
  for (size_t i = 0; i < keys->size(); ++i) {
    const std::string key((*keys)[i].str());
    absl::StatusOr<redis::Reply> dump = Run({"DUMP", key});
    EXPECT_TRUE(dump.ok()) << dump.status();
    out[key] = dump.ok() ? std::string(dump->str()) : "";
  }
  return out;
}

bool RedisServer::WaitUntilNoOtherClients(int hang_guard_seconds) const {
  redisContext* c = ConnectAsAdmin(socket_, admin_password_, timeval{hang_guard_seconds, 0});
  bool alone = false;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(hang_guard_seconds);
  while (c != nullptr && !alone && std::chrono::steady_clock::now() < give_up) {
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

RedisServer::RedisServer(Settings settings, Replicator replicator) : settings_(std::move(settings)) {
  Init(NewPassword(), NewPassword(), replicator == Replicator::kUser ? NewPassword() : "");
}

RedisServer::RedisServer(Settings settings, const RedisServer& same_passwords_as)
    : settings_(std::move(settings)) {
  Init(same_passwords_as.admin_password_, same_passwords_as.service_password_,
       same_passwords_as.replicator_password_);
}

void RedisServer::Init(std::string admin_password, std::string service_password,
                       std::string replicator_password) {
  char tmpl[] = "/tmp/devplan-redis-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) Fail("mkdtemp failed");
  dir_ = tmpl;
  socket_ = dir_ + "/redis.sock";
  admin_password_ = std::move(admin_password);
  service_password_ = std::move(service_password);
  WriteSecret(admin_password_file(), admin_password_);
  WriteSecret(service_password_file(), service_password_);
  replicator_password_ = std::move(replicator_password);
  if (!replicator_password_.empty()) WriteSecret(dir_ + "/replicator.password", replicator_password_);
  RenderAcl(dir_, !replicator_password_.empty());
  Start();
}

RedisServer::~RedisServer() {
  Kill();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void RedisServer::Start() {
  // Everything is built before fork: the child only calls exec.
  std::vector<std::string> args = {"redis-server",  kRedisDir + "/redis.conf",
                                   // --port 0: no TCP listener, nothing competes for a port.
                                   "--port",        "0",
                                   "--unixsocket",  socket_,
                                   "--unixsocketperm", "700",
                                   "--dir",         dir_,
                                   "--aclfile",     dir_ + "/users.acl",
                                   "--daemonize",   "no",
                                   "--loglevel",    "warning"};
  args.insert(args.end(), settings_.begin(), settings_.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t test = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    // Dies with the test: a crashed test must not leave a redis-server behind that holds
    // ctest's output pipe open until the timeout and hides the crash.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != test) _exit(1);
    execvp("redis-server", argv.data());
    std::perror("exec redis-server");
    _exit(127);
  }
  for (int i = 0; i < 100; ++i) {
    if (Answers(socket_, admin_password_)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Fail("redis-server did not start on " + socket_);
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
