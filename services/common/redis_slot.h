// Which Redis Cluster slot a key, a command or a pipeline belongs to. Used in both modes: a
// single Redis would accept a write spanning two districts, Redis Cluster would not
// (CROSSSLOT), so every command (a write script above all) is checked before it is sent, and
// a layout mistake shows in the single-node tests too, not only on a cluster.
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/redis_connection.h"

namespace devplan::redis {

inline constexpr int kClusterSlots = 16384;

// CRC16-CCITT (XMODEM: polynomial 0x1021, initial value 0), the checksum Redis Cluster uses.
uint16_t Crc16(absl::string_view bytes);

// The slot of `key`: CRC16 of the hash tag (the bytes between the first '{' and the first '}'
// after it, when there are any) or of the whole key, modulo 16384.
int KeySlot(absl::string_view key);

// The keys a command names, by the command's known key positions: EVAL/EVALSHA by their
// numkeys, DEL/EXISTS/MGET… every argument, MSET every other one, commands without keys
// (PING, SCRIPT, CONFIG, CLUSTER, WAIT, ASKING, PUBLISH, …) none, any other the first
// argument. Every command the services send is one of these.
std::vector<absl::string_view> CommandKeys(const Command& command);

// Where a pipeline's commands go. A command's keys must share one slot: a command whose keys
// hash to two (what Redis Cluster refuses with CROSSSLOT: the caller mixed districts in one
// write) is refused, INTERNAL, before anything is sent. Different commands may name different
// slots: a pipeline of reads across districts, which a cluster client splits by master.
struct PipelineSlots {
  std::vector<std::optional<int>> of_command;  // nullopt: the command names no key
  std::optional<int> shared;  // the one slot of every key, when they share one (or none)
  bool spread = false;        // the keys span more than one slot
};
absl::StatusOr<PipelineSlots> SlotsOf(const std::vector<Command>& commands);

}  // namespace devplan::redis
