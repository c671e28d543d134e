// A private redis-server for one test: its own temporary directory, listening only on a Unix
// socket inside it, killed when the object dies. Tests run in parallel under ctest -j; a
// socket in a directory of its own can never be taken by another test, which a TCP port
// picked in advance could. The server is killed when the thread that started it ends, so a
// crashed test leaves none behind: construct and Start() it on the test's own thread.
//
// It runs the project's own configuration (deploy/redis/redis.conf: AOF fsynced always, no
// eviction) and ACL (deploy/redis/users.acl, rendered by deploy/redis/render-acl.sh with
// passwords of its own): `default` is off, the services log in as `devplan` with only the
// commands the code sends (service_endpoint()), and the test itself as `admin` with every
// command (endpoint()), so a test may inspect and set up anything.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/redis_connection.h"

namespace devplan::testing {

class RedisServer {
 public:
  // Settings given to redis-server after the project's configuration, so they win, e.g.
  // {"--appendonly", "no"} for a Redis the servers must refuse.
  using Settings = std::vector<std::string>;

  // kUser: users.acl also has deploy/redis/users.acl's `replicator` (+psync +replconf +ping),
  // with a password of its own, as render-acl.sh --replicator-password-file makes it for a
  // Redis Cluster node; a single Redis has no replicas and no such user.
  enum class Replicator { kNone, kUser };
  // Starts it; aborts the test binary if redis-server cannot start.
  explicit RedisServer(Settings settings = {}, Replicator replicator = Replicator::kNone);
  // With the same passwords (admin, devplan, replicator) as `same_passwords_as`: the nodes of
  // one Redis Cluster, which the servers reach as one user and the replicas as another.
  RedisServer(Settings settings, const RedisServer& same_passwords_as);
  ~RedisServer();  // stops it and removes its directory

  // The socket's path, for raw hiredis connections (which must AUTH as admin).
  const std::string& socket_path() const { return socket_; }
  // "unix:<path>", as servers take it with --redis.
  std::string address() const { return "unix:" + socket_; }
  // As the test: user admin, every command, every key.
  redis::Endpoint endpoint() const;
  // As a server: user devplan of deploy/redis/users.acl.
  redis::Endpoint service_endpoint() const;
  // The devplan user's password file (mode 0600), as servers take it with
  // --redis-password-file; and the admin's.
  std::string service_password_file() const { return dir_ + "/devplan.password"; }
  std::string admin_password_file() const { return dir_ + "/admin.password"; }
  // The replicator's password (empty with Replicator::kNone): a replica's masterauth.
  const std::string& replicator_password() const { return replicator_password_; }
  static constexpr char kReplicatorUser[] = "replicator";
  static constexpr char kServiceUser[] = "devplan";

  // One command as admin on a connection of its own (a test's look at Redis).
  absl::StatusOr<redis::Reply> Run(const redis::Command& command) const;
  // Every key with its DUMP (type, encoding and value): equal before and after a call
  // proves the call wrote nothing, whatever it might have touched. Small test databases only.
  std::map<std::string, std::string> Contents() const;

  void Stop();     // SIGTERM and wait: an AOF-flushing shutdown
  void Kill();     // SIGKILL: a crash
  void Start();    // same socket, data directory and settings
  // SIGSTOP: a Redis that hangs with its sockets open (a stalled disk, a frozen VM). The
  // kernel still accepts connections and buffers commands; nothing is answered until
  // Resume() (SIGCONT), when Redis runs what was buffered.
  void Pause();
  void Resume();

  // Waits until Redis has no client but the one this opens: every other connection was
  // closed by its client and read to its end by Redis, which runs what a connection sent
  // before it frees it. After Resume(), every command sent while paused has then run (or
  // never will). False if that did not happen within `hang_guard`.
  [[nodiscard]] bool WaitUntilNoOtherClients(int hang_guard_seconds = 30) const;

 private:
  std::string dir_;
  std::string socket_;
  std::string admin_password_;
  std::string service_password_;
  std::string replicator_password_;
  Settings settings_;
  pid_t pid_ = -1;

  void Init(std::string admin_password, std::string service_password, std::string replicator_password);
};

}  // namespace devplan::testing
