#include "services/aggregator/audit_trail.h"

#include <algorithm>
#include <string>

#include <google/protobuf/util/time_util.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/district.h"
#include "services/common/redis_keys.h"
#include "services/common/validation.h"

namespace devplan::aggregator {
namespace {

using google::protobuf::util::TimeUtil;

// Page tokens are stream ids ("<ms>-<seq>") behind a version tag, so a token of another list
// or a hand-edited one is refused by name instead of misread.
constexpr absl::string_view kTokenTag = "audit1:";

bool IsStreamId(absl::string_view id) {
  std::vector<absl::string_view> parts = absl::StrSplit(id, '-');
  uint64_t n = 0;
  return parts.size() == 2 && absl::SimpleAtoi(parts[0], &n) && absl::SimpleAtoi(parts[1], &n) &&
         !parts[0].empty() && !parts[1].empty() && parts[0].size() <= 20 && parts[1].size() <= 20;
}

bool IsValid(const google::protobuf::Timestamp& t) {
  return t.seconds() >= TimeUtil::kTimestampMinSeconds && t.seconds() <= TimeUtil::kTimestampMaxSeconds &&
         t.nanos() >= 0 && t.nanos() <= 999'999'999;
}

int64_t MillisOf(const google::protobuf::Timestamp& t) { return TimeUtil::TimestampToMilliseconds(t); }

v1::AuditEntry EntryOf(absl::string_view district, redis::ReplyView item) {
  v1::AuditEntry e;
  const std::string id(item[0].str());
  e.set_name(absl::StrCat("districts/", district, "/auditEntries/", id));
  int64_t ms = 0;
  (void)absl::SimpleAtoi(id.substr(0, id.find('-')), &ms);
  *e.mutable_write_time() = TimeUtil::MillisecondsToTimestamp(ms);
  redis::ReplyView fields = item[1];
  for (size_t i = 0; i + 1 < fields.size(); i += 2) {
    const absl::string_view k = fields[i].str();
    const std::string v(fields[i + 1].str());
    if (k == "identity") e.set_identity(v);
    else if (k == "department") e.set_department(v);
    else if (k == "peer") e.set_peer(v);
    else if (k == "method") e.set_method(v);
    else if (k == "service") e.set_service(v);
    else if (k == "resource") e.set_resource(v);
    else if (k == "kind") e.set_kind(v);
    else if (k == "request_id") e.set_request_id(v);
    else if (k == "request") e.set_request_fingerprint(v);
    else if (k == "digest") e.set_digest(v);
    else if (k == "writes") {
      int n = 0;
      (void)absl::SimpleAtoi(v, &n);
      e.set_writes(n);
    }
  }
  return e;
}

}  // namespace

absl::StatusOr<v1::ListAuditEntriesResponse> ListAuditEntries(
    redis::Pool& pool, const v1::ListAuditEntriesRequest& request) {
  absl::string_view district = request.parent();
  if (!absl::ConsumePrefix(&district, "districts/")) {
    return absl::InvalidArgumentError(
        absl::StrCat("parent: ", QuoteForError(request.parent()), " is not districts/{code}"));
  }
  if (absl::Status s = ValidateDistrict(district, "parent"); !s.ok()) return s;
  if (request.page_size() < 0 || request.page_size() > 1000) {
    return absl::InvalidArgumentError("page_size: 0..1000");
  }
  const int page_size = request.page_size() == 0 ? 100 : request.page_size();
  for (const auto* field : {&request.identity(), &request.department()}) {
    if (field->size() > 256) return absl::InvalidArgumentError("identity/department: at most 256 bytes");
  }
  if (request.has_start_time() && !IsValid(request.start_time())) {
    return absl::InvalidArgumentError("start_time: not a valid timestamp");
  }
  if (request.has_end_time() && !IsValid(request.end_time())) {
    return absl::InvalidArgumentError("end_time: not a valid timestamp");
  }
  // XREVRANGE key <end> <start>: exclusive of the token's entry, or of end_time.
  std::string end = "+";
  if (!request.page_token().empty()) {
    absl::string_view token = request.page_token();
    if (!absl::ConsumePrefix(&token, kTokenTag) || !IsStreamId(token)) {
      return absl::InvalidArgumentError("page_token: not one this list gave");
    }
    end = absl::StrCat("(", token);
  }
  if (request.has_end_time()) {
    const std::string by_time = absl::StrCat("(", MillisOf(request.end_time()), "-0");
    // The tighter of the two bounds (ids compare by milliseconds, then sequence).
    if (end == "+" || MillisOf(request.end_time()) <= std::stoll(end.substr(1, end.find('-') - 1))) {
      end = by_time;
    }
  }
  const std::string start =
      request.has_start_time() ? absl::StrCat(std::max<int64_t>(0, MillisOf(request.start_time())), "-0") : "-";

  v1::ListAuditEntriesResponse out;
  const std::string key = keys::AuditTrail(district);
  int scanned = 0;
  const int chunk = std::min(std::max(page_size, 200), kMaxAuditEntriesScanned);
  std::string last;
  while (out.entries_size() < page_size && scanned < kMaxAuditEntriesScanned) {
    absl::StatusOr<redis::Reply> reply =
        pool.Run({"XREVRANGE", key, end, start, "COUNT", std::to_string(chunk)}, redis::Resend::kSafe);
    if (!reply.ok()) return reply.status();
    if (reply->size() == 0) return out;  // nothing older: no next page
    for (size_t i = 0; i < reply->size() && out.entries_size() < page_size; ++i) {
      v1::AuditEntry e = EntryOf(district, (*reply)[i]);
      last = std::string((*reply)[i][0].str());
      ++scanned;
      if ((!request.identity().empty() && e.identity() != request.identity()) ||
          (!request.department().empty() && e.department() != request.department())) {
        continue;
      }
      *out.add_entries() = std::move(e);
    }
    if (reply->size() < static_cast<size_t>(chunk) && out.entries_size() < page_size) return out;
    end = absl::StrCat("(", last);
  }
  out.set_next_page_token(absl::StrCat(kTokenTag, last));
  return out;
}

}  // namespace devplan::aggregator
