// What a json log line is made of (log_format.h): one valid object per line whatever the
// message held, and the call's id as a field of its own; and which request ids are taken.
#include "services/common/json_escape.h"
#include "services/common/log_format.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/common/request_id.h"

namespace devplan {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::StartsWith;

TEST(JsonEscapeTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(JsonEscape("a\"b\\c\nd\re\tf\x01g\x7f"), "a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u007f");
}

TEST(JsonEscapeTest, KeepsUtf8AndReplacesWhatIsNot) {
  EXPECT_EQ(JsonEscape("惠济区"), "惠济区");
  EXPECT_EQ(JsonEscape("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80");  // U+1F600, four bytes
  EXPECT_EQ(JsonEscape("a\xff" "b"), "a\\ufffdb");                  // not UTF-8 at all
  EXPECT_EQ(JsonEscape("\xe6\x83"), "\\ufffd\\ufffd");              // cut in the middle
  EXPECT_EQ(JsonEscape("\xc0\xaf"), "\\ufffd\\ufffd");              // overlong "/"
  EXPECT_EQ(JsonEscape("\xed\xa0\x80"), "\\ufffd\\ufffd\\ufffd");   // a surrogate
}

std::string Format(const std::string& payload) {
  spdlog::details::log_msg msg("devplan", spdlog::level::warn, payload);
  spdlog::memory_buf_t out;
  JsonLogFormatter().format(msg, out);
  return std::string(out.data(), out.size());
}

TEST(JsonLogFormatterTest, OneObjectPerLineWithTheCallsIdAsAField) {
  const std::string line = Format("\x1e" "trace-1\x1f" "rpc method=/x code=14 message=\"down\"\n");
  EXPECT_THAT(line, StartsWith("{\"time\":\""));
  EXPECT_THAT(line, HasSubstr("\",\"level\":\"warning\",\"x_request_id\":\"trace-1\","
                              "\"msg\":\"rpc method=/x code=14 message=\\\"down\\\"\\n\"}\n"));
  // One line: the only newline is the last character.
  EXPECT_EQ(line.find('\n'), line.size() - 1);
}

TEST(JsonLogFormatterTest, ALineOutsideAnyCallHasNoId) {
  const std::string line = Format("investment listening on 127.0.0.1:50051");
  EXPECT_THAT(line, Not(HasSubstr("x_request_id")));
  EXPECT_THAT(line, MatchesRegex("\\{\"time\":\"[0-9T:.+-]+\",\"level\":\"warning\","
                                 "\"msg\":\"investment listening on 127.0.0.1:50051\"\\}\n"));
}

TEST(RequestIdTest, TakesShortIdsOfASafeAlphabetOnly) {
  EXPECT_TRUE(IsValidRequestId("0af7651916cd43dd8448eb211c80319c"));
  EXPECT_TRUE(IsValidRequestId("req-2024.09:30_x"));
  EXPECT_TRUE(IsValidRequestId(std::string(kMaxRequestIdHeaderBytes, 'a')));
  EXPECT_FALSE(IsValidRequestId(std::string(kMaxRequestIdHeaderBytes + 1, 'a')));
  EXPECT_FALSE(IsValidRequestId(""));
  EXPECT_FALSE(IsValidRequestId("a b"));
  EXPECT_FALSE(IsValidRequestId("a\nlevel=error"));
  EXPECT_FALSE(IsValidRequestId("\"},{\"x\":\""));
  EXPECT_FALSE(IsValidRequestId("\x1e"));
  EXPECT_FALSE(IsValidRequestId("请求"));
}

TEST(RequestIdTest, NewIdsAreValidAndDiffer) {
  const std::string a = NewRequestId(), b = NewRequestId();
  EXPECT_TRUE(IsValidRequestId(a));
  EXPECT_THAT(a, MatchesRegex("[0-9a-f]{16}"));
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace devplan
