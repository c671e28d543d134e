// Records: the rows of an import file (or the flags of a one-record command) as named
// fields. A kind of record lists its fields with their English and Chinese headers; the
// header row is matched against them whatever the column order.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace devplan::ctl {

struct FieldSpec {
  std::string name;                  // canonical English header, e.g. "title_zh"
  std::vector<std::string> aliases;  // other accepted headers, e.g. {"name", "项目名称"}
  std::string help;                  // one line for the docs and --help
  bool required = false;
};

struct Record {
  std::string file;
  int line = 0;
  std::map<std::string, std::string> values;  // canonical field → raw cell

  // The trimmed cell, or nullopt when absent or empty ("", "-", "—", "NA", "N/A", "/").
  std::optional<std::string> Get(const std::string& field) const;
  std::string Where() const;  // "FILE:LINE"
};

struct ParsedFile {
  std::vector<Record> records;
  std::vector<std::string> warnings;  // e.g. a column that is not used
};

// The header row is the first record. INVALID_ARGUMENT when a required field has no column,
// a column appears twice, or the file has no header.
absl::StatusOr<ParsedFile> RecordsFromCsv(const std::string& file, std::string_view text,
                                          const std::vector<FieldSpec>& fields);

// One accepted word of an enum cell: the value and every spelling that means it.
struct EnumWord {
  int value;
  std::vector<std::string> words;  // first = the canonical English word
};
// Matches NormalizeKey(cell) against the words (also normalised), and the value's number.
absl::StatusOr<int> ParseEnum(std::string_view cell, const std::vector<EnumWord>& words,
                              std::string_view what);
std::string EnumChoices(const std::vector<EnumWord>& words);

}  // namespace devplan::ctl
