// A watch of "today" moves on when the day turns, with no write at all: a dashboard left
// open overnight must not keep yesterday's elapsed-time line. The hub runs behind a real
// gRPC server on loopback; only the scorecard computation and the calendar are the test's.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

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
  void SetUp() override {
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
        absl::Milliseconds(10),
        // The "day" ends every 50 ms; only a changed calendar day makes a new card.
        [] { return absl::Now() + absl::Milliseconds(50); });
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
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
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
  std::unique_ptr<WatchHub> hub_;
  std::unique_ptr<WatchOnly> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::ScorecardService::Stub> stub_;
};

TEST_F(WatchDayTurn, AWatchOfTodayIsSentTheNewDaysScorecardWithoutAnyWrite) {
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
  grpc::ClientContext ctx;
  auto stream = Watch(ctx, absl::CivilDay(2024, 3, 31));
  v1::Scorecard card;
  ASSERT_TRUE(stream->Read(&card));
  const int after_first = calendar_.computations;
  calendar_.day = 2;
  // Several day turns pass (every 50 ms here).
  absl::SleepFor(absl::Milliseconds(400));
  EXPECT_EQ(calendar_.computations, after_first);
  ctx.TryCancel();
  EXPECT_FALSE(stream->Read(&card));
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

}  // namespace
}  // namespace devplan::aggregator
