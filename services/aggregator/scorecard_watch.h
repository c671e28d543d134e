// WatchScorecard: live scorecards pushed to dashboards.
//
// A domain write publishes a change event on events:{district}; the hub collects the
// districts that changed for a short moment (a streamed year of hourly readings is thousands
// of writes, and a dashboard needs one push, not thousands), then computes each watched
// (district, date, areas) once and hands the result to every watcher of it. A watcher sends
// only a scorecard that differs from the last one it sent, and never queues more than one:
// a slow client gets the newest card, not a backlog.
//
// A watch without as_of follows "today": when the day turns (00:00 China Standard Time) its
// scorecard is recomputed even if nothing was written, so the elapsed-time line and the
// expected figures of a dashboard left open overnight move on with the calendar.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "devplan/v1/scorecard.pb.h"
#include "services/aggregator/scorecard_cache.h"
#include "services/common/dates.h"

namespace devplan::aggregator {

// Open watch streams one aggregator holds: each is a stream and a place in every refresh.
// One more is refused RESOURCE_EXHAUSTED (README, limits).
struct WatchLimits {
  size_t total = 10'000;
  // Per client, so one client (a runaway dashboard) cannot take every place. A client is its
  // identity when it signed in (`WatchClient`), else its host.
  size_t per_client = 1'000;
};

// "ipv4:10.1.2.3:5123" → "ipv4:10.1.2.3", "ipv6:[::1]:5123" → "ipv6:[::1]"; others as they are.
std::string ClientOfPeer(const std::string& peer);

// Whose quota of watches a call counts against: "identity NAME" for a signed-in caller (many
// dashboards behind one gateway host are told apart; one identity on many hosts is one
// client), else "host ClientOfPeer(peer)" on a plaintext port.
std::string WatchClient(const std::string& identity, const std::string& peer);

class WatchHub {
 public:
  // How a watched scorecard is computed: the request with as_of resolved (unset as_of means
  // "today", taken afresh each time).
  using Compute = std::function<absl::StatusOr<v1::Scorecard>(const v1::WatchScorecardRequest&)>;
  // Checks a request's fields (cheaply, without I/O) before a stream is started.
  using Validate = std::function<absl::Status(const v1::WatchScorecardRequest&)>;

  // When the current day ends; watchers of "today" are refreshed then.
  using DayEnd = std::function<absl::Time()>;

  WatchHub(Validate validate, Compute compute,
           absl::Duration batch_window = absl::Milliseconds(200),
           DayEnd day_end = StartOfTomorrowInChina, WatchLimits limits = {});
  ~WatchHub();

  // Starts a stream: an invalid request fails at once; the first scorecard follows as soon
  // as it is computed (or the stream fails with the reason, e.g. NOT_FOUND), then the pushes.
  grpc::ServerWriteReactor<v1::Scorecard>* Start(grpc::CallbackServerContext* ctx,
                                                 const v1::WatchScorecardRequest& request);

  // Something in the district changed (a change event).
  void NotifyChanged(const std::string& district);
  // Events may have been missed (a (re)subscription): every watched district is refreshed.
  void NotifyAllChanged();

  size_t watchers() const;

  // The server is stopping: every open stream ends with `status` (after a write in flight),
  // and new ones are refused with it. Without this, watches would hold the drain open until
  // its deadline and then end CANCELLED, which a client cannot tell from its own cancel.
  void EndAll(const grpc::Status& status);

 private:
  class Watcher;
  void Unregister(Watcher* w);
  // Why a new watch from `client` is refused, if it is (with mu_ held).
  std::optional<grpc::Status> Refusal(const std::string& client) const;
  void Run();
  void Refresh(const std::set<std::string>& districts);
  void MarkTodayWatchersDirty();  // with mu_ held

  const Validate validate_;
  const Compute compute_;
  const absl::Duration batch_window_;
  const DayEnd day_end_;
  const WatchLimits limits_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool all_dirty_ = false;
  bool urgent_ = false;  // a new watcher waits for its first scorecard
  absl::Time last_refresh_ = absl::UnixEpoch();  // when the last round of refreshes began
  std::optional<grpc::Status> ended_;  // set by EndAll
  std::set<std::string> dirty_;
  std::multimap<std::string, Watcher*> watchers_;  // by district
  std::map<std::string, size_t> per_client_;       // open watches by WatchClient
  std::thread thread_;
};

}  // namespace devplan::aggregator
