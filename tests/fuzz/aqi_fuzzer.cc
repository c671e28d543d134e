// fuzz_aqi: bytes → a devplan.v1.ComputeAqiRequest → ValidateComputeAqi → ComputeDailyAqi →
// the AqiAssessment ComputeAqi answers (the same computation every stored air day goes
// through, air_day.cc).
// Invariants: a refusal is INVALID_ARGUMENT with a bounded, UTF-8 message; for a request that
// passes, the result is never "bad input", every number in the answer is finite (assessed
// concentrations too), every IAQI and the AQI are 0..500, a valid day has a category and
// names primary pollutants exactly when its AQI is above 50, and they are the items at the
// AQI; an invalid day has no AQI.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "services/environment/air_rules.h"
#include "services/environment/aqi_proto.h"
#include "services/environment/rules/aqi.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

namespace v1 = devplan::v1;
namespace env = devplan::env;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  devplan::fuzz::SilenceLibraryLogs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  v1::ComputeAqiRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return 0;
  if (absl::Status s = devplan::environment::ValidateComputeAqi(request); !s.ok()) {
    DEVPLAN_FUZZ_CHECK(s.code() == absl::StatusCode::kInvalidArgument, s.ToString());
    devplan::fuzz::CheckMessage(s.message());
    return 0;
  }
  const absl::CivilDay day(request.date().year(), request.date().month(), request.date().day());
  const env::AqiResult result =
      env::ComputeDailyAqi(devplan::environment::FromProto(request.concentrations()), day);
  DEVPLAN_FUZZ_CHECK(result.validity != env::AqiValidity::kBadInput, result.reason);
  devplan::fuzz::CheckMessage(result.reason);

  const v1::AqiAssessment a = devplan::environment::ToProto(result);
  for (const v1::PollutantIaqi& item : a.iaqis()) {
    DEVPLAN_FUZZ_CHECK(std::isfinite(item.concentration()) && item.concentration() >= 0,
                       item.DebugString());
    DEVPLAN_FUZZ_CHECK(std::isfinite(item.assessed_concentration()) &&
                           item.assessed_concentration() >= 0,
                       item.DebugString());
    DEVPLAN_FUZZ_CHECK(!item.has_iaqi() || (item.iaqi() >= 0 && item.iaqi() <= env::kMaxIaqi),
                       item.DebugString());
  }
  if (a.has_provisional_aqi()) {
    DEVPLAN_FUZZ_CHECK(a.provisional_aqi() >= 0 && a.provisional_aqi() <= env::kMaxIaqi,
                       a.DebugString());
  }
  if (!result.valid()) {
    DEVPLAN_FUZZ_CHECK(!a.has_aqi() && a.primary_pollutants().empty(), a.DebugString());
    return 0;
  }
  DEVPLAN_FUZZ_CHECK(a.has_aqi() && a.aqi() >= 0 && a.aqi() <= env::kMaxIaqi, a.DebugString());
  DEVPLAN_FUZZ_CHECK(a.category() != v1::AQI_CATEGORY_UNSPECIFIED, a.DebugString());
  DEVPLAN_FUZZ_CHECK(
      a.primary_pollutants().empty() == (a.aqi() <= env::kPrimaryPollutantMinAqiExclusive),
      a.DebugString());
  for (int p : a.primary_pollutants()) {
    bool at_aqi = false;
    for (const v1::PollutantIaqi& item : a.iaqis()) {
      at_aqi = at_aqi || (item.pollutant() == p && item.has_iaqi() && item.iaqi() == a.aqi());
    }
    DEVPLAN_FUZZ_CHECK(at_aqi, a.DebugString());
  }
  // RoundHalfEven, the rounding every published mean goes through, on each given value.
  for (const v1::PollutantIaqi& item : a.iaqis()) {
    for (int decimals : {0, 1}) {
      const double r = env::RoundHalfEven(item.concentration(), decimals);
      DEVPLAN_FUZZ_CHECK(std::isfinite(r), absl::StrCat(item.concentration(), " → ", r));
    }
  }
  return 0;
}
