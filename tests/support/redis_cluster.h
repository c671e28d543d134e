// A private Redis Cluster for one test: masters and their replicas, each a RedisServer (its
// own directory, the project's redis.conf and ACL, one set of passwords for all) that also
// listens on a loopback TCP port, since cluster nodes and clients find each other by
// address. The ports (client and cluster bus) are probed free just before the start: bound
// to port 0, the kernel's choice read back, released. cluster-node-timeout is 1000 ms, so a
// failover takes about two seconds. The cluster is assembled with CLUSTER ADDSLOTSRANGE,
// MEET and REPLICATE (as redis-cli --cluster create would), master i serving the i-th equal
// share of the slots and node masters + i replicating master i.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/redis_connection.h"
#include "tests/support/redis_server.h"

namespace devplan::testing {

class RedisCluster {
 public:
  // Starts it and waits until every node says cluster_state:ok and every replica is in
  // sync; aborts the test binary when that does not happen within a minute.
  explicit RedisCluster(int masters = 3, int replicas_per_master = 1);
  ~RedisCluster();

  int size() const { return static_cast<int>(nodes_.size()); }
  RedisServer& node(int i) { return *nodes_[static_cast<size_t>(i)]; }
  int port(int i) const { return ports_[static_cast<size_t>(i)]; }
  // Node i over TCP, as the servers reach it (user devplan).
  redis::Endpoint service_endpoint(int i) const;
  // "cluster://127.0.0.1:p0,127.0.0.1:p1,…", every node: what servers take with --redis.
  std::string address() const;
  // The devplan user's password file (the same for every node).
  std::string service_password_file() const { return nodes_[0]->service_password_file(); }

  // Starts node i again after node(i).Kill(): it rejoins the cluster from its nodes.conf (a
  // master that was failed over comes back as a replica of the one that took over).
  void Restart(int i);

  // One command on node i as admin.
  absl::StatusOr<redis::Reply> Run(int i, const redis::Command& command) const;
  std::string NodeId(int i) const;
  // The node that is master of `slot` now, asked of any live node; -1 when none says.
  int MasterOf(int slot) const;
  // Moves `slot` from its master to node `to` the way an operator would: IMPORTING on the
  // target, MIGRATING on the source, MIGRATE of the keys `batch` at a time (calling
  // `between_batches` after each), then SETSLOT NODE on every master. False on a failed step.
  [[nodiscard]] bool MigrateSlot(int slot, int to, int batch = 10,
                                 const std::function<void()>& between_batches = {});
  // Waits until every live node (not `dead`) says cluster_state:ok and names a live master
  // for every slot. False after `seconds`.
  [[nodiscard]] bool WaitHealthy(int seconds, const std::vector<int>& dead = {}) const;

 private:
  void LogInToMasters(int i);

  std::vector<int> ports_;
  std::vector<int> bus_ports_;
  std::vector<std::unique_ptr<RedisServer>> nodes_;
};

}  // namespace devplan::testing
