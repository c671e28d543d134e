#include "services/social/social_store.h"

#include "absl/strings/str_cat.h"
#include "services/common/dates.h"
#include "services/common/mutation.h"
#include "services/common/proto_codec.h"
#include "services/common/redis_keys.h"

namespace devplan::social {

absl::StatusOr<v1::MonthlyFigure> SocialStore::PutMonthly(const std::string& district,
                                                          v1::MonthlyFigure figure) {
  const std::string field = absl::StrCat(
      v1::SocialIndicator_Name(figure.indicator()), "/",
      MonthKey(absl::CivilMonth(figure.month().year(), figure.month().month())));
  store::Mutation m("soc", district);
  m.HSet(keys::MonthlyFigures(district), field, figure.SerializeAsString())
      .Event("monthly_figure", figure.name());
  absl::StatusOr<store::Outcome> outcome = m.Apply(pool_);
  if (!outcome.ok()) return outcome.status();
  return figure;
}

absl::StatusOr<SocialFacts> SocialStore::LoadFacts(const std::string& district) {
  absl::StatusOr<redis::Reply> r = pool_.Run({"HGETALL", keys::MonthlyFigures(district)});
  if (!r.ok()) return r.status();
  auto figures = DecodeHash<v1::MonthlyFigure>(*r);
  if (!figures.ok()) return figures.status();
  SocialFacts facts;
  for (auto& [field, f] : *figures) facts.monthly.push_back(std::move(f));
  return facts;
}

}  // namespace devplan::social
