#include "services/environment/water_rules.h"

#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/dates.h"
#include "services/common/district.h"
#include "services/common/resource_name.h"
#include "services/common/validation.h"
#include "services/environment/rules/black_odorous.h"
#include "services/environment/rules/surface_water_class.h"

namespace devplan::environment {
namespace {

constexpr int kMaxSamplingPoints = 64;

absl::CivilDay DayOf(const v1::Date& d) { return absl::CivilDay(d.year(), d.month(), d.day()); }

std::optional<double> Opt(bool has, double v) { return has ? std::optional<double>(v) : std::nullopt; }

env::BlackOdorSample ToBlackOdorSample(const v1::WaterSample& s) {
  env::BlackOdorSample out;
  out.transparency_cm = Opt(s.has_transparency_cm(), s.transparency_cm());
  out.dissolved_oxygen_mg_l = Opt(s.has_dissolved_oxygen_mg_l(), s.dissolved_oxygen_mg_l());
  out.orp_mv = Opt(s.has_orp_mv(), s.orp_mv());
  out.ammonia_nitrogen_mg_l = Opt(s.has_ammonia_nitrogen_mg_l(), s.ammonia_nitrogen_mg_l());
  out.water_depth_cm = Opt(s.has_water_depth_cm(), s.water_depth_cm());
  return out;
}

bool HasBlackOdorIndicator(const v1::WaterSample& s) {
  return s.has_transparency_cm() || s.has_dissolved_oxygen_mg_l() || s.has_orp_mv() ||
         s.has_ammonia_nitrogen_mg_l();
}

env::SurfaceWaterSample ToSurfaceSample(const v1::WaterBody& body, const v1::WaterSample& s) {
  env::SurfaceWaterSample out;
  out.kind = body.kind() == v1::WATER_BODY_KIND_LAKE_OR_RESERVOIR
                 ? env::WaterBodyKind::kLakeOrReservoir
                 : env::WaterBodyKind::kRiver;
  out.dissolved_oxygen = Opt(s.has_dissolved_oxygen_mg_l(), s.dissolved_oxygen_mg_l());
  out.codmn = Opt(s.has_codmn_mg_l(), s.codmn_mg_l());
  out.cod = Opt(s.has_cod_mg_l(), s.cod_mg_l());
  out.bod5 = Opt(s.has_bod5_mg_l(), s.bod5_mg_l());
  out.ammonia_nitrogen = Opt(s.has_ammonia_nitrogen_mg_l(), s.ammonia_nitrogen_mg_l());
  out.total_phosphorus = Opt(s.has_total_phosphorus_mg_l(), s.total_phosphorus_mg_l());
  return out;
}

v1::BlackOdorLevel ToProto(env::BlackOdorLevel level) {
  switch (level) {
    case env::BlackOdorLevel::kNone: return v1::BLACK_ODOR_LEVEL_NONE;
    case env::BlackOdorLevel::kLight: return v1::BLACK_ODOR_LEVEL_LIGHT;
    case env::BlackOdorLevel::kHeavy: return v1::BLACK_ODOR_LEVEL_HEAVY;
  }
  return v1::BLACK_ODOR_LEVEL_UNSPECIFIED;
}

v1::WaterQualityClass ToProto(env::WaterClass c) {
  return static_cast<v1::WaterQualityClass>(static_cast<int>(c));  // I..劣V = 1..6 in both
}

absl::Status CheckValue(bool has, double v, const char* field, bool may_be_negative) {
  if (!has) return absl::OkStatus();
  if (!std::isfinite(v)) return absl::InvalidArgumentError(absl::StrCat("sample.", field, ": not a number"));
  if (!may_be_negative && v < 0) {
    return absl::InvalidArgumentError(absl::StrCat("sample.", field, ": ", v, " is negative"));
  }
  return absl::OkStatus();
}

bool IsGroundwaterSource(const v1::WaterBody& body) {
  return body.drinking_water_source() && body.kind() == v1::WATER_BODY_KIND_GROUNDWATER;
}

}  // namespace

std::string WaterBodyName(const std::string& district, const std::string& id) {
  return absl::StrCat("districts/", district, "/waterBodies/", id);
}

std::string WaterSampleName(const std::string& district, const std::string& body_id,
                            const std::string& point_id, absl::CivilDay day) {
  return absl::StrCat(WaterBodyName(district, body_id), "/points/", point_id, "/samples/",
                      DayKey(day));
}

absl::Status ValidateWaterBody(const v1::WaterBody& b, absl::CivilDay today) {
  RETURN_IF_ERROR(ValidateId(b.water_body_id(), "water_body.water_body_id"));
  RETURN_IF_ERROR(ValidateDistrict(b.district(), "water_body.district"));
  RETURN_IF_ERROR(ValidateRequiredText(b.title_zh(), "water_body.title_zh", kMaxTitleBytes));
  RETURN_IF_ERROR(ValidateText(b.title_en(), "water_body.title_en", kMaxTitleBytes));
  if (b.kind() == v1::WATER_BODY_KIND_UNSPECIFIED || !v1::WaterBodyKind_IsValid(b.kind())) {
    return absl::InvalidArgumentError("water_body.kind: required");
  }
  if (b.black_odorous_listed()) {
    if (!b.has_listed_on()) {
      return absl::InvalidArgumentError("water_body.listed_on: required when black_odorous_listed");
    }
    absl::StatusOr<absl::CivilDay> listed = ToCivilDay(b.listed_on(), "water_body.listed_on");
    RETURN_IF_ERROR(listed.status());
    if (*listed > today) {
      return absl::InvalidArgumentError(
          absl::StrCat("water_body.listed_on: ", DayKey(*listed), " is in the future"));
    }
    if (b.kind() == v1::WATER_BODY_KIND_GROUNDWATER) {
      return absl::InvalidArgumentError(
          "water_body.black_odorous_listed: groundwater cannot be a black-odorous surface water body");
    }
  } else if (b.has_listed_on()) {
    return absl::InvalidArgumentError("water_body.listed_on: only for a listed black-odorous body");
  }
  if (b.sampling_points().empty()) {
    return absl::InvalidArgumentError("water_body.sampling_points: at least one point required");
  }
  if (b.sampling_points_size() > kMaxSamplingPoints) {
    return absl::InvalidArgumentError(absl::StrCat("water_body.sampling_points: more than ",
                                                   kMaxSamplingPoints, " points"));
  }
  std::set<std::string> seen;
  for (int i = 0; i < b.sampling_points_size(); ++i) {
    const std::string field = absl::StrCat("water_body.sampling_points[", i, "]");
    RETURN_IF_ERROR(ValidateId(b.sampling_points(i), field));
    if (!seen.insert(b.sampling_points(i)).second) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": \"", b.sampling_points(i), "\" listed twice"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::WaterSample> GradeWaterSample(const v1::WaterBody& body, v1::WaterSample s,
                                                 absl::CivilDay today) {
  bool known_point = false;
  for (const std::string& p : body.sampling_points()) known_point = known_point || p == s.point_id();
  if (!known_point) {
    return absl::InvalidArgumentError(absl::StrCat("sample.point_id: ", QuoteForError(s.point_id()),
                                                   " is not a sampling point of ", body.name()));
  }
  if (!s.has_date()) return absl::InvalidArgumentError("sample.date: required");
  absl::StatusOr<absl::CivilDay> day = ToCivilDay(s.date(), "sample.date");
  RETURN_IF_ERROR(day.status());
  if (*day > today) {
    return absl::InvalidArgumentError(absl::StrCat("sample.date: ", DayKey(*day), " is in the future"));
  }
  for (absl::Status st : {CheckValue(s.has_transparency_cm(), s.transparency_cm(), "transparency_cm", false),
                          CheckValue(s.has_dissolved_oxygen_mg_l(), s.dissolved_oxygen_mg_l(), "dissolved_oxygen_mg_l", false),
                          CheckValue(s.has_orp_mv(), s.orp_mv(), "orp_mv", true),
                          CheckValue(s.has_ammonia_nitrogen_mg_l(), s.ammonia_nitrogen_mg_l(), "ammonia_nitrogen_mg_l", false),
                          CheckValue(s.has_water_depth_cm(), s.water_depth_cm(), "water_depth_cm", false),
                          CheckValue(s.has_codmn_mg_l(), s.codmn_mg_l(), "codmn_mg_l", false),
                          CheckValue(s.has_cod_mg_l(), s.cod_mg_l(), "cod_mg_l", false),
                          CheckValue(s.has_bod5_mg_l(), s.bod5_mg_l(), "bod5_mg_l", false),
                          CheckValue(s.has_total_phosphorus_mg_l(), s.total_phosphorus_mg_l(), "total_phosphorus_mg_l", false)}) {
    if (!st.ok()) return st;
  }
  if (s.has_water_depth_cm() && s.water_depth_cm() <= 0) {
    return absl::InvalidArgumentError("sample.water_depth_cm: must be > 0");
  }
  if (!v1::WaterQualityClass_IsValid(s.groundwater_class())) {
    return absl::InvalidArgumentError("sample.groundwater_class: unknown class");
  }
  if (IsGroundwaterSource(body) && s.groundwater_class() == v1::WATER_QUALITY_CLASS_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        "sample.groundwater_class: required for a groundwater drinking-water source (GB/T 14848-2017)");
  }
  if (body.kind() != v1::WATER_BODY_KIND_GROUNDWATER &&
      s.groundwater_class() != v1::WATER_QUALITY_CLASS_UNSPECIFIED) {
    return absl::InvalidArgumentError("sample.groundwater_class: only for groundwater");
  }

  s.clear_black_odor_level();
  s.clear_surface_water_class();
  s.clear_deciding_parameters();
  if (HasBlackOdorIndicator(s)) {
    absl::StatusOr<env::SampleGrade> grade = env::GradeSample(ToBlackOdorSample(s));
    if (!grade.ok()) return absl::InvalidArgumentError(absl::StrCat("sample: ", grade.status().message()));
    s.set_black_odor_level(ToProto(grade->worst));
  }
  if (body.kind() != v1::WATER_BODY_KIND_GROUNDWATER) {
    absl::StatusOr<env::SurfaceWaterAssessment> cls = env::ClassifySurfaceWater(ToSurfaceSample(body, s));
    if (!cls.ok()) return absl::InvalidArgumentError(absl::StrCat("sample: ", cls.status().message()));
    if (cls->water_class.has_value()) {
      s.set_surface_water_class(ToProto(*cls->water_class));
      for (env::SurfaceWaterParameter p : cls->deciding) {
        s.add_deciding_parameters(std::string(env::SurfaceWaterParameterName(p)));
      }
    }
  }
  if (s.black_odor_level() == v1::BLACK_ODOR_LEVEL_UNSPECIFIED &&
      s.surface_water_class() == v1::WATER_QUALITY_CLASS_UNSPECIFIED &&
      s.groundwater_class() == v1::WATER_QUALITY_CLASS_UNSPECIFIED) {
    return absl::InvalidArgumentError("sample: no indicator measured");
  }
  if (body.drinking_water_source() && body.kind() != v1::WATER_BODY_KIND_GROUNDWATER &&
      s.surface_water_class() == v1::WATER_QUALITY_CLASS_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        "sample: a surface drinking-water source's sample needs GB 3838-2002 parameters");
  }
  return s;
}

v1::WaterBodyAssessment AssessBody(const v1::WaterBody& body,
                                   std::span<const v1::WaterSample> samples, absl::CivilDay as_of) {
  v1::WaterBodyAssessment out;
  out.set_name(body.name());
  *out.mutable_as_of() = ToProtoDate(as_of);
  std::optional<absl::CivilDay> latest;
  for (const v1::WaterSample& s : samples) {
    const absl::CivilDay d = DayOf(s.date());
    if (d <= as_of && HasBlackOdorIndicator(s) && (!latest || d > *latest)) latest = d;
  }
  for (const std::string& p : body.sampling_points()) out.add_points()->set_point_id(p);
  if (!latest) return out;
  const absl::CivilDay window_start{absl::CivilMonth(*latest)};
  *out.mutable_window_start() = ToProtoDate(window_start);
  *out.mutable_window_end() = ToProtoDate(std::min(MonthEnd(absl::CivilMonth(*latest)), as_of));

  std::map<std::string, std::vector<env::BlackOdorSample>> by_point;
  for (const v1::WaterSample& s : samples) {
    const absl::CivilDay d = DayOf(s.date());
    if (d < window_start || d > as_of || !HasBlackOdorIndicator(s)) continue;
    by_point[s.point_id()].push_back(ToBlackOdorSample(s));
  }
  std::vector<env::BlackOdorLevel> graded;
  std::vector<std::string> graded_ids;
  for (v1::PointAssessment& point : *out.mutable_points()) {
    auto it = by_point.find(point.point_id());
    if (it == by_point.end()) continue;
    point.set_samples(static_cast<int32_t>(it->second.size()));
    absl::StatusOr<env::PointGrade> grade = env::GradePoint(it->second);
    if (!grade.ok()) continue;  // stored samples were checked on the way in
    point.set_level(ToProto(grade->level));
    graded.push_back(grade->level);
    graded_ids.push_back(point.point_id());
  }
  absl::StatusOr<env::WaterBodyGrade> body_grade = env::GradeWaterBody(graded);
  if (!body_grade.ok()) return out;
  out.set_level(ToProto(body_grade->level));
  out.set_enough_points(body_grade->enough_points);
  for (const env::HeavyStretch& h : body_grade->heavy_stretches) {
    out.add_heavy_stretches(absl::StrCat(graded_ids[h.first_point], "..", graded_ids[h.last_point]));
  }
  return out;
}

bool StillBlackOdorous(const v1::WaterBody& body, const v1::WaterBodyAssessment& assessment,
                       absl::CivilDay as_of) {
  if (!body.black_odorous_listed() || DayOf(body.listed_on()) > as_of) return false;
  return assessment.level() != v1::BLACK_ODOR_LEVEL_NONE;
}

std::optional<bool> MeetsDrinkingWaterClass(const v1::WaterBody& body, const v1::WaterSample& s) {
  const v1::WaterQualityClass c = body.kind() == v1::WATER_BODY_KIND_GROUNDWATER
                                      ? s.groundwater_class()
                                      : s.surface_water_class();
  if (c == v1::WATER_QUALITY_CLASS_UNSPECIFIED) return std::nullopt;
  return c <= v1::WATER_QUALITY_CLASS_III;
}

}  // namespace devplan::environment
