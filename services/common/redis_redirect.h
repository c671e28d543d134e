// What a Redis Cluster node's error reply asks of the client. A node that does not serve a
// key's slot answers MOVED (the slot lives elsewhere for good: refresh the slot map) or, while
// the slot migrates, ASK (this once, send it to the target preceded by ASKING; the map stays);
// TRYAGAIN (a multi-key command during a migration) and CLUSTERDOWN (no quorum, or a slot
// without a master during a failover) ask to wait and retry. None of them ran the command, so
// each is safe to retry whatever the command.
#pragma once

#include <optional>

#include "absl/strings/string_view.h"
#include "services/common/redis_connection.h"

namespace devplan::redis {

struct Redirect {
  enum class Kind { kMoved, kAsk, kTryAgain, kClusterDown };
  Kind kind;
  int slot = -1;    // MOVED and ASK
  Endpoint target;  // MOVED and ASK: host and port only (credentials are the caller's)
};

// Reads an error message as Connection reports it ("redis: MOVED 3999 127.0.0.1:6381", the
// "redis: " prefix optional). nullopt for any other error, and for a MOVED or ASK whose slot
// or address does not parse (then it is reported as the error it is, not followed).
std::optional<Redirect> ParseRedirect(absl::string_view message);

}  // namespace devplan::redis
