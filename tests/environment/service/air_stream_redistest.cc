// Hourly data through the client stream and the unary call: a streamed year gives the good
// days the rules library gives for the same data; refused readings are listed while valid
// ones are kept; a resubmitted hour replaces; bad headers store nothing.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <grpcpp/generic/generic_stub.h>

#include "absl/time/civil_time.h"
#include "services/common/dates.h"
#include "services/environment/rules/aqi_tables.h"
#include "tests/environment/service/env_fixture.h"
#include "tests/environment/service/synthetic_hours.h"

namespace devplan::testing {
namespace {

std::vector<v1::HourlyReading> FullDay(const std::string& station, v1::Date date, double pm25,
                                       double o3 = 80) {
  std::vector<v1::HourlyReading> out;
  for (int h = 0; h < 24; ++h) out.push_back(Reading(station, date, h, pm25, 50, 10, 30, o3, 0.5));
  return out;
}

// A stream's first message: the header and station S1's full day at PM2.5 30.
v1::SubmitHourlyReadingsRequest FirstMessage(v1::Date day) {
  v1::SubmitHourlyReadingsRequest first;
  first.set_district(kDistrict);
  first.set_year(2024);
  first.set_reported_by(kDept);
  for (const v1::HourlyReading& r : FullDay("S1", day, 30)) *first.add_readings() = r;
  return first;
}

// Every hour of `days` days from `first` at each station, day by day (the order a station
// network's daily export has), PM2.5 rising a little each day.
std::vector<v1::HourlyReading> FullDays(const std::vector<std::string>& stations,
                                        absl::CivilDay first, int days) {
  std::vector<v1::HourlyReading> out;
  for (absl::CivilDay d = first; d < first + days; ++d) {
    for (const std::string& s : stations) {
      for (const v1::HourlyReading& r :
           FullDay(s, D(d.year(), d.month(), d.day()), 20.0 + static_cast<double>(d - first))) {
        out.push_back(r);
      }
    }
  }
  return out;
}

const std::vector<std::string> kFive = {"S1", "S2", "S3", "S4", "S5"};

v1::AirQualityDay GetDay(v1::EnvironmentService::Stub& stub, const std::string& yyyy_mm_dd,
                         grpc::Status* status = nullptr) {
  v1::GetAirQualityDayRequest req;
  req.set_name(std::string("districts/") + kDistrict + "/airQualityDays/" + yyyy_mm_dd);
  v1::AirQualityDay out;
  grpc::Status s = stub.GetAirQualityDay(ContextWithDeadline().get(), req, &out);
  if (status != nullptr) *status = s;
  return out;
}

TEST_F(EnvTest, StreamedYearGivesTheGoodDaysOfTheRulesLibrary) {
  const std::vector<std::string> stations = {"S1", "S2", "S3"};
  AddStations(stations);
  const std::vector<v1::HourlyReading> year =
      SyntheticHours(stations, absl::CivilDay(2024, 1, 1), absl::CivilDay(2024, 12, 31), 7);
  v1::SubmitHourlyReadingsResponse resp;
  grpc::Status s = Stream(year, 2024, 500, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.received_count(), static_cast<int64_t>(year.size()));
  EXPECT_EQ(resp.accepted_count(), static_cast<int64_t>(year.size()));
  EXPECT_EQ(resp.refused_count(), 0);
  EXPECT_EQ(resp.days_updated(), 366);

  const auto expected = ExpectedDays(year);
  const auto concentrations = ExpectedConcentrations(year);
  for (absl::CivilDay as_of : {absl::CivilDay(2024, 6, 30), absl::CivilDay(2024, 12, 31)}) {
    int64_t good = 0, valid = 0, nongood = 0, heavy = 0;
    std::map<std::string, int64_t> primary;  // metric suffix → days
    double pm25_sum = 0, pm10_sum = 0;
    int pm25_days = 0, pm10_days = 0;
    for (const auto& [day, r] : expected) {
      if (day > as_of) continue;
      if (concentrations.at(day).pm25) {
        pm25_sum += *concentrations.at(day).pm25;
        ++pm25_days;
      }
      if (concentrations.at(day).pm10) {
        pm10_sum += *concentrations.at(day).pm10;
        ++pm10_days;
      }
      if (!r.valid()) continue;
      ++valid;
      if (*r.aqi <= 100) ++good; else ++nongood;
      if (*r.aqi > 200) ++heavy;
      std::set<std::string> named;  // O3 8h and 1h tied count once
      for (env::Pollutant p : r.primary_pollutants) {
        switch (p) {
          case env::Pollutant::kPm25: named.insert("pm25"); break;
          case env::Pollutant::kPm10: named.insert("pm10"); break;
          case env::Pollutant::kSo2: named.insert("so2"); break;
          case env::Pollutant::kNo2: named.insert("no2"); break;
          case env::Pollutant::kCo: named.insert("co"); break;
          case env::Pollutant::kO3_1h:
          case env::Pollutant::kO3_8h: named.insert("o3"); break;
        }
      }
      for (const std::string& n : named) ++primary[n];
    }
    const v1::Date a = D(as_of.year(), as_of.month(), as_of.day());
    SCOPED_TRACE(::testing::Message() << "as of month " << as_of.month());
    // The data include invalid days (one a month, gaps), so valid < days elapsed.
    EXPECT_LT(valid, as_of.month() == 6 ? 182 : 366);
    EXPECT_GT(good, 0);
    EXPECT_GT(nongood, 0);
    EXPECT_EQ(Metric("environment.air_good_days", a).count(), good);
    EXPECT_EQ(Metric("environment.air_valid_days", a).count(), valid);
    EXPECT_EQ(Metric("environment.air_nongood_days", a).count(), nongood);
    EXPECT_EQ(Metric("environment.air_heavy_pollution_days", a).count(), heavy);
    EXPECT_NEAR(Metric("environment.air_good_day_rate", a).percent(), 100.0 * good / valid, 1e-9);
    EXPECT_GT(primary["pm25"], 0);
    EXPECT_GT(primary["o3"], 0);
    for (const char* p : {"pm25", "pm10", "o3", "no2", "so2", "co"}) {
      EXPECT_EQ(Metric(std::string("environment.primary_days_") + p, a).count(), primary[p]) << p;
    }
    EXPECT_NEAR(Metric("environment.pm25_mean_ytd", a).measure(), pm25_sum / pm25_days, 0.051);
    EXPECT_NEAR(Metric("environment.pm10_mean_ytd", a).measure(), pm10_sum / pm10_days, 0.051);
    const v1::MetricValue gd = Metric("environment.air_good_days", a);
    EXPECT_EQ(gd.current_to().month(), as_of.month());
    EXPECT_EQ(gd.current_to().day(), as_of.day());
    ASSERT_EQ(gd.provenance().departments_size(), 1);
    EXPECT_EQ(gd.provenance().departments(0), kDept);
  }
  // Hours are stored compactly: one small hash per station-day.
  EXPECT_EQ(Keys("env:{410108}:hourly:*"), 3 * 366);
  absl::StatusOr<redis::Reply> enc =
      redis().Run({"OBJECT", "ENCODING", "env:{410108}:hourly:S1:2024-03-05"});
  ASSERT_TRUE(enc.ok());
  EXPECT_EQ(enc->str(), "listpack");
}

// A stream is written in batches, two at a time (hourly_batches.h). Sent station by station,
// every day is in a batch of each station: each of those writes recomputes the day from all
// stations' hours, so the last one leaves the day of every station.
TEST_F(EnvTest, AStreamSentStationByStationGivesEveryDayFromAllStations) {
  AddStations({"S1", "S2"});
  const absl::CivilDay first(2024, 1, 1), last(2024, 12, 31);
  std::vector<v1::HourlyReading> year = SyntheticHours({"S1"}, first, last, 11);
  for (const v1::HourlyReading& r : SyntheticHours({"S2"}, first, last, 12)) year.push_back(r);
  v1::SubmitHourlyReadingsResponse resp;
  grpc::Status s = Stream(year, 2024, 500, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.accepted_count(), static_cast<int64_t>(year.size()));
  EXPECT_EQ(resp.days_updated(), 366);
  EXPECT_EQ(Keys("env:{410108}:hourly:*"), 2 * 366);
  const auto expected = ExpectedDays(year);
  for (absl::CivilDay d = first; d <= last; ++d) {
    const v1::AirQualityDay day = GetDay(stub(), DayKey(d));
    EXPECT_EQ(day.stations_size(), 2) << DayKey(d);
    EXPECT_EQ(day.hourly_assessment().has_aqi(), expected.at(d).aqi.has_value()) << DayKey(d);
    if (expected.at(d).aqi) {
      EXPECT_EQ(day.hourly_assessment().aqi(), *expected.at(d).aqi) << DayKey(d);
    }
  }
}

// A correction of an hour sent in a later batch than the hour itself lands after it, though
// batches are written two at a time: a batch that shares a day with one being written waits.
TEST_F(EnvTest, ALaterReadingOfTheSameHourWinsAcrossBatches) {
  AddStations(kFive);
  std::vector<v1::HourlyReading> rs = FullDays(kFive, absl::CivilDay(2024, 1, 1), 30);
  // After 17 days (2,040 readings: the first batch ends with day 16, the second starts with
  // day 17), S1's hour 5 of 1 January again, at PM2.5 300 instead of 20.
  const v1::HourlyReading correction = Reading("S1", D(2024, 1, 1), 5, 300, 50, 10, 30, 80, 0.5);
  rs.insert(rs.begin() + 17 * 5 * 24, correction);
  v1::SubmitHourlyReadingsResponse resp;
  grpc::Status s = Stream(rs, 2024, 500, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.accepted_count(), static_cast<int64_t>(rs.size()));
  absl::StatusOr<redis::Reply> stored =
      redis().Run({"HGET", "env:{410108}:hourly:S1:2024-01-01", "05"});
  ASSERT_TRUE(stored.ok()) << stored.status();
  v1::HourlyConcentrations hour;
  ASSERT_TRUE(hour.ParseFromString(std::string(stored->str())));
  EXPECT_EQ(hour.pm25(), 300);
  // And the day is computed with it.
  const std::optional<int> want = ExpectedDays(rs).at(absl::CivilDay(2024, 1, 1)).aqi;
  ASSERT_TRUE(want.has_value());
  EXPECT_EQ(GetDay(stub(), "2024-01-01").hourly_assessment().aqi(), *want);
  EXPECT_NEAR(GetDay(stub(), "2024-01-01").district_concentrations().pm25(),
              (5 * 24 * 20.0 - 20 + 300) / (5 * 24), 1e-9);
}

// Redis refuses every write (full: noeviction): the stream ends with the write's status and
// says that nothing was stored, whichever of its batches failed first.
TEST_F(EnvTest, AStreamWhoseWritesFailEndsWithTheFailureAndStoresNothing) {
  AddStations(kFive);
  ASSERT_TRUE(redis().Run({"CONFIG", "SET", "maxmemory", "1"}).ok());
  v1::SubmitHourlyReadingsResponse resp;
  grpc::Status s = Stream(FullDays(kFive, absl::CivilDay(2024, 1, 1), 60), 2024, 500, &resp);
  ASSERT_TRUE(redis().Run({"CONFIG", "SET", "maxmemory", "0"}).ok());
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  EXPECT_NE(s.error_message().find("; 0 of "), std::string::npos) << s.error_message();
  EXPECT_NE(s.error_message().find("readings received were stored before the failure"),
            std::string::npos)
      << s.error_message();
  EXPECT_EQ(Keys("env:{410108}:hourly:*"), 0);
  EXPECT_EQ(Keys("env:{410108}:air_days"), 0);
}

TEST_F(EnvTest, RefusedReadingsAreListedWhileValidOnesAreStored) {
  AddStations({"S1"});
  std::vector<v1::HourlyReading> rs = FullDay("S1", D(2024, 5, 1), 30);  // indices 0..23: valid
  rs.push_back(Reading("NOPE", D(2024, 5, 1), 0, 30, 50, 10, 30, 80, 0.5));         // 24
  rs.push_back(Reading("S1", D(2024, 5, 1), 0, -3, 50, 10, 30, 80, 0.5));           // 25
  rs.push_back(Reading("S1", D(2024, 5, 1), 0, std::nan(""), 50, 10, 30, 80, 0.5)); // 26
  rs.push_back(Reading("S1", D(2024, 5, 1), 0, 30, 50, 10, 30, 80, 700));           // 27
  rs.push_back(Reading("S1", D(2023, 12, 31), 23, 30, 50, 10, 30, 80, 0.5));        // 28
  rs.push_back(Reading("S1", D(2024, 5, 1), 24, 30, 50, 10, 30, 80, 0.5));          // 29
  v1::HourlyReading empty;
  empty.set_station_id("S1");
  *empty.mutable_date() = D(2024, 5, 1);
  empty.mutable_concentrations();
  rs.push_back(empty);                                                              // 30
  v1::SubmitHourlyReadingsResponse resp;
  ASSERT_TRUE(Stream(rs, 2024, 7, &resp).ok());
  EXPECT_EQ(resp.received_count(), 31);
  EXPECT_EQ(resp.accepted_count(), 24);
  EXPECT_EQ(resp.refused_count(), 7);
  ASSERT_EQ(resp.refused_size(), 7);
  const std::vector<std::pair<int64_t, std::string>> want = {
      {24, "station_id: unknown station \"NOPE\""},
      {25, "concentrations.pm25: -3 is negative"},
      {26, "concentrations.pm25: not a number"},
      {27, "concentrations.co: 700 mg/m³ is beyond the plausible maximum"},
      {28, "date: 2023-12-31 is outside the plan year 2024"},
      {29, "hour: 24 is outside 0..23"},
      {30, "concentrations: no pollutant has a value"}};
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(resp.refused(i).index(), want[i].first);
    EXPECT_NE(resp.refused(i).reason().find(want[i].second), std::string::npos)
        << resp.refused(i).reason();
  }
  // The valid day is whole: 24 hours at S1, AQI 50 (PM2.5 30 → IAQI 43, PM10 50 → 50).
  const v1::AirQualityDay day = GetDay(stub(), "2024-05-01");
  ASSERT_EQ(day.stations_size(), 1);
  EXPECT_EQ(day.stations(0).hours_reported(), 24);
  EXPECT_EQ(day.source(), v1::AIR_DAY_SOURCE_HOURLY);
  EXPECT_EQ(day.assessment().aqi(), 50);
  EXPECT_EQ(Keys("env:{410108}:hourly:*"), 1);  // nothing for 2023-12-31 or NOPE
}

TEST_F(EnvTest, HoursThatHaveNotEndedAreRefused) {
  AddStations({"S1"});
  const absl::CivilDay tomorrow =
      absl::CivilDay(absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600))) + 1;
  v1::SubmitHourlyReadingsRequest req;
  req.set_district(kDistrict);
  req.set_year(static_cast<int>(tomorrow.year()));
  req.set_reported_by(kDept);
  *req.add_readings() = Reading("S1", D(tomorrow.year(), tomorrow.month(), tomorrow.day()), 0,
                                30, 50, 10, 30, 80, 0.5);
  v1::SubmitHourlyReadingsResponse resp;
  ASSERT_TRUE(stub().SubmitHourlyReadings(ContextWithDeadline().get(), req, &resp).ok());
  EXPECT_EQ(resp.accepted_count(), 0);
  ASSERT_EQ(resp.refused_size(), 1);
  EXPECT_NE(resp.refused(0).reason().find("has not ended"), std::string::npos);
  EXPECT_EQ(Keys("env:{410108}:hourly:*"), 0);
}

TEST_F(EnvTest, ResubmittedHoursReplaceAndTheDayIsRecomputed) {
  AddStations({"S1"});
  v1::SubmitHourlyReadingsResponse resp;
  ASSERT_TRUE(Stream(FullDay("S1", D(2024, 1, 10), 30), 2024, 24, &resp).ok());
  EXPECT_EQ(GetDay(stub(), "2024-01-10").assessment().aqi(), 50);
  // The same 24 hours again with PM2.5 80: HJ 633-2012 IAQI = 50/40 x 5 + 100 = 106.25 → 107.
  ASSERT_TRUE(Stream(FullDay("S1", D(2024, 1, 10), 80), 2024, 10, &resp).ok());
  const v1::AirQualityDay day = GetDay(stub(), "2024-01-10");
  EXPECT_EQ(day.stations(0).hours_reported(), 24);
  EXPECT_EQ(day.assessment().aqi(), 107);
  EXPECT_EQ(day.assessment().category(), v1::AQI_CATEGORY_LIGHTLY_POLLUTED);
  ASSERT_EQ(day.assessment().primary_pollutants_size(), 1);
  EXPECT_EQ(day.assessment().primary_pollutants(0), v1::AIR_POLLUTANT_PM25);
  EXPECT_EQ(Metric("environment.air_good_days", D(2024, 1, 31)).count(), 0);
  EXPECT_EQ(Metric("environment.air_nongood_days", D(2024, 1, 31)).count(), 1);
}

TEST_F(EnvTest, DistrictDayIsTheMeanOverStations) {
  AddStations({"S1", "S2"});
  std::vector<v1::HourlyReading> rs = FullDay("S1", D(2024, 2, 2), 60);
  for (const auto& r : FullDay("S2", D(2024, 2, 2), 100)) rs.push_back(r);
  v1::SubmitHourlyReadingsResponse resp;
  ASSERT_TRUE(Stream(rs, 2024, 1000, &resp).ok());
  const v1::AirQualityDay day = GetDay(stub(), "2024-02-02");
  ASSERT_EQ(day.stations_size(), 2);
  EXPECT_DOUBLE_EQ(day.district_concentrations().pm25(), 80);
  EXPECT_EQ(day.assessment().aqi(), 107);  // PM2.5 80, as above
  EXPECT_EQ(Metric("environment.pm25_mean_ytd", D(2024, 2, 29)).measure(), 80);
}

TEST_F(EnvTest, TooFewHoursMakeAnInvalidDayNeitherGoodNorBad) {
  AddStations({"S1"});
  std::vector<v1::HourlyReading> rs = FullDay("S1", D(2024, 3, 3), 30);
  rs.resize(19);  // GB 3095: a 24-hour mean needs 20 valid hours
  v1::SubmitHourlyReadingsResponse resp;
  ASSERT_TRUE(Stream(rs, 2024, 100, &resp).ok());
  const v1::AirQualityDay day = GetDay(stub(), "2024-03-03");
  EXPECT_EQ(day.source(), v1::AIR_DAY_SOURCE_NONE);
  EXPECT_EQ(day.assessment().validity(), v1::AQI_VALIDITY_MISSING_POLLUTANT);
  EXPECT_FALSE(day.assessment().has_aqi());
  const v1::MetricValue good = Metric("environment.air_good_days", D(2024, 3, 31));
  EXPECT_EQ(good.value_case(), v1::MetricValue::kCount);  // a reported zero, not NO_DATA
  EXPECT_EQ(good.count(), 0);
  EXPECT_EQ(Metric("environment.air_valid_days", D(2024, 3, 31)).count(), 0);
  EXPECT_EQ(Metric("environment.air_good_day_rate", D(2024, 3, 31)).value_case(),
            v1::MetricValue::VALUE_NOT_SET);
}

TEST_F(EnvTest, BadFirstMessageStoresNothing) {
  AddStations({"S1"});
  const auto day = FullDay("S1", D(2024, 4, 4), 30);
  v1::SubmitHourlyReadingsResponse resp;
  grpc::Status s = Stream(day, 2024, 5, &resp, "410100");  // a city, not a district
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("district"), std::string::npos);
  s = Stream(day, 1990, 5, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("year"), std::string::npos);
  s = Stream({}, 2024, 5, &resp, "");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Keys("env:{410108}:hourly*"), 0);
  EXPECT_EQ(Keys("env:{410108}:air_days"), 0);

  // An empty stream (no message at all).
  auto ctx = ContextWithDeadline();
  auto writer = stub().StreamHourlyReadings(ctx.get(), &resp);
  writer->WritesDone();
  s = writer->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("empty stream"), std::string::npos);
}

// Streams raw message bodies (any bytes) and returns the call's status; `reply` gets the
// answer's bytes when there is one.
grpc::Status StreamBytes(const std::shared_ptr<grpc::Channel>& channel,
                         const std::vector<std::string>& bodies, std::string* reply) {
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue cq;
  auto ctx = ContextWithDeadline(10000);
  auto await = [&cq] {
    void* tag = nullptr;
    bool ok = false;
    return cq.Next(&tag, &ok) && ok;
  };
  auto call = stub.PrepareCall(ctx.get(), "/devplan.v1.EnvironmentService/StreamHourlyReadings", &cq);
  call->StartCall(nullptr);
  await();
  for (const std::string& body : bodies) {
    grpc::Slice slice(body);
    grpc::ByteBuffer buffer(&slice, 1);
    call->Write(buffer, nullptr);
    if (!await()) break;  // the server has finished; Finish says why
  }
  call->WritesDone(nullptr);
  await();
  grpc::ByteBuffer answer;
  call->Read(&answer, nullptr);
  if (await()) {
    std::vector<grpc::Slice> slices;
    (void)answer.Dump(&slices);
    for (const grpc::Slice& sl : slices) reply->append(reinterpret_cast<const char*>(sl.begin()), sl.size());
  }
  grpc::Status status;
  call->Finish(&status, nullptr);
  await();
  cq.Shutdown();
  while (await()) {
  }
  return status;
}

// Issue #14: gRPC's typed reader delivers a message that does not parse as the end of the
// stream, so the call ended OK with a partial year. Now it is INVALID_ARGUMENT naming the
// message, and the readings before it are stored (and said to be).
TEST_F(EnvTest, AMessageThatDoesNotParseEndsTheStreamWithInvalidArgument) {
  AddStations({"S1"});
  v1::SubmitHourlyReadingsRequest first = FirstMessage(D(2024, 4, 4));
  const std::string garbled("\x0a\x05" "ab", 4);  // field 1 claims 5 bytes, 2 follow

  std::string reply;
  grpc::Status s = StreamBytes(channel(), {first.SerializeAsString(), garbled}, &reply);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_NE(s.error_message().find("message 2 of the stream could not be parsed"), std::string::npos)
      << s.error_message();
  EXPECT_NE(s.error_message().find("24 of 24 readings received were stored"), std::string::npos)
      << s.error_message();
  grpc::Status day;
  GetDay(stub(), "2024-04-04", &day);
  EXPECT_TRUE(day.ok()) << day.error_message();  // the first message's day is stored
  EXPECT_GT(Keys("env:{410108}:hourly*"), 0);

  s = StreamBytes(channel(), {garbled}, &reply);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("message 1 of the stream could not be parsed"), std::string::npos);
  EXPECT_NE(s.error_message().find("nothing stored"), std::string::npos);

  // Well-formed bytes still get the typed answer.
  reply.clear();
  v1::SubmitHourlyReadingsRequest again = first;
  s = StreamBytes(channel(), {again.SerializeAsString()}, &reply);
  ASSERT_TRUE(s.ok()) << s.error_message();
  v1::SubmitHourlyReadingsResponse resp;
  ASSERT_TRUE(resp.ParseFromString(reply));
  EXPECT_EQ(resp.accepted_count(), 24);
}

// Several batches are written or being written when a message does not parse: the stream
// waits for them and writes the rest before it answers, so all of it is stored and said to be.
TEST_F(EnvTest, AMessageThatDoesNotParseAfterSeveralBatchesStoresEverythingBefore) {
  AddStations(kFive);
  const std::vector<v1::HourlyReading> rs = FullDays(kFive, absl::CivilDay(2024, 3, 1), 30);
  std::vector<std::string> bodies;
  for (size_t i = 0; i < rs.size(); i += 1200) {  // 3,600 readings in 3 messages
    v1::SubmitHourlyReadingsRequest m;
    if (i == 0) {
      m.set_district(kDistrict);
      m.set_year(2024);
      m.set_reported_by(kDept);
    }
    for (size_t j = i; j < std::min(rs.size(), i + 1200); ++j) *m.add_readings() = rs[j];
    bodies.push_back(m.SerializeAsString());
  }
  bodies.push_back(std::string("\x0a\x05" "ab", 4));
  std::string reply;
  grpc::Status s = StreamBytes(channel(), bodies, &reply);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_NE(s.error_message().find("message 4 of the stream could not be parsed"), std::string::npos)
      << s.error_message();
  EXPECT_NE(s.error_message().find("3600 of 3600 readings received were stored"), std::string::npos)
      << s.error_message();
  EXPECT_EQ(Keys("env:{410108}:hourly:*"), 5 * 30);
  for (absl::CivilDay d(2024, 3, 1); d <= absl::CivilDay(2024, 3, 30); ++d) {
    EXPECT_EQ(GetDay(stub(), DayKey(d)).stations_size(), 5) << DayKey(d);
  }
}

// A stream whose client goes quiet is ended by the server, keeping what came before, instead
// of holding its place for ever (issue #14: "idle stream timeout").
class IdleStreamTest : public EnvTest {
 protected:
  IdleStreamTest() : EnvTest(absl::Milliseconds(300)) {}
};

TEST_F(IdleStreamTest, AStreamWithoutItsNextMessageIsEndedAndWhatCameBeforeKept) {
  AddStations({"S1"});
  v1::SubmitHourlyReadingsResponse resp;
  auto ctx = ContextWithDeadline(20000);  // hang guard, far beyond the idle timeout
  auto writer = stub().StreamHourlyReadings(ctx.get(), &resp);
  v1::SubmitHourlyReadingsRequest first = FirstMessage(D(2024, 4, 4));
  ASSERT_TRUE(writer->Write(first));
  // Then nothing: no further message, no WritesDone. Finish waits for the server's answer.
  grpc::Status s = writer->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << s.error_message();
  EXPECT_NE(s.error_message().find("the stream was idle"), std::string::npos) << s.error_message();
  EXPECT_NE(s.error_message().find("24 of 24 readings received were stored"), std::string::npos)
      << s.error_message();
  grpc::Status day;
  GetDay(stub(), "2024-04-04", &day);
  EXPECT_TRUE(day.ok()) << day.error_message();

  // The same with batches being written when the client goes quiet: all of them are stored.
  auto busy_ctx = ContextWithDeadline(20000);
  auto busy = stub().StreamHourlyReadings(busy_ctx.get(), &resp);
  v1::SubmitHourlyReadingsRequest big;
  big.set_district(kDistrict);
  big.set_year(2024);
  big.set_reported_by(kDept);
  for (absl::CivilDay d(2024, 5, 1); d < absl::CivilDay(2024, 5, 1) + 200; ++d) {
    for (const v1::HourlyReading& r : FullDay("S1", D(d.year(), d.month(), d.day()), 30)) {
      *big.add_readings() = r;
    }
  }
  ASSERT_TRUE(busy->Write(big));  // 4,800 readings: batches of 2,000 at once
  s = busy->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << s.error_message();
  EXPECT_NE(s.error_message().find("4800 of 4800 readings received were stored"), std::string::npos)
      << s.error_message();
  EXPECT_EQ(Keys("env:{410108}:hourly:S1:*"), 1 + 200);  // 4 April, then these

  // A stream that never sends its first message ends too, having stored nothing.
  auto quiet_ctx = ContextWithDeadline(20000);
  auto quiet = stub().StreamHourlyReadings(quiet_ctx.get(), &resp);
  s = quiet->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << s.error_message();
  EXPECT_NE(s.error_message().find("nothing stored"), std::string::npos) << s.error_message();
}

TEST_F(EnvTest, LaterMessagesWithAnotherHeaderAreRefusedReadingByReading) {
  AddStations({"S1"});
  auto ctx = ContextWithDeadline();
  v1::SubmitHourlyReadingsResponse resp;
  auto writer = stub().StreamHourlyReadings(ctx.get(), &resp);
  v1::SubmitHourlyReadingsRequest first = FirstMessage(D(2024, 6, 1));
  ASSERT_TRUE(writer->Write(first));
  v1::SubmitHourlyReadingsRequest second;
  second.set_district("410102");
  for (const auto& r : FullDay("S1", D(2024, 6, 2), 30)) *second.add_readings() = r;
  ASSERT_TRUE(writer->Write(second));
  v1::SubmitHourlyReadingsRequest third;  // header left empty: the first one's applies
  for (const auto& r : FullDay("S1", D(2024, 6, 3), 30)) *third.add_readings() = r;
  ASSERT_TRUE(writer->Write(third));
  writer->WritesDone();
  ASSERT_TRUE(writer->Finish().ok());
  EXPECT_EQ(resp.accepted_count(), 48);
  EXPECT_EQ(resp.refused_count(), 24);
  EXPECT_EQ(resp.refused(0).index(), 24);
  EXPECT_NE(resp.refused(0).reason().find("district: \"410102\" differs"), std::string::npos);
  EXPECT_EQ(Keys("env:{410102}:*"), 0);
  EXPECT_EQ(Keys("env:{410108}:hourly:*"), 2);
}

TEST_F(EnvTest, AStreamMessageHoldsAtMostTenThousandReadings) {
  AddStations({"S1"});
  std::vector<v1::HourlyReading> many;
  for (int i = 0; i < 10'001; ++i) {
    many.push_back(Reading("S1", D(2024, 1, 1), 0, 1, 1, 1, 1, 1, 0.1));
  }
  v1::SubmitHourlyReadingsResponse resp;
  // As the first message: refused before anything is read or stored.
  grpc::Status s = Stream(many, 2024, many.size(), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("readings: 10001 readings in one message", 0), 0u)
      << s.error_message();
  EXPECT_EQ(Keys("env:{410108}:hourly:*"), 0);

  // As a later message: the stream ends there, the readings before it are stored, and the
  // message says so.
  auto ctx = ContextWithDeadline();
  auto writer = stub().StreamHourlyReadings(ctx.get(), &resp);
  v1::SubmitHourlyReadingsRequest first = FirstMessage(D(2024, 6, 1));
  ASSERT_TRUE(writer->Write(first));
  v1::SubmitHourlyReadingsRequest second;
  for (const auto& r : many) *second.add_readings() = r;
  writer->Write(second);  // may fail: the server ends the call on this message
  writer->WritesDone();
  s = writer->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("readings: 10001 readings in one message", 0), 0u)
      << s.error_message();
  EXPECT_NE(s.error_message().find("24 of 24 readings received were stored"), std::string::npos)
      << s.error_message();
  EXPECT_EQ(Keys("env:{410108}:hourly:*"), 1);
}

TEST_F(EnvTest, UnaryCallIsLimitedAndBehavesLikeTheStream) {
  AddStations({"S1"});
  v1::SubmitHourlyReadingsRequest big;
  big.set_district(kDistrict);
  big.set_year(2024);
  big.set_reported_by(kDept);
  for (int i = 0; i < 10'001; ++i) *big.add_readings() = Reading("S1", D(2024, 1, 1), 0, 1, 1, 1, 1, 1, 0.1);
  v1::SubmitHourlyReadingsResponse resp;
  grpc::Status s = stub().SubmitHourlyReadings(ContextWithDeadline().get(), big, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("readings: 10001 readings in one message", 0), 0u)
      << s.error_message();
  EXPECT_EQ(Keys("env:{410108}:hourly:*"), 0);

  v1::SubmitHourlyReadingsRequest ok;
  ok.set_district(kDistrict);
  ok.set_year(2024);
  ok.set_reported_by(kDept);
  for (const auto& r : FullDay("S1", D(2024, 7, 7), 30)) *ok.add_readings() = r;
  *ok.add_readings() = Reading("S1", D(2024, 7, 7), 3, 30, 50, 10, 30, 99999, 0.5);
  ASSERT_TRUE(stub().SubmitHourlyReadings(ContextWithDeadline().get(), ok, &resp).ok());
  EXPECT_EQ(resp.accepted_count(), 24);
  EXPECT_EQ(resp.refused_count(), 1);
  EXPECT_EQ(resp.refused(0).index(), 24);
  EXPECT_EQ(GetDay(stub(), "2024-07-07").assessment().aqi(), 50);
}

TEST_F(EnvTest, ConcurrentStreamsOfTheSameDaysLeaveEveryDayComputedFromAllStations) {
  const std::vector<std::string> stations = {"A", "B", "C", "D"};
  AddStations(stations);
  const absl::CivilDay first(2024, 3, 1), last(2024, 3, 31);
  std::vector<std::thread> feeds;
  std::vector<grpc::Status> results(stations.size());
  for (size_t i = 0; i < stations.size(); ++i) {
    feeds.emplace_back([&, i] {
      v1::SubmitHourlyReadingsResponse r;
      // Small messages so the writers interleave day by day.
      results[i] = Stream(SyntheticHours({stations[i]}, first, last, 100 + i), 2024, 24, &r);
    });
  }
  for (std::thread& t : feeds) t.join();
  for (const grpc::Status& s : results) ASSERT_TRUE(s.ok()) << s.error_message();
  std::vector<v1::HourlyReading> all;
  for (size_t i = 0; i < stations.size(); ++i) {
    for (auto& r : SyntheticHours({stations[i]}, first, last, 100 + i)) all.push_back(r);
  }
  const auto expected = ExpectedDays(all);
  for (absl::CivilDay d = first; d <= last; ++d) {
    const std::string key = DayKey(d);
    const v1::AirQualityDay day = GetDay(stub(), key);
    EXPECT_EQ(day.stations_size(), 4) << key;
    const env::AqiResult& want = expected.at(d);
    EXPECT_EQ(day.hourly_assessment().has_aqi(), want.aqi.has_value()) << key;
    if (want.aqi) {
      EXPECT_EQ(day.hourly_assessment().aqi(), *want.aqi) << key;
    }
  }
}

}  // namespace
}  // namespace devplan::testing
