#include "services/gateway/live_watch.h"

#include "services/common/telemetry.h"
#include "services/gateway/proto_json.h"

namespace devplan::gateway {

LiveWatch::LiveWatch(LiveWatches& owner, v1::ScorecardService::Stub& stub,
                     const v1::WatchScorecardRequest& request, std::unique_ptr<grpc::ClientContext> context)
    : owner_(owner), context_(std::move(context)) {
  reader_ = stub.WatchScorecard(context_.get(), request);
  thread_ = std::thread([this] { Read(); });
  // The same gauge as the aggregator's WatchScorecard streams: the scrape target tells them apart.
  if (telemetry::Metrics* m = telemetry::Active()) m->WatchOpened();
}

LiveWatch::~LiveWatch() {
  Close();
  thread_.join();
  owner_.Remove(this);
  if (telemetry::Metrics* m = telemetry::Active()) m->WatchClosed();
}

void LiveWatch::Read() {
  v1::Scorecard card;
  while (reader_->Read(&card)) {
    absl::StatusOr<std::string> json = ToJson(card);
    if (!json.ok()) continue;  // a card is always printable; a stream must not end for one
    {
      std::lock_guard<std::mutex> lock(mu_);
      pending_ = *std::move(json);
    }
    cv_.notify_all();
  }
  grpc::Status status = reader_->Finish();
  {
    std::lock_guard<std::mutex> lock(mu_);
    ended_ = std::move(status);
  }
  cv_.notify_all();
}

LiveWatch::Next LiveWatch::WaitLocked(std::unique_lock<std::mutex>& lock, absl::Duration timeout,
                                      grpc::Status* status) {
  cv_.wait_for(lock, absl::ToChronoNanoseconds(timeout),
               [&] { return closed_ || pending_.has_value() || ended_.has_value(); });
  if (closed_) return Next::kClosed;
  if (pending_) return Next::kCard;
  if (ended_) {
    *status = *ended_;
    return Next::kEnded;
  }
  return Next::kTimeout;
}

LiveWatch::Next LiveWatch::WaitFirst(absl::Duration timeout, grpc::Status* status) {
  std::unique_lock<std::mutex> lock(mu_);
  return WaitLocked(lock, timeout, status);
}

LiveWatch::Next LiveWatch::Take(absl::Duration timeout, std::string* json, grpc::Status* status) {
  std::unique_lock<std::mutex> lock(mu_);
  Next next = WaitLocked(lock, timeout, status);
  if (next == Next::kCard) {
    *json = std::move(*pending_);
    pending_.reset();
    if (telemetry::Metrics* m = telemetry::Active()) m->WatchPush();
  }
  return next;
}

void LiveWatch::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
  context_->TryCancel();
}

std::shared_ptr<LiveWatch> LiveWatches::Open(v1::ScorecardService::Stub& stub,
                                             const v1::WatchScorecardRequest& request,
                                             std::unique_ptr<grpc::ClientContext> context) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_ || watches_.size() + reserved_ >= max_) return nullptr;
    ++reserved_;  // the slot is taken before the stream starts, outside the lock
  }
  auto watch = std::make_shared<LiveWatch>(*this, stub, request, std::move(context));
  bool closed = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    --reserved_;
    watches_.insert(watch.get());
    closed = closed_;
  }
  if (closed) watch->Close();  // CloseAll ran while it started
  return watch;
}

void LiveWatches::CloseAll() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  for (LiveWatch* w : watches_) w->Close();
}

size_t LiveWatches::open() const {
  std::lock_guard<std::mutex> lock(mu_);
  return watches_.size();
}

void LiveWatches::Remove(LiveWatch* watch) {
  std::lock_guard<std::mutex> lock(mu_);
  watches_.erase(watch);
}

}  // namespace devplan::gateway
