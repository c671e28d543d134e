// How a client of the suite (devplanctl, the aggregator towards the domain services, the
// benches) secures its channels (issue #13): TLS verifying the servers against the suite's
// CA, with an identity from a client certificate (URI SAN spiffe://devplan/identity/NAME)
// and/or a bearer token (which wins when both are sent). Plaintext only with --insecure.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace devplan {

struct ClientSecurity {
  bool insecure = false;   // plaintext: for a suite started with --insecure
  std::string tls_ca{};    // the CA the servers' certificates chain to (PEM)
  std::string cert{};      // this client's certificate (PEM); empty: none
  std::string key{};       // its private key (PEM)
  std::string token_file{};  // a file holding a bearer token (JWT); empty: none
  // How errors name the certificate's and key's flags (the aggregator's are --client-cert
  // and --client-key).
  const char* cert_flag = "--cert";
  const char* key_flag = "--key";
};

// --insecure / DEVPLAN_INSECURE, --tls-ca / DEVPLAN_TLS_CA, --cert / DEVPLAN_CERT,
// --key / DEVPLAN_KEY, --token-file / DEVPLAN_TOKEN_FILE. DEVPLAN_TLS_CA and DEVPLAN_INSECURE
// are the names the servers read too, so one set of exports serves a development suite and
// its clients.
void AddClientSecurityFlags(CLI::App& app, ClientSecurity& config);

// TLS credentials trusting tls_ca, presenting the certificate and sending the token when
// configured; plaintext when `insecure` (the rest is then ignored). INVALID_ARGUMENT naming
// the flag when no CA is given, a certificate comes without its key (or the other way
// round), a file is not PEM or the token is empty or too long; NOT_FOUND when a file cannot
// be read.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ClientCredentials(const ClientSecurity& config);

// A PEM file's text; NOT_FOUND naming `flag` when it cannot be read, INVALID_ARGUMENT when it
// holds no PEM block.
absl::StatusOr<std::string> ReadPem(const std::string& path, absl::string_view flag);

}  // namespace devplan
