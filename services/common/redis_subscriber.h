// A Redis pub/sub subscription on its own connection and thread. It reconnects by itself
// after a Redis restart and says so through on_subscribed, because messages published while
// it was away are lost: whoever relies on them must treat a (re)subscription as "anything
// may have changed".
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "services/common/redis_connection.h"

namespace devplan::redis {

class Subscriber {
 public:
  struct Handlers {
    // Called on the subscriber's thread each time the subscription is (re)established.
    std::function<void()> on_subscribed;
    // Called on the subscriber's thread for each message on a matching channel.
    std::function<void(const std::string& channel, const std::string& payload)> on_message;
  };

  // Subscribes to the channels matching `pattern` (PSUBSCRIBE) until destroyed.
  Subscriber(Endpoint endpoint, std::string pattern, Handlers handlers);
  ~Subscriber();
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  // True while subscribed; false while Redis is unreachable.
  bool subscribed() const { return subscribed_.load(); }

 private:
  void Run();
  void ListenOnce();

  const Endpoint endpoint_;
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
