// What every devplan service is handed at construction, the same way in all four: the Redis
// pool its store uses, the worker pool its handlers run on, its clock, and (domain services)
// how many districts' facts it keeps in memory.
#pragma once

#include <functional>

#include <google/protobuf/timestamp.pb.h>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/common/facts_cache.h"
#include "services/common/redis_pool.h"
#include "services/common/worker_pool.h"

namespace devplan {

// "Today" decides which dates are in the future, which month has begun and which plan
// year is current; tests pin it to a chosen day. `now` stamps records (report_time,
// update_time) and stays real time unless a test pins it too.
struct Clock {
  std::function<absl::CivilDay()> today;
  std::function<google::protobuf::Timestamp()> now;

  // China Standard Time, where every district of the suite lies.
  static Clock System();
  // Today is always `day`; records are stamped with the real time.
  static Clock FixedDay(absl::CivilDay day);
};

// A client stream with no message for this long is ended DEADLINE_EXCEEDED (what it sent
// before is kept): a client that opens streams and goes quiet holds nothing for ever. Servers
// take it from --stream-idle-ms.
inline constexpr absl::Duration kStreamIdleTimeout = absl::Seconds(60);

struct ServiceContext {
  redis::Pool& pool;
  // Handlers do their (blocking) Redis work here, never on gRPC's callback threads, which
  // also carry every other call's reactions (see DEVPLAN_UNARY in grpc_glue.h).
  WorkerPool& workers;
  Clock clock = Clock::System();
  absl::Duration stream_idle_timeout = kStreamIdleTimeout;
  // The budget of the domain service's FactsCache (--facts-cache-districts).
  size_t facts_cache_entries = kDefaultFactsCacheEntries;
};

}  // namespace devplan
