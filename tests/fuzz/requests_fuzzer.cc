// fuzz_requests: bytes → any RPC of the four services, over real gRPC, to the real services
// running in this process on a private redis-server (tests/support SuiteFixture), so every
// request is checked exactly as a client's would be: body parsing, the status guard, each
// handler's validation and what it does with a request that passes. Input: fuzz_methods.h.
// Invariants: no answer is INTERNAL, UNKNOWN, DATA_LOSS, UNIMPLEMENTED (a body that does not
// parse is INVALID_ARGUMENT) or UNAVAILABLE (Redis and every service are up); a status
// message is at most the status guard's 4 KiB plus its "(N bytes, cut)" note, and UTF-8; and
// every server still answers its health check (every 256 inputs, and after any call that ran
// into its deadline).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "services/common/status_guard.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/fuzz_methods.h"
#include "tests/support/suite_fixture.h"

namespace {

using devplan::fuzz::FuzzedMethod;

// Long enough for the slowest legitimate request (a scorecard fans out to three services
// under a 1.5 s deadline of its own), short enough that a hang costs little.
constexpr auto kCallDeadline = std::chrono::seconds(3);
// The guard cuts a message to kMaxStatusMessageBytes - 64 and appends "… (N bytes, cut)".
constexpr size_t kMaxStatusBytes = devplan::kMaxStatusMessageBytes + 64;

struct Suite {
  // A fixed "today" so an input means the same on every run: late in a plan year, so dates
  // of that year are in the past and the next year's are in the future.
  devplan::testing::SuiteFixture fixture{
      devplan::Clock::FixedDay(absl::CivilDay(2024, 10, 15))};
  std::map<std::string, std::unique_ptr<grpc::GenericStub>> stubs;  // by service full name
  uint64_t calls = 0;
  std::map<grpc::StatusCode, uint64_t> codes;

  Suite() {
    for (const auto& [service, address] :
         {std::pair{"devplan.v1.InvestmentService", fixture.investment_address()},
          std::pair{"devplan.v1.EnvironmentService", fixture.environment_address()},
          std::pair{"devplan.v1.SocialService", fixture.social_address()},
          std::pair{"devplan.v1.ScorecardService", fixture.scorecard_address()}}) {
      stubs[service] = std::make_unique<grpc::GenericStub>(
          grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
    }
  }
};

Suite* suite = nullptr;

void* Tag(intptr_t n) { return reinterpret_cast<void*>(n); }

// Waits for the one operation in flight on `cq`; whether it succeeded.
bool Await(grpc::CompletionQueue& cq) {
  void* tag = nullptr;
  bool ok = false;
  if (!cq.Next(&tag, &ok)) devplan::fuzz::Violated("completion queue shut down mid-call");
  return ok;
}

// One call: every message sent, the answer read (a server stream's first message only, then
// the call is cancelled: a watch never ends by itself). Its status, and whether it was
// cancelled here.
std::pair<grpc::Status, bool> Call(const FuzzedMethod& method,
                                   const std::vector<std::string_view>& messages) {
  grpc::GenericStub& stub = *suite->stubs.at(method.descriptor->service()->full_name());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
  grpc::CompletionQueue cq;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&ctx, method.path, &cq);
  call->StartCall(Tag(1));
  bool open = Await(cq);
  for (std::string_view m : messages) {
    if (!open) break;
    grpc::Slice slice(m.data(), m.size());
    grpc::ByteBuffer buffer(&slice, 1);
    call->Write(buffer, Tag(2));
    open = Await(cq);  // false: the server has already finished the call
  }
  if (open) {
    call->WritesDone(Tag(3));
    Await(cq);
  }
  grpc::ByteBuffer answer;
  call->Read(&answer, Tag(4));
  const bool got_message = Await(cq);
  const bool cancelled_here = got_message && method.descriptor->server_streaming();
  if (cancelled_here) ctx.TryCancel();
  grpc::Status status;
  call->Finish(&status, Tag(5));
  Await(cq);
  cq.Shutdown();
  void* tag;
  bool ok;
  while (cq.Next(&tag, &ok)) {
  }
  return {status, cancelled_here};
}

// Every server answers grpc.health.v1.Health/Check with SERVING (the reply's bytes: field 1,
// varint 1).
void CheckAlive() {
  for (auto& [service, stub] : suite->stubs) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    grpc::CompletionQueue cq;
    auto call = stub->PrepareCall(&ctx, "/grpc.health.v1.Health/Check", &cq);
    call->StartCall(Tag(1));
    bool ok = Await(cq);
    // HealthCheckRequest{service: ""}: the empty message (a default ByteBuffer is no message).
    grpc::Slice nothing("", 0);
    grpc::ByteBuffer empty(&nothing, 1);
    if (ok) {
      call->Write(empty, Tag(2));
      ok = Await(cq);
    }
    if (ok) {
      call->WritesDone(Tag(3));
      Await(cq);
    }
    grpc::ByteBuffer reply;
    call->Read(&reply, Tag(4));
    const bool got = Await(cq);
    grpc::Status status;
    call->Finish(&status, Tag(5));
    Await(cq);
    cq.Shutdown();
    void* tag;
    bool more;
    while (cq.Next(&tag, &more)) {
    }
    std::vector<grpc::Slice> slices;
    std::string bytes;
    if (got && reply.Dump(&slices).ok()) {
      for (const grpc::Slice& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
    DEVPLAN_FUZZ_CHECK(status.ok() && bytes == std::string("\x08\x01", 2),
                       absl::StrCat(service, " health: ", status.error_code(), " ",
                                    status.error_message()));
  }
}

void PrintCodes() {
  if (suite == nullptr) return;
  std::fprintf(stderr, "fuzz_requests: %llu calls;", static_cast<unsigned long long>(suite->calls));
  for (const auto& [code, n] : suite->codes) {
    std::fprintf(stderr, " code %d: %llu", static_cast<int>(code), static_cast<unsigned long long>(n));
  }
  std::fprintf(stderr, "\n");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  devplan::fuzz::SilenceLibraryLogs();
  suite = new Suite;
  // Ends the servers and redis-server (and removes its directory) when the run ends.
  std::atexit([] {
    PrintCodes();
    delete suite;
    suite = nullptr;
  });
  CheckAlive();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const devplan::fuzz::RequestInput in = devplan::fuzz::SplitInput(data, size);
  if (in.method == nullptr) return 0;
  const auto [status, cancelled_here] = Call(*in.method, in.messages);
  ++suite->calls;
  ++suite->codes[status.error_code()];
  if (!cancelled_here) {
    const grpc::StatusCode code = status.error_code();
    const std::string what = absl::StrCat(in.method->path, " answered ", code, ": ",
                                          status.error_message());
    DEVPLAN_FUZZ_CHECK(code != grpc::StatusCode::INTERNAL && code != grpc::StatusCode::UNKNOWN &&
                           code != grpc::StatusCode::DATA_LOSS &&
                           code != grpc::StatusCode::UNIMPLEMENTED &&
                           code != grpc::StatusCode::UNAVAILABLE,
                       what);
    devplan::fuzz::CheckMessage(status.error_message(), kMaxStatusBytes);
    if (code == grpc::StatusCode::DEADLINE_EXCEEDED) CheckAlive();
  }
  if (suite->calls % 256 == 0) CheckAlive();
  return 0;
}
