// Bearer tokens: JWTs signed RS256 by the suite's token issuer (scripts/dev-certs.sh makes a
// development one), verified with its public key. A verified token names an identity of the
// policy in its `sub` claim.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace devplan::auth {

inline constexpr size_t kMaxTokenBytes = 4096;
// Clocks of issuer and server may differ this much.
inline constexpr absl::Duration kClockLeeway = absl::Seconds(30);
// Tokens whose signature and claims were verified, kept so a client's next calls with the
// same token cost a lookup and a time check instead of an RSA verification and a PEM parse
// (libjwt parses the key on every decode): measured, that was most of what TLS with a token
// added to a cached scorecard. Only verified tokens enter, so filling it takes the issuer's
// key; when full it is emptied.
inline constexpr size_t kMaxVerifiedTokens = 10'000;

class TokenVerifier {
 public:
  // `public_key_pem`: the issuer's RSA public key. `audience`: what `aud` must be (or contain).
  TokenVerifier(std::string public_key_pem, std::string audience, std::string issuer);
  // Reads the key from a file; NOT_FOUND / INVALID_ARGUMENT naming it.
  static absl::StatusOr<TokenVerifier> FromFile(const std::string& path, std::string audience,
                                                std::string issuer);

  // The token's subject when its signature (RS256 only), issuer, audience and time window
  // hold; UNAUTHENTICATED saying which did not. A token verified before is only checked
  // against its time window again. Thread-safe.
  absl::StatusOr<std::string> Verify(absl::string_view token, absl::Time now) const;

  size_t verified_tokens() const;  // how many are kept (tests)

 private:
  struct Verified;
  absl::StatusOr<Verified> Decode(const std::string& token) const;
  struct Cache;
  std::shared_ptr<Cache> cache_;  // shared by copies: one verifier, one cache
  std::string key_;
  std::string audience_;
  std::string issuer_;
};

}  // namespace devplan::auth
