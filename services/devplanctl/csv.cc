#include "services/devplanctl/csv.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace devplan::ctl {
namespace {

// The 1-based line of the first invalid UTF-8 sequence, or 0.
int FirstInvalidUtf8Line(std::string_view s) {
  int line = 1;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\n') ++line;
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return line;
    for (int k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return line;
    }
    i += len;
  }
  return 0;
}

bool Blank(const std::vector<std::string>& cells) {
  for (const auto& c : cells) {
    if (c.find_first_not_of(" \t") != std::string::npos) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::vector<CsvRecord>> ParseCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (int bad = FirstInvalidUtf8Line(text); bad > 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "line ", bad, ": not UTF-8 text (save the sheet as \"CSV UTF-8\"; GBK is not read)"));
  }
  std::vector<CsvRecord> out;
  CsvRecord rec;
  std::string cell;
  int line = 1;
  rec.line = 1;
  bool quoted = false, cell_started = false;
  int quote_line = 0;
  auto end_cell = [&] {
    rec.cells.push_back(std::move(cell));
    cell.clear();
    cell_started = false;
  };
  auto end_record = [&] {
    end_cell();
    if (!Blank(rec.cells)) out.push_back(std::move(rec));
    rec = CsvRecord{};
    rec.line = line;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"' && !cell_started) {
      quoted = true;
      cell_started = true;
      quote_line = line;
    } else if (c == ',') {
      end_cell();
    } else if (c == '\r') {
      // CRLF: the LF ends the record.
    } else if (c == '\n') {
      ++line;
      end_record();
    } else {
      cell += c;
      cell_started = true;
    }
  }
  if (quoted) {
    return absl::InvalidArgumentError(absl::StrCat("line ", quote_line, ": a quote is never closed"));
  }
  if (cell_started || !cell.empty() || !rec.cells.empty()) end_record();
  return out;
}

std::string CsvCell(std::string_view cell) {
  // A cell that starts with a byte-order mark would lose it when it opens a file (ParseCsv
  // drops the mark there), so it is quoted like a cell with a leading space.
  bool needs = cell.find_first_of(",\"\r\n") != std::string_view::npos ||
               (!cell.empty() && (cell.front() == ' ' || cell.back() == ' ')) ||
               cell.substr(0, 3) == "\xEF\xBB\xBF";
  if (!needs) return std::string(cell);
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvLine(const std::vector<std::string>& cells) {
  std::vector<std::string> quoted;
  quoted.reserve(cells.size());
  for (const auto& c : cells) quoted.push_back(CsvCell(c));
  return absl::StrJoin(quoted, ",") + "\n";
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": ", std::strerror(errno)));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

absl::Status WriteWholeFile(const std::string& path, std::string_view content) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return absl::UnavailableError(absl::StrCat(path, ": ", std::strerror(errno)));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) return absl::UnavailableError(absl::StrCat(path, ": write failed"));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return absl::UnavailableError(absl::StrCat(path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace devplan::ctl
