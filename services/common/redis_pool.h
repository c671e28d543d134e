// A bounded pool of Redis connections, safe to share between concurrent RPC handlers.
// Connections are dialled lazily and replaced when broken, so the pool recovers by itself
// after a Redis restart. Every call returns absl::Status(Or), which cannot be ignored.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/redis_connection.h"

namespace devplan::redis {

struct PoolOptions {
  Endpoint endpoint;
  // Upper bound of open connections; callers beyond it wait up to acquire_timeout.
  int size = 8;
  absl::Duration connect_timeout = absl::Milliseconds(500);
  absl::Duration command_timeout = absl::Seconds(2);
  absl::Duration acquire_timeout = absl::Seconds(2);
};

class Pool {
 public:
  explicit Pool(PoolOptions options);
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  absl::StatusOr<Reply> Run(const Command& command);
  absl::StatusOr<std::vector<Reply>> RunPipeline(const std::vector<Command>& commands);
  // OK when Redis answers PING.
  absl::Status Ping();

  const PoolOptions& options() const { return options_; }

 private:
  // Returns the connection to the pool on destruction, or drops it if it broke.
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> conn, bool reused)
        : pool_(pool), conn_(std::move(conn)), reused_(reused) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (conn_) pool_->Release(std::move(conn_));
    }
    Connection& conn() { return *conn_; }
    // Taken from the idle list rather than freshly dialled.
    bool reused() const { return reused_; }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
    bool reused_;
  };

  // Runs `op` on a leased connection. A reused connection that fails with an I/O error was
  // almost always closed by the server while idle (a Redis restart, an idle timeout) before
  // it read the command, so the pool drops every idle connection and tries once more on a
  // fresh one rather than failing the caller's request.
  template <typename Op>
  auto WithConnection(Op op) -> decltype(op(std::declval<Connection&>()));

  absl::StatusOr<Lease> Acquire();
  void Release(std::unique_ptr<Connection> conn);
  void DropIdle();

  const PoolOptions options_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;  // idle + leased
};

}  // namespace devplan::redis
