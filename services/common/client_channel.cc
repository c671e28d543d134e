#include "services/common/client_channel.h"

#include <arpa/inet.h>

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace devplan {
namespace {

// Every replica connected, calls spread over the healthy ones. Client-side health checking
// is gRPC core's (healthCheckConfig), which Debian's 1.51 has; a server without the health
// service would count as healthy, and every devplan server has it (server_runner.h).
constexpr char kBalancedServiceConfig[] =
    R"({"loadBalancingConfig":[{"round_robin":{}}],"healthCheckConfig":{"serviceName":""}})";
// The same, every method's UNAVAILABLE retried (kMaxAttempts attempts, 3).
constexpr char kBalancedRetryingServiceConfig[] =
    R"({"loadBalancingConfig":[{"round_robin":{}}],"healthCheckConfig":{"serviceName":""},)"
    R"("methodConfig":[{"name":[{}],"retryPolicy":{"maxAttempts":3,"initialBackoff":"0.05s",)"
    R"("maxBackoff":"0.5s","backoffMultiplier":2,"retryableStatusCodes":["UNAVAILABLE"]}}]})";
static_assert(kMaxAttempts == 3, "kBalancedRetryingServiceConfig's maxAttempts");

enum class Family { kV4, kV6 };

// "a.b.c.d:port" or "[v6]:port" → its family; an error naming `flag` otherwise.
absl::StatusOr<Family> IpEntry(absl::string_view entry, absl::string_view flag) {
  const auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": \"", entry, "\" ", why));
  };
  const size_t colon = entry.rfind(':');
  if (colon == absl::string_view::npos) return bad("has no port (IP:port)");
  int port = 0;
  if (!absl::SimpleAtoi(entry.substr(colon + 1), &port) || port < 1 || port > 65535) {
    return bad("has no port 1..65535 (IP:port)");
  }
  absl::string_view host = entry.substr(0, colon);
  Family family = Family::kV4;
  if (absl::ConsumePrefix(&host, "[")) {
    if (!absl::ConsumeSuffix(&host, "]")) return bad("opens [ without closing it");
    family = Family::kV6;
  }
  unsigned char parsed[16];
  const std::string text(host);
  if (inet_pton(family == Family::kV4 ? AF_INET : AF_INET6, text.c_str(), parsed) != 1) {
    return bad(
        "is not an IP address and port; a list takes IP addresses only, give a host name as "
        "dns:///name:port (every address it resolves to is used)");
  }
  return family;
}

}  // namespace

absl::StatusOr<ServiceTarget> ParseServiceAddresses(absl::string_view addresses, absl::string_view flag) {
  if (addresses.empty()) return absl::InvalidArgumentError(absl::StrCat(flag, ": empty"));
  // One address or name, or a list already in gRPC's own syntax: dialled as given.
  if (!absl::StrContains(addresses, ',') || absl::StartsWith(addresses, "ipv4:") ||
      absl::StartsWith(addresses, "ipv6:")) {
    return ServiceTarget{.target = std::string(addresses), .authority = ""};
  }
  const std::vector<absl::string_view> entries = absl::StrSplit(addresses, ',');
  if (entries.size() > kMaxServiceAddresses) {
    return absl::InvalidArgumentError(absl::StrCat(flag, ": ", entries.size(), " addresses, more than ",
                                                    kMaxServiceAddresses, "; name the replicas by DNS"));
  }
  Family first = Family::kV4;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].empty()) {
      return absl::InvalidArgumentError(absl::StrCat(flag, ": address ", i + 1, " of the list is empty"));
    }
    absl::StatusOr<Family> family = IpEntry(entries[i], flag);
    if (!family.ok()) return family.status();
    if (i == 0) first = *family;
    if (*family != first) {
      return absl::InvalidArgumentError(
          absl::StrCat(flag, ": \"", entries[i], "\": a list is all IPv4 or all IPv6"));
    }
  }
  return ServiceTarget{.target = absl::StrCat(first == Family::kV4 ? "ipv4:" : "ipv6:", addresses),
                       .authority = std::string(entries[0])};
}

CLI::Validator ServiceAddressesValidator() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        // CLI11 names the flag itself.
        absl::StatusOr<ServiceTarget> target = ParseServiceAddresses(value, "");
        if (target.ok()) return std::string();
        absl::string_view why = target.status().message();
        absl::ConsumePrefix(&why, ": ");
        return std::string(why);
      },
      "HOST:PORT | IP:PORT,IP:PORT,… | dns:///NAME:PORT");
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> ServiceChannel(
    absl::string_view addresses, absl::string_view flag,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials, grpc::ChannelArguments args,
    Retry retry) {
  absl::StatusOr<ServiceTarget> target = ParseServiceAddresses(addresses, flag);
  if (!target.ok()) return target.status();
  args.SetServiceConfigJSON(retry == Retry::kUnavailable ? kBalancedRetryingServiceConfig : kBalancedServiceConfig);
  if (!target->authority.empty()) args.SetString(GRPC_ARG_DEFAULT_AUTHORITY, target->authority);
  return grpc::CreateCustomChannel(target->target, credentials, args);
}

}  // namespace devplan
