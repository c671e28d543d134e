#include "services/common/redis_subscriber.h"

#include <spdlog/spdlog.h>

namespace devplan::redis {
namespace {

constexpr absl::Duration kRetryDelay = absl::Milliseconds(500);

}  // namespace

Subscriber::Subscriber(Endpoint endpoint, std::string pattern, Handlers handlers)
    : endpoint_(std::move(endpoint)),
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
  // No read timeout: the connection waits for messages as long as it takes, and a stop
  // interrupts it by shutting the socket down.
  absl::StatusOr<std::unique_ptr<Connection>> conn =
      Connection::Open(endpoint_, absl::Milliseconds(500), absl::ZeroDuration());
  if (!conn.ok()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_) return;
    current_ = conn->get();
  }
  if ((*conn)->Run({"PSUBSCRIBE", pattern_}).ok()) {
    subscribed_ = true;
    spdlog::info("subscribed to {}", pattern_);
    if (handlers_.on_subscribed) handlers_.on_subscribed();
    while (true) {
      absl::StatusOr<Reply> message = (*conn)->Receive();
      if (!message.ok()) break;
      // ["pmessage", pattern, channel, payload]
      if (message->size() == 4 && (*message)[0].str() == "pmessage" && handlers_.on_message) {
        handlers_.on_message(std::string((*message)[2].str()), std::string((*message)[3].str()));
      }
    }
    subscribed_ = false;
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (!stop_) spdlog::warn("subscription to {} lost; retrying", pattern_);
  current_ = nullptr;
}

}  // namespace devplan::redis
