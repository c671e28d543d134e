// The import of every record kind a department writes beyond projects, investment, figures,
// air, water samples, social figures and facilities (cli_redistest.cc): for each, a dry run
// that reaches the service's own check (validate_only) and writes nothing, an import that
// keeps the good rows and names the bad ones FILE:LINE, and a re-import that writes nothing.
//
// Each file in data/ has two good rows (lines 2 and 3), a row its parser refuses (line 4)
// and a row only the service can refuse (line 5), against the state MakeState makes.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/devplanctl/cli_fixture.h"

namespace devplan::testing {
namespace {

struct KindCase {
  std::string kind;
  std::string service_code;  // what the service answers line 5
  bool read_first = true;    // compares with what is stored (false: resends, a replace)
};

const std::vector<KindCase>& Cases() {
  static const auto* c = new std::vector<KindCase>{
      {"stations", "ALREADY_EXISTS"},        {"daily-aqi", "INVALID_ARGUMENT", false},
      {"water-bodies", "INVALID_ARGUMENT"},  {"works", "NOT_FOUND"},
      {"plots", "INVALID_ARGUMENT"},         {"outputs", "NOT_FOUND"},
      {"promotion-events", "NOT_FOUND"},     {"talent-counts", "INVALID_ARGUMENT"},
      {"coverage", "INVALID_ARGUMENT"},      {"facility-steps", "FAILED_PRECONDITION"},
      {"events", "INVALID_ARGUMENT"}};
  return *c;
}

class ImportKinds : public Devplanctl {
 protected:
  // A water body and a station (MakeWaterBodyAndStation), projects CTL-P1 and CTL-P2, and
  // facilities XC-MS (delivered) and HOSP-1 (no step yet).
  void MakeState() {
    MakeWaterBodyAndStation();
    Import("projects", kData + "/projects.csv");
    Import("facilities", kData + "/facilities.csv");
    ASSERT_EQ(Projects().projects_size(), 2);
  }
};

TEST_F(ImportKinds, EveryKindDryRunsAgainstTheServiceImportsByLineAndReimportsToNothing) {
  ASSERT_NO_FATAL_FAILURE(MakeState());
  for (const KindCase& c : Cases()) {
    SCOPED_TRACE(c.kind);
    const std::string file = kData + "/" + c.kind + ".csv";
    const std::string service_error = absl::StrCat(c.kind, ".csv:5: ", c.service_code);
    const int exit_code = c.service_code == "INVALID_ARGUMENT" ? 2 : 3;

    const std::string version = DataVersion();
    CliRun dry = Import(c.kind, file, {"--dry-run"});
    EXPECT_EQ(dry.exit_code, exit_code) << dry.err;
    EXPECT_NE(dry.out.find("4 rows checked, 2 valid, 2 with errors (dry run: nothing written)"),
              std::string::npos) << dry.out;
    EXPECT_NE(dry.err.find(c.kind + ".csv:4: "), std::string::npos) << dry.err;
    EXPECT_NE(dry.err.find(service_error), std::string::npos) << dry.err;
    EXPECT_EQ(DataVersion(), version) << "a dry run wrote";

    CliRun first = Import(c.kind, file);
    EXPECT_EQ(first.exit_code, exit_code) << first.err;
    EXPECT_NE(first.out.find("4 rows, 2 written, 0 unchanged, 2 failed"), std::string::npos)
        << first.out;
    EXPECT_EQ(Lines(first.err), 2) << first.err;
    EXPECT_NE(first.err.find(service_error), std::string::npos) << first.err;
    EXPECT_NE(DataVersion(), version);

    CliRun again = Import(c.kind, file);
    EXPECT_EQ(again.exit_code, exit_code) << again.err;
    if (c.read_first) {
      const std::string before = DataVersion();
      EXPECT_NE(again.out.find("4 rows, 0 written, 2 unchanged, 2 failed"), std::string::npos)
          << again.out;
      CliRun third = Import(c.kind, file);
      EXPECT_EQ(DataVersion(), before) << "a re-import wrote";
    }
  }
}

TEST_F(ImportKinds, AnEndDateFinishesAnEventStoredWithoutOne) {
  ASSERT_NO_FATAL_FAILURE(MakeState());
  Import("events", kData + "/events.csv");
  const std::string csv =
      "活动编号,类型,活动名称,开始日期,结束日期,文化活动类型,主办单位\n"
      "CTL-C1,文化活动,示例广场舞展演,2024-04-03,2024-04-05,广场舞,区人力资源和社会保障局\n";
  const std::string file = dir_.Write("finish.csv", csv);
  CliRun dry = Import("events", file, {"--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  CliRun finish = Import("events", file);
  EXPECT_EQ(finish.exit_code, 0) << finish.err;
  EXPECT_NE(finish.out.find("1 rows, 1 written"), std::string::npos) << finish.out;
  auto soc = v1::SocialService::NewStub(s_.Channel(s_.social_address(), kReader));
  v1::GetEventRequest get;
  get.set_name("districts/410108/events/CTL-C1");
  v1::Event e;
  ASSERT_TRUE(soc->GetEvent(ContextWithDeadline().get(), get, &e).ok());
  EXPECT_EQ(e.end_date().day(), 5);
  CliRun again = Import("events", file);
  EXPECT_NE(again.out.find("1 rows, 0 written, 1 unchanged"), std::string::npos) << again.out;
  // Another end date: the service refuses it (already ended).
  std::string other = csv;
  other.replace(other.find("2024-04-05"), 10, "2024-04-06");
  CliRun refused = Import("events", dir_.Write("other.csv", other), {"--dry-run"});
  EXPECT_EQ(refused.exit_code, 3) << refused.err;
  EXPECT_NE(refused.err.find("other.csv:2: FAILED_PRECONDITION"), std::string::npos) << refused.err;
}

}  // namespace
}  // namespace devplan::testing
