// water-samples: one row per sample (water body, point, date) → EnvironmentService
// SubmitWaterSample. The natural key makes a resubmission replace the stored sample, so
// re-importing the same file stores the same values again and changes nothing.
#include "absl/strings/str_cat.h"
#include "devplan/v1/environment.grpc.pb.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/import_common.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

struct Measure {
  const char* field;
  std::vector<std::string> aliases;
  void (v1::WaterSample::*set)(double);
  bool may_be_negative;
};

const std::vector<Measure>& Measures() {
  static const std::vector<Measure> m = {
      {"transparency_cm", {"透明度(cm)", "透明度"}, &v1::WaterSample::set_transparency_cm, false},
      {"dissolved_oxygen_mg_l", {"溶解氧(mg/L)", "溶解氧", "DO"}, &v1::WaterSample::set_dissolved_oxygen_mg_l, false},
      {"orp_mv", {"氧化还原电位(mV)", "氧化还原电位", "ORP"}, &v1::WaterSample::set_orp_mv, true},
      {"ammonia_nitrogen_mg_l", {"氨氮(mg/L)", "氨氮", "NH3-N"}, &v1::WaterSample::set_ammonia_nitrogen_mg_l, false},
      {"water_depth_cm", {"水深(cm)", "水深"}, &v1::WaterSample::set_water_depth_cm, false},
      {"codmn_mg_l", {"高锰酸盐指数(mg/L)", "高锰酸盐指数", "CODMn"}, &v1::WaterSample::set_codmn_mg_l, false},
      {"cod_mg_l", {"化学需氧量(mg/L)", "化学需氧量", "COD"}, &v1::WaterSample::set_cod_mg_l, false},
      {"bod5_mg_l", {"五日生化需氧量(mg/L)", "五日生化需氧量", "BOD5"}, &v1::WaterSample::set_bod5_mg_l, false},
      {"total_phosphorus_mg_l", {"总磷(mg/L)", "总磷", "TP"}, &v1::WaterSample::set_total_phosphorus_mg_l, false},
  };
  return m;
}

const std::vector<EnumWord>& ClassWords() {
  static const std::vector<EnumWord> w = {
      {v1::WATER_QUALITY_CLASS_I, {"I", "Ⅰ", "Ⅰ类", "I类", "1"}},
      {v1::WATER_QUALITY_CLASS_II, {"II", "Ⅱ", "Ⅱ类", "II类", "2"}},
      {v1::WATER_QUALITY_CLASS_III, {"III", "Ⅲ", "Ⅲ类", "III类", "3"}},
      {v1::WATER_QUALITY_CLASS_IV, {"IV", "Ⅳ", "Ⅳ类", "IV类", "4"}},
      {v1::WATER_QUALITY_CLASS_V, {"V", "Ⅴ", "Ⅴ类", "V类", "5"}},
      {v1::WATER_QUALITY_CLASS_WORSE_THAN_V, {"worse_than_V", "劣V", "劣Ⅴ", "劣V类", "劣Ⅴ类"}},
  };
  return w;
}

struct Row {
  v1::SubmitWaterSampleRequest req;
};

absl::StatusOr<Row> Parse(const Record& r, const ImportOptions& o) {
  Row row;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  ASSIGN_OR_RETURN(std::string body, Required(r, "water_body_id"));
  ASSIGN_OR_RETURN(std::string point, Required(r, "point_id"));
  ASSIGN_OR_RETURN(v1::Date date, RequiredDate(r, "date"));
  RETURN_IF_ERROR(NotInFuture(date, "date"));
  v1::WaterSample& s = *row.req.mutable_sample();
  s.set_point_id(point);
  *s.mutable_date() = date;
  int measured = 0;
  for (const Measure& m : Measures()) {
    auto cell = r.Get(m.field);
    if (!cell) continue;
    ASSIGN_OR_RETURN(double v, Named(ParseDouble(*cell), m.field));
    if (v < 0 && !m.may_be_negative) return absl::InvalidArgumentError(absl::StrCat(m.field, " is negative"));
    (s.*m.set)(v);
    ++measured;
  }
  if (auto cls = r.Get("groundwater_class")) {
    ASSIGN_OR_RETURN(int c, ParseEnum(*cls, ClassWords(), "groundwater_class"));
    s.set_groundwater_class(static_cast<v1::WaterQualityClass>(c));
    ++measured;
  }
  if (measured == 0) return absl::InvalidArgumentError("no measurement in the row");
  row.req.set_parent(absl::StrCat("districts/", basics.district, "/waterBodies/", body));
  row.req.set_reported_by(basics.reported_by);
  row.req.set_validate_only(o.dry_run);
  return row;
}

}  // namespace

ImportKind WaterSamplesKind() {
  ImportKind k;
  k.name = "water-samples";
  k.summary = "water samples: one row per water body, sampling point and date (EnvironmentService)";
  std::vector<FieldSpec> f = {
      {"water_body_id", {"水体编号"}, "a water body already registered", true},
      {"point_id", {"点位", "点位编号", "采样点"}, "one of the body's sampling points", true},
      {"date", {"采样日期", "日期"}, "YYYY-MM-DD", true},
  };
  for (const Measure& m : Measures()) f.push_back({m.field, m.aliases, "number"});
  f.push_back({"groundwater_class", {"地下水类别", "水质类别"}, "I..V or 劣V (groundwater sources only)"});
  k.fields = WithCommonFields(f);
  k.run = [](const ParsedFile& file, const ImportOptions& o) {
    auto stub = v1::EnvironmentService::NewStub(ChannelTo(G().environment_addr));
    return RunRows<Row>(file, o, "water-samples", Parse, [&](const Row& row) {
      v1::WaterSample out;
      return WriteOutcome{stub->SubmitWaterSample(Ctx().get(), row.req, &out), true};
    });
  };
  return k;
}

}  // namespace devplan::ctl
