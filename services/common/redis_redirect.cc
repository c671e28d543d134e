#include "services/common/redis_redirect.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/redis_slot.h"

namespace devplan::redis {

std::optional<Redirect> ParseRedirect(absl::string_view message) {
  absl::ConsumePrefix(&message, "redis: ");
  if (absl::StartsWith(message, "TRYAGAIN")) return Redirect{Redirect::Kind::kTryAgain, -1, {}};
  if (absl::StartsWith(message, "CLUSTERDOWN")) {
    return Redirect{Redirect::Kind::kClusterDown, -1, {}};
  }
  Redirect r{};
  if (absl::ConsumePrefix(&message, "MOVED ")) {
    r.kind = Redirect::Kind::kMoved;
  } else if (absl::ConsumePrefix(&message, "ASK ")) {
    r.kind = Redirect::Kind::kAsk;
  } else {
    return std::nullopt;
  }
  const std::vector<absl::string_view> parts = absl::StrSplit(message, ' ');
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &r.slot) || r.slot < 0 ||
      r.slot >= kClusterSlots) {
    return std::nullopt;
  }
  // ":6381" (an empty host) is what a node that does not know its own address announces:
  // such a redirect cannot be followed.
  absl::StatusOr<Endpoint> target = ParseEndpoint(parts[1]);
  if (!target.ok() || target->is_unix()) return std::nullopt;
  r.target = *std::move(target);
  return r;
}

}  // namespace devplan::redis
