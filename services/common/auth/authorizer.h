// The one place a call is admitted: gRPC runs this AuthMetadataProcessor for every call on a
// TLS port, before the handler, with the call's headers (`:path`, `authorization`) and the
// peer's certificate. It decides per call, from the method's declared permission, the
// caller's identity and the policy; nothing is remembered per connection.
//
// Process leaves nothing on the call: the AuthContext it is handed is the connection's,
// shared by every call on it (gRPC 1.51's server auth filter gives each call a reference to
// the one context), so a property added there would outlive the call, be read by the
// connection's later calls as theirs, and pile up for as long as the connection lives.
//
// What depends on the request body (which district it touches, who it says reported) cannot
// be seen in Process: Admit decides it again, from the same per-call inputs (the method's
// path, the call's token, the peer's certificate), when the handler has the request
// (grpc_glue.h AdmitCall).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <google/protobuf/message.h>
#include <grpcpp/security/auth_context.h>
#include <grpcpp/security/auth_metadata_processor.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/auth/permissions.h"
#include "services/common/auth/policy.h"
#include "services/common/auth/token.h"

namespace devplan::auth {

// A client certificate names its identity by this URI SAN prefix + the identity's name.
inline constexpr absl::string_view kIdentityUriPrefix = "spiffe://devplan/identity/";

// Calls Process refused, since start. Those refused later, by Admit (a district outside the
// caller's scope, a spoofed reported_by), reach a handler and are logged with every RPC.
struct RefusalCounts {
  uint64_t unauthenticated = 0;
  uint64_t permission_denied = 0;
};

// Process's refusals are counted, and logged at most kLinesPerSecond lines a second (then one
// line with how many were not), so a flood of hostile calls costs a counter, not the log.
class RefusalLog {
 public:
  static constexpr int kLinesPerSecond = 10;
  void Record(absl::string_view path, const absl::Status& refusal, absl::string_view certified);
  RefusalCounts counts() const;

 private:
  std::atomic<uint64_t> unauthenticated_{0};
  std::atomic<uint64_t> permission_denied_{0};
  std::mutex mu_;
  int64_t second_ = 0;    // the unix second lines_ counts in
  int lines_ = 0;         // lines logged in that second
  uint64_t unlogged_ = 0;  // refusals not logged since the last line
};

// Who an admitted call runs as.
struct Caller {
  std::string identity;    // the policy's identity name
  std::string department;  // the department it speaks for ("" for readers and services)
};

class Authorizer final : public grpc::AuthMetadataProcessor {
 public:
  // `tokens`: nullopt when the server accepts client certificates only.
  Authorizer(Permissions permissions, std::shared_ptr<const Policy> policy,
             std::optional<TokenVerifier> tokens);

  // Verifying a token is CPU work of microseconds: done inline on gRPC's thread.
  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata, OutputMetadata* response_metadata) override;

  // The decision itself, without gRPC's types (tests call it): the caller may call `path`
  // somewhere. UNAUTHENTICATED without valid credentials, PERMISSION_DENIED otherwise.
  absl::Status Decide(absl::string_view path, std::optional<absl::string_view> authorization,
                      std::optional<absl::string_view> certificate_identity) const;

  // The same decision, then its scope applied to the request: every district the method's
  // district_field names must be one the caller holds the permission in (PERMISSION_DENIED
  // otherwise), and a write's reported_by must be the caller's department: filled in when
  // empty, PERMISSION_DENIED when another. Who the call runs as when admitted.
  absl::StatusOr<Caller> Admit(absl::string_view path, std::optional<absl::string_view> authorization,
                               std::optional<absl::string_view> certificate_identity,
                               google::protobuf::Message& request) const;

  RefusalCounts refused() const { return refusals_.counts(); }

  // The process's authorizer, installed by ServerCredentialsFor with the policy it loaded;
  // nullptr before (a process serving plaintext only). A process has one access policy.
  static void Install(std::shared_ptr<const Authorizer> authorizer);
  static std::shared_ptr<const Authorizer> Installed();

 private:
  struct Grant;
  absl::StatusOr<Grant> Resolve(absl::string_view path, std::optional<absl::string_view> authorization,
                                std::optional<absl::string_view> certificate_identity) const;

  const Permissions permissions_;
  const std::shared_ptr<const Policy> policy_;
  const std::optional<TokenVerifier> tokens_;
  RefusalLog refusals_;
};

// The identity named by the peer's certificate, if it carries one of ours.
std::optional<std::string> CertificateIdentity(const grpc::AuthContext& context);

// Whether the call came over TLS (and so passed an Authorizer's Process).
bool IsTls(const grpc::AuthContext* context);

}  // namespace devplan::auth
