// How a server reads its --redis address: TCP "host:port" or a Unix socket "unix:/path".
// A parse that lost the socket path would quietly send a server to 127.0.0.1:6379 instead.
// And its Redis credentials: the user, and the password from --redis-password-file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/match.h"

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

// A password file in a private temporary directory, removed with the object.
class PasswordFile {
 public:
  PasswordFile(const std::string& content, std::filesystem::perms perms) {
    char tmpl[] = "/tmp/devplan-password-test-XXXXXX";
    dir_ = mkdtemp(tmpl);
    path_ = dir_ + "/redis-password";
    std::ofstream(path_, std::ios::binary) << content;
    std::filesystem::permissions(path_, perms);
  }
  ~PasswordFile() { std::filesystem::remove_all(dir_); }
  const std::string& path() const { return path_; }

 private:
  std::string dir_, path_;
};

constexpr auto kOwnerOnly = std::filesystem::perms::owner_read | std::filesystem::perms::owner_write;

absl::StatusOr<PoolOptions> WithPasswordFile(const std::string& path) {
  ServerConfig config{.service = "social", .listen = "127.0.0.1:0"};
  config.redis_password_file = path;
  return PoolOptionsFrom(config);
}

TEST(PoolOptionsFrom, CarriesTheUserAndThePasswordOfTheFileWithoutItsNewline) {
  PasswordFile file("0123456789abcdefXYZ\n", kOwnerOnly);
  absl::StatusOr<PoolOptions> options = WithPasswordFile(file.path());
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->endpoint.user, "devplan");
  EXPECT_EQ(options->endpoint.password, "0123456789abcdefXYZ");
  EXPECT_EQ(options->endpoint.ToString().find("XYZ"), std::string::npos);
}

TEST(PoolOptionsFrom, NoPasswordFileMeansNoCredentials) {
  ServerConfig config{.service = "social", .listen = "127.0.0.1:0"};
  absl::StatusOr<PoolOptions> options = PoolOptionsFrom(config);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_TRUE(options->endpoint.password.empty());
}

TEST(PoolOptionsFrom, ABadPasswordFileIsRefusedNamingTheFlagNeverQuotingIt) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"short\n", "16..512"},
      {"0123456789abcdef with a space\n", "with a space or control character"},
      {std::string(513, 'x'), "16..512"},
  };
  for (const auto& [content, why] : cases) {
    PasswordFile file(content, kOwnerOnly);
    absl::StatusOr<PoolOptions> options = WithPasswordFile(file.path());
    EXPECT_EQ(options.status().code(), absl::StatusCode::kInvalidArgument) << why;
    EXPECT_TRUE(absl::StrContains(options.status().message(), "--redis-password-file")) << options.status();
    EXPECT_TRUE(absl::StrContains(options.status().message(), why)) << options.status();
    EXPECT_FALSE(absl::StrContains(options.status().message(), content.substr(0, 5))) << options.status();
  }
  PasswordFile readable("0123456789abcdef0123\n", kOwnerOnly | std::filesystem::perms::others_read);
  absl::StatusOr<PoolOptions> shared = WithPasswordFile(readable.path());
  EXPECT_EQ(shared.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(shared.status().message(), "other users may read it")) << shared.status();
  absl::StatusOr<PoolOptions> missing = WithPasswordFile("/nonexistent/redis-password");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(missing.status().message(), "No such file")) << missing.status();
}

}  // namespace
}  // namespace devplan::redis
