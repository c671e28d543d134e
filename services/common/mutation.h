// An atomic, idempotent write: preconditions, then writes, then its audit entry and a change
// event — all in one Lua script, so a write either happens whole or not at all, a write
// without its audit entry cannot exist, and a retried request_id does not write twice.
// Every service writes its facts through this.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <google/protobuf/message.h>

#include "absl/status/statusor.h"
#include "services/common/redis_pool.h"

namespace devplan::store {

// Audit entries kept per district (XADD MAXLEN ~): older ones are trimmed, so export the
// trail (devplanctl audit) or back up Redis (README, operations) to keep more.
inline constexpr long kAuditMaxEntries = 200'000;
// The identity of a write made outside any call (a test calling a handler directly).
inline constexpr char kUnattributed[] = "(unattributed)";
// Consecutive HSets to one key are sent as one HSET of up to this many fields: the script
// then makes one redis.call (and the AOF holds one command) per group instead of per field,
// which is most of a batch of hourly readings' cost in Redis. Bounded because the script
// unpacks a group onto Lua's C stack (LUAI_MAXCSTACK 8000 slots).
inline constexpr int kMaxFieldsPerHset = 1000;

enum class Outcome {
  kApplied,   // the writes were made and the event published
  kReplayed,  // the request_id was seen before with the same content; nothing written
  kValidated,  // validate_only: every check passed; nothing written, audited or published
};

// A stable digest of a request (deterministic serialization, FNV-1a 64) for WithRequestId:
// the same request retried gives the same fingerprint in any process.
std::string Fingerprint(const google::protobuf::Message& request);

// INVALID_ARGUMENT: `request_id` was already used for a request with other content.
absl::Status RequestIdReused(const std::string& request_id);

class Mutation {
 public:
  // `service` is the key prefix of the writing service ("inv", "env", "soc", "agg").
  Mutation(std::string service, std::string district);

  // AIP-163 validate_only: Apply runs the script's checks (request_id, compare-and-set,
  // required records) exactly as a write would, then stops before any write, the audit entry,
  // the data version bump and the change event. Every service's validate_only ends here, so a
  // check only the script makes cannot be skipped by a dry run.
  Mutation& ValidateOnly(bool validate_only);
  bool validate_only() const { return validate_only_; }

  // Makes the write idempotent on request_id: a repeat with the same fingerprint is
  // kReplayed, with another fingerprint INVALID_ARGUMENT.
  Mutation& WithRequestId(const std::string& request_id, std::string fingerprint);
  // Compare-and-set: the hash field must hold exactly `value` (nullopt: must be absent),
  // else ABORTED — the caller re-reads and retries.
  Mutation& ExpectField(const std::string& key, const std::string& field,
                        std::optional<std::string> value);
  // The hash field must exist, else NOT_FOUND naming `what`.
  Mutation& RequireField(const std::string& key, const std::string& field, std::string what);

  Mutation& HSet(const std::string& key, const std::string& field, std::string value);
  Mutation& HDel(const std::string& key, const std::string& field);
  Mutation& RPush(const std::string& key, std::string value);
  Mutation& SAdd(const std::string& key, const std::string& member);

  // The change event published on the district's channel (see common.proto ChangeEvent).
  Mutation& Event(std::string kind, std::string name);

  // What the audit entry names as written (e.g. "districts/410108/projects/p1"); defaults to
  // the event's name.
  Mutation& Resource(std::string resource);

  // Whether any write (not only a check) was added: a mutation without writes is not sent.
  bool has_writes() const { return writes_ > 0; }

  absl::StatusOr<Outcome> Apply(redis::Pool& pool) const;
  // What the script's reply to this mutation means: applied, replayed, or the refusal it
  // names. Apply's second half, public so the reply decoding is fuzzed (tests/fuzz).
  absl::StatusOr<Outcome> Verdict(const redis::Reply& reply) const;

 private:
  // Ops of one kind on one key, sent as: name, key index, n, then n (a, b) pairs. Only
  // HSETs are grouped (HSet); every other op is a group of one.
  struct Group {
    const char* op;
    int key;       // 1-based index into keys_
    size_t first;  // index of its first pair's `a` in args_
    int n;
  };

  int KeyIndex(const std::string& key);  // 1-based index into keys_, adding if new
  // The audit entry's field/value pairs: who (CurrentCall), what, and a digest of the writes.
  std::vector<std::string> AuditFields() const;
  void AddOp(const char* op, const std::string& key, std::string a, std::string b);

  std::string service_;
  std::string district_;
  std::string request_id_;
  std::string fingerprint_;
  std::string kind_ = "write";
  std::string name_;
  std::string resource_;
  std::vector<std::string> keys_;  // KEYS[1..3] are reserved (see mutation.cc)
  std::vector<Group> groups_;
  std::vector<std::string> args_;  // every op's a, b — flattened
  std::vector<std::string> what_;  // per op (not per group): resource named in NOT_FOUND
  int writes_ = 0;                 // ops that write (HSET, HDEL, RPUSH, SADD)
  bool validate_only_ = false;
};

}  // namespace devplan::store
