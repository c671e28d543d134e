#include "services/common/auth/authorizer.h"

#include <grpc/grpc_security_constants.h>

#include <mutex>
#include <utility>

#include <spdlog/spdlog.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/common/call_scope.h"
#include "services/common/grpc_glue.h"
#include "services/common/request_id.h"
#include "services/common/telemetry.h"
#include "services/common/validation.h"

namespace devplan::auth {
namespace {

// The district code in a field value: the code itself, or the one of a resource name.
absl::string_view DistrictOf(absl::string_view value) {
  if (absl::ConsumePrefix(&value, "districts/")) return value.substr(0, value.find('/'));
  return value;
}

// Every value of the string field at `path` (through singular messages; the last may repeat).
std::vector<std::string> FieldValues(const google::protobuf::Message& request,
                                     const std::vector<std::string>& path) {
  const google::protobuf::Message* message = &request;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    const google::protobuf::FieldDescriptor* f = message->GetDescriptor()->FindFieldByName(path[i]);
    if (f == nullptr) return {};
    message = &message->GetReflection()->GetMessage(*message, f);
  }
  const google::protobuf::FieldDescriptor* f = message->GetDescriptor()->FindFieldByName(path.back());
  if (f == nullptr) return {};
  const google::protobuf::Reflection& r = *message->GetReflection();
  if (!f->is_repeated()) return {r.GetString(*message, f)};
  std::vector<std::string> out;
  for (int i = 0; i < r.FieldSize(*message, f); ++i) out.push_back(r.GetRepeatedString(*message, f, i));
  return out;
}

}  // namespace

// What Resolve found: the method's rule, who calls, where they hold its permission.
struct Authorizer::Grant {
  const MethodAccess* access = nullptr;  // nullptr: a health check (anyone)
  Caller caller;
  DistrictScope scope;
};

Authorizer::Authorizer(Permissions permissions, std::shared_ptr<const Policy> policy,
                       std::optional<TokenVerifier> tokens)
    : permissions_(std::move(permissions)), policy_(std::move(policy)), tokens_(std::move(tokens)) {}

grpc::Status Authorizer::Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                                 OutputMetadata*, OutputMetadata*) {
  auto value = [&](const char* key) -> std::optional<absl::string_view> {
    auto it = auth_metadata.find(key);
    if (it == auth_metadata.end()) return std::nullopt;
    return absl::string_view(it->second.data(), it->second.size());
  };
  // The token stays on the call (not consumed): Admit verifies it again where the handler
  // has the request. Nothing logs a call's metadata (request_log.cc).
  std::optional<std::string> certified = CertificateIdentity(*context);
  const absl::string_view path = value(":path").value_or("");
  absl::Status decision = Decide(path, value("authorization"),
                                 certified ? std::optional<absl::string_view>(*certified) : std::nullopt);
  if (!decision.ok()) {
    // Refused before the request log settles an id: the client's own, when it is fit, lets it
    // find this line; a generated one would match nothing it knows.
    CallIdentity refused;
    if (std::optional<absl::string_view> id = value(kRequestIdHeader); id && IsValidRequestId(*id)) {
      refused.trace_id = std::string(*id);
    }
    CallScope scope(std::move(refused));
    refusals_.Record(path, decision, certified.value_or(""));
  }
  return ToGrpcStatus(decision);
}

void RefusalLog::Record(absl::string_view path, const absl::Status& refusal, absl::string_view certified) {
  (refusal.code() == absl::StatusCode::kUnauthenticated ? unauthenticated_ : permission_denied_)
      .fetch_add(1, std::memory_order_relaxed);
  if (telemetry::Metrics* m = telemetry::Active()) m->AuthRefused(static_cast<int>(refusal.code()));
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  uint64_t unlogged = 0;
  {
    std::lock_guard lock(mu_);
    if (now != second_) {
      second_ = now;
      lines_ = 0;
    }
    if (lines_ >= kLinesPerSecond) {
      ++unlogged_;
      return;
    }
    ++lines_;
    unlogged = std::exchange(unlogged_, 0);
  }
  spdlog::warn("refused method={} certificate_identity={} code={} message={}{}", QuoteForError(path),
               certified.empty() ? "none" : QuoteForError(certified), absl::StatusCodeToString(refusal.code()),
               std::string(refusal.message()),
               unlogged ? absl::StrCat(" (and ", unlogged, " refusals not logged before this one)") : "");
}

RefusalCounts RefusalLog::counts() const {
  return {.unauthenticated = unauthenticated_.load(std::memory_order_relaxed),
          .permission_denied = permission_denied_.load(std::memory_order_relaxed)};
}

absl::StatusOr<Authorizer::Grant> Authorizer::Resolve(
    absl::string_view path, std::optional<absl::string_view> authorization,
    std::optional<absl::string_view> certificate_identity) const {
  if (absl::StartsWith(path, absl::StrCat("/", kHealthService, "/"))) return Grant{};
  const MethodAccess* access = permissions_.Find(path);
  if (access == nullptr) {
    return absl::PermissionDeniedError(
        absl::StrCat("method ", QuoteForError(path), " declares no permission: denied"));
  }
  // A token, when sent, is who calls: a gateway with its own certificate may call for a user.
  std::string identity;
  if (authorization) {
    absl::string_view token = *authorization;
    if (!absl::ConsumePrefix(&token, "Bearer ")) {
      return absl::UnauthenticatedError("authorization: only 'Bearer <token>' is accepted");
    }
    if (!tokens_) return absl::UnauthenticatedError("this server accepts no bearer tokens");
    absl::StatusOr<std::string> subject = tokens_->Verify(token, absl::Now());
    if (!subject.ok()) return subject.status();
    identity = *std::move(subject);
  } else if (certificate_identity) {
    identity = std::string(*certificate_identity);
  } else {
    return absl::UnauthenticatedError(absl::StrCat(
        "no credentials: present a client certificate with URI SAN ", kIdentityUriPrefix,
        "<name>, or a bearer token"));
  }
  const v1::Identity* known = policy_->FindIdentity(identity);
  if (known == nullptr) {
    return absl::PermissionDeniedError(
        absl::StrCat("identity ", QuoteForError(identity), " is not in the access policy"));
  }
  std::optional<DistrictScope> scope = policy_->Scope(identity, access->permission);
  if (!scope) {
    return absl::PermissionDeniedError(absl::StrCat("identity '", identity, "' lacks permission ",
                                                    access->permission, " (", path, ")"));
  }
  return Grant{.access = access,
               .caller = {.identity = std::move(identity), .department = known->department()},
               .scope = *std::move(scope)};
}

absl::Status Authorizer::Decide(absl::string_view path, std::optional<absl::string_view> authorization,
                                std::optional<absl::string_view> certificate_identity) const {
  return Resolve(path, authorization, certificate_identity).status();
}

absl::StatusOr<Caller> Authorizer::Admit(absl::string_view path,
                                         std::optional<absl::string_view> authorization,
                                         std::optional<absl::string_view> certificate_identity,
                                         google::protobuf::Message& request) const {
  absl::StatusOr<Grant> grant = Resolve(path, authorization, certificate_identity);
  if (!grant.ok()) return grant.status();
  if (grant->access == nullptr) return grant->caller;  // health
  const Caller& caller = grant->caller;
  const MethodAccess& access = *grant->access;
  if (!access.district_path.empty() && !grant->scope.all) {
    for (const std::string& value : FieldValues(request, access.district_path)) {
      absl::string_view district = DistrictOf(value);
      if (!grant->scope.Covers(district)) {
        return absl::PermissionDeniedError(absl::StrCat(
            "identity '", caller.identity, "' may not do this in district ", QuoteForError(district),
            " (", absl::StrJoin(access.district_path, "."), ")"));
      }
    }
  }
  if (!access.writes) return caller;
  const google::protobuf::FieldDescriptor* reported_by =
      request.GetDescriptor()->FindFieldByName("reported_by");
  if (reported_by == nullptr || reported_by->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      reported_by->is_repeated()) {
    return caller;
  }
  const google::protobuf::Reflection& r = *request.GetReflection();
  const std::string claimed = r.GetString(request, reported_by);
  if (claimed.empty()) {
    if (!caller.department.empty()) r.SetString(&request, reported_by, caller.department);
    return caller;
  }
  if (claimed != caller.department) {
    return absl::PermissionDeniedError(absl::StrCat(
        "reported_by ", QuoteForError(claimed), " is not the department of identity '", caller.identity,
        "' (", caller.department.empty() ? std::string("none") : caller.department, ")"));
  }
  return caller;
}

namespace {

std::mutex installed_mu;

std::shared_ptr<const Authorizer>& InstalledSlot() {
  static auto* slot = new std::shared_ptr<const Authorizer>();
  return *slot;
}

}  // namespace

void Authorizer::Install(std::shared_ptr<const Authorizer> authorizer) {
  std::lock_guard lock(installed_mu);
  InstalledSlot() = std::move(authorizer);
}

std::shared_ptr<const Authorizer> Authorizer::Installed() {
  std::lock_guard lock(installed_mu);
  return InstalledSlot();
}

std::optional<std::string> CertificateIdentity(const grpc::AuthContext& context) {
  for (const grpc::string_ref& uri : context.FindPropertyValues(GRPC_PEER_URI_PROPERTY_NAME)) {
    absl::string_view v(uri.data(), uri.size());
    if (absl::ConsumePrefix(&v, kIdentityUriPrefix) && !v.empty()) return std::string(v);
  }
  return std::nullopt;
}

bool IsTls(const grpc::AuthContext* context) {
  if (context == nullptr) return false;
  for (const grpc::string_ref& type : context->FindPropertyValues(GRPC_TRANSPORT_SECURITY_TYPE_PROPERTY_NAME)) {
    if (absl::string_view(type.data(), type.size()) == GRPC_SSL_TRANSPORT_SECURITY_TYPE) return true;
  }
  return false;
}

}  // namespace devplan::auth
