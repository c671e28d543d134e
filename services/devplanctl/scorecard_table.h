// A scorecard as a terminal table grouped by area; Chinese names aligned by display width;
// status colours when `color`.
#pragma once

#include <string>
#include <vector>

#include "devplan/v1/scorecard.pb.h"

namespace devplan::ctl {

std::string RenderScorecardTable(const v1::Scorecard& card, bool color);

// Areas of the card in plan order (those with indicators or an area result).
std::vector<v1::Area> AreasOf(const v1::Scorecard& card);
const v1::AreaResult* AreaResultOf(const v1::Scorecard& card, v1::Area area);
// The target shown for an indicator (1 for milestones: done).
double ShownTarget(const v1::IndicatorResult& i);
std::string ActualText(const v1::IndicatorResult& i);
std::string TargetText(const v1::IndicatorResult& i);
std::string ExpectedText(const v1::IndicatorResult& i);
std::string CompletionText(const v1::IndicatorResult& i);
std::string ScoreText(const v1::IndicatorResult& i);
std::string ChangeText(const v1::IndicatorResult& i);
// 序时差: completion minus the time line, "+3.2pp"; "" where the card has none.
std::string GapText(const v1::IndicatorResult& i);
// 剩余月份需月均完成: "12.5亿元/月"; "" for indicators met or not cumulative.
std::string NeededPerMonthText(const v1::IndicatorResult& i);
// The card's pace so far (pace_per_month), "9.8亿元/月"; "" where it has none.
std::string PaceSoFarText(const v1::IndicatorResult& i);
// One group's reporting: "区人社局 0 current, 1 overdue".
std::string ReportingText(const v1::ReportingCompleteness& rc);

}  // namespace devplan::ctl
