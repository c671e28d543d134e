#include "services/common/redis_pool.h"

#include "absl/status/status.h"

namespace devplan::redis {

Pool::Pool(PoolOptions options) : options_(std::move(options)) {}

absl::StatusOr<Pool::Lease> Pool::Acquire() {
  std::unique_lock lock(mu_);
  const auto deadline = absl::ToChronoTime(absl::Now() + options_.acquire_timeout);
  while (idle_.empty() && open_ >= options_.size) {
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout &&
        idle_.empty() && open_ >= options_.size) {
      return absl::UnavailableError("redis: no connection free in the pool in time");
    }
  }
  if (!idle_.empty()) {
    std::unique_ptr<Connection> conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
  }
  ++open_;
  lock.unlock();  // dialling may take connect_timeout; don't block other callers
  absl::StatusOr<std::unique_ptr<Connection>> conn =
      Connection::Open(options_.endpoint, options_.connect_timeout, options_.command_timeout);
  if (!conn.ok()) {
    std::lock_guard relock(mu_);
    --open_;
    available_.notify_one();
    return conn.status();
  }
  return Lease(this, *std::move(conn));
}

void Pool::Release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mu_);
  if (conn->broken()) {
    --open_;
  } else {
    idle_.push_back(std::move(conn));
  }
  available_.notify_one();
}

absl::StatusOr<Reply> Pool::Run(const Command& command) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  return (*lease)->Run(command);
}

absl::StatusOr<std::vector<Reply>> Pool::RunPipeline(const std::vector<Command>& commands) {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  return (*lease)->RunPipeline(commands);
}

absl::Status Pool::Ping() {
  absl::StatusOr<Reply> r = Run({"PING"});
  if (!r.ok()) return r.status();
  return absl::OkStatus();
}

}  // namespace devplan::redis
