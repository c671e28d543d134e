// devplanctl plan …: list, show and put plans (textproto files as in deploy/plans/).
#include <iostream>
#include <memory>

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include "absl/strings/str_cat.h"
#include "devplan/v1/scorecard.grpc.pb.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/commands.h"
#include "services/devplanctl/csv.h"
#include "services/devplanctl/output.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

struct Args {
  std::string district, name, file, request_id;
  int year = 0, version = 0;
  bool json = false;
};

std::unique_ptr<v1::ScorecardService::Stub> Stub() {
  return v1::ScorecardService::NewStub(ChannelTo(G().scorecard_addr));
}

int List(const Args& a) {
  v1::ListPlansRequest req;
  req.set_district(a.district);
  req.set_page_size(100);
  v1::ListPlansResponse resp;
  CheckRpc(Stub()->ListPlans(Ctx().get(), req, &resp), "plan list", G().scorecard_addr);
  if (a.json) {
    PrintProto(resp, true);
    return kExitOk;
  }
  for (const auto& p : resp.plans()) {
    std::cout << PadRight(p.name(), 30) << " v" << p.version() << "  "
              << PadRight(p.title(), 44) << " " << p.indicators_size() << " indicators"
              << (p.sample() ? " [SAMPLE]" : "") << "\n";
  }
  return kExitOk;
}

int Show(const Args& a) {
  v1::GetPlanRequest req;
  if (!a.name.empty()) {
    req.set_name(a.name);
  } else {
    if (a.district.empty() || a.year == 0) throw CliError(kExitBadInput, "plan show: give NAME or --district and --year");
    req.set_name(absl::StrCat("districts/", a.district, "/plans/", a.year));
  }
  req.set_version(a.version);
  v1::Plan plan;
  CheckRpc(Stub()->GetPlan(Ctx().get(), req, &plan), "plan show", G().scorecard_addr);
  PrintProto(plan, a.json);
  return kExitOk;
}

int Put(const Args& a) {
  absl::StatusOr<std::string> text = ReadWholeFile(a.file);
  if (!text.ok()) throw CliError(kExitBadInput, std::string(text.status().message()));
  v1::PutPlanRequest req;
  struct Collector : google::protobuf::io::ErrorCollector {
    std::string errors;
    void AddError(int line, int column, const std::string& message) override {
      errors += absl::StrCat("\n  line ", line + 1, ":", column + 1, ": ", message);
    }
  } collector;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  if (!parser.ParseFromString(*text, req.mutable_plan())) {
    throw CliError(kExitBadInput, absl::StrCat(a.file, ": not a devplan.v1.Plan textproto:", collector.errors));
  }
  // The same file content → the same request id (as scripts/devplan_tools/sample/plans.py),
  // so putting a file twice stores one version.
  req.set_request_id(a.request_id.empty() ? "plan-" + Sha256Hex(*text).substr(0, 40) : a.request_id);
  v1::Plan stored;
  CheckRpc(Stub()->PutPlan(Ctx().get(), req, &stored), "plan put", G().scorecard_addr);
  std::cout << stored.name() << ": version " << stored.version() << " ("
            << stored.indicators_size() << " indicators)\n";
  return kExitOk;
}

}  // namespace

void AddPlanCommands(CLI::App& app) {
  auto a = std::make_shared<Args>();
  CLI::App* plan = app.add_subcommand("plan", "ScorecardService: plans as data");
  plan->require_subcommand(1);
  CLI::App* list = plan->add_subcommand("list", "plans in force (every district, or one)");
  list->add_option("--district", a->district, "only this district");
  list->add_flag("--json", a->json, "protobuf JSON");
  list->callback([a] { throw CLI::RuntimeError(List(*a)); });
  CLI::App* show = plan->add_subcommand("show", "one plan as a textproto (or JSON)");
  show->add_option("name", a->name, "districts/{district}/plans/{year}");
  show->add_option("--district", a->district, "with --year instead of NAME");
  show->add_option("--year", a->year, "plan year");
  show->add_option("--version", a->version, "a stored version (default: the one in force)");
  show->add_flag("--json", a->json, "protobuf JSON");
  show->callback([a] { throw CLI::RuntimeError(Show(*a)); });
  CLI::App* put = plan->add_subcommand("put", "store a plan from a textproto file (a new version)");
  put->add_option("file", a->file, "FILE.textproto (devplan.v1.Plan)")->required()->check(CLI::ExistingFile);
  put->add_option("--request-id", a->request_id, "idempotency key (default: from the file content)");
  put->callback([a] { throw CLI::RuntimeError(Put(*a)); });
}

}  // namespace devplan::ctl
