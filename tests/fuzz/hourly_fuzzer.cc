// fuzz_hourly: bytes → the two first messages of a StreamHourlyReadings stream (or one
// SubmitHourlyReadings request) → the checks every hourly reading goes through before it is
// stored: ValidateReadingsHeader on the first message, HeaderMismatch on the second, and
// RefuseReading on each reading of both.
// Input: a 2-byte little-endian length n, n bytes of the first message, the second message.
// Invariants: every refusal and error is a bounded, UTF-8 message; a reading taken has a
// registered station, a day of the header's year, an hour 0..23 that has ended, and at least
// one concentration, each finite, >= 0 and at most its plausible maximum.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/environment/air_rules.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

namespace v1 = devplan::v1;
namespace env = devplan::environment;

// The stations of the seed corpus' readings, as if registered with CreateStation.
const std::set<std::string>& Stations() {
  static const auto* stations = new std::set<std::string>{"S-001", "S-002", "HJ-01"};
  return *stations;
}

// As NowHourInChina() would answer on 1 July 2024, 10:00, so an input means the same on
// every run.
const absl::CivilHour kNow(2024, 7, 1, 10);

void CheckValue(bool present, double value, double max, const char* field) {
  if (!present) return;
  DEVPLAN_FUZZ_CHECK(std::isfinite(value) && value >= 0 && value <= max,
                     absl::StrCat(field, " ", value));
}

void CheckReadings(const v1::SubmitHourlyReadingsRequest& message, int year,
                   const std::optional<std::string>& mismatch) {
  for (const v1::HourlyReading& r : message.readings()) {
    const std::optional<std::string> refusal =
        mismatch ? mismatch : env::RefuseReading(r, year, Stations(), kNow);
    if (refusal) {
      devplan::fuzz::CheckMessage(*refusal);
      continue;
    }
    DEVPLAN_FUZZ_CHECK(Stations().contains(r.station_id()), r.station_id());
    DEVPLAN_FUZZ_CHECK(r.date().year() == year, std::to_string(r.date().year()));
    DEVPLAN_FUZZ_CHECK(r.hour() >= 0 && r.hour() <= 23, std::to_string(r.hour()));
    const absl::CivilHour hour =
        absl::CivilHour(absl::CivilDay(r.date().year(), r.date().month(), r.date().day())) +
        r.hour();
    DEVPLAN_FUZZ_CHECK(hour + 1 <= kNow, absl::FormatCivilTime(hour));
    const v1::HourlyConcentrations& c = r.concentrations();
    DEVPLAN_FUZZ_CHECK(c.has_pm25() || c.has_pm10() || c.has_so2() || c.has_no2() || c.has_o3() ||
                           c.has_co(),
                       c.DebugString());
    CheckValue(c.has_pm25(), c.pm25(), env::kMaxHourlyPm25UgM3, "pm25");
    CheckValue(c.has_pm10(), c.pm10(), env::kMaxHourlyPm10UgM3, "pm10");
    CheckValue(c.has_so2(), c.so2(), env::kMaxHourlySo2UgM3, "so2");
    CheckValue(c.has_no2(), c.no2(), env::kMaxHourlyNo2UgM3, "no2");
    CheckValue(c.has_o3(), c.o3(), env::kMaxHourlyO3UgM3, "o3");
    CheckValue(c.has_co(), c.co(), env::kMaxHourlyCoMgM3, "co");
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  devplan::fuzz::SilenceLibraryLogs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t first_size = std::min<size_t>(data[0] | (data[1] << 8), size - 2);
  v1::SubmitHourlyReadingsRequest first, second;
  if (!first.ParseFromArray(data + 2, static_cast<int>(first_size))) return 0;
  const bool has_second = second.ParseFromArray(data + 2 + first_size,
                                                static_cast<int>(size - 2 - first_size));

  if (absl::Status header = env::ValidateReadingsHeader(first); !header.ok()) {
    DEVPLAN_FUZZ_CHECK(header.code() == absl::StatusCode::kInvalidArgument, header.ToString());
    devplan::fuzz::CheckMessage(header.message());
    return 0;
  }
  CheckReadings(first, first.year(), std::nullopt);
  if (has_second) CheckReadings(second, first.year(), env::HeaderMismatch(first, second));
  return 0;
}
