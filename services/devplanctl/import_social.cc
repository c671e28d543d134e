// social-figures: monthly livelihood figures, one row per indicator and month → SocialService
// ReportMonthlyFigure. Stored figures of the year are read once; an equal row is unchanged,
// another value is a revision (note kept).
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "devplan/v1/social.grpc.pb.h"
#include "services/common/dates.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/import_common.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {

const std::vector<EnumWord>& SocialIndicatorWords() {
  static const std::vector<EnumWord> w = {
      {v1::SOCIAL_INDICATOR_NEW_URBAN_JOBS, {"new_urban_jobs", "新增城镇就业", "SOCIAL_INDICATOR_NEW_URBAN_JOBS"}},
      {v1::SOCIAL_INDICATOR_SKILLS_TRAINING, {"skills_training", "职业技能培训", "SOCIAL_INDICATOR_SKILLS_TRAINING"}},
      {v1::SOCIAL_INDICATOR_NEW_SKILLED_TALENTS, {"new_skilled_talents", "新增技能人才", "SOCIAL_INDICATOR_NEW_SKILLED_TALENTS"}},
      {v1::SOCIAL_INDICATOR_NEW_HIGH_SKILLED_TALENTS, {"new_high_skilled_talents", "新增高技能人才", "SOCIAL_INDICATOR_NEW_HIGH_SKILLED_TALENTS"}},
      {v1::SOCIAL_INDICATOR_PROBLEM_HOUSING_RESOLVED, {"problem_housing_resolved", "问题楼盘化解", "SOCIAL_INDICATOR_PROBLEM_HOUSING_RESOLVED"}},
      {v1::SOCIAL_INDICATOR_PRESOLD_HOMES_DELIVERED, {"presold_homes_delivered", "保交楼", "SOCIAL_INDICATOR_PRESOLD_HOMES_DELIVERED"}},
  };
  return w;
}

namespace {

struct Row {
  v1::ReportMonthlyFigureRequest req;
  std::string name;
};

absl::StatusOr<Row> Parse(const Record& r, const ImportOptions& o) {
  Row row;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  ASSIGN_OR_RETURN(int ind, RequiredEnum(r, "indicator", SocialIndicatorWords()));
  ASSIGN_OR_RETURN(v1::Date month, RequiredMonth(r, "month"));
  absl::CivilMonth m(month.year(), month.month());
  if (absl::CivilMonth(TodayInChina()) < m) {
    return absl::InvalidArgumentError(absl::StrCat("month ", MonthKey(m), " has not begun"));
  }
  ASSIGN_OR_RETURN(std::string value_cell, Required(r, "value"));
  ASSIGN_OR_RETURN(int64_t value, Named(ParseInt(value_cell), "value"));
  if (value < 0 || value > 10'000'000) return absl::InvalidArgumentError("value is outside 0..10000000");
  row.req.set_district(basics.district);
  row.req.set_indicator(static_cast<v1::SocialIndicator>(ind));
  *row.req.mutable_month() = month;
  row.req.set_value(value);
  row.req.set_reported_by(basics.reported_by);
  if (auto note = r.Get("note")) row.req.set_note(*note);
  row.req.set_validate_only(o.dry_run);
  row.name = absl::StrCat("districts/", basics.district, "/monthlyFigures/",
                          v1::SocialIndicator_Name(row.req.indicator()), "/", MonthKey(m));
  return row;
}

class Writer {
 public:
  Writer() : stub_(v1::SocialService::NewStub(ChannelTo(G().social_addr))) {}

  WriteOutcome operator()(const Row& row) {
    const int year = row.req.month().year();
    if (!loaded_.count({row.req.district(), year})) {
      v1::ListMonthlyFiguresRequest req;
      req.set_district(row.req.district());
      req.set_year(year);
      req.set_page_size(1000);
      do {
        v1::ListMonthlyFiguresResponse resp;
        grpc::Status s = stub_->ListMonthlyFigures(Ctx().get(), req, &resp);
        if (!s.ok()) return {s, false};
        for (const auto& f : resp.figures()) stored_[f.name()] = f.value();
        req.set_page_token(resp.next_page_token());
      } while (!req.page_token().empty());
      loaded_.insert({row.req.district(), year});
    }
    auto it = stored_.find(row.name);
    if (it != stored_.end() && it->second == row.req.value()) return {grpc::Status::OK, false};
    v1::MonthlyFigure out;
    grpc::Status s = stub_->ReportMonthlyFigure(Ctx().get(), row.req, &out);
    if (s.ok() && !row.req.validate_only()) stored_[row.name] = row.req.value();
    return {s, true};
  }

 private:
  std::unique_ptr<v1::SocialService::Stub> stub_;
  std::set<std::pair<std::string, int>> loaded_;
  std::map<std::string, int64_t> stored_;
};

}  // namespace

ImportKind SocialFiguresKind() {
  ImportKind k;
  k.name = "social-figures";
  k.summary = "monthly livelihood figures: one row per indicator and month (SocialService)";
  k.fields = WithCommonFields({
      {"indicator", {"指标", "指标名称"}, "new_urban_jobs/新增城镇就业, skills_training/职业技能培训, … (see below)", true},
      {"month", {"月份", "period"}, "YYYY-MM", true},
      {"value", {"数值", "人数"}, "the month's new count (not cumulative)", true},
      {"note", {"备注", "修订说明"}, "why a stored value is revised"},
  });
  k.run = [](const ParsedFile& file, const ImportOptions& o) {
    Writer w;
    return RunRows<Row>(file, o, "social-figures", Parse, [&](const Row& r) { return w(r); });
  };
  return k;
}

}  // namespace devplan::ctl
