// The SocialService's metrics: each derived from stored facts as of a date.
#pragma once

#include "services/common/metrics_contract.h"
#include "services/social/social_store.h"

namespace devplan::social {

const MetricSet<SocialFacts>& SocialMetrics();

}  // namespace devplan::social
