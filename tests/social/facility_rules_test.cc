// The facility lifecycle as pure rules: which steps may follow which, corrections, and
// reading a facility as it stood on a date.
#include <gtest/gtest.h>

#include "services/social/facility_rules.h"
#include "tests/support/proto_date.h"

namespace devplan::social {
namespace {

constexpr absl::CivilDay kToday(2026, 1, 1);

using ::devplan::testing::D;

StepInput Step(v1::FacilityStage stage, v1::Date date, std::string reason = "") {
  StepInput s;
  s.stage = stage;
  s.date = date;
  s.reported_by = "区教育局";
  s.correction_reason = std::move(reason);
  return s;
}

// Applies the steps in order; each must be legal.
v1::Facility With(const std::vector<StepInput>& steps) {
  v1::Facility f;
  f.set_facility_id("S1");
  for (const StepInput& s : steps) {
    absl::StatusOr<StepOutcome> out = ApplyStep(f, s, kToday);
    EXPECT_TRUE(out.ok()) << out.status();
    if (out.ok()) f = out->facility;
  }
  return f;
}

absl::StatusCode Code(const v1::Facility& f, const StepInput& s) {
  return ApplyStep(f, s, kToday).status().code();
}

TEST(FacilityRulesTest, FullSchoolLifecycleIsLegalAndDerivesTheStage) {
  v1::Facility f = With({Step(v1::FACILITY_STAGE_PLANNED, D(2022, 1, 5)),
                         Step(v1::FACILITY_STAGE_STARTED, D(2022, 3, 1)),
                         Step(v1::FACILITY_STAGE_STRUCTURE_DONE, D(2023, 5, 1)),
                         Step(v1::FACILITY_STAGE_COMPLETED, D(2024, 6, 30)),
                         Step(v1::FACILITY_STAGE_DELIVERED, D(2024, 8, 20)),
                         Step(v1::FACILITY_STAGE_IN_SERVICE, D(2024, 9, 1))});
  ASSERT_EQ(f.steps_size(), 6);
  EXPECT_EQ(f.stage(), v1::FACILITY_STAGE_IN_SERVICE);
  EXPECT_EQ(f.stage_date().month(), 9);
  EXPECT_EQ(f.steps(5).sequence(), 6);
}

TEST(FacilityRulesTest, ForwardSkipsAreLegalBackwardStepsAreNot) {
  v1::Facility f = With({Step(v1::FACILITY_STAGE_STARTED, D(2023, 3, 1)),
                         Step(v1::FACILITY_STAGE_DELIVERED, D(2024, 8, 1))});
  EXPECT_EQ(Code(f, Step(v1::FACILITY_STAGE_STRUCTURE_DONE, D(2024, 9, 1))),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Code(f, Step(v1::FACILITY_STAGE_STARTED, D(2024, 9, 1))),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Code(f, Step(v1::FACILITY_STAGE_PLANNED, D(2024, 9, 1))),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Code(f, Step(v1::FACILITY_STAGE_IN_SERVICE, D(2024, 9, 1))), absl::StatusCode::kOk);
}

TEST(FacilityRulesTest, DatesMustNotGoBackNorIntoTheFuture) {
  v1::Facility f = With({Step(v1::FACILITY_STAGE_STARTED, D(2024, 3, 1))});
  absl::StatusOr<StepOutcome> early = ApplyStep(f, Step(v1::FACILITY_STAGE_STRUCTURE_DONE, D(2024, 2, 28)), kToday);
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(early.status().message().find("before the latest step"), std::string::npos);
  absl::StatusOr<StepOutcome> future = ApplyStep(f, Step(v1::FACILITY_STAGE_STRUCTURE_DONE, D(2026, 1, 2)), kToday);
  EXPECT_EQ(future.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(future.status().message().find("future"), std::string::npos);
  // The same day as the previous step is fine (delivered and enrolling on one day).
  EXPECT_EQ(Code(f, Step(v1::FACILITY_STAGE_STRUCTURE_DONE, D(2024, 3, 1))), absl::StatusCode::kOk);
  EXPECT_EQ(Code(f, Step(v1::FACILITY_STAGE_STRUCTURE_DONE, D(2026, 1, 1))), absl::StatusCode::kOk);
}

TEST(FacilityRulesTest, WhileSuspendedOnlyResumedMayFollow) {
  v1::Facility f = With({Step(v1::FACILITY_STAGE_STARTED, D(2021, 5, 1)),
                         Step(v1::FACILITY_STAGE_SUSPENDED, D(2022, 6, 1))});
  EXPECT_EQ(Code(f, Step(v1::FACILITY_STAGE_STRUCTURE_DONE, D(2024, 1, 1))),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Code(f, Step(v1::FACILITY_STAGE_STARTED, D(2024, 1, 1))),
            absl::StatusCode::kFailedPrecondition);
  f = With({Step(v1::FACILITY_STAGE_STARTED, D(2021, 5, 1)),
            Step(v1::FACILITY_STAGE_SUSPENDED, D(2022, 6, 1)),
            Step(v1::FACILITY_STAGE_RESUMED, D(2024, 3, 5)),
            Step(v1::FACILITY_STAGE_SUSPENDED, D(2024, 4, 1)),
            Step(v1::FACILITY_STAGE_RESUMED, D(2024, 5, 1)),
            Step(v1::FACILITY_STAGE_STRUCTURE_DONE, D(2024, 10, 1))});
  EXPECT_EQ(f.stage(), v1::FACILITY_STAGE_STRUCTURE_DONE);
  // A second start is never legal; a halt needs construction under way.
  EXPECT_EQ(Code(v1::Facility(), Step(v1::FACILITY_STAGE_SUSPENDED, D(2024, 1, 1))),
            absl::StatusCode::kFailedPrecondition);
}

TEST(FacilityRulesTest, ResumedMayOpenTheHistoryOfAProjectHaltedBeforeItWasRegistered) {
  v1::Facility f = With({Step(v1::FACILITY_STAGE_RESUMED, D(2024, 3, 5))});
  EXPECT_EQ(f.stage(), v1::FACILITY_STAGE_RESUMED);
  ASSERT_NE(StartedOrResumedIn(f, absl::CivilDay(2024, 1, 1), absl::CivilDay(2024, 3, 5)), nullptr);
  EXPECT_EQ(StartedOrResumedIn(f, absl::CivilDay(2024, 1, 1), absl::CivilDay(2024, 3, 4)), nullptr);
}

TEST(FacilityRulesTest, AnEqualStepInForceIsARetryNotNews) {
  v1::Facility f = With({Step(v1::FACILITY_STAGE_STARTED, D(2024, 3, 1)),
                         Step(v1::FACILITY_STAGE_STRUCTURE_DONE, D(2024, 6, 1))});
  absl::StatusOr<StepOutcome> again = ApplyStep(f, Step(v1::FACILITY_STAGE_STARTED, D(2024, 3, 1)), kToday);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->changed);
  EXPECT_EQ(again->facility.steps_size(), 2);
  // Same stage on another day is not a retry: it is a backwards step.
  EXPECT_EQ(Code(f, Step(v1::FACILITY_STAGE_STARTED, D(2024, 3, 2))),
            absl::StatusCode::kFailedPrecondition);
}

TEST(FacilityRulesTest, ACorrectionWithdrawsTheStepsOfItsRankAndLaterAndKeepsThem) {
  v1::Facility f = With({Step(v1::FACILITY_STAGE_STARTED, D(2024, 3, 1)),
                         Step(v1::FACILITY_STAGE_STRUCTURE_DONE, D(2024, 6, 1)),
                         Step(v1::FACILITY_STAGE_DELIVERED, D(2024, 8, 1))});
  absl::StatusOr<StepOutcome> fixed = ApplyStep(
      f, Step(v1::FACILITY_STAGE_STRUCTURE_DONE, D(2024, 7, 1), "主体验收日期有误"), kToday);
  ASSERT_TRUE(fixed.ok()) << fixed.status();
  const v1::Facility& g = fixed->facility;
  ASSERT_EQ(g.steps_size(), 4);
  EXPECT_EQ(g.steps(0).withdrawn_by(), 0);
  EXPECT_EQ(g.steps(1).withdrawn_by(), 4);
  EXPECT_EQ(g.steps(2).withdrawn_by(), 4);
  EXPECT_EQ(g.steps(3).correction_reason(), "主体验收日期有误");
  EXPECT_EQ(g.stage(), v1::FACILITY_STAGE_STRUCTURE_DONE);
  // Read as of any date, the withdrawn delivery is gone; the structure is done on 1 July.
  EXPECT_EQ(FirstReaching(g, v1::FACILITY_STAGE_DELIVERED, absl::CivilDay(2024, 12, 31)), nullptr);
  const v1::FacilityStep* done =
      FirstReaching(g, v1::FACILITY_STAGE_STRUCTURE_DONE, absl::CivilDay(2024, 12, 31));
  ASSERT_NE(done, nullptr);
  EXPECT_EQ(done->date().month(), 7);
  // Retrying the correction changes nothing.
  absl::StatusOr<StepOutcome> retry = ApplyStep(
      g, Step(v1::FACILITY_STAGE_STRUCTURE_DONE, D(2024, 7, 1), "主体验收日期有误"), kToday);
  ASSERT_TRUE(retry.ok());
  EXPECT_FALSE(retry->changed);
}

TEST(FacilityRulesTest, ACorrectionMustStillLeaveTheLifecycleInOrder) {
  v1::Facility f = With({Step(v1::FACILITY_STAGE_PLANNED, D(2024, 2, 1)),
                         Step(v1::FACILITY_STAGE_STARTED, D(2024, 3, 1))});
  // Rewinding to STARTED before the PLANNED day that stays in force is out of order.
  EXPECT_EQ(Code(f, Step(v1::FACILITY_STAGE_STARTED, D(2024, 1, 15), "开工日期有误")),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Code(f, Step(v1::FACILITY_STAGE_STARTED, D(2024, 2, 15), "开工日期有误")),
            absl::StatusCode::kOk);
  // A correction to PLANNED withdraws everything: a fresh start.
  absl::StatusOr<StepOutcome> reset = ApplyStep(f, Step(v1::FACILITY_STAGE_PLANNED, D(2023, 12, 1), "录错项目"), kToday);
  ASSERT_TRUE(reset.ok()) << reset.status();
  EXPECT_EQ(StepsInForce(reset->facility, absl::CivilDay(2030, 1, 1)).size(), 1u);
}

TEST(FacilityRulesTest, ReadingAsOfADateIgnoresLaterSteps) {
  v1::Facility f = With({Step(v1::FACILITY_STAGE_STARTED, D(2022, 9, 1)),
                         Step(v1::FACILITY_STAGE_DELIVERED, D(2024, 8, 1)),
                         Step(v1::FACILITY_STAGE_IN_SERVICE, D(2024, 9, 1))});
  EXPECT_EQ(FirstReaching(f, v1::FACILITY_STAGE_IN_SERVICE, absl::CivilDay(2024, 8, 31)), nullptr);
  const v1::FacilityStep* latest = LatestStep(f, absl::CivilDay(2024, 8, 31));
  ASSERT_NE(latest, nullptr);
  EXPECT_EQ(latest->stage(), v1::FACILITY_STAGE_DELIVERED);
  // Delivered implies the structure was done, by the delivery day at the latest.
  const v1::FacilityStep* structure =
      FirstReaching(f, v1::FACILITY_STAGE_STRUCTURE_DONE, absl::CivilDay(2024, 12, 31));
  ASSERT_NE(structure, nullptr);
  EXPECT_EQ(structure->stage(), v1::FACILITY_STAGE_DELIVERED);
  EXPECT_EQ(LatestStep(f, absl::CivilDay(2022, 8, 31)), nullptr);
}

TEST(FacilityRulesTest, NewFacilityValidationNamesTheField) {
  v1::Facility f;
  f.set_facility_id("XCL-MS");
  f.set_district("410108");
  f.set_title_zh("新城路中学");
  f.set_kind(v1::FACILITY_KIND_SCHOOL);
  f.set_lead_department("区教育局");
  EXPECT_TRUE(ValidateNewFacility(f).ok());
  v1::Facility bad = f;
  bad.set_facility_id("新城路");
  EXPECT_NE(ValidateNewFacility(bad).message().find("facility.facility_id"), std::string::npos);
  bad = f;
  bad.set_kind(v1::FACILITY_KIND_UNSPECIFIED);
  EXPECT_NE(ValidateNewFacility(bad).message().find("facility.kind"), std::string::npos);
  bad = f;
  bad.set_district("410100");
  EXPECT_NE(ValidateNewFacility(bad).message().find("facility.district"), std::string::npos);
  bad = f;
  bad.add_steps()->set_stage(v1::FACILITY_STAGE_STARTED);
  EXPECT_NE(ValidateNewFacility(bad).message().find("facility.steps"), std::string::npos);
  bad = f;
  bad.set_plan_facility(static_cast<v1::PlanFacility>(99));
  EXPECT_NE(ValidateNewFacility(bad).message().find("facility.plan_facility"), std::string::npos);
}

}  // namespace
}  // namespace devplan::social
