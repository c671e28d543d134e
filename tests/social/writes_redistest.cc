// Writes through real gRPC against real Redis: lifecycle rules, idempotency, revision
// history, and bad input that must write nothing (the district's write counter and key
// count stay as they were).
#include <gtest/gtest.h>

#include "tests/social/social_fixture.h"

namespace devplan::social::testing {
namespace {

using ::devplan::testing::ContextWithDeadline;

class SocialWritesTest : public SocialFixture {
 protected:
  // Asserts that `call` fails with `code` (and a message containing `needle`) and writes
  // nothing.
  template <typename Call>
  void Refused(Call call, grpc::StatusCode code, const std::string& needle) {
    const std::string before = Writes();
    grpc::Status s = call();
    EXPECT_EQ(s.error_code(), code) << s.error_message();
    EXPECT_NE(s.error_message().find(needle), std::string::npos)
        << "\"" << s.error_message() << "\" lacks \"" << needle << "\"";
    EXPECT_EQ(Writes(), before) << "a refused call wrote";
  }

  v1::Facility GetFacility(const std::string& id) {
    v1::GetFacilityRequest r;
    r.set_name("districts/410108/facilities/" + id);
    v1::Facility f;
    grpc::Status s = stub().GetFacility(ContextWithDeadline().get(), r, &f);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return f;
  }
};

// ---- Revisions --------------------------------------------------------------------------

TEST_F(SocialWritesTest, ARevisionReplacesTheMonthAndKeepsWhoAndWhenOfTheOldValue) {
  v1::MonthlyFigure first, same, revised;
  ASSERT_TRUE(Report(Monthly(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 2024, 2, 120), &first).ok());
  EXPECT_EQ(first.revision(), 1);
  EXPECT_EQ(first.name(), "districts/410108/monthlyFigures/SOCIAL_INDICATOR_NEW_URBAN_JOBS/2024-02");

  // The same value again is a retry: nothing written, the stored figure answered.
  const std::string before = Writes();
  ASSERT_TRUE(Report(Monthly(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 2024, 2, 120), &same).ok());
  EXPECT_EQ(Writes(), before);
  EXPECT_EQ(same.revision(), 1);
  EXPECT_EQ(same.report_time().seconds(), first.report_time().seconds());

  v1::ReportMonthlyFigureRequest fix =
      Monthly(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 2024, 2, 130, "区统计局");
  fix.set_note("补报两家企业");
  ASSERT_TRUE(Report(fix, &revised).ok());
  ASSERT_TRUE(Report(Monthly(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 2024, 2, 128)).ok());

  v1::GetMonthlyFigureRequest get;
  get.set_name(first.name());
  v1::MonthlyFigure stored;
  ASSERT_TRUE(stub().GetMonthlyFigure(ContextWithDeadline().get(), get, &stored).ok());
  EXPECT_EQ(stored.value(), 128);
  EXPECT_EQ(stored.revision(), 3);
  ASSERT_EQ(stored.superseded_size(), 2);
  EXPECT_EQ(stored.superseded(0).value(), 120);
  EXPECT_EQ(stored.superseded(0).reported_by(), "区人社局");
  EXPECT_EQ(stored.superseded(0).report_time().seconds(), first.report_time().seconds());
  EXPECT_EQ(stored.superseded(1).value(), 130);
  EXPECT_EQ(stored.superseded(1).reported_by(), "区统计局");
  EXPECT_EQ(stored.superseded(1).note(), "补报两家企业");
  EXPECT_EQ(Metrics(D(2024, 2, 29))["social.new_urban_jobs"].count(), 128);

  // Listed with its history, filtered by indicator and year.
  v1::ListMonthlyFiguresRequest list;
  list.set_district(kDistrict);
  list.set_indicator(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS);
  list.set_year(2024);
  v1::ListMonthlyFiguresResponse listed;
  ASSERT_TRUE(stub().ListMonthlyFigures(ContextWithDeadline().get(), list, &listed).ok());
  ASSERT_EQ(listed.figures_size(), 1);
  EXPECT_EQ(listed.figures(0).superseded_size(), 2);
  get.set_name("districts/410108/monthlyFigures/SOCIAL_INDICATOR_NEW_URBAN_JOBS/2024-03");
  EXPECT_EQ(stub().GetMonthlyFigure(ContextWithDeadline().get(), get, &stored).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(SocialWritesTest, TalentAndCoverageFiguresAreRevisedTheSameWay) {
  v1::TalentCount t;
  ASSERT_TRUE(Report(Talent(v1::TALENT_CATEGORY_BACKBONE_TEACHER, D(2024, 9, 10), 36)).ok());
  ASSERT_TRUE(Report(Talent(v1::TALENT_CATEGORY_BACKBONE_TEACHER, D(2024, 9, 10), 37), &t).ok());
  EXPECT_EQ(t.revision(), 2);
  ASSERT_EQ(t.superseded_size(), 1);
  EXPECT_EQ(t.superseded(0).count(), 36);
  v1::CoverageFigure c;
  ASSERT_TRUE(Report(Coverage(v1::INSURANCE_SCHEME_BASIC_MEDICAL, 2024, 6, 90, 100)).ok());
  ASSERT_TRUE(Report(Coverage(v1::INSURANCE_SCHEME_BASIC_MEDICAL, 2024, 6, 90, 100), &c).ok());
  EXPECT_EQ(c.revision(), 1);
  ASSERT_TRUE(Report(Coverage(v1::INSURANCE_SCHEME_BASIC_MEDICAL, 2024, 6, 90, 95), &c).ok());
  EXPECT_EQ(c.revision(), 2);
  EXPECT_EQ(c.superseded(0).eligible(), 100);
  v1::ListCoverageFiguresRequest list;
  list.set_district(kDistrict);
  v1::ListCoverageFiguresResponse listed;
  ASSERT_TRUE(stub().ListCoverageFigures(ContextWithDeadline().get(), list, &listed).ok());
  ASSERT_EQ(listed.figures_size(), 1);
  EXPECT_EQ(listed.figures(0).eligible(), 95);
}

TEST_F(SocialWritesTest, ARecordWrittenBeforeRevisionsWereKeptIsRevisedCleanly) {
  // The shape the first version of the service stored: no revision number.
  v1::MonthlyFigure legacy;
  legacy.set_name("districts/410108/monthlyFigures/SOCIAL_INDICATOR_NEW_URBAN_JOBS/2024-01");
  legacy.set_indicator(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS);
  *legacy.mutable_month() = D(2024, 1, 1);
  legacy.set_value(99);
  legacy.set_reported_by("区人社局");
  ASSERT_TRUE(pool().Run({"HSET", "soc:{410108}:monthly_figures",
                          "SOCIAL_INDICATOR_NEW_URBAN_JOBS/2024-01", legacy.SerializeAsString()})
                  .ok());
  EXPECT_EQ(Metrics(D(2024, 1, 31))["social.new_urban_jobs"].count(), 99);
  v1::MonthlyFigure revised;
  ASSERT_TRUE(Report(Monthly(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 2024, 1, 100), &revised).ok());
  EXPECT_EQ(revised.revision(), 2);
  EXPECT_EQ(revised.superseded(0).value(), 99);
  EXPECT_EQ(revised.superseded(0).revision(), 1);
}

// ---- Facility lifecycle -----------------------------------------------------------------

TEST_F(SocialWritesTest, LifecycleStepsInOrderAndTheirReplaysWriteOnce) {
  ASSERT_TRUE(Create(NewFacility("XCL-MS", "新城路中学", v1::FACILITY_KIND_SCHOOL,
                                 v1::PLAN_FACILITY_XINCHENG_ROAD_MIDDLE_SCHOOL))
                  .ok());
  ASSERT_TRUE(Step(StepOf("XCL-MS", v1::FACILITY_STAGE_STARTED, D(2022, 3, 1))).ok());
  ASSERT_TRUE(Step(StepOf("XCL-MS", v1::FACILITY_STAGE_STRUCTURE_DONE, D(2023, 5, 1))).ok());
  const std::string before = Writes();
  v1::Facility f;
  ASSERT_TRUE(Step(StepOf("XCL-MS", v1::FACILITY_STAGE_STARTED, D(2022, 3, 1)), &f).ok());
  EXPECT_EQ(Writes(), before);
  EXPECT_EQ(f.steps_size(), 2);
  EXPECT_EQ(f.stage(), v1::FACILITY_STAGE_STRUCTURE_DONE);

  // request_id: the same request replayed after it was applied answers without writing.
  v1::RecordFacilityStepRequest deliver = StepOf("XCL-MS", v1::FACILITY_STAGE_DELIVERED, D(2024, 8, 20));
  deliver.set_request_id("deliver-xcl-1");
  ASSERT_TRUE(Step(deliver).ok());
  const std::string after = Writes();
  ASSERT_TRUE(Step(deliver, &f).ok());
  EXPECT_EQ(Writes(), after);
  EXPECT_EQ(f.steps_size(), 3);
  EXPECT_EQ(GetFacility("XCL-MS").stage(), v1::FACILITY_STAGE_DELIVERED);
}

TEST_F(SocialWritesTest, IllegalStepsAreFailedPreconditionAndWriteNothing) {
  ASSERT_TRUE(Create(NewFacility("S1", "示例学校", v1::FACILITY_KIND_SCHOOL)).ok());
  ASSERT_TRUE(Step(StepOf("S1", v1::FACILITY_STAGE_STARTED, D(2024, 3, 1))).ok());
  ASSERT_TRUE(Step(StepOf("S1", v1::FACILITY_STAGE_DELIVERED, D(2024, 8, 1))).ok());
  const auto code = grpc::StatusCode::FAILED_PRECONDITION;
  // Backwards without a correction.
  Refused([&] { return Step(StepOf("S1", v1::FACILITY_STAGE_STRUCTURE_DONE, D(2024, 9, 1))); },
          code, "correction_reason");
  // Out of date order.
  Refused([&] { return Step(StepOf("S1", v1::FACILITY_STAGE_IN_SERVICE, D(2024, 7, 31))); }, code,
          "before the latest step in force");
  // In the future.
  Refused([&] { return Step(StepOf("S1", v1::FACILITY_STAGE_IN_SERVICE, D(2099, 9, 1))); }, code,
          "future");
  // A second start.
  Refused([&] { return Step(StepOf("S1", v1::FACILITY_STAGE_STARTED, D(2024, 9, 1))); }, code,
          "FACILITY_STAGE_STARTED");
  // Unknown facility: NOT_FOUND.
  Refused([&] { return Step(StepOf("NOPE", v1::FACILITY_STAGE_STARTED, D(2024, 3, 1))); },
          grpc::StatusCode::NOT_FOUND, "districts/410108/facilities/NOPE");
  // Malformed: INVALID_ARGUMENT naming the field.
  Refused([&] { return Step(StepOf("S1", v1::FACILITY_STAGE_UNSPECIFIED, D(2024, 9, 1))); },
          grpc::StatusCode::INVALID_ARGUMENT, "stage");
  Refused([&] { return Step(StepOf("S1", v1::FACILITY_STAGE_IN_SERVICE, D(2024, 2, 30))); },
          grpc::StatusCode::INVALID_ARGUMENT, "date");
  EXPECT_EQ(GetFacility("S1").steps_size(), 2);
}

TEST_F(SocialWritesTest, ACorrectionTakesBackADeliveryAndTheHistoryKeepsIt) {
  ASSERT_TRUE(Create(NewFacility("S1", "示例学校", v1::FACILITY_KIND_SCHOOL)).ok());
  ASSERT_TRUE(Step(StepOf("S1", v1::FACILITY_STAGE_STARTED, D(2023, 3, 1))).ok());
  ASSERT_TRUE(Step(StepOf("S1", v1::FACILITY_STAGE_DELIVERED, D(2024, 8, 1))).ok());
  EXPECT_EQ(Metrics(D(2024, 12, 31))["social.schools_delivered"].count(), 1);

  v1::Facility f;
  ASSERT_TRUE(Step(StepOf("S1", v1::FACILITY_STAGE_STRUCTURE_DONE, D(2024, 8, 1),
                          "交付验收未通过，实为主体完工"),
                   &f)
                  .ok());
  ASSERT_EQ(f.steps_size(), 3);
  EXPECT_EQ(f.steps(1).stage(), v1::FACILITY_STAGE_DELIVERED);
  EXPECT_EQ(f.steps(1).withdrawn_by(), 3);
  EXPECT_EQ(f.steps(2).correction_reason(), "交付验收未通过，实为主体完工");
  EXPECT_EQ(f.stage(), v1::FACILITY_STAGE_STRUCTURE_DONE);
  EXPECT_EQ(GetFacility("S1").steps_size(), 3);
  // The withdrawn delivery counts nowhere, whatever the as-of date.
  EXPECT_EQ(Metrics(D(2024, 12, 31))["social.schools_delivered"].count(), 0);
  // Delivering again later is a normal forward step.
  ASSERT_TRUE(Step(StepOf("S1", v1::FACILITY_STAGE_DELIVERED, D(2024, 10, 8))).ok());
  auto dec = Metrics(D(2024, 12, 31))["social.schools_delivered"];
  EXPECT_EQ(dec.count(), 1);
  EXPECT_EQ(dec.current_to().month(), 10);
}

TEST_F(SocialWritesTest, FacilityCreationIsIdempotentAndPlanRolesAreUnique) {
  v1::Facility first, again;
  auto req = NewFacility("ZZ38", "郑州市第38高级中学", v1::FACILITY_KIND_SCHOOL,
                         v1::PLAN_FACILITY_HIGH_SCHOOL_38);
  ASSERT_TRUE(Create(req, &first).ok());
  const std::string before = Writes();
  ASSERT_TRUE(Create(req, &again).ok());
  EXPECT_EQ(Writes(), before);
  EXPECT_EQ(again.create_time().seconds(), first.create_time().seconds());
  auto other = req;
  other.mutable_facility()->set_title_zh("另一所学校");
  Refused([&] { return Create(other); }, grpc::StatusCode::ALREADY_EXISTS, "ZZ38");
  auto twin = NewFacility("ZZ38-B", "郑州市第38高级中学（重复）", v1::FACILITY_KIND_SCHOOL,
                          v1::PLAN_FACILITY_HIGH_SCHOOL_38);
  Refused([&] { return Create(twin); }, grpc::StatusCode::ALREADY_EXISTS,
          "PLAN_FACILITY_HIGH_SCHOOL_38");
  // request_id reused for another request.
  auto a = NewFacility("A1", "甲", v1::FACILITY_KIND_FITNESS);
  a.set_request_id("req-a");
  ASSERT_TRUE(Create(a).ok());
  auto b = NewFacility("B1", "乙", v1::FACILITY_KIND_FITNESS);
  b.set_request_id("req-a");
  Refused([&] { return Create(b); }, grpc::StatusCode::INVALID_ARGUMENT, "request_id");

  v1::ListFacilitiesRequest list;
  list.set_district(kDistrict);
  list.set_kind(v1::FACILITY_KIND_SCHOOL);
  v1::ListFacilitiesResponse listed;
  ASSERT_TRUE(stub().ListFacilities(ContextWithDeadline().get(), list, &listed).ok());
  ASSERT_EQ(listed.facilities_size(), 1);
  EXPECT_EQ(listed.facilities(0).name(), "districts/410108/facilities/ZZ38");
}

// ---- Events -----------------------------------------------------------------------------

TEST_F(SocialWritesTest, EventsAreIdempotentOnTheirIdAndBatchesAreAllOrNothing) {
  v1::Event first, again;
  ASSERT_TRUE(Create(CreateOf(JobFair("JF-1", D(2024, 2, 20), 800)), &first).ok());
  const std::string before = Writes();
  ASSERT_TRUE(Create(CreateOf(JobFair("JF-1", D(2024, 2, 20), 800)), &again).ok());
  EXPECT_EQ(Writes(), before);
  EXPECT_EQ(again.create_time().seconds(), first.create_time().seconds());
  Refused([&] { return Create(CreateOf(JobFair("JF-1", D(2024, 2, 20), 900))); },
          grpc::StatusCode::ALREADY_EXISTS, "JF-1");

  // A batch repeating JF-1 and adding two: only the two are written.
  v1::BatchCreateEventsRequest b;
  b.set_district(kDistrict);
  b.set_reported_by("区人社局");
  *b.add_events() = JobFair("JF-1", D(2024, 2, 20), 800);
  *b.add_events() = JobFair("JF-2", D(2024, 3, 10), 1200);
  *b.add_events() = Cultural("C-1", D(2024, 3, 11), v1::CULTURAL_EVENT_TYPE_SQUARE_DANCE);
  v1::BatchCreateEventsResponse resp;
  ASSERT_TRUE(Batch(b, &resp).ok());
  EXPECT_EQ(resp.created_count(), 2);
  ASSERT_EQ(resp.events_size(), 3);
  EXPECT_EQ(resp.events(2).name(), "districts/410108/events/C-1");
  ASSERT_TRUE(Batch(b, &resp).ok());
  EXPECT_EQ(resp.created_count(), 0);

  // One bad event refuses the whole batch: the good new one is not written either.
  v1::BatchCreateEventsRequest bad = b;
  *bad.add_events() = JobFair("JF-3", D(2024, 4, 1), 100);
  *bad.add_events() = JobFair("JF-4", D(2024, 4, 2), -1);
  Refused([&] { return Batch(bad); }, grpc::StatusCode::INVALID_ARGUMENT,
          "events[4].positions_offered");
  bad.clear_events();
  *bad.add_events() = JobFair("JF-3", D(2024, 4, 1), 100);
  *bad.add_events() = JobFair("JF-2", D(2024, 3, 10), 1201);  // changed content
  Refused([&] { return Batch(bad); }, grpc::StatusCode::ALREADY_EXISTS, "JF-2");
  bad = b;
  *bad.add_events() = JobFair("JF-2", D(2024, 3, 10), 1200);
  Refused([&] { return Batch(bad); }, grpc::StatusCode::INVALID_ARGUMENT, "appears twice");
  v1::GetEventRequest get;
  get.set_name("districts/410108/events/JF-3");
  v1::Event e;
  EXPECT_EQ(stub().GetEvent(ContextWithDeadline().get(), get, &e).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::ListEventsRequest list;
  list.set_district(kDistrict);
  list.set_kind(v1::EVENT_KIND_JOB_FAIR);
  list.set_page_size(1);
  v1::ListEventsResponse page1, page2;
  ASSERT_TRUE(stub().ListEvents(ContextWithDeadline().get(), list, &page1).ok());
  ASSERT_EQ(page1.events_size(), 1);
  EXPECT_EQ(page1.events(0).event_id(), "JF-1");
  EXPECT_EQ(page1.total_size(), 2);
  list.set_page_token(page1.next_page_token());
  ASSERT_TRUE(stub().ListEvents(ContextWithDeadline().get(), list, &page2).ok());
  ASSERT_EQ(page2.events_size(), 1);
  EXPECT_EQ(page2.events(0).event_id(), "JF-2");
  EXPECT_TRUE(page2.next_page_token().empty());
}

TEST_F(SocialWritesTest, FinishingAnEventIsIdempotentAndTheOriginalCreateStillRetries) {
  ASSERT_TRUE(Create(CreateOf(FootballCup(D(2024, 5, 10)))).ok());
  v1::FinishEventRequest f;
  f.set_name("districts/410108/events/yellow-river-cup-3");
  *f.mutable_end_date() = D(2024, 6, 22);
  f.set_reported_by("区体育局");
  ASSERT_TRUE(Finish(f).ok());
  const std::string before = Writes();
  v1::Event e;
  ASSERT_TRUE(Finish(f, &e).ok());
  EXPECT_EQ(Writes(), before);
  EXPECT_EQ(e.end_date().day(), 22);
  ASSERT_TRUE(Create(CreateOf(FootballCup(D(2024, 5, 10)))).ok());
  EXPECT_EQ(Writes(), before);
  *f.mutable_end_date() = D(2024, 6, 23);
  Refused([&] { return Finish(f); }, grpc::StatusCode::FAILED_PRECONDITION, "already ended");
  *f.mutable_end_date() = D(2099, 1, 1);
  Refused([&] { return Finish(f); }, grpc::StatusCode::INVALID_ARGUMENT, "future");
  f.set_name("districts/410108/events/none");
  *f.mutable_end_date() = D(2024, 6, 22);
  Refused([&] { return Finish(f); }, grpc::StatusCode::NOT_FOUND, "none");
  // A second event cannot be the plan's cup.
  v1::Event twin = FootballCup(D(2024, 7, 1));
  twin.set_event_id("cup-copy");
  Refused([&] { return Create(CreateOf(twin)); }, grpc::StatusCode::ALREADY_EXISTS,
          "PLAN_EVENT_YELLOW_RIVER_CUP_3");
}

// ---- Bad input --------------------------------------------------------------------------

TEST_F(SocialWritesTest, BadFiguresAreRefusedNamingTheFieldAndWriteNothing) {
  ASSERT_TRUE(Report(Monthly(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 2024, 1, 10)).ok());
  const auto bad = grpc::StatusCode::INVALID_ARGUMENT;
  Refused([&] { return Report(Monthly(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 2024, 2, -1)); }, bad,
          "value: -1");
  Refused([&] { return Report(Monthly(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 2023, 12, 10)); }, bad,
          "month: 2023-12 is outside the plan years");
  Refused([&] { return Report(Monthly(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 2099, 1, 10)); }, bad,
          "month: 2099-01");
  Refused([&] { return Report(Monthly(static_cast<v1::SocialIndicator>(42), 2024, 2, 1)); }, bad,
          "indicator");
  Refused([&] { return Report(Monthly(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 2024, 2, 1, "")); },
          bad, "reported_by");
  auto district = Monthly(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, 2024, 2, 1);
  district.set_district("410100");
  Refused([&] { return Report(district); }, bad, "district");
  Refused([&] { return Report(Talent(v1::TALENT_CATEGORY_BACKBONE_TEACHER, D(2024, 9, 1), -2)); },
          bad, "count: -2");
  Refused([&] { return Report(Talent(v1::TALENT_CATEGORY_BACKBONE_TEACHER, D(2023, 9, 1), 2)); },
          bad, "date: 2023-09-01 is outside the plan years");
  Refused([&] { return Report(Coverage(v1::INSURANCE_SCHEME_BASIC_PENSION, 2024, 6, 101, 100)); },
          bad, "insured");
  Refused([&] { return Report(Coverage(v1::INSURANCE_SCHEME_BASIC_PENSION, 2024, 6, -1, 100)); },
          bad, "insured");
  Refused([&] { return Report(Coverage(v1::INSURANCE_SCHEME_BASIC_PENSION, 2024, 6, 0, 0)); }, bad,
          "eligible");
  Refused([&] { return Report(Coverage(v1::INSURANCE_SCHEME_UNSPECIFIED, 2024, 6, 1, 2)); }, bad,
          "scheme");
  // The stored figure is untouched.
  EXPECT_EQ(Metrics(D(2024, 1, 31))["social.new_urban_jobs"].count(), 10);
}

TEST_F(SocialWritesTest, BadFacilitiesAndEventsAreRefusedAndWriteNothing) {
  const auto bad = grpc::StatusCode::INVALID_ARGUMENT;
  auto f = NewFacility("S 1", "学校", v1::FACILITY_KIND_SCHOOL);
  Refused([&] { return Create(f); }, bad, "facility.facility_id");
  f = NewFacility("S1", "", v1::FACILITY_KIND_SCHOOL);
  Refused([&] { return Create(f); }, bad, "facility.title_zh");
  f = NewFacility("S1", "学校", v1::FACILITY_KIND_SCHOOL);
  f.mutable_facility()->add_steps()->set_stage(v1::FACILITY_STAGE_DELIVERED);
  Refused([&] { return Create(f); }, bad, "facility.steps");
  v1::Event e = Cultural("C-1", D(2024, 3, 1), v1::CULTURAL_EVENT_TYPE_UNSPECIFIED);
  Refused([&] { return Create(CreateOf(e)); }, bad, "event.cultural_type");
  e = JobFair("JF-1", D(2023, 12, 1), 10);
  Refused([&] { return Create(CreateOf(e)); }, bad, "event.start_date");
  e = JobFair("JF-1", D(2099, 1, 1), 10);
  Refused([&] { return Create(CreateOf(e)); }, bad, "event.start_date");
  v1::BatchCreateEventsRequest b;
  b.set_district(kDistrict);
  b.set_reported_by("区文化广电和旅游局");
  Refused([&] { return Batch(b); }, bad, "events: 0 events");
  *b.add_events() = Cultural("C-1", D(2024, 3, 1), v1::CULTURAL_EVENT_TYPE_SQUARE_DANCE);
  b.mutable_events(0)->set_district("410102");
  Refused([&] { return Batch(b); }, bad, "events[0].district");
  b.mutable_events(0)->set_district(std::string(5000, 'x'));  // quoted short, not echoed
  Refused([&] { return Batch(b); }, bad, "events[0].district: \"xxxx");
  v1::GetMonthlyFigureRequest bad_name;
  bad_name.set_name(std::string(5000, 'x'));
  v1::MonthlyFigure figure;
  const grpc::Status unknown =
      stub().GetMonthlyFigure(ContextWithDeadline().get(), bad_name, &figure);
  EXPECT_EQ(unknown.error_code(), bad);
  EXPECT_EQ(unknown.error_message().rfind("name: ", 0), 0u) << unknown.error_message();
  EXPECT_LT(unknown.error_message().size(), 250u) << unknown.error_message();
  v1::GetMetricsRequest m;
  m.set_district(kDistrict);
  *m.mutable_as_of() = D(2024, 6, 30);
  m.add_keys("social.nope");
  v1::GetMetricsResponse resp;
  EXPECT_EQ(stub().GetMetrics(ContextWithDeadline().get(), m, &resp).error_code(), bad);
}

}  // namespace
}  // namespace devplan::social::testing
