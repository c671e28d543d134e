// Small plans and writes the aggregator's tests share.
#pragma once

#include <string>

#include "devplan/v1/scorecard.pb.h"
#include "tests/support/suite_fixture.h"
#include "tests/support/proto_date.h"

namespace devplan::testing {

v1::Indicator Cumulative(const std::string& id, v1::Area area, double target,
                         const std::string& service, const std::string& key);
// Huiji 2024 with two indicators: new urban jobs (social) and good days (environment).
v1::Plan TestPlan(const std::string& district = "410108");
v1::PutPlanRequest PutRequest(v1::Plan plan, std::string request_id);
// Reports `value` new urban jobs for a 2024 month, as 区人社局.
// New urban jobs reported for `month` of `year` by 区人社局 (fails the test on refusal).
void ReportJobs(SuiteFixture& s, int month, int value, const std::string& district = "410108",
                int year = 2024);
// The card of 410108 as of `as_of`, straight from the service (fails the test on refusal).
v1::Scorecard CardAsOf(SuiteFixture& s, const v1::Date& as_of);
const v1::IndicatorResult& Find(const v1::Scorecard& card, const std::string& id);

}  // namespace devplan::testing
