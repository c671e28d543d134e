#include "services/common/redis_script.h"


namespace devplan::redis {
namespace {

Command Build(const char* verb, const std::string& script_or_sha,
              const std::vector<std::string>& keys, const std::vector<std::string>& args) {
  Command c{verb, script_or_sha, std::to_string(keys.size())};
  c.insert(c.end(), keys.begin(), keys.end());
  c.insert(c.end(), args.begin(), args.end());
  return c;
}

}  // namespace

absl::StatusOr<Reply> Script::Run(Pool& pool, const std::vector<std::string>& keys,
                                  const std::vector<std::string>& args, Resend resend) const {
  std::string sha;
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
  return pool.RunScript(source_, Build("EVALSHA", sha, keys, args), resend);
}

}  // namespace devplan::redis
