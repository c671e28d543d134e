// What a server checks of the Redis it reaches before it serves (issue #13). "An acknowledged
// write survives a restart" holds only on a Redis that appends every write to its AOF and
// fsyncs it before answering, and that never evicts a key to make room; a Redis that refuses
// the server's credentials would only answer errors. Either is a deployment mistake that
// should stop the server at once with one clear line, not surface later as lost data or a
// stream of NOAUTH errors.
#pragma once

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/common/redis_connection.h"

namespace devplan {

// How long a starting server waits for Redis to answer at all (a Redis still loading its AOF,
// or started at the same time) before it gives up.
inline constexpr absl::Duration kRedisStartWait = absl::Seconds(30);

struct RedisStartupCheck {
  // Durability settings that are not AOF-always-without-eviction are logged loudly instead of
  // refused (--allow-unsafe-redis): for a throw-away development Redis.
  bool allow_unsafe = false;
  absl::Duration wait = kRedisStartWait;
};

// OK when Redis at `endpoint` accepts the endpoint's credentials and its CONFIG GET says
// appendonly yes, appendfsync always, and maxmemory-policy noeviction (or no maxmemory).
// FAILED_PRECONDITION, saying what to change, when it refuses the credentials (WRONGPASS, or
// NOAUTH without a password), refuses CONFIG GET (NOPERM: the ACL must allow +config|get), or
// is configured unsafely and `allow_unsafe` is false. UNAVAILABLE when it did not answer
// within `wait` (retried meanwhile, a line logged every 5 s).
absl::Status CheckRedisAtStart(const redis::Endpoint& endpoint, const RedisStartupCheck& check);

}  // namespace devplan
