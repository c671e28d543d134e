// RAII ownership of hiredis replies, and a read-only view of (nested) replies.
// Thread-compatible: a reply is owned by one caller at a time.
#pragma once

#include "absl/strings/string_view.h"
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <hiredis/hiredis.h>

namespace devplan::redis {

// A non-owning view of one reply element; valid while its owning Reply lives.
class ReplyView {
 public:
  explicit ReplyView(const redisReply* r) : r_(r) {}

  bool is_nil() const { return r_->type == REDIS_REPLY_NIL; }
  bool is_array() const { return r_->type == REDIS_REPLY_ARRAY; }
  bool is_integer() const { return r_->type == REDIS_REPLY_INTEGER; }
  bool is_string() const {
    return r_->type == REDIS_REPLY_STRING || r_->type == REDIS_REPLY_STATUS;
  }
  // Bytes of a string/status reply; empty for other types.
  absl::string_view str() const {
    return is_string() ? absl::string_view(r_->str, r_->len) : absl::string_view();
  }
  // A nil reply is an empty optional, not an error.
  std::optional<std::string> opt_str() const {
    if (!is_string()) return std::nullopt;
    return std::string(str());
  }
  long long integer() const { return is_integer() ? r_->integer : 0; }
  size_t size() const { return is_array() ? r_->elements : 0; }
  ReplyView operator[](size_t i) const { return ReplyView(r_->element[i]); }

 private:
  const redisReply* r_;
};

struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};

// An owned top-level reply.
class Reply {
 public:
  explicit Reply(redisReply* r) : r_(r) {}
  ReplyView view() const { return ReplyView(r_.get()); }
  // Shortcuts for the common single-level cases.
  bool is_nil() const { return view().is_nil(); }
  absl::string_view str() const { return view().str(); }
  std::optional<std::string> opt_str() const { return view().opt_str(); }
  long long integer() const { return view().integer(); }
  size_t size() const { return view().size(); }
  ReplyView operator[](size_t i) const { return view()[i]; }

 private:
  std::unique_ptr<redisReply, ReplyDeleter> r_;
};

}  // namespace devplan::redis
