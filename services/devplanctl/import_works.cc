// works: one row per environmental work (treatment, greening, parks, villages, source
// protection, sewer renewal, surveys) → EnvironmentService PutWork (a put on work_id). The
// district's works are read once; a row equal to the stored work is unchanged and not sent.
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
      v1::WorkKind_descriptor(), "WORK_KIND_",
      {{v1::WORK_KIND_WATER_TREATMENT, {"水体综合治理", "水体治理"}},
       {v1::WORK_KIND_ROAD_GREENING, {"道路绿化"}},
       {v1::WORK_KIND_STATION_GREENING, {"站点绿化", "地铁站点绿化"}},
       {v1::WORK_KIND_PARK, {"公园游园", "公园"}},
       {v1::WORK_KIND_MODEL_VILLAGE, {"示范村", "和美乡村示范村"}},
       {v1::WORK_KIND_SOURCE_PROTECTION, {"水源保护", "饮用水水源保护"}},
       {v1::WORK_KIND_SEWER_RENEWAL, {"污水管网更新改造", "管网改造"}},
       {v1::WORK_KIND_SURVEY, {"排查"}},
       {v1::WORK_KIND_OTHER, {"其他"}}});
  return w;
}

const std::vector<EnumWord>& MilestoneWords() {
  static const std::vector<EnumWord> w =
      ProtoEnumWords(v1::EnvironmentMilestone_descriptor(), "ENVIRONMENT_MILESTONE_", {});
  return w;
}

absl::StatusOr<v1::PutWorkRequest> Parse(const Record& r, const ImportOptions& o) {
  v1::PutWorkRequest req;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  v1::Work& w = *req.mutable_work();
  w.set_district(basics.district);
  ASSIGN_OR_RETURN(std::string id, Required(r, "work_id"));
  w.set_work_id(id);
  ASSIGN_OR_RETURN(int kind, RequiredEnum(r, "kind", KindWords()));
  w.set_kind(static_cast<v1::WorkKind>(kind));
  ASSIGN_OR_RETURN(std::string title, Required(r, "title_zh"));
  w.set_title_zh(title);
  w.set_title_en(r.Get("title_en").value_or(""));
  w.set_water_body_id(r.Get("water_body_id").value_or(""));
  if (auto m = r.Get("milestone")) {
    ASSIGN_OR_RETURN(int v, ParseEnum(*m, MilestoneWords(), "milestone"));
    w.set_milestone(static_cast<v1::EnvironmentMilestone>(v));
  }
  ASSIGN_OR_RETURN(std::optional<v1::Date> started, OptionalPastDate(r, "started_on"));
  if (started) *w.mutable_started_on() = *started;
  ASSIGN_OR_RETURN(std::optional<v1::Date> completed, OptionalPastDate(r, "completed_on"));
  if (completed) *w.mutable_completed_on() = *completed;
  if (auto p = r.Get("progress_percent")) {
    ASSIGN_OR_RETURN(int64_t v, Named(ParseInt(*p), "progress_percent"));
    if (v < 0 || v > 100) return absl::InvalidArgumentError("progress_percent is outside 0..100");
    w.set_progress_percent(static_cast<int>(v));
  }
  req.set_reported_by(basics.reported_by);
  req.set_validate_only(o.dry_run);
  return req;
}

}  // namespace

ImportKind WorksKind() {
  ImportKind k;
  k.name = "works";
  k.summary = "environmental works: one row per work, replaced as a whole (EnvironmentService)";
  k.fields = WithCommonFields({
      {"work_id", {"工程编号", "编号", "id"}, "1-64 of A-Z a-z 0-9 _ . -", true},
      {"kind", {"类型", "工程类型"}, "water_treatment/水体综合治理, road_greening/道路绿化, park/公园游园, … (see below)", true},
      {"title_zh", {"工程名称", "名称", "name"}, "Chinese name as in the plan", true},
      {"title_en", {"英文名称"}, "English name (optional)"},
      {"water_body_id", {"水体编号"}, "the water body treated or protected (registered)"},
      {"milestone", {"计划节点", "节点"}, "the plan milestone it is, e.g. ZHANGNIU_DITCH_EPC"},
      {"started_on", {"开工日期"}, "YYYY-MM-DD"},
      {"completed_on", {"完成日期", "竣工日期"}, "YYYY-MM-DD, with started_on"},
      {"progress_percent", {"进度(%)", "进度"}, "0-100, informative only"},
  });
  k.run = [](const ParsedFile& file, const ImportOptions& o) {
    auto stub = v1::EnvironmentService::NewStub(ChannelTo(G().environment_addr));
    StoredRecords stored([&](const std::string& district, std::map<std::string, std::string>& into) {
      v1::ListWorksRequest req;
      req.set_district(district);
      req.set_page_size(1000);
      do {
        v1::ListWorksResponse resp;
        grpc::Status s = stub->ListWorks(Ctx().get(), req, &resp);
        if (!s.ok()) return s;
        for (const auto& w : resp.works()) into[w.work_id()] = Canonical(w);
        req.set_page_token(resp.next_page_token());
      } while (!req.page_token().empty());
      return grpc::Status::OK;
    });
    return RunRows<v1::PutWorkRequest>(file, o, "works", Parse, [&](const v1::PutWorkRequest& req) {
      const v1::Work& w = req.work();
      return stored.WriteUnlessStored(w.district(), w.work_id(), Canonical(w), o.dry_run, [&] {
        v1::Work out;
        return stub->PutWork(Ctx().get(), req, &out);
      });
    });
  };
  return k;
}

}  // namespace devplan::ctl
