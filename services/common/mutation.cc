#include "services/common/mutation.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "devplan/v1/common.pb.h"
#include "services/common/call_scope.h"
#include "services/common/redis_keys.h"
#include "services/common/redis_script.h"
#include "services/common/telemetry.h"

namespace devplan::store {
namespace {

// How long a request_id is remembered. Clients retry within seconds or minutes; a week
// covers a scheduled job that is re-run the next day.
constexpr int kRequestIdTtlSeconds = 7 * 24 * 3600;

// KEYS[1] request-id record, KEYS[2] district data version, KEYS[3] audit trail, KEYS[4..]
// touched keys. ARGV[1] fingerprint ('' = not idempotent), ARGV[2] TTL, ARGV[3] channel,
// ARGV[4] event, ARGV[5] audit MAXLEN, ARGV[6] n, ARGV[7] '1' = validate only (answer VALID
// after the checks, before any write), ARGV[8..7+2n] the audit entry's field/value pairs,
// then the ops in groups: name, key index, m, then m (a, b) pairs — one op per pair, numbered
// across groups as the caller added them (MISSING answers that number). A group of
// HSETs is one HSET of all its pairs. All checks run before any write, so a refused mutation
// leaves Redis as it was (and unaudited); a replay writes nothing, so it is not audited again.
constexpr char kScript[] = R"lua(
local fp = ARGV[1]
if fp ~= '' then
  local seen = redis.call('GET', KEYS[1])
  if seen then
    if seen == fp then return {'REPLAY'} end
    return {'MISMATCH'}
  end
end
local first = 8 + 2 * tonumber(ARGV[6])
local i, op_index = first, 0
while i <= #ARGV do
  local op, k, m = ARGV[i], KEYS[tonumber(ARGV[i + 1])], tonumber(ARGV[i + 2])
  if op == 'EXPECT' or op == 'EXPECT_ABSENT' or op == 'REQUIRE' then
    for j = 0, m - 1 do
      local a, b = ARGV[i + 3 + 2 * j], ARGV[i + 4 + 2 * j]
      if op == 'EXPECT' then
        if redis.call('HGET', k, a) ~= b then return {'CONFLICT', k, a} end
      elseif op == 'EXPECT_ABSENT' then
        if redis.call('HEXISTS', k, a) == 1 then return {'CONFLICT', k, a} end
      elseif redis.call('HEXISTS', k, a) == 0 then
        return {'MISSING', tostring(op_index + j)}
      end
    end
  end
  op_index = op_index + m
  i = i + 3 + 2 * m
end
if ARGV[7] == '1' then return {'VALID'} end
i = first
while i <= #ARGV do
  local op, k, m = ARGV[i], KEYS[tonumber(ARGV[i + 1])], tonumber(ARGV[i + 2])
  if op == 'HSET' then
    redis.call('HSET', k, unpack(ARGV, i + 3, i + 2 + 2 * m))
  else
    for j = i + 3, i + 1 + 2 * m, 2 do
      if op == 'HDEL' then redis.call('HDEL', k, ARGV[j])
      elseif op == 'RPUSH' then redis.call('RPUSH', k, ARGV[j])
      elseif op == 'SADD' then redis.call('SADD', k, ARGV[j])
      end
    end
  end
  i = i + 3 + 2 * m
end
if fp ~= '' then redis.call('SET', KEYS[1], fp, 'EX', ARGV[2]) end
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', unpack(ARGV, 8, first - 1))
redis.call('INCR', KEYS[2])
redis.call('PUBLISH', ARGV[3], ARGV[4])
return {'OK'}
)lua";

const redis::Script& MutationScript() {
  static const redis::Script* script = new redis::Script(kScript);
  return *script;
}

}  // namespace

std::string Fingerprint(const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return absl::StrCat(absl::Hex(h, absl::kZeroPad16), ":", bytes.size());
}

absl::Status RequestIdReused(const std::string& request_id) {
  return absl::InvalidArgumentError(
      absl::StrCat("request_id: \"", request_id, "\" was already used for a different request"));
}

Mutation::Mutation(std::string service, std::string district)
    : service_(std::move(service)), district_(std::move(district)) {
  keys_ = {keys::RequestId(service_, district_, ""), keys::DataVersion(district_),
           keys::AuditTrail(district_)};
}

Mutation& Mutation::ValidateOnly(bool validate_only) {
  validate_only_ = validate_only;
  return *this;
}

Mutation& Mutation::WithRequestId(const std::string& request_id, std::string fingerprint) {
  request_id_ = request_id;
  fingerprint_ = std::move(fingerprint);
  keys_[0] = keys::RequestId(service_, district_, request_id);
  return *this;
}

int Mutation::KeyIndex(const std::string& key) {
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i] == key) return static_cast<int>(i) + 1;
  }
  keys_.push_back(key);
  return static_cast<int>(keys_.size());
}

void Mutation::AddOp(const char* op, const std::string& key, std::string a, std::string b) {
  const absl::string_view name(op);
  if (name != "EXPECT" && name != "EXPECT_ABSENT" && name != "REQUIRE") ++writes_;
  Group* last = groups_.empty() ? nullptr : &groups_.back();
  // Writers add a key's fields one after another (a station-day's hours): the last group's
  // key is checked first, sparing KeyIndex's scan of every key so far.
  const int k = last != nullptr && keys_[last->key - 1] == key ? last->key : KeyIndex(key);
  if (name == "HSET" && last != nullptr && absl::string_view(last->op) == name && last->key == k &&
      last->n < kMaxFieldsPerHset) {
    ++last->n;
  } else {
    groups_.push_back({op, k, args_.size(), 1});
  }
  args_.push_back(std::move(a));
  args_.push_back(std::move(b));
  what_.emplace_back();
}

Mutation& Mutation::ExpectField(const std::string& key, const std::string& field,
                                std::optional<std::string> value) {
  if (value.has_value()) {
    AddOp("EXPECT", key, field, *std::move(value));
  } else {
    AddOp("EXPECT_ABSENT", key, field, "");
  }
  return *this;
}

Mutation& Mutation::RequireField(const std::string& key, const std::string& field,
                                 std::string what) {
  AddOp("REQUIRE", key, field, "");
  what_.back() = std::move(what);
  return *this;
}

Mutation& Mutation::HSet(const std::string& key, const std::string& field, std::string value) {
  AddOp("HSET", key, field, std::move(value));
  return *this;
}
Mutation& Mutation::HDel(const std::string& key, const std::string& field) {
  AddOp("HDEL", key, field, "");
  return *this;
}
Mutation& Mutation::RPush(const std::string& key, std::string value) {
  AddOp("RPUSH", key, std::move(value), "");
  return *this;
}
Mutation& Mutation::SAdd(const std::string& key, const std::string& member) {
  AddOp("SADD", key, member, "");
  return *this;
}

Mutation& Mutation::Event(std::string kind, std::string name) {
  kind_ = std::move(kind);
  name_ = std::move(name);
  return *this;
}

Mutation& Mutation::Resource(std::string resource) {
  resource_ = std::move(resource);
  return *this;
}

std::vector<std::string> Mutation::AuditFields() const {
  const CallIdentity& call = CurrentCall();
  // What was written, as a digest: equal digests mean the same writes to the same keys.
  // Op by op (name, key, a, b), however they are grouped: the digest of a write does not
  // depend on how it was sent.
  uint64_t h = 14695981039346656037ull;
  auto add = [&h](absl::string_view part) {
    for (unsigned char c : part) {
      h ^= c;
      h *= 1099511628211ull;
    }
    h ^= 0xff;  // separator, so ("ab","c") and ("a","bc") differ
    h *= 1099511628211ull;
  };
  for (const Group& g : groups_) {
    for (int j = 0; j < g.n; ++j) {
      add(g.op);
      add(keys_[g.key - 1]);
      add(args_[g.first + 2 * j]);
      add(args_[g.first + 2 * j + 1]);
    }
  }
  return {"service", service_,
          "identity", call.identity.empty() ? std::string(kUnattributed) : call.identity,
          "department", call.department,
          "method", call.method,
          "peer", call.peer,
          "resource", resource_.empty() ? name_ : resource_,
          "kind", kind_,
          "request_id", request_id_,
          "request", fingerprint_,
          "writes", std::to_string(writes_),
          "digest", absl::StrCat(absl::Hex(h, absl::kZeroPad16))};
}

absl::StatusOr<Outcome> Mutation::Apply(redis::Pool& pool) const {
  v1::ChangeEvent event;
  event.set_district(district_);
  event.set_service(service_);
  event.set_kind(kind_);
  event.set_name(name_);
  *event.mutable_written_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
  std::string payload;
  (void)google::protobuf::util::MessageToJsonString(event, &payload);

  std::vector<std::string> audit = AuditFields();
  std::vector<std::string> args = {fingerprint_, std::to_string(kRequestIdTtlSeconds),
                                   keys::EventsChannel(district_), std::move(payload),
                                   std::to_string(kAuditMaxEntries), std::to_string(audit.size() / 2),
                                   validate_only_ ? "1" : "0"};
  args.reserve(args.size() + audit.size() + 3 * groups_.size() + args_.size());
  args.insert(args.end(), std::make_move_iterator(audit.begin()), std::make_move_iterator(audit.end()));
  for (const Group& g : groups_) {
    args.emplace_back(g.op);
    args.push_back(std::to_string(g.key));
    args.push_back(std::to_string(g.n));
    args.insert(args.end(), args_.begin() + static_cast<ptrdiff_t>(g.first),
                args_.begin() + static_cast<ptrdiff_t>(g.first + 2 * g.n));
  }
  // With a request_id the script answers a repeat REPLAY instead of writing again, so the pool
  // may resend it after a connection broke; without one, a resend could apply it twice. A
  // rehearsal writes nothing (ARGV[7]): it is as safe to resend, and no replica need confirm it.
  absl::StatusOr<redis::Reply> reply = MutationScript().Run(
      pool, keys_, std::move(args),
      request_id_.empty() && !validate_only_ ? redis::Resend::kIfUnsent : redis::Resend::kSafe,
      validate_only_ ? redis::ScriptEffect::kReadOnly : redis::ScriptEffect::kWrite);
  if (!reply.ok()) return reply.status();
  absl::StatusOr<Outcome> outcome = Verdict(*reply);
  if (outcome.ok() && *outcome == Outcome::kApplied) {
    if (telemetry::Metrics* m = telemetry::Active()) {
      m->FactsWritten(kind_, CurrentCall().department, district_);
    }
  }
  return outcome;
}

absl::StatusOr<Outcome> Mutation::Verdict(const redis::Reply& reply) const {
  // The script always answers an array whose first element is the verdict; anything else
  // (another script under its SHA, a proxy's error) is refused, not indexed blindly.
  if (reply.size() == 0) return absl::InternalError("mutation script answered no verdict");
  const absl::string_view verdict = reply[0].str();
  if (verdict == "OK") return Outcome::kApplied;
  if (verdict == "REPLAY") return Outcome::kReplayed;
  if (verdict == "VALID") return Outcome::kValidated;
  if (verdict == "MISMATCH") return RequestIdReused(request_id_);
  if (verdict == "CONFLICT") {
    return absl::AbortedError("concurrent modification; re-read and retry");
  }
  if (verdict == "MISSING") {
    size_t op = 0;
    if (reply.size() < 2 || !absl::SimpleAtoi(reply[1].str(), &op) || op >= what_.size()) {
      return absl::InternalError("mutation script answered MISSING without a valid op index");
    }
    return absl::NotFoundError(absl::StrCat(what_[op], " not found"));
  }
  return absl::InternalError(absl::StrCat("mutation script answered ", verdict));
}

}  // namespace devplan::store
