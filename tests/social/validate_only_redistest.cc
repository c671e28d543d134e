// validate_only (AIP-163) on every SocialService write: a rehearsal checks what the write
// would check, including stored state (the facility, the step order, the event), writes
// nothing, and answers what the write then answers.
#include <gtest/gtest.h>

#include "tests/social/social_fixture.h"
#include "tests/support/validate_only.h"

namespace devplan::social::testing {
namespace {

using ::devplan::testing::ContextWithDeadline;
using ::devplan::testing::RehearseThenWrite;

class SocialValidateOnlyTest : public SocialFixture {
 protected:
  // Rehearses, then writes, `request` through the stub's `method`; answers the write's status.
  template <typename Reply, typename Request, typename Method>
  grpc::Status Both(const Request& request, Method method) {
    return RehearseThenWrite<Request, Reply>(redis(), request, [&](const Request& q, Reply* out) {
      return (stub().*method)(ContextWithDeadline().get(), q, out);
    });
  }
};

#define EXPECT_CODE(call, code)                                          \
  do {                                                                   \
    grpc::Status _s = (call);                                            \
    EXPECT_EQ(_s.error_code(), grpc::StatusCode::code) << _s.error_message(); \
  } while (0)

TEST_F(SocialValidateOnlyTest, FiguresCountsAndCoverage) {
  using S = v1::SocialService::Stub;
  EXPECT_CODE(Both<v1::MonthlyFigure>(Monthly(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 2024, 2, 120),
                                      &S::ReportMonthlyFigure), OK);
  // A revision: the rehearsal reads the stored figure as the write does.
  EXPECT_CODE(Both<v1::MonthlyFigure>(Monthly(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 2024, 2, 130),
                                      &S::ReportMonthlyFigure), OK);
  EXPECT_CODE(Both<v1::TalentCount>(Talent(v1::TALENT_CATEGORY_BACKBONE_TEACHER, D(2024, 5, 1), 3),
                                    &S::ReportTalentCount), OK);
  EXPECT_CODE(Both<v1::CoverageFigure>(Coverage(v1::INSURANCE_SCHEME_BASIC_PENSION, 2024, 6, 900, 1000),
                                       &S::ReportCoverage), OK);
  EXPECT_CODE(Both<v1::CoverageFigure>(Coverage(v1::INSURANCE_SCHEME_BASIC_PENSION, 2024, 6, 1001, 1000),
                                       &S::ReportCoverage), INVALID_ARGUMENT);
}

TEST_F(SocialValidateOnlyTest, FacilitiesAndTheirStepOrder) {
  using S = v1::SocialService::Stub;
  EXPECT_CODE(Both<v1::Facility>(NewFacility("S1", "示例学校", v1::FACILITY_KIND_SCHOOL),
                                 &S::CreateFacility), OK);
  EXPECT_CODE(Both<v1::Facility>(StepOf("S1", v1::FACILITY_STAGE_STARTED, D(2024, 3, 1)),
                                 &S::RecordFacilityStep), OK);
  EXPECT_CODE(Both<v1::Facility>(StepOf("S1", v1::FACILITY_STAGE_DELIVERED, D(2024, 8, 1)),
                                 &S::RecordFacilityStep), OK);
  // Out of order against the stored steps, and an unknown facility.
  EXPECT_CODE(Both<v1::Facility>(StepOf("S1", v1::FACILITY_STAGE_IN_SERVICE, D(2024, 7, 31)),
                                 &S::RecordFacilityStep), FAILED_PRECONDITION);
  EXPECT_CODE(Both<v1::Facility>(StepOf("S1", v1::FACILITY_STAGE_STRUCTURE_DONE, D(2024, 9, 1)),
                                 &S::RecordFacilityStep), FAILED_PRECONDITION);
  EXPECT_CODE(Both<v1::Facility>(StepOf("NOPE", v1::FACILITY_STAGE_STARTED, D(2024, 3, 1)),
                                 &S::RecordFacilityStep), NOT_FOUND);
  // Another facility under a taken id.
  EXPECT_CODE(Both<v1::Facility>(NewFacility("S1", "另一所学校", v1::FACILITY_KIND_SCHOOL),
                                 &S::CreateFacility), ALREADY_EXISTS);
}

TEST_F(SocialValidateOnlyTest, EventsCreatedBatchedAndFinished) {
  using S = v1::SocialService::Stub;
  EXPECT_CODE(Both<v1::Event>(CreateOf(JobFair("J1", D(2024, 3, 2), 500)), &S::CreateEvent), OK);
  v1::BatchCreateEventsRequest batch;
  batch.set_district(kDistrict);
  batch.set_reported_by("区人社局");
  batch.set_request_id("batch-1");
  *batch.add_events() = JobFair("J2", D(2024, 4, 2), 300);
  *batch.add_events() = Cultural("C1", D(2024, 4, 3), v1::CULTURAL_EVENT_TYPE_SQUARE_DANCE);
  EXPECT_CODE(Both<v1::BatchCreateEventsResponse>(batch, &S::BatchCreateEvents), OK);
  v1::FinishEventRequest finish;
  finish.set_name("districts/410108/events/J1");
  *finish.mutable_end_date() = D(2024, 3, 3);
  finish.set_reported_by("区人社局");
  EXPECT_CODE(Both<v1::Event>(finish, &S::FinishEvent), OK);
  // Finished already on another day; an unknown event.
  *finish.mutable_end_date() = D(2024, 3, 4);
  EXPECT_CODE(Both<v1::Event>(finish, &S::FinishEvent), FAILED_PRECONDITION);
  finish.set_name("districts/410108/events/NOPE");
  EXPECT_CODE(Both<v1::Event>(finish, &S::FinishEvent), NOT_FOUND);
  // Another event under a taken id.
  EXPECT_CODE(Both<v1::Event>(CreateOf(JobFair("J1", D(2024, 5, 2), 10)), &S::CreateEvent),
              ALREADY_EXISTS);
}

}  // namespace
}  // namespace devplan::social::testing
