// devplanctl investment …: projects (add, list, show, move-stage), monthly investment and
// economic figures.
#include <iostream>
#include <memory>

#include "absl/strings/str_cat.h"
#include "devplan/v1/investment.grpc.pb.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/commands.h"
#include "services/devplanctl/import_projects.h"
#include "services/devplanctl/output.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

struct Args {
  std::string district, reported_by, id, title, title_en, category, lead, stage, date, reason;
  std::string total_yi, planned_yi, total_yuan, planned_yuan;
  std::string planned_on, signed_on, started_on, completed_on, in_operation_on;
  std::string month, amount_yuan, amount_wan, amount_yi, indicator, period, value, value_wan,
      value_yi, note;
  bool key = false, three_batch = false, key_only = false, json = false;
};

std::unique_ptr<v1::InvestmentService::Stub> Stub() {
  return v1::InvestmentService::NewStub(ChannelTo(G().investment_addr));
}

void AddDistrict(CLI::App* cmd, Args& a) {
  cmd->add_option("--district", a.district, "GB/T 2260 district code")
      ->envname("DEVPLAN_DISTRICT")->required();
}
void AddReporter(CLI::App* cmd, Args& a) {
  cmd->add_option("--reported-by", a.reported_by,
                  "reporting department, e.g. 区发展改革委; default: your identity's (the server "
                  "fills it in)")
      ->envname("DEVPLAN_REPORTED_BY");
}

ImportOptions Opts(const Args& a) {
  ImportOptions o;
  o.district = a.district;
  o.reported_by = a.reported_by;
  o.reporter_from_identity = ReporterFromIdentity();
  return o;
}

std::string StageName(v1::ProjectStage s) {
  for (const EnumWord& w : ProjectStageWords()) {
    if (w.value == s) return w.words[0];
  }
  return "-";
}
std::string CategoryName(v1::ProjectCategory c) {
  for (const EnumWord& w : ProjectCategoryWords()) {
    if (w.value == c) return w.words[1];
  }
  return "-";
}

int Add(const Args& a) {
  std::map<std::string, std::string> v = {
      {"project_id", a.id}, {"title_zh", a.title}, {"title_en", a.title_en},
      {"category", a.category}, {"lead_department", a.lead},
      {"key_project", a.key ? "yes" : "no"}, {"three_batch", a.three_batch ? "yes" : "no"},
      {"total_investment_yi", a.total_yi}, {"planned_investment_yi", a.planned_yi},
      {"total_investment_yuan", a.total_yuan}, {"planned_investment_yuan", a.planned_yuan},
      {"planned_on", a.planned_on}, {"signed_on", a.signed_on}, {"started_on", a.started_on},
      {"completed_on", a.completed_on}, {"in_operation_on", a.in_operation_on}};
  Record r;
  r.file = "projects add";
  r.values = v;
  absl::StatusOr<ProjectRow> row = ParseProjectRow(r, Opts(a));
  if (!row.ok()) throw CliError(kExitBadInput, absl::StrCat("projects add: ", row.status().message()));
  v1::CreateProjectRequest req;
  *req.mutable_project() = row->project;
  req.mutable_project()->clear_name();
  req.set_reported_by(row->reported_by);
  req.set_request_id(RequestId("project", row->content));
  v1::Project out;
  CheckRpc(Stub()->CreateProject(Ctx().get(), req, &out), "projects add", G().investment_addr);
  std::cout << out.name() << ": created, stage " << StageName(out.stage()) << "\n";
  return kExitOk;
}

int List(const Args& a) {
  v1::ListProjectsRequest req;
  req.set_district(a.district);
  req.set_page_size(1000);
  if (a.key_only) req.set_key_project(true);
  if (!a.category.empty()) {
    absl::StatusOr<int> c = ParseEnum(a.category, ProjectCategoryWords(), "category");
    if (!c.ok()) throw CliError(kExitBadInput, std::string(c.status().message()));
    req.set_category(static_cast<v1::ProjectCategory>(*c));
  }
  if (!a.stage.empty()) {
    absl::StatusOr<int> s = ParseEnum(a.stage, ProjectStageWords(), "stage");
    if (!s.ok()) throw CliError(kExitBadInput, std::string(s.status().message()));
    req.set_stage(static_cast<v1::ProjectStage>(*s));
  }
  auto stub = Stub();
  v1::ListProjectsResponse all;
  do {
    v1::ListProjectsResponse page;
    CheckRpc(stub->ListProjects(Ctx().get(), req, &page), "projects list", G().investment_addr);
    for (auto& p : *page.mutable_projects()) *all.add_projects() = std::move(p);
    all.set_total_size(page.total_size());
    req.set_page_token(page.next_page_token());
  } while (!req.page_token().empty());
  if (a.json) {
    PrintProto(all, true);
    return kExitOk;
  }
  std::cout << PadRight("id", 16) << PadRight("项目名称", 40) << PadRight("类别", 12)
            << PadRight("stage", 14) << PadLeft("总投资", 14) << "  牵头单位\n";
  for (const auto& p : all.projects()) {
    std::cout << PadRight(FitWidth(p.project_id(), 15), 16) << PadRight(FitWidth(p.title_zh(), 38), 40)
              << PadRight(CategoryName(p.category()), 12) << PadRight(StageName(p.stage()), 14)
              << PadLeft(FormatYi(static_cast<double>(p.total_investment_yuan())), 14) << "  "
              << p.lead_department() << (p.key_project() ? "  [重点]" : "") << "\n";
  }
  std::cout << all.total_size() << " projects\n";
  return kExitOk;
}

int Show(const Args& a) {
  v1::GetProjectRequest req;
  req.set_name(absl::StrCat("districts/", a.district, "/projects/", a.id));
  v1::Project p;
  CheckRpc(Stub()->GetProject(Ctx().get(), req, &p), "projects show", G().investment_addr);
  if (a.json) {
    PrintProto(p, true);
    return kExitOk;
  }
  std::cout << p.name() << "\n  " << p.title_zh() << (p.title_en().empty() ? "" : " / " + p.title_en())
            << "\n  类别 " << CategoryName(p.category()) << (p.key_project() ? ", 重点项目" : "")
            << (p.three_batch() ? ", 三个一批" : "") << "\n  总投资 "
            << FormatYi(static_cast<double>(p.total_investment_yuan())) << ", 年度计划 "
            << FormatYi(static_cast<double>(p.planned_investment_yuan())) << "\n  牵头单位 "
            << p.lead_department() << "\n  stage " << StageName(p.stage()) << ":";
  auto date = [](const char* label, bool has, const v1::Date& d) {
    if (has) std::cout << " " << label << " " << FormatDate(d);
  };
  date("planned", p.has_planned_on(), p.planned_on());
  date("signed", p.has_signed_on(), p.signed_on());
  date("started", p.has_started_on(), p.started_on());
  date("completed", p.has_completed_on(), p.completed_on());
  date("in operation", p.has_in_operation_on(), p.in_operation_on());
  std::cout << "\n  history:\n";
  for (const auto& h : p.history()) {
    std::cout << "    " << h.action() << " by " << h.reported_by();
    for (const auto& c : h.changes()) {
      std::cout << "; " << c.field() << ": " << (c.old_value().empty() ? "∅" : c.old_value())
                << " → " << c.new_value();
    }
    if (!h.reason().empty()) std::cout << " (reason: " << h.reason() << ")";
    std::cout << "\n";
  }
  return kExitOk;
}

int MoveStage(const Args& a) {
  absl::StatusOr<int> stage = ParseEnum(a.stage, ProjectStageWords(), "stage");
  if (!stage.ok()) throw CliError(kExitBadInput, std::string(stage.status().message()));
  absl::StatusOr<v1::Date> date = ParseDate(a.date);
  if (!date.ok()) throw CliError(kExitBadInput, absl::StrCat("--date: ", date.status().message()));
  v1::UpdateProjectRequest req;
  v1::Project& p = *req.mutable_project();
  p.set_name(absl::StrCat("districts/", a.district, "/projects/", a.id));
  const char* path = nullptr;
  switch (*stage) {
    case v1::PROJECT_STAGE_PLANNED: path = "planned_on"; *p.mutable_planned_on() = *date; break;
    case v1::PROJECT_STAGE_SIGNED: path = "signed_on"; *p.mutable_signed_on() = *date; break;
    case v1::PROJECT_STAGE_STARTED: path = "started_on"; *p.mutable_started_on() = *date; break;
    case v1::PROJECT_STAGE_COMPLETED: path = "completed_on"; *p.mutable_completed_on() = *date; break;
    default: path = "in_operation_on"; *p.mutable_in_operation_on() = *date; break;
  }
  req.mutable_update_mask()->add_paths(path);
  req.set_reported_by(a.reported_by);
  req.set_correction_reason(a.reason);
  v1::Project out;
  CheckRpc(Stub()->UpdateProject(Ctx().get(), req, &out), "projects move-stage", G().investment_addr);
  std::cout << out.name() << ": stage " << StageName(out.stage()) << "\n";
  return kExitOk;
}

}  // namespace

void AddInvestmentCommands(CLI::App& app) {
  auto a = std::make_shared<Args>();
  CLI::App* inv = app.add_subcommand("investment", "InvestmentService: projects, monthly investment, economic figures");
  inv->require_subcommand(1);
  CLI::App* projects = inv->add_subcommand("projects", "key projects and their lifecycle");
  projects->require_subcommand(1);

  CLI::App* add = projects->add_subcommand("add", "create a project");
  AddDistrict(add, *a);
  AddReporter(add, *a);
  add->add_option("--id", a->id, "project id (A-Z a-z 0-9 _ . -)")->required();
  add->add_option("--title", a->title, "Chinese name")->required();
  add->add_option("--title-en", a->title_en, "English name");
  add->add_option("--category", a->category, "industrial/产业项目, infrastructure/基础设施, …")->required();
  add->add_option("--lead-department", a->lead, "e.g. 区发展改革委")->required();
  add->add_flag("--key", a->key, "one of the plan's key projects (重点项目)");
  add->add_flag("--three-batch", a->three_batch, "in the 三个一批 signing batch");
  add->add_option("--total-yi", a->total_yi, "total investment in 亿元");
  add->add_option("--total-yuan", a->total_yuan, "total investment in yuan");
  add->add_option("--planned-yi", a->planned_yi, "investment planned for the year in 亿元");
  add->add_option("--planned-yuan", a->planned_yuan, "investment planned for the year in yuan");
  add->add_option("--planned-on", a->planned_on, "YYYY-MM-DD");
  add->add_option("--signed-on", a->signed_on, "YYYY-MM-DD");
  add->add_option("--started-on", a->started_on, "YYYY-MM-DD (开工)");
  add->add_option("--completed-on", a->completed_on, "YYYY-MM-DD");
  add->add_option("--in-operation-on", a->in_operation_on, "YYYY-MM-DD");
  add->callback([a] { throw CLI::RuntimeError(Add(*a)); });

  CLI::App* list = projects->add_subcommand("list", "list a district's projects");
  AddDistrict(list, *a);
  list->add_option("--category", a->category, "only this category");
  list->add_option("--stage", a->stage, "only this stage: planned, signed, started, completed, in_operation");
  list->add_flag("--key-only", a->key_only, "only key projects");
  list->add_flag("--json", a->json, "protobuf JSON instead of a table");
  list->callback([a] { throw CLI::RuntimeError(List(*a)); });

  CLI::App* show = projects->add_subcommand("show", "one project with its history");
  AddDistrict(show, *a);
  show->add_option("id", a->id, "project id")->required();
  show->add_flag("--json", a->json, "protobuf JSON");
  show->callback([a] { throw CLI::RuntimeError(Show(*a)); });

  CLI::App* move = projects->add_subcommand("move-stage", "record the date a project reached a stage");
  AddDistrict(move, *a);
  AddReporter(move, *a);
  move->add_option("id", a->id, "project id")->required();
  move->add_option("--stage", a->stage, "planned, signed, started (开工), completed, in_operation")->required();
  move->add_option("--date", a->date, "YYYY-MM-DD, not in the future")->required();
  move->add_option("--correction-reason", a->reason, "needed to change an already recorded date");
  move->callback([a] { throw CLI::RuntimeError(MoveStage(*a)); });

  CLI::App* ri = inv->add_subcommand("report-investment", "investment completed in one month of a project");
  AddDistrict(ri, *a);
  AddReporter(ri, *a);
  ri->add_option("--project", a->id, "project id")->required();
  ri->add_option("--month", a->month, "YYYY-MM")->required();
  ri->add_option("--amount-yuan", a->amount_yuan, "amount in yuan");
  ri->add_option("--amount-wan", a->amount_wan, "amount in 万元");
  ri->add_option("--amount-yi", a->amount_yi, "amount in 亿元");
  ri->callback([a] {
    throw CLI::RuntimeError(WriteOneRecord(
        "investment", "report-investment",
        {{"project_id", a->id}, {"month", a->month}, {"amount_yuan", a->amount_yuan},
         {"amount_wan", a->amount_wan}, {"amount_yi", a->amount_yi}},
        Opts(*a)));
  });

  CLI::App* rf = inv->add_subcommand("report-figure", "an economic-operations figure for a period");
  AddDistrict(rf, *a);
  AddReporter(rf, *a);
  rf->add_option("--indicator", a->indicator, "gdp_growth, fixed_asset_investment_growth, budget_revenue, … or its Chinese name")->required();
  rf->add_option("--period", a->period, "YYYY-MM (quarterly indicators: 03/06/09/12)")->required();
  rf->add_option("--value", a->value, "percentage points, yuan or a count");
  rf->add_option("--value-wan", a->value_wan, "an amount in 万元");
  rf->add_option("--value-yi", a->value_yi, "an amount in 亿元");
  rf->add_option("--revision-note", a->note, "why a stored figure is revised");
  rf->callback([a] {
    throw CLI::RuntimeError(WriteOneRecord(
        "figures", "report-figure",
        {{"indicator", a->indicator}, {"period", a->period}, {"value", a->value},
         {"value_wan", a->value_wan}, {"value_yi", a->value_yi}, {"revision_note", a->note}},
        Opts(*a)));
  });
}

}  // namespace devplan::ctl
