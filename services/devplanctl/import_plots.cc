// plots: one row per construction-land plot with its soil survey → EnvironmentService PutPlot
// (a put on plot_id). The district's plots are read once; a row equal to the stored plot is
// unchanged and not sent.
#include "absl/strings/str_cat.h"
#include "devplan/v1/environment.grpc.pb.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/import_common.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

const std::vector<EnumWord>& ResultWords() {
  static const std::vector<EnumWord> w = ProtoEnumWords(
      v1::SoilSurveyResult_descriptor(), "SOIL_SURVEY_RESULT_",
      {{v1::SOIL_SURVEY_RESULT_MEETS_STANDARD, {"达标", "符合标准"}},
       {v1::SOIL_SURVEY_RESULT_NEEDS_RISK_CONTROL, {"需风险管控", "风险管控"}}});
  return w;
}

absl::StatusOr<v1::PutPlotRequest> Parse(const Record& r, const ImportOptions& o) {
  v1::PutPlotRequest req;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  v1::Plot& p = *req.mutable_plot();
  p.set_district(basics.district);
  ASSIGN_OR_RETURN(std::string id, Required(r, "plot_id"));
  p.set_plot_id(id);
  ASSIGN_OR_RETURN(std::string title, Required(r, "title_zh"));
  p.set_title_zh(title);
  p.set_title_en(r.Get("title_en").value_or(""));
  p.set_planned_use_zh(r.Get("planned_use_zh").value_or(""));
  if (auto a = r.Get("area_m2")) {
    ASSIGN_OR_RETURN(int64_t v, Named(ParseInt(*a), "area_m2"));
    if (v < 0) return absl::InvalidArgumentError("area_m2 is negative");
    p.set_area_m2(v);
  }
  ASSIGN_OR_RETURN(std::optional<v1::Date> survey, OptionalPastDate(r, "survey_completed_on"));
  if (survey) *p.mutable_survey_completed_on() = *survey;
  if (auto res = r.Get("survey_result")) {
    ASSIGN_OR_RETURN(int v, ParseEnum(*res, ResultWords(), "survey_result"));
    p.set_survey_result(static_cast<v1::SoilSurveyResult>(v));
  }
  ASSIGN_OR_RETURN(std::optional<v1::Date> control, OptionalPastDate(r, "risk_control_completed_on"));
  if (control) *p.mutable_risk_control_completed_on() = *control;
  ASSIGN_OR_RETURN(std::optional<v1::Date> developed, OptionalPastDate(r, "developed_on"));
  if (developed) *p.mutable_developed_on() = *developed;
  req.set_reported_by(basics.reported_by);
  req.set_validate_only(o.dry_run);
  return req;
}

}  // namespace

ImportKind PlotsKind() {
  ImportKind k;
  k.name = "plots";
  k.summary = "construction-land plots and their soil surveys: one row per plot, replaced as a whole (EnvironmentService)";
  k.fields = WithCommonFields({
      {"plot_id", {"地块编号", "编号", "id"}, "1-64 of A-Z a-z 0-9 _ . -", true},
      {"title_zh", {"地块名称", "名称", "name"}, "Chinese name", true},
      {"title_en", {"英文名称"}, "English name (optional)"},
      {"planned_use_zh", {"规划用途"}, "planned use (optional)"},
      {"area_m2", {"面积(m²)", "面积(平方米)", "面积"}, "square metres"},
      {"survey_completed_on", {"调查完成日期"}, "YYYY-MM-DD: the soil survey's report accepted"},
      {"survey_result", {"调查结论"}, "meets_standard/达标, needs_risk_control/需风险管控"},
      {"risk_control_completed_on", {"风险管控完成日期"}, "YYYY-MM-DD"},
      {"developed_on", {"开发利用日期"}, "YYYY-MM-DD: put to use"},
  });
  k.run = [](const ParsedFile& file, const ImportOptions& o) {
    auto stub = v1::EnvironmentService::NewStub(ChannelTo(G().environment_addr));
    StoredRecords stored([&](const std::string& district, std::map<std::string, std::string>& into) {
      v1::ListPlotsRequest req;
      req.set_district(district);
      req.set_page_size(1000);
      do {
        v1::ListPlotsResponse resp;
        grpc::Status s = stub->ListPlots(Ctx().get(), req, &resp);
        if (!s.ok()) return s;
        for (const auto& p : resp.plots()) into[p.plot_id()] = Canonical(p);
        req.set_page_token(resp.next_page_token());
      } while (!req.page_token().empty());
      return grpc::Status::OK;
    });
    return RunRows<v1::PutPlotRequest>(file, o, "plots", Parse, [&](const v1::PutPlotRequest& req) {
      const v1::Plot& p = req.plot();
      return stored.WriteUnlessStored(p.district(), p.plot_id(), Canonical(p), o.dry_run, [&] {
        v1::Plot out;
        return stub->PutPlot(Ctx().get(), req, &out);
      });
    });
  };
  return k;
}

}  // namespace devplan::ctl
