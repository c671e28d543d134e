// How a server reads its --redis address: TCP "host:port" or a Unix socket "unix:/path".
// A parse that lost the socket path would quietly send a server to 127.0.0.1:6379 instead.
#include <gtest/gtest.h>

#include <string>

#include "services/common/redis_connection.h"
#include "services/common/server_runner.h"

namespace devplan::redis {
namespace {

TEST(RedisAddress, HostAndPort) {
  absl::StatusOr<Endpoint> e = ParseEndpoint("redis.internal:6380");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_FALSE(e->is_unix());
  EXPECT_EQ(e->host, "redis.internal");
  EXPECT_EQ(e->port, 6380);
  EXPECT_EQ(e->ToString(), "redis.internal:6380");
}

TEST(RedisAddress, UnixSocketPath) {
  absl::StatusOr<Endpoint> e = ParseEndpoint("unix:/run/redis/redis.sock");
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_TRUE(e->is_unix());
  EXPECT_EQ(e->unix_path, "/run/redis/redis.sock");
  EXPECT_EQ(e->ToString(), "unix:/run/redis/redis.sock");
}

TEST(RedisAddress, RefusesMalformedAddresses) {
  for (const char* bad : {"", "localhost", ":6379", "localhost:", "localhost:0",
                          "localhost:65536", "localhost:63x9", "unix:"}) {
    absl::StatusOr<Endpoint> e = ParseEndpoint(bad);
    EXPECT_EQ(e.status().code(), absl::StatusCode::kInvalidArgument) << "\"" << bad << "\"";
  }
}

TEST(RedisAddress, ARefusalQuotesAtMostAShortPrefixOfTheAddress) {
  for (const std::string& bad : {std::string(5000, 'h'), "unix:/" + std::string(5000, 's'),
                                 "host:" + std::string(5000, '9')}) {
    absl::StatusOr<Endpoint> e = ParseEndpoint(bad);
    EXPECT_EQ(e.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_LT(e.status().message().size(), 250u);
  }
}

TEST(RedisAddress, RefusesASocketPathTheKernelWouldCut) {
  // sockaddr_un holds 107 bytes and a NUL: one byte more must be refused, not truncated.
  const std::string fits = "/" + std::string(106, 's');
  EXPECT_TRUE(ParseEndpoint("unix:" + fits).ok());
  absl::StatusOr<Endpoint> too_long = ParseEndpoint("unix:" + fits + "s");
  EXPECT_EQ(too_long.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RedisAddress, ASocketWithNoServerIsUnavailableAndNamed) {
  Endpoint e;
  e.unix_path = ::testing::TempDir() + "/no-redis-here.sock";
  absl::StatusOr<std::unique_ptr<Connection>> c =
      Connection::Open(e, absl::Milliseconds(200), absl::Milliseconds(200));
  EXPECT_EQ(c.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(c.status().message().find(e.unix_path), absl::string_view::npos) << c.status();
}

TEST(PoolOptionsFrom, CarriesTheUnixSocketAndPoolSize) {
  ServerConfig config{.service = "social", .listen = "127.0.0.1:0"};
  config.redis = "unix:/tmp/devplan/redis.sock";
  config.redis_pool_size = 3;
  absl::StatusOr<PoolOptions> options = PoolOptionsFrom(config);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->endpoint.unix_path, "/tmp/devplan/redis.sock");
  EXPECT_EQ(options->size, 3);
}

TEST(PoolOptionsFrom, AMalformedAddressIsAnErrorNamingTheFlagNotAnExit) {
  ServerConfig config{.service = "social", .listen = "127.0.0.1:0"};
  config.redis = "localhost";
  absl::StatusOr<PoolOptions> options = PoolOptionsFrom(config);
  EXPECT_EQ(options.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(options.status().message().find("--redis"), absl::string_view::npos)
      << options.status();
}

}  // namespace
}  // namespace devplan::redis
