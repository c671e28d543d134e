// One WatchScorecard stream bridged to one Server-Sent Events connection, and the bounded set
// of them. A thread of the watch reads the gRPC stream and keeps only the newest card as JSON:
// an HTTP client that reads slowly gets the latest card, never a backlog. The connection's
// thread waits on it, with a timeout, so it can send heartbeats while nothing changes.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "absl/time/time.h"
#include "devplan/v1/scorecard.grpc.pb.h"

namespace devplan::gateway {

class LiveWatches;

class LiveWatch {
 public:
  enum class Next { kCard, kEnded, kTimeout, kClosed };

  // Starts the stream at once; `context` carries the caller's token. Use LiveWatches::Open.
  LiveWatch(LiveWatches& owner, v1::ScorecardService::Stub& stub, const v1::WatchScorecardRequest& request,
            std::unique_ptr<grpc::ClientContext> context);
  // Cancels the stream and joins its reader.
  ~LiveWatch();
  LiveWatch(const LiveWatch&) = delete;
  LiveWatch& operator=(const LiveWatch&) = delete;

  // Waits up to `timeout` until there is a card (kCard, without taking it), the stream ended
  // (kEnded, *status set) or the watch was closed; kTimeout otherwise.
  Next WaitFirst(absl::Duration timeout, grpc::Status* status);
  // Waits up to `timeout` for the next card and takes it (kCard, *json set), or the end.
  Next Take(absl::Duration timeout, std::string* json, grpc::Status* status);
  // Ends the watch: the waiting connection sees kClosed, the stream is cancelled.
  void Close();

  // The id of the next event sent (SSE `id:`), continuing a reconnect's Last-Event-ID.
  unsigned long long NextEventId() { return ++last_event_id_; }
  void SetLastEventId(unsigned long long id) { last_event_id_ = id; }

 private:
  void Read();
  Next WaitLocked(std::unique_lock<std::mutex>& lock, absl::Duration timeout, grpc::Status* status);

  LiveWatches& owner_;
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientReader<v1::Scorecard>> reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<std::string> pending_;
  std::optional<grpc::Status> ended_;
  bool closed_ = false;
  unsigned long long last_event_id_ = 0;
  std::thread thread_;
};

// At most `max_watches` watches at a time; CloseAll at shutdown ends them and refuses more.
class LiveWatches {
 public:
  explicit LiveWatches(size_t max_watches) : max_(max_watches) {}

  // A new watch, or nullptr when `max_watches` are open or the gateway is stopping.
  std::shared_ptr<LiveWatch> Open(v1::ScorecardService::Stub& stub, const v1::WatchScorecardRequest& request,
                                  std::unique_ptr<grpc::ClientContext> context);
  void CloseAll();
  size_t open() const;
  size_t max() const { return max_; }

 private:
  friend class LiveWatch;
  void Remove(LiveWatch* watch);

  const size_t max_;
  mutable std::mutex mu_;
  std::set<LiveWatch*> watches_;
  size_t reserved_ = 0;
  bool closed_ = false;
};

}  // namespace devplan::gateway
