#include "services/common/auth/permissions.h"

#include <google/protobuf/descriptor.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "devplan/v1/access.pb.h"
#include "devplan/v1/environment.pb.h"
#include "devplan/v1/investment.pb.h"
#include "devplan/v1/scorecard.pb.h"
#include "devplan/v1/social.pb.h"

namespace devplan::auth {
namespace {

// The services' files, reached through one message of each: this also links their
// descriptors into every binary that checks permissions, whichever service it serves.
std::vector<const google::protobuf::FileDescriptor*> ServiceFiles() {
  return {v1::CreateProjectRequest::descriptor()->file(),
          v1::SubmitDailyAqiRequest::descriptor()->file(),
          v1::CreateFacilityRequest::descriptor()->file(),
          v1::PutPlanRequest::descriptor()->file()};
}

// The field path must lead through singular messages to a string field (or a repeated one
// at its end): a typo in an option is found at start, not at the first call.
absl::Status CheckPath(const google::protobuf::MethodDescriptor& method,
                       const std::vector<std::string>& path) {
  const google::protobuf::Descriptor* message = method.input_type();
  for (size_t i = 0; i < path.size(); ++i) {
    const google::protobuf::FieldDescriptor* field = message->FindFieldByName(path[i]);
    const bool last = i + 1 == path.size();
    if (field == nullptr || (!last && (field->is_repeated() ||
                                       field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE)) ||
        (last && field->type() != google::protobuf::FieldDescriptor::TYPE_STRING)) {
      return absl::InternalError(absl::StrCat(method.full_name(), ": district_field '",
                                              absl::StrJoin(path, "."), "' is not a string field of ",
                                              method.input_type()->full_name()));
    }
    if (!last) message = field->message_type();
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Permissions> Permissions::All() {
  std::vector<std::string> services;
  for (const google::protobuf::FileDescriptor* file : ServiceFiles()) {
    for (int i = 0; i < file->service_count(); ++i) services.push_back(file->service(i)->full_name());
  }
  return ForServices(services);
}

absl::StatusOr<Permissions> Permissions::ForServices(const std::vector<std::string>& services) {
  ServiceFiles();  // linked in
  Permissions out;
  const google::protobuf::DescriptorPool* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(name);
    if (service == nullptr) return absl::InternalError(absl::StrCat("unknown service ", name));
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor& method = *service->method(i);
      if (!method.options().HasExtension(v1::access)) {
        return absl::InternalError(absl::StrCat(method.full_name(),
                                                " declares no option (devplan.v1.access)"));
      }
      const v1::AccessRule& rule = method.options().GetExtension(v1::access);
      if (rule.permission().empty()) {
        return absl::InternalError(absl::StrCat(method.full_name(), " declares an empty permission"));
      }
      MethodAccess access;
      access.permission = rule.permission();
      access.writes = rule.writes();
      if (!rule.district_field().empty()) {
        access.district_path = absl::StrSplit(rule.district_field(), '.');
        if (absl::Status s = CheckPath(method, access.district_path); !s.ok()) return s;
      }
      out.permissions_.insert(access.permission);
      out.by_path_[absl::StrCat("/", service->full_name(), "/", method.name())] = std::move(access);
    }
  }
  return out;
}

const MethodAccess* Permissions::Find(absl::string_view path) const {
  auto it = by_path_.find(path);
  return it == by_path_.end() ? nullptr : &it->second;
}

}  // namespace devplan::auth
