#include "services/aggregator/district_ranking.h"

#include <algorithm>
#include <google/protobuf/util/time_util.h>
#include <optional>

#include "services/common/dates.h"

namespace devplan::aggregator {
namespace {

// Competition ranks of optional scores: 1 for the best, ties share, unscored get 0. Sorted,
// not pairwise: a province's 3,000 districts are ranked seven times per comparison.
std::vector<int> Ranks(const std::vector<std::optional<double>>& scores) {
  std::vector<size_t> scored;
  for (size_t i = 0; i < scores.size(); ++i) {
    if (scores[i]) scored.push_back(i);
  }
  std::sort(scored.begin(), scored.end(),
            [&](size_t a, size_t b) { return *scores[a] > *scores[b]; });
  std::vector<int> ranks(scores.size(), 0);
  for (size_t k = 0; k < scored.size(); ++k) {
    const bool tied = k > 0 && *scores[scored[k]] == *scores[scored[k - 1]];
    ranks[scored[k]] = tied ? ranks[scored[k - 1]] : static_cast<int>(k) + 1;
  }
  return ranks;
}

}  // namespace

v1::DistrictComparison RankDistricts(const std::vector<const v1::Scorecard*>& cards,
                                     absl::CivilDay as_of) {
  std::vector<std::optional<double>> overall;
  for (const v1::Scorecard* c : cards) {
    overall.push_back(c->has_overall_score() ? std::optional(c->overall_score()) : std::nullopt);
  }
  const std::vector<int> overall_rank = Ranks(overall);

  std::vector<v1::DistrictRank> rows(cards.size());
  for (size_t i = 0; i < cards.size(); ++i) {
    const v1::Scorecard& c = *cards[i];
    v1::DistrictRank& r = rows[i];
    r.set_district(c.district());
    r.set_district_name_zh(c.district_name_zh());
    if (overall[i]) r.set_overall_score(*overall[i]);
    r.set_overall_rank(overall_rank[i]);
    r.set_plan(c.plan());
    r.set_plan_version(c.plan_version());
    *r.mutable_failed_sources() = c.failed_sources();
    for (const v1::AreaResult& a : c.areas()) {
      for (const auto& [status, n] : a.status_counts()) (*r.mutable_status_counts())[status] += n;
    }
  }
  // Area ranks, over the districts whose plan has the area.
  for (int area = v1::Area_MIN; area <= v1::Area_MAX; ++area) {
    if (area == v1::AREA_UNSPECIFIED) continue;
    std::vector<std::optional<double>> scores(cards.size());
    std::vector<bool> present(cards.size(), false);
    for (size_t i = 0; i < cards.size(); ++i) {
      for (const v1::AreaResult& a : cards[i]->areas()) {
        if (a.area() != area) continue;
        present[i] = true;
        if (a.has_score()) scores[i] = a.score();
      }
    }
    const std::vector<int> ranks = Ranks(scores);
    for (size_t i = 0; i < cards.size(); ++i) {
      if (!present[i]) continue;
      v1::AreaRank* ar = rows[i].add_areas();
      ar->set_area(static_cast<v1::Area>(area));
      if (scores[i]) ar->set_score(*scores[i]);
      ar->set_rank(ranks[i]);
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const v1::DistrictRank& a,
                                                const v1::DistrictRank& b) {
    const int ra = a.overall_rank() == 0 ? INT32_MAX : a.overall_rank();
    const int rb = b.overall_rank() == 0 ? INT32_MAX : b.overall_rank();
    return ra != rb ? ra < rb : a.district() < b.district();
  });

  v1::DistrictComparison out;
  *out.mutable_as_of() = ToProtoDate(as_of);
  for (v1::DistrictRank& r : rows) *out.add_districts() = std::move(r);
  *out.mutable_compute_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  return out;
}

}  // namespace devplan::aggregator
