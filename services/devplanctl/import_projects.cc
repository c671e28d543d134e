#include "services/devplanctl/import_projects.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

struct DateField {
  const char* path;
  std::vector<std::string> aliases;
  v1::Date* (v1::Project::*mutable_field)();
  const v1::Date& (v1::Project::*field)() const;
  bool (v1::Project::*has)() const;
};

const std::vector<DateField>& DateFields() {
  static const std::vector<DateField> f = {
      {"planned_on", {"谋划日期", "立项日期"}, &v1::Project::mutable_planned_on, &v1::Project::planned_on, &v1::Project::has_planned_on},
      {"signed_on", {"签约日期"}, &v1::Project::mutable_signed_on, &v1::Project::signed_on, &v1::Project::has_signed_on},
      {"started_on", {"开工日期"}, &v1::Project::mutable_started_on, &v1::Project::started_on, &v1::Project::has_started_on},
      {"completed_on", {"竣工日期", "完工日期"}, &v1::Project::mutable_completed_on, &v1::Project::completed_on, &v1::Project::has_completed_on},
      {"in_operation_on", {"投产日期", "投运日期"}, &v1::Project::mutable_in_operation_on, &v1::Project::in_operation_on, &v1::Project::has_in_operation_on},
  };
  return f;
}

std::vector<FieldSpec> Fields() {
  std::vector<FieldSpec> f = {
      {"project_id", {"项目编号", "id"}, "1-64 of A-Z a-z 0-9 _ . -", true},
      {"title_zh", {"name", "项目名称", "title"}, "Chinese name as in the plan", true},
      {"title_en", {"英文名称"}, "English name (optional)"},
      {"category", {"项目类别", "类别"}, "industrial/产业项目, infrastructure/基础设施, … (see below)", true},
      {"key_project", {"重点项目"}, "是/否 (yes/no)"},
      {"three_batch", {"三个一批"}, "是/否"},
      {"lead_department", {"牵头单位", "责任单位"}, "e.g. 区发展改革委", true},
      {"correction_reason", {"更正原因"}, "only to change an already recorded date"},
  };
  for (auto& m : MoneyFields("total_investment", "总投资", "total investment")) f.push_back(m);
  for (auto& m : MoneyFields("planned_investment", "年度计划投资", "investment planned for the year")) f.push_back(m);
  for (const DateField& d : DateFields()) f.push_back({d.path, d.aliases, "YYYY-MM-DD"});
  return WithCommonFields(f);
}

}  // namespace

const std::vector<EnumWord>& ProjectCategoryWords() {
  static const std::vector<EnumWord> w = {
      {v1::PROJECT_CATEGORY_INDUSTRIAL, {"industrial", "产业项目", "产业"}},
      {v1::PROJECT_CATEGORY_URBAN_RENEWAL, {"urban_renewal", "城市更新"}},
      {v1::PROJECT_CATEGORY_AFFORDABLE_HOUSING, {"affordable_housing", "保障性住房"}},
      {v1::PROJECT_CATEGORY_DUAL_USE_PUBLIC_INFRA, {"dual_use_public_infra", "平急两用"}},
      {v1::PROJECT_CATEGORY_URBAN_VILLAGE, {"urban_village", "城中村改造"}},
      {v1::PROJECT_CATEGORY_INFRASTRUCTURE, {"infrastructure", "基础设施"}},
      {v1::PROJECT_CATEGORY_SOCIAL_FACILITY, {"social_facility", "社会事业", "社会事业设施"}},
      {v1::PROJECT_CATEGORY_ECOLOGICAL, {"ecological", "生态环保"}},
      {v1::PROJECT_CATEGORY_OTHER, {"other", "其他"}},
  };
  return w;
}

const std::vector<EnumWord>& ProjectStageWords() {
  static const std::vector<EnumWord> w = {
      {v1::PROJECT_STAGE_PLANNED, {"planned", "谋划", "planned_on"}},
      {v1::PROJECT_STAGE_SIGNED, {"signed", "签约", "signed_on"}},
      {v1::PROJECT_STAGE_STARTED, {"started", "开工", "started_on"}},
      {v1::PROJECT_STAGE_COMPLETED, {"completed", "竣工", "completed_on"}},
      {v1::PROJECT_STAGE_IN_OPERATION, {"in_operation", "投产", "in_operation_on"}},
  };
  return w;
}

absl::StatusOr<ProjectRow> ParseProjectRow(const Record& r, const ImportOptions& o) {
  ProjectRow row;
  v1::Project& p = row.project;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  row.reported_by = basics.reported_by;
  p.set_district(basics.district);
  ASSIGN_OR_RETURN(std::string id, Required(r, "project_id"));
  p.set_project_id(id);
  p.set_name(absl::StrCat("districts/", basics.district, "/projects/", id));
  ASSIGN_OR_RETURN(std::string title, Required(r, "title_zh"));
  p.set_title_zh(title);
  row.given.insert("title_zh");
  if (auto en = r.Get("title_en")) {
    p.set_title_en(*en);
    row.given.insert("title_en");
  }
  ASSIGN_OR_RETURN(int cat, RequiredEnum(r, "category", ProjectCategoryWords()));
  p.set_category(static_cast<v1::ProjectCategory>(cat));
  row.given.insert("category");
  for (const char* flag : {"key_project", "three_batch"}) {
    if (auto cell = r.Get(flag)) {
      ASSIGN_OR_RETURN(bool b, Named(ParseBool(*cell), flag));
      if (std::string(flag) == "key_project") p.set_key_project(b); else p.set_three_batch(b);
      row.given.insert(flag);
    }
  }
  ASSIGN_OR_RETURN(std::string lead, Required(r, "lead_department"));
  p.set_lead_department(lead);
  row.given.insert("lead_department");
  for (const char* base : {"total_investment", "planned_investment"}) {
    ASSIGN_OR_RETURN(std::optional<int64_t> v, MoneyOf(r, base));
    if (!v) continue;
    if (*v < 0) return absl::InvalidArgumentError(absl::StrCat(base, " is negative"));
    if (std::string(base) == "total_investment") p.set_total_investment_yuan(*v);
    else p.set_planned_investment_yuan(*v);
    row.given.insert(absl::StrCat(base, "_yuan"));
  }
  if (p.planned_investment_yuan() > p.total_investment_yuan() &&
      row.given.count("total_investment_yuan")) {
    return absl::InvalidArgumentError("planned_investment is more than total_investment");
  }
  for (const DateField& f : DateFields()) {
    auto cell = r.Get(f.path);
    if (!cell) continue;
    ASSIGN_OR_RETURN(v1::Date d, Named(ParseDate(*cell), f.path));
    RETURN_IF_ERROR(NotInFuture(d, f.path));
    *(p.*f.mutable_field)() = d;
    row.given.insert(f.path);
  }
  if (auto reason = r.Get("correction_reason")) row.correction_reason = *reason;
  row.content = absl::StrCat(p.ShortDebugString(), "|", row.reported_by);
  return row;
}

WriteOutcome UpsertProject(v1::InvestmentService::Stub& stub, const ProjectRow& row,
                           bool validate_only) {
  v1::GetProjectRequest get;
  get.set_name(row.project.name());
  get.set_view(v1::PROJECT_VIEW_BASIC);
  v1::Project stored;
  grpc::Status s = stub.GetProject(Ctx().get(), get, &stored);
  if (s.error_code() == grpc::StatusCode::NOT_FOUND) {
    v1::CreateProjectRequest create;
    *create.mutable_project() = row.project;
    create.mutable_project()->clear_name();
    create.set_reported_by(row.reported_by);
    create.set_request_id(RequestId("project", row.content));
    create.set_validate_only(validate_only);
    v1::Project created;
    return {stub.CreateProject(Ctx().get(), create, &created), true};
  }
  if (!s.ok()) return {s, false};
  // Only the fields the row fills and that differ from the stored project.
  v1::UpdateProjectRequest update;
  const google::protobuf::Descriptor* desc = v1::Project::descriptor();
  const google::protobuf::Reflection* refl = v1::Project::GetReflection();
  for (const std::string& path : row.given) {
    const google::protobuf::FieldDescriptor* fd = desc->FindFieldByName(path);
    if (fd == nullptr) continue;
    bool same;
    if (fd->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      same = refl->HasField(stored, fd) &&
             google::protobuf::util::MessageDifferencer::Equals(refl->GetMessage(stored, fd),
                                                                refl->GetMessage(row.project, fd));
    } else {
      using FD = google::protobuf::FieldDescriptor;
      switch (fd->cpp_type()) {
        case FD::CPPTYPE_BOOL: same = refl->GetBool(stored, fd) == refl->GetBool(row.project, fd); break;
        case FD::CPPTYPE_INT64: same = refl->GetInt64(stored, fd) == refl->GetInt64(row.project, fd); break;
        case FD::CPPTYPE_ENUM: same = refl->GetEnumValue(stored, fd) == refl->GetEnumValue(row.project, fd); break;
        case FD::CPPTYPE_STRING: same = refl->GetString(stored, fd) == refl->GetString(row.project, fd); break;
        default: same = false;
      }
    }
    if (!same) update.mutable_update_mask()->add_paths(path);
  }
  if (update.update_mask().paths().empty()) return {grpc::Status::OK, false};
  *update.mutable_project() = row.project;
  update.set_reported_by(row.reported_by);
  update.set_correction_reason(row.correction_reason);
  update.set_validate_only(validate_only);
  v1::Project updated;
  return {stub.UpdateProject(Ctx().get(), update, &updated), true};
}

ImportKind ProjectsKind() {
  ImportKind k;
  k.name = "projects";
  k.summary = "one row per project: created, or the fields that differ updated (InvestmentService)";
  k.fields = Fields();
  k.run = [](const ParsedFile& f, const ImportOptions& o) {
    auto stub = v1::InvestmentService::NewStub(ChannelTo(G().investment_addr));
    return RunRows<ProjectRow>(f, o, "projects", ParseProjectRow,
                               [&](const ProjectRow& row) { return UpsertProject(*stub, row, o.dry_run); });
  };
  return k;
}

}  // namespace devplan::ctl
