#include "services/common/server_security.h"

#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "services/common/auth/authorizer.h"
#include "services/common/client_security.h"

namespace devplan {

void AddSecurityFlags(CLI::App& app, SecurityConfig& config) {
  app.add_flag("--insecure", config.insecure,
               "plaintext, no identities, no access policy: for development only")
      ->envname("DEVPLAN_INSECURE");
  app.add_option("--tls-cert", config.tls_cert, "this server's certificate chain (PEM)")
      ->envname("DEVPLAN_TLS_CERT");
  app.add_option("--tls-key", config.tls_key, "its private key (PEM)")->envname("DEVPLAN_TLS_KEY");
  app.add_option("--tls-ca", config.tls_ca, "the suite's CA (PEM): client certificates must chain to it")
      ->envname("DEVPLAN_TLS_CA");
  app.add_option("--policy", config.policy, "the access policy (deploy/auth/policy.textproto)")
      ->envname("DEVPLAN_POLICY");
  app.add_option("--token-public-key", config.token_public_key,
                 "the token issuer's public key (PEM); empty: client certificates only")
      ->envname("DEVPLAN_TOKEN_PUBLIC_KEY");
  app.add_option("--token-audience", config.token_audience, "the aud a token must carry")
      ->envname("DEVPLAN_TOKEN_AUDIENCE")
      ->capture_default_str();
  app.add_option("--token-issuer", config.token_issuer, "the iss a token must carry")
      ->envname("DEVPLAN_TOKEN_ISSUER")
      ->capture_default_str();
  app.add_option("--client-cert", config.client_cert,
                 "this process's client certificate for calling other services (PEM)")
      ->envname("DEVPLAN_CLIENT_CERT");
  app.add_option("--client-key", config.client_key, "its private key (PEM)")->envname("DEVPLAN_CLIENT_KEY");
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(const SecurityConfig& config) {
  if (config.insecure) {
    spdlog::warn("*** --insecure: PLAINTEXT, NO IDENTITIES, NO ACCESS POLICY. Anyone who reaches "
                 "this port can read and write every district. Development only. ***");
    return grpc::InsecureServerCredentials();
  }
  if (config.tls_cert.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert, --tls-key, --tls-ca and --policy are required (or --insecure for development)");
  }
  absl::StatusOr<std::string> cert = ReadPem(config.tls_cert, "--tls-cert");
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadPem(config.tls_key, "--tls-key");
  if (!key.ok()) return key.status();
  absl::StatusOr<std::string> ca = ReadPem(config.tls_ca, "--tls-ca");
  if (!ca.ok()) return ca.status();
  absl::StatusOr<auth::Permissions> permissions = auth::Permissions::All();
  if (!permissions.ok()) return permissions.status();
  if (config.policy.empty()) return absl::InvalidArgumentError("--policy: required with TLS");
  absl::StatusOr<auth::Policy> policy = auth::Policy::Load(config.policy, *permissions);
  if (!policy.ok()) return policy.status();
  std::optional<auth::TokenVerifier> tokens;
  if (!config.token_public_key.empty()) {
    absl::StatusOr<auth::TokenVerifier> verifier =
        auth::TokenVerifier::FromFile(config.token_public_key, config.token_audience, config.token_issuer);
    if (!verifier.ok()) return verifier.status();
    tokens = *std::move(verifier);
  }
  // A client certificate is asked for and verified when sent; a client without one may
  // still come with a token. The Authorizer refuses a call that has neither.
  grpc::SslServerCredentialsOptions options(GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  options.pem_root_certs = *ca;
  options.pem_key_cert_pairs.push_back({*key, *cert});
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::SslServerCredentials(options);
  auto authorizer = std::make_shared<auth::Authorizer>(
      *std::move(permissions), std::make_shared<const auth::Policy>(*std::move(policy)), std::move(tokens));
  // Process admits each call by its method; the handlers' glue (AdmitCall) applies the same
  // decision to the request through the installed one.
  auth::Authorizer::Install(authorizer);
  credentials->SetAuthMetadataProcessor(authorizer);
  return credentials;
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(const SecurityConfig& config) {
  return ClientCredentials({.insecure = config.insecure,
                            .tls_ca = config.tls_ca,
                            .cert = config.client_cert,
                            .key = config.client_key,
                            .cert_flag = "--client-cert",
                            .key_flag = "--client-key"});
}

}  // namespace devplan
