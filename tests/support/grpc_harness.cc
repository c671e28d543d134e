#include "tests/support/grpc_harness.h"

#include <chrono>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "services/common/server_options.h"

namespace devplan::testing {

GrpcHarness::GrpcHarness(const std::vector<grpc::Service*>& services,
                         ServerInterceptors interceptors,
                         std::shared_ptr<grpc::ServerCredentials> credentials)
    : services_(services), credentials_(std::move(credentials)) {
  Start("127.0.0.1:0", std::move(interceptors));
  channel_ = grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
}

void GrpcHarness::Start(const std::string& address, ServerInterceptors interceptors) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, credentials_, &port_);
  for (grpc::Service* s : services_) builder.RegisterService(s);
  // The servers' own interceptors and limits, then the test's interceptors.
  ConfigureServerBuilder(builder, std::move(interceptors));
  server_ = builder.BuildAndStart();
}

bool GrpcHarness::Restart() {
  Shutdown();
  const int port = port_;
  Start(address(), {});
  return server_ != nullptr && port_ == port;
}

GrpcHarness::~GrpcHarness() { Shutdown(); }

void GrpcHarness::Shutdown() {
  if (server_) {
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
    server_->Wait();
    server_.reset();
  }
}

std::unique_ptr<grpc::ClientContext> ContextWithDeadline(int millis) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(millis));
  return ctx;
}

}  // namespace devplan::testing
