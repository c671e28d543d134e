#include "services/gateway/proto_json.h"

#include <memory>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver_util.h>

#include "absl/strings/str_cat.h"

namespace devplan::gateway {
namespace {

constexpr char kTypeUrlPrefix[] = "type.googleapis.com";

google::protobuf::util::TypeResolver& Resolver() {
  // Thread-safe once built; lives as long as the process (the generated pool does too).
  static google::protobuf::util::TypeResolver* const resolver =
      google::protobuf::util::NewTypeResolverForDescriptorPool(
          kTypeUrlPrefix, google::protobuf::DescriptorPool::generated_pool());
  return *resolver;
}

}  // namespace

absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message) {
  std::string wire;
  {
    google::protobuf::io::StringOutputStream out(&wire);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    if (!message.SerializeToCodedStream(&coded)) return absl::InternalError("the reply cannot be serialized");
  }
  std::string json;
  const auto status = google::protobuf::util::BinaryToJsonString(
      &Resolver(), absl::StrCat(kTypeUrlPrefix, "/", message.GetDescriptor()->full_name()), wire, &json);
  if (!status.ok()) return absl::InternalError(absl::StrCat("the reply cannot be printed as JSON: ", status.ToString()));
  return json;
}

}  // namespace devplan::gateway
