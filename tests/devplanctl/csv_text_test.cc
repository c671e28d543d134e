// The CSV reader, header matching and the cell parsers, without any server.
#include <gtest/gtest.h>

#include "services/devplanctl/csv.h"
#include "services/devplanctl/records.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

TEST(Csv, QuotedCellsKeepCommasQuotesAndLineBreaksAndRecordsKnowTheirLine) {
  auto rows = ParseCsv("\xEF\xBB\xBFid,name\r\n1,\"a, \"\"b\"\"\"\r\n\r\n2,\"two\nlines\"\n3,x");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].cells, (std::vector<std::string>{"id", "name"}));  // BOM dropped
  EXPECT_EQ((*rows)[1].cells[1], "a, \"b\"");
  EXPECT_EQ((*rows)[2].line, 4);  // the blank line 3 is skipped, not renumbered
  EXPECT_EQ((*rows)[2].cells[1], "two\nlines");
  EXPECT_EQ((*rows)[3].line, 6);  // after the two-line record
}

TEST(Csv, RefusesGbkAndAnOpenQuoteNamingTheLine) {
  auto gbk = ParseCsv("id,name\n1,\xcf\xee\xc4\xbf\n");  // 项目 in GBK
  ASSERT_FALSE(gbk.ok());
  EXPECT_NE(std::string(gbk.status().message()).find("line 2"), std::string::npos);
  EXPECT_NE(std::string(gbk.status().message()).find("UTF-8"), std::string::npos);
  auto open = ParseCsv("a,b\n1,\"never closed\n");
  ASSERT_FALSE(open.ok());
  EXPECT_NE(std::string(open.status().message()).find("line 2"), std::string::npos);
}

TEST(Csv, CellsNeedingQuotesAreQuoted) {
  EXPECT_EQ(CsvLine({"a", "b,c", "say \"hi\"", "x\ny"}), "a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\"\n");
  auto back = ParseCsv(CsvLine({"a", "b,c", "say \"hi\""}));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)[0].cells, (std::vector<std::string>{"a", "b,c", "say \"hi\""}));
}

// Found by fuzz_csv: a first cell that itself starts with a byte-order mark lost it on the
// way back, since ParseCsv drops a mark that opens the text.
TEST(Csv, AFirstCellStartingWithAByteOrderMarkKeepsIt) {
  const std::vector<std::string> cells = {"\xEF\xBB\xBFid", "name"};
  auto back = ParseCsv(CsvLine(cells));
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].cells, cells);
}

const std::vector<FieldSpec> kFields = {
    {"title_zh", {"name", "项目名称"}, "", true},
    {"total_investment_wan", {"总投资(万元)"}, ""},
    {"id", {"编号"}, "", true},
};

TEST(Records, ChineseAndEnglishHeadersInAnyOrderFullwidthParenthesesToo) {
  auto f = RecordsFromCsv("p.csv", "总投资（万元）, 项目名称 ,编号,序号\n12,园区,P1,1\n", kFields);
  ASSERT_TRUE(f.ok()) << f.status();
  ASSERT_EQ(f->records.size(), 1u);
  EXPECT_EQ(f->records[0].Get("title_zh"), "园区");
  EXPECT_EQ(f->records[0].Get("total_investment_wan"), "12");
  EXPECT_EQ(f->records[0].Where(), "p.csv:2");
  ASSERT_EQ(f->warnings.size(), 1u);  // 序号 is not used, and says so
  EXPECT_NE(f->warnings[0].find("序号"), std::string::npos);
}

TEST(Records, AMissingRequiredColumnOrTwoColumnsForOneFieldAreRefused) {
  auto missing = RecordsFromCsv("p.csv", "name\nx\n", kFields);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(std::string(missing.status().message()).find("id"), std::string::npos);
  auto twice = RecordsFromCsv("p.csv", "name,项目名称,id\nx,y,1\n", kFields);
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(std::string(twice.status().message()).find("two columns"), std::string::npos);
}

TEST(Records, EmptyLookingCellsAreAbsent) {
  Record r;
  r.values = {{"a", " - "}, {"b", "—"}, {"c", "N/A"}, {"d", " 0 "}};
  EXPECT_FALSE(r.Get("a"));
  EXPECT_FALSE(r.Get("b"));
  EXPECT_FALSE(r.Get("c"));
  EXPECT_EQ(r.Get("d"), "0");
  EXPECT_FALSE(r.Get("nope"));
}

TEST(Text, DisplayWidthCountsCjkAsTwoColumns) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("惠济区"), 6);
  EXPECT_EQ(DisplayWidth("（一期）"), 8);  // fullwidth parentheses
  EXPECT_EQ(DisplayWidth("7.2%亿元"), 8);
  EXPECT_EQ(PadRight("惠济", 6), "惠济  ");
  EXPECT_EQ(PadLeft("区", 4), "  区");
  EXPECT_EQ(DisplayWidth(FitWidth("大运河数字文创产业园一期工程", 10)), 9);  // 4 CJK + …
}

TEST(Text, MoneyIsParsedExactlyInItsUnit) {
  EXPECT_EQ(*ParseMoney("12.5", 100000000), 1250000000);
  EXPECT_EQ(*ParseMoney("1,234.5678", 10000), 12345678);
  EXPECT_EQ(*ParseMoney("０.０１", 100000000), 1000000);  // fullwidth digits
  EXPECT_EQ(*ParseMoney("300", 1), 300);
  EXPECT_FALSE(ParseMoney("0.12345", 10000).ok());  // not a whole yuan
  EXPECT_FALSE(ParseMoney("12亿", 100000000).ok());
  EXPECT_FALSE(ParseMoney("1.5", 1).ok());
  EXPECT_EQ(FormatYi(1234567890), "12.35亿元");
}

TEST(Text, DatesAndMonthsInTheFormsPeopleType) {
  for (const char* s : {"2024-09-30", "2024/9/30", "2024年9月30日", "20240930", "2024.9.30"}) {
    auto d = ParseDate(s);
    ASSERT_TRUE(d.ok()) << s;
    EXPECT_EQ(FormatDate(*d), "2024-09-30") << s;
  }
  EXPECT_FALSE(ParseDate("2023-02-29").ok());
  EXPECT_FALSE(ParseDate("30/09/2024").ok());
  auto m = ParseMonth("2024年3月");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(FormatDate(*m), "2024-03-01");
  EXPECT_FALSE(ParseMonth("2024-13").ok());
  EXPECT_TRUE(*ParseBool("是"));
  EXPECT_FALSE(*ParseBool("否"));
  EXPECT_FALSE(ParseBool("maybe").ok());
}

TEST(Text, RequestIdsFollowContent) {
  EXPECT_EQ(ContentHash("a|b"), ContentHash("a|b"));
  EXPECT_NE(ContentHash("a|b"), ContentHash("a|c"));
  EXPECT_EQ(ContentHash("").size(), 32u);
}

}  // namespace
}  // namespace devplan::ctl
