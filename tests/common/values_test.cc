// Hermetic checks of dates, district codes and page tokens.
#include <gtest/gtest.h>

#include "services/common/dates.h"
#include "services/common/district.h"
#include "services/common/paging.h"
#include "services/common/resource_name.h"
#include "tests/support/proto_date.h"

namespace devplan {
namespace {

using ::devplan::testing::D;

TEST(Dates, AcceptsRealDaysIncludingLeapDay) {
  EXPECT_EQ(*ToCivilDay(D(2024, 2, 29), "as_of"), absl::CivilDay(2024, 2, 29));
}

TEST(Dates, RefusesImpossibleDaysNamingTheField) {
  absl::StatusOr<absl::CivilDay> r = ToCivilDay(D(2023, 2, 29), "as_of");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("as_of"), std::string::npos);
  EXPECT_FALSE(ToCivilDay(D(2024, 13, 1), "d").ok());
  EXPECT_FALSE(ToCivilDay(D(0, 0, 0), "d").ok());
  EXPECT_FALSE(ToCivilMonth(D(2024, 0, 1), "month").ok());
}

TEST(Dates, YearLengthAndMonthEnd) {
  EXPECT_EQ(DaysInYear(absl::CivilYear(2024)), 366);
  EXPECT_EQ(DaysInYear(absl::CivilYear(2023)), 365);
  EXPECT_EQ(MonthEnd(absl::CivilMonth(2024, 2)), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(DayKey(absl::CivilDay(2024, 3, 5)), "2024-03-05");
}

// YtdMonths answers exactly what MonthCountsTowardYtd and MonthEnd answer, for every day of
// a leap year and a common one, months of the year before and after, and months outside
// 1..12 (which absl normalises into a neighbouring year).
TEST(Dates, YtdMonthsAgreesWithMonthCountsTowardYtd) {
  int counted = 0;
  for (absl::CivilDay as_of(2023, 1, 1); as_of <= absl::CivilDay(2024, 12, 31); ++as_of) {
    const YtdMonths ytd(as_of);
    for (int64_t year : {as_of.year() - 1, as_of.year(), as_of.year() + 1}) {
      for (int month = -1; month <= 14; ++month) {
        const absl::CivilMonth m(year, month);
        const std::optional<absl::CivilDay> end = ytd.EndIfCounted(year, month);
        ASSERT_EQ(end.has_value(), MonthCountsTowardYtd(m, as_of))
            << year << "-" << month << " as of " << as_of;
        if (end) {
          EXPECT_EQ(*end, MonthEnd(m));
          ++counted;
        }
      }
    }
  }
  EXPECT_GT(counted, 0);
  EXPECT_EQ(YtdMonths(absl::CivilDay(2024, 2, 29)).EndIfCounted(2024, 2), absl::CivilDay(2024, 2, 29));
  EXPECT_FALSE(YtdMonths(absl::CivilDay(2024, 2, 28)).EndIfCounted(2024, 2).has_value());
}

TEST(District, AcceptsCountyLevelCodes) {
  EXPECT_TRUE(ValidateDistrict("410108").ok());  // 惠济区
  EXPECT_TRUE(ValidateDistrict("110105").ok());  // 朝阳区, Beijing
}

TEST(District, RefusesMalformedOrNonCountyCodes) {
  EXPECT_FALSE(ValidateDistrict("").ok());
  EXPECT_FALSE(ValidateDistrict("41010").ok());
  EXPECT_FALSE(ValidateDistrict("41010x").ok());
  EXPECT_FALSE(ValidateDistrict("990108").ok());  // no such province
  EXPECT_FALSE(ValidateDistrict("410100").ok());  // 郑州市 itself, a city
  EXPECT_NE(ValidateDistrict("4101", "parent").message().find("parent"), std::string::npos);
}

TEST(District, IdsAndNamesQuoteAtMostAShortPrefixOfALongValue) {
  // A 5 KB value is refused by name, and the message stays short (QuoteForError).
  const std::string hostile(5000, 'x');
  for (const absl::Status& s :
       {ValidateDistrict(hostile), ValidateId(hostile, "project.project_id"),
        ParseResourceName(hostile, "name", {"districts", "projects"}).status(),
        ParseResourceName("districts/" + hostile + "/projects/P", "name", {"districts", "projects"})
            .status(),
        ParseResourceName("districts/410108/projects/" + hostile, "name", {"districts", "projects"})
            .status()}) {
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_LT(s.message().size(), 250u) << s.message();
    EXPECT_NE(s.message().find("bytes)"), std::string::npos) << s.message();
  }
  EXPECT_EQ(ValidateDistrict("41010x").message(),
            "district: \"41010x\" is not a six-digit GB/T 2260 code");
}

TEST(Paging, WalksAListAndRefusesForeignTokens) {
  PageRequest first = *ParsePage(2, "", "projects/410108");
  EXPECT_EQ(first.offset, 0u);
  const std::string token = NextPageToken(first, 5, "projects/410108");
  ASSERT_FALSE(token.empty());
  PageRequest second = *ParsePage(2, token, "projects/410108");
  EXPECT_EQ(second.offset, 2u);
  EXPECT_EQ(NextPageToken(PageRequest{4, 2}, 5, "projects/410108"), "");
  EXPECT_FALSE(ParsePage(2, token, "projects/410102").ok());
  EXPECT_FALSE(ParsePage(2, "garbage!", "projects/410108").ok());
  EXPECT_FALSE(ParsePage(1001, "", "x").ok());
  EXPECT_EQ(ParsePage(0, "", "x")->size, 100u);
}

}  // namespace
}  // namespace devplan
