// The import machinery every kind of record shares: options, the per-row driver that keeps
// valid rows when others fail, row errors as FILE:LINE: reason, the progress bar, and the
// helpers row parsers use (district, reporting department, request ids from content).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "devplan/v1/common.pb.h"
#include "services/devplanctl/records.h"

namespace devplan::ctl {

struct ImportOptions {
  std::string district;     // for rows without a district column
  std::string reported_by;  // for rows without a reported_by column
  // A row may leave reported_by empty: the client sends credentials, and the server fills
  // it in with the department of the caller's identity (a plaintext server would refuse it).
  bool reporter_from_identity = false;
  // Sends every row with validate_only (AIP-163): the services check it as a write,
  // against what they store, and write nothing.
  bool dry_run = false;
  bool progress = false;    // draw a progress bar on stderr
  bool hours_end_labelled = false;  // air: hours labelled 1..24 by their end
};

struct ImportResult {
  int rows = 0;
  int written = 0;    // created or changed
  int unchanged = 0;  // stored already exactly as in the file
  int failed = 0;
  int checked = 0;    // dry run: rows that passed every check, the services' too
  std::vector<std::string> errors;  // "FILE:LINE: reason", in file order
  // Set when the import stopped early (a service unavailable): the exit code and why.
  int abort_code = 0;
  std::string abort_message;
  std::string note;  // extra summary, e.g. days recomputed
  // The highest exit code of any failed row (2 bad row, 3 refused on state, 4 unavailable).
  int exit_code = 0;
};

// What writing one row did.
struct WriteOutcome {
  grpc::Status status;
  bool changed = true;
};

// A bar on stderr ("[#####-----] 1234/8784 rows 3.2k/s"), redrawn at most 10 times a
// second; does nothing when disabled.
class Progress {
 public:
  Progress(bool enabled, std::string label, int64_t total);
  ~Progress();
  void Set(int64_t done);
  void Finish();

 private:
  bool enabled_;
  std::string label_;
  int64_t total_, done_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_;
  bool finished_ = false;
  void Draw();
};

struct ImportKind {
  std::string name;     // "projects"
  std::string summary;  // one line: what a row is and where it goes
  std::vector<FieldSpec> fields;
  std::function<ImportResult(const ParsedFile&, const ImportOptions&)> run;
};

// Every kind, in the order of docs/devplanctl.md.
const std::vector<ImportKind>& ImportKinds();
const ImportKind* FindImportKind(const std::string& name);

// Kinds (one function each, in import_<kind>.cc).
ImportKind ProjectsKind();
ImportKind InvestmentKind();
ImportKind OutputsKind();
ImportKind PromotionEventsKind();
ImportKind FiguresKind();
ImportKind StationsKind();
ImportKind AirKind();
ImportKind DailyAqiKind();
ImportKind WaterBodiesKind();
ImportKind WaterSamplesKind();
ImportKind WorksKind();
ImportKind PlotsKind();
ImportKind SocialFiguresKind();
ImportKind TalentCountsKind();
ImportKind CoverageKind();
ImportKind FacilitiesKind();
ImportKind FacilityStepsKind();
ImportKind EventsKind();

// The words of a proto enum's values but UNSPECIFIED: the value name without `prefix` in
// lower case (the canonical word), the Chinese words given for it, and the full name.
std::vector<EnumWord> ProtoEnumWords(const google::protobuf::EnumDescriptor* e,
                                     const std::string& prefix,
                                     const std::map<int, std::vector<std::string>>& zh);
// A cell listing several values ("JW-1;JW-2", also ；、|), trimmed, empty ones dropped.
std::vector<std::string> ListCell(const std::string& cell);
// An optional date cell: nullopt when empty; refused when not a date or in the future.
absl::StatusOr<std::optional<v1::Date>> OptionalPastDate(const Record& r, const std::string& field);
// `m` as text without the fields the service fills in (name, reported_by, times, revision
// history) and those in `also`: equal texts mean a row would store nothing new.
std::string Canonical(const google::protobuf::Message& m, const std::vector<std::string>& also = {});

// The records already stored, read once per scope (a district, or a district and year)
// by `load` as key → Canonical text, so a row equal to its stored record is counted
// unchanged and not sent, and a re-import writes nothing.
class StoredRecords {
 public:
  using Load = std::function<grpc::Status(const std::string& scope,
                                          std::map<std::string, std::string>& into)>;
  explicit StoredRecords(Load load) : load_(std::move(load)) {}
  // Sends the row unless `key` in `scope` is stored as `canonical`; remembers it once
  // written (a dry run wrote nothing, so it remembers nothing).
  WriteOutcome WriteUnlessStored(const std::string& scope, const std::string& key,
                                 const std::string& canonical, bool dry_run,
                                 const std::function<grpc::Status()>& send);

 private:
  Load load_;
  std::map<std::string, std::map<std::string, std::string>> stored_;  // scope → key → text
};

// Fields every kind accepts: district and reported_by.
std::vector<FieldSpec> WithCommonFields(std::vector<FieldSpec> fields);

// The row's district (column, else the option), validated as GB/T 2260.
absl::StatusOr<std::string> DistrictOf(const Record& r, const ImportOptions& o);
absl::StatusOr<std::string> ReporterOf(const Record& r, const ImportOptions& o);
// What every row carries: its district, then its reporting department (checked in that order).
struct RowBasics {
  std::string district;
  std::string reported_by;
};
absl::StatusOr<RowBasics> BasicsOf(const Record& r, const ImportOptions& o);
// A required cell, or INVALID_ARGUMENT "<field> is empty".
absl::StatusOr<std::string> Required(const Record& r, const std::string& field);
// `v` as it is, or, when it failed, INVALID_ARGUMENT "<field>: <why>".
template <typename T>
absl::StatusOr<T> Named(absl::StatusOr<T> v, absl::string_view field) {
  if (v.ok()) return v;
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", v.status().message()));
}
// A required cell parsed as a month or a date: "<field> is empty" or "<field>: <why>".
absl::StatusOr<v1::Date> RequiredMonth(const Record& r, const std::string& field);
absl::StatusOr<v1::Date> RequiredDate(const Record& r, const std::string& field);
// A required enum cell: "<field> is empty" or ParseEnum's "<field> "…" is not one of …".
absl::StatusOr<int> RequiredEnum(const Record& r, const std::string& field,
                                 const std::vector<EnumWord>& words);
// Refuses days after today (China Standard Time), naming the field.
absl::Status NotInFuture(const v1::Date& d, const std::string& field);
// A money cell given in one of three columns: <base>_yuan, <base>_wan (万元), <base>_yi (亿元).
// nullopt when none is filled; INVALID_ARGUMENT when two are.
absl::StatusOr<std::optional<int64_t>> MoneyOf(const Record& r, const std::string& base);
// The three FieldSpecs of such a money column.
std::vector<FieldSpec> MoneyFields(const std::string& base, const std::string& zh,
                                   const std::string& help, bool one_required = false);

// "csv-<kind>-<hash of key>": the same natural key and content → the same id, so re-running
// an import is a retry the service recognises.
std::string RequestId(const std::string& kind, const std::string& content);

// Runs parse then write for every record (`write` sends validate_only requests in a dry
// run), collecting errors; stops early when a service is unavailable.
template <typename Req>
ImportResult RunRows(const ParsedFile& file, const ImportOptions& o, const std::string& label,
                     const std::function<absl::StatusOr<Req>(const Record&, const ImportOptions&)>& parse,
                     const std::function<WriteOutcome(const Req&)>& write);

// Adds "FILE:LINE: reason".
void AddRowError(ImportResult& result, const Record& r, const std::string& reason);
// Handles a failed write of one row; true when the import must stop (unavailable).
bool RecordWriteFailure(ImportResult& result, const Record& r, const grpc::Status& s);

template <typename Req>
ImportResult RunRows(const ParsedFile& file, const ImportOptions& o, const std::string& label,
                     const std::function<absl::StatusOr<Req>(const Record&, const ImportOptions&)>& parse,
                     const std::function<WriteOutcome(const Req&)>& write) {
  ImportResult result;
  Progress bar(o.progress, label, static_cast<int64_t>(file.records.size()));
  for (size_t i = 0; i < file.records.size(); ++i) {
    const Record& r = file.records[i];
    ++result.rows;
    bar.Set(static_cast<int64_t>(i));
    if (r.values.count("__extra__")) {
      AddRowError(result, r, "more cells than the header has columns");
      continue;
    }
    absl::StatusOr<Req> req = parse(r, o);
    if (!req.ok()) {
      AddRowError(result, r, std::string(req.status().message()));
      continue;
    }
    WriteOutcome w = write(*req);
    if (!w.status.ok()) {
      if (RecordWriteFailure(result, r, w.status)) break;
      continue;
    }
    if (o.dry_run) ++result.checked;
    else if (w.changed) ++result.written;
    else ++result.unchanged;
  }
  bar.Finish();
  return result;
}

}  // namespace devplan::ctl
