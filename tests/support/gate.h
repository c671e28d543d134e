// A gate that work blocks at until the test opens it, counting who arrived: lets a test hold
// a worker busy and know, by an event rather than a sleep, that the work has started.
// Waits give up after a generous hang guard (answering false) so a broken build fails the
// test instead of hanging it; nothing asserts on time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace devplan::testing {

inline constexpr std::chrono::seconds kHangGuard{30};

class Gate {
 public:
  Gate() = default;
  // Opens, so that no worker stays blocked on a gate that is going away.
  ~Gate() { Open(); }
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

  // Called by the work: counts the arrival, then blocks until Open.
  void Pass() {
    std::unique_lock lock(mu_);
    ++arrived_;
    cv_.notify_all();
    cv_.wait(lock, [this] { return open_; });
  }

  // True once `n` arrivals were counted (false after the hang guard).
  bool WaitArrivals(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kHangGuard, [&] { return arrived_ >= n; });
  }

  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }

  int arrived() {
    std::lock_guard lock(mu_);
    return arrived_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int arrived_ = 0;
  bool open_ = false;
};

}  // namespace devplan::testing
