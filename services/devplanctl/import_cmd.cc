// devplanctl import KIND FILE.csv [--dry-run]: the CSV import of every kind of record.
#include <algorithm>
#include <iostream>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/commands.h"
#include "services/devplanctl/csv.h"
#include "services/devplanctl/import_common.h"

namespace devplan::ctl {
namespace {

struct ImportArgs {
  std::string kind, file, district, reported_by;
  bool dry_run = false, no_progress = false, hours_end_labelled = false, formats = false;
};

// The formats as Markdown (docs/devplanctl.md is written from this).
void PrintFormats() {
  for (const ImportKind& k : ImportKinds()) {
    std::cout << "### `" << k.name << "`\n\n" << k.summary << ".\n\n"
              << "| Column | Also accepted | Required | Meaning |\n|---|---|---|---|\n";
    for (const FieldSpec& f : k.fields) {
      std::cout << "| `" << f.name << "` | " << absl::StrJoin(f.aliases, ", ") << " | "
                << (f.required ? "yes" : "") << " | " << f.help << " |\n";
    }
    std::cout << "\n";
  }
}

int Run(const ImportArgs& a) {
  if (a.formats) {
    PrintFormats();
    return kExitOk;
  }
  std::vector<std::string> names;
  for (const ImportKind& k : ImportKinds()) names.push_back(k.name);
  const ImportKind* kind = FindImportKind(a.kind);
  if (kind == nullptr) {
    throw CliError(kExitBadInput, absl::StrCat("import: unknown kind \"", a.kind, "\"; one of ",
                                               absl::StrJoin(names, ", ")));
  }
  if (a.file.empty()) throw CliError(kExitBadInput, "import: FILE is required");
  absl::StatusOr<std::string> text = ReadWholeFile(a.file);
  if (!text.ok()) throw CliError(kExitBadInput, std::string(text.status().message()));
  absl::StatusOr<ParsedFile> parsed = RecordsFromCsv(a.file, *text, kind->fields);
  if (!parsed.ok()) throw CliError(kExitBadInput, std::string(parsed.status().message()));
  for (const auto& w : parsed->warnings) std::cerr << w << " (warning)\n";
  ImportOptions o;
  o.district = a.district;
  o.reported_by = a.reported_by;
  o.reporter_from_identity = ReporterFromIdentity();
  o.dry_run = a.dry_run;
  o.progress = !a.no_progress && StderrIsTty();
  o.hours_end_labelled = a.hours_end_labelled;
  ImportResult r = kind->run(*parsed, o);
  for (const auto& e : r.errors) std::cerr << e << "\n";
  if (a.dry_run) {
    std::cout << a.file << ": " << kind->name << ": " << r.rows << " rows checked, " << r.checked
              << " valid, " << r.failed << " with errors (dry run: nothing written)\n";
  } else {
    std::cout << a.file << ": " << kind->name << ": " << r.rows << " rows, " << r.written
              << " written, " << r.unchanged << " unchanged, " << r.failed << " failed"
              << (r.note.empty() ? "" : "; " + r.note) << "\n";
  }
  if (r.abort_code != 0) throw CliError(r.abort_code, r.abort_message);
  return r.failed > 0 ? std::max(r.exit_code, static_cast<int>(kExitBadInput)) : kExitOk;
}

}  // namespace

void AddImportCommand(CLI::App& app) {
  auto args = std::make_shared<ImportArgs>();
  std::vector<std::string> names;
  for (const ImportKind& k : ImportKinds()) names.push_back(k.name);
  CLI::App* cmd = app.add_subcommand(
      "import",
      "Import a CSV file (UTF-8, header row; English or Chinese headers). Valid rows are "
      "written, others reported as FILE:LINE: reason; re-importing changes nothing. "
      "Formats: devplanctl import --formats, or docs/devplanctl.md.");
  cmd->add_option("kind", args->kind, "kind of record: " + absl::StrJoin(names, ", "));
  cmd->add_option("file", args->file, "the CSV file");
  cmd->add_flag("--dry-run", args->dry_run,
                "check every row here and with the services (validate_only: unknown projects, "
                "stations or facilities, lifecycle order, taken ids), write nothing");
  cmd->add_option("--district", args->district,
                  "GB/T 2260 district code for rows without a district column")
      ->envname("DEVPLAN_DISTRICT");
  cmd->add_option("--reported-by", args->reported_by,
                  "reporting department for rows without a reported_by (填报单位) column; default: your "
                  "identity's (the server fills it in)")
      ->envname("DEVPLAN_REPORTED_BY");
  cmd->add_flag("--hours-end-labelled", args->hours_end_labelled,
                "air: hours are labelled by their end, 1-24 (the national platform's 01:00-24:00)");
  cmd->add_flag("--no-progress", args->no_progress, "no progress bar even on a terminal");
  cmd->add_flag("--formats", args->formats, "print every kind's columns (Markdown) and exit");
  cmd->callback([args] { throw CLI::RuntimeError(Run(*args)); });
}

}  // namespace devplan::ctl
