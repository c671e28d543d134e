// Runs gRPC services in-process for integration tests, on a loopback port the kernel picks
// at bind time (127.0.0.1:0, so a parallel test can never take it first), with the same
// health service and reflection as the real binaries, and a channel to reach them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/server_interceptor.h>

namespace devplan::testing {

using ServerInterceptors =
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>;

class GrpcHarness {
 public:
  // `interceptors`: for tests that watch calls from the server's side (e.g. when the server
  // saw a call cancelled); they run after the servers' own (ConfigureServerBuilder).
  // `credentials`: the port's (e.g. ServerCredentialsFor a TLS SecurityConfig); channel()
  // is then of no use and the test makes its own.
  explicit GrpcHarness(const std::vector<grpc::Service*>& services,
                       ServerInterceptors interceptors = {},
                       std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials());
  ~GrpcHarness();

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  grpc::Server& server() { return *server_; }
  // Stops serving (clients then see UNAVAILABLE).
  void Shutdown();
  // Serves the same services on the same port again, as a restarted process would (without
  // the test's interceptors, which the first server consumed). False if the port was taken.
  bool Restart();

 private:
  void Start(const std::string& address, ServerInterceptors interceptors);

  std::vector<grpc::Service*> services_;
  std::shared_ptr<grpc::ServerCredentials> credentials_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

// A client context with a deadline, so a test never hangs on a lost server.
std::unique_ptr<grpc::ClientContext> ContextWithDeadline(int millis = 5000);

}  // namespace devplan::testing
