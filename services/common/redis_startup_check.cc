#include "services/common/redis_startup_check.h"

#include <map>
#include <thread>

#include <spdlog/spdlog.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"

namespace devplan {
namespace {

constexpr absl::Duration kRetryEvery = absl::Milliseconds(200);
constexpr absl::Duration kLogEvery = absl::Seconds(5);

// Redis's error codes that no retry will change: the password, the user, or its ACL.
bool Refused(const absl::Status& status) {
  for (const char* code : {"WRONGPASS", "NOAUTH", "NOPERM"}) {
    if (absl::StrContains(status.message(), code)) return true;
  }
  return false;
}

absl::Status Explain(const redis::Endpoint& endpoint, const absl::Status& status) {
  const std::string where = endpoint.ToString();
  if (absl::StrContains(status.message(), "WRONGPASS")) {
    return absl::FailedPreconditionError(absl::StrCat(
        status.message(), " — check --redis-user and --redis-password-file (DEVPLAN_REDIS_USER, "
        "DEVPLAN_REDIS_PASSWORD_FILE) against Redis's ACL file (deploy/redis/users.acl)"));
  }
  if (absl::StrContains(status.message(), "NOAUTH")) {
    return absl::FailedPreconditionError(absl::StrCat(
        "redis ", where, " requires a password (NOAUTH) and none was given: set "
        "--redis-password-file (DEVPLAN_REDIS_PASSWORD_FILE) and --redis-user"));
  }
  if (absl::StrContains(status.message(), "NOPERM")) {
    return absl::FailedPreconditionError(absl::StrCat(
        "redis ", where, " does not let user \"", endpoint.user.empty() ? "default" : endpoint.user,
        "\" run CONFIG GET (", status.message(), "): the start-up check reads the durability "
        "settings with it; its ACL needs +config|get, as deploy/redis/users.acl grants"));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("redis ", where, " answered CONFIG GET with an error: ", status.message()));
}

// The unsafe settings of a CONFIG GET reply, one phrase each; empty when it is safe.
std::vector<std::string> Unsafe(const std::map<std::string, std::string>& config) {
  auto get = [&](const char* name) {
    auto it = config.find(name);
    return it == config.end() ? std::string("(not reported)") : it->second;
  };
  std::vector<std::string> unsafe;
  if (get("appendonly") != "yes") {
    unsafe.push_back(absl::StrCat("appendonly ", get("appendonly"),
                                  " (no append-only file: a restart loses every write "
                                  "since the last snapshot, if there is one)"));
  }
  if (get("appendfsync") != "always") {
    unsafe.push_back(absl::StrCat("appendfsync ", get("appendfsync"),
                                  " (a crash loses writes already acknowledged)"));
  }
  if (get("maxmemory") != "0" && get("maxmemory-policy") != "noeviction") {
    unsafe.push_back(absl::StrCat("maxmemory-policy ", get("maxmemory-policy"),
                                  " (a full Redis would delete stored facts and request ids)"));
  }
  return unsafe;
}

}  // namespace

absl::Status CheckRedisAtStart(const redis::Endpoint& endpoint, const RedisStartupCheck& check) {
  const absl::Time give_up = absl::Now() + check.wait;
  absl::Time next_log = absl::Now() + kLogEvery;
  absl::Status last;
  while (true) {
    absl::StatusOr<std::unique_ptr<redis::Connection>> conn =
        redis::Connection::Open(endpoint, absl::Milliseconds(500), absl::Seconds(2));
    absl::StatusOr<redis::Reply> reply =
        conn.ok() ? (*conn)->Run({"CONFIG", "GET", "appendonly", "appendfsync", "maxmemory",
                                  "maxmemory-policy"})
                  : absl::StatusOr<redis::Reply>(conn.status());
    if (reply.ok()) {
      // A flat list of name, value pairs, in Redis's order rather than ours.
      std::map<std::string, std::string> config;
      for (size_t i = 0; i + 1 < reply->size(); i += 2) {
        config[std::string((*reply)[i].str())] = std::string((*reply)[i + 1].str());
      }
      const std::vector<std::string> unsafe = Unsafe(config);
      if (unsafe.empty()) return absl::OkStatus();
      const std::string what = absl::StrCat(
          "redis ", endpoint.ToString(), " does not keep every acknowledged write: ",
          absl::StrJoin(unsafe, "; "),
          ". devplan needs appendonly yes, appendfsync always and maxmemory-policy noeviction, "
          "as deploy/redis/redis.conf sets");
      if (!check.allow_unsafe) {
        return absl::FailedPreconditionError(absl::StrCat(
            what, "; refusing to start (--allow-unsafe-redis, DEVPLAN_ALLOW_UNSAFE_REDIS, "
            "starts anyway, for development)"));
      }
      spdlog::warn("*** --allow-unsafe-redis: {}. ACKNOWLEDGED WRITES MAY BE LOST. Development "
                   "only. ***", what);
      return absl::OkStatus();
    }
    if (Refused(reply.status())) return Explain(endpoint, reply.status());
    // Anything else Redis answers (an unknown command where CONFIG was renamed) will not change
    // either; only a Redis that is not there (yet), or still loading, is waited for.
    if (reply.status().code() != absl::StatusCode::kUnavailable) {
      return Explain(endpoint, reply.status());
    }
    last = reply.status();
    if (absl::Now() >= give_up) {
      return absl::UnavailableError(absl::StrCat("redis ", endpoint.ToString(),
                                                 " did not answer within ",
                                                 absl::FormatDuration(check.wait),
                                                 " of start: ", last.message()));
    }
    if (absl::Now() >= next_log) {
      spdlog::warn("waiting for redis {}: {}", endpoint.ToString(), std::string(last.message()));
      next_log = absl::Now() + kLogEvery;
    }
    std::this_thread::sleep_for(absl::ToChronoMilliseconds(kRetryEvery));
  }
}

}  // namespace devplan
