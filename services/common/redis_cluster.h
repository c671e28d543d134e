// The Redis Cluster client behind Pool in cluster mode (Debian has no cluster client for
// hiredis 0.14, so this is the project's own, kept small): the slot map (redis_slot_map.h),
// one Pool per master, and the redirects (redis_redirect.h).
//
// A call goes to the master of its keys' slot. MOVED: the slot is assigned to the named node
// at once, the whole map is read again (CLUSTER SLOTS), and the call sent there. ASK: sent once
// to the named node preceded by ASKING, the map unchanged. TRYAGAIN (a write during a slot
// migration), CLUSTERDOWN, and a node that cannot be reached or answers READONLY/LOADING (a
// master that died, before or while its replica takes over) are retried after a backoff
// (kClusterFirstBackoff doubling up to kClusterMaxBackoff), the map read again. A call
// is retried at most kClusterMaxAttempts times and never after kClusterRetryBudget, then
// answers the last error: a failover that takes longer reaches the caller as UNAVAILABLE.
// None of these reran a command Redis had run: a redirect means the node did not run it, and
// a connection that broke after sending is resent only when Resend::kSafe says so (the node
// Pool's rule). A pipeline that met a redirect part-way may have run its first commands (the
// slot moved or began migrating between them), so it is retried only when kSafe or a single
// command; else it answers UNAVAILABLE kOutcomeUnknown. (The services' pipelines are reads.)
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/common/redis_pool.h"
#include "services/common/redis_slot_map.h"

namespace devplan::redis {

inline constexpr char kClusterScheme[] = "cluster://";
inline constexpr int kClusterMaxAttempts = 16;
inline constexpr absl::Duration kClusterFirstBackoff = absl::Milliseconds(20);
inline constexpr absl::Duration kClusterMaxBackoff = absl::Milliseconds(400);
// Long enough for a failover with cluster-node-timeout 1000 ms (about 2 s: the failure is
// noticed after the node timeout, then the replica's election), short against a call's
// deadline. A larger node timeout makes failovers reach callers as UNAVAILABLE.
inline constexpr absl::Duration kClusterRetryBudget = absl::Seconds(5);
// The most seed nodes --redis cluster://… may list.
inline constexpr int kMaxClusterSeeds = 64;

// "cluster://h1:7001,h2:7002" → the seeds (host:port each, at most kMaxClusterSeeds);
// INVALID_ARGUMENT naming the bad one. Anything without the scheme is not a cluster address.
absl::StatusOr<std::vector<Endpoint>> ParseClusterSeeds(absl::string_view address);

class Cluster {
 public:
  // `options.cluster_seeds` and the per-node settings (size, timeouts) of every node's Pool.
  explicit Cluster(PoolOptions options);
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  // `slot`: of the command's keys (SlotsOf); nullopt: any master (slot 0's).
  absl::StatusOr<Reply> Run(std::optional<int> slot, const Command& command, Resend resend);
  absl::StatusOr<std::vector<Reply>> RunPipeline(std::optional<int> slot,
                                                 const std::vector<Command>& commands,
                                                 Resend resend);
  // A pipeline of kSafe commands in several slots (`slots`, one per command): one pipeline
  // per master as the map has it, in order; a part that meets a redirect or a failed node is
  // sent again command by command, each routed as Run. The replies in the commands' order.
  absl::StatusOr<std::vector<Reply>> RunSpread(const std::vector<std::optional<int>>& slots,
                                               const std::vector<Command>& commands);
  // EVALSHA, then WAIT 1 <replica_wait> on the same connection (one round trip); no WAIT
  // for a kReadOnly run.
  absl::StatusOr<Reply> RunScript(std::optional<int> slot, const std::string& source,
                                  const Command& evalsha, Resend resend, ScriptEffect effect);

  // Reads the slot map anew: from a known master, else from a seed. UNAVAILABLE when none
  // answers with a map.
  absl::Status Refresh();
  // The master the map names for `slot` (tests; nullopt before the first call).
  std::optional<Endpoint> MasterOf(int slot) const;
  // How many times the map was read (tests: a MOVED reads it again, an ASK does not).
  uint64_t refreshes() const { return generation_.load(); }

 private:
  template <typename T, typename Op>
  absl::StatusOr<T> Routed(std::optional<int> slot, bool may_repeat, Op op);
  absl::Status RefreshIfUnchanged(uint64_t seen);
  Pool& NodePool(const Endpoint& node);
  std::shared_ptr<const SlotMap> map() const;

  const PoolOptions options_;
  mutable std::mutex map_mu_;
  std::shared_ptr<const SlotMap> map_;  // guarded by map_mu_; null until the first refresh
  std::mutex refresh_mu_;               // one refresh at a time
  std::atomic<uint64_t> generation_{0};
  std::mutex nodes_mu_;
  // "host:port" → its Pool. Never removed (a Pool's address must stay valid while a call
  // uses it): one Pool per node ever seen, idle connections only.
  std::map<std::string, std::unique_ptr<Pool>> nodes_;
};

}  // namespace devplan::redis
