// The gateway's rules that need no server: Google's gRPC → HTTP mapping and error body, the
// checks of query parameters and the Authorization header, ETags and If-None-Match, and the
// connection pool's bound.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>

#include <zlib.h>

#include "absl/strings/str_cat.h"
#include "services/gateway/connection_pool.h"
#include "services/gateway/gateway.h"
#include "services/gateway/gzip.h"
#include "services/gateway/http_status.h"
#include "services/gateway/query.h"
#include "services/gateway/rendered_replies.h"
#include "services/gateway/proto_json.h"
#include "devplan/v1/scorecard.pb.h"

namespace devplan::gateway {
namespace {

TEST(GatewayRulesTest, GrpcCodesMapAsGoogleMapsThem) {
  const std::pair<grpc::StatusCode, int> table[] = {
      {grpc::StatusCode::OK, 200},
      {grpc::StatusCode::CANCELLED, 499},
      {grpc::StatusCode::UNKNOWN, 500},
      {grpc::StatusCode::INVALID_ARGUMENT, 400},
      {grpc::StatusCode::DEADLINE_EXCEEDED, 504},
      {grpc::StatusCode::NOT_FOUND, 404},
      {grpc::StatusCode::ALREADY_EXISTS, 409},
      {grpc::StatusCode::PERMISSION_DENIED, 403},
      {grpc::StatusCode::UNAUTHENTICATED, 401},
      {grpc::StatusCode::RESOURCE_EXHAUSTED, 429},
      {grpc::StatusCode::FAILED_PRECONDITION, 400},
      {grpc::StatusCode::ABORTED, 409},
      {grpc::StatusCode::OUT_OF_RANGE, 400},
      {grpc::StatusCode::UNIMPLEMENTED, 501},
      {grpc::StatusCode::INTERNAL, 500},
      {grpc::StatusCode::UNAVAILABLE, 503},
      {grpc::StatusCode::DATA_LOSS, 500},
  };
  for (const auto& row : table) EXPECT_EQ(HttpStatusFor(row.first), row.second) << StatusName(row.first);
}

TEST(GatewayRulesTest, ErrorBodyIsGooglesShapeAndEscaped) {
  EXPECT_EQ(ErrorJson(grpc::StatusCode::FAILED_PRECONDITION, "plan \"x\"\n未找到"),
            R"({"error":{"code":400,"message":"plan \"x\"\n未找到","status":"FAILED_PRECONDITION"}})");
}

TEST(GatewayRulesTest, DatesAreRealDaysNamedByParameter) {
  absl::StatusOr<v1::Date> d = ParseDate("2024-02-29", "as_of");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->year() * 10000 + d->month() * 100 + d->day(), 20240229);
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-9-30", "20240930", "2024-09-3x", "", "+024-09-30"}) {
    absl::StatusOr<v1::Date> r = ParseDate(bad, "as_of");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("as_of"), std::string::npos) << r.status().message();
  }
}

TEST(GatewayRulesTest, AreasDistrictsAndIntegers) {
  absl::StatusOr<std::vector<v1::Area>> areas = ParseAreas("ECOLOGY, area_livelihood", "areas");
  ASSERT_TRUE(areas.ok());
  EXPECT_EQ(*areas, (std::vector<v1::Area>{v1::AREA_ECOLOGY, v1::AREA_LIVELIHOOD}));
  EXPECT_NE(ParseAreas("ECOLOGY,WEATHER", "areas").status().message().find("areas"), std::string::npos);
  EXPECT_FALSE(ParseAreas("UNSPECIFIED", "areas").ok());
  EXPECT_EQ(ParseDistricts("410108,410102", "districts", 10)->size(), 2u);
  EXPECT_FALSE(ParseDistricts("410108,410100", "districts", 10).ok());  // a city, not a district
  EXPECT_FALSE(ParseDistricts("410108,410102", "districts", 1).ok());
  EXPECT_EQ(*ParseInt("", "year", 1949, 2100, 0), 0);
  EXPECT_EQ(*ParseInt("2024", "year", 1949, 2100, 0), 2024);
  for (const char* bad : {"24", "2024x", " 2024", "99999999999"}) {
    EXPECT_NE(ParseInt(bad, "year", 1949, 2100, 0).status().message().find("year"), std::string::npos) << bad;
  }
}

TEST(GatewayRulesTest, QueryParametersAreKnownOnceAndBounded) {
  EXPECT_TRUE(CheckParams({{"as_of", "2024-09-30"}}, {"as_of", "areas"}, 16).ok());
  EXPECT_NE(CheckParams({{"asof", "x"}}, {"as_of", "areas"}, 16).message().find("asof"), std::string::npos);
  EXPECT_NE(CheckParams({{"as_of", "a"}, {"as_of", "b"}}, {"as_of"}, 16).message().find("twice"),
            std::string::npos);
  EXPECT_NE(CheckParams({{"as_of", "a"}, {"areas", "b"}}, {"as_of", "areas"}, 1).message().find("too many"),
            std::string::npos);
}

TEST(GatewayRulesTest, OnlyWellFormedBearerTokensAreForwarded) {
  EXPECT_EQ(*BearerToken("Bearer eyJhbGciOi.eyJzdWIi.c2ln-_"), "eyJhbGciOi.eyJzdWIi.c2ln-_");
  for (const std::string& bad : {std::string("Basic abc"), std::string("Bearer "), std::string("bearer abc"),
                                std::string("Bearer a b"), std::string("Bearer a\r\nx: y"),
                                "Bearer " + std::string(5000, 'a')}) {
    absl::StatusOr<std::string> t = BearerToken(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.status().code(), absl::StatusCode::kUnauthenticated);
    EXPECT_NE(t.status().message().find("Authorization"), std::string::npos);
  }
}

TEST(GatewayRulesTest, EtagsAndIfNoneMatch) {
  const std::string etag = EtagOf("{\"district\":\"410108\"}");
  EXPECT_EQ(etag.size(), 34u);
  EXPECT_EQ(etag, EtagOf("{\"district\":\"410108\"}"));
  EXPECT_NE(etag, EtagOf("{\"district\":\"410102\"}"));
  EXPECT_TRUE(IfNoneMatch(etag, etag));
  EXPECT_TRUE(IfNoneMatch("\"x\", W/" + etag, etag));
  EXPECT_TRUE(IfNoneMatch("*", etag));
  EXPECT_FALSE(IfNoneMatch("", etag));
  EXPECT_FALSE(IfNoneMatch("\"x\"", etag));
}

TEST(GatewayRulesTest, ConnectionsBeyondTheQueueAreServedAsOverloaded) {
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  std::atomic<int> overloaded{0};
  std::atomic<int> done{0};
  {
    ConnectionPool pool(1, 1);
    auto job = [&] {
      if (ConnectionPool::Overloaded()) {
        ++overloaded;
      } else {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return release; });
      }
      ++done;
    };
    pool.enqueue(job);  // runs, blocked
    int jobs = 1;
    // One may wait in the queue; the one after is refused (spilled), never dropped.
    while (pool.refused() == 0) {
      pool.enqueue(job);
      ++jobs;
    }
    EXPECT_LE(jobs, 3);
    {
      std::lock_guard<std::mutex> lock(mu);
      release = true;
    }
    cv.notify_all();
    pool.shutdown();
    EXPECT_EQ(static_cast<size_t>(overloaded.load()), pool.refused());
    EXPECT_EQ(done.load(), jobs);  // every job ran: each is what closes its connection
  }
}

TEST(GatewayRulesTest, PathsMapToTheirRouteLabelAndNothingElseMakesOne) {
  using R = telemetry::HttpRoute;
  EXPECT_EQ(RouteOf("/v1/districts/410108/scorecard"), R::kScorecard);
  EXPECT_EQ(RouteOf("/v1/districts/410108/scorecard:watch"), R::kScorecardWatch);
  EXPECT_EQ(RouteOf("/v1/districts/410108/indicators/gdp_growth/history"), R::kIndicatorHistory);
  EXPECT_EQ(RouteOf("/v1/scorecards:compare"), R::kCompare);
  EXPECT_EQ(RouteOf("/v1/districts/410108/aqiCalendar"), R::kAqiCalendar);
  EXPECT_EQ(RouteOf("/v1/districts/410108/airQualityDays/2024-09-01"), R::kAirQualityDay);
  EXPECT_EQ(RouteOf("/v1/services/social/metricDefinitions"), R::kMetricDefinitions);
  EXPECT_EQ(RouteOf("/healthz"), R::kHealth);
  EXPECT_EQ(RouteOf("/"), R::kStatic);
  EXPECT_EQ(RouteOf("/static/screen.js"), R::kStatic);
  // Whatever a caller invents is one label, never a new series.
  for (const char* path : {"/v1/districts/410108/secrets", "/v1/services/social/x", "/etc/passwd", "",
                           "/v1/scorecards:compareX"}) {
    EXPECT_EQ(RouteOf(path), R::kOther) << path;
  }
}

v1::Scorecard CardOf(const std::string& district, double score) {
  v1::Scorecard card;
  card.set_district(district);
  card.set_overall_score(score);
  return card;
}

TEST(RenderedRepliesTest, SameBytesAnswerTheKeptJsonOtherBytesTheirOwn) {
  RenderedReplies replies(2, 1 << 20);
  const v1::Scorecard a = CardOf("410108", 81.5), b = CardOf("410102", 77.25);
  auto first = replies.Render(a.SerializeAsString(), v1::Scorecard::default_instance());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ((*first)->json, *ToJson(a));
  EXPECT_EQ((*first)->etag, EtagOf((*first)->json));
  auto again = replies.Render(a.SerializeAsString(), v1::Scorecard::default_instance());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->get(), first->get());  // kept, not printed again
  auto other = replies.Render(b.SerializeAsString(), v1::Scorecard::default_instance());
  ASSERT_TRUE(other.ok());
  EXPECT_NE((*other)->json, (*first)->json);
  EXPECT_EQ((*other)->json, *ToJson(b));
  EXPECT_EQ(replies.entries(), 2u);
  EXPECT_EQ(replies.bytes(), a.ByteSizeLong() + b.ByteSizeLong() + (*first)->json.size() + (*other)->json.size());
}

TEST(RenderedRepliesTest, BoundedByEntriesAndBytesLeastRecentlyUsedFirst) {
  RenderedReplies replies(2, 1 << 20);
  const v1::Scorecard a = CardOf("410108", 1), b = CardOf("410102", 2), c = CardOf("410103", 3);
  auto kept_a = *replies.Render(a.SerializeAsString(), v1::Scorecard::default_instance());
  replies.Render(b.SerializeAsString(), v1::Scorecard::default_instance()).IgnoreError();
  // a used again: b is now the least recently used, and c pushes it out.
  EXPECT_EQ(replies.Render(a.SerializeAsString(), v1::Scorecard::default_instance())->get(), kept_a.get());
  auto kept_c = *replies.Render(c.SerializeAsString(), v1::Scorecard::default_instance());
  EXPECT_EQ(replies.entries(), 2u);
  EXPECT_EQ(replies.Render(a.SerializeAsString(), v1::Scorecard::default_instance())->get(), kept_a.get());
  EXPECT_EQ(replies.Render(c.SerializeAsString(), v1::Scorecard::default_instance())->get(), kept_c.get());

  // A reply above a quarter of the byte bound is answered, not kept.
  v1::Scorecard big = CardOf("410108", 4);
  big.set_district_name_zh(std::string(4096, 'x'));
  RenderedReplies small(8, 8192);
  auto printed = small.Render(big.SerializeAsString(), v1::Scorecard::default_instance());
  ASSERT_TRUE(printed.ok());
  EXPECT_EQ((*printed)->json, *ToJson(big));
  EXPECT_EQ(small.entries(), 0u);
  EXPECT_EQ(small.bytes(), 0u);
}

// zlib's inflate of a gzip member: what any client does with Content-Encoding: gzip.
std::string Gunzip(const std::string& gz) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  stream.avail_in = static_cast<uInt>(gz.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

TEST(RenderedRepliesTest, AKeptReplyHasItsGzipWithAnEtagOfItsOwn) {
  RenderedReplies replies(2, 1 << 20);
  v1::Scorecard card = CardOf("410108", 81.5);
  for (int i = 0; i < 60; ++i) card.add_indicators()->set_id(absl::StrCat("econ.indicator_", i));
  auto r = replies.Render(card.SerializeAsString(), v1::Scorecard::default_instance());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_GE((*r)->json.size(), kMinGzipBytes);
  ASSERT_FALSE((*r)->gzip.empty());
  EXPECT_LT((*r)->gzip.size(), (*r)->json.size() / 2);
  EXPECT_EQ(Gunzip((*r)->gzip), (*r)->json);
  EXPECT_NE((*r)->gzip_etag, (*r)->etag);
  EXPECT_EQ((*r)->gzip_etag, absl::StrCat((*r)->etag.substr(0, (*r)->etag.size() - 1), "-gzip\""));
  EXPECT_EQ(replies.bytes(), card.ByteSizeLong() + (*r)->json.size() + (*r)->gzip.size());
  // A short reply goes as it is.
  auto small = replies.Render(CardOf("410102", 1).SerializeAsString(), v1::Scorecard::default_instance());
  ASSERT_LT((*small)->json.size(), kMinGzipBytes);
  EXPECT_TRUE((*small)->gzip.empty());
}

TEST(GzipTest, AcceptEncodingTakesGzipOnlyWithAWeightAboveZero) {
  for (const char* yes : {"gzip", "GZIP", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8", "x-gzip", "*",
                          "deflate, *;q=0.5", " gzip ; q=0.001 "}) {
    EXPECT_TRUE(AcceptsGzip(yes)) << yes;
  }
  for (const char* no : {"", "identity", "deflate, br", "gzip;q=0", "gzip;q=0.000", "*;q=0",
                         "*, gzip;q=0", "gzip;q=2", "gzip;q=abc", "gzipx"}) {
    EXPECT_FALSE(AcceptsGzip(no)) << no;
  }
}

TEST(RenderedRepliesTest, BytesThatAreNotTheMessageAreInternal) {
  RenderedReplies replies(2, 1 << 20);
  auto bad = replies.Render(std::string("\xff\xff\xff", 3), v1::Scorecard::default_instance());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(replies.entries(), 0u);
}

}  // namespace
}  // namespace devplan::gateway
