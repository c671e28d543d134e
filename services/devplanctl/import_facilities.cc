#include "services/devplanctl/import_facilities.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {

const std::vector<EnumWord>& FacilityKindWords() {
  static const std::vector<EnumWord> w = {
      {v1::FACILITY_KIND_SCHOOL, {"school", "中小学", "学校"}},
      {v1::FACILITY_KIND_VOCATIONAL_SCHOOL, {"vocational_school", "职业学校"}},
      {v1::FACILITY_KIND_HEALTH, {"health", "医疗卫生", "医院"}},
      {v1::FACILITY_KIND_FITNESS, {"fitness", "全民健身", "健身设施"}},
  };
  return w;
}

const std::vector<EnumWord>& FacilityStageWords() {
  static const std::vector<EnumWord> w = {
      {v1::FACILITY_STAGE_PLANNED, {"planned", "规划", "立项"}},
      {v1::FACILITY_STAGE_STARTED, {"started", "开工"}},
      {v1::FACILITY_STAGE_SUSPENDED, {"suspended", "停工"}},
      {v1::FACILITY_STAGE_RESUMED, {"resumed", "复工"}},
      {v1::FACILITY_STAGE_STRUCTURE_DONE, {"structure_done", "主体完工"}},
      {v1::FACILITY_STAGE_COMPLETED, {"completed", "竣工", "建成"}},
      {v1::FACILITY_STAGE_DELIVERED, {"delivered", "交付"}},
      {v1::FACILITY_STAGE_IN_SERVICE, {"in_service", "投用", "招生"}},
  };
  return w;
}

namespace {

std::vector<EnumWord> PlanFacilityWords() {
  std::vector<EnumWord> w;
  const auto* e = v1::PlanFacility_descriptor();
  for (int i = 1; i < e->value_count(); ++i) {
    std::string name = e->value(i)->name();
    w.push_back({e->value(i)->number(),
                 {absl::StrReplaceAll(name, {{"PLAN_FACILITY_", ""}}), name}});
  }
  return w;
}

}  // namespace

absl::StatusOr<FacilityRow> ParseFacilityRow(const Record& r, const ImportOptions& o) {
  FacilityRow row;
  v1::Facility& f = row.facility;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  row.reported_by = basics.reported_by;
  ASSIGN_OR_RETURN(std::string id, Required(r, "facility_id"));
  ASSIGN_OR_RETURN(std::string title, Required(r, "title_zh"));
  ASSIGN_OR_RETURN(int kind, RequiredEnum(r, "kind", FacilityKindWords()));
  ASSIGN_OR_RETURN(std::string lead, Required(r, "lead_department"));
  f.set_facility_id(id);
  f.set_district(basics.district);
  f.set_title_zh(title);
  f.set_title_en(r.Get("title_en").value_or(""));
  f.set_kind(static_cast<v1::FacilityKind>(kind));
  f.set_lead_department(lead);
  if (auto pf = r.Get("plan_facility")) {
    ASSIGN_OR_RETURN(int v, ParseEnum(*pf, PlanFacilityWords(), "plan_facility"));
    f.set_plan_facility(static_cast<v1::PlanFacility>(v));
  }
  std::optional<std::string> stage = r.Get("stage"), stage_date = r.Get("stage_date");
  if (stage.has_value() != stage_date.has_value()) {
    return absl::InvalidArgumentError("stage and stage_date go together");
  }
  if (stage) {
    ASSIGN_OR_RETURN(int st, ParseEnum(*stage, FacilityStageWords(), "stage"));
    ASSIGN_OR_RETURN(v1::Date d, Named(ParseDate(*stage_date), "stage_date"));
    RETURN_IF_ERROR(NotInFuture(d, "stage_date"));
    v1::RecordFacilityStepRequest step;
    step.set_name(absl::StrCat("districts/", basics.district, "/facilities/", id));
    step.set_stage(static_cast<v1::FacilityStage>(st));
    *step.mutable_date() = d;
    step.set_reported_by(basics.reported_by);
    if (auto reason = r.Get("correction_reason")) step.set_correction_reason(*reason);
    step.set_request_id(RequestId("step", step.ShortDebugString()));
    step.set_validate_only(o.dry_run);
    row.step = step;
  }
  row.content = absl::StrCat(f.ShortDebugString(), "|", row.reported_by);
  return row;
}

WriteOutcome RecordStepIfNew(v1::SocialService::Stub& stub, const v1::Facility& stored,
                             const v1::RecordFacilityStepRequest& step) {
  if (step.correction_reason().empty()) {
    for (const auto& s : stored.steps()) {
      if (s.withdrawn_by() == 0 && s.stage() == step.stage() && s.date().year() == step.date().year() &&
          s.date().month() == step.date().month() && s.date().day() == step.date().day()) {
        return {grpc::Status::OK, false};
      }
    }
  }
  v1::Facility out;
  return {stub.RecordFacilityStep(Ctx().get(), step, &out), true};
}

WriteOutcome UpsertFacility(v1::SocialService::Stub& stub, const FacilityRow& row,
                            bool validate_only) {
  const v1::Facility& f = row.facility;
  v1::GetFacilityRequest get;
  get.set_name(absl::StrCat("districts/", f.district(), "/facilities/", f.facility_id()));
  v1::Facility stored;
  grpc::Status s = stub.GetFacility(Ctx().get(), get, &stored);
  bool created = false;
  if (s.error_code() == grpc::StatusCode::NOT_FOUND) {
    v1::CreateFacilityRequest create;
    *create.mutable_facility() = f;
    create.set_reported_by(row.reported_by);
    create.set_request_id(RequestId("facility", row.content));
    create.set_validate_only(validate_only);
    s = stub.CreateFacility(Ctx().get(), create, &stored);
    if (!s.ok()) return {s, false};
    created = true;
    if (validate_only) return {grpc::Status::OK, true};
  } else if (!s.ok()) {
    return {s, false};
  } else {
    std::vector<std::string> differ;
    if (stored.title_zh() != f.title_zh()) differ.push_back("title_zh");
    if (stored.title_en() != f.title_en()) differ.push_back("title_en");
    if (stored.kind() != f.kind()) differ.push_back("kind");
    if (stored.plan_facility() != f.plan_facility()) differ.push_back("plan_facility");
    if (stored.lead_department() != f.lead_department()) differ.push_back("lead_department");
    if (!differ.empty()) {
      std::string list;
      for (const auto& d : differ) list += (list.empty() ? "" : ", ") + d;
      return {grpc::Status(grpc::StatusCode::ALREADY_EXISTS,
                           absl::StrCat("facility ", f.facility_id(),
                                        " is registered with another ", list,
                                        " (a registered facility is not changed by import)")),
              false};
    }
  }
  if (!row.step) return {grpc::Status::OK, created};
  WriteOutcome step = RecordStepIfNew(stub, stored, *row.step);
  if (!step.status.ok()) return step;
  return {grpc::Status::OK, created || step.changed};
}

ImportKind FacilitiesKind() {
  ImportKind k;
  k.name = "facilities";
  k.summary = "schools, health and fitness facilities, one row per facility or lifecycle step (SocialService)";
  k.fields = WithCommonFields({
      {"facility_id", {"设施编号", "id"}, "1-64 of A-Z a-z 0-9 _ . -", true},
      {"title_zh", {"name", "设施名称", "名称"}, "Chinese name", true},
      {"title_en", {"英文名称"}, "English name (optional)"},
      {"kind", {"类型", "设施类型"}, "school/中小学, vocational_school/职业学校, health/医疗卫生, fitness/全民健身", true},
      {"plan_facility", {"规划设施"}, "which facility of the plan, e.g. XINCHENG_ROAD_MIDDLE_SCHOOL"},
      {"lead_department", {"牵头单位", "责任单位"}, "e.g. 区教育局", true},
      {"stage", {"阶段", "进度阶段"}, "planned/规划, started/开工, structure_done/主体完工, completed/竣工, delivered/交付, in_service/投用 …"},
      {"stage_date", {"阶段日期", "日期"}, "YYYY-MM-DD, with stage"},
      {"correction_reason", {"更正原因"}, "makes the step a correction"},
  });
  k.run = [](const ParsedFile& file, const ImportOptions& o) {
    auto stub = v1::SocialService::NewStub(ChannelTo(G().social_addr));
    return RunRows<FacilityRow>(
        file, o, "facilities", ParseFacilityRow,
        [&](const FacilityRow& row) { return UpsertFacility(*stub, row, o.dry_run); });
  };
  return k;
}

}  // namespace devplan::ctl
