// The record store: the one optimistic write loop every service's writes go through
// (replayed request_ids answered before re-validation, lost compare-and-sets retried a
// bounded number of times, attempts that change nothing not sent) over a real Redis.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include <atomic>
#include <thread>
#include <vector>

#include "devplan/v1/common.pb.h"
#include "services/common/redis_keys.h"
#include "services/common/store/record_store.h"
#include "tests/support/redis_server.h"

namespace devplan::store {
namespace {

constexpr char kDistrict[] = "410108";
constexpr char kKey[] = "inv:{410108}:records";

// Any devplan.v1 message serves as a record; a Date is the smallest.
v1::Date Rec(int day) {
  v1::Date d;
  d.set_year(2024);
  d.set_month(1);
  d.set_day(day);
  return d;
}

class RecordStoreTest : public ::testing::Test {
 protected:
  RecordStoreTest() : pool_(Options()), records_(pool_, keys::kInvestmentPrefix) {}
  redis::PoolOptions Options() {
    redis::PoolOptions o;
    o.endpoint = server_.endpoint();
    return o;
  }
  long long Version() {
    absl::StatusOr<redis::Reply> r = pool_.Run({"GET", keys::DataVersion(kDistrict)});
    return r.ok() && !r->is_nil() ? std::stoll(std::string(r->str())) : 0;
  }
  // Sets the record to `day` the way every service does: read, compare-and-set.
  absl::StatusOr<v1::Date> SetDay(int day, const RequestKey& request, int* attempts = nullptr) {
    return records_.Write<v1::Date>(
        kDistrict, request,
        [&](Mutation& m) -> absl::StatusOr<v1::Date> {
          if (attempts != nullptr) ++*attempts;
          ASSIGN_OR_RETURN(Stored<v1::Date> stored, records_.Read<v1::Date>(kKey, "r"));
          if (stored.record.has_value() && stored.record->day() == day) return *stored.record;
          m.ExpectField(kKey, "r", stored.bytes).HSet(kKey, "r", Rec(day).SerializeAsString());
          return Rec(day);
        },
        [&] { return records_.Require<v1::Date>(kKey, "r", "record r"); });
  }

  testing::RedisServer server_;
  redis::Pool pool_;
  RecordStore records_;
};

TEST_F(RecordStoreTest, WritesOnceAndAnAttemptWithoutWritesSendsNothing) {
  ASSERT_EQ(SetDay(5, {})->day(), 5);
  EXPECT_EQ(Version(), 1);
  EXPECT_EQ(records_.Get<v1::Date>(kKey, "r")->value().day(), 5);
  // The same value again: the attempt adds no write, so the data version stays.
  ASSERT_EQ(SetDay(5, {})->day(), 5);
  EXPECT_EQ(Version(), 1);
}

TEST_F(RecordStoreTest, ReplayedRequestIdAnswersTheStoredStateWithoutAnAttempt) {
  v1::Date request = Rec(7);  // stands for the request message the key was made from
  const RequestKey key = RequestKey::Of("job-1", request);
  ASSERT_TRUE(SetDay(7, key).ok());
  ASSERT_TRUE(SetDay(9, {}).ok());  // someone else changes the record since
  int attempts = 0;
  absl::StatusOr<v1::Date> replay = SetDay(7, key, &attempts);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(attempts, 0);          // not re-validated against the state it produced
  EXPECT_EQ(replay->day(), 9);     // the record as it stands
  EXPECT_EQ(Version(), 2);         // and nothing written
}

TEST_F(RecordStoreTest, RequestIdReusedForOtherContentIsRefusedByName) {
  ASSERT_TRUE(SetDay(7, RequestKey::Of("job-1", Rec(7))).ok());
  absl::StatusOr<v1::Date> reused = SetDay(8, RequestKey::Of("job-1", Rec(8)));
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(reused.status().message().find("request_id"), std::string::npos);
  EXPECT_EQ(records_.Get<v1::Date>(kKey, "r")->value().day(), 7);
}

TEST_F(RecordStoreTest, LostCompareAndSetIsRetriedOnFreshReads) {
  ASSERT_TRUE(SetDay(1, {}).ok());
  int attempts = 0;
  absl::StatusOr<v1::Date> out = records_.Write<v1::Date>(
      kDistrict, {},
      [&](Mutation& m) -> absl::StatusOr<v1::Date> {
        ++attempts;
        ASSIGN_OR_RETURN(Stored<v1::Date> stored, records_.Read<v1::Date>(kKey, "r"));
        // A concurrent writer gets in between the read and the write, twice.
        if (attempts <= 2) {
          (void)pool_.Run({"HSET", kKey, "r", Rec(10 + attempts).SerializeAsString()});
        }
        m.ExpectField(kKey, "r", stored.bytes).HSet(kKey, "r", Rec(20).SerializeAsString());
        return Rec(20);
      },
      [] { return absl::StatusOr<v1::Date>(absl::InternalError("no request_id: no replay")); });
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(attempts, 3);
  EXPECT_EQ(records_.Get<v1::Date>(kKey, "r")->value().day(), 20);
}

TEST_F(RecordStoreTest, EndlessContentionEndsAbortedAfterTheBoundedAttempts) {
  int attempts = 0;
  absl::StatusOr<v1::Date> out = records_.Write<v1::Date>(
      kDistrict, {},
      [&](Mutation& m) -> absl::StatusOr<v1::Date> {
        ++attempts;
        m.ExpectField(kKey, "never", std::string("a value nobody wrote")).HSet(kKey, "r", "x");
        return Rec(1);
      },
      [] { return absl::StatusOr<v1::Date>(absl::InternalError("no replay")); });
  EXPECT_EQ(out.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(attempts, kMaxWriteAttempts);
  EXPECT_EQ(Version(), 0);
}

TEST_F(RecordStoreTest, ConcurrentWritersLoseNoIncrement) {
  // Eight threads each add 1 to a counter record 25 times through the loop: every
  // increment must land exactly once.
  auto add_one = [&] {
    return records_.Write<v1::Date>(
        kDistrict, {},
        [&](Mutation& m) -> absl::StatusOr<v1::Date> {
          ASSIGN_OR_RETURN(Stored<v1::Date> stored, records_.Read<v1::Date>(kKey, "n"));
          v1::Date next = stored.record.value_or(v1::Date());
          next.set_day(next.day() + 1);
          m.ExpectField(kKey, "n", stored.bytes).HSet(kKey, "n", next.SerializeAsString());
          return next;
        },
        [] { return absl::StatusOr<v1::Date>(absl::InternalError("no replay")); });
  };
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        if (!add_one().ok()) ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const int landed = records_.Get<v1::Date>(kKey, "n")->value().day();
  EXPECT_EQ(landed + failures.load(), 200);
  EXPECT_EQ(Version(), landed);  // one data-version bump per increment that landed
  EXPECT_GT(landed, 0);
}

TEST_F(RecordStoreTest, AWriteWhoseOutcomeIsUnknownIsNotAttemptedAgain) {
  redis::PoolOptions o = Options();
  o.command_timeout = absl::Milliseconds(100);
  redis::Pool impatient(o);
  RecordStore store(impatient, keys::kInvestmentPrefix);
  auto bump = [&](bool pause_before_writing, int* attempts) {
    return store.Write<v1::Date>(
        kDistrict, {},
        [&](Mutation& m) -> absl::StatusOr<v1::Date> {
          ++*attempts;
          ASSIGN_OR_RETURN(Stored<v1::Date> stored, store.Read<v1::Date>(kKey, "n"));
          v1::Date next = stored.record.value_or(v1::Date());
          next.set_day(next.day() + 1);
          m.ExpectField(kKey, "n", stored.bytes).HSet(kKey, "n", next.SerializeAsString());
          if (pause_before_writing) server_.Pause();  // Redis hangs as the write is sent
          return next;
        },
        [] { return absl::StatusOr<v1::Date>(absl::InternalError("no replay")); });
  };
  int attempts = 0;
  ASSERT_TRUE(bump(false, &attempts).ok());  // loads the script
  attempts = 0;
  absl::StatusOr<v1::Date> out = bump(true, &attempts);
  server_.Resume();
  EXPECT_EQ(out.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(out.status().message(), redis::kOutcomeUnknown)) << out.status();
  EXPECT_EQ(attempts, 1);
  ASSERT_TRUE(server_.WaitUntilNoOtherClients());
  EXPECT_EQ(records_.Get<v1::Date>(kKey, "n")->value().day(), 2);  // it was applied, once
  EXPECT_EQ(Version(), 2);
}

TEST_F(RecordStoreTest, ValuesAndEntriesAreOrderedByFieldAndUnreadableIsDataLoss) {
  ASSERT_TRUE(pool_.Run({"HSET", kKey, "b", Rec(2).SerializeAsString(), "a",
                         Rec(1).SerializeAsString(), "c", Rec(3).SerializeAsString()})
                  .ok());
  absl::StatusOr<std::vector<v1::Date>> values = records_.Values<v1::Date>(kKey);
  ASSERT_TRUE(values.ok());
  ASSERT_EQ(values->size(), 3u);
  EXPECT_EQ((*values)[0].day(), 1);
  EXPECT_EQ((*values)[2].day(), 3);
  EXPECT_EQ(records_.Require<v1::Date>(kKey, "zz", "districts/410108/things/zz").status().code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(pool_.Run({"HSET", kKey, "bad", "\xff\xff\xff"}).ok());
  EXPECT_EQ(records_.Values<v1::Date>(kKey).status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace devplan::store
