#include "services/common/auth/policy.h"

#include <fstream>
#include <sstream>

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/district.h"
#include "services/common/validation.h"

namespace devplan::auth {
namespace {

// Names travel in certificates (URI SAN) and tokens (sub): a conservative alphabet.
absl::Status ValidateName(absl::string_view name, absl::string_view field) {
  if (name.empty() || name.size() > kMaxNameBytes) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": 1 to ", kMaxNameBytes, " characters"));
  }
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') {
      return absl::InvalidArgumentError(
          absl::StrCat(field, " ", QuoteForError(name), ": only letters, digits, '.', '_' and '-'"));
    }
  }
  return absl::OkStatus();
}

// The parser's first complaint, with its place (1-based line:column).
struct FirstError : google::protobuf::io::ErrorCollector {
  void AddError(int line, int column, const std::string& message) override {
    if (!what.empty()) return;
    where = absl::StrCat(line + 1, ":", column + 1);
    what = message;
  }
  std::string where, what;
};

}  // namespace

absl::StatusOr<Policy> Policy::FromProto(const v1::AccessPolicy& policy, const Permissions& known) {
  if (policy.roles_size() > kMaxRoles || policy.identities_size() > kMaxIdentities ||
      policy.bindings_size() > kMaxBindings) {
    return absl::InvalidArgumentError(absl::StrCat("at most ", kMaxRoles, " roles, ", kMaxIdentities,
                                                   " identities and ", kMaxBindings, " bindings"));
  }
  std::map<std::string, std::set<std::string>, std::less<>> roles;
  for (int i = 0; i < policy.roles_size(); ++i) {
    const v1::Role& role = policy.roles(i);
    const std::string field = absl::StrCat("roles[", i, "]");
    if (absl::Status s = ValidateName(role.name(), field + ".name"); !s.ok()) return s;
    if (roles.contains(role.name())) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".name: role '", role.name(), "' twice"));
    }
    if (role.permissions().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".permissions: a role grants something"));
    }
    for (int p = 0; p < role.permissions_size(); ++p) {
      if (!known.Declares(role.permissions(p))) {
        return absl::InvalidArgumentError(absl::StrCat(field, ".permissions[", p, "]: ",
                                                       QuoteForError(role.permissions(p)),
                                                       " is no RPC's permission"));
      }
    }
    roles[role.name()] = {role.permissions().begin(), role.permissions().end()};
  }
  Policy out;
  for (int i = 0; i < policy.identities_size(); ++i) {
    const v1::Identity& identity = policy.identities(i);
    const std::string field = absl::StrCat("identities[", i, "]");
    if (absl::Status s = ValidateName(identity.name(), field + ".name"); !s.ok()) return s;
    if (identity.department().size() > 4 * kMaxNameBytes) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".department: too long"));
    }
    if (!out.identities_.emplace(identity.name(), identity).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".name: identity '", identity.name(), "' twice"));
    }
  }
  for (int i = 0; i < policy.bindings_size(); ++i) {
    const v1::Binding& binding = policy.bindings(i);
    const std::string field = absl::StrCat("bindings[", i, "]");
    auto role = roles.find(binding.role());
    if (role == roles.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".role: no role ", QuoteForError(binding.role())));
    }
    if (binding.identities().empty() || binding.districts().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": a binding names at least one identity and one district ('*': all)"));
    }
    DistrictScope scope;
    for (int d = 0; d < binding.districts_size(); ++d) {
      const std::string& district = binding.districts(d);
      if (district == "*") {
        scope.all = true;
        continue;
      }
      if (absl::Status s = ValidateDistrict(district, absl::StrCat(field, ".districts[", d, "]"));
          !s.ok()) {
        return s;
      }
      scope.districts.insert(district);
    }
    for (int m = 0; m < binding.identities_size(); ++m) {
      const std::string& name = binding.identities(m);
      if (!out.identities_.contains(name)) {
        return absl::InvalidArgumentError(absl::StrCat(field, ".identities[", m, "]: no identity ",
                                                       QuoteForError(name)));
      }
      for (const std::string& permission : role->second) {
        DistrictScope& held = out.grants_[name][permission];
        held.all = held.all || scope.all;
        held.districts.insert(scope.districts.begin(), scope.districts.end());
      }
    }
  }
  return out;
}

absl::StatusOr<Policy> Policy::Load(const std::string& path, const Permissions& known) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("access policy ", path, ": cannot be read"));
  std::string text(kMaxPolicyBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxPolicyBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("access policy ", path, ": larger than ", kMaxPolicyBytes, " bytes"));
  }
  v1::AccessPolicy proto;
  FirstError error;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&error);
  if (!parser.ParseFromString(text, &proto)) {
    return absl::InvalidArgumentError(
        absl::StrCat("access policy ", path, ":", error.where, ": ", error.what));
  }
  absl::StatusOr<Policy> policy = FromProto(proto, known);
  if (!policy.ok()) {
    return absl::Status(policy.status().code(),
                        absl::StrCat("access policy ", path, ": ", policy.status().message()));
  }
  return policy;
}

const v1::Identity* Policy::FindIdentity(absl::string_view name) const {
  auto it = identities_.find(name);
  return it == identities_.end() ? nullptr : &it->second;
}

std::optional<DistrictScope> Policy::Scope(absl::string_view identity,
                                           absl::string_view permission) const {
  auto by_identity = grants_.find(identity);
  if (by_identity == grants_.end()) return std::nullopt;
  auto it = by_identity->second.find(permission);
  if (it == by_identity->second.end()) return std::nullopt;
  return it->second;
}

}  // namespace devplan::auth
