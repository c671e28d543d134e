#include "services/common/redis_script.h"

#include <iterator>

#include "absl/strings/match.h"

namespace devplan::redis {
namespace {

// EVALSHA with an empty hash, filled in by Run.
Command Build(const std::vector<std::string>& keys, std::vector<std::string> args) {
  Command c;
  c.reserve(3 + keys.size() + args.size());
  c.insert(c.end(), {"EVALSHA", "", std::to_string(keys.size())});
  c.insert(c.end(), keys.begin(), keys.end());
  c.insert(c.end(), std::make_move_iterator(args.begin()), std::make_move_iterator(args.end()));
  return c;
}

}  // namespace

absl::StatusOr<Reply> Script::Run(Pool& pool, const std::vector<std::string>& keys,
                                  std::vector<std::string> args, Resend resend) const {
  Command evalsha = Build(keys, std::move(args));
  std::string& sha = evalsha[1];
  {
    std::lock_guard lock(mu_);
    sha = sha1_;
  }
  if (!sha.empty()) {
    absl::StatusOr<Reply> r = pool.Run(evalsha, resend);
    if (r.ok() || !absl::StrContains(r.status().message(), "NOSCRIPT")) return r;
  }
  // Not cached (first use, or Redis restarted): load it, then run by hash.
  absl::StatusOr<Reply> loaded = pool.Run({"SCRIPT", "LOAD", source_}, Resend::kSafe);
  if (!loaded.ok()) return loaded.status();
  sha = std::string(loaded->str());
  {
    std::lock_guard lock(mu_);
    sha1_ = sha;
  }
  return pool.Run(evalsha, resend);
}

}  // namespace devplan::redis
