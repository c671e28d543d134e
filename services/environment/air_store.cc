#include "services/environment/air_store.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <random>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/common/dates.h"
#include "services/common/proto_codec.h"
#include "services/common/redis_keys.h"
#include "services/common/status_macros.h"
#include "services/common/validation.h"
#include "services/environment/air_day.h"

namespace devplan::environment {
namespace {

std::string StationName(const std::string& district, const std::string& id) {
  return absl::StrCat("districts/", district, "/stations/", id);
}

std::string HourField(int hour) { return absl::StrFormat("%02d", hour); }

std::string StampField(const std::string& station_id, absl::CivilDay day) {
  return absl::StrCat(station_id, "/", DayKey(day));
}

std::string EncodeStamp(const google::protobuf::Timestamp& at, const std::string& department) {
  return absl::StrCat(at.seconds(), " ", department);
}

void DecodeStamp(absl::string_view text, StationHours& out) {
  const size_t space = text.find(' ');
  int64_t seconds = 0;
  if (space == absl::string_view::npos || !absl::SimpleAtoi(text.substr(0, space), &seconds)) {
    return;  // provenance only: an odd stamp leaves it empty rather than failing the write
  }
  out.report_time.set_seconds(seconds);
  out.reported_by = std::string(text.substr(space + 1));
}

// A value nobody else will write: 128 random bits.
std::string NewVersionToken() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return absl::StrCat(absl::Hex(rng(), absl::kZeroPad16), absl::Hex(rng(), absl::kZeroPad16));
}

absl::Status DecodeHours(const redis::ReplyView& reply, StationHours& out) {
  for (size_t i = 0; i + 1 < reply.size(); i += 2) {
    int hour = -1;
    if (!absl::SimpleAtoi(reply[i].str(), &hour) || hour < 0 || hour > 23) {
      return absl::DataLossError(absl::StrCat("stored hour field \"", reply[i].str(),
                                              "\" of station ", out.station_id));
    }
    v1::HourlyConcentrations c;
    const absl::string_view bytes = reply[i + 1].str();
    if (!c.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      return absl::DataLossError(absl::StrCat("stored hour ", hour, " of station ",
                                              out.station_id, " is unreadable"));
    }
    out.hours[hour] = std::move(c);
  }
  return absl::OkStatus();
}

// day → station → hour → concentrations; a later reading of the same station-hour wins.
using Incoming =
    std::map<absl::CivilDay, std::map<std::string, std::map<int, const v1::HourlyConcentrations*>>>;

}  // namespace

absl::StatusOr<v1::Station> AirStore::CreateStation(const store::RequestKey& request,
                                                    v1::Station station) {
  const std::string& d = station.district();
  const std::string& id = station.station_id();
  return records_.Write<v1::Station>(
      d, request,
      [&](store::Mutation& m) -> absl::StatusOr<v1::Station> {
        ASSIGN_OR_RETURN(std::vector<redis::Reply> r,
                         records_.pool().RunPipeline({{"HEXISTS", keys::Stations(d), id},
                                                      {"HGET", keys::StationTitles(d), station.title_zh()}},
                                                     redis::Resend::kSafe));
        if (r[0].integer() == 1) {
          return absl::AlreadyExistsError(absl::StrCat(station.name(), " already exists"));
        }
        if (std::optional<std::string> other = r[1].opt_str()) {
          return absl::AlreadyExistsError(absl::StrCat(
              "station.title_zh: ", QuoteForError(station.title_zh()), " is already registered as ",
              StationName(d, *other), " (the same station twice would count twice in the "
              "district mean)"));
        }
        m.ExpectField(keys::Stations(d), id, std::nullopt)
            .ExpectField(keys::StationTitles(d), station.title_zh(), std::nullopt)
            .HSet(keys::Stations(d), id, station.SerializeAsString())
            .HSet(keys::StationTitles(d), station.title_zh(), id)
            .Event("station", station.name());
        return station;
      },
      [&] { return records_.Require<v1::Station>(keys::Stations(d), id, station.name()); });
}

absl::StatusOr<std::optional<v1::Station>> AirStore::GetStation(const std::string& district,
                                                                const std::string& station_id) {
  return records_.Get<v1::Station>(keys::Stations(district), station_id);
}

absl::StatusOr<std::vector<v1::Station>> AirStore::ListStations(const std::string& district) {
  return records_.Values<v1::Station>(keys::Stations(district));
}

absl::StatusOr<std::set<std::string>> AirStore::StationIds(const std::string& district) {
  ASSIGN_OR_RETURN(redis::Reply r, records_.pool().Run({"HKEYS", keys::Stations(district)},
                                                       redis::Resend::kSafe));
  std::set<std::string> ids;
  for (size_t i = 0; i < r.size(); ++i) ids.insert(std::string(r[i].str()));
  return ids;
}

absl::StatusOr<int> AirStore::WriteHourly(const std::string& district,
                                          const std::string& department,
                                          std::span<const ValidReading> readings,
                                          const google::protobuf::Timestamp& now,
                                          const store::RequestKey& request) {
  if (readings.empty()) return 0;
  Incoming incoming;
  for (const ValidReading& r : readings) incoming[r.day][r.station_id][r.hour] = &r.concentrations;
  const std::string token = NewVersionToken();
  // No request_id (`request` carries only validate_only): the readings are their own natural
  // keys, so a resend rewrites the same values. A lost compare-and-set on a day's version re-reads and recomputes.
  absl::StatusOr<int> written = records_.Write<int>(district, request, [&](store::Mutation& m) -> absl::StatusOr<int> {
    // Every station of the district counts in a day's mean, not only those in this batch.
    ASSIGN_OR_RETURN(std::set<std::string> station_set, StationIds(district));
    for (const auto& [day, by_station] : incoming) {
      for (const auto& [station, hours] : by_station) station_set.insert(station);
    }
    const std::vector<std::string> stations(station_set.begin(), station_set.end());

    // Versions first, then hours: a day's version read is never newer than its hours, so the
    // compare-and-set below refuses any write made in between.
    redis::Command versions{"HMGET", keys::AirDayVersions(district)};
    redis::Command stamps{"HMGET", keys::HourlyStamps(district)};
    std::vector<redis::Command> commands;
    for (const auto& [day, by_station] : incoming) {
      versions.push_back(DayKey(day));
      for (const std::string& s : stations) stamps.push_back(StampField(s, day));
    }
    commands.push_back(std::move(versions));
    commands.push_back(std::move(stamps));
    for (const auto& [day, by_station] : incoming) {
      for (const std::string& s : stations) {
        commands.push_back({"HGETALL", keys::HourlyReadings(district, s, DayKey(day))});
      }
    }
    ASSIGN_OR_RETURN(std::vector<redis::Reply> replies,
                     records_.pool().RunPipeline(commands, redis::Resend::kSafe));

    // Each hash's fields are added together, so the mutation sends one HSET per hash
    // (kMaxFieldsPerHset): a station-day's hours, then every stamp, version and day.
    const std::string stamp = EncodeStamp(now, department);
    std::vector<std::pair<std::string, std::string>> new_stamps, days;
    size_t day_index = 0;
    for (const auto& [day, by_station] : incoming) {
      const std::string day_key = DayKey(day);
      m.ExpectField(keys::AirDayVersions(district), day_key, replies[0][day_index].opt_str());
      std::vector<StationHours> hours(stations.size());
      for (size_t j = 0; j < stations.size(); ++j) {
        const size_t k = day_index * stations.size() + j;
        hours[j].station_id = stations[j];
        RETURN_IF_ERROR(DecodeHours(replies[2 + k].view(), hours[j]));
        if (auto stored = replies[1][k].opt_str()) DecodeStamp(*stored, hours[j]);
        auto mine = by_station.find(stations[j]);
        if (mine == by_station.end()) continue;
        const std::string key = keys::HourlyReadings(district, stations[j], day_key);
        for (const auto& [hour, values] : mine->second) {
          hours[j].hours[hour] = *values;
          m.HSet(key, HourField(hour), values->SerializeAsString());
        }
        hours[j].reported_by = department;
        hours[j].report_time = now;
        new_stamps.emplace_back(StampField(stations[j], day), stamp);
      }
      days.emplace_back(day_key, ComputeHourlyDay(district, day, hours).SerializeAsString());
      ++day_index;
    }
    const std::string stamps_key = keys::HourlyStamps(district);
    for (auto& [field, value] : new_stamps) m.HSet(stamps_key, field, std::move(value));
    const std::string versions_key = keys::AirDayVersions(district);
    for (const auto& [day_key, unused] : days) m.HSet(versions_key, day_key, token);
    const std::string days_key = keys::AirDays(district);
    for (auto& [day_key, bytes] : days) m.HSet(days_key, day_key, std::move(bytes));
    std::set<std::string> batch_stations;
    for (const auto& [day, by_station] : incoming) {
      for (const auto& [station, unused] : by_station) batch_stations.insert(station);
    }
    for (const std::string& s : batch_stations) {
      m.RequireField(keys::Stations(district), s, StationName(district, s));
    }
    m.Event("hourly_readings",
            absl::StrCat("districts/", district, "/airQualityDays/", DayKey(incoming.begin()->first),
                         "..", DayKey(incoming.rbegin()->first)));
    return static_cast<int>(incoming.size());
  }, [&]() -> absl::StatusOr<int> { return static_cast<int>(incoming.size()); });
  if (written.ok() || written.status().code() != absl::StatusCode::kAborted) return written;
  return absl::AbortedError(
      "hourly readings: the same days kept changing under concurrent writes; resend the batch");
}

absl::StatusOr<v1::DailyAqi> AirStore::PutDailyAqi(const std::string& district, v1::DailyAqi day,
                                                    const store::RequestKey& request) {
  const std::string field =
      DayKey(absl::CivilDay(day.date().year(), day.date().month(), day.date().day()));
  store::Mutation m = records_.NewMutation(district, request);
  m.HSet(keys::DailyAqi(district), field, day.SerializeAsString()).Event("daily_aqi", day.name());
  RETURN_IF_ERROR(records_.Put(std::move(m)));
  return day;
}

absl::StatusOr<std::vector<v1::AirQualityDay>> AirStore::LoadDays(const std::string& district,
                                                                  absl::CivilDay first,
                                                                  absl::CivilDay last) {
  std::vector<v1::AirQualityDay> out;
  if (last < first) return out;
  redis::Command hourly{"HMGET", keys::AirDays(district)};
  redis::Command bulletin{"HMGET", keys::DailyAqi(district)};
  for (absl::CivilDay d = first; d <= last; ++d) {
    hourly.push_back(DayKey(d));
    bulletin.push_back(DayKey(d));
  }
  ASSIGN_OR_RETURN(std::vector<redis::Reply> replies,
                   records_.pool().RunPipeline({hourly, bulletin}, redis::Resend::kSafe));
  size_t i = 0;
  for (absl::CivilDay d = first; d <= last; ++d, ++i) {
    const redis::ReplyView h = replies[0][i];
    const redis::ReplyView b = replies[1][i];
    if (h.is_nil() && b.is_nil()) continue;
    std::optional<v1::AirQualityDay> computed;
    std::optional<v1::DailyAqi> published;
    if (!h.is_nil()) {
      ASSIGN_OR_RETURN(computed, DecodeRecord<v1::AirQualityDay>(h.str(), DayKey(d)));
    }
    if (!b.is_nil()) {
      ASSIGN_OR_RETURN(published, DecodeRecord<v1::DailyAqi>(b.str(), DayKey(d)));
    }
    out.push_back(EffectiveDay(district, d, computed ? &*computed : nullptr,
                               published ? &*published : nullptr));
  }
  return out;
}

}  // namespace devplan::environment
