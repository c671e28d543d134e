#include "services/common/redis_pool.h"

#include <chrono>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "services/common/redis_cluster.h"
#include "services/common/redis_slot.h"
#include "services/common/telemetry.h"

namespace devplan::redis {
namespace {

// The series a command's latency goes to (telemetry.h keeps the names it knows).
absl::string_view CommandName(const Command& command) {
  return command.empty() ? absl::string_view() : absl::string_view(command.front());
}

double SecondsSince(std::chrono::steady_clock::time_point from) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - from).count();
}

}  // namespace

Pool::Pool(PoolOptions options)
    : options_(std::move(options)),
      cluster_(options_.cluster() ? std::make_unique<Cluster>(options_) : nullptr) {}

Pool::~Pool() = default;

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

absl::StatusOr<std::vector<Reply>> Pool::RunOnNode(const std::vector<Command>& commands,
                                                   Resend resend) {
  return WithConnection(commands.size() == 1 ? CommandName(commands.front()) : "pipeline", resend,
                        [&](Connection& c) { return c.RunPipeline(commands); });
}

absl::StatusOr<Reply> Pool::RunScriptOnNode(const std::string& source, const Command& evalsha,
                                            Resend resend) {
  absl::StatusOr<Reply> r =
      WithConnection("EVALSHA", resend, [&](Connection& c) { return c.Run(evalsha); });
  if (r.ok() || !absl::StrContains(r.status().message(), "NOSCRIPT")) return r;
  absl::StatusOr<Reply> loaded = WithConnection(
      "SCRIPT", Resend::kSafe, [&](Connection& c) { return c.Run({"SCRIPT", "LOAD", source}); });
  if (!loaded.ok()) return loaded.status();
  return WithConnection("EVALSHA", resend, [&](Connection& c) { return c.Run(evalsha); });
}

absl::StatusOr<Reply> Pool::Run(const Command& command, Resend resend) {
  absl::StatusOr<PipelineSlots> slots = SlotsOf({command});
  if (!slots.ok()) return slots.status();
  if (cluster_) return cluster_->Run(slots->shared, command, resend);
  return WithConnection(CommandName(command), resend, [&](Connection& c) { return c.Run(command); });
}

absl::StatusOr<std::vector<Reply>> Pool::RunPipeline(const std::vector<Command>& commands,
                                                     Resend resend) {
  absl::StatusOr<PipelineSlots> slots = SlotsOf(commands);
  if (!slots.ok()) return slots.status();
  if (slots->spread && resend != Resend::kSafe) {
    // On a cluster it is split between masters, each part retried on its own: only reads
    // (and writes that replay) may be. Refused in both modes, so a test on one Redis finds it.
    return absl::InternalError(
        "redis: refused before sending: a pipeline across slots (districts) must be safe to "
        "send again (Resend::kSafe)");
  }
  if (cluster_) {
    if (slots->spread) return cluster_->RunSpread(slots->of_command, commands);
    return cluster_->RunPipeline(slots->shared, commands, resend);
  }
  return RunOnNode(commands, resend);
}

absl::StatusOr<Reply> Pool::RunScript(const std::string& source, const Command& evalsha,
                                      Resend resend, ScriptEffect effect) {
  absl::StatusOr<PipelineSlots> slots = SlotsOf({evalsha});
  if (!slots.ok()) return slots.status();
  if (cluster_) return cluster_->RunScript(slots->shared, source, evalsha, resend, effect);
  return RunScriptOnNode(source, evalsha, resend);
}

absl::Status Pool::Ping() {
  absl::StatusOr<Reply> r = Run({"PING"}, Resend::kSafe);
  if (!r.ok()) return r.status();
  return absl::OkStatus();
}

}  // namespace devplan::redis
