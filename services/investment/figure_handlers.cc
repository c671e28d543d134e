// InvestmentService handlers for economic-operations figures.
#include <algorithm>
#include <tuple>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/dates.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/common/figure_value.h"
#include "services/common/paging.h"
#include "services/common/resource_name.h"
#include "services/investment/figure_rules.h"
#include "services/common/store/revisions.h"
#include "services/investment/handler_support.h"
#include "services/investment/investment_service.h"

namespace devplan::investment {
namespace {

std::string FigureName(const std::string& district, v1::EconomicIndicator indicator,
                       absl::CivilMonth period) {
  return absl::StrCat("districts/", district, "/economicFigures/", IndicatorToken(indicator),
                      "/periods/", MonthKey(period));
}

// "2024-06" → the month; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<absl::CivilMonth> ParseMonthKey(absl::string_view key, absl::string_view field) {
  std::vector<absl::string_view> parts = absl::StrSplit(key, '-');
  int year = 0, month = 0;
  if (parts.size() != 2 || parts[0].size() != 4 || parts[1].size() != 2 ||
      !absl::SimpleAtoi(parts[0], &year) || !absl::SimpleAtoi(parts[1], &month) || month < 1 ||
      month > 12) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": period \"", key, "\" is not yyyy-mm"));
  }
  return absl::CivilMonth(year, month);
}

}  // namespace

absl::StatusOr<v1::EconomicFigure> InvestmentServiceImpl::DoReportEconomicFigure(
    const v1::ReportEconomicFigureRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  if (!request.has_figure()) return absl::InvalidArgumentError("figure: required");
  RETURN_IF_ERROR(ValidateWriter(request.reported_by(), request.request_id()));
  v1::EconomicFigure figure = request.figure();
  figure.clear_name();
  figure.clear_reported_by();
  figure.clear_report_time();
  figure.clear_revision();
  figure.clear_revisions();
  ASSIGN_OR_RETURN(const absl::CivilMonth period, ValidateFigure(figure, context_.clock.today()));
  *figure.mutable_period() = ToProtoDate(absl::CivilDay(period));
  figure.set_name(FigureName(request.district(), figure.indicator(), period));
  figure.set_reported_by(request.reported_by());
  auto edit = [&](const std::optional<v1::EconomicFigure>& current) -> std::optional<v1::EconomicFigure> {
    if (current.has_value() && SameFigureValue(*current, figure)) return std::nullopt;
    v1::EconomicFigure next =
        store::NextRevision(current, figure, &v1::EconomicFigure::mutable_revisions);
    *next.mutable_report_time() = context_.clock.now();
    return next;
  };
  return figures_.Put(request.district(), FigureField(figure.indicator(), period),
                      store::RequestKey::Of(request.request_id(), request), edit);
}

absl::StatusOr<v1::EconomicFigure> InvestmentServiceImpl::DoGetEconomicFigure(
    const v1::GetEconomicFigureRequest& request) {
  ASSIGN_OR_RETURN(const std::vector<std::string> ids, ParseResourceName(request.name(), "name", {"districts", "economicFigures", "periods"}));
  std::optional<v1::EconomicIndicator> indicator = IndicatorFromToken(ids[1]);
  if (!indicator) {
    return absl::InvalidArgumentError(absl::StrCat("name: unknown indicator \"", ids[1], "\""));
  }
  ASSIGN_OR_RETURN(const absl::CivilMonth period, ParseMonthKey(ids[2], "name"));
  ASSIGN_OR_RETURN(std::optional<v1::EconomicFigure> figure,
                   figures_.Get(ids[0], FigureField(*indicator, period)));
  if (!figure.has_value()) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  return *std::move(figure);
}

absl::StatusOr<v1::ListEconomicFiguresResponse> InvestmentServiceImpl::DoListEconomicFigures(
    const v1::ListEconomicFiguresRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  if (request.indicator() != v1::ECONOMIC_INDICATOR_UNSPECIFIED && !FindIndicator(request.indicator())) {
    return absl::InvalidArgumentError("indicator: not an EconomicIndicator");
  }
  RETURN_IF_ERROR(ValidateYearFilter(request.year()));
  const std::string tag = absl::StrCat("economicFigures/", request.district(), "/",
                                       request.indicator(), "/", request.year());
  ASSIGN_OR_RETURN(const PageRequest page, ParsePage(request.page_size(), request.page_token(), tag));
  ASSIGN_OR_RETURN(auto all, figures_.List(request.district()));
  std::vector<v1::EconomicFigure> matching;
  for (v1::EconomicFigure& f : all) {
    if (request.indicator() != v1::ECONOMIC_INDICATOR_UNSPECIFIED && f.indicator() != request.indicator()) continue;
    if (request.year() != 0 && f.period().year() != request.year()) continue;
    matching.push_back(std::move(f));
  }
  auto key = [](const v1::EconomicFigure& f) {
    return std::make_tuple(static_cast<int>(f.indicator()), f.period().year(), f.period().month());
  };
  std::sort(matching.begin(), matching.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  v1::ListEconomicFiguresResponse response;
  response.set_total_size(static_cast<int32_t>(matching.size()));
  response.set_next_page_token(CopyPage(matching, page, tag, response.mutable_figures()));
  return response;
}

}  // namespace devplan::investment
