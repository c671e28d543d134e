// Protobuf's JSON mapping of a reply, the same bytes for the same message: the message is
// serialized deterministically (map entries sorted by key) before it is printed, so that a
// hash of the JSON (the ETag) changes only when the content does. MessageToJsonString alone
// prints maps in the order of the in-memory map, which differs between two parses.
#pragma once

#include <string>

#include <google/protobuf/message.h>

#include "absl/status/statusor.h"

namespace devplan::gateway {

absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message);

}  // namespace devplan::gateway
