#include "services/common/store/record_store.h"

#include <chrono>
#include <memory>
#include <random>
#include <thread>

#include <google/protobuf/descriptor.h>

#include "absl/strings/str_cat.h"
#include "services/common/redis_keys.h"

namespace devplan::store {

RequestKey RequestKey::Of(const std::string& request_id, const google::protobuf::Message& request) {
  RequestKey key;
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("validate_only");
  if (field != nullptr && field->type() == google::protobuf::FieldDescriptor::TYPE_BOOL) {
    key.validate_only = request.GetReflection()->GetBool(request, field);
  }
  if (request_id.empty()) return key;
  key.request_id = request_id;
  if (!key.validate_only) {
    key.fingerprint = Fingerprint(request);
    return key;
  }
  std::unique_ptr<google::protobuf::Message> as_written(request.New());
  as_written->CopyFrom(request);
  as_written->GetReflection()->ClearField(as_written.get(), field);
  key.fingerprint = Fingerprint(*as_written);
  return key;
}

Mutation RecordStore::NewMutation(const std::string& district, const RequestKey& request) const {
  Mutation m(service_, district);
  if (!request.request_id.empty()) m.WithRequestId(request.request_id, request.fingerprint);
  m.ValidateOnly(request.validate_only);
  return m;
}

absl::Status RecordStore::Put(Mutation mutation) { return mutation.Apply(pool_).status(); }

absl::StatusOr<bool> RecordStore::AlreadyApplied(const std::string& district,
                                                 const RequestKey& request) {
  if (request.request_id.empty()) return false;
  ASSIGN_OR_RETURN(redis::Reply r,
                   pool_.Run({"GET", keys::RequestId(service_, district, request.request_id)},
                             redis::Resend::kSafe));
  if (r.is_nil()) return false;
  if (r.str() == request.fingerprint) return true;
  return RequestIdReused(request.request_id);
}

void RecordStore::BackOff(int attempt) {
  thread_local std::minstd_rand jitter{std::random_device{}()};
  const int ceiling_ms = std::min(1 << attempt, 50);
  std::this_thread::sleep_for(
      std::chrono::milliseconds(std::uniform_int_distribution<int>(0, ceiling_ms)(jitter)));
}

}  // namespace devplan::store
