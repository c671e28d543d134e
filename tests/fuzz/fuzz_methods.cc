#include "tests/fuzz/fuzz_methods.h"

#include <algorithm>
#include <cstdlib>

#include "devplan/v1/environment.pb.h"
#include "devplan/v1/investment.pb.h"
#include "devplan/v1/scorecard.pb.h"
#include "devplan/v1/social.pb.h"

namespace devplan::fuzz {
namespace {

namespace v1 = devplan::v1;

// Each service through a message of its own file, so the file is linked in (a static
// library contributes only what is referenced) and its descriptors are in the pool.
const google::protobuf::ServiceDescriptor* Service(const google::protobuf::Descriptor* message,
                                                   const char* name) {
  const google::protobuf::ServiceDescriptor* service = message->file()->FindServiceByName(name);
  if (service == nullptr) std::abort();
  return service;
}

// A stream of more messages adds nothing a mutation of fewer would not reach.
constexpr size_t kMaxStreamMessages = 4;

}  // namespace

const std::vector<FuzzedMethod>& FuzzedMethods() {
  static const auto* methods = [] {
    auto* out = new std::vector<FuzzedMethod>;
    for (const google::protobuf::ServiceDescriptor* service :
         {Service(v1::Project::descriptor(), "InvestmentService"),
          Service(v1::Station::descriptor(), "EnvironmentService"),
          Service(v1::Facility::descriptor(), "SocialService"),
          Service(v1::Plan::descriptor(), "ScorecardService")}) {
      for (int i = 0; i < service->method_count(); ++i) {
        const google::protobuf::MethodDescriptor* m = service->method(i);
        out->push_back({m, "/" + service->full_name() + "/" + m->name()});
      }
    }
    std::sort(out->begin(), out->end(),
              [](const FuzzedMethod& a, const FuzzedMethod& b) { return a.path < b.path; });
    return out;
  }();
  return *methods;
}

RequestInput SplitInput(const uint8_t* data, size_t size) {
  RequestInput in;
  if (size == 0) return in;
  const std::vector<FuzzedMethod>& methods = FuzzedMethods();
  in.method = &methods[data[0] % methods.size()];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (in.method->descriptor->client_streaming()) {
    while (in.messages.size() + 1 < kMaxStreamMessages && rest.size() >= 2) {
      const size_t n = static_cast<uint8_t>(rest[0]) | (static_cast<uint8_t>(rest[1]) << 8);
      if (n > rest.size() - 2) break;
      in.messages.push_back(rest.substr(2, n));
      rest.remove_prefix(2 + n);
    }
  }
  in.messages.push_back(rest);
  return in;
}

std::string JoinInput(size_t method_index, const std::vector<std::string>& messages) {
  std::string out(1, static_cast<char>(method_index));
  for (size_t i = 0; i + 1 < messages.size(); ++i) {
    out += static_cast<char>(messages[i].size() & 0xFF);
    out += static_cast<char>(messages[i].size() >> 8);
    out += messages[i];
  }
  if (!messages.empty()) out += messages.back();
  return out;
}

}  // namespace devplan::fuzz
