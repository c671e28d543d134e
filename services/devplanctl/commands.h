// The subcommand groups of devplanctl, one function each (one file each).
#pragma once

#include <CLI/CLI.hpp>

namespace devplan::ctl {

void AddInvestmentCommands(CLI::App& app);
void AddEnvironmentCommands(CLI::App& app);
void AddSocialCommands(CLI::App& app);
void AddPlanCommands(CLI::App& app);
void AddImportCommand(CLI::App& app);
void AddScorecardCommand(CLI::App& app);
void AddReportCommand(CLI::App& app);
void AddAuditCommand(CLI::App& app);

}  // namespace devplan::ctl
