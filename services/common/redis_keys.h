// The Redis key layout of the whole suite, in one place.
//
// Every key of a district carries the hash tag "{<district>}": Redis Cluster hashes only the
// tag, so all of a district's keys live in one slot on one master, and the multi-key Lua
// write of a district (mutation.cc: its request id, ver:, audit: and the touched keys, all
// built here from the Mutation's one district) and a pipeline of its reads stay legal there —
// CROSSSLOT cannot happen by construction. Each key puts the tag first (nothing before it can
// hold a '{'), so an id with braces later in the key cannot become the tag; district codes are
// six digits (district.h). redis_cluster_test checks every function below against the
// district's slot, and the pool refuses, before sending, any command or pipeline whose keys
// hash to two slots (redis_slot.h), in single-node mode too. The one key of no district is
// PlanDistricts (below). Each service owns the keys under its own prefix:
//   inv:  InvestmentService     env:  EnvironmentService
//   soc:  SocialService         agg:  ScorecardService (aggregator)
// Values that are whole records are serialized devplan.v1 protobuf messages.
#pragma once

#include "absl/strings/string_view.h"
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"

namespace devplan::keys {

// Key prefixes of the four services (also their request_id records' prefixes).
inline constexpr char kInvestmentPrefix[] = "inv";
inline constexpr char kEnvironmentPrefix[] = "env";
inline constexpr char kSocialPrefix[] = "soc";
inline constexpr char kAggregatorPrefix[] = "agg";

inline std::string Tag(absl::string_view district) { return absl::StrCat("{", district, "}"); }

// --- Shared by every service -------------------------------------------------------------

// Pub/sub channel: a JSON devplan.v1.ChangeEvent after every acknowledged write.
inline std::string EventsChannel(absl::string_view district) {
  return absl::StrCat("events:", Tag(district));
}
// Counter bumped by every write of any service to the district; lets a cache that missed an
// event (e.g. across a reconnect) still notice that something changed.
inline std::string DataVersion(absl::string_view district) {
  return absl::StrCat("ver:", Tag(district));
}
// Stream: the audit trail of the district, one entry per accepted write of any service,
// appended by the write's own Lua script (mutation.cc); fields in AuditFields (mutation.h).
inline std::string AuditTrail(absl::string_view district) {
  return absl::StrCat("audit:", Tag(district));
}
// Idempotency record of one request_id: the fingerprint of the request it was used for.
inline std::string RequestId(absl::string_view service_prefix, absl::string_view district,
                             absl::string_view request_id) {
  return absl::StrCat(service_prefix, ":", Tag(district), ":req:", request_id);
}

// --- InvestmentService (inv:) ------------------------------------------------------------

// Hash: project_id → devplan.v1.Project (history not included: see ProjectHistory).
inline std::string Projects(absl::string_view d) { return absl::StrCat("inv:", Tag(d), ":projects"); }
// List: devplan.v1.ProjectChange, oldest first; appended in the same write as the change.
inline std::string ProjectHistory(absl::string_view d, absl::string_view project_id) {
  return absl::StrCat("inv:", Tag(d), ":project:", project_id, ":history");
}
// Hash: "<project_id>/<yyyy-mm>" → devplan.v1.MonthlyInvestment.
inline std::string MonthlyInvestment(absl::string_view d) {
  return absl::StrCat("inv:", Tag(d), ":monthly_investment");
}
// Hash: "<project_id>/<output_id>" → devplan.v1.InfrastructureOutput.
inline std::string InfrastructureOutputs(absl::string_view d) {
  return absl::StrCat("inv:", Tag(d), ":outputs");
}
// Hash: event_id → devplan.v1.PromotionEvent.
inline std::string PromotionEvents(absl::string_view d) {
  return absl::StrCat("inv:", Tag(d), ":promotion_events");
}
// Hash: "<indicator>/<yyyy-mm>" → devplan.v1.EconomicFigure, the current value of each
// (indicator, period) with the values it superseded in `revisions` (store/revisions.h);
// indicator as in the resource name (e.g. "gdp_growth").
inline std::string EconomicFigures(absl::string_view d) {
  return absl::StrCat("inv:", Tag(d), ":economic_figures");
}

// --- EnvironmentService (env:) -----------------------------------------------------------

// Hash: "yyyy-mm-dd" → devplan.v1.DailyAqi (bulletin values).
inline std::string DailyAqi(absl::string_view d) { return absl::StrCat("env:", Tag(d), ":daily_aqi"); }
// Hash: station_id → devplan.v1.Station.
inline std::string Stations(absl::string_view d) { return absl::StrCat("env:", Tag(d), ":stations"); }
// Hash: station title_zh → station_id; keeps one station from being registered twice.
inline std::string StationTitles(absl::string_view d) {
  return absl::StrCat("env:", Tag(d), ":station_titles");
}
// Hash, one per station-day: "00".."23" (hour of the day, China time) →
// devplan.v1.HourlyConcentrations (at most 54 bytes, so the 24-field hash stays in Redis's
// compact listpack encoding: a station-year is 366 small hashes).
inline std::string HourlyReadings(absl::string_view d, absl::string_view station_id,
                                  absl::string_view day) {
  return absl::StrCat("env:", Tag(d), ":hourly:", station_id, ":", day);
}
// Hash: "<station_id>/<yyyy-mm-dd>" → "<unix seconds> <department>": who last wrote the
// station-day's hours and when (provenance; kept apart so the hourly hashes stay compact).
inline std::string HourlyStamps(absl::string_view d) {
  return absl::StrCat("env:", Tag(d), ":hourly_stamps");
}
// Hash: "yyyy-mm-dd" → devplan.v1.AirQualityDay computed from the hourly data of every
// station (source HOURLY or NONE; the bulletin is merged in on read). Written in the same
// atomic write as the hours it is computed from.
inline std::string AirDays(absl::string_view d) { return absl::StrCat("env:", Tag(d), ":air_days"); }
// Hash: "yyyy-mm-dd" → an opaque token replaced by every write of that day's hours; the
// writer compares it (compare-and-set) so two concurrent streams cannot leave an air day
// computed from stale hours.
inline std::string AirDayVersions(absl::string_view d) {
  return absl::StrCat("env:", Tag(d), ":air_day_versions");
}
// Hash: water_body_id → devplan.v1.WaterBody.
inline std::string WaterBodies(absl::string_view d) {
  return absl::StrCat("env:", Tag(d), ":water_bodies");
}
// Hash: "<water_body_id>/<point_id>/<yyyy-mm-dd>" → devplan.v1.WaterSample.
inline std::string WaterSamples(absl::string_view d) {
  return absl::StrCat("env:", Tag(d), ":water_samples");
}
// Hash: work_id → devplan.v1.Work.
inline std::string Works(absl::string_view d) { return absl::StrCat("env:", Tag(d), ":works"); }
// Hash: EnvironmentMilestone number → work_id; one work per plan milestone.
inline std::string WorkMilestones(absl::string_view d) {
  return absl::StrCat("env:", Tag(d), ":work_milestones");
}
// Hash: plot_id → devplan.v1.Plot.
inline std::string Plots(absl::string_view d) { return absl::StrCat("env:", Tag(d), ":plots"); }

// --- SocialService (soc:) ----------------------------------------------------------------

// Hash: "<SocialIndicator name>/<yyyy-mm>" → devplan.v1.MonthlyFigure, the current revision
// carrying the earlier ones in `superseded`.
inline std::string MonthlyFigures(absl::string_view d) {
  return absl::StrCat("soc:", Tag(d), ":monthly_figures");
}
// Hash: "<TalentCategory name>/<yyyy-mm-dd>" → devplan.v1.TalentCount (with its revisions).
inline std::string TalentCounts(absl::string_view d) {
  return absl::StrCat("soc:", Tag(d), ":talent_counts");
}
// Hash: "<InsuranceScheme name>/<yyyy-mm>" → devplan.v1.CoverageFigure (with its revisions).
inline std::string CoverageFigures(absl::string_view d) {
  return absl::StrCat("soc:", Tag(d), ":coverage_figures");
}
// Hash: facility_id → devplan.v1.Facility, its whole step history included.
inline std::string SocialFacilities(absl::string_view d) {
  return absl::StrCat("soc:", Tag(d), ":facilities");
}
// Hash: "<PlanFacility name>" → facility_id: which facility is the one the plan names (each
// at most once per district).
inline std::string SocialPlanFacilities(absl::string_view d) {
  return absl::StrCat("soc:", Tag(d), ":plan_facilities");
}
// Hash: event_id → devplan.v1.Event (job fairs, cultural and sports events).
inline std::string SocialEvents(absl::string_view d) {
  return absl::StrCat("soc:", Tag(d), ":events");
}
// Hash: "<PlanEvent name>" → event_id: which event is the one the plan names.
inline std::string SocialPlanEvents(absl::string_view d) {
  return absl::StrCat("soc:", Tag(d), ":plan_events");
}

// --- ScorecardService (agg:) -------------------------------------------------------------

// Hash: "<year>/<version>" → devplan.v1.Plan, every stored version.
inline std::string PlanVersions(absl::string_view d) {
  return absl::StrCat("agg:", Tag(d), ":plan_versions");
}
// Hash: "<year>" → version in force.
inline std::string PlanCurrent(absl::string_view d) {
  return absl::StrCat("agg:", Tag(d), ":plan_current");
}
// Hash: "yyyy-mm-dd" (a month end) → "<data version>:" + devplan.v1.Scorecard: the
// district's whole month-end scorecard, valid while DataVersion is still that version. Derived
// data, written with a plain HSET (not a Mutation: it must not bump the version it is keyed by;
// not waited for on a cluster either: a snapshot a failover drops is computed again).
inline std::string ScorecardSnapshots(absl::string_view d) {
  return absl::StrCat("agg:", Tag(d), ":snapshots");
}
// Set of districts that have a plan (not district-tagged: it spans districts). On a cluster
// it lives in a slot of its own: only ever named alone (SADD by its own script after the
// plan's write, plan_store.cc; SMEMBERS), never in a district's script or pipeline.
inline std::string PlanDistricts() { return "agg:plan_districts"; }

}  // namespace devplan::keys
