#include "services/common/redis_pool.h"

#include <chrono>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/telemetry.h"

namespace devplan::redis {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point from) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - from).count();
}

}  // namespace

Pool::Pool(PoolOptions options) : options_(std::move(options)) {}

absl::StatusOr<Pool::Lease> Pool::Acquire() {
  std::unique_lock lock(mu_);
  if (idle_.empty() && open_ >= options_.size) {
    const auto waited_from = std::chrono::steady_clock::now();
    const auto deadline = absl::ToChronoTime(absl::Now() + options_.acquire_timeout);
    while (idle_.empty() && open_ >= options_.size) {
      if (available_.wait_until(lock, deadline) == std::cv_status::timeout &&
          idle_.empty() && open_ >= options_.size) {
        if (telemetry::Metrics* m = telemetry::Active()) m->RedisPoolWait(SecondsSince(waited_from));
        return absl::UnavailableError("redis: no connection free in the pool in time");
      }
    }
    if (telemetry::Metrics* m = telemetry::Active()) m->RedisPoolWait(SecondsSince(waited_from));
  }
  while (!idle_.empty()) {
    std::unique_ptr<Connection> conn = std::move(idle_.back());
    idle_.pop_back();
    if (!conn->ClosedWhileIdle()) return Lease(this, std::move(conn), /*reused=*/true);
    --open_;  // dead before anything was sent on it: drop it, no harm done
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
auto Pool::WithConnection(absl::string_view command, Resend resend, Op op)
    -> decltype(op(std::declval<Connection&>())) {
  telemetry::Metrics* metrics = telemetry::Active();
  if (metrics == nullptr) return RunOnConnection(resend, op);
  const auto start = std::chrono::steady_clock::now();
  auto result = RunOnConnection(resend, op);
  metrics->RedisCommand(command, SecondsSince(start));
  if (!result.ok()) metrics->RedisError(static_cast<int>(result.status().code()));
  return result;
}

template <typename Op>
auto Pool::RunOnConnection(Resend resend, Op op) -> decltype(op(std::declval<Connection&>())) {
  for (int attempt = 0;; ++attempt) {
    absl::StatusOr<Lease> lease = Acquire();
    if (!lease.ok()) return lease.status();
    auto result = op(lease->conn());
    if (result.ok() || !lease->conn().broken()) return result;
    if (lease->conn().sent() && resend == Resend::kIfUnsent) {
      // Redis may have run it before the connection failed (a timeout while it was busy or
      // paused); sending it again could apply it twice. Only the caller can retry safely.
      return absl::UnavailableError(absl::StrCat(
          "redis: ", kOutcomeUnknown, " (",
          absl::StripPrefix(result.status().message(), "redis: "),
          "); retry with the same request_id"));
    }
    // A command that timed out is not sent again: Redis is slow or paused, and a second wait
    // of command_timeout would double the caller's (a paused Redis once cost reads 4 s).
    if (!lease->reused() || attempt > 0 || lease->conn().timed_out()) return result;
    lease = absl::UnavailableError("");  // return the broken one before dialling anew
    DropIdle();
  }
}

absl::StatusOr<Reply> Pool::Run(const Command& command, Resend resend) {
  return WithConnection(command.empty() ? absl::string_view() : absl::string_view(command.front()), resend,
                        [&](Connection& c) { return c.Run(command); });
}

absl::StatusOr<std::vector<Reply>> Pool::RunPipeline(const std::vector<Command>& commands,
                                                     Resend resend) {
  return WithConnection("pipeline", resend, [&](Connection& c) { return c.RunPipeline(commands); });
}

absl::Status Pool::Ping() {
  absl::StatusOr<Reply> r = Run({"PING"}, Resend::kSafe);
  if (!r.ok()) return r.status();
  return absl::OkStatus();
}

}  // namespace devplan::redis
