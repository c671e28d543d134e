#include "services/environment/rules/aqi.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace devplan::env {
namespace {

// "Round up" (HJ 633-2012 §6.2, 2026 §4.2.6) applied to a double would turn
// float noise such as 55.0000000000000044 (from CO 2.2 mg/m³) into 56.
// Hourly data come at 0.1 µg/m³ (CO 0.001 mg/m³) or coarser; even averaged
// over 24 hours a real step moves an IAQI by far more than 1e-6 in every band,
// so anything closer than this to an integer is that integer.
constexpr double kIaqiRoundUpTolerance = 1e-6;

// Same idea for "is the concentration above a limit": a mean of hourly
// values that should be exactly 800 may come out as 800.0000000001.
bool Exceeds(double value, double limit) {
  return value - limit > 1e-9 * std::max(1.0, std::abs(limit));
}

int RoundUp(double raw_iaqi) {
  return static_cast<int>(std::ceil(raw_iaqi - kIaqiRoundUpTolerance));
}

constexpr std::array<Pollutant, 7> kItems2012 = {
    Pollutant::kSo2,  Pollutant::kNo2,   Pollutant::kPm10,  Pollutant::kPm25,
    Pollutant::kCo,   Pollutant::kO3_1h, Pollutant::kO3_8h,
};
constexpr std::array<Pollutant, 6> kItems2026 = {
    Pollutant::kSo2, Pollutant::kNo2, Pollutant::kPm10,
    Pollutant::kPm25, Pollutant::kCo, Pollutant::kO3_8h,
};

// Debian's abseil is built with its own string_view, which AlphaNum does not
// accept from std::string_view.
absl::string_view ToAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

bool IsCo(Column column) {
  return column == Column::kCo_24h || column == Column::kCo_1h;
}

std::string JoinPollutants(const std::vector<Pollutant>& pollutants) {
  return absl::StrJoin(pollutants, ", ", [](std::string* out, Pollutant p) {
    absl::StrAppend(out, ToAbsl(PollutantName(p)));
  });
}

}  // namespace

Edition EditionForDate(absl::CivilDay day) {
  return day < kHj633_2026FirstDay ? Edition::kHj633_2012
                                   : Edition::kHj633_2026;
}

std::string_view EditionName(Edition edition) {
  return edition == Edition::kHj633_2026 ? "HJ 633-2026" : "HJ 633-2012";
}

std::string_view PollutantName(Pollutant pollutant) {
  switch (pollutant) {
    case Pollutant::kSo2:
      return "SO2";
    case Pollutant::kNo2:
      return "NO2";
    case Pollutant::kPm10:
      return "PM10";
    case Pollutant::kPm25:
      return "PM2.5";
    case Pollutant::kCo:
      return "CO";
    case Pollutant::kO3_1h:
      return "O3_1h";
    case Pollutant::kO3_8h:
      return "O3_8h";
  }
  return "?";
}

Column DailyColumn(Pollutant pollutant) {
  switch (pollutant) {
    case Pollutant::kSo2:
      return Column::kSo2_24h;
    case Pollutant::kNo2:
      return Column::kNo2_24h;
    case Pollutant::kPm10:
      return Column::kPm10_24h;
    case Pollutant::kPm25:
      return Column::kPm25_24h;
    case Pollutant::kCo:
      return Column::kCo_24h;
    case Pollutant::kO3_1h:
      return Column::kO3_1h;
    case Pollutant::kO3_8h:
      return Column::kO3_8h;
  }
  return Column::kSo2_24h;
}

std::optional<double> ConcentrationOf(const DailyConcentrations& day,
                                      Pollutant pollutant) {
  switch (pollutant) {
    case Pollutant::kSo2:
      return day.so2;
    case Pollutant::kNo2:
      return day.no2;
    case Pollutant::kPm10:
      return day.pm10;
    case Pollutant::kPm25:
      return day.pm25;
    case Pollutant::kCo:
      return day.co;
    case Pollutant::kO3_1h:
      return day.o3_1h_max;
    case Pollutant::kO3_8h:
      return day.o3_8h_max;
  }
  return std::nullopt;
}

std::span<const Pollutant> RequiredPollutants(Edition edition) {
  if (edition == Edition::kHj633_2026) return kItems2026;
  return kItems2012;
}

double RoundHalfEven(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const double scaled = value * scale;
  // From 2^52 on a double has no fraction left to round, and near the top of its range the
  // scaling alone would overflow to infinity (a finite concentration assessed as inf).
  if (!(std::abs(scaled) < 0x1p52)) return value;
  const double floor = std::floor(scaled);
  const double fraction = scaled - floor;
  double rounded;
  // A decimal half such as 1.45 is stored as 1.4499999999999999556; judge it
  // as the half it was written as.
  if (std::abs(fraction - 0.5) < 1e-9) {
    rounded = std::fmod(floor, 2.0) == 0.0 ? floor : floor + 1.0;
  } else {
    rounded = fraction < 0.5 ? floor : floor + 1.0;
  }
  return rounded / scale;
}

double AssessedConcentration(Column column, double concentration,
                             Edition edition) {
  if (edition != Edition::kHj633_2026) return concentration;
  return RoundHalfEven(concentration, IsCo(column) ? 1 : 0);
}

absl::StatusOr<Iaqi> ComputeIaqi(Column column, double concentration,
                                 Edition edition) {
  if (!std::isfinite(concentration) || concentration < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("concentration must be finite and >= 0, got ",
                     concentration));
  }
  Iaqi out;
  const double c = AssessedConcentration(column, concentration, edition);
  out.assessed_concentration = c;

  const bool so2_rule =
      column == Column::kSo2_1h && Exceeds(c, kSo2_1hRuleThreshold);
  const bool o3_rule =
      column == Column::kO3_8h && Exceeds(c, kO3_8hRuleThreshold);
  if (so2_rule || o3_rule) {
    if (edition == Edition::kHj633_2026) {
      out.value = so2_rule ? kSo2_1hIaqiAboveThreshold2026
                           : kO3_8hIaqiAboveThreshold2026;
      out.set_by_rule = true;
    }
    // HJ 633-2012: not computed; the caller substitutes the 24h SO2 or the
    // O3 1h IAQI, which ComputeDailyAqi does by simply leaving it out.
    return out;
  }

  const BreakpointColumn& col = Breakpoints(column, edition);
  const double top = col.bp[col.defined - 1];
  if (Exceeds(c, top)) {
    out.value = kMaxIaqi;
    out.beyond_range = true;
    return out;
  }
  for (int i = 1; i < col.defined; ++i) {
    if (c <= col.bp[i] || i == col.defined - 1) {
      const double bp_lo = col.bp[i - 1];
      const double bp_hi = col.bp[i];
      const double iaqi_lo = kIaqiAtBreakpoint[i - 1];
      const double iaqi_hi = kIaqiAtBreakpoint[i];
      // Multiply before dividing: fewer rounding steps on exact inputs.
      const double raw =
          (iaqi_hi - iaqi_lo) * (c - bp_lo) / (bp_hi - bp_lo) + iaqi_lo;
      out.value = std::clamp(RoundUp(raw), 0, kMaxIaqi);
      return out;
    }
  }
  return out;  // unreachable: every column has at least two breakpoints
}

const AqiCategory& CategoryForAqi(int aqi) {
  for (const AqiCategory& category : kAqiCategories) {
    if (aqi <= category.max_aqi) return category;
  }
  return kAqiCategories.back();
}

AqiResult ComputeDailyAqi(const DailyConcentrations& day, Edition edition) {
  AqiResult result;
  result.edition = edition;

  for (Pollutant p : RequiredPollutants(edition)) {
    const std::optional<double> c = ConcentrationOf(day, p);
    if (!c.has_value()) {
      result.missing.push_back(p);
      continue;
    }
    absl::StatusOr<Iaqi> iaqi = ComputeIaqi(DailyColumn(p), *c, edition);
    if (!iaqi.ok()) {
      result.validity = AqiValidity::kBadInput;
      result.reason =
          absl::StrCat(ToAbsl(PollutantName(p)), ": ",
                       iaqi.status().message());
      return result;
    }
    result.beyond_range = result.beyond_range || iaqi->beyond_range;
    result.iaqis.push_back({p, *c, *iaqi});
  }

  std::optional<int> max_iaqi;
  for (const PollutantIaqi& item : result.iaqis) {
    if (item.iaqi.value.has_value()) {
      max_iaqi = std::max(max_iaqi.value_or(0), *item.iaqi.value);
    }
  }
  if (!max_iaqi.has_value()) {
    result.validity = AqiValidity::kNoData;
    result.reason = "no pollutant has a value";
    return result;
  }
  if (edition == Edition::kHj633_2026) {
    max_iaqi = std::max(*max_iaqi, kMinAqi2026);
  }
  result.provisional_aqi = max_iaqi;

  if (!result.missing.empty()) {
    if (edition == Edition::kHj633_2012) {
      // HJ 633-2012 has no rule for a partial day. We still compute the
      // maximum (for diagnostics) but do not let the day count: a missing
      // item could only raise the AQI, so counting it could overstate good
      // days.
      result.validity = AqiValidity::kMissingPollutant;
      result.reason = absl::StrCat("missing: ", JoinPollutants(result.missing));
      return result;
    }
    // HJ 633-2026 §5.3.1: the other items already exceed 100, so the missing
    // one cannot change the day's category below "polluted"; publish.
    if (*max_iaqi <= kPublishWithMissingMinAqiExclusive2026) {
      result.validity = AqiValidity::kNotPublishable;
      result.reason = absl::StrCat("missing: ", JoinPollutants(result.missing),
                                   "; AQI of the others <= 100 (NA)");
      return result;
    }
  }

  result.validity = AqiValidity::kValid;
  result.aqi = max_iaqi;
  result.category = CategoryForAqi(*max_iaqi);
  if (*max_iaqi > kPrimaryPollutantMinAqiExclusive) {
    for (const PollutantIaqi& item : result.iaqis) {
      if (item.iaqi.value == max_iaqi) {
        result.primary_pollutants.push_back(item.pollutant);
      }
    }
  }
  return result;
}

AqiResult ComputeDailyAqi(const DailyConcentrations& day,
                          absl::CivilDay date) {
  return ComputeDailyAqi(day, EditionForDate(date));
}

bool IsGoodDay(const AqiResult& result) {
  return result.valid() && result.aqi.has_value() &&
         *result.aqi <= kGoodDayMaxAqi;
}

}  // namespace devplan::env
