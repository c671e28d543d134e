// How a server and its clients secure a port (issue #13): TLS with the suite's CA, client
// certificates verified when presented, bearer tokens, and the access policy applied to
// every call by one Authorizer. Plaintext only with --insecure, which is logged loudly.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"

namespace devplan {

struct SecurityConfig {
  bool insecure = false;      // plaintext, no identities, no policy: development only
  std::string tls_cert{};      // this server's certificate chain (PEM)
  std::string tls_key;        // its private key (PEM)
  std::string tls_ca;         // the CA client certificates must chain to, and servers' for clients
  std::string policy;         // deploy/auth/policy.textproto
  std::string token_public_key;  // the token issuer's public key; empty: certificates only
  std::string token_audience = "devplan";
  std::string token_issuer = "devplan-dev";
  // This process's own identity when it calls other services (the aggregator): a client
  // certificate of the CA with URI SAN spiffe://devplan/identity/<name>.
  std::string client_cert;
  std::string client_key;
};

// --insecure / DEVPLAN_INSECURE, --tls-cert / DEVPLAN_TLS_CERT, --tls-key / DEVPLAN_TLS_KEY,
// --tls-ca / DEVPLAN_TLS_CA, --policy / DEVPLAN_POLICY, --token-public-key /
// DEVPLAN_TOKEN_PUBLIC_KEY, --token-audience, --token-issuer, --client-cert / DEVPLAN_CLIENT_CERT,
// --client-key / DEVPLAN_CLIENT_KEY.
void AddSecurityFlags(CLI::App& app, SecurityConfig& config);

// TLS credentials whose every call passes the Authorizer (policy and token key loaded and
// checked now), or plaintext when config.insecure. INVALID_ARGUMENT / NOT_FOUND naming the
// flag when a file is missing or malformed, or when neither TLS nor --insecure is chosen.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(const SecurityConfig& config);

// Credentials for calling the suite's servers: TLS trusting tls_ca, presenting the client
// certificate when one is configured; plaintext when config.insecure.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(const SecurityConfig& config);

}  // namespace devplan
