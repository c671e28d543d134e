#include "services/environment/environment_store.h"

#include "services/common/dates.h"
#include "services/common/mutation.h"
#include "services/common/proto_codec.h"
#include "services/common/redis_keys.h"

namespace devplan::environment {

absl::StatusOr<v1::DailyAqi> EnvironmentStore::PutDailyAqi(const std::string& district,
                                                           v1::DailyAqi day) {
  const std::string field =
      DayKey(absl::CivilDay(day.date().year(), day.date().month(), day.date().day()));
  store::Mutation m("env", district);
  m.HSet(keys::DailyAqi(district), field, day.SerializeAsString()).Event("daily_aqi", day.name());
  absl::StatusOr<store::Outcome> outcome = m.Apply(pool_);
  if (!outcome.ok()) return outcome.status();
  return day;
}

absl::StatusOr<EnvironmentFacts> EnvironmentStore::LoadFacts(const std::string& district) {
  absl::StatusOr<redis::Reply> r = pool_.Run({"HGETALL", keys::DailyAqi(district)});
  if (!r.ok()) return r.status();
  auto days = DecodeHash<v1::DailyAqi>(*r);
  if (!days.ok()) return days.status();
  EnvironmentFacts facts;
  for (auto& [field, d] : *days) facts.daily_aqi.push_back(std::move(d));
  return facts;
}

}  // namespace devplan::environment
