// The access policy (deploy/auth/policy.textproto, devplan.v1.AccessPolicy): who may do what,
// in which districts. Loaded and checked whole at start: a server does not start on a policy
// it cannot fully understand, so a typo never silently grants or withholds access.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "devplan/v1/access.pb.h"
#include "services/common/auth/permissions.h"

namespace devplan::auth {

// Limits on a policy file (README, limits).
inline constexpr size_t kMaxPolicyBytes = 1 << 20;
inline constexpr int kMaxRoles = 200;
inline constexpr int kMaxIdentities = 10'000;
inline constexpr int kMaxBindings = 10'000;
inline constexpr size_t kMaxNameBytes = 64;

// Where a permission is held: every district, or these.
struct DistrictScope {
  bool all = false;
  std::set<std::string, std::less<>> districts;
  bool Covers(absl::string_view district) const { return all || districts.contains(district); }
};

class Policy {
 public:
  // Every permission must be one some RPC declares (`known`).
  static absl::StatusOr<Policy> FromProto(const v1::AccessPolicy& policy, const Permissions& known);
  // Reads and parses the textproto file, then FromProto. Errors name the file.
  static absl::StatusOr<Policy> Load(const std::string& path, const Permissions& known);

  // The identity by name; nullptr if the policy does not know it.
  const v1::Identity* FindIdentity(absl::string_view name) const;
  // Where `identity` holds `permission`; nullopt where it holds it nowhere.
  std::optional<DistrictScope> Scope(absl::string_view identity, absl::string_view permission) const;

 private:
  std::map<std::string, v1::Identity, std::less<>> identities_;
  // identity → permission → districts
  std::map<std::string, std::map<std::string, DistrictScope, std::less<>>, std::less<>> grants_;
};

}  // namespace devplan::auth
