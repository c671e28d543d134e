// devplanctl scorecard --district D [--as-of DATE] [--area AREA]: the terminal table.
#include <iostream>
#include <memory>

#include "absl/strings/str_cat.h"
#include "devplan/v1/scorecard.grpc.pb.h"
#include "services/common/dates.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/commands.h"
#include "services/devplanctl/output.h"
#include "services/devplanctl/report_data.h"
#include "services/devplanctl/scorecard_table.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

struct Args {
  std::string district, as_of;
  std::vector<std::string> areas;
  bool json = false, allow_partial = false;
};

int Run(const Args& a) {
  v1::GetScorecardRequest req;
  req.set_district(a.district);
  *req.mutable_as_of() = AsOfOrToday(a.as_of);
  for (const auto& area : a.areas) req.add_areas(ParseAreaOrThrow(area));
  auto stub = v1::ScorecardService::NewStub(ChannelTo(G().scorecard_addr));
  v1::Scorecard card;
  CheckRpc(stub->GetScorecard(Ctx().get(), req, &card), "scorecard", G().scorecard_addr);
  if (a.json) {
    PrintProto(card, true);
  } else {
    std::cout << RenderScorecardTable(card, StdoutColor());
  }
  if (!card.failed_sources().empty() && !a.allow_partial) return kExitUnavailable;
  return kExitOk;
}

}  // namespace

void AddScorecardCommand(CLI::App& app) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("scorecard", "a district's scorecard as a table grouped by area");
  cmd->add_option("--district", a->district, "GB/T 2260 district code")->envname("DEVPLAN_DISTRICT")->required();
  cmd->add_option("--as-of", a->as_of, "YYYY-MM-DD (default today, China time)");
  cmd->add_option("--area", a->areas, "only this area (repeatable): economy/经济运行, projects/项目建设, vitality/发展活力, ecology/生态环境, urban_rural/城乡融合, livelihood/民生保障");
  cmd->add_flag("--json", a->json, "protobuf JSON of the scorecard");
  cmd->add_flag("--allow-partial", a->allow_partial, "exit 0 even when a source service did not answer");
  cmd->callback([a] { throw CLI::RuntimeError(Run(*a)); });
}

}  // namespace devplan::ctl
