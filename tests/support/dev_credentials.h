// The development credentials of scripts/dev-certs.sh (a CA, one server certificate, client
// certificates by identity, the token-signing key), made once per test process in a private
// directory (removed at exit), for tests that run the suite over TLS as a deployment does.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include <grpcpp/grpcpp.h>

#include "services/common/server_security.h"

namespace devplan::testing {

class DevCredentials {
 public:
  // The process's credentials, made on first use.
  static DevCredentials& Get();

  const std::string& dir() const { return dir_; }
  std::string ca() const { return dir_ + "/ca.pem"; }
  // (certificate, key) of `identity`, made when first asked for.
  std::pair<std::string, std::string> Identity(const std::string& identity);
  // TLS trusting the CA, presenting `identity`'s certificate ("": none).
  std::shared_ptr<grpc::ChannelCredentials> Channel(const std::string& identity);
  // A server's TLS configuration with the access policy at `policy_path`.
  SecurityConfig Server(const std::string& policy_path) const;
  // A client's (the aggregator's) configuration calling other servers as `identity`.
  SecurityConfig Client(const std::string& identity);

  ~DevCredentials();

 private:
  DevCredentials();
  std::mutex mu_;
  std::string dir_;
};

// The deployed access policy, deploy/auth/policy.textproto.
std::string DeployPolicyPath();

}  // namespace devplan::testing
