#include "tests/support/redis_cluster.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/redis_slot.h"

namespace devplan::testing {
namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "redis_cluster: %s\n", what.c_str());
  std::abort();
}

// `n` loopback ports free right now, all different: each bound to port 0 and held until all
// are picked, so the kernel cannot hand out one twice.
std::vector<int> FreePorts(size_t n) {
  std::vector<int> fds;
  std::vector<int> ports;
  for (size_t i = 0; i < n; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      Fail("cannot probe a free port");
    }
    fds.push_back(fd);
    ports.push_back(ntohs(a.sin_port));
  }
  for (int fd : fds) ::close(fd);
  return ports;
}

template <typename Pred>
bool WaitUntil(int seconds, Pred done) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < give_up) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace

RedisCluster::RedisCluster(int masters, int replicas_per_master) {
  const int n = masters * (1 + replicas_per_master);
  const std::vector<int> ports = FreePorts(static_cast<size_t>(2 * n));
  ports_.assign(ports.begin(), ports.begin() + n);
  bus_ports_.assign(ports.begin() + n, ports.end());
  for (int i = 0; i < n; ++i) {
    RedisServer::Settings settings = {
        "--port", std::to_string(ports_[static_cast<size_t>(i)]),
        "--cluster-enabled", "yes",
        "--cluster-port", std::to_string(bus_ports_[static_cast<size_t>(i)]),
        "--cluster-node-timeout", "1000",
        "--cluster-config-file", "nodes.conf",
        // A replica's first sync starts at once, not after the default 5 s for more replicas.
        "--repl-diskless-sync-delay", "0"};
    nodes_.push_back(i == 0 ? std::make_unique<RedisServer>(settings, RedisServer::Replicator::kUser)
                            : std::make_unique<RedisServer>(settings, *nodes_[0]));
    LogInToMasters(i);
  }
  for (int m = 0; m < masters; ++m) {
    const int first = redis::kClusterSlots * m / masters;
    const int last = redis::kClusterSlots * (m + 1) / masters - 1;
    if (!Run(m, {"CLUSTER", "ADDSLOTSRANGE", std::to_string(first), std::to_string(last)}).ok()) {
      Fail("CLUSTER ADDSLOTSRANGE refused");
    }
  }
  for (int i = 1; i < n; ++i) {
    if (!Run(i, {"CLUSTER", "MEET", "127.0.0.1", std::to_string(ports_[0]),
                 std::to_string(bus_ports_[0])})
             .ok()) {
      Fail("CLUSTER MEET refused");
    }
  }
  const bool met = WaitUntil(60, [&] {
    for (int i = 0; i < n; ++i) {
      absl::StatusOr<redis::Reply> r = Run(i, {"CLUSTER", "NODES"});
      if (!r.ok() || absl::StrContains(r->str(), "handshake") ||
          std::count(r->str().begin(), r->str().end(), '\n') != n) {
        return false;
      }
    }
    return true;
  });
  if (!met) Fail("the nodes did not all meet");
  for (int i = masters; i < n; ++i) {
    const std::string master = NodeId((i - masters) % masters);
    if (!WaitUntil(30, [&] { return Run(i, {"CLUSTER", "REPLICATE", master}).ok(); })) {
      Fail("CLUSTER REPLICATE refused");
    }
  }
  if (!WaitHealthy(60)) Fail("the cluster did not become healthy");
}

RedisCluster::~RedisCluster() = default;

void RedisCluster::LogInToMasters(int i) {
  // A replica logs in to its master like any client (default is off), as a deployment's do
  // (deploy/redis/cluster.conf): as `replicator`, which may only replicate.
  const RedisServer& node = *nodes_[static_cast<size_t>(i)];
  if (!Run(i, {"CONFIG", "SET", "masteruser", RedisServer::kReplicatorUser}).ok() ||
      !Run(i, {"CONFIG", "SET", "masterauth", node.replicator_password()}).ok()) {
    Fail("CONFIG SET masteruser/masterauth refused");
  }
}

void RedisCluster::Restart(int i) {
  node(i).Start();
  LogInToMasters(i);
}

redis::Endpoint RedisCluster::service_endpoint(int i) const {
  redis::Endpoint e = nodes_[static_cast<size_t>(i)]->service_endpoint();
  e.unix_path.clear();
  e.host = "127.0.0.1";
  e.port = ports_[static_cast<size_t>(i)];
  return e;
}

std::string RedisCluster::address() const {
  std::vector<std::string> nodes;
  for (int p : ports_) nodes.push_back(absl::StrCat("127.0.0.1:", p));
  return absl::StrCat("cluster://", absl::StrJoin(nodes, ","));
}

absl::StatusOr<redis::Reply> RedisCluster::Run(int i, const redis::Command& command) const {
  return nodes_[static_cast<size_t>(i)]->Run(command);
}

std::string RedisCluster::NodeId(int i) const {
  absl::StatusOr<redis::Reply> r = Run(i, {"CLUSTER", "MYID"});
  return r.ok() ? std::string(r->str()) : std::string();
}

int RedisCluster::MasterOf(int slot) const {
  for (int i = 0; i < size(); ++i) {
    absl::StatusOr<redis::Reply> r = Run(i, {"CLUSTER", "SLOTS"});
    if (!r.ok()) continue;
    for (size_t k = 0; k < r->size(); ++k) {
      const redis::ReplyView range = (*r)[k];
      if (range[0].integer() <= slot && slot <= range[1].integer()) {
        const long long port = range[2][1].integer();
        for (int j = 0; j < size(); ++j) {
          if (ports_[static_cast<size_t>(j)] == port) return j;
        }
      }
    }
    return -1;
  }
  return -1;
}

bool RedisCluster::MigrateSlot(int slot, int to, int batch,
                               const std::function<void()>& between_batches) {
  const int from = MasterOf(slot);
  if (from < 0 || from == to) return false;
  const std::string s = std::to_string(slot);
  if (!Run(to, {"CLUSTER", "SETSLOT", s, "IMPORTING", NodeId(from)}).ok() ||
      !Run(from, {"CLUSTER", "SETSLOT", s, "MIGRATING", NodeId(to)}).ok()) {
    return false;
  }
  const redis::Endpoint admin = nodes_[static_cast<size_t>(to)]->endpoint();
  while (true) {
    absl::StatusOr<redis::Reply> keys =
        Run(from, {"CLUSTER", "GETKEYSINSLOT", s, std::to_string(batch)});
    if (!keys.ok()) return false;
    if (keys->size() == 0) break;
    redis::Command migrate = {"MIGRATE", "127.0.0.1", std::to_string(ports_[static_cast<size_t>(to)]),
                              "", "0", "5000", "AUTH2", admin.user, admin.password, "KEYS"};
    for (size_t k = 0; k < keys->size(); ++k) migrate.emplace_back((*keys)[k].str());
    if (!Run(from, migrate).ok()) return false;
    if (between_batches) between_batches();
  }
  // The target first, so it serves the slot before the source starts sending MOVED there.
  const std::string owner = NodeId(to);
  if (!Run(to, {"CLUSTER", "SETSLOT", s, "NODE", owner}).ok() ||
      !Run(from, {"CLUSTER", "SETSLOT", s, "NODE", owner}).ok()) {
    return false;
  }
  for (int i = 0; i < size(); ++i) {
    if (i != to && i != from) (void)Run(i, {"CLUSTER", "SETSLOT", s, "NODE", owner});
  }
  return true;
}

bool RedisCluster::WaitHealthy(int seconds, const std::vector<int>& dead) const {
  auto live = [&](int i) { return std::find(dead.begin(), dead.end(), i) == dead.end(); };
  return WaitUntil(seconds, [&] {
    for (int i = 0; i < size(); ++i) {
      if (!live(i)) continue;
      absl::StatusOr<redis::Reply> info = Run(i, {"CLUSTER", "INFO"});
      if (!info.ok() || !absl::StrContains(info->str(), "cluster_state:ok")) return false;
      absl::StatusOr<redis::Reply> repl = Run(i, {"INFO", "replication"});
      if (!repl.ok()) return false;
      if (absl::StrContains(repl->str(), "role:slave") &&
          !absl::StrContains(repl->str(), "master_link_status:up")) {
        return false;
      }
      absl::StatusOr<redis::Reply> slots = Run(i, {"CLUSTER", "SLOTS"});
      if (!slots.ok()) return false;
      int covered = 0;
      for (size_t k = 0; k < slots->size(); ++k) {
        const redis::ReplyView range = (*slots)[k];
        const long long port = range[2][1].integer();
        for (int j = 0; j < size(); ++j) {
          if (ports_[static_cast<size_t>(j)] == port && !live(j)) return false;
        }
        covered += static_cast<int>(range[1].integer() - range[0].integer() + 1);
      }
      if (covered != redis::kClusterSlots) return false;
    }
    return true;
  });
}

}  // namespace devplan::testing
