#include "services/common/redis_health.h"

#include <chrono>

#include <spdlog/spdlog.h>

namespace devplan {

RedisHealth::RedisHealth(std::vector<redis::Endpoint> endpoints, std::function<void(bool)> sink)
    : endpoints_(std::move(endpoints)), sink_(std::move(sink)), thread_([this] { Loop(); }) {}

RedisHealth::~RedisHealth() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

bool RedisHealth::Probe() {
  if (conn_ == nullptr) {
    absl::StatusOr<std::unique_ptr<redis::Connection>> c = absl::UnavailableError("no endpoint");
    for (size_t i = 0; i < endpoints_.size() && !c.ok(); ++i) {
      c = redis::Connection::Open(endpoints_[next_], absl::Milliseconds(kProbeTimeoutMs),
                                  absl::Milliseconds(kProbeTimeoutMs));
      if (!c.ok()) next_ = (next_ + 1) % endpoints_.size();
    }
    if (!c.ok()) {
      missed_ = 2;  // refused or unreachable: no reason to wait for a second look
      return false;
    }
    conn_ = *std::move(c);
  }
  if (conn_->Run({"PING"}).ok()) {
    missed_ = 0;
    return true;
  }
  conn_.reset();  // a timed-out hiredis context is broken for good
  next_ = (next_ + 1) % endpoints_.size();
  ++missed_;
  return false;
}

void RedisHealth::Loop() {
  std::optional<bool> shown;
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    const bool answered = Probe();
    // Down on the second miss in a row (or a refused connection); up on the first answer.
    const bool up = answered || (shown.value_or(false) && missed_ < 2);
    if (!shown.has_value() || *shown != up) {
      if (up) {
        spdlog::info("redis reachable: SERVING");
      } else {
        spdlog::warn("redis unreachable: NOT_SERVING");
      }
      sink_(up);
      shown = up;
    }
    lock.lock();
    // A round that timed out already waited: probe again at once.
    if (answered || missed_ >= 2) {
      cv_.wait_for(lock, std::chrono::milliseconds(kProbeIntervalMs), [this] { return stop_; });
    }
  }
}

}  // namespace devplan
