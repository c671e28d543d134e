// What every devplanctl command shares: server addresses, deadlines, the exit codes and the
// one mapping from a gRPC status to a message and an exit code.
#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "services/common/client_security.h"

namespace devplan::ctl {

// Exit codes (docs/devplanctl.md, "Exit codes").
enum ExitCode : int {
  kExitOk = 0,
  kExitOther = 1,        // anything else: an I/O error, an internal server error
  kExitBadInput = 2,     // usage, a bad file or row, INVALID_ARGUMENT
  kExitState = 3,        // NOT_FOUND, FAILED_PRECONDITION, ALREADY_EXISTS
  kExitUnavailable = 4,  // UNAVAILABLE, DEADLINE_EXCEEDED, a partial scorecard
  kExitAccess = 5,       // UNAUTHENTICATED, PERMISSION_DENIED: the credentials or the policy
};

// Thrown by commands; main() prints the message to stderr and exits with the code.
class CliError : public std::runtime_error {
 public:
  CliError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

// The exit code a failed RPC maps to.
int ExitCodeFor(grpc::StatusCode code);
// "UNAVAILABLE", "INVALID_ARGUMENT", …
std::string StatusCodeName(grpc::StatusCode code);
// Throws CliError("<what>: <CODE>: <message>[ (hint)]") unless the status is OK.
void CheckRpc(const grpc::Status& status, const std::string& what, const std::string& address);

struct Globals {
  std::string investment_addr = "127.0.0.1:50051";
  std::string environment_addr = "127.0.0.1:50052";
  std::string social_addr = "127.0.0.1:50053";
  std::string scorecard_addr = "127.0.0.1:50050";
  int timeout_s = 30;
  bool color_flag_set = false;
  std::string color = "auto";  // auto | always | never
  // TLS with the suite's CA and the caller's identity (a certificate and/or a token), or
  // --insecure for a plaintext development suite.
  ClientSecurity security;
};

Globals& G();

// Binds the global flags (with DEVPLAN_*_ADDR environment fallbacks, the names the servers
// use; the security flags of AddClientSecurityFlags) to G().
void AddGlobalFlags(CLI::App& app);

// A channel secured as G().security says. Throws CliError (exit 2) naming the flag when the
// credentials cannot be used (no CA, a file missing or not PEM).
std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address);
// Whether a write may leave reported_by empty for the server to fill in from the caller's
// identity: over TLS, where there is one.
bool ReporterFromIdentity();
// A context with the global deadline (or `seconds` when > 0).
std::unique_ptr<grpc::ClientContext> Ctx(int seconds = 0);

// Whether stdout / stderr are terminals (and colours are wanted on stdout).
bool StdoutColor();
bool StderrIsTty();

}  // namespace devplan::ctl
