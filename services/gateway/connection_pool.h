// The threads that serve HTTP connections. cpp-httplib hands each accepted connection to a
// TaskQueue; its own ThreadPool queues without bound. This one has a fixed number of threads
// and at most `max_queued` connections waiting for one; a connection beyond that is served
// by a single spill thread on which Overloaded() is true, so the gateway answers it 503 at
// once (the pre-routing handler) instead of letting the backlog grow.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace devplan::gateway {

class ConnectionPool : public httplib::TaskQueue {
 public:
  ConnectionPool(size_t threads, size_t max_queued);
  ~ConnectionPool() override;

  void enqueue(std::function<void()> fn) override;
  // Runs what is queued, then joins every thread (httplib calls it when the server stops).
  void shutdown() override;

  // True on the spill thread: the connection it serves found the pool full.
  static bool Overloaded();

  // Connections refused so far (served on the spill thread).
  size_t refused() const;

 private:
  void Work(bool spill);

  const size_t max_queued_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  std::deque<std::function<void()>> spill_;
  size_t refused_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace devplan::gateway
