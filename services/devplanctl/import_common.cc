#include "services/devplanctl/import_common.h"

#include <algorithm>
#include <cstdio>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
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
  static const std::vector<ImportKind> kinds = {
      ProjectsKind(),       InvestmentKind(),      OutputsKind(),   PromotionEventsKind(),
      FiguresKind(),        StationsKind(),        AirKind(),       DailyAqiKind(),
      WaterBodiesKind(),    WaterSamplesKind(),    WorksKind(),     PlotsKind(),
      SocialFiguresKind(),  TalentCountsKind(),    CoverageKind(),  FacilitiesKind(),
      FacilityStepsKind(),  EventsKind()};
  return kinds;
}

std::vector<EnumWord> ProtoEnumWords(const google::protobuf::EnumDescriptor* e,
                                     const std::string& prefix,
                                     const std::map<int, std::vector<std::string>>& zh) {
  std::vector<EnumWord> words;
  for (int i = 0; i < e->value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* v = e->value(i);
    if (v->number() == 0) continue;
    EnumWord w{v->number(), {absl::AsciiStrToLower(absl::StripPrefix(v->name(), prefix))}};
    if (auto it = zh.find(v->number()); it != zh.end()) {
      w.words.insert(w.words.end(), it->second.begin(), it->second.end());
    }
    w.words.push_back(v->name());
    words.push_back(std::move(w));
  }
  return words;
}

std::vector<std::string> ListCell(const std::string& cell) {
  std::vector<std::string> out;
  const std::string ascii = absl::StrReplaceAll(cell, {{"；", ";"}, {"、", ";"}});
  for (absl::string_view part : absl::StrSplit(ascii, absl::ByAnyChar(";|"))) {
    std::string v = Trim(std::string(part));
    if (!v.empty()) out.push_back(std::move(v));
  }
  return out;
}

absl::StatusOr<std::optional<v1::Date>> OptionalPastDate(const Record& r, const std::string& field) {
  std::optional<std::string> cell = r.Get(field);
  if (!cell) return std::optional<v1::Date>();
  ASSIGN_OR_RETURN(v1::Date d, Named(ParseDate(*cell), field));
  RETURN_IF_ERROR(NotInFuture(d, field));
  return std::optional<v1::Date>(d);
}

std::string Canonical(const google::protobuf::Message& m, const std::vector<std::string>& also) {
  std::unique_ptr<google::protobuf::Message> copy(m.New());
  copy->CopyFrom(m);
  std::vector<std::string> clear = {"name", "reported_by", "create_time", "update_time",
                                    "report_time", "revision", "superseded"};
  clear.insert(clear.end(), also.begin(), also.end());
  for (const std::string& f : clear) {
    if (const auto* fd = copy->GetDescriptor()->FindFieldByName(f)) {
      copy->GetReflection()->ClearField(copy.get(), fd);
    }
  }
  return copy->ShortDebugString();
}

WriteOutcome StoredRecords::WriteUnlessStored(const std::string& scope, const std::string& key,
                                              const std::string& canonical, bool dry_run,
                                              const std::function<grpc::Status()>& send) {
  auto loaded = stored_.find(scope);
  if (loaded == stored_.end()) {
    std::map<std::string, std::string> records;
    grpc::Status s = load_(scope, records);
    if (!s.ok()) return {s, false};
    loaded = stored_.emplace(scope, std::move(records)).first;
  }
  auto it = loaded->second.find(key);
  if (it != loaded->second.end() && it->second == canonical) return {grpc::Status::OK, false};
  grpc::Status s = send();
  if (s.ok() && !dry_run) loaded->second[key] = canonical;
  return {s, true};
}

const ImportKind* FindImportKind(const std::string& name) {
  for (const ImportKind& k : ImportKinds()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

}  // namespace devplan::ctl
