#include "services/common/request_id.h"

#include <random>

#include "absl/strings/ascii.h"

namespace devplan {

bool IsValidRequestId(absl::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdHeaderBytes) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != ':' && c != '-') {
      return false;
    }
  }
  return true;
}

std::string NewRequestId() {
  // Unique enough to find one request's lines, not a secret: a per-thread generator seeded
  // once from the kernel.
  thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t bits = engine();
  std::string id(16, '0');
  for (char& c : id) {
    c = kHex[bits & 0xf];
    bits >>= 4;
  }
  return id;
}

std::string RequestIdOf(const grpc::ServerContextBase& context) {
  auto it = context.client_metadata().find(kRequestIdHeader);
  if (it == context.client_metadata().end()) return "";
  return std::string(it->second.data(), it->second.size());
}

}  // namespace devplan
