// Records in Redis are serialized devplan.v1 messages; these read them back. An unreadable
// record is DATA_LOSS, never a silently skipped fact.
#pragma once

#include <algorithm>
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

// As DecodeHash, ordered by field: the stable order every List answer starts from.
template <typename Message>
absl::StatusOr<std::vector<std::pair<std::string, Message>>> DecodeSortedHash(
    const redis::Reply& reply) {
  absl::StatusOr<std::vector<std::pair<std::string, Message>>> out = DecodeHash<Message>(reply);
  if (!out.ok()) return out.status();
  std::sort(out->begin(), out->end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

// The records of a flat HGETALL reply, ordered by field.
template <typename Message>
absl::StatusOr<std::vector<Message>> DecodeSortedValues(const redis::Reply& reply) {
  absl::StatusOr<std::vector<std::pair<std::string, Message>>> pairs =
      DecodeSortedHash<Message>(reply);
  if (!pairs.ok()) return pairs.status();
  std::vector<Message> out;
  out.reserve(pairs->size());
  for (auto& [field, m] : *pairs) out.push_back(std::move(m));
  return out;
}

}  // namespace devplan
