// Which permission each RPC needs, read from the one place it is declared: the
// option (devplan.v1.access) on the method in protos/devplan/v1/*.proto. A method without it
// cannot be served (the table refuses to build), and a method not in the table is denied.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace devplan::auth {

struct MethodAccess {
  std::string permission;               // "investment.projects.create"
  std::vector<std::string> district_path;  // {"project", "district"}; empty: no district
  bool writes = false;
};

// Methods anyone may call, credentials or not: orchestrators' health checks.
inline constexpr absl::string_view kHealthService = "grpc.health.v1.Health";

class Permissions {
 public:
  // The four devplan services' methods (every permission a policy may name).
  static absl::StatusOr<Permissions> All();
  // Only the methods of the services named ("devplan.v1.InvestmentService", …).
  static absl::StatusOr<Permissions> ForServices(const std::vector<std::string>& services);

  // By the call's path, "/devplan.v1.InvestmentService/CreateProject"; nullptr if unknown.
  const MethodAccess* Find(absl::string_view path) const;
  bool Declares(absl::string_view permission) const { return permissions_.contains(permission); }
  const std::set<std::string, std::less<>>& permissions() const { return permissions_; }
  size_t methods() const { return by_path_.size(); }

 private:
  absl::flat_hash_map<std::string, MethodAccess> by_path_;
  std::set<std::string, std::less<>> permissions_;
};

}  // namespace devplan::auth
