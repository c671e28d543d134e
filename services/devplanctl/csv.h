// RFC 4180 CSV: quoted cells with commas, quotes ("") and line breaks, CRLF or LF, a UTF-8
// byte-order mark (Excel's "CSV UTF-8") dropped. Each record remembers the line it starts on
// so that errors can say FILE:LINE.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace devplan::ctl {

struct CsvRecord {
  int line = 0;  // 1-based line of the record's first character
  std::vector<std::string> cells;
};

// Blank lines are skipped. INVALID_ARGUMENT for text that is not UTF-8 (e.g. a GBK export)
// or a quote left open, naming the line.
absl::StatusOr<std::vector<CsvRecord>> ParseCsv(std::string_view text);

// A cell quoted when it needs to be (comma, quote, line break, leading/trailing space, a
// leading byte-order mark), so that ParseCsv reads back exactly the cells written.
std::string CsvCell(std::string_view cell);
std::string CsvLine(const std::vector<std::string>& cells);

absl::StatusOr<std::string> ReadWholeFile(const std::string& path);
absl::Status WriteWholeFile(const std::string& path, std::string_view content);

}  // namespace devplan::ctl
