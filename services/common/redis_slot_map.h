// Which master serves each of Redis Cluster's 16384 slots, as CLUSTER SLOTS tells it. An
// immutable value: the cluster client swaps in a new one when a node answers MOVED or goes
// away, so a reader never sees a half-updated map.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "services/common/redis_connection.h"
#include "services/common/redis_reply.h"
#include "services/common/redis_slot.h"

namespace devplan::redis {

class SlotMap {
 public:
  SlotMap() { owner_.fill(-1); }

  // From a CLUSTER SLOTS reply ([[start, end, [ip, port, id, …], replicas…], …]) read from
  // `asked`: the masters get `asked`'s user and password, and `asked`'s host when the reply
  // leaves the address empty (a node that does not know its own). INTERNAL on a reply of
  // another shape or a slot out of range. Slots nobody serves stay unassigned.
  static absl::StatusOr<SlotMap> FromClusterSlots(ReplyView reply, const Endpoint& asked);

  // The master serving `slot`; nullopt while it has none.
  std::optional<Endpoint> MasterOf(int slot) const;
  // Every master, each once.
  const std::vector<Endpoint>& masters() const { return masters_; }
  // Slots with a master.
  int assigned() const;
  // Serves `slot` from `master` from now on (a MOVED seen before the next refresh).
  void Assign(int slot, const Endpoint& master);

 private:
  int IndexOf(const Endpoint& master);  // adds it when new

  std::vector<Endpoint> masters_;
  std::array<int16_t, kClusterSlots> owner_;  // index into masters_, -1: none
};

}  // namespace devplan::redis
