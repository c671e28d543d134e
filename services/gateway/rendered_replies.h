// The JSON and ETag of replies the gateway has answered before, kept by the reply's exact
// wire bytes. Printing a scorecard as JSON (≈63 KB from a 31.5 KB card) costs the gateway
// about ten times what fetching the cached card does; a dashboard asks for the same card
// again and again, and the aggregator answers a cached card with the same bytes each time.
// The key is the whole of those bytes (hashed, then compared byte for byte), so an entry is
// never stale: different bytes are a different entry, and the same bytes always print the
// same JSON (proto_json.h). Bounded by entries and by bytes; least recently used goes first.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>

#include <google/protobuf/message.h>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace devplan::gateway {

// A reply as the gateway answers it: JSON, and the same in gzip (gzip.h) for clients that
// take it, each with its own ETag (two encodings are two representations, RFC 9110 8.8.3).
struct Rendered {
  std::string json;
  std::string etag;       // EtagOf(json)
  std::string gzip;       // empty when the JSON is shorter than kMinGzipBytes
  std::string gzip_etag;  // etag with "-gzip" inside its quotes
};

class RenderedReplies {
 public:
  // At most `max_entries` replies and `max_bytes` of wire bytes, JSON and gzip together; a reply
  // bigger than a quarter of `max_bytes` (a comparison of thousands of districts) is printed
  // each time, not kept.
  RenderedReplies(size_t max_entries, size_t max_bytes);

  // The rendering of the reply whose wire bytes are `wire`, a message of `prototype`'s type:
  // kept, or printed now (INTERNAL when the bytes are not such a message).
  absl::StatusOr<std::shared_ptr<const Rendered>> Render(std::string wire,
                                                         const google::protobuf::Message& prototype);

  size_t entries() const;
  size_t bytes() const;

 private:
  struct Entry {
    std::string wire;
    std::shared_ptr<const Rendered> rendered;
    size_t cost() const { return wire.size() + rendered->json.size() + rendered->gzip.size(); }
  };
  using Lru = std::list<Entry>;  // most recent first; list nodes keep `wire` where the map's views point

  const size_t max_entries_, max_bytes_;
  mutable std::mutex mu_;
  Lru lru_;
  absl::flat_hash_map<absl::string_view, Lru::iterator> by_wire_;
  size_t bytes_ = 0;
};

}  // namespace devplan::gateway
