// The one place a call is admitted: gRPC runs this AuthMetadataProcessor for every call on a
// TLS port, before the handler, with the call's headers (`:path`, `authorization`) and the
// peer's certificate. It decides per call, from the method's declared permission, the
// caller's identity and the policy; nothing is remembered per connection.
//
// What depends on the request body (which district it touches, who it says reported) cannot
// be seen here: the decision is left on the call (its AuthContext) and CheckRequest applies
// it when the handler has the request (grpc_glue.h).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <google/protobuf/message.h>
#include <grpcpp/security/auth_context.h>
#include <grpcpp/security/auth_metadata_processor.h>

#include "absl/status/status.h"
#include "services/common/auth/permissions.h"
#include "services/common/auth/policy.h"
#include "services/common/auth/token.h"

namespace devplan::auth {

// A client certificate names its identity by this URI SAN prefix + the identity's name.
inline constexpr absl::string_view kIdentityUriPrefix = "spiffe://devplan/identity/";

// What Process leaves on an admitted call.
inline constexpr char kIdentityProperty[] = "devplan.identity";
inline constexpr char kDepartmentProperty[] = "devplan.department";
inline constexpr char kDistrictsProperty[] = "devplan.districts";  // codes, or "*"
inline constexpr char kWritesProperty[] = "devplan.writes";        // "1" for a write
inline constexpr char kDistrictFieldProperty[] = "devplan.district_field";  // "project.district"
inline constexpr char kMethodProperty[] = "devplan.method";  // the call's :path

class Authorizer final : public grpc::AuthMetadataProcessor {
 public:
  // `tokens`: nullopt when the server accepts client certificates only.
  Authorizer(Permissions permissions, std::shared_ptr<const Policy> policy,
             std::optional<TokenVerifier> tokens);

  // Verifying a token is CPU work of microseconds: done inline on gRPC's thread.
  bool IsBlocking() const override { return false; }

  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata, OutputMetadata* response_metadata) override;

  // The decision itself, without gRPC's types (tests call it).
  absl::Status Decide(absl::string_view path, std::optional<absl::string_view> authorization,
                      std::optional<absl::string_view> certificate_identity,
                      grpc::AuthContext* context) const;

 private:
  const Permissions permissions_;
  const std::shared_ptr<const Policy> policy_;
  const std::optional<TokenVerifier> tokens_;
};

// Applies the admitted call's scope to its request: every district the method's
// district_field names must be one the caller holds the permission in (PERMISSION_DENIED
// otherwise), and a write's reported_by must be the caller's department: filled in when
// empty, PERMISSION_DENIED when another. OK without checks on a call that no Authorizer
// admitted (a plaintext port, --insecure).
absl::Status CheckRequest(const grpc::AuthContext* context, google::protobuf::Message& request);

// The identity an admitted call runs as ("" on a plaintext port).
std::string CallerIdentity(const grpc::AuthContext* context);
// A property the Authorizer left on the call ("" if none: a plaintext port).
std::string CallProperty(const grpc::AuthContext* context, const char* name);

}  // namespace devplan::auth
