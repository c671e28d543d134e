#include "services/environment/aqi_proto.h"

#include <map>

#include "services/environment/rules/aqi_tables.h"

namespace devplan::environment {
namespace {

void Set(std::optional<double> v, void (v1::DailyConcentrations::*setter)(double),
         v1::DailyConcentrations& out) {
  if (v.has_value()) (out.*setter)(*v);
}

}  // namespace

v1::AirPollutant ToProto(env::Pollutant pollutant) {
  switch (pollutant) {
    case env::Pollutant::kSo2: return v1::AIR_POLLUTANT_SO2;
    case env::Pollutant::kNo2: return v1::AIR_POLLUTANT_NO2;
    case env::Pollutant::kPm10: return v1::AIR_POLLUTANT_PM10;
    case env::Pollutant::kPm25: return v1::AIR_POLLUTANT_PM25;
    case env::Pollutant::kCo: return v1::AIR_POLLUTANT_CO;
    case env::Pollutant::kO3_1h: return v1::AIR_POLLUTANT_O3_1H;
    case env::Pollutant::kO3_8h: return v1::AIR_POLLUTANT_O3_8H;
  }
  return v1::AIR_POLLUTANT_UNSPECIFIED;
}

v1::AqiEdition ToProto(env::Edition edition) {
  return edition == env::Edition::kHj633_2026 ? v1::AQI_EDITION_HJ633_2026
                                              : v1::AQI_EDITION_HJ633_2012;
}

v1::AqiCategory CategoryToProto(int category_number) {
  if (category_number < 1 || category_number > 6) return v1::AQI_CATEGORY_UNSPECIFIED;
  return static_cast<v1::AqiCategory>(category_number);  // enum values follow Table 2
}

v1::AqiValidity ToProto(env::AqiValidity validity) {
  switch (validity) {
    case env::AqiValidity::kValid: return v1::AQI_VALIDITY_VALID;
    case env::AqiValidity::kMissingPollutant: return v1::AQI_VALIDITY_MISSING_POLLUTANT;
    case env::AqiValidity::kNotPublishable: return v1::AQI_VALIDITY_NOT_PUBLISHABLE;
    case env::AqiValidity::kNoData: return v1::AQI_VALIDITY_NO_DATA;
    case env::AqiValidity::kBadInput: return v1::AQI_VALIDITY_UNSPECIFIED;
  }
  return v1::AQI_VALIDITY_UNSPECIFIED;
}

env::DailyConcentrations FromProto(const v1::DailyConcentrations& c) {
  env::DailyConcentrations out;
  if (c.has_so2()) out.so2 = c.so2();
  if (c.has_no2()) out.no2 = c.no2();
  if (c.has_pm10()) out.pm10 = c.pm10();
  if (c.has_pm25()) out.pm25 = c.pm25();
  if (c.has_co()) out.co = c.co();
  if (c.has_o3_1h_max()) out.o3_1h_max = c.o3_1h_max();
  if (c.has_o3_8h_max()) out.o3_8h_max = c.o3_8h_max();
  return out;
}

v1::DailyConcentrations ToProto(const env::DailyConcentrations& c) {
  v1::DailyConcentrations out;
  Set(c.so2, &v1::DailyConcentrations::set_so2, out);
  Set(c.no2, &v1::DailyConcentrations::set_no2, out);
  Set(c.pm10, &v1::DailyConcentrations::set_pm10, out);
  Set(c.pm25, &v1::DailyConcentrations::set_pm25, out);
  Set(c.co, &v1::DailyConcentrations::set_co, out);
  Set(c.o3_1h_max, &v1::DailyConcentrations::set_o3_1h_max, out);
  Set(c.o3_8h_max, &v1::DailyConcentrations::set_o3_8h_max, out);
  return out;
}

v1::AqiAssessment ToProto(const env::AqiResult& result) {
  v1::AqiAssessment a;
  a.set_edition(ToProto(result.edition));
  a.set_edition_name(std::string(env::EditionName(result.edition)));
  a.set_validity(ToProto(result.validity));
  a.set_validity_reason(result.reason);
  if (result.aqi.has_value()) a.set_aqi(*result.aqi);
  if (result.category.has_value()) {
    a.set_category(CategoryToProto(result.category->number));
    a.set_category_zh(std::string(result.category->name_zh));
  }
  for (env::Pollutant p : result.primary_pollutants) a.add_primary_pollutants(ToProto(p));
  for (const env::PollutantIaqi& item : result.iaqis) {
    v1::PollutantIaqi* out = a.add_iaqis();
    out->set_pollutant(ToProto(item.pollutant));
    out->set_concentration(item.concentration);
    out->set_assessed_concentration(item.iaqi.assessed_concentration);
    if (item.iaqi.value.has_value()) out->set_iaqi(*item.iaqi.value);
    out->set_beyond_range(item.iaqi.beyond_range);
    out->set_set_by_rule(item.iaqi.set_by_rule);
  }
  for (env::Pollutant p : result.missing) a.add_missing(ToProto(p));
  if (result.provisional_aqi.has_value()) a.set_provisional_aqi(*result.provisional_aqi);
  a.set_beyond_range(result.beyond_range);
  return a;
}

std::optional<v1::AirPollutant> PollutantFromBulletinCode(const std::string& code) {
  static const auto* kCodes = new std::map<std::string, v1::AirPollutant>{
      {"SO2", v1::AIR_POLLUTANT_SO2},     {"NO2", v1::AIR_POLLUTANT_NO2},
      {"PM10", v1::AIR_POLLUTANT_PM10},   {"PM2.5", v1::AIR_POLLUTANT_PM25},
      {"CO", v1::AIR_POLLUTANT_CO},       {"O3_1H", v1::AIR_POLLUTANT_O3_1H},
      {"O3_8H", v1::AIR_POLLUTANT_O3_8H},
  };
  auto it = kCodes->find(code);
  if (it == kCodes->end()) return std::nullopt;
  return it->second;
}


v1::AqiAssessment BulletinAssessment(const v1::DailyAqi& bulletin) {
  const absl::CivilDay day(bulletin.date().year(), bulletin.date().month(),
                           bulletin.date().day());
  const env::Edition edition = env::EditionForDate(day);
  v1::AqiAssessment a;
  a.set_edition(ToProto(edition));
  a.set_edition_name(std::string(env::EditionName(edition)));
  a.set_validity(v1::AQI_VALIDITY_VALID);
  a.set_aqi(bulletin.aqi());
  const env::AqiCategory& category = env::CategoryForAqi(bulletin.aqi());
  a.set_category(CategoryToProto(category.number));
  a.set_category_zh(std::string(category.name_zh));
  for (const std::string& code : bulletin.primary_pollutants()) {
    if (auto p = PollutantFromBulletinCode(code)) a.add_primary_pollutants(*p);
  }
  return a;
}

}  // namespace devplan::environment
