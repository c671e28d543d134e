#include "services/common/auth/authorizer.h"

#include <grpc/grpc_security_constants.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/common/grpc_glue.h"
#include "services/common/validation.h"

namespace devplan::auth {
namespace {

std::optional<std::string> Property(const grpc::AuthContext* context, const char* name) {
  if (context == nullptr) return std::nullopt;
  std::vector<grpc::string_ref> values = context->FindPropertyValues(name);
  if (values.empty()) return std::nullopt;
  return std::string(values.front().data(), values.front().size());
}

// The identity named by the peer's certificate, if it carries one of ours.
std::optional<std::string> CertificateIdentity(const grpc::AuthContext& context) {
  for (const grpc::string_ref& uri : context.FindPropertyValues(GRPC_PEER_URI_PROPERTY_NAME)) {
    absl::string_view v(uri.data(), uri.size());
    if (absl::ConsumePrefix(&v, kIdentityUriPrefix) && !v.empty()) return std::string(v);
  }
  return std::nullopt;
}

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

Authorizer::Authorizer(Permissions permissions, std::shared_ptr<const Policy> policy,
                       std::optional<TokenVerifier> tokens)
    : permissions_(std::move(permissions)), policy_(std::move(policy)), tokens_(std::move(tokens)) {}

grpc::Status Authorizer::Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                                 OutputMetadata* consumed_auth_metadata, OutputMetadata*) {
  auto value = [&](const char* key) -> std::optional<absl::string_view> {
    auto it = auth_metadata.find(key);
    if (it == auth_metadata.end()) return std::nullopt;
    return absl::string_view(it->second.data(), it->second.size());
  };
  std::optional<absl::string_view> authorization = value("authorization");
  // The token is not passed on to the handler (nor to its logs).
  if (authorization) consumed_auth_metadata->emplace("authorization", std::string(*authorization));
  std::optional<std::string> certified = CertificateIdentity(*context);
  std::optional<absl::string_view> path = value(":path");
  return ToGrpcStatus(Decide(path.value_or(""), authorization,
                             certified ? std::optional<absl::string_view>(*certified) : std::nullopt,
                             context));
}

absl::Status Authorizer::Decide(absl::string_view path, std::optional<absl::string_view> authorization,
                                std::optional<absl::string_view> certificate_identity,
                                grpc::AuthContext* context) const {
  if (absl::StartsWith(path, absl::StrCat("/", kHealthService, "/"))) return absl::OkStatus();
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
  context->AddProperty(kIdentityProperty, identity);
  context->AddProperty(kMethodProperty, std::string(path));
  context->AddProperty(kDepartmentProperty, known->department());
  context->AddProperty(kWritesProperty, access->writes ? "1" : "0");
  context->AddProperty(kDistrictFieldProperty, absl::StrJoin(access->district_path, "."));
  if (scope->all) context->AddProperty(kDistrictsProperty, "*");
  for (const std::string& d : scope->districts) context->AddProperty(kDistrictsProperty, d);
  return absl::OkStatus();
}

absl::Status CheckRequest(const grpc::AuthContext* context, google::protobuf::Message& request) {
  std::optional<std::string> identity = Property(context, kIdentityProperty);
  if (!identity) return absl::OkStatus();  // not admitted by an Authorizer: no TLS, no policy
  const std::string field = Property(context, kDistrictFieldProperty).value_or("");
  if (!field.empty()) {
    std::set<std::string, std::less<>> held;
    for (const grpc::string_ref& d : context->FindPropertyValues(kDistrictsProperty)) {
      held.emplace(d.data(), d.size());
    }
    if (!held.contains("*")) {
      for (const std::string& value : FieldValues(request, absl::StrSplit(field, '.'))) {
        absl::string_view district = DistrictOf(value);
        if (!held.contains(district)) {
          return absl::PermissionDeniedError(absl::StrCat(
              "identity '", *identity, "' may not do this in district ", QuoteForError(district),
              " (", field, ")"));
        }
      }
    }
  }
  if (Property(context, kWritesProperty) != "1") return absl::OkStatus();
  const google::protobuf::FieldDescriptor* reported_by =
      request.GetDescriptor()->FindFieldByName("reported_by");
  if (reported_by == nullptr || reported_by->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      reported_by->is_repeated()) {
    return absl::OkStatus();
  }
  const std::string department = Property(context, kDepartmentProperty).value_or("");
  const google::protobuf::Reflection& r = *request.GetReflection();
  const std::string claimed = r.GetString(request, reported_by);
  if (claimed.empty()) {
    if (!department.empty()) r.SetString(&request, reported_by, department);
    return absl::OkStatus();
  }
  if (claimed != department) {
    return absl::PermissionDeniedError(absl::StrCat(
        "reported_by ", QuoteForError(claimed), " is not the department of identity '", *identity,
        "' (", department.empty() ? std::string("none") : department, ")"));
  }
  return absl::OkStatus();
}

std::string CallProperty(const grpc::AuthContext* context, const char* name) {
  return Property(context, name).value_or("");
}

std::string CallerIdentity(const grpc::AuthContext* context) {
  return Property(context, kIdentityProperty).value_or("");
}

}  // namespace devplan::auth
