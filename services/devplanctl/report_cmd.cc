// devplanctl report --district D --as-of DATE --format html|md|csv|json --out FILE: the
// scheduled job. Exit 4 when a source failed (the report is still written and says which),
// unless --allow-partial.
#include <iostream>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/commands.h"
#include "services/devplanctl/csv.h"
#include "services/devplanctl/report.h"

namespace devplan::ctl {
namespace {

struct Args {
  std::string district, as_of, format = "html", out;
  bool allow_partial = false;
};

int Run(const Args& a) {
  ReportData data = FetchReportData(a.district, AsOfOrToday(a.as_of));
  std::string text = a.format == "html" ? RenderHtml(data)
                     : a.format == "md" ? RenderMarkdown(data)
                     : a.format == "csv" ? RenderCsv(data)
                                         : RenderJson(data);
  if (a.out.empty() || a.out == "-") {
    std::cout << text;
  } else {
    absl::Status s = WriteWholeFile(a.out, text);
    if (!s.ok()) throw CliError(kExitOther, std::string(s.message()));
    std::cerr << a.out << ": " << a.format << " report of " << data.card.indicators_size()
              << " indicators as of " << a.as_of << "\n";
  }
  for (const auto& n : data.notes) std::cerr << "note: " << n << "\n";
  if (!data.failed_sources.empty()) {
    std::cerr << "devplanctl: PARTIAL: no answer from " << absl::StrJoin(data.failed_sources, ", ")
              << (a.allow_partial ? " (--allow-partial: exit 0)" : "") << "\n";
    if (!a.allow_partial) return kExitUnavailable;
  }
  return kExitOk;
}

}  // namespace

void AddReportCommand(CLI::App& app) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("report", "write a district's report: html (charts), md, csv or json");
  cmd->add_option("--district", a->district, "GB/T 2260 district code")->envname("DEVPLAN_DISTRICT")->required();
  cmd->add_option("--as-of", a->as_of, "YYYY-MM-DD (default today, China time)");
  cmd->add_option("--format", a->format, "html, md, csv or json")
      ->check(CLI::IsMember({"html", "md", "csv", "json"}))->capture_default_str();
  cmd->add_option("--out", a->out, "output file (default: stdout)");
  cmd->add_flag("--allow-partial", a->allow_partial,
                "exit 0 even when a source service did not answer (the report says which)");
  cmd->callback([a] { throw CLI::RuntimeError(Run(*a)); });
}

}  // namespace devplan::ctl
