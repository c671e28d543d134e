// A watch of "today" moves on when the day turns, with no write at all: a dashboard left
// open overnight must not keep yesterday's elapsed-time line. The hub runs behind a real
// gRPC server on loopback; only the scorecard computation and the calendar are the test's.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "devplan/v1/scorecard.grpc.pb.h"
#include "services/aggregator/scorecard_watch.h"
#include "services/common/dates.h"

namespace devplan::aggregator {
namespace {

// A day that the test turns by hand; the hub learns of the turn through its day_end.
struct Calendar {
  std::atomic<int> day{1};
  std::atomic<int> computations{0};
};

// Day ends on the test's terms, for checking what a day turn must NOT do: once the first
// scorecard has been computed the hub is told `turns` times in a row that the day is already
// over, then that the day lasts long. The hub asks for the day's end at the top of every
// round, so its asking once more after the last turn means each turn has been handled in
// full, however fast or slow the machine is: no guess at how long that takes.
class DayTurns {
 public:
  explicit DayTurns(int turns) : left_(turns) {}

  absl::Time End(bool first_card_computed) {
    std::lock_guard lock(mu_);
    if (first_card_computed && left_ > 0) {
      --left_;
      ++taken_;
      return absl::UnixEpoch();  // long over
    }
    if (first_card_computed) {
      handled_ = true;
      cv_.notify_all();
    }
    return absl::Now() + absl::Hours(24);
  }

  // False if the hub stopped asking (the limit only keeps a broken hub from hanging the
  // test; nothing is measured against it).
  bool WaitUntilAllHandled(absl::Duration limit) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, absl::ToChronoMilliseconds(limit), [this] { return handled_; });
  }

  int taken() {
    std::lock_guard lock(mu_);
    return taken_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int left_;
  int taken_ = 0;
  bool handled_ = false;
};

class WatchOnly : public v1::ScorecardService::CallbackService {
 public:
  explicit WatchOnly(WatchHub& hub) : hub_(hub) {}
  grpc::ServerWriteReactor<v1::Scorecard>* WatchScorecard(
      grpc::CallbackServerContext* ctx, const v1::WatchScorecardRequest* request) override {
    return hub_.Start(ctx, *request);
  }

 private:
  WatchHub& hub_;
};

class WatchDayTurn : public ::testing::Test {
 protected:
  // The hub behind a real server; `day_end` is when the hub believes the day ends.
  void StartHub(WatchHub::DayEnd day_end, WatchLimits limits = {},
                absl::Duration batch_window = absl::Milliseconds(10)) {
    hub_ = std::make_unique<WatchHub>(
        [](const v1::WatchScorecardRequest&) { return absl::OkStatus(); },
        [this](const v1::WatchScorecardRequest& r) -> absl::StatusOr<v1::Scorecard> {
          ++calendar_.computations;
          v1::Scorecard card;
          card.set_district(r.district());
          *card.mutable_as_of() = r.has_as_of() ? r.as_of()
                                                : ToProtoDate(absl::CivilDay(2024, 3, calendar_.day));
          return card;
        },
        batch_window, std::move(day_end), limits);
    service_ = std::make_unique<WatchOnly>(*hub_);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    stub_ = v1::ScorecardService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    hub_.reset();
  }

  // A watch of 410108, as of `as_of` or (unset) today, with a deadline that ends a test that
  // waits in vain.
  std::unique_ptr<grpc::ClientReader<v1::Scorecard>> Watch(grpc::ClientContext& ctx,
                                                           std::optional<absl::CivilDay> as_of) {
    v1::WatchScorecardRequest req;
    req.set_district("410108");
    if (as_of) *req.mutable_as_of() = ToProtoDate(*as_of);
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return stub_->WatchScorecard(&ctx, req);
  }

  Calendar calendar_;
  std::unique_ptr<DayTurns> turns_;  // outlives the hub, which calls it
  std::unique_ptr<WatchHub> hub_;
  std::unique_ptr<WatchOnly> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::ScorecardService::Stub> stub_;
};

// Nothing grows without bound: one watch over the limit is refused by name, and a closed
// watch frees its place.
TEST_F(WatchDayTurn, WatchesBeyondTheLimitAreRefusedUntilOneCloses) {
  StartHub(StartOfTomorrowInChina, {.total = 2, .per_client = 100});
  grpc::ClientContext a, b, c;
  auto first = Watch(a, absl::CivilDay(2024, 3, 1));
  auto second = Watch(b, absl::CivilDay(2024, 3, 1));
  v1::Scorecard card;
  ASSERT_TRUE(first->Read(&card));
  ASSERT_TRUE(second->Read(&card));
  auto third = Watch(c, absl::CivilDay(2024, 3, 1));
  EXPECT_FALSE(third->Read(&card));
  grpc::Status refused = third->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(refused.error_message().find("(2)"), std::string::npos) << refused.error_message();

  a.TryCancel();
  EXPECT_FALSE(first->Read(&card));
  first->Finish();
  // The server forgets the cancelled watch when its stream is done (hang guard: 20 s).
  for (int i = 0; i < 2000 && hub_->watchers() > 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(hub_->watchers(), 1u);
  grpc::ClientContext d;
  auto fourth = Watch(d, absl::CivilDay(2024, 3, 1));
  EXPECT_TRUE(fourth->Read(&card));
}

// One client cannot take every place: its watches beyond the per-client limit are refused by
// name while the server has room, and a closed one frees its place.
TEST_F(WatchDayTurn, OneClientsWatchesBeyondItsLimitAreRefused) {
  StartHub(StartOfTomorrowInChina, {.total = 100, .per_client = 2});
  grpc::ClientContext a, b, c, d;
  auto first = Watch(a, absl::CivilDay(2024, 3, 1));
  auto second = Watch(b, absl::CivilDay(2024, 3, 2));
  v1::Scorecard card;
  ASSERT_TRUE(first->Read(&card));
  ASSERT_TRUE(second->Read(&card));
  auto third = Watch(c, absl::CivilDay(2024, 3, 3));
  EXPECT_FALSE(third->Read(&card));
  grpc::Status refused = third->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(refused.error_message().find(
                "(host ipv4:127.0.0.1) already holds the most open watches per client (2)"),
            std::string::npos)
      << refused.error_message();

  a.TryCancel();
  EXPECT_FALSE(first->Read(&card));
  first->Finish();
  for (int i = 0; i < 2000 && hub_->watchers() > 1; ++i) {  // hang guard: 20 s
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(hub_->watchers(), 1u);
  auto fourth = Watch(d, absl::CivilDay(2024, 3, 1));
  EXPECT_TRUE(fourth->Read(&card));
}

TEST(ClientOfPeer, IsTheHostWithoutThePort) {
  EXPECT_EQ(ClientOfPeer("ipv4:10.1.2.3:5123"), "ipv4:10.1.2.3");
  EXPECT_EQ(ClientOfPeer("ipv6:[::1]:5123"), "ipv6:[::1]");
  EXPECT_EQ(ClientOfPeer("unix:/run/devplan.sock"), "unix:/run/devplan.sock");
  EXPECT_EQ(ClientOfPeer("ipv4:"), "ipv4:");
}

// With a window of an hour: a change after a quiet spell still arrives at once (waiting out
// the window would end the test at its 20 s deadline), and changes right after a push wait
// for the window, folded together, instead of each costing a computation.
TEST_F(WatchDayTurn, TheFirstChangeIsPushedAtOnceAndABurstRightAfterItWaitsForTheWindow) {
  StartHub(StartOfTomorrowInChina, {}, absl::Hours(1));
  grpc::ClientContext ctx;
  auto watch = Watch(ctx, std::nullopt);
  v1::Scorecard card;
  ASSERT_TRUE(watch->Read(&card));
  ASSERT_EQ(calendar_.computations, 1);
  calendar_.day = 2;  // the next card differs, so it is pushed
  hub_->NotifyChanged("410108");
  ASSERT_TRUE(watch->Read(&card));
  EXPECT_EQ(card.as_of().day(), 2);
  EXPECT_EQ(calendar_.computations, 2);
  for (int i = 0; i < 5; ++i) hub_->NotifyChanged("410108");
  // Nothing may be computed before the hour is out; a hub that did not wait would have done
  // so well within this.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(calendar_.computations, 2);
}

TEST(WatchClient, IsTheIdentityWhenSignedInElseTheHost) {
  EXPECT_EQ(WatchClient("dashboard", "ipv4:10.1.2.3:5123"), "identity dashboard");
  // Two dashboards behind one host are two clients; one identity from two hosts is one.
  EXPECT_NE(WatchClient("dashboard", "ipv4:10.1.2.3:1"), WatchClient("scorecard-job", "ipv4:10.1.2.3:2"));
  EXPECT_EQ(WatchClient("dashboard", "ipv4:10.1.2.3:1"), WatchClient("dashboard", "ipv4:10.9.9.9:2"));
  EXPECT_EQ(WatchClient("", "ipv4:10.1.2.3:5123"), "host ipv4:10.1.2.3");
}

TEST_F(WatchDayTurn, AWatchOfTodayIsSentTheNewDaysScorecardWithoutAnyWrite) {
  // The "day" ends every 50 ms; only a changed calendar day makes a new card, so the read
  // below waits for the first turn after the calendar moved, whenever that is.
  StartHub([] { return absl::Now() + absl::Milliseconds(50); });
  grpc::ClientContext ctx;
  auto stream = Watch(ctx, std::nullopt);
  v1::Scorecard card;
  ASSERT_TRUE(stream->Read(&card));
  EXPECT_EQ(card.as_of().day(), 1);

  calendar_.day = 2;
  ASSERT_TRUE(stream->Read(&card)) << "no scorecard after the day turned";
  EXPECT_EQ(card.as_of().day(), 2);
  ctx.TryCancel();
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST_F(WatchDayTurn, AWatchOfAFixedDateIsNotRecomputedWhenTheDayTurns) {
  calendar_.day = 2;  // what a recomputation would see
  turns_ = std::make_unique<DayTurns>(5);
  StartHub([this] { return turns_->End(calendar_.computations > 0); });
  grpc::ClientContext ctx;
  auto stream = Watch(ctx, absl::CivilDay(2024, 3, 31));
  v1::Scorecard card;
  ASSERT_TRUE(stream->Read(&card));
  ASSERT_TRUE(turns_->WaitUntilAllHandled(absl::Seconds(20))) << "the hub stopped asking";
  EXPECT_EQ(turns_->taken(), 5);
  EXPECT_EQ(calendar_.computations, 1) << "a day turn recomputed a watch of a fixed date";
  ctx.TryCancel();
  EXPECT_FALSE(stream->Read(&card));
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

}  // namespace
}  // namespace devplan::aggregator
