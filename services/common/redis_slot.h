// Which Redis Cluster slot a key, a command or a pipeline belongs to. Used in both modes: a
// single Redis would accept a write spanning two districts, Redis Cluster would not
// (CROSSSLOT), so every multi-key command and pipeline is checked before it is sent, and a
// layout mistake shows in the single-node tests too, not only on a cluster.
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

// The one slot of all the keys of `commands` (nullopt when none names a key); INTERNAL,
// before anything is sent, when they hash to two slots (what Redis Cluster would refuse with
// CROSSSLOT: the caller mixed districts).
absl::StatusOr<std::optional<int>> CommandsSlot(const std::vector<Command>& commands);

}  // namespace devplan::redis
