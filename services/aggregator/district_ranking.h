// The city's view: district scorecards side by side, ranked overall and area by area.
// Pure: scorecards in, ranking out.
#pragma once

#include <vector>

#include "absl/time/civil_time.h"
#include "devplan/v1/scorecard.pb.h"

namespace devplan::aggregator {

// Ranks by score, best first; equal scores share a rank and the next rank skips (1, 1, 3),
// as league tables do. A district without a score ranks 0 and comes last. `cards` are not
// copied: a comparison's cards are the cache's.
v1::DistrictComparison RankDistricts(const std::vector<const v1::Scorecard*>& cards,
                                     absl::CivilDay as_of);

}  // namespace devplan::aggregator
