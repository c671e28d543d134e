#include "services/common/redis_subscriber.h"

#include <spdlog/spdlog.h>

namespace devplan::redis {
namespace {

constexpr absl::Duration kRetryDelay = absl::Milliseconds(500);
constexpr absl::Duration kConnectTimeout = absl::Milliseconds(500);

}  // namespace

Subscriber::Subscriber(std::vector<Endpoint> endpoints, std::string pattern, Handlers handlers)
    : endpoints_(std::move(endpoints)),
      pattern_(std::move(pattern)),
      handlers_(std::move(handlers)),
      thread_([this] { Run(); }) {}

Subscriber::~Subscriber() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    if (current_ != nullptr) current_->Interrupt();
  }
  stop_cv_.notify_all();
  thread_.join();
}

void Subscriber::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    lock.unlock();
    ListenOnce();
    lock.lock();
    stop_cv_.wait_for(lock, absl::ToChronoMilliseconds(kRetryDelay), [this] { return stop_; });
  }
}

void Subscriber::ListenOnce() {
  // The command timeout bounds the handshake and a PING's write. Messages are awaited with
  // ReceiveFor, which a quiet channel never trips, and a stop interrupts that wait by
  // shutting the socket down.
  const Endpoint& endpoint = endpoints_[next_];
  // Whatever ends this subscription, the next one tries the next node.
  next_ = (next_ + 1) % endpoints_.size();
  absl::StatusOr<std::unique_ptr<Connection>> conn =
      Connection::Open(endpoint, kConnectTimeout, kPongTimeout);
  if (!conn.ok()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_) return;
    current_ = conn->get();
  }
  const bool was_subscribed = (*conn)->Run({"PSUBSCRIBE", pattern_}).ok();
  if (was_subscribed) {
    subscribed_ = true;
    spdlog::info("subscribed to {}", pattern_);
    if (handlers_.on_subscribed) handlers_.on_subscribed();
    Listen(**conn);
    subscribed_ = false;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    current_ = nullptr;
    if (stop_) return;
  }
  spdlog::warn("subscription to {} lost; retrying", pattern_);
  if (was_subscribed && handlers_.on_lost) handlers_.on_lost();
}

void Subscriber::Listen(Connection& conn) {
  bool pinged = false;
  while (true) {
    absl::StatusOr<std::optional<Reply>> message =
        conn.ReceiveFor(pinged ? kPongTimeout : kPingAfter);
    if (!message.ok()) return;  // closed by Redis, reset, or interrupted by a stop
    if (!message->has_value()) {
      if (pinged) {
        spdlog::warn("redis did not answer a PING on the subscription to {} within {}",
                     pattern_, absl::FormatDuration(kPongTimeout));
        return;
      }
      if (!conn.Send({"PING"}).ok()) return;
      pinged = true;
      continue;
    }
    // Anything Redis sends proves it alive; the PING's own answer is ["pong", ""].
    pinged = false;
    const Reply& m = **message;
    // ["pmessage", pattern, channel, payload]
    if (m.size() == 4 && m[0].str() == "pmessage" && handlers_.on_message) {
      handlers_.on_message(std::string(m[2].str()), std::string(m[3].str()));
    }
  }
}

}  // namespace devplan::redis
