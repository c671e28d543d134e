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

class Cluster;

// Cluster mode: how long a write waits for one replica to confirm it (WAIT 1 <ms>) before it
// is acknowledged (--redis-replica-wait-ms). Under the command timeout, so a replica that
// does not answer costs the caller this long, not a broken connection.
inline constexpr absl::Duration kDefaultReplicaWait = absl::Milliseconds(1000);

struct PoolOptions {
  // One Redis. In cluster mode the first seed (what logs name).
  Endpoint endpoint;
  // Redis Cluster: the seed nodes (--redis cluster://h1:7001,h2:7002), each with the same
  // user and password; the slot map is read from them, then from the masters it names.
  // Empty: one Redis at `endpoint`.
  std::vector<Endpoint> cluster_seeds{};
  // Cluster mode: every write script is acknowledged only once one replica of its master
  // has it (WAIT 1 <replica_wait>), else the call fails UNAVAILABLE. Zero: no wait (a
  // cluster without replicas; a failover may then lose acknowledged writes).
  absl::Duration replica_wait = kDefaultReplicaWait;
  // Upper bound of open connections; callers beyond it wait up to acquire_timeout.
  int size = 8;
  absl::Duration connect_timeout = absl::Milliseconds(500);
  absl::Duration command_timeout = absl::Seconds(2);
  absl::Duration acquire_timeout = absl::Seconds(2);

  bool cluster() const { return !cluster_seeds.empty(); }
  // Where a subscriber or a health probe may connect: the seeds, or the one endpoint.
  std::vector<Endpoint> endpoints() const {
    return cluster() ? cluster_seeds : std::vector<Endpoint>{endpoint};
  }
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
// In the message of the UNAVAILABLE a write script answers in cluster mode when no replica
// confirmed it within PoolOptions::replica_wait: applied on the master, not yet durable.
inline constexpr char kNotReplicated[] = "no replica confirmed the write";

// What a script run does to the data. kWrite: it may write, so in cluster mode it is
// acknowledged only once a replica has it (PoolOptions::replica_wait). kReadOnly: this run
// writes nothing (a validate_only rehearsal answers before its first write), so it neither
// waits for a replica nor fails for want of one.
enum class ScriptEffect { kWrite, kReadOnly };

// One Redis, or a Redis Cluster (options.cluster(): then every call is routed by its keys'
// slot to the master serving it, through a Pool per node; redis_cluster.h). Either way, a
// command whose keys hash to two slots is refused before it is sent (CROSSSLOT,
// redis_slot.h), and so is a pipeline across slots unless Resend::kSafe (on a cluster it is
// split between masters).
class Pool {
 public:
  explicit Pool(PoolOptions options);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  absl::StatusOr<Reply> Run(const Command& command, Resend resend = Resend::kIfUnsent);
  absl::StatusOr<std::vector<Reply>> RunPipeline(const std::vector<Command>& commands,
                                                 Resend resend = Resend::kIfUnsent);
  // A write script's EVALSHA: where Redis answers NOSCRIPT (a restart, a node that never ran
  // it), `source` is loaded there with SCRIPT LOAD and the EVALSHA sent again. In cluster mode
  // the reply is returned only once a replica has the write (PoolOptions::replica_wait), else
  // UNAVAILABLE with kNotReplicated, unless `effect` is kReadOnly. (redis_script.h is the
  // way to run a script.)
  absl::StatusOr<Reply> RunScript(const std::string& source, const Command& evalsha,
                                  Resend resend, ScriptEffect effect);
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

  // This node's own calls, once the slot check passed.
  absl::StatusOr<std::vector<Reply>> RunOnNode(const std::vector<Command>& commands,
                                               Resend resend);
  absl::StatusOr<Reply> RunScriptOnNode(const std::string& source, const Command& evalsha,
                                        Resend resend);
  friend class Cluster;

  const PoolOptions options_;
  std::unique_ptr<Cluster> cluster_;  // cluster mode only
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;  // idle + leased
};

}  // namespace devplan::redis
