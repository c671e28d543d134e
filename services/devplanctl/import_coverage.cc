// coverage: insurance coverage (basic pension, basic medical), one row per scheme and month →
// SocialService ReportCoverage. The year's stored figures are read once; a row equal to the
// stored figure is unchanged, other numbers are a revision.
#include "absl/strings/str_cat.h"
#include "devplan/v1/social.grpc.pb.h"
#include "services/common/dates.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/import_common.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

const std::vector<EnumWord>& SchemeWords() {
  static const std::vector<EnumWord> w = ProtoEnumWords(
      v1::InsuranceScheme_descriptor(), "INSURANCE_SCHEME_",
      {{v1::INSURANCE_SCHEME_BASIC_PENSION, {"基本养老保险", "养老保险"}},
       {v1::INSURANCE_SCHEME_BASIC_MEDICAL, {"基本医疗保险", "医疗保险"}}});
  return w;
}

std::string Key(v1::InsuranceScheme s, const v1::Date& m) {
  return absl::StrCat(v1::InsuranceScheme_Name(s), "/", MonthKey(absl::CivilMonth(m.year(), m.month())));
}

absl::StatusOr<v1::ReportCoverageRequest> Parse(const Record& r, const ImportOptions& o) {
  v1::ReportCoverageRequest req;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  req.set_district(basics.district);
  ASSIGN_OR_RETURN(int s, RequiredEnum(r, "scheme", SchemeWords()));
  req.set_scheme(static_cast<v1::InsuranceScheme>(s));
  ASSIGN_OR_RETURN(v1::Date month, RequiredMonth(r, "month"));
  if (absl::CivilMonth(TodayInChina()) < absl::CivilMonth(month.year(), month.month())) {
    return absl::InvalidArgumentError("month has not begun");
  }
  *req.mutable_month() = month;
  for (const char* f : {"insured", "eligible"}) {
    ASSIGN_OR_RETURN(std::string cell, Required(r, f));
    ASSIGN_OR_RETURN(int64_t v, Named(ParseInt(cell), f));
    if (v < 0) return absl::InvalidArgumentError(absl::StrCat(f, " is negative"));
    if (std::string(f) == "insured") req.set_insured(v); else req.set_eligible(v);
  }
  if (auto note = r.Get("note")) req.set_note(*note);
  req.set_reported_by(basics.reported_by);
  req.set_validate_only(o.dry_run);
  return req;
}

}  // namespace

ImportKind CoverageKind() {
  ImportKind k;
  k.name = "coverage";
  k.summary = "insurance coverage: one row per scheme and month (SocialService)";
  k.fields = WithCommonFields({
      {"scheme", {"险种", "保险类型"}, "basic_pension/基本养老保险, basic_medical/基本医疗保险", true},
      {"month", {"月份"}, "YYYY-MM", true},
      {"insured", {"参保人数", "已参保"}, "people insured", true},
      {"eligible", {"应参保人数", "应参保"}, "people who should be", true},
      {"note", {"备注", "修订说明"}, "why a stored figure is revised"},
  });
  k.run = [](const ParsedFile& file, const ImportOptions& o) {
    auto stub = v1::SocialService::NewStub(ChannelTo(G().social_addr));
    StoredRecords stored([&](const std::string& scope, std::map<std::string, std::string>& into) {
      v1::ListCoverageFiguresRequest req;
      req.set_district(scope.substr(0, scope.find('/')));
      req.set_year(std::stoi(scope.substr(scope.find('/') + 1)));
      req.set_page_size(1000);
      do {
        v1::ListCoverageFiguresResponse resp;
        grpc::Status s = stub->ListCoverageFigures(Ctx().get(), req, &resp);
        if (!s.ok()) return s;
        for (const auto& c : resp.figures()) {
          into[Key(c.scheme(), c.month())] = absl::StrCat(c.insured(), "/", c.eligible());
        }
        req.set_page_token(resp.next_page_token());
      } while (!req.page_token().empty());
      return grpc::Status::OK;
    });
    return RunRows<v1::ReportCoverageRequest>(
        file, o, "coverage", Parse, [&](const v1::ReportCoverageRequest& req) {
          return stored.WriteUnlessStored(
              absl::StrCat(req.district(), "/", req.month().year()), Key(req.scheme(), req.month()),
              absl::StrCat(req.insured(), "/", req.eligible()), o.dry_run, [&] {
                v1::CoverageFigure out;
                return stub->ReportCoverage(Ctx().get(), req, &out);
              });
        });
  };
  return k;
}

}  // namespace devplan::ctl
