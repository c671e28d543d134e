// A fixed set of threads for work that waits on other services. A callback-API handler must
// not block its gRPC thread for long (those threads also run other calls' reactions), so a
// handler whose work fans out to other servers hands it here and finishes the call from a
// worker (see FinishUnaryOn in grpc_glue.h).
//
// The queue of waiting tasks has a bound for new work: under overload a server refuses a new
// call at once (TrySubmit → false → RESOURCE_EXHAUSTED) instead of letting memory and latency
// grow without limit and running calls whose clients gave up long ago.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace devplan {

class WorkerPool {
 public:
  // The bound a pool of `threads` gets unless told otherwise: enough for bursts (the
  // aggregator's fan-out sends each domain service a few calls per scorecard at once).
  static constexpr std::size_t kQueuedPerThread = 16;
  static std::size_t DefaultMaxQueued(int threads) {
    return kQueuedPerThread * static_cast<std::size_t>(threads);
  }

  // TrySubmit accepts a task while fewer than `max_queued` (at least 1) wait for a thread.
  WorkerPool(int threads, std::size_t max_queued);
  explicit WorkerPool(int threads) : WorkerPool(threads, DefaultMaxQueued(threads)) {}
  // Runs every task already submitted, then joins.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // New work (a call not yet started): queued unless `max_queued` tasks already wait, in
  // which case it is dropped and the answer is false.
  [[nodiscard]] bool TrySubmit(std::function<void()> task);
  // Always queued, even past the bound: only for the next step of work already admitted
  // (a stream's next message, or a batch of its readings to write), which must not be
  // refused (see hourly_stream.cc). Each admitted stream has at most one message and one
  // write waiting, so these stay bounded by the calls.
  void Submit(std::function<void()> task);

  // Tasks waiting for a thread (not counting those running).
  std::size_t queued() const;
  std::size_t max_queued() const { return max_queued_; }

 private:
  void Run();

  const std::size_t max_queued_;
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace devplan
