// Whether Redis answers, followed closely enough for load balancers and orchestrators to act
// on (issue #14: health lagged Redis by up to a second, and by seconds when a paused Redis had
// every pooled connection stuck). A dedicated connection, never the request pool, PINGs every
// kProbeIntervalMs with kProbeTimeoutMs. A refused connection turns NOT_SERVING at once; a PING
// without an answer only on the second in a row, so one slow fsync does not flap health.
// Worst case to NOT_SERVING: interval + 2 timeouts, under 100 ms; back to SERVING within one
// interval plus a connect.
//
// Several endpoints (the seeds of a Redis Cluster): a probe that cannot reach one moves on to
// the next, so a master that died (and its replica took over) does not turn a server
// NOT_SERVING while the cluster serves. It says Redis answers, not that every slot is served:
// a call to a slot without a master waits for the failover (redis_cluster.h).
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "services/common/redis_connection.h"

namespace devplan {

inline constexpr int kProbeIntervalMs = 20;
inline constexpr int kProbeTimeoutMs = 30;
static_assert(kProbeIntervalMs + 2 * kProbeTimeoutMs <= 100,
              "health must follow Redis within 100 ms");

class RedisHealth {
 public:
  // `sink` is told each change (true: Redis answers), the first result included.
  RedisHealth(std::vector<redis::Endpoint> endpoints, std::function<void(bool)> sink);
  ~RedisHealth();  // stops probing; `sink` is not called after it returns

 private:
  void Loop();
  bool Probe();  // one round: true when Redis answered

  const std::vector<redis::Endpoint> endpoints_;
  size_t next_ = 0;  // the endpoint the next connection dials
  const std::function<void(bool)> sink_;
  std::unique_ptr<redis::Connection> conn_;
  int missed_ = 0;  // PINGs in a row without an answer
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace devplan
