#include "services/aggregator/scorecards.h"

#include <atomic>
#include <set>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/aggregator/rule_mapping.h"
#include "services/aggregator/scorecard_builder.h"
#include "services/common/data_version.h"
#include "services/common/dates.h"
#include "services/common/redis_keys.h"
#include "services/common/status_macros.h"
#include "services/common/telemetry.h"

namespace devplan::aggregator {
namespace {

// What a plan needs from each service: plain metric keys, and metrics narrowed to the
// plan's named lists.
void AddSources(const v1::Plan& plan, FetchRequest& fetch) {
  std::map<std::string, std::set<std::string>> keys;
  std::map<std::string, std::map<std::string, v1::MetricSelection>> selections;
  auto add = [&](const v1::SourceMetric& source) {
    if (source.members().empty()) {
      keys[source.service()].insert(source.key());
      return;
    }
    v1::MetricSelection sel;
    sel.set_key(source.key());
    sel.mutable_members()->CopyFrom(source.members());
    selections[source.service()].emplace(SourceId(source), std::move(sel));
  };
  for (const v1::Indicator& ind : plan.indicators()) {
    add(ind.source());
    if (ind.projection() == v1::PROJECTION_DAILY_RATE) add(ind.projection_basis());
    if (ind.has_baseline_source()) add(ind.baseline_source());
  }
  for (auto& [service, set] : keys) {
    for (const std::string& key : set) fetch.by_service[service].add_keys(key);
  }
  for (auto& [service, by_id] : selections) {
    for (auto& [id, sel] : by_id) *fetch.by_service[service].add_selections() = std::move(sel);
  }
}

bool IsSnapshotted(const ScorecardKey& key) {
  return key.areas.empty() && key.as_of == MonthEnd(absl::CivilMonth(key.as_of));
}

}  // namespace

absl::StatusOr<v1::Scorecard> Scorecards::Get(const ScorecardKey& key) {
  ASSIGN_OR_RETURN(ServedCardPtr served, Serve(key));
  return served->card;
}

absl::StatusOr<ServedCardPtr> Scorecards::Serve(const ScorecardKey& key) {
  // Read before computing: a write landing during the fan-out bumps the version past the
  // one stored with the result, so the next caller recomputes.
  absl::StatusOr<int64_t> version = ReadDataVersion(pool_, key.district);
  if (!version.ok()) {  // Redis trouble: never serve what cannot be checked
    ASSIGN_OR_RETURN(v1::Scorecard card, Compute(key));
    return std::make_shared<const ServedCard>(std::move(card));
  }
  if (ServedCardPtr hit = Lookup(key, *version)) return hit;
  return Fill(key, *version);
}

ServedCardPtr Scorecards::Lookup(const ScorecardKey& key, int64_t version) {
  ServedCardPtr hit = cache_.Get(key, version);
  if (telemetry::Metrics* metrics = telemetry::Active()) metrics->CardCache(hit != nullptr);
  return hit;
}

absl::StatusOr<ServedCardPtr> Scorecards::Fill(const ScorecardKey& key, int64_t version) {
  if (ServedCardPtr snap = ReadSnapshot(key, version)) {
    cache_.Put(key, version, snap);
    return snap;
  }
  ASSIGN_OR_RETURN(v1::Scorecard card, Compute(key));
  auto served = std::make_shared<const ServedCard>(std::move(card));
  // A partial card is not kept: the failed service's recovery must show at the next call.
  if (served->card.failed_sources().empty()) {
    cache_.Put(key, version, served);
    WriteSnapshot(key, version, *served);
  }
  return served;
}

std::vector<absl::StatusOr<ServedCardPtr>> Scorecards::ServeMany(
    const std::vector<ScorecardKey>& keys) {
  std::vector<absl::StatusOr<ServedCardPtr>> served(keys.size(), absl::UnknownError("not served"));
  std::vector<std::string> districts;
  districts.reserve(keys.size());
  for (const ScorecardKey& k : keys) districts.push_back(k.district);
  // Read before computing, as Serve does, but every district's version in one round trip.
  const absl::StatusOr<std::vector<int64_t>> versions = ReadDataVersions(pool_, districts);
  std::vector<size_t> misses;
  for (size_t i = 0; i < keys.size(); ++i) {
    ServedCardPtr hit = versions.ok() ? Lookup(keys[i], (*versions)[i]) : nullptr;
    if (hit != nullptr) {
      served[i] = std::move(hit);
    } else {
      misses.push_back(i);
    }
  }
  // Redis trouble: every card goes through Serve, which knows what to do then.
  auto serve = [&](size_t i) { return versions.ok() ? Fill(keys[i], (*versions)[i]) : Serve(keys[i]); };
  std::atomic<size_t> next{0};
  auto serve_misses = [&] {
    for (size_t m = next++; m < misses.size(); m = next++) served[misses[m]] = serve(misses[m]);
  };
  std::vector<std::jthread> helpers;
  for (size_t t = 1; t < std::min(kParallelCards, misses.size()); ++t) helpers.emplace_back(serve_misses);
  serve_misses();
  helpers.clear();  // joins them: `served` is complete only then
  return served;
}

absl::StatusOr<v1::Scorecard> Scorecards::Compute(const ScorecardKey& key) {
  ASSIGN_OR_RETURN(const std::optional<v1::Plan> plan,
                   plans_.Get(key.district, static_cast<int>(key.as_of.year())));
  if (!plan.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("no plan for district ", key.district, " in ", key.as_of.year()));
  }

  FetchRequest fetch;
  fetch.district = key.district;
  AddSources(*plan, fetch);
  fetch.dates.push_back(key.as_of);
  const absl::CivilDay previous_month_end = absl::CivilDay(absl::CivilMonth(key.as_of)) - 1;
  const bool has_previous = previous_month_end.year() == key.as_of.year();
  if (has_previous) fetch.dates.push_back(previous_month_end);
  FetchResult answers = clients_.Fetch(fetch);

  ScorecardInputs in;
  in.plan = &*plan;
  in.as_of = key.as_of;
  in.areas = key.areas;
  for (const auto& [service, wanted] : fetch.by_service) {
    const SourceAnswer& a = answers[0][service];
    if (!a.status.ok()) {
      in.failed_services.insert(service);
      continue;
    }
    RememberValues(key.district, a.response);
    for (const v1::MetricValue& v : a.response.metrics()) in.now[ValueId(v)] = v;
    if (has_previous && answers[1][service].status.ok()) {
      for (const v1::MetricValue& v : answers[1][service].response.metrics()) {
        in.month_ago[ValueId(v)] = v;
      }
    }
  }
  if (!in.failed_services.empty()) {
    in.last_known = LastKnown(key.district);
    if (telemetry::Metrics* metrics = telemetry::Active()) metrics->PartialCard();
  }
  if (auto defs = clients_.Definitions(); defs.ok()) {
    for (const auto& [service, by_key] : *defs) {
      for (const auto& [metric, def] : by_key) in.cadence[metric] = def.cadence();
    }
  }
  return BuildScorecard(in);
}

ServedCardPtr Scorecards::ReadSnapshot(const ScorecardKey& key, int64_t version) {
  if (!IsSnapshotted(key)) return nullptr;
  auto r = pool_.Run({"HGET", keys::ScorecardSnapshots(key.district), DayKey(key.as_of)},
                     redis::Resend::kSafe);
  if (!r.ok() || r->is_nil()) return nullptr;
  const absl::string_view value = r->str();
  const size_t colon = value.find(':');
  int64_t stored = -1;
  if (colon == absl::string_view::npos || !absl::SimpleAtoi(value.substr(0, colon), &stored) ||
      stored != version) {
    return nullptr;
  }
  v1::Scorecard card;
  const absl::string_view bytes = value.substr(colon + 1);
  if (!card.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) return nullptr;
  return std::make_shared<const ServedCard>(std::move(card), std::string(bytes));
}

void Scorecards::WriteSnapshot(const ScorecardKey& key, int64_t version, const ServedCard& card) {
  if (!IsSnapshotted(key)) return;
  // Best effort: a snapshot that failed to store is recomputed next time.
  (void)pool_.Run({"HSET", keys::ScorecardSnapshots(key.district), DayKey(key.as_of),
                   absl::StrCat(version, ":", card.bytes)});
}

void Scorecards::RememberValues(const std::string& district,
                                const v1::GetMetricsResponse& response) {
  std::lock_guard lock(mu_);
  for (const v1::MetricValue& v : response.metrics()) last_known_[district][ValueId(v)] = v;
}

std::map<std::string, v1::MetricValue> Scorecards::LastKnown(const std::string& district) {
  std::lock_guard lock(mu_);
  return last_known_[district];
}

}  // namespace devplan::aggregator
