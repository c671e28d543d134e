// figures: economic-operations statistics, one row per indicator and period →
// InvestmentService ReportEconomicFigure. Stored figures of the year are read once so an
// equal row is counted unchanged; a different value is a revision (revision_note kept).
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "devplan/v1/investment.grpc.pb.h"
#include "services/common/dates.h"
#include "services/common/figure_value.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/import_common.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

enum class Kind { kPercent, kYuan, kCount };

struct IndicatorInfo {
  v1::EconomicIndicator id;
  Kind kind;
  bool quarterly;
  std::vector<std::string> zh;
};

const std::vector<IndicatorInfo>& Indicators() {
  static const std::vector<IndicatorInfo> v = {
      {v1::ECONOMIC_INDICATOR_GDP_GROWTH, Kind::kPercent, true, {"地区生产总值增长", "GDP增长"}},
      {v1::ECONOMIC_INDICATOR_DISPOSABLE_INCOME_GROWTH, Kind::kPercent, true, {"居民人均可支配收入增长"}},
      {v1::ECONOMIC_INDICATOR_FIXED_ASSET_INVESTMENT_GROWTH, Kind::kPercent, false, {"固定资产投资增长"}},
      {v1::ECONOMIC_INDICATOR_INDUSTRIAL_VALUE_ADDED_GROWTH, Kind::kPercent, false, {"规模以上工业增加值增长", "规上工业增加值增长"}},
      {v1::ECONOMIC_INDICATOR_RETAIL_SALES_GROWTH, Kind::kPercent, false, {"社会消费品零售总额增长"}},
      {v1::ECONOMIC_INDICATOR_BUDGET_REVENUE, Kind::kYuan, false, {"一般公共预算收入"}},
      {v1::ECONOMIC_INDICATOR_CAR_SALES, Kind::kYuan, false, {"汽车销售额"}},
      {v1::ECONOMIC_INDICATOR_TECH_CONTRACT_TURNOVER, Kind::kYuan, false, {"技术合同交易额"}},
      {v1::ECONOMIC_INDICATOR_NEW_MARKET_ENTITIES, Kind::kCount, false, {"新增市场主体"}},
      {v1::ECONOMIC_INDICATOR_NEW_TECH_ENTERPRISES, Kind::kCount, false, {"新增科技型企业"}},
      {v1::ECONOMIC_INDICATOR_NEW_HIGH_TECH_ENTERPRISES, Kind::kCount, false, {"新增高新技术企业"}},
      {v1::ECONOMIC_INDICATOR_NEW_INNOVATIVE_SMES, Kind::kCount, false, {"新增创新型中小企业"}},
      {v1::ECONOMIC_INDICATOR_ECOMMERCE_PARKS, Kind::kCount, false, {"引进电商园区"}},
      {v1::ECONOMIC_INDICATOR_ECOMMERCE_FIRMS, Kind::kCount, false, {"引进知名电商企业"}},
      {v1::ECONOMIC_INDICATOR_STANDARDIZATION_PILOTS, Kind::kCount, false, {"省级标准化试点示范项目"}},
  };
  return v;
}

std::string Suffix(v1::EconomicIndicator i) {
  return absl::AsciiStrToLower(absl::StrReplaceAll(v1::EconomicIndicator_Name(i),
                                                   {{"ECONOMIC_INDICATOR_", ""}}));
}

std::vector<EnumWord> Words() {
  std::vector<EnumWord> w;
  for (const auto& i : Indicators()) {
    EnumWord e{i.id, {Suffix(i.id)}};
    for (const auto& z : i.zh) e.words.push_back(z);
    e.words.push_back(v1::EconomicIndicator_Name(i.id));
    w.push_back(e);
  }
  return w;
}

struct Row {
  v1::ReportEconomicFigureRequest req;
  std::string name;
};

absl::StatusOr<Row> Parse(const Record& r, const ImportOptions& o) {
  Row row;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  ASSIGN_OR_RETURN(int ind, RequiredEnum(r, "indicator", Words()));
  const IndicatorInfo* info = nullptr;
  for (const auto& i : Indicators()) if (i.id == ind) info = &i;
  ASSIGN_OR_RETURN(v1::Date period, RequiredMonth(r, "period"));
  const absl::CivilMonth month(period.year(), period.month());
  if (info->quarterly && period.month() % 3 != 0) {
    return absl::InvalidArgumentError(absl::StrCat(Suffix(info->id), " is quarterly: period month must be 3, 6, 9 or 12"));
  }
  if (absl::CivilMonth(TodayInChina()) < month) {
    return absl::InvalidArgumentError("period has not begun");
  }
  v1::EconomicFigure& f = *row.req.mutable_figure();
  f.set_indicator(info->id);
  *f.mutable_period() = period;
  std::optional<std::string> value = r.Get("value"), wan = r.Get("value_wan"), yi = r.Get("value_yi");
  int given = (value ? 1 : 0) + (wan ? 1 : 0) + (yi ? 1 : 0);
  if (given == 0) return absl::InvalidArgumentError("value is empty");
  if (given > 1) return absl::InvalidArgumentError("value is given in more than one column");
  switch (info->kind) {
    case Kind::kPercent: {
      if (!value) return absl::InvalidArgumentError("a growth rate goes in value (percentage points)");
      ASSIGN_OR_RETURN(double v, Named(ParseDouble(*value), "value"));
      if (v <= -100 || v > 1000) return absl::InvalidArgumentError("value is outside (-100, 1000] %");
      f.set_percent(v);
      break;
    }
    case Kind::kYuan: {
      ASSIGN_OR_RETURN(int64_t v, Named(ParseMoney(value ? *value : wan ? *wan : *yi,
                                                   value ? 1 : wan ? 10000 : 100000000),
                                        "value"));
      if (v < 0 || v > 100'000'000'000) return absl::InvalidArgumentError("value is outside 0..1000亿元");
      f.set_amount_yuan(v);
      break;
    }
    case Kind::kCount: {
      if (!value) return absl::InvalidArgumentError("a count goes in value");
      ASSIGN_OR_RETURN(int64_t v, Named(ParseInt(*value), "value"));
      if (v < 0 || v > 1'000'000) return absl::InvalidArgumentError("value is outside 0..1000000");
      f.set_count(v);
      break;
    }
  }
  if (auto note = r.Get("revision_note")) f.set_revision_note(*note);
  row.req.set_district(basics.district);
  row.req.set_reported_by(basics.reported_by);
  row.name = absl::StrCat("districts/", basics.district, "/economicFigures/", Suffix(info->id),
                          "/periods/", MonthKey(month));
  row.req.set_validate_only(o.dry_run);
  row.req.set_request_id(RequestId("fig", absl::StrCat(row.name, "|", f.ShortDebugString())));
  return row;
}

class Writer {
 public:
  Writer() : stub_(v1::InvestmentService::NewStub(ChannelTo(G().investment_addr))) {}

  WriteOutcome operator()(const Row& row) {
    const int year = row.req.figure().period().year();
    if (!loaded_.count({row.req.district(), year})) {
      v1::ListEconomicFiguresRequest req;
      req.set_district(row.req.district());
      req.set_year(year);
      req.set_page_size(1000);
      do {
        v1::ListEconomicFiguresResponse resp;
        grpc::Status s = stub_->ListEconomicFigures(Ctx().get(), req, &resp);
        if (!s.ok()) return {s, false};
        for (const auto& f : resp.figures()) stored_[f.name()] = f;
        req.set_page_token(resp.next_page_token());
      } while (!req.page_token().empty());
      loaded_.insert({row.req.district(), year});
    }
    auto it = stored_.find(row.name);
    if (it != stored_.end() && SameFigureValue(it->second, row.req.figure())) return {grpc::Status::OK, false};
    v1::EconomicFigure out;
    grpc::Status s = stub_->ReportEconomicFigure(Ctx().get(), row.req, &out);
    if (s.ok() && !row.req.validate_only()) stored_[row.name] = out;
    return {s, true};
  }

 private:
  std::unique_ptr<v1::InvestmentService::Stub> stub_;
  std::set<std::pair<std::string, int>> loaded_;
  std::map<std::string, v1::EconomicFigure> stored_;
};

}  // namespace

ImportKind FiguresKind() {
  ImportKind k;
  k.name = "figures";
  k.summary = "economic statistics: one row per indicator and period (InvestmentService)";
  k.fields = WithCommonFields({
      {"indicator", {"指标", "指标名称"}, "gdp_growth/地区生产总值增长, retail_sales_growth, budget_revenue, … (see below)", true},
      {"period", {"期间", "月份", "month"}, "YYYY-MM: the period's last month (quarterly: 03/06/09/12)", true},
      {"value", {"数值", "数据"}, "percentage points for growth rates, yuan for amounts, a count for counts"},
      {"value_wan", {"数值(万元)"}, "amounts in 万元 instead"},
      {"value_yi", {"数值(亿元)"}, "amounts in 亿元 instead"},
      {"revision_note", {"修订说明", "备注"}, "why a stored figure is revised"},
  });
  k.run = [](const ParsedFile& file, const ImportOptions& o) {
    Writer w;
    return RunRows<Row>(file, o, "figures", Parse, [&](const Row& r) { return w(r); });
  };
  return k;
}

}  // namespace devplan::ctl
