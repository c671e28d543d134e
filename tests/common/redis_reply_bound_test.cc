// A reply's array header is refused before hiredis allocates for it (kMaxReplyElements):
// hiredis 0.14 would calloc 8 bytes per declared element at once, so "*888888881" from a
// broken or hostile peer cost 7 GB (found by fuzz_redis_reply).
#include <gtest/gtest.h>

#include <string>

#include <hiredis/hiredis.h>

#include "absl/strings/str_cat.h"
#include "services/common/redis_connection.h"

namespace devplan::redis {
namespace {

// What a bounded reader makes of `resp`: REDIS_OK or REDIS_ERR, and the reply if complete.
int Read(const std::string& resp, redisReply** reply) {
  redisReader* reader = redisReaderCreate();
  BoundReplyArrays(reader);
  BoundReplyArrays(reader);  // twice is harmless
  redisReaderFeed(reader, resp.data(), resp.size());
  void* raw = nullptr;
  const int rc = redisReaderGetReply(reader, &raw);
  redisReaderFree(reader);
  *reply = static_cast<redisReply*>(raw);
  return rc;
}

TEST(ReplyBound, AnArrayDeclaringTooManyElementsIsAProtocolError) {
  redisReply* reply = nullptr;
  EXPECT_EQ(Read(absl::StrCat("*", kMaxReplyElements + 1, "\r\n"), &reply), REDIS_ERR);
  EXPECT_EQ(reply, nullptr);
  // Nested too: the bound holds at every depth.
  EXPECT_EQ(Read("*1\r\n*888888881\r\n", &reply), REDIS_ERR);
  EXPECT_EQ(reply, nullptr);
}

TEST(ReplyBound, ArraysWithinTheBoundAreReadAsBefore) {
  redisReply* reply = nullptr;
  ASSERT_EQ(Read("*3\r\n:1\r\n$2\r\nab\r\n*-1\r\n", &reply), REDIS_OK);
  ASSERT_NE(reply, nullptr);
  ASSERT_EQ(reply->type, REDIS_REPLY_ARRAY);
  ASSERT_EQ(reply->elements, 3u);
  EXPECT_EQ(reply->element[0]->integer, 1);
  EXPECT_EQ(std::string(reply->element[1]->str, reply->element[1]->len), "ab");
  EXPECT_EQ(reply->element[2]->type, REDIS_REPLY_NIL);
  freeReplyObject(reply);
  // At the bound the header is accepted; the reply waits for its elements.
  EXPECT_EQ(Read(absl::StrCat("*", kMaxReplyElements, "\r\n"), &reply), REDIS_OK);
  EXPECT_EQ(reply, nullptr);
}

}  // namespace
}  // namespace devplan::redis
