#include "services/environment/environment_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "services/common/dates.h"
#include "services/common/mutation.h"
#include "services/common/proto_codec.h"
#include "services/common/redis_keys.h"
#include "services/common/status_macros.h"
#include "services/environment/water_rules.h"
#include "services/environment/works_rules.h"

namespace devplan::environment {
namespace {

constexpr char kService[] = "env";
constexpr int kMaxWriteAttempts = 5;

template <typename Message>
absl::StatusOr<std::vector<Message>> SortedValues(const redis::Reply& reply) {
  ASSIGN_OR_RETURN(auto decoded, DecodeHash<Message>(reply));
  std::sort(decoded.begin(), decoded.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Message> out;
  out.reserve(decoded.size());
  for (auto& [field, m] : decoded) out.push_back(std::move(m));
  return out;
}

std::string SampleField(const std::string& body_id, const std::string& point_id,
                        const v1::Date& d) {
  return absl::StrCat(body_id, "/", point_id, "/", DayKey(absl::CivilDay(d.year(), d.month(), d.day())));
}

}  // namespace

absl::StatusOr<v1::WaterBody> EnvironmentStore::PutWaterBody(v1::WaterBody body) {
  const std::string& d = body.district();
  store::Mutation m(kService, d);
  m.HSet(keys::WaterBodies(d), body.water_body_id(), body.SerializeAsString())
      .Event("water_body", body.name());
  absl::StatusOr<store::Outcome> outcome = m.Apply(pool_);
  if (!outcome.ok()) return outcome.status();
  return body;
}

absl::StatusOr<std::optional<v1::WaterBody>> EnvironmentStore::GetWaterBody(
    const std::string& district, const std::string& id) {
  ASSIGN_OR_RETURN(redis::Reply r, pool_.Run({"HGET", keys::WaterBodies(district), id}));
  if (r.is_nil()) return std::nullopt;
  ASSIGN_OR_RETURN(v1::WaterBody b, DecodeRecord<v1::WaterBody>(r.str(), id));
  return b;
}

absl::StatusOr<std::vector<v1::WaterBody>> EnvironmentStore::ListWaterBodies(
    const std::string& district) {
  ASSIGN_OR_RETURN(redis::Reply r, pool_.Run({"HGETALL", keys::WaterBodies(district)}));
  return SortedValues<v1::WaterBody>(r);
}

absl::StatusOr<v1::WaterSample> EnvironmentStore::PutWaterSample(const std::string& district,
                                                                 const std::string& body_id,
                                                                 v1::WaterSample sample) {
  store::Mutation m(kService, district);
  m.RequireField(keys::WaterBodies(district), body_id, WaterBodyName(district, body_id))
      .HSet(keys::WaterSamples(district), SampleField(body_id, sample.point_id(), sample.date()),
            sample.SerializeAsString())
      .Event("water_sample", sample.name());
  absl::StatusOr<store::Outcome> outcome = m.Apply(pool_);
  if (!outcome.ok()) return outcome.status();
  return sample;
}

absl::StatusOr<std::vector<v1::WaterSample>> EnvironmentStore::SamplesOf(
    const std::string& district, const std::string& body_id) {
  ASSIGN_OR_RETURN(redis::Reply r, pool_.Run({"HGETALL", keys::WaterSamples(district)}));
  ASSIGN_OR_RETURN(auto decoded, DecodeHash<v1::WaterSample>(r));
  const std::string prefix = absl::StrCat(body_id, "/");
  std::vector<v1::WaterSample> out;
  for (auto& [field, s] : decoded) {
    if (absl::StartsWith(field, prefix)) out.push_back(std::move(s));
  }
  return out;
}

absl::StatusOr<v1::Work> EnvironmentStore::PutWork(v1::Work work) {
  const std::string& d = work.district();
  const std::string milestone_field = absl::StrCat(static_cast<int>(work.milestone()));
  for (int attempt = 0; attempt < kMaxWriteAttempts; ++attempt) {
    ASSIGN_OR_RETURN(std::vector<redis::Reply> r,
                     pool_.RunPipeline({{"HGET", keys::Works(d), work.work_id()},
                                        {"HGET", keys::WorkMilestones(d), milestone_field}}));
    const std::optional<std::string> stored_bytes = r[0].opt_str();
    const std::optional<std::string> owner = r[1].opt_str();
    store::Mutation m(kService, d);
    m.ExpectField(keys::Works(d), work.work_id(), stored_bytes);
    if (work.milestone() != v1::ENVIRONMENT_MILESTONE_UNSPECIFIED) {
      if (owner.has_value() && *owner != work.work_id()) {
        return absl::AlreadyExistsError(absl::StrCat(
            "work.milestone: ", v1::EnvironmentMilestone_Name(work.milestone()),
            " is already carried by ", WorkName(d, *owner)));
      }
      m.ExpectField(keys::WorkMilestones(d), milestone_field, owner)
          .HSet(keys::WorkMilestones(d), milestone_field, work.work_id());
    }
    if (stored_bytes.has_value()) {
      ASSIGN_OR_RETURN(v1::Work old, DecodeRecord<v1::Work>(*stored_bytes, work.work_id()));
      if (old.milestone() != v1::ENVIRONMENT_MILESTONE_UNSPECIFIED &&
          old.milestone() != work.milestone()) {
        const std::string old_field = absl::StrCat(static_cast<int>(old.milestone()));
        m.ExpectField(keys::WorkMilestones(d), old_field, work.work_id())
            .HDel(keys::WorkMilestones(d), old_field);
      }
    }
    if (!work.water_body_id().empty()) {
      m.RequireField(keys::WaterBodies(d), work.water_body_id(),
                     WaterBodyName(d, work.water_body_id()));
    }
    m.HSet(keys::Works(d), work.work_id(), work.SerializeAsString()).Event("work", work.name());
    absl::StatusOr<store::Outcome> outcome = m.Apply(pool_);
    if (outcome.ok()) return work;
    if (outcome.status().code() != absl::StatusCode::kAborted) return outcome.status();
  }
  return absl::AbortedError(absl::StrCat(work.name(), ": changed concurrently; retry"));
}

absl::StatusOr<std::vector<v1::Work>> EnvironmentStore::ListWorks(const std::string& district) {
  ASSIGN_OR_RETURN(redis::Reply r, pool_.Run({"HGETALL", keys::Works(district)}));
  return SortedValues<v1::Work>(r);
}

absl::StatusOr<v1::Plot> EnvironmentStore::PutPlot(v1::Plot plot) {
  const std::string& d = plot.district();
  store::Mutation m(kService, d);
  m.HSet(keys::Plots(d), plot.plot_id(), plot.SerializeAsString()).Event("plot", plot.name());
  absl::StatusOr<store::Outcome> outcome = m.Apply(pool_);
  if (!outcome.ok()) return outcome.status();
  return plot;
}

absl::StatusOr<std::vector<v1::Plot>> EnvironmentStore::ListPlots(const std::string& district) {
  ASSIGN_OR_RETURN(redis::Reply r, pool_.Run({"HGETALL", keys::Plots(district)}));
  return SortedValues<v1::Plot>(r);
}

absl::StatusOr<EnvironmentFacts> EnvironmentStore::LoadFacts(const std::string& district,
                                                             absl::CivilDay as_of) {
  EnvironmentFacts facts;
  ASSIGN_OR_RETURN(facts.air_days,
                   air_.LoadDays(district, absl::CivilDay(as_of.year(), 1, 1), as_of));
  ASSIGN_OR_RETURN(std::vector<redis::Reply> r,
                   pool_.RunPipeline({{"HGETALL", keys::WaterBodies(district)},
                                      {"HGETALL", keys::WaterSamples(district)},
                                      {"HGETALL", keys::Works(district)},
                                      {"HGETALL", keys::Plots(district)}}));
  ASSIGN_OR_RETURN(facts.water_bodies, SortedValues<v1::WaterBody>(r[0]));
  ASSIGN_OR_RETURN(auto samples, DecodeHash<v1::WaterSample>(r[1]));
  for (auto& [field, s] : samples) {
    facts.samples[field.substr(0, field.find('/'))].push_back(std::move(s));
  }
  ASSIGN_OR_RETURN(facts.works, SortedValues<v1::Work>(r[2]));
  ASSIGN_OR_RETURN(facts.plots, SortedValues<v1::Plot>(r[3]));
  return facts;
}

}  // namespace devplan::environment
