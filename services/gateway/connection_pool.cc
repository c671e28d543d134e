#include "services/gateway/connection_pool.h"

namespace devplan::gateway {
namespace {
thread_local bool overloaded = false;
}  // namespace

ConnectionPool::ConnectionPool(size_t threads, size_t max_queued) : max_queued_(max_queued) {
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(false); });
  threads_.emplace_back([this] { Work(true); });
}

ConnectionPool::~ConnectionPool() { shutdown(); }

void ConnectionPool::enqueue(std::function<void()> fn) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (queue_.size() < max_queued_) {
      queue_.push_back(std::move(fn));
    } else {
      // Every connection must still be run: the job is what closes its socket.
      spill_.push_back(std::move(fn));
      ++refused_;
    }
  }
  cv_.notify_all();
}

void ConnectionPool::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

bool ConnectionPool::Overloaded() { return overloaded; }

size_t ConnectionPool::refused() const {
  std::lock_guard<std::mutex> lock(mu_);
  return refused_;
}

void ConnectionPool::Work(bool spill) {
  overloaded = spill;
  std::deque<std::function<void()>>& jobs = spill ? spill_ : queue_;
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return !jobs.empty() || stopping_; });
      if (jobs.empty()) return;  // stopping, and nothing left to close
      fn = std::move(jobs.front());
      jobs.pop_front();
    }
    fn();
  }
}

}  // namespace devplan::gateway
