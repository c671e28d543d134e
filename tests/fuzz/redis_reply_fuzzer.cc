// fuzz_redis_reply: bytes → hiredis's RESP reader (the one every connection parses replies
// with) → the project's reply view and decoders: DecodeHash / DecodeSortedHash /
// DecodeSortedValues (every list and metrics read), and the write script's verdict
// (Mutation::Verdict).
// Invariants: nothing crashes whatever the reply's type, arity or nesting; a decoder answers
// OK or DATA_LOSS; a verdict is one of the outcomes or statuses the write path handles.
#include <cstddef>
#include <cstdint>
#include <string>

#include <hiredis/hiredis.h>

#include "devplan/v1/environment.pb.h"
#include "devplan/v1/investment.pb.h"
#include "devplan/v1/social.pb.h"
#include "services/common/mutation.h"
#include "services/common/proto_codec.h"
#include "services/common/redis_connection.h"
#include "services/common/redis_reply.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

namespace v1 = devplan::v1;
using devplan::redis::Reply;
using devplan::redis::ReplyView;

// Reads every part of the view, as callers do, down to the deepest element.
size_t Walk(const ReplyView& v, int depth) {
  size_t seen = v.str().size() + (v.is_nil() ? 1 : 0) + (v.opt_str() ? 1 : 0) +
                static_cast<size_t>(v.integer() != 0);
  DEVPLAN_FUZZ_CHECK(depth < 64, "nesting");
  for (size_t i = 0; i < v.size(); ++i) seen += Walk(v[i], depth + 1);
  return seen;
}

template <typename Message>
void Decode(const Reply& reply) {
  for (const absl::Status& s : {devplan::DecodeHash<Message>(reply).status(),
                                devplan::DecodeSortedHash<Message>(reply).status(),
                                devplan::DecodeSortedValues<Message>(reply).status()}) {
    DEVPLAN_FUZZ_CHECK(s.ok() || s.code() == absl::StatusCode::kDataLoss, s.ToString());
  }
}

void CheckVerdict(const Reply& reply) {
  devplan::store::Mutation m("inv", "410108");
  m.WithRequestId("fuzz-1", "fp")
      .RequireField("inv:{410108}:projects", "P-001", "project P-001")
      .HSet("inv:{410108}:projects", "P-001", "x");
  absl::StatusOr<devplan::store::Outcome> outcome = m.Verdict(reply);
  if (outcome.ok()) return;
  const absl::StatusCode code = outcome.status().code();
  DEVPLAN_FUZZ_CHECK(code == absl::StatusCode::kInvalidArgument ||
                         code == absl::StatusCode::kAborted ||
                         code == absl::StatusCode::kNotFound ||
                         code == absl::StatusCode::kInternal,
                     outcome.status().ToString());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  devplan::fuzz::SilenceLibraryLogs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  redisReader* reader = redisReaderCreate();
  devplan::redis::BoundReplyArrays(reader);  // as every connection's reader is
  if (redisReaderFeed(reader, reinterpret_cast<const char*>(data), size) == REDIS_OK) {
    // A pipeline's replies arrive one after another in the same buffer.
    for (int n = 0; n < 16; ++n) {
      void* raw = nullptr;
      if (redisReaderGetReply(reader, &raw) != REDIS_OK || raw == nullptr) break;
      const Reply reply(static_cast<redisReply*>(raw));
      Walk(reply.view(), 0);
      Decode<v1::Project>(reply);
      Decode<v1::WaterSample>(reply);
      Decode<v1::Event>(reply);
      CheckVerdict(reply);
    }
  }
  redisReaderFree(reader);
  return 0;
}
