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

}  // namespace devplan::ctl
