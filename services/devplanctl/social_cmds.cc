// devplanctl social …: monthly figures and facilities (list, show, step).
#include <iostream>
#include <memory>

#include "absl/strings/str_cat.h"
#include "devplan/v1/social.grpc.pb.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/commands.h"
#include "services/devplanctl/import_facilities.h"
#include "services/devplanctl/output.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

struct Args {
  std::string district, reported_by, indicator, month, value, note, id, kind, stage, date, reason;
  bool json = false;
};

std::unique_ptr<v1::SocialService::Stub> Stub() {
  return v1::SocialService::NewStub(ChannelTo(G().social_addr));
}

std::string Word(const std::vector<EnumWord>& words, int v, int which) {
  for (const EnumWord& w : words) {
    if (w.value == v) return w.words[std::min<size_t>(which, w.words.size() - 1)];
  }
  return "-";
}

int List(const Args& a) {
  v1::ListFacilitiesRequest req;
  req.set_district(a.district);
  req.set_page_size(1000);
  if (!a.kind.empty()) {
    absl::StatusOr<int> k = ParseEnum(a.kind, FacilityKindWords(), "kind");
    if (!k.ok()) throw CliError(kExitBadInput, std::string(k.status().message()));
    req.set_kind(static_cast<v1::FacilityKind>(*k));
  }
  v1::ListFacilitiesResponse resp;
  CheckRpc(Stub()->ListFacilities(Ctx().get(), req, &resp), "facilities list", G().social_addr);
  if (a.json) {
    PrintProto(resp, true);
    return kExitOk;
  }
  std::cout << PadRight("id", 18) << PadRight("名称", 40) << PadRight("类型", 10)
            << PadRight("阶段", 12) << "日期\n";
  for (const auto& f : resp.facilities()) {
    std::cout << PadRight(FitWidth(f.facility_id(), 17), 18) << PadRight(FitWidth(f.title_zh(), 38), 40)
              << PadRight(Word(FacilityKindWords(), f.kind(), 1), 10)
              << PadRight(Word(FacilityStageWords(), f.stage(), 1), 12)
              << (f.has_stage_date() ? FormatDate(f.stage_date()) : "") << "\n";
  }
  std::cout << resp.total_size() << " facilities\n";
  return kExitOk;
}

void PrintFacility(const v1::Facility& f) {
  std::cout << f.name() << "\n  " << f.title_zh() << (f.title_en().empty() ? "" : " / " + f.title_en())
            << "\n  类型 " << Word(FacilityKindWords(), f.kind(), 1) << ", 牵头单位 "
            << f.lead_department() << "\n  阶段 " << Word(FacilityStageWords(), f.stage(), 1)
            << (f.has_stage_date() ? " " + FormatDate(f.stage_date()) : "") << "\n  steps:\n";
  for (const auto& s : f.steps()) {
    std::cout << "    #" << s.sequence() << " " << Word(FacilityStageWords(), s.stage(), 0) << " "
              << FormatDate(s.date()) << " by " << s.reported_by()
              << (s.correction_reason().empty() ? "" : " (correction: " + s.correction_reason() + ")")
              << (s.withdrawn_by() ? absl::StrCat(" [withdrawn by #", s.withdrawn_by(), "]") : "")
              << "\n";
  }
}

int Show(const Args& a) {
  v1::GetFacilityRequest req;
  req.set_name(absl::StrCat("districts/", a.district, "/facilities/", a.id));
  v1::Facility f;
  CheckRpc(Stub()->GetFacility(Ctx().get(), req, &f), "facilities show", G().social_addr);
  if (a.json) PrintProto(f, true); else PrintFacility(f);
  return kExitOk;
}

int Step(const Args& a) {
  absl::StatusOr<int> stage = ParseEnum(a.stage, FacilityStageWords(), "stage");
  if (!stage.ok()) throw CliError(kExitBadInput, std::string(stage.status().message()));
  absl::StatusOr<v1::Date> date = ParseDate(a.date);
  if (!date.ok()) throw CliError(kExitBadInput, absl::StrCat("--date: ", date.status().message()));
  v1::RecordFacilityStepRequest req;
  req.set_name(absl::StrCat("districts/", a.district, "/facilities/", a.id));
  req.set_stage(static_cast<v1::FacilityStage>(*stage));
  *req.mutable_date() = *date;
  req.set_reported_by(a.reported_by);
  req.set_correction_reason(a.reason);
  v1::Facility f;
  CheckRpc(Stub()->RecordFacilityStep(Ctx().get(), req, &f), "facilities step", G().social_addr);
  PrintFacility(f);
  return kExitOk;
}

}  // namespace

void AddSocialCommands(CLI::App& app) {
  auto a = std::make_shared<Args>();
  CLI::App* soc = app.add_subcommand("social", "SocialService: monthly figures and facilities");
  soc->require_subcommand(1);
  auto district = [a](CLI::App* c) {
    c->add_option("--district", a->district, "GB/T 2260 district code")->envname("DEVPLAN_DISTRICT")->required();
  };
  auto reporter = [a](CLI::App* c) {
    c->add_option("--reported-by", a->reported_by,
                    "reporting department, e.g. 区人力资源和社会保障局; default: your identity's (the server "
                    "fills it in)")
        ->envname("DEVPLAN_REPORTED_BY");
  };

  CLI::App* rf = soc->add_subcommand("report-figure", "one indicator's new count for one month");
  district(rf);
  reporter(rf);
  rf->add_option("--indicator", a->indicator, "new_urban_jobs/新增城镇就业, skills_training, new_skilled_talents, new_high_skilled_talents, problem_housing_resolved, presold_homes_delivered")->required();
  rf->add_option("--month", a->month, "YYYY-MM")->required();
  rf->add_option("--value", a->value, "the month's new count")->required();
  rf->add_option("--note", a->note, "why a stored value is revised");
  rf->callback([a] {
    ImportOptions o;
    o.district = a->district;
    o.reported_by = a->reported_by;
    o.reporter_from_identity = ReporterFromIdentity();
    throw CLI::RuntimeError(WriteOneRecord(
        "social-figures", "report-figure",
        {{"indicator", a->indicator}, {"month", a->month}, {"value", a->value}, {"note", a->note}}, o));
  });

  CLI::App* fac = soc->add_subcommand("facilities", "schools, health and fitness facilities");
  fac->require_subcommand(1);
  CLI::App* list = fac->add_subcommand("list", "a district's facilities");
  district(list);
  list->add_option("--kind", a->kind, "school, vocational_school, health, fitness");
  list->add_flag("--json", a->json, "protobuf JSON");
  list->callback([a] { throw CLI::RuntimeError(List(*a)); });
  CLI::App* show = fac->add_subcommand("show", "one facility with every step");
  district(show);
  show->add_option("id", a->id, "facility id")->required();
  show->add_flag("--json", a->json, "protobuf JSON");
  show->callback([a] { throw CLI::RuntimeError(Show(*a)); });
  CLI::App* step = fac->add_subcommand("step", "record a dated lifecycle step");
  district(step);
  reporter(step);
  step->add_option("id", a->id, "facility id")->required();
  step->add_option("--stage", a->stage, "planned, started, suspended, resumed, structure_done, completed, delivered, in_service (or 开工, 主体完工, 竣工, 交付, 投用 …)")->required();
  step->add_option("--date", a->date, "YYYY-MM-DD")->required();
  step->add_option("--correction-reason", a->reason, "withdraws steps of this stage or later first");
  step->callback([a] { throw CLI::RuntimeError(Step(*a)); });
}

}  // namespace devplan::ctl
