#include "tests/aggregator/bench/floor_server.h"

#include <mutex>

#include "services/common/grpc_glue.h"

namespace devplan::bench {

class FloorServer::Service final
    : public v1::ScorecardService::WithRawCallbackMethod_GetScorecard<v1::ScorecardService::CallbackService> {
 public:
  grpc::ServerUnaryReactor* GetScorecard(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer*,
                                         grpc::ByteBuffer* response) override {
    *response = SharedBytes(reply());
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  void set_reply(std::string bytes) {
    auto shared = std::make_shared<const std::string>(std::move(bytes));
    std::lock_guard lock(mu_);
    reply_ = std::move(shared);
  }

 private:
  std::shared_ptr<const std::string> reply() {
    std::lock_guard lock(mu_);
    return reply_;
  }
  std::mutex mu_;
  std::shared_ptr<const std::string> reply_ = std::make_shared<const std::string>();
};

FloorServer::FloorServer() : service_(std::make_unique<Service>()) {
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(service_.get());
  server_ = builder.BuildAndStart();
  address_ = "127.0.0.1:" + std::to_string(port);
}

FloorServer::~FloorServer() { server_->Shutdown(); }

void FloorServer::SetReply(std::string bytes) { service_->set_reply(std::move(bytes)); }

}  // namespace devplan::bench
