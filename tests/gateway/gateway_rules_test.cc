// The gateway's rules that need no server: Google's gRPC → HTTP mapping and error body, the
// checks of query parameters and the Authorization header, ETags and If-None-Match, and the
// connection pool's bound.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>

#include "services/gateway/connection_pool.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_status.h"
#include "services/gateway/query.h"

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

}  // namespace
}  // namespace devplan::gateway
