// A private redis-server for one test: its own temporary directory, listening only on a Unix
// socket inside it, AOF on (so restart tests see what was acknowledged), killed when the
// object dies. Tests run in parallel under ctest -j; a socket in a directory of its own can
// never be taken by another test, which a TCP port picked in advance could. The server is
// killed when the thread that started it ends, so a crashed test leaves none behind:
// construct and Start() it on the test's own thread.
#pragma once

#include <sys/types.h>

#include <string>

#include "services/common/redis_connection.h"

namespace devplan::testing {

class RedisServer {
 public:
  RedisServer();   // starts it; aborts the test binary if redis-server cannot start
  ~RedisServer();  // stops it and removes its directory

  // The socket's path, for raw hiredis connections.
  const std::string& socket_path() const { return socket_; }
  // "unix:<path>", as servers take it with --redis.
  std::string address() const { return "unix:" + socket_; }
  redis::Endpoint endpoint() const {
    redis::Endpoint e;
    e.unix_path = socket_;
    return e;
  }

  void Stop();     // SIGTERM and wait: an AOF-flushing shutdown
  void Kill();     // SIGKILL: a crash
  void Start();    // same socket and data directory
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
  pid_t pid_ = -1;
};

}  // namespace devplan::testing
