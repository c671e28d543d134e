// How a client reads a service's address flag (issue #16): one address is dialled as given;
// a list of replicas becomes one gRPC ipv4:/ipv6: target whose first address names the
// certificates' host; anything a list cannot hold is refused naming the flag and the entry.
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

#include "services/common/client_channel.h"

namespace devplan {
namespace {

TEST(ServiceAddresses, OneAddressOrNameIsDialledAsGiven) {
  for (const char* given : {"127.0.0.1:50051", "investment.internal:50051", "dns:///investment.internal:50051",
                            "unix:/run/devplan/investment.sock", "ipv4:10.0.0.1:1,10.0.0.2:1"}) {
    absl::StatusOr<ServiceTarget> t = ParseServiceAddresses(given, "--investment-addr");
    ASSERT_TRUE(t.ok()) << given << ": " << t.status();
    EXPECT_EQ(t->target, given);
    EXPECT_EQ(t->authority, "");
  }
}

TEST(ServiceAddresses, ListOfIpv4BecomesOneTarget) {
  absl::StatusOr<ServiceTarget> t = ParseServiceAddresses("10.0.0.1:50051,10.0.0.2:50061", "--investment-addr");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->target, "ipv4:10.0.0.1:50051,10.0.0.2:50061");
  EXPECT_EQ(t->authority, "10.0.0.1:50051");
}

TEST(ServiceAddresses, ListOfIpv6BecomesOneTarget) {
  absl::StatusOr<ServiceTarget> t = ParseServiceAddresses("[::1]:50051,[fd00::2]:50051", "--social-addr");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->target, "ipv6:[::1]:50051,[fd00::2]:50051");
  EXPECT_EQ(t->authority, "[::1]:50051");
}

TEST(ServiceAddresses, RefusedListsNameTheFlagAndTheEntry) {
  struct Case {
    std::string given;
    std::string said;
  };
  for (const Case& c : std::vector<Case>{
           {"", "empty"},
           {"10.0.0.1:50051,", "address 2 of the list is empty"},
           {"10.0.0.1:50051,investment.internal:50051", "\"investment.internal:50051\" is not an IP address"},
           {"10.0.0.1:50051,10.0.0.2", "\"10.0.0.2\" has no port"},
           {"10.0.0.1:50051,10.0.0.2:0", "has no port 1..65535"},
           {"10.0.0.1:50051,10.0.0.2:65536", "has no port 1..65535"},
           {"10.0.0.1:50051,[::1:50051", "opens [ without closing it"},
           {"10.0.0.1:50051,[::1]:50051", "all IPv4 or all IPv6"},
           {"10.0.0.1:1,dns:///x:1", "is not an IP address"},
       }) {
    absl::StatusOr<ServiceTarget> t = ParseServiceAddresses(c.given, "--environment-addr");
    ASSERT_FALSE(t.ok()) << c.given;
    EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument) << c.given;
    EXPECT_TRUE(absl::StartsWith(t.status().message(), "--environment-addr: ")) << t.status();
    EXPECT_TRUE(absl::StrContains(t.status().message(), c.said)) << c.given << " → " << t.status();
  }
}

TEST(ServiceAddresses, ListLengthIsBounded) {
  std::string list;
  for (size_t i = 0; i <= kMaxServiceAddresses; ++i) absl::StrAppend(&list, i ? "," : "", "10.0.0.1:", 1000 + i);
  absl::StatusOr<ServiceTarget> t = ParseServiceAddresses(list, "--social-addr");
  ASSERT_FALSE(t.ok());
  EXPECT_TRUE(absl::StrContains(t.status().message(), "more than 64")) << t.status();
  list = list.substr(0, list.rfind(','));
  EXPECT_TRUE(ParseServiceAddresses(list, "--social-addr").ok());
}

}  // namespace
}  // namespace devplan
