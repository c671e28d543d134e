#include "services/common/redis_slot.h"

#include <array>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/validation.h"

namespace devplan::redis {
namespace {

constexpr std::array<uint16_t, 256> MakeTable() {
  std::array<uint16_t, 256> table{};
  for (int i = 0; i < 256; ++i) {
    uint16_t crc = static_cast<uint16_t>(i << 8);
    for (int bit = 0; bit < 8; ++bit) {
      crc = static_cast<uint16_t>((crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1);
    }
    table[static_cast<size_t>(i)] = crc;
  }
  return table;
}

constexpr std::array<uint16_t, 256> kTable = MakeTable();

enum class Keys { kNone, kFirst, kAll, kEveryOther, kNumkeys };

Keys KeysOf(const std::string& verb) {
  const std::string v = absl::AsciiStrToUpper(verb);
  if (v == "EVAL" || v == "EVALSHA" || v == "EVAL_RO" || v == "EVALSHA_RO" || v == "FCALL" ||
      v == "FCALL_RO") {
    return Keys::kNumkeys;
  }
  if (v == "DEL" || v == "UNLINK" || v == "EXISTS" || v == "MGET" || v == "TOUCH" ||
      v == "WATCH" || v == "SUNION" || v == "SINTER" || v == "SDIFF" || v == "SUNIONSTORE" ||
      v == "SINTERSTORE" || v == "SDIFFSTORE" || v == "RENAME" || v == "RENAMENX" ||
      v == "PFCOUNT" || v == "PFMERGE") {
    return Keys::kAll;
  }
  if (v == "MSET" || v == "MSETNX") return Keys::kEveryOther;
  // Classic PUBLISH/SUBSCRIBE channels are not keys: Redis Cluster broadcasts them.
  if (v == "PING" || v == "SCRIPT" || v == "CONFIG" || v == "CLUSTER" || v == "WAIT" ||
      v == "ASKING" || v == "READONLY" || v == "READWRITE" || v == "INFO" || v == "AUTH" ||
      v == "HELLO" || v == "CLIENT" || v == "COMMAND" || v == "PUBLISH" || v == "SUBSCRIBE" ||
      v == "PSUBSCRIBE" || v == "UNSUBSCRIBE" || v == "PUNSUBSCRIBE" || v == "MULTI" ||
      v == "EXEC" || v == "DISCARD" || v == "DBSIZE" || v == "FLUSHALL" || v == "FLUSHDB" ||
      v == "ACL" || v == "ECHO" || v == "TIME" || v == "SELECT" || v == "MIGRATE") {
    return Keys::kNone;
  }
  return Keys::kFirst;
}

}  // namespace

uint16_t Crc16(absl::string_view bytes) {
  uint16_t crc = 0;
  for (unsigned char c : bytes) {
    crc = static_cast<uint16_t>((crc << 8) ^ kTable[((crc >> 8) ^ c) & 0xff]);
  }
  return crc;
}

int KeySlot(absl::string_view key) {
  const size_t open = key.find('{');
  if (open != absl::string_view::npos) {
    const size_t close = key.find('}', open + 1);
    // "{}" (an empty tag) hashes the whole key, as Redis does.
    if (close != absl::string_view::npos && close > open + 1) {
      key = key.substr(open + 1, close - open - 1);
    }
  }
  return Crc16(key) % kClusterSlots;
}

std::vector<absl::string_view> CommandKeys(const Command& command) {
  std::vector<absl::string_view> keys;
  if (command.size() < 2) return keys;
  switch (KeysOf(command[0])) {
    case Keys::kNone:
      break;
    case Keys::kFirst:
      keys.emplace_back(command[1]);
      break;
    case Keys::kAll:
      for (size_t i = 1; i < command.size(); ++i) keys.emplace_back(command[i]);
      break;
    case Keys::kEveryOther:
      for (size_t i = 1; i < command.size(); i += 2) keys.emplace_back(command[i]);
      break;
    case Keys::kNumkeys: {
      size_t n = 0;
      if (command.size() > 2) n = static_cast<size_t>(std::strtoul(command[2].c_str(), nullptr, 10));
      for (size_t i = 3; i < command.size() && i < 3 + n; ++i) keys.emplace_back(command[i]);
      break;
    }
  }
  return keys;
}

absl::StatusOr<PipelineSlots> SlotsOf(const std::vector<Command>& commands) {
  PipelineSlots out;
  out.of_command.reserve(commands.size());
  for (const Command& c : commands) {
    std::optional<int> slot;
    absl::string_view first;
    for (absl::string_view key : CommandKeys(c)) {
      const int s = KeySlot(key);
      if (!slot.has_value()) {
        slot = s;
        first = key;
      } else if (*slot != s) {
        return absl::InternalError(absl::StrCat(
            "redis: refused before sending (CROSSSLOT): ", c[0], " names keys ",
            QuoteForError(first), " and ", QuoteForError(key), " in slots ", *slot, " and ", s,
            "; one command (one write) must stay within one district's {hash tag}"));
      }
    }
    if (slot.has_value()) {
      if (!out.shared.has_value() && !out.spread) {
        out.shared = slot;
      } else if (out.shared != slot) {
        out.spread = true;
        out.shared.reset();
      }
    }
    out.of_command.push_back(slot);
  }
  return out;
}

}  // namespace devplan::redis
