// fuzz_plan: bytes → a devplan.v1.Plan in text format (as devplanctl plan put and
// deploy/plans/ hold it) → PlanProblems, the whole-plan check PutPlan and
// scripts/check_plan.py rely on, against the metrics the domain services really serve.
// Invariants: every problem is a bounded, UTF-8 message; a plan without problems has every
// number finite and in its range and its strings within their limits; and scoring such a plan
// (every indicator at half its target, mid-year) gives finite scores within 0..100, overall
// too — a plan once accepted cannot poison a card with NaN or infinity.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include "absl/strings/str_cat.h"
#include "services/aggregator/plan_validation.h"
#include "services/aggregator/rule_mapping.h"
#include "services/aggregator/scoring/scoring_rules.h"
#include "services/common/validation.h"
#include "services/environment/environment_metrics.h"
#include "services/investment/investment_metrics.h"
#include "services/social/social_metrics.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

namespace v1 = devplan::v1;
using devplan::aggregator::MetricKeys;

class SilentErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int, int, const std::string&) override {}
  void AddWarning(int, int, const std::string&) override {}
};

struct Catalog {
  MetricKeys known, narrowable;
};

void AddAll(const devplan::MetricCatalog& catalog, const std::string& service, Catalog& out) {
  v1::ListMetricDefinitionsRequest request;
  request.set_page_size(1000);
  do {
    absl::StatusOr<v1::ListMetricDefinitionsResponse> page = catalog.List(request);
    if (!page.ok()) devplan::fuzz::Violated("the metric catalog lists", page.status().ToString());
    for (const v1::MetricDefinition& d : page->definitions()) {
      out.known[service].insert(d.key());
      if (d.accepts_members()) out.narrowable[service].insert(d.key());
    }
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty());
}

const Catalog& Metrics() {
  static const Catalog* catalog = [] {
    auto* c = new Catalog;
    AddAll(devplan::investment::InvestmentMetrics().catalog(), "investment", *c);
    AddAll(devplan::environment::EnvironmentMetrics().catalog(), "environment", *c);
    AddAll(devplan::social::SocialMetrics().catalog(), "social", *c);
    return c;
  }();
  return *catalog;
}

bool Finite(double v) { return std::isfinite(v); }

void CheckAcceptedIndicator(const v1::Indicator& ind) {
  const std::string id = devplan::QuoteForError(ind.id());
  DEVPLAN_FUZZ_CHECK(Finite(ind.weight()) && ind.weight() >= 0, id);
  DEVPLAN_FUZZ_CHECK(Finite(ind.target()) && ind.target() >= 0, id);
  DEVPLAN_FUZZ_CHECK(Finite(ind.target_high()), id);
  DEVPLAN_FUZZ_CHECK(!ind.has_baseline() || (Finite(ind.baseline()) && ind.baseline() >= 0), id);
  DEVPLAN_FUZZ_CHECK(Finite(ind.tolerance_pp()) && ind.tolerance_pp() >= 0 &&
                         ind.tolerance_pp() <= 100,
                     id);
  for (double share : ind.monthly_schedule()) {
    DEVPLAN_FUZZ_CHECK(Finite(share) && share >= 0 && share <= 1, id);
  }
  DEVPLAN_FUZZ_CHECK(ind.id().size() <= devplan::kMaxIdBytes, id);
  DEVPLAN_FUZZ_CHECK(ind.name_zh().size() <= devplan::kMaxTitleBytes, id);
  DEVPLAN_FUZZ_CHECK(ind.name_en().size() <= devplan::kMaxTitleBytes, id);
  DEVPLAN_FUZZ_CHECK(ind.plan_text().size() <= devplan::kMaxNoteBytes, id);
  DEVPLAN_FUZZ_CHECK(ind.source().members_size() <= devplan::aggregator::kMaxSourceMembers, id);
}

// Scores every indicator as the card would at mid-year with each at half its target.
void CheckScores(const v1::Plan& plan) {
  const devplan::scoring::PlanPolicy policy = devplan::aggregator::PolicyOf(plan);
  const absl::CivilDay as_of(plan.year(), 6, 30);
  std::vector<devplan::scoring::ScoredIndicator> scored;
  for (const v1::Indicator& ind : plan.indicators()) {
    const devplan::scoring::IndicatorRule rule = devplan::aggregator::ToRule(plan, ind);
    devplan::scoring::Observation obs;
    obs.actual = ind.target() / 2;
    obs.current_to = as_of;
    obs.reference_actual = ind.target() / 2;
    obs.done = false;
    obs.progress = 0.5;
    devplan::scoring::ScoredIndicator s = devplan::scoring::ScoreIndicator(rule, obs, as_of, policy);
    const std::string id = devplan::QuoteForError(ind.id());
    if (s.result.score) {
      DEVPLAN_FUZZ_CHECK(Finite(*s.result.score) && *s.result.score >= 0 && *s.result.score <= 100,
                         absl::StrCat(id, " score ", *s.result.score));
    }
    if (s.result.expected) {
      DEVPLAN_FUZZ_CHECK(Finite(*s.result.expected), absl::StrCat(id, " expected ", *s.result.expected));
    }
    scored.push_back(std::move(s));
  }
  const devplan::scoring::OverallScore overall = devplan::scoring::AggregateAreas(scored);
  if (overall.score) {
    DEVPLAN_FUZZ_CHECK(Finite(*overall.score) && *overall.score >= 0 && *overall.score <= 100,
                       absl::StrCat("overall ", *overall.score));
  }
  for (const devplan::scoring::AreaScore& area : overall.areas) {
    if (area.score) {
      DEVPLAN_FUZZ_CHECK(Finite(*area.score) && *area.score >= 0 && *area.score <= 100,
                         absl::StrCat(area.area, " ", *area.score));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  devplan::fuzz::SilenceLibraryLogs();
  Metrics();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  v1::Plan plan;
  google::protobuf::TextFormat::Parser parser;
  SilentErrors errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(reinterpret_cast<const char*>(data), size), &plan)) {
    return 0;
  }
  // What PutPlan receives has crossed the wire: a string that is not UTF-8 (text format's
  // "\377" escapes) is refused there by protobuf before any check runs.
  std::string wire;
  if (!plan.SerializeToString(&wire) || !plan.ParseFromString(wire)) return 0;
  const std::vector<std::string> problems =
      devplan::aggregator::PlanProblems(plan, Metrics().known, Metrics().narrowable);
  for (const std::string& p : problems) devplan::fuzz::CheckMessage(p);
  if (!problems.empty()) return 0;

  DEVPLAN_FUZZ_CHECK(plan.indicators_size() >= 1 &&
                         plan.indicators_size() <= devplan::aggregator::kMaxPlanIndicators,
                     std::to_string(plan.indicators_size()));
  DEVPLAN_FUZZ_CHECK(plan.title().size() <= devplan::kMaxTitleBytes, plan.title());
  for (const v1::Indicator& ind : plan.indicators()) CheckAcceptedIndicator(ind);
  CheckScores(plan);
  return 0;
}
