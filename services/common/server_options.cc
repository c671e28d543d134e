#include "services/common/server_options.h"

#include <memory>
#include <vector>

#include "services/common/status_guard.h"
#include "services/common/request_log.h"

namespace devplan {

void ListenExclusively(grpc::ServerBuilder& builder) {
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
}

void ConfigureServerBuilder(grpc::ServerBuilder& builder, ServerInterceptorFactories extra,
                            ConnectionAge age) {
  ListenExclusively(builder);
  builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
  builder.SetMaxSendMessageSize(kMaxMessageBytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, kMaxConcurrentStreams);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, kKeepaliveTimeMs);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, kKeepaliveTimeoutMs);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             kMinClientPingIntervalMs);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, kMaxConnectionIdleMs);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS, age.max_age_ms);
  // gRPC's own default grace is unlimited.
  if (age.grace_ms > 0) builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, age.grace_ms);
  // Send hooks run in this order: the status guard first, so the log shows the status the
  // client really gets.
  ServerInterceptorFactories chain;
  chain.push_back(std::make_unique<StatusGuardFactory>());
  chain.push_back(std::make_unique<RequestLogFactory>());
  for (auto& e : extra) chain.push_back(std::move(e));
  builder.experimental().SetInterceptorCreators(std::move(chain));
}

}  // namespace devplan
