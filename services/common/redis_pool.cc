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
    return Lease(this, std::move(conn), /*reused=*/true);
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
  return Lease(this, *std::move(conn), /*reused=*/false);
}

void Pool::DropIdle() {
  std::lock_guard lock(mu_);
  open_ -= static_cast<int>(idle_.size());
  idle_.clear();
  available_.notify_all();
}

void Pool::Release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mu_);
  if (conn->broken()) {
    --open_;
    // Its siblings talked to the same server; if it went away they are dead too.
    open_ -= static_cast<int>(idle_.size());
    idle_.clear();
  } else {
    idle_.push_back(std::move(conn));
  }
  available_.notify_one();
}

template <typename Op>
auto Pool::WithConnection(Op op) -> decltype(op(std::declval<Connection&>())) {
  for (int attempt = 0;; ++attempt) {
    absl::StatusOr<Lease> lease = Acquire();
    if (!lease.ok()) return lease.status();
    auto result = op(lease->conn());
    const bool stale = !result.ok() && lease->conn().broken() && lease->reused();
    if (!stale || attempt > 0) return result;
    lease = absl::UnavailableError("");  // return the broken one before dialling anew
    DropIdle();
  }
}

absl::StatusOr<Reply> Pool::Run(const Command& command) {
  return WithConnection([&](Connection& c) { return c.Run(command); });
}

absl::StatusOr<std::vector<Reply>> Pool::RunPipeline(const std::vector<Command>& commands) {
  return WithConnection([&](Connection& c) { return c.RunPipeline(commands); });
}

absl::Status Pool::Ping() {
  absl::StatusOr<Reply> r = Run({"PING"});
  if (!r.ok()) return r.status();
  return absl::OkStatus();
}

}  // namespace devplan::redis
