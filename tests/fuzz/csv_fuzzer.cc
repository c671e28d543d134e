// fuzz_csv: bytes → the CSV reader of devplanctl (ParseCsv).
// Invariants: an error names a line >= 1 and is bounded; records start on increasing lines
// and none is blank; writing the records back (CsvLine) and reading that gives the same
// cells, so what devplanctl writes (reports, --dry-run output) it can read again.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/match.h"
#include "services/devplanctl/csv.h"
#include "tests/fuzz/fuzz_check.h"

using devplan::ctl::CsvLine;
using devplan::ctl::CsvRecord;
using devplan::ctl::ParseCsv;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  devplan::fuzz::SilenceLibraryLogs();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::vector<CsvRecord>> records = ParseCsv(text);
  if (!records.ok()) {
    const std::string message(records.status().message());
    DEVPLAN_FUZZ_CHECK(absl::StartsWith(message, "line ") && !absl::StartsWith(message, "line 0") &&
                           !absl::StartsWith(message, "line -"),
                       message);
    devplan::fuzz::CheckMessage(message);
    return 0;
  }
  std::string written;
  int last_line = 0;
  for (const CsvRecord& r : *records) {
    DEVPLAN_FUZZ_CHECK(r.line > last_line, std::to_string(r.line));
    last_line = r.line;
    DEVPLAN_FUZZ_CHECK(!r.cells.empty(), std::string(text));
    written += CsvLine(r.cells);
  }
  absl::StatusOr<std::vector<CsvRecord>> again = ParseCsv(written);
  DEVPLAN_FUZZ_CHECK(again.ok(), written);
  DEVPLAN_FUZZ_CHECK(again->size() == records->size(), written);
  for (size_t i = 0; i < records->size(); ++i) {
    DEVPLAN_FUZZ_CHECK((*again)[i].cells == (*records)[i].cells, written);
  }
  return 0;
}
