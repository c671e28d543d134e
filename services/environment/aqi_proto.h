// Translation between the pure AQI library (rules/aqi.h, namespace env) and devplan.v1
// messages. No standard is applied here: every number comes from the library.
#pragma once

#include <optional>
#include <string>

#include "devplan/v1/environment.pb.h"
#include "services/environment/rules/aqi.h"

namespace devplan::environment {

v1::AirPollutant ToProto(env::Pollutant pollutant);
v1::AqiEdition ToProto(env::Edition edition);
v1::AqiCategory CategoryToProto(int category_number);  // 1..6 (HJ 633 Table 2)
v1::AqiValidity ToProto(env::AqiValidity validity);

env::DailyConcentrations FromProto(const v1::DailyConcentrations& c);
v1::DailyConcentrations ToProto(const env::DailyConcentrations& c);

// The library's result as the API's assessment. kBadInput has no proto value: callers
// validate concentrations first (ComputeAqi refuses them as INVALID_ARGUMENT).
v1::AqiAssessment ToProto(const env::AqiResult& result);

// Bulletin codes ("PM2.5", "O3_8H", …) as in DailyAqi.primary_pollutants.
std::optional<v1::AirPollutant> PollutantFromBulletinCode(const std::string& code);

// A bulletin value as an assessment: valid, edition by date, category from the AQI.
v1::AqiAssessment BulletinAssessment(const v1::DailyAqi& bulletin);

}  // namespace devplan::environment
