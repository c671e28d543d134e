// talent-counts: education talents (famous and backbone teachers, talents introduced), one row
// per category and date → SocialService ReportTalentCount. The year's stored counts are read
// once; a row equal to the stored count is unchanged, another count is a revision.
#include "absl/strings/str_cat.h"
#include "devplan/v1/social.grpc.pb.h"
#include "services/common/dates.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/import_common.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

const std::vector<EnumWord>& CategoryWords() {
  static const std::vector<EnumWord> w = ProtoEnumWords(
      v1::TalentCategory_descriptor(), "TALENT_CATEGORY_",
      {{v1::TALENT_CATEGORY_PROVINCIAL_FAMOUS_TEACHER, {"省级名师", "省名师"}},
       {v1::TALENT_CATEGORY_BACKBONE_TEACHER, {"骨干教师"}},
       {v1::TALENT_CATEGORY_EDUCATION_TALENT_INTRODUCED, {"引进教育人才", "引进人才"}}});
  return w;
}

std::string Key(v1::TalentCategory c, const v1::Date& d) {
  return absl::StrCat(v1::TalentCategory_Name(c), "/", FormatDate(d));
}
std::string Value(int64_t count, const std::string& reference) {
  return absl::StrCat(count, "|", reference);
}

absl::StatusOr<v1::ReportTalentCountRequest> Parse(const Record& r, const ImportOptions& o) {
  v1::ReportTalentCountRequest req;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  req.set_district(basics.district);
  ASSIGN_OR_RETURN(int c, RequiredEnum(r, "category", CategoryWords()));
  req.set_category(static_cast<v1::TalentCategory>(c));
  ASSIGN_OR_RETURN(v1::Date date, RequiredDate(r, "date"));
  RETURN_IF_ERROR(NotInFuture(date, "date"));
  *req.mutable_date() = date;
  ASSIGN_OR_RETURN(std::string cell, Required(r, "count"));
  ASSIGN_OR_RETURN(int64_t count, Named(ParseInt(cell), "count"));
  if (count < 0 || count > 10'000) return absl::InvalidArgumentError("count is outside 0..10000");
  req.set_count(count);
  req.set_reference(r.Get("reference").value_or(""));
  if (auto note = r.Get("note")) req.set_note(*note);
  req.set_reported_by(basics.reported_by);
  req.set_validate_only(o.dry_run);
  return req;
}

}  // namespace

ImportKind TalentCountsKind() {
  ImportKind k;
  k.name = "talent-counts";
  k.summary = "education talents: one row per category and date of recognition (SocialService)";
  k.fields = WithCommonFields({
      {"category", {"类别", "人才类别"}, "provincial_famous_teacher/省级名师, backbone_teacher/骨干教师, education_talent_introduced/引进教育人才", true},
      {"date", {"日期", "认定日期"}, "YYYY-MM-DD", true},
      {"count", {"人数", "数量"}, "0-10000", true},
      {"reference", {"文号", "依据"}, "the document recognising them (optional)"},
      {"note", {"备注", "修订说明"}, "why a stored count is revised"},
  });
  k.run = [](const ParsedFile& file, const ImportOptions& o) {
    auto stub = v1::SocialService::NewStub(ChannelTo(G().social_addr));
    // Scope "district/year".
    StoredRecords stored([&](const std::string& scope, std::map<std::string, std::string>& into) {
      v1::ListTalentCountsRequest req;
      req.set_district(scope.substr(0, scope.find('/')));
      req.set_year(std::stoi(scope.substr(scope.find('/') + 1)));
      req.set_page_size(1000);
      do {
        v1::ListTalentCountsResponse resp;
        grpc::Status s = stub->ListTalentCounts(Ctx().get(), req, &resp);
        if (!s.ok()) return s;
        for (const auto& t : resp.counts()) {
          into[Key(t.category(), t.date())] = Value(t.count(), t.reference());
        }
        req.set_page_token(resp.next_page_token());
      } while (!req.page_token().empty());
      return grpc::Status::OK;
    });
    return RunRows<v1::ReportTalentCountRequest>(
        file, o, "talent-counts", Parse, [&](const v1::ReportTalentCountRequest& req) {
          return stored.WriteUnlessStored(
              absl::StrCat(req.district(), "/", req.date().year()), Key(req.category(), req.date()),
              Value(req.count(), req.reference()), o.dry_run, [&] {
                v1::TalentCount out;
                return stub->ReportTalentCount(Ctx().get(), req, &out);
              });
        });
  };
  return k;
}

}  // namespace devplan::ctl
