// The one way a service reads and writes its records. A record is a serialized devplan.v1
// message in a field of a Redis hash (the key layout: services/common/redis_keys.h). Reads
// decode (an unreadable record is DATA_LOSS, never skipped); every write is one
// store::Mutation (the single Lua write path: preconditions, writes, data version and change
// event in one script) made by RecordStore::Write, which owns the optimistic loop every
// read-modify-write needs:
//
//   1. a replayed request_id answers the state it produced, before anything is re-validated
//      against that state (a lifecycle step applied twice must not be refused as illegal);
//   2. `attempt` reads what it needs, validates, and adds compare-and-set expectations and
//      writes to a fresh Mutation, answering what the caller gets if the write applies;
//   3. a lost compare-and-set (ABORTED) runs the attempt again on fresh reads, a bounded
//      number of times with a short jittered pause, then answers ABORTED. Nothing else is
//      retried here: an UNAVAILABLE may mean the write was sent and applied (the pool's
//      kOutcomeUnknown), and running the attempt again would then apply it a second time.
//
// Thread-safe: shares the pool.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <google/protobuf/message.h>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/proto_codec.h"
#include "services/common/redis_pool.h"
#include "services/common/status_macros.h"

namespace devplan::store {

// How a request writes: its optional idempotency key with the fingerprint of the request
// that carried it, and whether it only validates (AIP-163).
struct RequestKey {
  std::string request_id;  // empty: not idempotent by request
  std::string fingerprint;
  // The request's `validate_only`: its mutations check and write nothing (Mutation::
  // ValidateOnly). Every domain write request has the field; one without it writes.
  bool validate_only = false;

  // The key of `request`: Fingerprint of the whole request message but its validate_only,
  // so a dry run meets the request_id of the write it rehearses as that write would;
  // validate_only read from the field of that name, the one place it is read.
  static RequestKey Of(const std::string& request_id, const google::protobuf::Message& request);
};

// A hash field as read for a compare-and-set: the bytes to expect (nullopt: absent) and
// the decoded record.
template <typename Message>
struct Stored {
  std::optional<std::string> bytes;
  std::optional<Message> record;
};

// How often a write is re-read and re-validated when a concurrent write to the same record
// wins the compare-and-set. Writers to one record are few (one department, a retrying
// client); eight rounds with a growing pause absorb a burst of same-day hourly batches.
inline constexpr int kMaxWriteAttempts = 8;

class RecordStore {
 public:
  // `service` is the key prefix of the owning service ("inv", "env", "soc", "agg").
  RecordStore(redis::Pool& pool, std::string service)
      : pool_(pool), service_(std::move(service)) {}

  redis::Pool& pool() { return pool_; }
  const std::string& service() const { return service_; }

  // ---- Reads.
  template <typename Message>
  absl::StatusOr<std::optional<Message>> Get(const std::string& key, const std::string& field);
  // The field with its bytes, for an attempt's ExpectField.
  template <typename Message>
  absl::StatusOr<Stored<Message>> Read(const std::string& key, const std::string& field);
  // The record, or NOT_FOUND naming `what` (a resource name) when the field is absent.
  template <typename Message>
  absl::StatusOr<Message> Require(const std::string& key, const std::string& field,
                                  const std::string& what);
  // Every (field, record) of a hash, ordered by field.
  template <typename Message>
  absl::StatusOr<std::vector<std::pair<std::string, Message>>> Entries(const std::string& key);
  // Every record of a hash, ordered by field.
  template <typename Message>
  absl::StatusOr<std::vector<Message>> Values(const std::string& key);

  // ---- Writes.
  // The optimistic write loop described above. `attempt(Mutation&) -> StatusOr<T>` may
  // answer without adding a write (nothing to change: the answer is returned as is).
  // `replay() -> StatusOr<T>` answers the current state for a replayed request_id.
  template <typename T, typename Attempt, typename Replay>
  absl::StatusOr<T> Write(const std::string& district, const RequestKey& request,
                          Attempt attempt, Replay replay);
  // A write that depends on no read: applied once (a replayed request_id is not an error).
  absl::Status Put(Mutation mutation);

  // A fresh mutation of this service for `district`, idempotent on `request` when it has an
  // id, validating only when `request` does.
  Mutation NewMutation(const std::string& district, const RequestKey& request) const;

 private:
  // Whether `request` was applied already: INVALID_ARGUMENT when its id was used for another
  // request; false without an id.
  absl::StatusOr<bool> AlreadyApplied(const std::string& district, const RequestKey& request);
  // Sleeps a little before attempt `attempt` (1-based) so racing writers spread out.
  static void BackOff(int attempt);

  redis::Pool& pool_;
  std::string service_;
};

// ---- Implementation ----------------------------------------------------------------------

template <typename Message>
absl::StatusOr<std::optional<Message>> RecordStore::Get(const std::string& key,
                                                        const std::string& field) {
  ASSIGN_OR_RETURN(Stored<Message> stored, Read<Message>(key, field));
  return std::move(stored.record);
}

template <typename Message>
absl::StatusOr<Stored<Message>> RecordStore::Read(const std::string& key,
                                                  const std::string& field) {
  ASSIGN_OR_RETURN(redis::Reply r, pool_.Run({"HGET", key, field}, redis::Resend::kSafe));
  Stored<Message> out;
  out.bytes = r.opt_str();
  if (out.bytes.has_value()) {
    ASSIGN_OR_RETURN(out.record, DecodeRecord<Message>(*out.bytes, field));
  }
  return out;
}

template <typename Message>
absl::StatusOr<Message> RecordStore::Require(const std::string& key, const std::string& field,
                                             const std::string& what) {
  ASSIGN_OR_RETURN(std::optional<Message> record, Get<Message>(key, field));
  if (!record.has_value()) return absl::NotFoundError(absl::StrCat(what, " not found"));
  return *std::move(record);
}

template <typename Message>
absl::StatusOr<std::vector<std::pair<std::string, Message>>> RecordStore::Entries(
    const std::string& key) {
  ASSIGN_OR_RETURN(redis::Reply r, pool_.Run({"HGETALL", key}, redis::Resend::kSafe));
  return DecodeSortedHash<Message>(r);
}

template <typename Message>
absl::StatusOr<std::vector<Message>> RecordStore::Values(const std::string& key) {
  ASSIGN_OR_RETURN(redis::Reply r, pool_.Run({"HGETALL", key}, redis::Resend::kSafe));
  return DecodeSortedValues<Message>(r);
}

template <typename T, typename Attempt, typename Replay>
absl::StatusOr<T> RecordStore::Write(const std::string& district, const RequestKey& request,
                                     Attempt attempt, Replay replay) {
  ASSIGN_OR_RETURN(bool applied, AlreadyApplied(district, request));
  if (applied) return replay();
  for (int i = 1;; ++i) {
    Mutation m = NewMutation(district, request);
    absl::StatusOr<T> answer = attempt(m);
    if (answer.ok() && m.has_writes()) {
      absl::StatusOr<Outcome> outcome = m.Apply(pool_);
      if (outcome.ok() && *outcome == Outcome::kReplayed) return replay();
      if (!outcome.ok()) answer = outcome.status();
    }
    if (answer.ok() || answer.status().code() != absl::StatusCode::kAborted ||
        i == kMaxWriteAttempts) {
      return answer;
    }
    BackOff(i);
  }
}

}  // namespace devplan::store
