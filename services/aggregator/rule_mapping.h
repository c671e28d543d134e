// Translation between the wire (devplan.v1 Plan, MetricValue, IndicatorStatus) and the pure
// scoring library's structs. No rules here: those live in scoring/scoring_rules.cc.
#pragma once

#include <optional>
#include <string>

#include "devplan/v1/common.pb.h"
#include "devplan/v1/scorecard.pb.h"
#include "services/aggregator/scoring/scoring_rules.h"

namespace devplan::aggregator {

// The plan-wide scoring settings of `plan`: its year (every date rule follows it), its
// release calendar, and the time line read at the end of the period the data covers.
scoring::PlanPolicy PolicyOf(const v1::Plan& plan);

// `cadence` comes from the source metric's definition (how often its facts arrive). A
// milestone without a due date is due on 31 December of the plan's year.
scoring::IndicatorRule ToRule(const v1::Plan& plan, const v1::Indicator& indicator,
                              v1::Cadence cadence = v1::CADENCE_MONTHLY);

// How a fetched value is found again: the metric key, or for a named list the key with its
// member ids ("investment.x[A,B]"). SourceId and ValueId agree for the value a source asks for.
std::string SourceId(const v1::SourceMetric& source);
std::string ValueId(const v1::MetricValue& value);

// The metric's value as a number in the indicator's unit; nullopt when unset (NO_DATA).
std::optional<double> NumericValue(const v1::MetricValue& value);

// What is known of an indicator from its metric (nullptr: the source did not answer).
scoring::Observation ToObservation(const v1::MetricValue* value, bool source_unavailable);

v1::IndicatorStatus ToProtoStatus(scoring::Status status);
v1::Trend ToProtoTrend(scoring::Trend trend);
const char* AreaKey(v1::Area area);

}  // namespace devplan::aggregator
