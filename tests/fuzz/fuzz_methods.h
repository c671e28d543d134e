// The RPCs fuzz_requests calls, in one fixed order that its inputs' first byte indexes and
// that request_seeds writes its corpus by: every method of the four devplan services, by
// full name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/descriptor.h>

namespace devplan::fuzz {

struct FuzzedMethod {
  const google::protobuf::MethodDescriptor* descriptor;
  std::string path;  // "/devplan.v1.InvestmentService/GetMetrics", as on the wire
};

const std::vector<FuzzedMethod>& FuzzedMethods();

// One fuzz_requests input: the method's index, then its request messages. A client stream
// takes several: each but the last as a 2-byte little-endian length and that many bytes;
// the last is the rest. Other methods take the rest as their one message.
struct RequestInput {
  const FuzzedMethod* method = nullptr;
  std::vector<std::string_view> messages;
};
RequestInput SplitInput(const uint8_t* data, size_t size);

// The inverse of SplitInput, for the seed corpus.
std::string JoinInput(size_t method_index, const std::vector<std::string>& messages);

}  // namespace devplan::fuzz
