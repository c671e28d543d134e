#include "services/devplanctl/records.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/devplanctl/csv.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {

std::optional<std::string> Record::Get(const std::string& field) const {
  auto it = values.find(field);
  if (it == values.end()) return std::nullopt;
  std::string v = Trim(it->second);
  if (v.empty() || v == "-" || v == "—" || v == "NA" || v == "N/A" || v == "/" || v == "null") {
    return std::nullopt;
  }
  return v;
}

std::string Record::Where() const { return line > 0 ? absl::StrCat(file, ":", line) : file; }

absl::StatusOr<ParsedFile> RecordsFromCsv(const std::string& file, std::string_view text,
                                          const std::vector<FieldSpec>& fields) {
  absl::StatusOr<std::vector<CsvRecord>> rows = ParseCsv(text);
  if (!rows.ok()) return absl::InvalidArgumentError(absl::StrCat(file, ": ", rows.status().message()));
  if (rows->empty()) return absl::InvalidArgumentError(absl::StrCat(file, ": empty file, no header row"));
  std::map<std::string, std::string> by_key;  // normalised header → field
  for (const FieldSpec& f : fields) {
    by_key[NormalizeKey(f.name)] = f.name;
    for (const auto& a : f.aliases) by_key[NormalizeKey(a)] = f.name;
  }
  ParsedFile out;
  const CsvRecord& header = rows->front();
  std::vector<std::string> column_field(header.cells.size());
  std::set<std::string> seen;
  for (size_t c = 0; c < header.cells.size(); ++c) {
    auto it = by_key.find(NormalizeKey(header.cells[c]));
    if (it == by_key.end()) {
      if (!Trim(header.cells[c]).empty()) {
        out.warnings.push_back(absl::StrCat(file, ":", header.line, ": column \"",
                                            Trim(header.cells[c]), "\" is not used"));
      }
      continue;
    }
    if (!seen.insert(it->second).second) {
      return absl::InvalidArgumentError(absl::StrCat(file, ":", header.line, ": two columns mean ",
                                                     it->second, " (one is \"",
                                                     Trim(header.cells[c]), "\")"));
    }
    column_field[c] = it->second;
  }
  std::vector<std::string> missing;
  for (const FieldSpec& f : fields) {
    if (f.required && !seen.count(f.name)) {
      missing.push_back(f.aliases.empty() ? f.name : absl::StrCat(f.name, " (", absl::StrJoin(f.aliases, "/"), ")"));
    }
  }
  if (!missing.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(file, ":", header.line, ": no column for ",
                                                   absl::StrJoin(missing, ", ")));
  }
  for (size_t r = 1; r < rows->size(); ++r) {
    const CsvRecord& row = (*rows)[r];
    Record rec;
    rec.file = file;
    rec.line = row.line;
    for (size_t c = 0; c < row.cells.size() && c < column_field.size(); ++c) {
      if (!column_field[c].empty()) rec.values[column_field[c]] = row.cells[c];
    }
    if (row.cells.size() > header.cells.size()) {
      bool extra_content = false;
      for (size_t c = header.cells.size(); c < row.cells.size(); ++c) {
        if (!Trim(row.cells[c]).empty()) extra_content = true;
      }
      // std::string, not "1": g++ 12 -O2 warns falsely (-Wrestrict, GCC bug 105329) on
      // assigning a literal to a std::string here.
      if (extra_content) rec.values["__extra__"] = std::string("1");
    }
    out.records.push_back(std::move(rec));
  }
  return out;
}

absl::StatusOr<int> ParseEnum(std::string_view cell, const std::vector<EnumWord>& words,
                              std::string_view what) {
  std::string key = NormalizeKey(cell);
  for (const EnumWord& w : words) {
    for (const auto& word : w.words) {
      if (NormalizeKey(word) == key) return w.value;
    }
  }
  return absl::InvalidArgumentError(absl::StrCat(std::string(what), " \"", Trim(cell), "\" is not one of ",
                                                 EnumChoices(words)));
}

std::string EnumChoices(const std::vector<EnumWord>& words) {
  std::vector<std::string> out;
  for (const EnumWord& w : words) {
    out.push_back(w.words.size() > 1 ? absl::StrCat(w.words[0], "/", w.words[1]) : w.words[0]);
  }
  return absl::StrJoin(out, ", ");
}

}  // namespace devplan::ctl
