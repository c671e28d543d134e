#include "services/common/store/record_store.h"

#include <chrono>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "services/common/redis_keys.h"

namespace devplan::store {

RequestKey RequestKey::Of(const std::string& request_id, const google::protobuf::Message& request) {
  if (request_id.empty()) return {};
  return {request_id, Fingerprint(request)};
}

Mutation RecordStore::NewMutation(const std::string& district, const RequestKey& request) const {
  Mutation m(service_, district);
  if (!request.request_id.empty()) m.WithRequestId(request.request_id, request.fingerprint);
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
