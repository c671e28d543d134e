#include "tests/aggregator/service/plan_fixtures.h"

#include <gtest/gtest.h>

#include "services/common/dates.h"

namespace devplan::testing {

v1::Indicator Cumulative(const std::string& id, v1::Area area, double target,
                         const std::string& service, const std::string& key) {
  v1::Indicator i;
  i.set_id(id);
  i.set_name_zh(id);
  i.set_area(area);
  i.set_comparator(v1::COMPARATOR_CUMULATIVE_AT_LEAST);
  i.set_target(target);
  i.set_unit(v1::UNIT_COUNT);
  i.mutable_source()->set_service(service);
  i.mutable_source()->set_key(key);
  return i;
}

v1::Plan TestPlan(const std::string& district) {
  v1::Plan p;
  p.set_district(district);
  p.set_district_name_zh("惠济区");
  p.set_year(2024);
  *p.add_indicators() = Cumulative("soc.new_urban_jobs", v1::AREA_LIVELIHOOD, 2000, "social",
                                   "social.new_urban_jobs");
  *p.add_indicators() = Cumulative("eco.air_good_days", v1::AREA_ECOLOGY, 226, "environment",
                                   "environment.air_good_days");
  p.mutable_indicators(1)->set_unit(v1::UNIT_DAYS);
  return p;
}

v1::PutPlanRequest PutRequest(v1::Plan plan, std::string request_id) {
  v1::PutPlanRequest r;
  *r.mutable_plan() = std::move(plan);
  r.set_request_id(std::move(request_id));
  return r;
}

void ReportJobs(SuiteFixture& s, int month, int value, const std::string& district, int year) {
  v1::ReportMonthlyFigureRequest r;
  r.set_district(district);
  r.set_indicator(v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS);
  *r.mutable_month() = D(year, month, 1);
  r.set_value(value);
  r.set_reported_by("区人社局");
  ASSERT_TRUE(s.social().DoReportMonthlyFigure(r).ok());
}

v1::Scorecard CardAsOf(SuiteFixture& s, const v1::Date& as_of) {
  v1::GetScorecardRequest req;
  req.set_district("410108");
  *req.mutable_as_of() = as_of;
  absl::StatusOr<v1::Scorecard> card = s.scorecard().DoGetScorecard(req);
  EXPECT_TRUE(card.ok()) << card.status();
  return card.ok() ? *std::move(card) : v1::Scorecard();
}

const v1::IndicatorResult& Find(const v1::Scorecard& card, const std::string& id) {
  for (const auto& i : card.indicators()) {
    if (i.id() == id) return i;
  }
  ADD_FAILURE() << "no indicator " << id;
  static const v1::IndicatorResult none;
  return none;
}

}  // namespace devplan::testing
