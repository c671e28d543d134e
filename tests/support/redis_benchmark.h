// The floor a bench measures its Redis writes against: Debian's `redis-benchmark` (package
// redis-tools, which redis-server depends on) run against a test's private redis-server, so
// the floor has the same configuration as what is measured (deploy/redis/redis.conf: AOF
// fsynced always; the same Unix socket, ACL and machine) and is taken in the same run.
// Benches only: a figure is printed, never asserted.
#pragma once

#include "absl/status/statusor.h"
#include "tests/support/redis_server.h"

namespace devplan::testing {

struct RedisBenchmarkOptions {
  int pipeline = 16;       // -P: commands each client sends before reading replies
  int clients = 50;        // -c: redis-benchmark's default
  int requests = 200'000;  // -n: ~0.5 s at the rates of a 2-core machine
};

// `redis-benchmark -P 16 -t hset` against `redis` as its admin user; the HSET requests per
// second it reports. It writes a hash `myhash` of one field, which nothing else reads.
// UNAVAILABLE when redis-benchmark is not installed or reports no HSET figure.
absl::StatusOr<double> RedisBenchmarkHset(const RedisServer& redis,
                                          const RedisBenchmarkOptions& options = {});

}  // namespace devplan::testing
