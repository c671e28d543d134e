#include "services/aggregator/scorecard_watch.h"

#include "absl/strings/str_cat.h"

#include <optional>
#include <vector>

#include <spdlog/spdlog.h>

#include "devplan/v1/scorecard.grpc.pb.h"
#include "services/common/grpc_glue.h"
#include "services/common/mutation.h"
#include "services/common/telemetry.h"

namespace devplan::aggregator {
namespace {

// A scorecard's content without the moment it was computed: two cards with equal content
// are the same news.
std::string ContentOf(const v1::Scorecard& card) {
  v1::Scorecard c = card;
  c.clear_compute_time();
  return store::Fingerprint(c);
}

// A stream that fails at once (bad request, no plan).
class FailedStream : public grpc::ServerWriteReactor<v1::Scorecard> {
 public:
  explicit FailedStream(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

std::string ClientOfPeer(const std::string& peer) {
  if (!peer.starts_with("ipv4:") && !peer.starts_with("ipv6:")) return peer;
  const size_t colon = peer.rfind(':');
  return colon > 4 ? peer.substr(0, colon) : peer;
}

std::string WatchClient(const std::string& identity, const std::string& peer) {
  return identity.empty() ? absl::StrCat("host ", ClientOfPeer(peer)) : absl::StrCat("identity ", identity);
}

class WatchHub::Watcher : public grpc::ServerWriteReactor<v1::Scorecard> {
 public:
  Watcher(WatchHub* hub, v1::WatchScorecardRequest request, std::string client)
      : hub_(hub),
        request_(std::move(request)),
        key_(store::Fingerprint(request_)),
        client_(std::move(client)) {}

  const v1::WatchScorecardRequest& request() const { return request_; }
  const std::string& client() const { return client_; }
  const std::string& key() const { return key_; }

  // The first scorecard could not be computed (no plan, say): the stream fails with why.
  void FailIfNothingSent(const absl::Status& status) {
    {
      std::lock_guard lock(mu_);
      if (!last_content_.empty() || finishing_) return;
      finishing_ = true;
    }
    FinishOnce(ToGrpcStatus(status));
  }

  // Sends `card` unless it is what was last sent; while a write is in flight it waits as the
  // one pending card (replacing an older pending one).
  void Offer(const v1::Scorecard& card) {
    std::string content = ContentOf(card);
    {
      std::lock_guard lock(mu_);
      if (finishing_ || content == last_content_) return;
      last_content_ = std::move(content);
      if (writing_) {
        pending_ = card;
        return;
      }
      writing_ = true;
      current_ = card;
    }
    if (telemetry::Metrics* m = telemetry::Active()) m->WatchPush();
    StartWrite(&current_);  // outside the lock: its completion may run on any thread
  }

  // The server stops: end with `status` now, or after the write in flight.
  void End(const grpc::Status& status) {
    {
      std::lock_guard lock(mu_);
      if (finishing_) return;
      finishing_ = true;
      final_status_ = status;
      if (writing_) return;  // OnWriteDone finishes with final_status_
    }
    FinishOnce(status);
  }

  void OnWriteDone(bool ok) override {
    bool finish = false;
    grpc::Status status;
    {
      std::lock_guard lock(mu_);
      if (!ok || finishing_) {
        writing_ = false;
        finish = true;
        finishing_ = true;
        status = final_status_;
      } else if (pending_) {
        current_ = *std::move(pending_);
        pending_.reset();
      } else {
        writing_ = false;
        return;
      }
    }
    if (finish) {
      FinishOnce(status);
      return;
    }
    if (telemetry::Metrics* m = telemetry::Active()) m->WatchPush();
    StartWrite(&current_);
  }

  void OnCancel() override {
    {
      std::lock_guard lock(mu_);
      finishing_ = true;
      if (writing_) return;  // OnWriteDone finishes the stream
    }
    FinishOnce(grpc::Status::CANCELLED);
  }

  void OnDone() override {
    hub_->Unregister(this);
    delete this;
  }

 private:
  void FinishOnce(const grpc::Status& status) {
    {
      std::lock_guard lock(mu_);
      if (finished_) return;
      finished_ = true;
    }
    Finish(status);  // last touch: OnDone may run (and delete this) right after
  }

  WatchHub* const hub_;
  const v1::WatchScorecardRequest request_;
  const std::string key_;
  const std::string client_;
  std::mutex mu_;
  bool writing_ = false;
  bool finishing_ = false;
  bool finished_ = false;
  v1::Scorecard current_;
  std::optional<v1::Scorecard> pending_;
  std::string last_content_;
  grpc::Status final_status_;  // OK unless End() set it
};

WatchHub::WatchHub(Validate validate, Compute compute, absl::Duration batch_window,
                   DayEnd day_end, WatchLimits limits)
    : validate_(std::move(validate)),
      compute_(std::move(compute)),
      batch_window_(batch_window),
      day_end_(std::move(day_end)),
      limits_(limits),
      thread_([this] { Run(); }) {}

WatchHub::~WatchHub() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

grpc::ServerWriteReactor<v1::Scorecard>* WatchHub::Start(grpc::CallbackServerContext* ctx,
                                                         const v1::WatchScorecardRequest& request) {
  static const std::string kPath = absl::StrCat("/", v1::ScorecardService::service_full_name(), "/WatchScorecard");
  absl::StatusOr<CallIdentity> caller = AdmitCall(ctx, kPath, request);
  if (!caller.ok()) return new FailedStream(ToGrpcStatus(caller.status()));
  if (absl::Status s = validate_(request); !s.ok()) return new FailedStream(ToGrpcStatus(s));
  std::string client = WatchClient(caller->identity, ctx->peer());
  // The first scorecard is computed on the hub's thread like every later one: computing
  // means waiting on other services, which a gRPC thread must not do.
  Watcher* w = nullptr;
  {
    std::lock_guard lock(mu_);
    if (std::optional<grpc::Status> refused = Refusal(client)) return new FailedStream(*refused);
    ++per_client_[client];
    w = new Watcher(this, request, std::move(client));
    watchers_.emplace(request.district(), w);
    if (telemetry::Metrics* m = telemetry::Active()) m->WatchOpened();
    dirty_.insert(request.district());
    urgent_ = true;
  }
  wake_.notify_all();
  return w;
}

std::optional<grpc::Status> WatchHub::Refusal(const std::string& client) const {
  if (ended_) return *ended_;
  if (watchers_.size() >= limits_.total) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrCat("this server holds its most open watches (", limits_.total,
                                     "); retry later or against another replica"));
  }
  if (auto it = per_client_.find(client); it != per_client_.end() && it->second >= limits_.per_client) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrCat("this client (", client, ") already holds the most open watches per client (",
                                     limits_.per_client, "); close one, or watch several areas "
                                     "in one stream"));
  }
  return std::nullopt;
}

void WatchHub::Unregister(Watcher* w) {
  std::lock_guard lock(mu_);
  if (std::erase_if(watchers_, [w](const auto& kv) { return kv.second == w; }) > 0) {
    if (telemetry::Metrics* m = telemetry::Active()) m->WatchClosed();
  }
  if (auto it = per_client_.find(w->client()); it != per_client_.end() && --it->second == 0) {
    per_client_.erase(it);
  }
}

void WatchHub::EndAll(const grpc::Status& status) {
  // Under the lock like Refresh's pushes: a watcher cannot be unregistered (and deleted)
  // while it is being ended.
  std::lock_guard lock(mu_);
  ended_ = status;
  for (const auto& [district, w] : watchers_) w->End(status);
}

size_t WatchHub::watchers() const {
  std::lock_guard lock(mu_);
  return watchers_.size();
}

void WatchHub::NotifyChanged(const std::string& district) {
  {
    std::lock_guard lock(mu_);
    if (!watchers_.contains(district)) return;
    dirty_.insert(district);
  }
  wake_.notify_all();
}

void WatchHub::NotifyAllChanged() {
  {
    std::lock_guard lock(mu_);
    all_dirty_ = true;
  }
  wake_.notify_all();
}

void WatchHub::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    const bool woken = wake_.wait_until(lock, absl::ToChronoTime(day_end_()), [this] {
      return stop_ || all_dirty_ || !dirty_.empty();
    });
    if (stop_) return;
    if (!woken) {
      MarkTodayWatchersDirty();
      if (dirty_.empty()) continue;
    }
    // The first change after a quiet spell is pushed at once; changes arriving within a
    // window of the last refresh wait for the window's end and go out together, so a burst of
    // writes (an import) costs one computation per window, not one per write. A new watcher
    // waiting for its first scorecard is served at once.
    if (!urgent_) {
      wake_.wait_until(lock, absl::ToChronoTime(last_refresh_ + batch_window_),
                       [this] { return stop_; });
    }
    if (stop_) return;
    // A round for a new watcher's first card is not a change: it does not open a window.
    if (!urgent_) last_refresh_ = absl::Now();
    urgent_ = false;
    std::set<std::string> districts = std::move(dirty_);
    dirty_.clear();
    if (all_dirty_) {
      for (const auto& [d, w] : watchers_) districts.insert(d);
      all_dirty_ = false;
    }
    lock.unlock();
    Refresh(districts);
    lock.lock();
  }
}

void WatchHub::MarkTodayWatchersDirty() {
  for (const auto& [district, w] : watchers_) {
    if (!w->request().has_as_of()) dirty_.insert(district);
  }
}

void WatchHub::Refresh(const std::set<std::string>& districts) {
  std::map<std::string, v1::WatchScorecardRequest> requests;
  {
    std::lock_guard lock(mu_);
    for (const std::string& d : districts) {
      for (auto [it, end] = watchers_.equal_range(d); it != end; ++it) {
        requests.emplace(it->second->key(), it->second->request());
      }
    }
  }
  // One computation per distinct watched scorecard, however many watch it.
  std::map<std::string, absl::StatusOr<v1::Scorecard>> cards;
  for (const auto& [key, request] : requests) {
    absl::StatusOr<v1::Scorecard> card = compute_(request);
    if (!card.ok()) spdlog::warn("watch of {}: {}", request.district(), card.status().ToString());
    cards.emplace(key, std::move(card));
  }
  std::lock_guard lock(mu_);
  for (const std::string& d : districts) {
    for (auto [it, end] = watchers_.equal_range(d); it != end; ++it) {
      auto card = cards.find(it->second->key());
      if (card == cards.end()) continue;  // started after this round began: next round
      if (card->second.ok()) {
        it->second->Offer(*card->second);
      } else {
        // A watcher that has a scorecard keeps it; a new one learns why it has none.
        it->second->FailIfNothingSent(card->second.status());
      }
    }
  }
}

}  // namespace devplan::aggregator
