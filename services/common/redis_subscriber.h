// A Redis pub/sub subscription on its own connection and thread. It reconnects by itself
// after a Redis restart and says so through on_subscribed, because messages published while
// it was away are lost: whoever relies on them must treat a (re)subscription as "anything
// may have changed".
//
// A connection that stays open but goes silent (Redis paused or hung, a half-open TCP
// connection after a network fault or a host crash) would otherwise wait forever with live
// pushes stopped: after kPingAfter without a message the subscriber sends PING, and without
// any answer within kPongTimeout it drops the connection and subscribes anew.
//
// Redis Cluster: the change events are classic PUBLISH, which a cluster broadcasts to every
// node over its bus, so one PSUBSCRIBE on any node receives every district's events. Sharded
// pub/sub (SSUBSCRIBE, Redis 7) would spare the broadcast but has no pattern form: the
// aggregator would have to know every district in advance and hold a subscription per shard,
// moved with each slot. The endpoints are tried in turn: when the node subscribed to dies
// (a failover), the next one is subscribed to, and on_subscribed says events may have been
// missed meanwhile (the data version, data_version.h, is what catches up).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "services/common/redis_connection.h"

namespace devplan::redis {

class Subscriber {
 public:
  struct Handlers {
    // Called on the subscriber's thread each time the subscription is (re)established.
    std::function<void()> on_subscribed;
    // Called on the subscriber's thread for each message on a matching channel.
    std::function<void(const std::string& channel, const std::string& payload)> on_message;
    // Called on the subscriber's thread when an established subscription is lost (Redis
    // closed it, or did not answer a PING); not when the subscriber is destroyed. Optional
    // (initialised, so callers that leave it out get no missing-initializer warning).
    std::function<void()> on_lost = nullptr;
  };

  // Silence on the subscription after which Redis is asked whether it is still there.
  static constexpr absl::Duration kPingAfter = absl::Seconds(1);
  // How long the PING may go unanswered before the connection counts as dead. Also bounds
  // the PSUBSCRIBE handshake. A stall of Redis this long costs one resubscription, and
  // every watcher one refresh.
  static constexpr absl::Duration kPongTimeout = absl::Seconds(1);

  // Subscribes to the channels matching `pattern` (PSUBSCRIBE) until destroyed, on the first
  // of `endpoints` that answers (PoolOptions::endpoints()).
  Subscriber(std::vector<Endpoint> endpoints, std::string pattern, Handlers handlers);
  ~Subscriber();
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  // True while subscribed; false while Redis is unreachable.
  bool subscribed() const { return subscribed_.load(); }

 private:
  void Run();
  void ListenOnce();
  // Dispatches the messages of a subscribed connection until it is lost or stopped.
  void Listen(Connection& conn);

  const std::vector<Endpoint> endpoints_;
  size_t next_ = 0;  // the endpoint the next subscription dials; the subscriber's thread only
  const std::string pattern_;
  const Handlers handlers_;
  std::atomic<bool> subscribed_{false};
  std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stop_ = false;
  Connection* current_ = nullptr;  // guarded by mu_; interrupted on stop
  std::thread thread_;
};

}  // namespace devplan::redis
