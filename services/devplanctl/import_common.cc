#include "services/devplanctl/import_common.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/dates.h"
#include "services/common/district.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {

Progress::Progress(bool enabled, std::string label, int64_t total)
    : enabled_(enabled && total > 0), label_(std::move(label)), total_(total),
      start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() { Finish(); }

void Progress::Set(int64_t done) {
  done_ = done;
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  Draw();
}

void Progress::Draw() {
  constexpr int kWidth = 30;
  int filled = total_ > 0 ? static_cast<int>(kWidth * done_ / total_) : 0;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = secs > 0 ? done_ / secs : 0;
  std::string bar(filled, '#');
  bar.append(kWidth - filled, '-');
  std::fprintf(stderr, "\r%s [%s] %lld/%lld rows %.0f/s ", label_.c_str(), bar.c_str(),
               static_cast<long long>(done_), static_cast<long long>(total_), rate);
  std::fflush(stderr);
}

void Progress::Finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  done_ = total_;
  Draw();
  std::fprintf(stderr, "\n");
}

std::vector<FieldSpec> WithCommonFields(std::vector<FieldSpec> fields) {
  fields.push_back({"district", {"区划代码", "行政区划代码", "区县代码"},
                    "GB/T 2260 code; default --district"});
  fields.push_back({"reported_by", {"填报单位", "报送单位", "reporting_department"},
                    "reporting department; default --reported-by, else your identity's"});
  return fields;
}

absl::StatusOr<std::string> DistrictOf(const Record& r, const ImportOptions& o) {
  std::string d = r.Get("district").value_or(o.district);
  if (d.empty()) return absl::InvalidArgumentError("no district: give --district or a district column");
  RETURN_IF_ERROR(ValidateDistrict(d, "district"));
  return d;
}

absl::StatusOr<std::string> ReporterOf(const Record& r, const ImportOptions& o) {
  std::string d = r.Get("reported_by").value_or(o.reported_by);
  if (d.empty() && !o.reporter_from_identity) {
    return absl::InvalidArgumentError(
        "no reporting department: give --reported-by or a reported_by (填报单位) column (with "
        "--insecure there is no identity to take it from)");
  }
  return d;
}

absl::StatusOr<std::string> Required(const Record& r, const std::string& field) {
  std::optional<std::string> v = r.Get(field);
  if (!v) return absl::InvalidArgumentError(absl::StrCat(field, " is empty"));
  return *v;
}

absl::StatusOr<RowBasics> BasicsOf(const Record& r, const ImportOptions& o) {
  RowBasics b;
  ASSIGN_OR_RETURN(b.district, DistrictOf(r, o));
  ASSIGN_OR_RETURN(b.reported_by, ReporterOf(r, o));
  return b;
}

absl::StatusOr<v1::Date> RequiredMonth(const Record& r, const std::string& field) {
  ASSIGN_OR_RETURN(std::string cell, Required(r, field));
  return Named(ParseMonth(cell), field);
}

absl::StatusOr<v1::Date> RequiredDate(const Record& r, const std::string& field) {
  ASSIGN_OR_RETURN(std::string cell, Required(r, field));
  return Named(ParseDate(cell), field);
}

absl::StatusOr<int> RequiredEnum(const Record& r, const std::string& field,
                                 const std::vector<EnumWord>& words) {
  ASSIGN_OR_RETURN(std::string cell, Required(r, field));
  return ParseEnum(cell, words, field);
}

absl::Status NotInFuture(const v1::Date& d, const std::string& field) {
  ASSIGN_OR_RETURN(absl::CivilDay day, ToCivilDay(d, field));
  if (day > TodayInChina()) {
    return absl::InvalidArgumentError(absl::StrCat(field, " ", FormatDate(d), " is in the future"));
  }
  return absl::OkStatus();
}

std::vector<FieldSpec> MoneyFields(const std::string& base, const std::string& zh,
                                   const std::string& help, bool /*one_required*/) {
  return {
      {base + "_yuan", {zh + "(元)", base}, help + ", yuan"},
      {base + "_wan", {zh + "(万元)"}, help + ", 万元 (exact to the yuan)"},
      {base + "_yi", {zh + "(亿元)"}, help + ", 亿元 (exact to the yuan)"},
  };
}

absl::StatusOr<std::optional<int64_t>> MoneyOf(const Record& r, const std::string& base) {
  struct Col { const char* suffix; int64_t mult; };
  std::optional<int64_t> out;
  std::string used;
  for (Col c : {Col{"_yuan", 1}, Col{"_wan", 10000}, Col{"_yi", 100000000}}) {
    std::optional<std::string> cell = r.Get(base + c.suffix);
    if (!cell) continue;
    if (out) {
      return absl::InvalidArgumentError(absl::StrCat(base, " is given twice (", used, " and ",
                                                     base, c.suffix, ")"));
    }
    used = base + c.suffix;
    ASSIGN_OR_RETURN(out, Named(ParseMoney(*cell, c.mult), used));
  }
  return out;
}

std::string RequestId(const std::string& kind, const std::string& content) {
  return absl::StrCat("csv-", kind, "-", ContentHash(content)).substr(0, 64);
}

void AddRowError(ImportResult& result, const Record& r, const std::string& reason) {
  ++result.failed;
  result.exit_code = std::max(result.exit_code, static_cast<int>(kExitBadInput));
  result.errors.push_back(absl::StrCat(r.Where(), ": ", reason));
}

bool RecordWriteFailure(ImportResult& result, const Record& r, const grpc::Status& s) {
  AddRowError(result, r, absl::StrCat(StatusCodeName(s.error_code()), ": ", s.error_message()));
  result.exit_code = std::max(result.exit_code, ExitCodeFor(s.error_code()));
  if (ExitCodeFor(s.error_code()) == kExitUnavailable) {
    result.abort_code = kExitUnavailable;
    result.abort_message = absl::StrCat(r.Where(), ": stopped: the service did not answer (",
                                        StatusCodeName(s.error_code()),
                                        "); rows before this one are stored, run the import again");
    return true;
  }
  return false;
}

const std::vector<ImportKind>& ImportKinds() {
  static const std::vector<ImportKind> kinds = {ProjectsKind(), InvestmentKind(), FiguresKind(),
                                                AirKind(), WaterSamplesKind(),
                                                SocialFiguresKind(), FacilitiesKind()};
  return kinds;
}

const ImportKind* FindImportKind(const std::string& name) {
  for (const ImportKind& k : ImportKinds()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

}  // namespace devplan::ctl
