// A Lua script run by EVALSHA. The script itself is never sent with EVAL: on first use, and
// whenever a node answers NOSCRIPT (after a restart or SCRIPT FLUSH, or a cluster node that
// never ran it), it is sent once with SCRIPT LOAD to that node and then run by its hash
// (Pool::RunScript). Scripts run atomically on the server: this is how every multi-key write
// in devplan is made all-or-nothing, and so a script is a write: in cluster mode it is
// acknowledged only once a replica has it (PoolOptions::replica_wait). Its keys must share
// one hash tag (one district), else it is refused before it is sent. Thread-safe.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/redis_pool.h"

namespace devplan::redis {

class Script {
 public:
  explicit Script(std::string source) : source_(std::move(source)) {}
  // `resend` as for Pool::Run: kSafe only if running the script twice does no harm. `args`
  // are moved into the command (a batch of readings is thousands of them). `effect`: kReadOnly
  // only for a run these args make write nothing (no replica is waited for).
  absl::StatusOr<Reply> Run(Pool& pool, const std::vector<std::string>& keys,
                            std::vector<std::string> args, Resend resend = Resend::kIfUnsent,
                            ScriptEffect effect = ScriptEffect::kWrite) const;

 private:
  const std::string source_;
  mutable std::mutex mu_;
  mutable std::string sha1_;  // as SCRIPT LOAD answered it; empty until the first run
};

}  // namespace devplan::redis
