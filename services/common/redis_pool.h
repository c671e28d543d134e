// A bounded pool of Redis connections, safe to share between concurrent RPC handlers.
// Connections are dialled lazily and replaced when broken, so the pool recovers by itself
// after a Redis restart. Every call returns absl::Status(Or), which cannot be ignored.
//
// A command is never sent twice unless the caller says that is safe: once a command left
// for Redis, a broken connection (a timeout, a reset) does not tell whether Redis ran it,
// and an INCR or a write without request_id sent again would apply twice.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
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

// Whether a command may be sent again on a fresh connection after the first one broke
// having sent it.
enum class Resend {
  // Only when nothing was sent. Otherwise the call answers UNAVAILABLE saying the write may
  // have been applied (kOutcomeUnknown in the message). Every write without request_id.
  kIfUnsent,
  // Also after it was sent: reads, and writes Redis recognises when repeated (a mutation
  // with a request_id replays).
  kSafe,
};

// In the message of the UNAVAILABLE a kIfUnsent command answers when its outcome is unknown.
inline constexpr char kOutcomeUnknown[] = "outcome unknown, the write may have been applied";

class Pool {
 public:
  explicit Pool(PoolOptions options);
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  absl::StatusOr<Reply> Run(const Command& command, Resend resend = Resend::kIfUnsent);
  absl::StatusOr<std::vector<Reply>> RunPipeline(const std::vector<Command>& commands,
                                                 Resend resend = Resend::kIfUnsent);
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

  // Runs `op` on a leased connection. Acquire already skips idle connections the server
  // closed (a Redis restart, an idle timeout). A reused connection that still fails with an
  // I/O error is tried once more on a fresh one, dropping every idle connection, if nothing
  // was sent or `resend` allows it; a kIfUnsent command that was sent answers
  // kOutcomeUnknown instead.
  // With metrics on (telemetry.h), the whole of it (the wait for a connection included) is
  // `command`'s latency, and its failure counted by code.
  template <typename Op>
  auto WithConnection(absl::string_view command, Resend resend, Op op)
      -> decltype(op(std::declval<Connection&>()));
  template <typename Op>
  auto RunOnConnection(Resend resend, Op op) -> decltype(op(std::declval<Connection&>()));

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
