#include "services/environment/environment_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "services/common/dates.h"
#include "services/common/proto_codec.h"
#include "services/common/redis_keys.h"
#include "services/common/status_macros.h"
#include "services/environment/water_rules.h"
#include "services/environment/works_rules.h"

namespace devplan::environment {
namespace {

std::string SampleField(const std::string& body_id, const std::string& point_id,
                        const v1::Date& d) {
  return absl::StrCat(body_id, "/", point_id, "/", DayKey(absl::CivilDay(d.year(), d.month(), d.day())));
}

}  // namespace

absl::StatusOr<v1::WaterBody> EnvironmentStore::PutWaterBody(v1::WaterBody body,
                                                             const store::RequestKey& request) {
  const std::string& d = body.district();
  store::Mutation m = records_.NewMutation(d, request);
  m.HSet(keys::WaterBodies(d), body.water_body_id(), body.SerializeAsString())
      .Event("water_body", body.name());
  RETURN_IF_ERROR(records_.Put(std::move(m)));
  return body;
}

absl::StatusOr<std::optional<v1::WaterBody>> EnvironmentStore::GetWaterBody(
    const std::string& district, const std::string& id) {
  return records_.Get<v1::WaterBody>(keys::WaterBodies(district), id);
}

absl::StatusOr<std::vector<v1::WaterBody>> EnvironmentStore::ListWaterBodies(
    const std::string& district) {
  return records_.Values<v1::WaterBody>(keys::WaterBodies(district));
}

absl::StatusOr<v1::WaterSample> EnvironmentStore::PutWaterSample(const std::string& district,
                                                                 const std::string& body_id,
                                                                 v1::WaterSample sample,
                                                                 const store::RequestKey& request) {
  store::Mutation m = records_.NewMutation(district, request);
  m.RequireField(keys::WaterBodies(district), body_id, WaterBodyName(district, body_id))
      .HSet(keys::WaterSamples(district), SampleField(body_id, sample.point_id(), sample.date()),
            sample.SerializeAsString())
      .Event("water_sample", sample.name());
  RETURN_IF_ERROR(records_.Put(std::move(m)));
  return sample;
}

absl::StatusOr<std::vector<v1::WaterSample>> EnvironmentStore::SamplesOf(
    const std::string& district, const std::string& body_id) {
  ASSIGN_OR_RETURN(auto decoded, records_.Entries<v1::WaterSample>(keys::WaterSamples(district)));
  const std::string prefix = absl::StrCat(body_id, "/");
  std::vector<v1::WaterSample> out;
  for (auto& [field, s] : decoded) {
    if (absl::StartsWith(field, prefix)) out.push_back(std::move(s));
  }
  return out;
}

absl::StatusOr<v1::Work> EnvironmentStore::PutWork(v1::Work work, const store::RequestKey& request) {
  const std::string& d = work.district();
  const std::string milestone_field = absl::StrCat(static_cast<int>(work.milestone()));
  return records_.Write<v1::Work>(
      d, request,
      [&](store::Mutation& m) -> absl::StatusOr<v1::Work> {
        ASSIGN_OR_RETURN(std::vector<redis::Reply> r,
                         records_.pool().RunPipeline({{"HGET", keys::Works(d), work.work_id()},
                                                      {"HGET", keys::WorkMilestones(d), milestone_field}},
                                                     redis::Resend::kSafe));
        const std::optional<std::string> stored_bytes = r[0].opt_str();
        const std::optional<std::string> owner = r[1].opt_str();
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
        return work;
      },
      [&] { return records_.Require<v1::Work>(keys::Works(d), work.work_id(), work.name()); });
}

absl::StatusOr<std::vector<v1::Work>> EnvironmentStore::ListWorks(const std::string& district) {
  return records_.Values<v1::Work>(keys::Works(district));
}

absl::StatusOr<v1::Plot> EnvironmentStore::PutPlot(v1::Plot plot, const store::RequestKey& request) {
  const std::string& d = plot.district();
  store::Mutation m = records_.NewMutation(d, request);
  m.HSet(keys::Plots(d), plot.plot_id(), plot.SerializeAsString()).Event("plot", plot.name());
  RETURN_IF_ERROR(records_.Put(std::move(m)));
  return plot;
}

absl::StatusOr<std::vector<v1::Plot>> EnvironmentStore::ListPlots(const std::string& district) {
  return records_.Values<v1::Plot>(keys::Plots(district));
}

absl::StatusOr<EnvironmentFacts> EnvironmentStore::LoadFacts(const std::string& district,
                                                             int year) {
  EnvironmentFacts facts;
  ASSIGN_OR_RETURN(facts.air_days, air_.LoadDays(district, absl::CivilDay(year, 1, 1),
                                                 absl::CivilDay(year, 12, 31)));
  ASSIGN_OR_RETURN(std::vector<redis::Reply> r,
                   records_.pool().RunPipeline({{"HGETALL", keys::WaterBodies(district)},
                                      {"HGETALL", keys::WaterSamples(district)},
                                      {"HGETALL", keys::Works(district)},
                                      {"HGETALL", keys::Plots(district)}},
                                     redis::Resend::kSafe));
  ASSIGN_OR_RETURN(facts.water_bodies, DecodeSortedValues<v1::WaterBody>(r[0]));
  ASSIGN_OR_RETURN(auto samples, DecodeHash<v1::WaterSample>(r[1]));
  for (auto& [field, s] : samples) {
    facts.samples[field.substr(0, field.find('/'))].push_back(std::move(s));
  }
  ASSIGN_OR_RETURN(facts.works, DecodeSortedValues<v1::Work>(r[2]));
  ASSIGN_OR_RETURN(facts.plots, DecodeSortedValues<v1::Plot>(r[3]));
  return facts;
}

}  // namespace devplan::environment
