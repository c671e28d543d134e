// A private redis-server for one test: its own temporary directory and a free loopback
// port, AOF on (so restart tests see what was acknowledged), killed when the object dies.
// Tests run in parallel under ctest -j, so nothing here is shared between processes.
#pragma once

#include <sys/types.h>

#include <string>

namespace devplan::testing {

class RedisServer {
 public:
  RedisServer();   // starts it; aborts the test binary if redis-server cannot start
  ~RedisServer();  // stops it and removes its directory

  int port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  void Stop();     // SIGTERM and wait: an AOF-flushing shutdown
  void Kill();     // SIGKILL: a crash
  void Start();    // same port and data directory

 private:
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

}  // namespace devplan::testing
