#include "services/common/redis_script.h"

#include <iterator>

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
                                  std::vector<std::string> args, Resend resend,
                                  ScriptEffect effect) const {
  Command evalsha = Build(keys, std::move(args));
  std::string& sha = evalsha[1];
  {
    std::lock_guard lock(mu_);
    sha = sha1_;
  }
  if (sha.empty()) {
    // The hash is the same on every node (SHA-1 of the source): any node may answer it.
    absl::StatusOr<Reply> loaded = pool.Run({"SCRIPT", "LOAD", source_}, Resend::kSafe);
    if (!loaded.ok()) return loaded.status();
    sha = std::string(loaded->str());
    std::lock_guard lock(mu_);
    sha1_ = sha;
  }
  // Where a node answers NOSCRIPT (a restart, a cluster node that never ran it), RunScript
  // loads it there and runs it again.
  return pool.RunScript(source_, evalsha, resend, effect);
}

}  // namespace devplan::redis
