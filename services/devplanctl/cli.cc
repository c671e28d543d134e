#include "services/devplanctl/cli.h"

#include <unistd.h>

#include "absl/status/status.h"
#include "services/common/client_channel.h"

namespace devplan::ctl {

Globals& G() {
  static Globals g;
  return g;
}

int ExitCodeFor(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return kExitOk;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::OUT_OF_RANGE:
      return kExitBadInput;
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::ALREADY_EXISTS:
      return kExitState;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return kExitUnavailable;
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::PERMISSION_DENIED:
      return kExitAccess;
    default:
      return kExitOther;
  }
}

std::string StatusCodeName(grpc::StatusCode code) {
  // gRPC's codes are absl's, number for number; absl names them as gRPC does.
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

void CheckRpc(const grpc::Status& status, const std::string& what, const std::string& address) {
  if (status.ok()) return;
  std::string msg = what + ": " + StatusCodeName(status.error_code()) + ": " +
                    status.error_message();
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    msg += " (is the server at " + address + " running? see --help for the address flags" +
           (G().security.insecure ? "; a server without --insecure refuses plaintext)" : ")");
  } else if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
    msg += " (give your identity: --cert/--key or --token-file)";
  }
  throw CliError(ExitCodeFor(status.error_code()), msg);
}

void AddGlobalFlags(CLI::App& app) {
  Globals& g = G();
  // Each takes one address, its replicas' list or a dns:/// name (client_channel.h).
  const auto addr = [&app](const char* flag, std::string& value, const char* service, const char* env) {
    app.add_option(flag, value, std::string(service) + ": host:port, replicas as IP:port,IP:port,…, or dns:///name:port")
        ->envname(env)->check(ServiceAddressesValidator())->capture_default_str();
  };
  addr("--investment-addr", g.investment_addr, "InvestmentService", "DEVPLAN_INVESTMENT_ADDR");
  addr("--environment-addr", g.environment_addr, "EnvironmentService", "DEVPLAN_ENVIRONMENT_ADDR");
  addr("--social-addr", g.social_addr, "SocialService", "DEVPLAN_SOCIAL_ADDR");
  addr("--scorecard-addr", g.scorecard_addr, "ScorecardService (aggregator)", "DEVPLAN_AGGREGATOR_ADDR");
  app.add_option("--timeout", g.timeout_s, "seconds to wait for each call")
      ->envname("DEVPLAN_TIMEOUT")->check(CLI::Range(1, 3600))->capture_default_str();
  app.add_option("--color", g.color, "colours on stdout: auto (when a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))->capture_default_str();
  AddClientSecurityFlags(app, g.security);
}

std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  // Read once: every command's channels share one identity.
  static const absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      ClientCredentials(G().security);
  if (!credentials.ok()) throw CliError(kExitBadInput, std::string(credentials.status().message()));
  // The flags were checked (ServiceAddressesValidator), so a bad address here is a bug.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = ServiceChannel(address, "address", *credentials);
  if (!channel.ok()) throw CliError(kExitBadInput, std::string(channel.status().message()));
  return *channel;
}

bool ReporterFromIdentity() { return !G().security.insecure; }

std::unique_ptr<grpc::ClientContext> Ctx(int seconds) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(seconds > 0 ? seconds : G().timeout_s));
  return ctx;
}

bool StdoutColor() {
  const std::string& c = G().color;
  if (c == "always") return true;
  if (c == "never") return false;
  if (getenv("NO_COLOR") != nullptr) return false;
  return isatty(STDOUT_FILENO) == 1;
}

bool StderrIsTty() { return isatty(STDERR_FILENO) == 1; }

}  // namespace devplan::ctl
