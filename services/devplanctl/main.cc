// devplanctl: the command-line client of the devplan suite, for departments (CSV imports,
// single writes, reads) and scheduled scorecard jobs (reports). Exit codes: cli.h.
#include <iostream>

#include "services/devplanctl/cli.h"
#include "services/devplanctl/commands.h"

int main(int argc, char** argv) {
  using namespace devplan::ctl;
  CLI::App app{
      "devplanctl — the devplan command line: import CSV exports, record single facts, read "
      "resources, print scorecards, write reports and read the audit trail.\n"
      "Every call goes over TLS (--tls-ca) as your identity (--cert/--key or --token-file); "
      "--insecure only for a development suite started with --insecure.\n"
      "Exit codes: 0 ok, 1 other error, 2 bad input (usage, bad rows, INVALID_ARGUMENT), "
      "3 refused by stored state (NOT_FOUND, FAILED_PRECONDITION, ALREADY_EXISTS), "
      "4 a service unavailable or a partial scorecard, 5 refused by access control "
      "(UNAUTHENTICATED, PERMISSION_DENIED).",
      "devplanctl"};
  app.require_subcommand(1);
  app.fallthrough();  // global flags (addresses, --color) may follow a subcommand too
  AddGlobalFlags(app);
  AddInvestmentCommands(app);
  AddEnvironmentCommands(app);
  AddSocialCommands(app);
  AddPlanCommands(app);
  AddImportCommand(app);
  AddScorecardCommand(app);
  AddReportCommand(app);
  AddAuditCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitBadInput;
  } catch (const CliError& e) {
    std::cerr << "devplanctl: " << e.what() << "\n";
    return e.code();
  }
  return kExitOk;
}
