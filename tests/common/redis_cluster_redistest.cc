// The pool in cluster mode against a real 3-master/3-replica Redis Cluster (RedisCluster,
// cluster-node-timeout 1000 ms): every district's write lands on its slot's master and is
// acknowledged only once a replica has it; MOVED reads the map anew, ASK does not; a slot
// migrated while a writer writes costs that writer no error and no write; a master killed
// under a writer loses no acknowledged write; the change events reach a subscriber on any
// node, and one whose node dies moves to the next. Every wait is for an event with a hang
// guard; how long anything took is printed, never asserted.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/redis_cluster.h"
#include "services/common/redis_keys.h"
#include "services/common/redis_slot.h"
#include "services/common/redis_subscriber.h"
#include "tests/support/redis_cluster.h"

namespace devplan::redis {
namespace {

using testing::RedisCluster;

// The two SAMPLE districts, on different masters of a three-master cluster (slots 8992 and 618).
constexpr char kHuiji[] = "410108";
constexpr char kSecond[] = "410102";

PoolOptions ClusterOptions(const RedisCluster& cluster) {
  PoolOptions o;
  for (int i = 0; i < cluster.size(); ++i) o.cluster_seeds.push_back(cluster.service_endpoint(i));
  o.endpoint = o.cluster_seeds.front();
  return o;
}

// One idempotent write of `field` to the district's projects hash.
absl::StatusOr<store::Outcome> Write(Pool& pool, const std::string& district,
                                     const std::string& field, bool validate_only = false) {
  store::Mutation m(keys::kInvestmentPrefix, district);
  m.ValidateOnly(validate_only)
      .WithRequestId(absl::StrCat("req-", field), absl::StrCat("fp-", field))
      .HSet(keys::Projects(district), field, absl::StrCat("value of ", field))
      .Event("project", field);
  return m.Apply(pool);
}

int ReplicaOf(const RedisCluster& cluster, int master) {
  (void)cluster;
  return master + 3;  // RedisCluster: node masters + i replicates master i
}

TEST(RedisClusterPool, EachDistrictsWritesLandOnItsSlotsMasterAndReachAReplica) {
  RedisCluster cluster;
  Pool pool(ClusterOptions(cluster));
  const int huiji = cluster.MasterOf(KeySlot(kHuiji));
  const int second = cluster.MasterOf(KeySlot(kSecond));
  ASSERT_GE(huiji, 0);
  ASSERT_GE(second, 0);
  ASSERT_NE(huiji, second) << "the two SAMPLE districts should be on different masters";
  for (const char* d : {kHuiji, kSecond}) {
    for (int i = 0; i < 5; ++i) {
      absl::StatusOr<store::Outcome> w = Write(pool, d, absl::StrCat("p", i));
      ASSERT_TRUE(w.ok()) << w.status();
      EXPECT_EQ(*w, store::Outcome::kApplied);
    }
    const int master = cluster.MasterOf(KeySlot(d));
    // On the master, and (WAIT 1 before the acknowledgement) already on its replica.
    for (int node : {master, ReplicaOf(cluster, master)}) {
      absl::StatusOr<std::unique_ptr<Connection>> c =
          Connection::Open(cluster.node(node).endpoint(), absl::Seconds(2), absl::Seconds(2));
      ASSERT_TRUE(c.ok()) << c.status();
      // READONLY: a replica answers reads of its master's slots instead of MOVED.
      absl::StatusOr<std::vector<Reply>> r =
          (*c)->RunPipeline({{"READONLY"}, {"HLEN", keys::Projects(d)}});
      ASSERT_TRUE(r.ok()) << r.status();
      EXPECT_EQ((*r)[1].integer(), 5) << "node " << node;
    }
    absl::StatusOr<Reply> read = pool.Run({"HGET", keys::Projects(d), "p4"}, Resend::kSafe);
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(read->str(), "value of p4");
    absl::StatusOr<Reply> version = pool.Run({"GET", keys::DataVersion(d)}, Resend::kSafe);
    ASSERT_TRUE(version.ok()) << version.status();
    EXPECT_EQ(version->str(), "5");
  }
  // The replicas got those writes logged in as `replicator` (deploy/redis/users.acl), which
  // may only replicate.
  const int replica = ReplicaOf(cluster, huiji);
  absl::StatusOr<Reply> user = cluster.Run(replica, {"CONFIG", "GET", "masteruser"});
  ASSERT_TRUE(user.ok()) << user.status();
  ASSERT_EQ(user->size(), 2u);
  EXPECT_EQ((*user)[1].str(), "replicator");
  absl::StatusOr<Reply> allowed = cluster.Run(huiji, {"ACL", "DRYRUN", "replicator", "GET", "x"});
  ASSERT_TRUE(allowed.ok()) << allowed.status();
  EXPECT_TRUE(absl::StrContains(allowed->str(), "no permissions")) << allowed->str();
  // A replay answers REPLAY from the master, writing nothing.
  EXPECT_EQ(*Write(pool, kHuiji, "p0"), store::Outcome::kReplayed);
  // Reads of several districts in one pipeline: split between their masters, in order.
  absl::StatusOr<std::vector<Reply>> both = pool.RunPipeline(
      {{"GET", keys::DataVersion(kHuiji)}, {"GET", keys::DataVersion(kSecond)},
       {"HGET", keys::Projects(kHuiji), "p1"}, {"GET", keys::DataVersion("410105")}},
      Resend::kSafe);
  ASSERT_TRUE(both.ok()) << both.status();
  ASSERT_EQ(both->size(), 4u);
  EXPECT_EQ((*both)[0].str(), "5");
  EXPECT_EQ((*both)[1].str(), "5");
  EXPECT_EQ((*both)[2].str(), "value of p1");
  EXPECT_TRUE((*both)[3].is_nil());
  // Not a pipeline that may not be sent twice, nor one write across two districts.
  absl::StatusOr<std::vector<Reply>> unsafe = pool.RunPipeline(
      {{"GET", keys::DataVersion(kHuiji)}, {"GET", keys::DataVersion(kSecond)}});
  EXPECT_FALSE(unsafe.ok());
  store::Mutation across(keys::kInvestmentPrefix, kHuiji);
  across.HSet(keys::Projects(kSecond), "x", "y");
  absl::StatusOr<store::Outcome> refused = across.Apply(pool);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("CROSSSLOT"), std::string::npos);
  EXPECT_EQ(cluster.Run(second, {"HEXISTS", keys::Projects(kSecond), "x"})->integer(), 0);
}

// What waiting for a replica costs a write, printed (not asserted: shared machines).
TEST(RedisClusterPool, PrintsWhatWaitingForAReplicaCostsAWrite) {
  RedisCluster cluster;
  PoolOptions options = ClusterOptions(cluster);
  Pool waiting(options);
  options.replica_wait = absl::ZeroDuration();
  Pool not_waiting(options);
  constexpr int kWrites = 300;
  double micros[2] = {0, 0};
  for (int round = 0; round < 2; ++round) {
    Pool& pool = round == 0 ? not_waiting : waiting;
    ASSERT_TRUE(Write(pool, kHuiji, absl::StrCat("warm", round)).ok());
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kWrites; ++i) {
      ASSERT_TRUE(Write(pool, kHuiji, absl::StrCat("r", round, "-", i)).ok());
    }
    micros[round] = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                        .count() / kWrites;
  }
  EXPECT_EQ(cluster.Run(cluster.MasterOf(KeySlot(kHuiji)), {"HLEN", keys::Projects(kHuiji)})->integer(),
            2 * kWrites + 2);
  std::printf("one write (mutation script, AOF fsync always), %d in a row: %.0f us without WAIT, "
              "%.0f us with WAIT 1\n",
              kWrites, micros[0], micros[1]);
}

TEST(RedisClusterPool, MovedReadsTheMapAgainAskDoesNot) {
  RedisCluster cluster;
  PoolOptions options = ClusterOptions(cluster);
  Cluster client(options);
  Pool pool(options);
  const int slot = KeySlot(kSecond);
  ASSERT_TRUE(Write(pool, kSecond, "a").ok());
  ASSERT_TRUE(Write(pool, kSecond, "b").ok());
  absl::StatusOr<Reply> first = client.Run(slot, {"HGET", keys::Projects(kSecond), "a"}, Resend::kSafe);
  ASSERT_TRUE(first.ok()) << first.status();
  const uint64_t reads = client.refreshes();
  const int from = cluster.MasterOf(slot);
  const int to = (from + 1) % 3;

  // Half-way through a migration: the projects hash moved, the data version not yet.
  const std::string s = std::to_string(slot);
  ASSERT_TRUE(cluster.Run(to, {"CLUSTER", "SETSLOT", s, "IMPORTING", cluster.NodeId(from)}).ok());
  ASSERT_TRUE(cluster.Run(from, {"CLUSTER", "SETSLOT", s, "MIGRATING", cluster.NodeId(to)}).ok());
  const Endpoint admin = cluster.node(to).endpoint();
  absl::StatusOr<Reply> migrated = cluster.Run(
      from, {"MIGRATE", "127.0.0.1", std::to_string(cluster.port(to)), keys::Projects(kSecond), "0",
             "5000", "AUTH2", admin.user, admin.password});
  ASSERT_TRUE(migrated.ok()) << migrated.status();
  // ASK: read from the target after ASKING; the map still names the source.
  absl::StatusOr<Reply> asked = client.Run(slot, {"HGET", keys::Projects(kSecond), "b"}, Resend::kSafe);
  ASSERT_TRUE(asked.ok()) << asked.status();
  EXPECT_EQ(asked->str(), "value of b");
  EXPECT_EQ(client.refreshes(), reads);
  EXPECT_EQ(client.MasterOf(slot)->port, cluster.port(from));
  // A key still on the source is read there.
  absl::StatusOr<Reply> version = client.Run(slot, {"GET", keys::DataVersion(kSecond)}, Resend::kSafe);
  ASSERT_TRUE(version.ok()) << version.status();
  EXPECT_EQ(version->str(), "2");

  // A pipeline across districts meets the ASK in its part for this slot, and goes on.
  absl::StatusOr<std::vector<Reply>> spread = Pool(options).RunPipeline(
      {{"HGET", keys::Projects(kSecond), "a"}, {"GET", keys::DataVersion(kHuiji)}}, Resend::kSafe);
  ASSERT_TRUE(spread.ok()) << spread.status();
  EXPECT_EQ((*spread)[0].str(), "value of a");

  // The migration finished: MOVED, and the map is read again.
  ASSERT_TRUE(cluster.MigrateSlot(slot, to));
  absl::StatusOr<Reply> moved = client.Run(slot, {"GET", keys::DataVersion(kSecond)}, Resend::kSafe);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->str(), "2");
  EXPECT_GT(client.refreshes(), reads);
  EXPECT_EQ(client.MasterOf(slot)->port, cluster.port(to));
  // The pool that knew the old map writes to the new master (the script loaded there on
  // NOSCRIPT), as the same client's next write would.
  absl::StatusOr<store::Outcome> after = Write(pool, kSecond, "c");
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(cluster.Run(to, {"HLEN", keys::Projects(kSecond)})->integer(), 3);
}

TEST(RedisClusterPool, ALiveSlotMigrationUnderAWriterCostsNoErrorAndNoWrite) {
  RedisCluster cluster;
  Pool pool(ClusterOptions(cluster));
  const int slot = KeySlot(kHuiji);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(Write(pool, kHuiji, absl::StrCat("pre", i)).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::mutex mu;
  std::vector<std::string> errors;
  std::thread writer([&] {
    for (int i = 0; !stop.load(); ++i) {
      absl::StatusOr<store::Outcome> w = Write(pool, kHuiji, absl::StrCat("w", i));
      if (w.ok()) {
        ++written;
      } else {
        std::lock_guard lock(mu);
        errors.push_back(std::string(w.status().message()));
      }
    }
  });
  std::thread reader([&] {
    while (!stop.load()) {
      absl::StatusOr<Reply> r = pool.Run({"GET", keys::DataVersion(kHuiji)}, Resend::kSafe);
      if (!r.ok()) {
        std::lock_guard lock(mu);
        errors.push_back(absl::StrCat("read: ", r.status().message()));
      }
    }
  });
  while (written.load() < 10) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const int from = cluster.MasterOf(slot);
  const int to = (from + 1) % 3;
  const auto start = std::chrono::steady_clock::now();
  const bool migrated = cluster.MigrateSlot(slot, to, /*batch=*/5, [] {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  });
  const auto took = std::chrono::steady_clock::now() - start;
  const int during = written.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  stop = true;
  writer.join();
  reader.join();
  ASSERT_TRUE(migrated);
  std::printf("slot %d migrated from node %d to %d in %lld ms; %d writes acknowledged\n", slot,
              from, to,
              static_cast<long long>(
                  std::chrono::duration_cast<std::chrono::milliseconds>(took).count()),
              written.load());
  EXPECT_TRUE(errors.empty()) << errors.front();
  EXPECT_GT(written.load(), during);  // writes went on after the migration
  EXPECT_EQ(cluster.MasterOf(slot), to);
  absl::StatusOr<Reply> stored = cluster.Run(to, {"HLEN", keys::Projects(kHuiji)});
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->integer(), 20 + written.load());
  absl::StatusOr<Reply> version = cluster.Run(to, {"GET", keys::DataVersion(kHuiji)});
  EXPECT_EQ(version->str(), std::to_string(20 + written.load()));
}

TEST(RedisClusterPool, AWriteNoReplicaConfirmsIsUnavailableAndItsRetryReplays) {
  RedisCluster cluster;
  PoolOptions options = ClusterOptions(cluster);
  options.replica_wait = absl::Milliseconds(200);
  Pool pool(options);
  ASSERT_TRUE(Write(pool, kHuiji, "warm").ok());
  const int replica = ReplicaOf(cluster, cluster.MasterOf(KeySlot(kHuiji)));
  cluster.node(replica).Pause();
  // A rehearsal writes nothing, so it needs no replica: answered, not UNAVAILABLE.
  absl::StatusOr<store::Outcome> rehearsed = Write(pool, kHuiji, "x", /*validate_only=*/true);
  absl::StatusOr<store::Outcome> w = Write(pool, kHuiji, "x");
  cluster.node(replica).Resume();
  ASSERT_TRUE(rehearsed.ok()) << rehearsed.status();
  EXPECT_EQ(*rehearsed, store::Outcome::kValidated);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(w.status().message(), kNotReplicated)) << w.status();
  // Applied on the master but not acknowledged: the same request_id replays, now confirmed.
  absl::StatusOr<store::Outcome> again = Write(pool, kHuiji, "x");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, store::Outcome::kReplayed);
}

// The promoted replica has no replica of its own until the killed master comes back (as
// its replica): until then its writes are refused UNAVAILABLE, never acknowledged undurably,
// while the other masters' districts are written as before.
TEST(RedisClusterPool, AfterAMasterIsKilledEveryAcknowledgedWriteIsReadable) {
  RedisCluster cluster;
  Pool pool(ClusterOptions(cluster));
  const int master = cluster.MasterOf(KeySlot(kHuiji));
  std::vector<std::string> acknowledged;
  for (int i = 0; i < 30; ++i) {
    const std::string field = absl::StrCat("k", i);
    ASSERT_TRUE(Write(pool, kHuiji, field).ok());
    acknowledged.push_back(field);
  }
  std::atomic<bool> stop{false};
  std::atomic<int> failed{0};
  std::mutex mu;
  // A concurrent writer of the same district across the kill: what it got acknowledged must
  // be readable after the failover too.
  std::thread writer([&] {
    for (int i = 0; !stop.load(); ++i) {
      const std::string field = absl::StrCat("c", i);
      if (Write(pool, kHuiji, field).ok()) {
        std::lock_guard lock(mu);
        acknowledged.push_back(field);
      } else {
        ++failed;
      }
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto killed = std::chrono::steady_clock::now();
  cluster.node(master).Kill();
  // The other district's master is alive: its writes wait out the failover (CLUSTERDOWN
  // while a slot has no master) and succeed.
  absl::StatusOr<store::Outcome> other = absl::UnavailableError("not yet");
  while (!other.ok() && std::chrono::steady_clock::now() - killed < std::chrono::seconds(30)) {
    other = Write(pool, kSecond, "during");
  }
  ASSERT_TRUE(other.ok()) << other.status();
  ASSERT_TRUE(cluster.WaitHealthy(30, {master}));
  const auto healed = std::chrono::steady_clock::now();
  // The promoted master has no replica: refused, not acknowledged.
  absl::StatusOr<store::Outcome> lonely = Write(pool, kHuiji, "lonely");
  EXPECT_EQ(lonely.status().code(), absl::StatusCode::kUnavailable) << lonely.status();
  cluster.Restart(master);
  ASSERT_TRUE(cluster.WaitHealthy(60));
  EXPECT_NE(cluster.MasterOf(KeySlot(kHuiji)), master);  // it came back as a replica
  absl::StatusOr<store::Outcome> retried = Write(pool, kHuiji, "lonely");
  ASSERT_TRUE(retried.ok()) << retried.status();
  stop = true;
  writer.join();
  std::printf("kill -9 of master node %d: every slot served again after %lld ms; the "
              "concurrent writer had %d writes refused, %zu acknowledged in all\n",
              master,
              static_cast<long long>(
                  std::chrono::duration_cast<std::chrono::milliseconds>(healed - killed).count()),
              failed.load(), acknowledged.size());
  for (const std::string& field : acknowledged) {
    absl::StatusOr<Reply> r = pool.Run({"HGET", keys::Projects(kHuiji), field}, Resend::kSafe);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->str(), absl::StrCat("value of ", field)) << field;
  }
}

TEST(RedisClusterSubscriber, ReceivesEveryMastersEventsAndMovesOnWhenItsNodeDies) {
  RedisCluster cluster;
  Pool pool(ClusterOptions(cluster));
  std::mutex mu;
  std::condition_variable changed;
  std::map<std::string, int> seen;  // channel → messages
  int subscriptions = 0;
  // Subscribed to a replica of neither district's master first, then to master 2.
  const int first = ReplicaOf(cluster, 2);
  Subscriber subscriber({cluster.service_endpoint(first), cluster.service_endpoint(2)},
                        keys::EventsChannel("*"),
                        Subscriber::Handlers{
                            .on_subscribed =
                                [&] {
                                  std::lock_guard lock(mu);
                                  ++subscriptions;
                                  changed.notify_all();
                                },
                            .on_message =
                                [&](const std::string& channel, const std::string&) {
                                  std::lock_guard lock(mu);
                                  ++seen[channel];
                                  changed.notify_all();
                                }});
  auto wait_for = [&](auto done) {
    std::unique_lock lock(mu);
    return changed.wait_for(lock, std::chrono::seconds(30), done);
  };
  ASSERT_TRUE(wait_for([&] { return subscriptions == 1; }));
  ASSERT_TRUE(Write(pool, kHuiji, "e1").ok());
  ASSERT_TRUE(Write(pool, kSecond, "e1").ok());
  ASSERT_TRUE(wait_for([&] {
    return seen[keys::EventsChannel(kHuiji)] == 1 && seen[keys::EventsChannel(kSecond)] == 1;
  }));
  cluster.node(first).Kill();
  ASSERT_TRUE(wait_for([&] { return subscriptions == 2; }));
  ASSERT_TRUE(Write(pool, kHuiji, "e2").ok());
  ASSERT_TRUE(wait_for([&] { return seen[keys::EventsChannel(kHuiji)] == 2; }));
}

}  // namespace
}  // namespace devplan::redis
