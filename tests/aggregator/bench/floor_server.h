// The floor a scorecard figure is measured against (issue #15): a bare callback-API gRPC
// server answering GetScorecard with fixed bytes (the real card's, as the bench observed
// them), so the client does exactly the work it does against the aggregator (the same reply
// to receive and parse) and the server none. Same process as the bench, its own port and
// gRPC threads, loopback TCP like the suite.
#pragma once

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "devplan/v1/scorecard.grpc.pb.h"

namespace devplan::bench {

class FloorServer {
 public:
  FloorServer();
  ~FloorServer();

  const std::string& address() const { return address_; }
  // What every GetScorecard is answered with from now on.
  void SetReply(std::string bytes);

 private:
  class Service;
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

}  // namespace devplan::bench
