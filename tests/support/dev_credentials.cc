#include "tests/support/dev_credentials.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace devplan::testing {
namespace {

const std::string kSource = DEVPLAN_SOURCE_DIR;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// scripts/dev-certs.sh DIR IDENTITY…; aborts the test binary when it fails (no test of TLS
// can run without its credentials).
void DevCerts(const std::string& dir, const std::string& identity) {
  const std::string command = kSource + "/scripts/dev-certs.sh '" + dir + "' " + identity;
  if (std::system(command.c_str()) != 0) {
    std::fprintf(stderr, "%s failed\n", command.c_str());
    std::abort();
  }
}

}  // namespace

std::string DeployPolicyPath() { return kSource + "/deploy/auth/policy.textproto"; }

DevCredentials& DevCredentials::Get() {
  static DevCredentials* credentials = new DevCredentials();
  // Removed at exit, after every test of the process.
  static const int registered = std::atexit([] { delete credentials; });
  (void)registered;
  return *credentials;
}

DevCredentials::DevCredentials() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "devplan-dev-certs-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) std::abort();
  dir_ = tmpl;
  DevCerts(dir_, "");
}

DevCredentials::~DevCredentials() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::pair<std::string, std::string> DevCredentials::Identity(const std::string& identity) {
  std::lock_guard lock(mu_);
  const std::pair<std::string, std::string> files = {dir_ + "/" + identity + ".pem", dir_ + "/" + identity + ".key"};
  if (!std::filesystem::exists(files.first)) DevCerts(dir_, identity);
  return files;
}

std::shared_ptr<grpc::ChannelCredentials> DevCredentials::Channel(const std::string& identity) {
  grpc::SslCredentialsOptions o;
  o.pem_root_certs = Read(ca());
  if (!identity.empty()) {
    auto [cert, key] = Identity(identity);
    o.pem_cert_chain = Read(cert);
    o.pem_private_key = Read(key);
  }
  return grpc::SslCredentials(o);
}

SecurityConfig DevCredentials::Server(const std::string& policy_path) const {
  SecurityConfig c;
  c.tls_cert = dir_ + "/server.pem";
  c.tls_key = dir_ + "/server.key";
  c.tls_ca = ca();
  c.policy = policy_path;
  c.token_public_key = dir_ + "/token.pub";
  return c;
}

SecurityConfig DevCredentials::Client(const std::string& identity) {
  SecurityConfig c;
  c.tls_ca = ca();
  std::tie(c.client_cert, c.client_key) = Identity(identity);
  return c;
}

}  // namespace devplan::testing
