#include "services/common/client_security.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/auth/token.h"

namespace devplan {

absl::StatusOr<std::string> ReadPem(const std::string& path, absl::string_view flag) {
  std::ifstream in(path);
  if (path.empty() || !in) return absl::NotFoundError(absl::StrCat(flag, " ", path, ": cannot be read"));
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().find("-----BEGIN ") == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(flag, " ", path, ": not a PEM file"));
  }
  return text.str();
}

namespace {

absl::StatusOr<std::string> ReadToken(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("--token-file ", path, ": cannot be read"));
  std::string text(auth::kMaxTokenBytes + 2, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  // A token file ends with a newline as often as not.
  const std::string token(absl::StripAsciiWhitespace(text));
  if (token.empty()) return absl::InvalidArgumentError(absl::StrCat("--token-file ", path, ": empty"));
  if (token.size() > auth::kMaxTokenBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("--token-file ", path, ": longer than ", auth::kMaxTokenBytes, " bytes"));
  }
  return token;
}

}  // namespace

void AddClientSecurityFlags(CLI::App& app, ClientSecurity& config) {
  app.add_flag("--insecure", config.insecure,
               "plaintext, no credentials: only for a development suite started with --insecure")
      ->envname("DEVPLAN_INSECURE");
  app.add_option("--tls-ca", config.tls_ca, "the CA the servers' certificates chain to (PEM)")
      ->envname("DEVPLAN_TLS_CA");
  app.add_option("--cert", config.cert,
                 "your client certificate (PEM; URI SAN spiffe://devplan/identity/NAME)")
      ->envname("DEVPLAN_CERT");
  app.add_option("--key", config.key, "its private key (PEM)")->envname("DEVPLAN_KEY");
  app.add_option("--token-file", config.token_file,
                 "a file holding your bearer token (JWT); it wins over --cert")
      ->envname("DEVPLAN_TOKEN_FILE");
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ClientCredentials(const ClientSecurity& config) {
  if (config.insecure) return grpc::InsecureChannelCredentials();
  if (config.tls_ca.empty()) {
    return absl::InvalidArgumentError(
        "no CA to verify the servers: give --tls-ca (DEVPLAN_TLS_CA), or --insecure for a "
        "development suite started with --insecure");
  }
  absl::StatusOr<std::string> ca = ReadPem(config.tls_ca, "--tls-ca");
  if (!ca.ok()) return ca.status();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = *ca;
  if (config.cert.empty() != config.key.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(config.cert_flag, " and ", config.key_flag, ": give both or neither"));
  }
  if (!config.cert.empty()) {
    absl::StatusOr<std::string> cert = ReadPem(config.cert, config.cert_flag);
    if (!cert.ok()) return cert.status();
    absl::StatusOr<std::string> key = ReadPem(config.key, config.key_flag);
    if (!key.ok()) return key.status();
    options.pem_cert_chain = *cert;
    options.pem_private_key = *key;
  }
  std::shared_ptr<grpc::ChannelCredentials> tls = grpc::SslCredentials(options);
  if (config.token_file.empty()) return tls;
  absl::StatusOr<std::string> token = ReadToken(config.token_file);
  if (!token.ok()) return token.status();
  // Sent as "authorization: Bearer <token>" on every call, only over TLS.
  return grpc::CompositeChannelCredentials(tls, grpc::AccessTokenCredentials(*token));
}

}  // namespace devplan
