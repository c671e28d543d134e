#include "services/gateway/rendered_replies.h"

#include "absl/strings/str_cat.h"
#include "services/gateway/gateway.h"
#include "services/gateway/gzip.h"
#include "services/gateway/proto_json.h"

namespace devplan::gateway {

RenderedReplies::RenderedReplies(size_t max_entries, size_t max_bytes)
    : max_entries_(max_entries), max_bytes_(max_bytes) {}

absl::StatusOr<std::shared_ptr<const Rendered>> RenderedReplies::Render(
    std::string wire, const google::protobuf::Message& prototype) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = by_wire_.find(wire); it != by_wire_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      return it->second->rendered;
    }
  }
  // Printed outside the lock: two callers of one new reply may both print it; one entry stays.
  std::unique_ptr<google::protobuf::Message> message(prototype.New());
  if (!message->ParseFromString(wire)) {
    return absl::InternalError(absl::StrCat("the reply is not a ", prototype.GetDescriptor()->full_name()));
  }
  absl::StatusOr<std::string> json = ToJson(*message);
  if (!json.ok()) return json.status();
  auto rendered = std::make_shared<Rendered>();
  rendered->etag = EtagOf(*json);
  if (json->size() >= kMinGzipBytes) {
    rendered->gzip = Gzip(*json);
    rendered->gzip_etag = absl::StrCat(absl::string_view(rendered->etag).substr(0, rendered->etag.size() - 1), "-gzip\"");
  }
  rendered->json = *std::move(json);
  Entry entry{std::move(wire), std::move(rendered)};
  std::shared_ptr<const Rendered> answer = entry.rendered;
  if (max_entries_ == 0 || entry.cost() > max_bytes_ / 4) return answer;
  std::lock_guard<std::mutex> lock(mu_);
  if (by_wire_.contains(entry.wire)) return answer;
  bytes_ += entry.cost();
  lru_.push_front(std::move(entry));
  by_wire_.emplace(lru_.front().wire, lru_.begin());
  while (lru_.size() > max_entries_ || bytes_ > max_bytes_) {
    bytes_ -= lru_.back().cost();
    by_wire_.erase(lru_.back().wire);
    lru_.pop_back();
  }
  return answer;
}

size_t RenderedReplies::entries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lru_.size();
}

size_t RenderedReplies::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

}  // namespace devplan::gateway
