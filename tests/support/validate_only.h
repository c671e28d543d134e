// AIP-163 rehearsals: a request sent with validate_only, then the same request as the write.
// The rehearsal must leave Redis exactly as it was (every key's DUMP) and answer what the
// write then answers: the same status and message, and on OK the same reply but for the
// times the write stamps (which the clock moves between the two calls).
#pragma once

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "tests/support/redis_server.h"

namespace devplan::testing {

// Clears every google.protobuf.Timestamp field of `m`, recursively.
void ClearTimestamps(google::protobuf::Message& m);

// `call(request, &reply)` → grpc::Status. Answers the write's status.
template <typename Request, typename Reply, typename Call>
grpc::Status RehearseThenWrite(const RedisServer& redis, Request request, Call call,
                               Reply* written = nullptr) {
  request.set_validate_only(true);
  const std::map<std::string, std::string> before = redis.Contents();
  Reply rehearsed;
  const grpc::Status checked = call(request, &rehearsed);
  EXPECT_EQ(redis.Contents(), before) << "validate_only wrote";
  request.set_validate_only(false);
  Reply reply;
  const grpc::Status wrote = call(request, &reply);
  EXPECT_EQ(checked.error_code(), wrote.error_code()) << checked.error_message() << " / "
                                                      << wrote.error_message();
  EXPECT_EQ(checked.error_message(), wrote.error_message());
  if (checked.ok() && wrote.ok()) {
    Reply a = rehearsed, b = reply;
    ClearTimestamps(a);
    ClearTimestamps(b);
    EXPECT_EQ(a.ShortDebugString(), b.ShortDebugString());
  }
  if (written != nullptr) *written = reply;
  return wrote;
}

}  // namespace devplan::testing
