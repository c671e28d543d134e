// stations: one row per air monitoring station → EnvironmentService CreateStation. The
// district's stations are read once; a row equal to a registered station is unchanged, and
// another station under a taken id or title is the service's ALREADY_EXISTS.
#include "absl/strings/str_cat.h"
#include "devplan/v1/environment.grpc.pb.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/import_common.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

const std::vector<EnumWord>& LevelWords() {
  static const std::vector<EnumWord> w = ProtoEnumWords(
      v1::StationLevel_descriptor(), "STATION_LEVEL_",
      {{v1::STATION_LEVEL_NATIONAL, {"国控", "国控点"}},
       {v1::STATION_LEVEL_PROVINCIAL, {"省控", "省控点"}},
       {v1::STATION_LEVEL_CITY, {"市控", "市控点"}}});
  return w;
}

absl::StatusOr<v1::CreateStationRequest> Parse(const Record& r, const ImportOptions& o) {
  v1::CreateStationRequest req;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  v1::Station& s = *req.mutable_station();
  s.set_district(basics.district);
  ASSIGN_OR_RETURN(std::string id, Required(r, "station_id"));
  s.set_station_id(id);
  ASSIGN_OR_RETURN(std::string title, Required(r, "title_zh"));
  s.set_title_zh(title);
  s.set_title_en(r.Get("title_en").value_or(""));
  ASSIGN_OR_RETURN(int level, RequiredEnum(r, "level", LevelWords()));
  s.set_level(static_cast<v1::StationLevel>(level));
  for (const char* f : {"latitude", "longitude"}) {
    auto cell = r.Get(f);
    if (!cell) continue;
    ASSIGN_OR_RETURN(double v, Named(ParseDouble(*cell), f));
    if (std::string(f) == "latitude") s.set_latitude(v); else s.set_longitude(v);
  }
  s.set_address_zh(r.Get("address_zh").value_or(""));
  req.set_reported_by(basics.reported_by);
  req.set_request_id(RequestId("station", req.ShortDebugString()));
  req.set_validate_only(o.dry_run);
  return req;
}

}  // namespace

ImportKind StationsKind() {
  ImportKind k;
  k.name = "stations";
  k.summary = "air monitoring stations: one row per station (EnvironmentService)";
  k.fields = WithCommonFields({
      {"station_id", {"站点编号", "站点", "id"}, "1-64 of A-Z a-z 0-9 _ . -", true},
      {"title_zh", {"站点名称", "名称", "name"}, "Chinese name, unique in the district", true},
      {"title_en", {"英文名称"}, "English name (optional)"},
      {"level", {"级别", "站点级别"}, "national/国控, provincial/省控, city/市控", true},
      {"latitude", {"纬度"}, "WGS 84 degrees (optional)"},
      {"longitude", {"经度"}, "WGS 84 degrees (optional)"},
      {"address_zh", {"地址", "站点地址"}, "address (optional)"},
  });
  k.run = [](const ParsedFile& file, const ImportOptions& o) {
    auto stub = v1::EnvironmentService::NewStub(ChannelTo(G().environment_addr));
    StoredRecords stored([&](const std::string& district, std::map<std::string, std::string>& into) {
      v1::ListStationsRequest req;
      req.set_district(district);
      req.set_page_size(1000);
      do {
        v1::ListStationsResponse resp;
        grpc::Status s = stub->ListStations(Ctx().get(), req, &resp);
        if (!s.ok()) return s;
        for (const auto& st : resp.stations()) into[st.station_id()] = Canonical(st);
        req.set_page_token(resp.next_page_token());
      } while (!req.page_token().empty());
      return grpc::Status::OK;
    });
    return RunRows<v1::CreateStationRequest>(
        file, o, "stations", Parse, [&](const v1::CreateStationRequest& req) {
          const v1::Station& s = req.station();
          return stored.WriteUnlessStored(s.district(), s.station_id(), Canonical(s), o.dry_run, [&] {
            v1::Station out;
            return stub->CreateStation(Ctx().get(), req, &out);
          });
        });
  };
  return k;
}

}  // namespace devplan::ctl
