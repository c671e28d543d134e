// Records in Redis are serialized devplan.v1 messages; these read them back. An unreadable
// record is DATA_LOSS, never a silently skipped fact.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "services/common/redis_reply.h"

namespace devplan {

template <typename Message>
absl::StatusOr<Message> DecodeRecord(absl::string_view bytes, absl::string_view what) {
  Message m;
  if (!m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat("stored record ", what, " is unreadable"));
  }
  return m;
}

// A flat HGETALL reply → (field, message) pairs, in Redis's order.
template <typename Message>
absl::StatusOr<std::vector<std::pair<std::string, Message>>> DecodeHash(
    const redis::Reply& reply) {
  std::vector<std::pair<std::string, Message>> out;
  out.reserve(reply.size() / 2);
  for (size_t i = 0; i + 1 < reply.size(); i += 2) {
    absl::StatusOr<Message> m = DecodeRecord<Message>(reply[i + 1].str(), reply[i].str());
    if (!m.ok()) return m.status();
    out.emplace_back(std::string(reply[i].str()), *std::move(m));
  }
  return out;
}

}  // namespace devplan
