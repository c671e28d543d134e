// The pub/sub subscriber against a real redis-server: messages delivered, a lost connection
// reported and the subscription made anew, whether Redis closed it (a restart) or went
// silent with it open (paused: only the PING finds that out). Every wait is for an event,
// with a generous hang guard; nothing asserts how long anything took.
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/redis_subscriber.h"
#include "tests/support/redis_server.h"

namespace devplan::redis {
namespace {

constexpr auto kHangGuard = std::chrono::seconds(30);

// What the subscriber reported, by kind, for the test thread to wait on.
class Events {
 public:
  void Add(const std::string& what) {
    std::lock_guard lock(mu_);
    ++counts_[what];
    changed_.notify_all();
  }
  // Waits until `what` happened `n` times; false if the hang guard ran out first.
  bool WaitFor(const std::string& what, int n) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, kHangGuard, [&] { return counts_[what] >= n; });
  }
  int Count(const std::string& what) {
    std::lock_guard lock(mu_);
    return counts_[what];
  }
  Subscriber::Handlers Handlers() {
    return {.on_subscribed = [this] { Add("subscribed"); },
            .on_message = [this](const std::string& channel,
                                 const std::string& payload) { Add(channel + " " + payload); },
            .on_lost = [this] { Add("lost"); }};
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::map<std::string, int> counts_;
};

std::unique_ptr<Connection> Client(const testing::RedisServer& server) {
  auto c = Connection::Open(server.endpoint(), absl::Seconds(1), absl::Seconds(5));
  EXPECT_TRUE(c.ok()) << c.status();
  return c.ok() ? *std::move(c) : nullptr;
}

// How many PINGs Redis has run since its statistics were last reset.
int64_t PingsRun(Connection& c) {
  absl::StatusOr<Reply> info = c.Run({"INFO", "commandstats"});
  if (!info.ok()) return -1;
  for (absl::string_view line : absl::StrSplit(info->str(), "\r\n")) {
    if (!absl::ConsumePrefix(&line, "cmdstat_ping:calls=")) continue;
    int64_t calls = 0;
    return absl::SimpleAtoi(line.substr(0, line.find(',')), &calls) ? calls : -1;
  }
  return 0;
}

TEST(RedisSubscriber, DeliversMessagesAndResubscribesAfterARestart) {
  testing::RedisServer server;
  Events events;
  Subscriber subscriber({server.endpoint()}, "events:*", events.Handlers());
  ASSERT_TRUE(events.WaitFor("subscribed", 1));
  ASSERT_TRUE(Client(server)->Run({"PUBLISH", "events:{410108}", "one"}).ok());
  ASSERT_TRUE(events.WaitFor("events:{410108} one", 1));

  server.Stop();
  ASSERT_TRUE(events.WaitFor("lost", 1));
  server.Start();
  ASSERT_TRUE(events.WaitFor("subscribed", 2));
  ASSERT_TRUE(Client(server)->Run({"PUBLISH", "events:{410108}", "two"}).ok());
  EXPECT_TRUE(events.WaitFor("events:{410108} two", 1));
}

TEST(RedisSubscriber, NoticesAPausedRedisByItsUnansweredPingAndResubscribesWhenItResumes) {
  testing::RedisServer server;
  Events events;
  Subscriber subscriber({server.endpoint()}, "events:*", events.Handlers());
  ASSERT_TRUE(events.WaitFor("subscribed", 1));

  // The socket stays open: only a PING without an answer can tell.
  server.Pause();
  ASSERT_TRUE(events.WaitFor("lost", 1));
  EXPECT_FALSE(subscriber.subscribed());
  server.Resume();
  ASSERT_TRUE(events.WaitFor("subscribed", 2));
  ASSERT_TRUE(Client(server)->Run({"PUBLISH", "events:{410108}", "back"}).ok());
  EXPECT_TRUE(events.WaitFor("events:{410108} back", 1));
}

TEST(RedisSubscriber, AQuietButHealthySubscriptionIsKeptAcrossItsPings) {
  testing::RedisServer server;
  Events events;
  Subscriber subscriber({server.endpoint()}, "events:*", events.Handlers());
  ASSERT_TRUE(events.WaitFor("subscribed", 1));
  std::unique_ptr<Connection> client = Client(server);
  ASSERT_TRUE(client->Run({"CONFIG", "RESETSTAT"}).ok());
  // A second PING on the same subscription is sent only after the first one's answer was
  // taken as such; were it not, the connection would have been dropped before it.
  const auto give_up = std::chrono::steady_clock::now() + kHangGuard;
  while (PingsRun(*client) < 2) {
    ASSERT_LT(std::chrono::steady_clock::now(), give_up) << "no second PING";
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(events.Count("lost"), 0);
  EXPECT_EQ(events.Count("subscribed"), 1);
  EXPECT_TRUE(subscriber.subscribed());
}

}  // namespace
}  // namespace devplan::redis
