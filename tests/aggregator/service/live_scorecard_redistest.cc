// Scorecards kept and pushed: the cache and a domain write, WatchScorecard, month-end
// history and the several-district view, all over real gRPC and a real Redis.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "services/common/dates.h"
#include "services/common/redis_keys.h"
#include "tests/aggregator/service/plan_fixtures.h"
#include "tests/support/suite_fixture.h"

namespace devplan::testing {
namespace {

v1::GetScorecardRequest CardRequest(v1::Date as_of, const std::string& district = "410108") {
  v1::GetScorecardRequest r;
  r.set_district(district);
  *r.mutable_as_of() = as_of;
  return r;
}

TEST(LiveScorecard, ARepeatedScorecardIsReusedUntilADomainWriteChangesIt) {
  SuiteFixture s;
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(TestPlan(), "p")).ok());
  ReportJobs(s, 1, 300);

  absl::StatusOr<v1::Scorecard> first = s.scorecard().DoGetScorecard(CardRequest(D(2024, 2, 10)));
  ASSERT_TRUE(first.ok()) << first.status();
  const int64_t hits_before = s.scorecard().scorecards().cache_stats().hits;
  absl::StatusOr<v1::Scorecard> again = s.scorecard().DoGetScorecard(CardRequest(D(2024, 2, 10)));
  ASSERT_TRUE(again.ok());
  // Served from the cache: the very computation of the first call.
  EXPECT_EQ(s.scorecard().scorecards().cache_stats().hits, hits_before + 1);
  EXPECT_EQ(again->compute_time().nanos(), first->compute_time().nanos());
  EXPECT_EQ(again->compute_time().seconds(), first->compute_time().seconds());

  // A revision of January replaces its value; the very next call sees it, whether or not
  // the change event has reached the aggregator yet.
  ReportJobs(s, 1, 350);
  absl::StatusOr<v1::Scorecard> after = s.scorecard().DoGetScorecard(CardRequest(D(2024, 2, 10)));
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(Find(*after, "soc.new_urban_jobs").actual(), 350);
  EXPECT_EQ(Find(*first, "soc.new_urban_jobs").actual(), 300);
}

// A stopping server ends its watches with UNAVAILABLE, which tells a dashboard to reconnect;
// left alone they would hold the drain open for its whole deadline and then end CANCELLED.
TEST(LiveScorecard, AStoppingServerEndsWatchesWithUnavailableAndRefusesNewOnes) {
  SuiteFixture s;
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(TestPlan(), "p")).ok());
  auto stub = s.ScorecardStub();
  v1::WatchScorecardRequest req;
  req.set_district("410108");
  *req.mutable_as_of() = D(2024, 3, 31);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  auto watch = stub->WatchScorecard(&ctx, req);
  v1::Scorecard card;
  ASSERT_TRUE(watch->Read(&card));  // the stream is open and registered
  s.scorecard().BeginShutdown();
  EXPECT_FALSE(watch->Read(&card));
  grpc::Status ended = watch->Finish();
  EXPECT_EQ(ended.error_code(), grpc::StatusCode::UNAVAILABLE) << ended.error_message();
  EXPECT_NE(ended.error_message().find("reconnect"), std::string::npos);

  grpc::ClientContext late;
  late.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  auto refused = stub->WatchScorecard(&late, req);
  EXPECT_FALSE(refused->Read(&card));
  EXPECT_EQ(refused->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST(LiveScorecard, WatchersReceiveTheNewScorecardAfterADomainWriteFromOneComputation) {
  SuiteFixture s;
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(TestPlan(), "p")).ok());
  ReportJobs(s, 1, 300);

  auto stub = s.ScorecardStub();
  v1::WatchScorecardRequest req;
  req.set_district("410108");
  *req.mutable_as_of() = D(2024, 3, 31);
  grpc::ClientContext ctx_a, ctx_b;
  ctx_a.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  ctx_b.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  auto a = stub->WatchScorecard(&ctx_a, req);
  auto b = stub->WatchScorecard(&ctx_b, req);
  v1::Scorecard card_a, card_b;
  ASSERT_TRUE(a->Read(&card_a));
  ASSERT_TRUE(b->Read(&card_b));
  EXPECT_EQ(Find(card_a, "soc.new_urban_jobs").actual(), 300);
  EXPECT_EQ(Find(card_b, "soc.new_urban_jobs").actual(), 300);

  ReportJobs(s, 2, 200);
  ASSERT_TRUE(a->Read(&card_a));
  ASSERT_TRUE(b->Read(&card_b));
  EXPECT_EQ(Find(card_a, "soc.new_urban_jobs").actual(), 500);
  EXPECT_EQ(Find(card_b, "soc.new_urban_jobs").actual(), 500);
  // Both watchers were sent the one computation.
  EXPECT_EQ(card_a.compute_time().seconds(), card_b.compute_time().seconds());
  EXPECT_EQ(card_a.compute_time().nanos(), card_b.compute_time().nanos());

  ctx_a.TryCancel();
  ctx_b.TryCancel();
  EXPECT_EQ(a->Finish().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_EQ(b->Finish().error_code(), grpc::StatusCode::CANCELLED);
}

TEST(LiveScorecard, ManyConcurrentColdScorecardsAllComeBackComplete) {
  SuiteFixture s;
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(TestPlan(), "p")).ok());
  ReportJobs(s, 1, 300);
  auto stub = s.ScorecardStub();
  // Sixteen different dates at once: every call a fan-out. Computing them on gRPC's own
  // threads, while the fan-out's completions needed those threads, once starved them.
  constexpr int kCalls = 16;
  std::vector<grpc::Status> status(kCalls);
  std::vector<v1::Scorecard> cards(kCalls);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCalls; ++i) {
    callers.emplace_back([&, i] {
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
      v1::GetScorecardRequest req = CardRequest(D(2024, 2, 1 + i));
      status[i] = stub->GetScorecard(&ctx, req, &cards[i]);
    });
  }
  for (std::thread& t : callers) t.join();
  for (int i = 0; i < kCalls; ++i) {
    ASSERT_TRUE(status[i].ok()) << i << ": " << status[i].error_message();
    EXPECT_TRUE(cards[i].failed_sources().empty()) << "call " << i << " was partial";
    EXPECT_EQ(Find(cards[i], "soc.new_urban_jobs").actual(), 300);
    EXPECT_EQ(cards[i].as_of().day(), 1 + i);
  }
}

TEST(LiveScorecard, AWatchOfADistrictWithoutAPlanFailsAtOnce) {
  SuiteFixture s;
  auto stub = s.ScorecardStub();
  v1::WatchScorecardRequest req;
  req.set_district("410108");
  *req.mutable_as_of() = D(2024, 3, 31);
  grpc::ClientContext ctx;
  auto stream = stub->WatchScorecard(&ctx, req);
  v1::Scorecard card;
  EXPECT_FALSE(stream->Read(&card));
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST(LiveScorecard, HistoryHasAPointAtEachMonthEndKeptAsASnapshot) {
  SuiteFixture s;
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(TestPlan(), "p")).ok());
  const int jobs[] = {100, 200, 300, 400};
  for (int m = 1; m <= 4; ++m) ReportJobs(s, m, jobs[m - 1]);

  v1::GetIndicatorHistoryRequest req;
  req.set_district("410108");
  req.set_indicator("soc.new_urban_jobs");
  req.set_year(2024);
  req.set_to_month(5);
  absl::StatusOr<v1::IndicatorHistory> h = s.scorecard().DoGetIndicatorHistory(req);
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->points_size(), 5);
  double running = 0;
  for (int m = 1; m <= 4; ++m) {
    running += jobs[m - 1];
    const v1::IndicatorHistoryPoint& p = h->points(m - 1);
    EXPECT_EQ(p.as_of().month(), m);
    EXPECT_EQ(p.as_of().day(), MonthEnd(absl::CivilMonth(2024, m)).day());
    EXPECT_EQ(p.actual(), running) << "month " << m;
  }
  EXPECT_EQ(h->points(4).actual(), 1000);  // nothing reported for May
  // 序时差 at each month end: by 31 March 600 of 2000 is 30 %, the time line 91/366 = 24.9 %.
  ASSERT_TRUE(h->points(2).has_timeline_gap_pp());
  EXPECT_NEAR(h->points(2).timeline_gap_pp(), 100 * (600.0 / 2000 - 91.0 / 366), 0.2);
  // From April on, (2000 − 600) over the nine months left.
  EXPECT_NEAR(h->points(2).needed_per_month(), 1400.0 / 9, 1e-9);
  EXPECT_EQ(h->target(), 2000);
  EXPECT_EQ(h->name_zh(), "soc.new_urban_jobs");

  auto snap = s.pool().Run({"HEXISTS", keys::ScorecardSnapshots("410108"), "2024-03-31"});
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ(snap->integer(), 1);

  req.set_indicator("soc.no_such_indicator");
  EXPECT_EQ(s.scorecard().DoGetIndicatorHistory(req).status().code(),
            absl::StatusCode::kNotFound);
  req.set_indicator("soc.new_urban_jobs");
  req.set_from_month(6);
  req.set_to_month(3);
  EXPECT_EQ(s.scorecard().DoGetIndicatorHistory(req).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(LiveScorecard, HistoryLeavesOutMonthEndsStillToCome) {
  SuiteFixture s;
  const int year = static_cast<int>(TodayInChina().year());
  v1::Plan plan = TestPlan();
  plan.set_year(year);
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(plan, "p")).ok());
  v1::GetIndicatorHistoryRequest req;
  req.set_district("410108");
  req.set_indicator("soc.new_urban_jobs");
  req.set_year(year);
  absl::StatusOr<v1::IndicatorHistory> h = s.scorecard().DoGetIndicatorHistory(req);
  ASSERT_TRUE(h.ok()) << h.status();
  int past = 0;
  for (int m = 1; m <= 12; ++m) past += MonthEnd(absl::CivilMonth(year, m)) <= TodayInChina();
  EXPECT_EQ(h->points_size(), past);
}

TEST(LiveScorecard, CompareRanksEveryDistrictWithAPlan) {
  SuiteFixture s;
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(TestPlan("410108"), "a")).ok());
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(TestPlan("410102"), "b")).ok());
  ReportJobs(s, 1, 300, "410108");  // ahead of the time line
  ReportJobs(s, 1, 50, "410102");   // far behind it

  v1::CompareDistrictsRequest req;
  *req.mutable_as_of() = D(2024, 2, 10);
  absl::StatusOr<v1::DistrictComparison> cmp = s.scorecard().DoCompareDistricts(req);
  ASSERT_TRUE(cmp.ok()) << cmp.status();
  ASSERT_EQ(cmp->districts_size(), 2);
  EXPECT_EQ(cmp->districts(0).district(), "410108");
  EXPECT_EQ(cmp->districts(0).overall_rank(), 1);
  EXPECT_EQ(cmp->districts(1).district(), "410102");
  EXPECT_EQ(cmp->districts(1).overall_rank(), 2);
  EXPECT_GT(cmp->districts(0).overall_score(), cmp->districts(1).overall_score());
  for (const v1::AreaRank& a : cmp->districts(1).areas()) {
    if (a.area() == v1::AREA_LIVELIHOOD) {
      EXPECT_EQ(a.rank(), 2);
    }
  }

  req.add_districts("410105");  // no plan there
  EXPECT_EQ(s.scorecard().DoCompareDistricts(req).status().code(), absl::StatusCode::kNotFound);
  req.set_districts(0, "41");
  EXPECT_EQ(s.scorecard().DoCompareDistricts(req).status().code(),
            absl::StatusCode::kInvalidArgument);

  // A district named many times is ranked once; the list is bounded.
  req.clear_districts();
  for (int i = 0; i < 100; ++i) req.add_districts(i % 2 ? "410108" : "410102");
  absl::StatusOr<v1::DistrictComparison> twice = s.scorecard().DoCompareDistricts(req);
  ASSERT_TRUE(twice.ok()) << twice.status();
  EXPECT_EQ(twice->districts_size(), 2);
  for (int i = 0; i < aggregator::kMaxComparedDistricts; ++i) req.add_districts("410108");
  EXPECT_EQ(s.scorecard().DoCompareDistricts(req).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// A comparison takes cached cards by their districts' data versions, read for all districts at
// once: a write acknowledged after one comparison shows in the next, cached cards or not.
TEST(LiveScorecard, ACompareRightAfterAWriteRanksByTheNewFigure) {
  SuiteFixture s;
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(TestPlan("410108"), "a")).ok());
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(TestPlan("410102"), "b")).ok());
  ReportJobs(s, 1, 300, "410108");
  ReportJobs(s, 1, 50, "410102");
  v1::CompareDistrictsRequest req;
  *req.mutable_as_of() = D(2024, 2, 10);
  req.add_districts("410102");
  req.add_districts("410108");
  for (int i = 0; i < 2; ++i) {  // the second is served from the cache
    absl::StatusOr<v1::DistrictComparison> cmp = s.scorecard().DoCompareDistricts(req);
    ASSERT_TRUE(cmp.ok()) << cmp.status();
    EXPECT_EQ(cmp->districts(0).district(), "410108");
  }
  ReportJobs(s, 1, 10, "410108");  // a revision: now behind 410102
  absl::StatusOr<v1::DistrictComparison> cmp = s.scorecard().DoCompareDistricts(req);
  ASSERT_TRUE(cmp.ok()) << cmp.status();
  ASSERT_EQ(cmp->districts_size(), 2);
  EXPECT_EQ(cmp->districts(0).district(), "410102");
  EXPECT_EQ(cmp->districts(0).overall_rank(), 1);
  EXPECT_EQ(cmp->districts(1).overall_rank(), 2);
}

TEST(LiveScorecard, ACompareNamingADistrictWithoutAPlanComputesNoCard) {
  SuiteFixture s;
  ASSERT_TRUE(s.scorecard().DoPutPlan(PutRequest(TestPlan("410108"), "a")).ok());
  v1::CompareDistrictsRequest req;
  *req.mutable_as_of() = D(2024, 3, 31);  // a month end: a computed card would be kept
  req.add_districts("410108");
  req.add_districts("410108");
  req.add_districts("410105");  // no plan there
  const absl::Status refused = s.scorecard().DoCompareDistricts(req).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(refused.message(), "districts[2]: no plan for district 410105 in 2024");
  auto snap = s.pool().Run({"HEXISTS", keys::ScorecardSnapshots("410108"), "2024-03-31"});
  ASSERT_TRUE(snap.ok());
  EXPECT_EQ(snap->integer(), 0);
}

}  // namespace
}  // namespace devplan::testing
