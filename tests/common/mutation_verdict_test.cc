// How the write path reads the write script's reply (Mutation::Verdict), without Redis: the
// replies are parsed from RESP text by hiredis's reader, as a connection does.
#include <gtest/gtest.h>

#include <string>

#include <hiredis/hiredis.h>

#include "services/common/mutation.h"

namespace devplan::store {
namespace {

redis::Reply Parse(const std::string& resp) {
  redisReader* reader = redisReaderCreate();
  redisReaderFeed(reader, resp.data(), resp.size());
  void* raw = nullptr;
  EXPECT_EQ(redisReaderGetReply(reader, &raw), REDIS_OK);
  redisReaderFree(reader);
  EXPECT_NE(raw, nullptr) << resp;
  return redis::Reply(static_cast<redisReply*>(raw));
}

Mutation OneRequiredField() {
  Mutation m("inv", "410108");
  m.RequireField("inv:{410108}:projects", "P-001", "project P-001")
      .HSet("inv:{410108}:projects", "P-001", "x");
  return m;
}

TEST(MutationVerdict, TheScriptsAnswers) {
  const Mutation m = OneRequiredField();
  EXPECT_EQ(*m.Verdict(Parse("*1\r\n$2\r\nOK\r\n")), Outcome::kApplied);
  EXPECT_EQ(*m.Verdict(Parse("*1\r\n$6\r\nREPLAY\r\n")), Outcome::kReplayed);
  EXPECT_EQ(*m.Verdict(Parse("*1\r\n$5\r\nVALID\r\n")), Outcome::kValidated);
  EXPECT_EQ(m.Verdict(Parse("*1\r\n$8\r\nCONFLICT\r\n")).status().code(),
            absl::StatusCode::kAborted);
  absl::StatusOr<Outcome> missing = m.Verdict(Parse("*2\r\n$7\r\nMISSING\r\n$1\r\n0\r\n"));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "project P-001 not found");
}

// Found by fuzz_redis_reply: a reply that was not an array was indexed anyway (a null
// dereference), and MISSING's op index went to std::stoul (an exception on anything but
// digits) and then to the vector unchecked.
TEST(MutationVerdict, AReplyOfAnotherShapeIsInternalNotACrash) {
  const Mutation m = OneRequiredField();
  for (const char* odd : {":42\r\n", "$-1\r\n", "*0\r\n", "+OK\r\n", "*1\r\n*1\r\n:1\r\n",
                          "*1\r\n$7\r\nMISSING\r\n", "*2\r\n$7\r\nMISSING\r\n$2\r\nxx\r\n",
                          "*2\r\n$7\r\nMISSING\r\n$2\r\n99\r\n",
                          "*2\r\n$7\r\nMISSING\r\n$2\r\n-1\r\n"}) {
    EXPECT_EQ(m.Verdict(Parse(odd)).status().code(), absl::StatusCode::kInternal) << odd;
  }
}

}  // namespace
}  // namespace devplan::store
