// The shared request checks and one revision format: the limits every service applies.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "devplan/v1/social.pb.h"
#include "services/common/resource_name.h"
#include "services/common/store/revisions.h"
#include "services/common/validation.h"

namespace devplan {
namespace {

TEST(ValidationTest, ReportedByIsRequiredAndBoundedInBytes) {
  EXPECT_TRUE(ValidateReportedBy("区统计局").ok());
  EXPECT_EQ(ValidateReportedBy("").code(), absl::StatusCode::kInvalidArgument);
  // 66 Chinese characters (198 bytes) fit, 67 (201 bytes) do not.
  std::string name;
  for (int i = 0; i < 66; ++i) name += "局";
  EXPECT_TRUE(ValidateReportedBy(name).ok());
  absl::Status s = ValidateReportedBy(name + "局");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("reported_by"), std::string::npos);
  EXPECT_NE(ValidateReportedBy("", "facility.lead_department").message().find("lead_department"),
            std::string::npos);
}

TEST(ValidationTest, RequestIdNotesAndYearFilters) {
  EXPECT_TRUE(ValidateRequestId("").ok());
  EXPECT_TRUE(ValidateRequestId(std::string(kMaxRequestIdBytes, 'x')).ok());
  EXPECT_EQ(ValidateRequestId(std::string(kMaxRequestIdBytes + 1, 'x')).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateWriter("区统计局", std::string(65, 'x')).message().find("request_id"), 0u);
  EXPECT_EQ(ValidateWriter("", "ok").message().find("reported_by"), 0u);
  EXPECT_TRUE(ValidateText(std::string(kMaxNoteBytes, 'n'), "note").ok());
  EXPECT_FALSE(ValidateText(std::string(kMaxNoteBytes + 1, 'n'), "note").ok());
  EXPECT_EQ(ValidateRequiredText("", "title_zh").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(ValidateYearFilter(0).ok());
  EXPECT_TRUE(ValidateYearFilter(2024).ok());
  EXPECT_FALSE(ValidateYearFilter(1800).ok());
  EXPECT_FALSE(ValidateYearFilter(2101).ok());
}

TEST(ValidationTest, QuoteForErrorCutsLongValuesAtACharacterBoundary) {
  EXPECT_EQ(QuoteForError("short"), "\"short\"");
  std::string chinese;
  for (int i = 0; i < 200; ++i) chinese += "惠";  // 3 bytes each
  const std::string quoted = QuoteForError(chinese);
  EXPECT_LT(quoted.size(), 130u);
  EXPECT_NE(quoted.find("(600 bytes)"), std::string::npos);
  // 100 bytes would split the 34th character: the cut keeps 33 whole ones.
  EXPECT_EQ(quoted.substr(1, 99), chinese.substr(0, 99));
  EXPECT_EQ(quoted.substr(100, 3), "…");
}

// Found by fuzz_names: these quoted the whole value, so a 10 KB name came back as a 10 KB
// message (over a client's header limit once it is a few KB more).
TEST(ValidationTest, IdsDistrictsAndResourceNamesQuoteAtMostAShortPrefix) {
  const std::string huge(10000, 'x');
  for (const absl::Status& s :
       {ValidateId(huge, "project_id"), ValidateDistrict(huge),
        ParseResourceName(huge, "name", {"districts", "projects"}).status(),
        ParseResourceName("districts/410108/projects/" + huge, "name", {"districts", "projects"})
            .status()}) {
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_LT(s.message().size(), 250u) << s.message().substr(0, 300);
    EXPECT_NE(s.message().find("(10"), absl::string_view::npos) << "names the value's size";
  }
}

TEST(RevisionsTest, FirstReportIsRevisionOneAndLaterOnesKeepTheHistoryOldestFirst) {
  v1::MonthlyFigure first;
  first.set_value(10);
  first.set_note("ignored by the store, not by NextRevision");
  v1::MonthlyFigure r1 =
      store::NextRevision<v1::MonthlyFigure>(std::nullopt, first, &v1::MonthlyFigure::mutable_superseded);
  EXPECT_EQ(r1.revision(), 1);
  EXPECT_EQ(r1.superseded_size(), 0);

  v1::MonthlyFigure second;
  second.set_value(12);
  v1::MonthlyFigure r2 = store::NextRevision<v1::MonthlyFigure>(
      r1, second, &v1::MonthlyFigure::mutable_superseded);
  v1::MonthlyFigure third;
  third.set_value(13);
  v1::MonthlyFigure r3 = store::NextRevision<v1::MonthlyFigure>(
      r2, third, &v1::MonthlyFigure::mutable_superseded);
  EXPECT_EQ(r3.revision(), 3);
  EXPECT_EQ(r3.value(), 13);
  ASSERT_EQ(r3.superseded_size(), 2);
  EXPECT_EQ(r3.superseded(0).value(), 10);
  EXPECT_EQ(r3.superseded(0).revision(), 1);
  EXPECT_EQ(r3.superseded(1).value(), 12);
  EXPECT_EQ(r3.superseded(1).superseded_size(), 0);  // no nested histories
}

TEST(RevisionsTest, RecordsFromBeforeRevisionsCountAsRevisionOne) {
  v1::MonthlyFigure legacy;  // revision 0: written before revisions were kept
  legacy.set_value(5);
  v1::MonthlyFigure next;
  next.set_value(6);
  v1::MonthlyFigure r = store::NextRevision<v1::MonthlyFigure>(
      legacy, next, &v1::MonthlyFigure::mutable_superseded);
  EXPECT_EQ(r.revision(), 2);
  EXPECT_EQ(r.superseded(0).revision(), 1);
}

}  // namespace
}  // namespace devplan
