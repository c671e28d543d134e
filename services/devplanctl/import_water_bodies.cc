// water-bodies: one row per water body with its sampling points → EnvironmentService
// PutWaterBody (a put: the row replaces the stored body). The district's bodies are read
// once; a row equal to the stored body is unchanged and not sent.
#include "absl/strings/str_cat.h"
#include "devplan/v1/environment.grpc.pb.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/import_common.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

const std::vector<EnumWord>& KindWords() {
  static const std::vector<EnumWord> w = ProtoEnumWords(
      v1::WaterBodyKind_descriptor(), "WATER_BODY_KIND_",
      {{v1::WATER_BODY_KIND_RIVER, {"河流", "渠"}},
       {v1::WATER_BODY_KIND_DITCH, {"沟", "沟渠"}},
       {v1::WATER_BODY_KIND_POND, {"坑塘"}},
       {v1::WATER_BODY_KIND_LAKE_OR_RESERVOIR, {"湖库"}},
       {v1::WATER_BODY_KIND_GROUNDWATER, {"地下水"}}});
  return w;
}

absl::StatusOr<v1::PutWaterBodyRequest> Parse(const Record& r, const ImportOptions& o) {
  v1::PutWaterBodyRequest req;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  v1::WaterBody& b = *req.mutable_water_body();
  b.set_district(basics.district);
  ASSIGN_OR_RETURN(std::string id, Required(r, "water_body_id"));
  b.set_water_body_id(id);
  ASSIGN_OR_RETURN(std::string title, Required(r, "title_zh"));
  b.set_title_zh(title);
  b.set_title_en(r.Get("title_en").value_or(""));
  ASSIGN_OR_RETURN(int kind, RequiredEnum(r, "kind", KindWords()));
  b.set_kind(static_cast<v1::WaterBodyKind>(kind));
  for (const char* flag : {"black_odorous_listed", "drinking_water_source"}) {
    auto cell = r.Get(flag);
    if (!cell) continue;
    ASSIGN_OR_RETURN(bool v, Named(ParseBool(*cell), flag));
    if (std::string(flag) == "black_odorous_listed") b.set_black_odorous_listed(v);
    else b.set_drinking_water_source(v);
  }
  ASSIGN_OR_RETURN(std::optional<v1::Date> listed, OptionalPastDate(r, "listed_on"));
  if (listed) *b.mutable_listed_on() = *listed;
  ASSIGN_OR_RETURN(std::string points, Required(r, "sampling_points"));
  for (std::string& p : ListCell(points)) b.add_sampling_points(std::move(p));
  req.set_reported_by(basics.reported_by);
  req.set_validate_only(o.dry_run);
  return req;
}

}  // namespace

ImportKind WaterBodiesKind() {
  ImportKind k;
  k.name = "water-bodies";
  k.summary = "water bodies with their sampling points: one row per body, replaced as a whole (EnvironmentService)";
  k.fields = WithCommonFields({
      {"water_body_id", {"水体编号", "id"}, "1-64 of A-Z a-z 0-9 _ . -", true},
      {"title_zh", {"水体名称", "名称", "name"}, "Chinese name", true},
      {"title_en", {"英文名称"}, "English name (optional)"},
      {"kind", {"类型", "水体类型"}, "river/河流, ditch/沟, pond/坑塘, lake_or_reservoir/湖库, groundwater/地下水", true},
      {"black_odorous_listed", {"黑臭水体", "列入黑臭水体清单"}, "是/否: on the black-odorous list"},
      {"listed_on", {"列入日期"}, "YYYY-MM-DD, with black_odorous_listed"},
      {"drinking_water_source", {"饮用水源", "饮用水水源"}, "是/否"},
      {"sampling_points", {"点位", "采样点位"}, "point ids separated by ; (e.g. JW-1;JW-2)", true},
  });
  k.run = [](const ParsedFile& file, const ImportOptions& o) {
    auto stub = v1::EnvironmentService::NewStub(ChannelTo(G().environment_addr));
    StoredRecords stored([&](const std::string& district, std::map<std::string, std::string>& into) {
      v1::ListWaterBodiesRequest req;
      req.set_district(district);
      req.set_page_size(1000);
      do {
        v1::ListWaterBodiesResponse resp;
        grpc::Status s = stub->ListWaterBodies(Ctx().get(), req, &resp);
        if (!s.ok()) return s;
        for (const auto& b : resp.water_bodies()) into[b.water_body_id()] = Canonical(b);
        req.set_page_token(resp.next_page_token());
      } while (!req.page_token().empty());
      return grpc::Status::OK;
    });
    return RunRows<v1::PutWaterBodyRequest>(
        file, o, "water-bodies", Parse, [&](const v1::PutWaterBodyRequest& req) {
          const v1::WaterBody& b = req.water_body();
          return stored.WriteUnlessStored(b.district(), b.water_body_id(), Canonical(b), o.dry_run, [&] {
            v1::WaterBody out;
            return stub->PutWaterBody(Ctx().get(), req, &out);
          });
        });
  };
  return k;
}

}  // namespace devplan::ctl
