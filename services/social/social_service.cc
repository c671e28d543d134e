// SocialService handlers: the metrics contract and the revisable figures.
#include "services/social/social_service.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "services/common/dates.h"
#include "services/common/paging.h"
#include "services/common/redis_keys.h"
#include "services/common/grpc_glue.h"
#include "services/common/status_macros.h"
#include "services/social/figure_rules.h"
#include "services/common/validation.h"
#include "services/social/social_metrics.h"

namespace devplan::social {
namespace {

bool YearMatches(int32_t filter, const v1::Date& date) {
  return filter == 0 || date.year() == filter;
}

// Orders figures by their enum (indicator, category, scheme), then date.
template <typename Figure, typename KeyFn>
void SortFigures(std::vector<Figure>& figures, KeyFn key) {
  std::sort(figures.begin(), figures.end(), [&](const Figure& a, const Figure& b) {
    return key(a) < key(b);
  });
}

std::tuple<int, int, int, int> DateKey(int kind, const v1::Date& d) {
  return {kind, d.year(), d.month(), d.day()};
}

}  // namespace

SocialServiceImpl::SocialServiceImpl(ServiceContext context)
    : context_(std::move(context)),
      records_(context_.pool, keys::kSocialPrefix),
      store_(records_),
      facts_(context_.facts_cache_entries) {}

// ---- Metrics ----------------------------------------------------------------------------

absl::StatusOr<v1::GetMetricsResponse> SocialServiceImpl::DoGetMetrics(
    const v1::GetMetricsRequest& request) {
  return SocialMetrics().Get(request, [this](const MetricQuery& q) {
    return facts_.Current(context_.pool, q.district, q.district,
                          [&] { return store_.LoadFacts(q.district); });
  });
}

absl::StatusOr<v1::ListMetricDefinitionsResponse> SocialServiceImpl::DoListMetricDefinitions(
    const v1::ListMetricDefinitionsRequest& request) {
  return SocialMetrics().catalog().List(request);
}

// ---- Monthly figures --------------------------------------------------------------------

absl::StatusOr<v1::MonthlyFigure> SocialServiceImpl::DoReportMonthlyFigure(
    const v1::ReportMonthlyFigureRequest& request) {
  ASSIGN_OR_RETURN(v1::MonthlyFigure figure,
                   MonthlyFigureFrom(request, context_.clock.today(), context_.clock.now()));
  return store_.ReportMonthly(request.district(), std::move(figure),
                              store::RequestKey::Of({}, request));
}

absl::StatusOr<v1::MonthlyFigure> SocialServiceImpl::DoGetMonthlyFigure(
    const v1::GetMonthlyFigureRequest& request) {
  // "districts/{district}/monthlyFigures/{indicator}/{yyyy-mm}"
  const std::vector<std::string> parts = absl::StrSplit(request.name(), '/');
  v1::SocialIndicator indicator = v1::SOCIAL_INDICATOR_UNSPECIFIED;
  absl::CivilMonth month;
  if (parts.size() != 5 || parts[0] != "districts" || parts[2] != "monthlyFigures" ||
      !v1::SocialIndicator_Parse(parts[3], &indicator) ||
      indicator == v1::SOCIAL_INDICATOR_UNSPECIFIED || !absl::ParseCivilTime(parts[4], &month)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "name: ", QuoteForError(request.name()),
        " is not of the form districts/{district}/monthlyFigures/{indicator}/{yyyy-mm}"));
  }
  RETURN_IF_ERROR(ValidateDistrict(parts[1], "name"));
  ASSIGN_OR_RETURN(std::optional<v1::MonthlyFigure> figure,
                   store_.GetMonthly(parts[1], absl::StrCat(parts[3], "/", MonthKey(month))));
  if (!figure.has_value()) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  return *std::move(figure);
}

absl::StatusOr<v1::ListMonthlyFiguresResponse> SocialServiceImpl::DoListMonthlyFigures(
    const v1::ListMonthlyFiguresRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  if (!v1::SocialIndicator_IsValid(request.indicator())) {
    return absl::InvalidArgumentError("indicator: not one of SocialIndicator");
  }
  RETURN_IF_ERROR(ValidateYearFilter(request.year()));
  ASSIGN_OR_RETURN(std::vector<v1::MonthlyFigure> all, store_.ListMonthly(request.district()));
  std::erase_if(all, [&](const v1::MonthlyFigure& f) {
    return (request.indicator() != v1::SOCIAL_INDICATOR_UNSPECIFIED &&
            f.indicator() != request.indicator()) ||
           !YearMatches(request.year(), f.month());
  });
  SortFigures(all, [](const v1::MonthlyFigure& f) { return DateKey(f.indicator(), f.month()); });
  return PageOf(all, request.page_size(), request.page_token(),
              absl::StrCat("monthlyFigures/", request.district(), "/", request.indicator(), "/",
                           request.year()),
              &v1::ListMonthlyFiguresResponse::mutable_figures);
}

// ---- Talent counts ----------------------------------------------------------------------

absl::StatusOr<v1::TalentCount> SocialServiceImpl::DoReportTalentCount(
    const v1::ReportTalentCountRequest& request) {
  ASSIGN_OR_RETURN(v1::TalentCount count,
                   TalentCountFrom(request, context_.clock.today(), context_.clock.now()));
  return store_.ReportTalent(request.district(), std::move(count),
                             store::RequestKey::Of({}, request));
}

absl::StatusOr<v1::ListTalentCountsResponse> SocialServiceImpl::DoListTalentCounts(
    const v1::ListTalentCountsRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  if (!v1::TalentCategory_IsValid(request.category())) {
    return absl::InvalidArgumentError("category: not one of TalentCategory");
  }
  RETURN_IF_ERROR(ValidateYearFilter(request.year()));
  ASSIGN_OR_RETURN(std::vector<v1::TalentCount> all, store_.ListTalents(request.district()));
  std::erase_if(all, [&](const v1::TalentCount& t) {
    return (request.category() != v1::TALENT_CATEGORY_UNSPECIFIED &&
            t.category() != request.category()) ||
           !YearMatches(request.year(), t.date());
  });
  SortFigures(all, [](const v1::TalentCount& t) { return DateKey(t.category(), t.date()); });
  return PageOf(all, request.page_size(), request.page_token(),
              absl::StrCat("talentCounts/", request.district(), "/", request.category(), "/",
                           request.year()),
              &v1::ListTalentCountsResponse::mutable_counts);
}

// ---- Coverage ---------------------------------------------------------------------------

absl::StatusOr<v1::CoverageFigure> SocialServiceImpl::DoReportCoverage(
    const v1::ReportCoverageRequest& request) {
  ASSIGN_OR_RETURN(v1::CoverageFigure figure,
                   CoverageFigureFrom(request, context_.clock.today(), context_.clock.now()));
  return store_.ReportCoverage(request.district(), std::move(figure),
                               store::RequestKey::Of({}, request));
}

absl::StatusOr<v1::ListCoverageFiguresResponse> SocialServiceImpl::DoListCoverageFigures(
    const v1::ListCoverageFiguresRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  if (!v1::InsuranceScheme_IsValid(request.scheme())) {
    return absl::InvalidArgumentError("scheme: not one of InsuranceScheme");
  }
  RETURN_IF_ERROR(ValidateYearFilter(request.year()));
  ASSIGN_OR_RETURN(std::vector<v1::CoverageFigure> all, store_.ListCoverage(request.district()));
  std::erase_if(all, [&](const v1::CoverageFigure& c) {
    return (request.scheme() != v1::INSURANCE_SCHEME_UNSPECIFIED &&
            c.scheme() != request.scheme()) ||
           !YearMatches(request.year(), c.month());
  });
  SortFigures(all, [](const v1::CoverageFigure& c) { return DateKey(c.scheme(), c.month()); });
  return PageOf(all, request.page_size(), request.page_token(),
              absl::StrCat("coverageFigures/", request.district(), "/", request.scheme(), "/",
                           request.year()),
              &v1::ListCoverageFiguresResponse::mutable_figures);
}

}  // namespace devplan::social
