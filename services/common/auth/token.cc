#include "services/common/auth/token.h"

#include <jwt.h>

#include <cerrno>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"

namespace devplan::auth {
namespace {

struct JwtFree {
  void operator()(jwt_t* j) const { jwt_free(j); }
};
using Jwt = std::unique_ptr<jwt_t, JwtFree>;

absl::Status Unauthenticated(absl::string_view why) {
  return absl::UnauthenticatedError(absl::StrCat("bearer token refused: ", why));
}

// `aud` is a string or a list of strings (RFC 7519 §4.1.3).
bool HasAudience(jwt_t* jwt, const std::string& audience) {
  if (const char* one = jwt_get_grant(jwt, "aud"); one != nullptr) return audience == one;
  std::unique_ptr<char, decltype(&free)> json(jwt_get_grants_json(jwt, "aud"), &free);
  if (json == nullptr) return false;
  google::protobuf::ListValue list;
  if (!google::protobuf::util::JsonStringToMessage(json.get(), &list).ok()) return false;
  for (const google::protobuf::Value& v : list.values()) {
    if (v.string_value() == audience) return true;
  }
  return false;
}

// A numeric date claim; nullopt when absent (libjwt answers 0 with errno ENOENT).
std::optional<absl::Time> DateClaim(jwt_t* jwt, const char* claim) {
  errno = 0;
  const long seconds = jwt_get_grant_int(jwt, claim);
  if (errno != 0) return std::nullopt;
  return absl::FromUnixSeconds(seconds);
}

}  // namespace

// What a verified token stands for until it expires.
struct TokenVerifier::Verified {
  std::string subject;
  absl::Time expires;
  absl::Time not_before = absl::InfinitePast();
};

struct TokenVerifier::Cache {
  std::mutex mu;
  absl::flat_hash_map<std::string, Verified> tokens;
};

TokenVerifier::TokenVerifier(std::string public_key_pem, std::string audience, std::string issuer)
    : cache_(std::make_shared<Cache>()),
      key_(std::move(public_key_pem)),
      audience_(std::move(audience)),
      issuer_(std::move(issuer)) {}

size_t TokenVerifier::verified_tokens() const {
  std::lock_guard lock(cache_->mu);
  return cache_->tokens.size();
}

absl::StatusOr<TokenVerifier> TokenVerifier::FromFile(const std::string& path, std::string audience,
                                                      std::string issuer) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("token public key ", path, ": cannot be read"));
  std::stringstream pem;
  pem << in.rdbuf();
  if (pem.str().find("-----BEGIN PUBLIC KEY-----") == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("token public key ", path, ": not a PEM public key (BEGIN PUBLIC KEY)"));
  }
  return TokenVerifier(pem.str(), std::move(audience), std::move(issuer));
}

absl::StatusOr<std::string> TokenVerifier::Verify(absl::string_view token, absl::Time now) const {
  if (token.empty()) return Unauthenticated("empty");
  if (token.size() > kMaxTokenBytes) return Unauthenticated(absl::StrCat("longer than ", kMaxTokenBytes, " bytes"));
  std::optional<Verified> known;
  {
    std::lock_guard lock(cache_->mu);
    if (auto it = cache_->tokens.find(token); it != cache_->tokens.end()) known = it->second;
  }
  if (!known) {
    const std::string copy(token);
    absl::StatusOr<Verified> verified = Decode(copy);
    if (!verified.ok()) return verified.status();
    known = *verified;
    std::lock_guard lock(cache_->mu);
    if (cache_->tokens.size() >= kMaxVerifiedTokens) cache_->tokens.clear();
    cache_->tokens.emplace(copy, *std::move(verified));
  }
  // The time window is checked on every call, verified before or not.
  if (now > known->expires + kClockLeeway) return Unauthenticated("expired");
  if (now + kClockLeeway < known->not_before) return Unauthenticated("not valid yet (nbf)");
  return known->subject;
}

absl::StatusOr<TokenVerifier::Verified> TokenVerifier::Decode(const std::string& token) const {
  jwt_t* raw = nullptr;  // libjwt wants a NUL-terminated string: `token` is one
  if (jwt_decode(&raw, token.c_str(), reinterpret_cast<const unsigned char*>(key_.data()),
                 static_cast<int>(key_.size())) != 0 ||
      raw == nullptr) {
    return Unauthenticated("malformed, or its signature does not verify");
  }
  Jwt jwt(raw);
  // After decoding, not before: libjwt verifies with whatever algorithm the token's header
  // names, and an HS256 token "signed" with the public key as its secret would verify.
  if (jwt_get_alg(jwt.get()) != JWT_ALG_RS256) return Unauthenticated("not signed RS256");
  const char* issuer = jwt_get_grant(jwt.get(), "iss");
  if (issuer == nullptr || issuer_ != issuer) return Unauthenticated("another issuer");
  if (!HasAudience(jwt.get(), audience_)) {
    return Unauthenticated(absl::StrCat("not meant for audience '", audience_, "'"));
  }
  std::optional<absl::Time> expires = DateClaim(jwt.get(), "exp");
  if (!expires) return Unauthenticated("no expiry (exp)");
  const char* subject = jwt_get_grant(jwt.get(), "sub");
  if (subject == nullptr || *subject == '\0') return Unauthenticated("no subject (sub)");
  Verified v{.subject = subject, .expires = *expires};
  if (std::optional<absl::Time> not_before = DateClaim(jwt.get(), "nbf")) v.not_before = *not_before;
  return v;
}

}  // namespace devplan::auth
