#include "services/common/redis_cluster.h"

#include <algorithm>
#include <thread>

#include <spdlog/spdlog.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "services/common/redis_redirect.h"
#include "services/common/validation.h"

namespace devplan::redis {
namespace {

Command Asking() { return {"ASKING"}; }

// Whether an error leaves the call worth retrying on a map read anew: the node could not
// be reached or is not (yet) a writable master. Not when a write may have been applied
// (kOutcomeUnknown: only the caller, with its request_id, can retry that) or was applied
// but not replicated (kNotReplicated: the same).
bool NodeTrouble(const absl::Status& s) {
  return s.code() == absl::StatusCode::kUnavailable &&
         !absl::StrContains(s.message(), kOutcomeUnknown) &&
         !absl::StrContains(s.message(), kNotReplicated);
}

}  // namespace

absl::StatusOr<std::vector<Endpoint>> ParseClusterSeeds(absl::string_view address) {
  if (!absl::ConsumePrefix(&address, kClusterScheme)) {
    return absl::InvalidArgumentError(
        absl::StrCat("a cluster address starts with ", kClusterScheme, ", got ",
                     QuoteForError(address)));
  }
  std::vector<Endpoint> seeds;
  for (absl::string_view part : absl::StrSplit(address, ',')) {
    absl::StatusOr<Endpoint> e = ParseEndpoint(part);
    if (!e.ok()) return e.status();
    if (e->is_unix()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cluster seed nodes are host:port (Redis Cluster runs over TCP), got ",
          QuoteForError(part)));
    }
    seeds.push_back(*std::move(e));
  }
  if (seeds.size() > static_cast<size_t>(kMaxClusterSeeds)) {
    return absl::InvalidArgumentError(
        absl::StrCat("at most ", kMaxClusterSeeds, " cluster seed nodes, got ", seeds.size()));
  }
  return seeds;
}

Cluster::Cluster(PoolOptions options) : options_(std::move(options)) {}

std::shared_ptr<const SlotMap> Cluster::map() const {
  std::lock_guard lock(map_mu_);
  return map_;
}

std::optional<Endpoint> Cluster::MasterOf(int slot) const {
  std::shared_ptr<const SlotMap> m = map();
  if (m == nullptr) return std::nullopt;
  return m->MasterOf(slot);
}

Pool& Cluster::NodePool(const Endpoint& node) {
  const std::string name = node.ToString();
  std::lock_guard lock(nodes_mu_);
  std::unique_ptr<Pool>& pool = nodes_[name];
  if (pool == nullptr) {
    PoolOptions o = options_;
    o.cluster_seeds.clear();
    o.endpoint = node;
    o.endpoint.user = options_.endpoint.user;
    o.endpoint.password = options_.endpoint.password;
    pool = std::make_unique<Pool>(std::move(o));
  }
  return *pool;
}

absl::Status Cluster::Refresh() { return RefreshIfUnchanged(generation_.load()); }

absl::Status Cluster::RefreshIfUnchanged(uint64_t seen) {
  std::lock_guard lock(refresh_mu_);
  // Another call read it while this one waited for the lock: that map is as new.
  if (generation_.load() != seen) return absl::OkStatus();
  std::vector<Endpoint> candidates;
  if (std::shared_ptr<const SlotMap> m = map()) candidates = m->masters();
  candidates.insert(candidates.end(), options_.cluster_seeds.begin(), options_.cluster_seeds.end());
  std::string errors;
  std::vector<std::string> tried;
  for (const Endpoint& node : candidates) {
    const std::string name = node.ToString();
    if (std::find(tried.begin(), tried.end(), name) != tried.end()) continue;
    tried.push_back(name);
    Pool& pool = NodePool(node);
    absl::StatusOr<std::vector<Reply>> r = pool.RunOnNode({{"CLUSTER", "SLOTS"}}, Resend::kSafe);
    absl::StatusOr<SlotMap> m =
        r.ok() ? SlotMap::FromClusterSlots(r->front().view(), pool.options().endpoint)
               : absl::StatusOr<SlotMap>(r.status());
    if (m.ok() && m->assigned() > 0) {
      auto fresh = std::make_shared<const SlotMap>(*std::move(m));
      {
        std::lock_guard map_lock(map_mu_);
        map_ = std::move(fresh);
      }
      ++generation_;
      return absl::OkStatus();
    }
    absl::StrAppend(&errors, errors.empty() ? "" : "; ", name, ": ",
                    m.ok() ? "no slot assigned" : m.status().message());
  }
  return absl::UnavailableError(
      absl::StrCat("redis cluster: no node answered CLUSTER SLOTS (", errors, ")"));
}

template <typename T, typename Op>
absl::StatusOr<T> Cluster::Routed(std::optional<int> slot, bool may_repeat, Op op) {
  const absl::Time give_up = absl::Now() + kClusterRetryBudget;
  absl::Duration backoff = kClusterFirstBackoff;
  std::optional<Endpoint> ask;
  absl::Status last;
  for (int attempt = 1; attempt <= kClusterMaxAttempts; ++attempt) {
    const uint64_t seen = generation_.load();
    std::shared_ptr<const SlotMap> m = map();
    if (m == nullptr) {
      if (absl::Status s = RefreshIfUnchanged(seen); !s.ok()) return s;
      m = map();
    }
    std::optional<Endpoint> node = ask ? ask : m->MasterOf(slot.value_or(0));
    const bool asking = ask.has_value();
    ask.reset();
    absl::StatusOr<T> result =
        node ? op(NodePool(*node), asking)
             : absl::StatusOr<T>(absl::UnavailableError(absl::StrCat(
                   "redis cluster: no master serves slot ", slot.value_or(0))));
    if (result.ok()) return result;
    last = result.status();
    const std::optional<Redirect> redirect = ParseRedirect(last.message());
    bool wait = false;
    // A pipeline of writes that met a redirect may have run the commands before it (the
    // slot moved, began migrating or lost its master between them): only the caller can
    // retry it.
    if (redirect && !may_repeat) break;
    if (redirect && redirect->kind == Redirect::Kind::kMoved) {
      Endpoint target = redirect->target;
      target.user = options_.endpoint.user;
      target.password = options_.endpoint.password;
      {
        std::lock_guard lock(map_mu_);
        auto moved = std::make_shared<SlotMap>(*map_);
        moved->Assign(redirect->slot, target);
        map_ = std::move(moved);
      }
      // The rest of the map may have changed too (a resharding moves many slots): read it
      // now rather than meet one MOVED per slot. Its failure is not the call's: the MOVED
      // target is already in the map.
      (void)RefreshIfUnchanged(seen);
    } else if (redirect && redirect->kind == Redirect::Kind::kAsk) {
      ask = redirect->target;
      ask->user = options_.endpoint.user;
      ask->password = options_.endpoint.password;
    } else if (redirect && redirect->kind == Redirect::Kind::kTryAgain) {
      wait = true;
    } else if ((redirect && redirect->kind == Redirect::Kind::kClusterDown) || NodeTrouble(last)) {
      wait = true;
      (void)RefreshIfUnchanged(seen);
    } else {
      return last;  // the command's own error (WRONGTYPE, a refused script, …)
    }
    if (wait) {
      if (absl::Now() + backoff > give_up) break;
      std::this_thread::sleep_for(absl::ToChronoMilliseconds(backoff));
      backoff = std::min(backoff * 2, kClusterMaxBackoff);
    }
  }
  if (!may_repeat && ParseRedirect(last.message()).has_value()) {
    // A redirect in the middle of a pipeline of writes: its first commands may have run.
    return absl::UnavailableError(absl::StrCat("redis cluster: ", kOutcomeUnknown, " (",
                                               absl::StripPrefix(last.message(), "redis: "),
                                               " part-way through a pipeline)"));
  }
  return absl::Status(last.code(), absl::StrCat(last.message(), " (redis cluster: gave up after ",
                                                kClusterMaxAttempts, " attempts or ",
                                                absl::FormatDuration(kClusterRetryBudget), ")"));
}

absl::StatusOr<std::vector<Reply>> Cluster::RunPipeline(std::optional<int> slot,
                                                        const std::vector<Command>& commands,
                                                        Resend resend) {
  const bool may_repeat = resend == Resend::kSafe || commands.size() == 1;
  return Routed<std::vector<Reply>>(
      slot, may_repeat,
      [&](Pool& node, bool asking) -> absl::StatusOr<std::vector<Reply>> {
        if (!asking) return node.RunOnNode(commands, resend);
        // ASKING holds for the one command after it.
        std::vector<Command> asked;
        asked.reserve(commands.size() * 2);
        for (const Command& c : commands) {
          asked.push_back(Asking());
          asked.push_back(c);
        }
        absl::StatusOr<std::vector<Reply>> replies = node.RunOnNode(asked, resend);
        if (!replies.ok()) return replies.status();
        std::vector<Reply> out;
        out.reserve(commands.size());
        for (size_t i = 1; i < replies->size(); i += 2) out.push_back(std::move((*replies)[i]));
        return out;
      });
}

absl::StatusOr<std::vector<Reply>> Cluster::RunSpread(const std::vector<std::optional<int>>& slots,
                                                      const std::vector<Command>& commands) {
  std::shared_ptr<const SlotMap> m = map();
  if (m == nullptr) {
    if (absl::Status s = Refresh(); !s.ok()) return s;
    m = map();
  }
  // Command indices by the master the map names for them ("" when none does).
  std::map<std::string, std::vector<size_t>> parts;
  std::map<std::string, Endpoint> masters;
  for (size_t i = 0; i < commands.size(); ++i) {
    const std::optional<Endpoint> master = m->MasterOf(slots[i].value_or(0));
    const std::string name = master ? master->ToString() : std::string();
    parts[name].push_back(i);
    if (master) masters.emplace(name, *master);
  }
  std::vector<std::optional<Reply>> replies(commands.size());
  for (const auto& part : parts) {
    const std::vector<size_t>& indices = part.second;
    if (!part.first.empty()) {
      std::vector<Command> batch;
      batch.reserve(indices.size());
      for (size_t i : indices) batch.push_back(commands[i]);
      absl::StatusOr<std::vector<Reply>> r =
          NodePool(masters.at(part.first)).RunOnNode(batch, Resend::kSafe);
      if (r.ok()) {
        for (size_t k = 0; k < indices.size(); ++k) replies[indices[k]].emplace(std::move((*r)[k]));
        continue;
      }
      // A real error of a command is the call's; a redirect or a node in trouble is not.
      if (!ParseRedirect(r.status().message()) && !NodeTrouble(r.status())) return r.status();
    }
    for (size_t i : indices) {
      absl::StatusOr<Reply> one = Run(slots[i], commands[i], Resend::kSafe);
      if (!one.ok()) return one.status();
      replies[i].emplace(*std::move(one));
    }
  }
  std::vector<Reply> out;
  out.reserve(commands.size());
  for (std::optional<Reply>& r : replies) out.push_back(*std::move(r));
  return out;
}

absl::StatusOr<Reply> Cluster::Run(std::optional<int> slot, const Command& command,
                                   Resend resend) {
  absl::StatusOr<std::vector<Reply>> replies = RunPipeline(slot, {command}, resend);
  if (!replies.ok()) return replies.status();
  return std::move(replies->front());
}

absl::StatusOr<Reply> Cluster::RunScript(std::optional<int> slot, const std::string& source,
                                         const Command& evalsha, Resend resend, ScriptEffect effect) {
  const int64_t wait_ms =
      effect == ScriptEffect::kReadOnly ? 0 : absl::ToInt64Milliseconds(options_.replica_wait);
  return Routed<Reply>(slot, /*may_repeat=*/true,
                       [&](Pool& node, bool asking) -> absl::StatusOr<Reply> {
    std::vector<Command> commands;
    if (asking) commands.push_back(Asking());
    commands.push_back(evalsha);
    // On the script's own connection: WAIT counts the replicas that have every write this
    // connection made, so it must follow the EVALSHA there.
    if (wait_ms > 0) commands.push_back({"WAIT", "1", std::to_string(wait_ms)});
    absl::StatusOr<std::vector<Reply>> replies = node.RunOnNode(commands, resend);
    if (!replies.ok() && absl::StrContains(replies.status().message(), "NOSCRIPT")) {
      absl::StatusOr<std::vector<Reply>> loaded =
          node.RunOnNode({{"SCRIPT", "LOAD", source}}, Resend::kSafe);
      if (!loaded.ok()) return loaded.status();
      replies = node.RunOnNode(commands, resend);
    }
    if (!replies.ok()) return replies.status();
    if (wait_ms > 0 && replies->back().integer() < 1) {
      return absl::UnavailableError(absl::StrCat(
          "redis cluster: ", kNotReplicated, " within ", wait_ms, " ms (node ",
          node.options().endpoint.ToString(), "); retry with the same request_id"));
    }
    return std::move((*replies)[asking ? 1 : 0]);
  });
}

}  // namespace devplan::redis
