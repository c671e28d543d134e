#include "services/common/redis_slot_map.h"

#include "absl/strings/str_cat.h"

namespace devplan::redis {

absl::StatusOr<SlotMap> SlotMap::FromClusterSlots(ReplyView reply, const Endpoint& asked) {
  if (!reply.is_array()) return absl::InternalError("CLUSTER SLOTS: not an array");
  SlotMap map;
  for (size_t i = 0; i < reply.size(); ++i) {
    const ReplyView range = reply[i];
    if (!range.is_array() || range.size() < 3 || !range[0].is_integer() ||
        !range[1].is_integer() || !range[2].is_array() || range[2].size() < 2 ||
        !range[2][1].is_integer()) {
      return absl::InternalError(absl::StrCat("CLUSTER SLOTS: range ", i, " is malformed"));
    }
    const long long start = range[0].integer();
    const long long end = range[1].integer();
    if (start < 0 || end < start || end >= kClusterSlots) {
      return absl::InternalError(
          absl::StrCat("CLUSTER SLOTS: slots ", start, "-", end, " out of range"));
    }
    Endpoint master = asked;
    const absl::string_view ip = range[2][0].str();
    if (!ip.empty() && ip != "?") master.host = std::string(ip);
    master.port = static_cast<int>(range[2][1].integer());
    master.unix_path.clear();
    if (master.port <= 0 || master.port > 65535) {
      return absl::InternalError(absl::StrCat("CLUSTER SLOTS: port ", master.port, " out of range"));
    }
    const int index = map.IndexOf(master);
    for (long long s = start; s <= end; ++s) map.owner_[static_cast<size_t>(s)] = static_cast<int16_t>(index);
  }
  return map;
}

std::optional<Endpoint> SlotMap::MasterOf(int slot) const {
  if (slot < 0 || slot >= kClusterSlots) return std::nullopt;
  const int index = owner_[static_cast<size_t>(slot)];
  if (index < 0) return std::nullopt;
  return masters_[static_cast<size_t>(index)];
}

int SlotMap::assigned() const {
  int n = 0;
  for (int16_t o : owner_) n += o >= 0 ? 1 : 0;
  return n;
}

void SlotMap::Assign(int slot, const Endpoint& master) {
  if (slot < 0 || slot >= kClusterSlots) return;
  owner_[static_cast<size_t>(slot)] = static_cast<int16_t>(IndexOf(master));
}

int SlotMap::IndexOf(const Endpoint& master) {
  for (size_t i = 0; i < masters_.size(); ++i) {
    if (masters_[i].host == master.host && masters_[i].port == master.port) {
      return static_cast<int>(i);
    }
  }
  masters_.push_back(master);
  return static_cast<int>(masters_.size()) - 1;
}

}  // namespace devplan::redis
