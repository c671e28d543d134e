// Admission to the worker pool over real gRPC (FinishUnaryOn, and the hourly stream): with
// one worker and room for one waiting call, a further call is refused with
// RESOURCE_EXHAUSTED without running; a queued call that the client cancelled, or whose
// deadline passed, is answered without running its work; a stream already admitted keeps
// going while new work is refused.
//
// Calls are held on a worker with gates (tests/support/gate.h). The server's side of a call
// (that it saw the call close, and the status it sent) is observed with an interceptor, so
// every step waits for an event; the few waits on the pool's queue length poll a condition.
// Nothing asserts on time; the waits' limits only keep a broken build from hanging.
#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include <gmock/gmock.h>
#include <grpcpp/support/server_interceptor.h>
#include <gtest/gtest.h>

#include "devplan/v1/environment.grpc.pb.h"
#include "devplan/v1/investment.grpc.pb.h"
#include "services/common/grpc_glue.h"
#include "services/environment/environment_service.h"
#include "tests/environment/service/env_fixture.h"
#include "tests/support/gate.h"
#include "tests/support/grpc_harness.h"
#include "tests/support/proto_date.h"
#include "tests/support/redis_server.h"

namespace devplan::testing {
namespace {

using grpc::experimental::InterceptionHookPoints;
using ::testing::HasSubstr;

constexpr char kCallIdHeader[] = "x-test-call";

// Polls a condition until it holds (false after the hang guard).
template <typename Predicate>
bool Eventually(Predicate done) {
  const auto give_up = std::chrono::steady_clock::now() + kHangGuard;
  while (!done()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// What the server saw of each call, keyed by the client's x-test-call header.
class CallProbe {
 public:
  void Sent(const std::string& id, const grpc::Status& status) {
    std::lock_guard lock(mu_);
    sent_[id] = status;
    cv_.notify_all();
  }
  void Closed(const std::string& id, bool cancelled) {
    std::lock_guard lock(mu_);
    closed_[id] = cancelled;
    cv_.notify_all();
  }
  // Waits until the server saw call `id` close; answers whether it was cancelled then
  // (nullopt after the hang guard).
  std::optional<bool> WaitClosed(const std::string& id) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, kHangGuard, [&] { return closed_.contains(id); })) return std::nullopt;
    return closed_.at(id);
  }
  std::optional<grpc::Status> SentStatus(const std::string& id) {
    std::lock_guard lock(mu_);
    auto it = sent_.find(id);
    if (it == sent_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, grpc::Status> sent_;
  std::map<std::string, bool> closed_;
};

class ProbeInterceptor : public grpc::experimental::Interceptor {
 public:
  ProbeInterceptor(grpc::experimental::ServerRpcInfo* info, CallProbe& probe)
      : info_(info), probe_(probe) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      probe_.Sent(CallId(), methods->GetSendStatus());
    }
    // Runs once gRPC core completed the call; IsCancelled() is final by then, and is what
    // FinishUnaryOn's queued task reads.
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_CLOSE)) {
      probe_.Closed(CallId(), info_->server_context()->IsCancelled());
    }
    methods->Proceed();
  }

 private:
  std::string CallId() const {
    const auto& md = info_->server_context()->client_metadata();
    auto it = md.find(kCallIdHeader);
    return it == md.end() ? "" : std::string(it->second.data(), it->second.size());
  }

  grpc::experimental::ServerRpcInfo* info_;
  CallProbe& probe_;
};

class ProbeFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit ProbeFactory(CallProbe& probe) : probe_(probe) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new ProbeInterceptor(info, probe_);
  }

 private:
  CallProbe& probe_;
};

// A test-only InvestmentService whose GetProject runs on the pool through FinishUnaryOn, as
// every devplan unary RPC does, counts how often its work ran per project name, and blocks
// at the gate of that name if there is one.
class HeldService final : public v1::InvestmentService::CallbackService {
 public:
  explicit HeldService(WorkerPool& workers) : workers_(workers) {}

  grpc::ServerUnaryReactor* GetProject(grpc::CallbackServerContext* ctx,
                                       const v1::GetProjectRequest* request,
                                       v1::Project* response) override {
    return FinishUnaryOn(workers_, ctx, response,
                         [this, request]() -> absl::StatusOr<v1::Project> {
                           const std::string& name = request->name();
                           Count(name);
                           if (Gate* gate = Find(name)) gate->Pass();
                           v1::Project p;
                           p.set_name(name);
                           return p;
                         });
  }

  // Calls of this name block until the returned gate opens.
  Gate& GateFor(const std::string& name) {
    std::lock_guard lock(mu_);
    return *gates_.emplace(name, std::make_unique<Gate>()).first->second;
  }
  void OpenAll() {
    std::lock_guard lock(mu_);
    for (auto& [name, gate] : gates_) gate->Open();
  }
  int Runs(const std::string& name) {
    std::lock_guard lock(mu_);
    return runs_.contains(name) ? runs_.at(name) : 0;
  }

 private:
  Gate* Find(const std::string& name) {
    std::lock_guard lock(mu_);
    auto it = gates_.find(name);
    return it == gates_.end() ? nullptr : it->second.get();  // stable: gates are never erased
  }
  void Count(const std::string& name) {
    std::lock_guard lock(mu_);
    ++runs_[name];
  }

  WorkerPool& workers_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<Gate>> gates_;
  std::map<std::string, int> runs_;
};

// One client call in flight, with its own context so that the test can cancel it.
struct PendingCall {
  grpc::ClientContext ctx;
  v1::GetProjectRequest request;
  v1::Project response;
  std::promise<grpc::Status> done;
  std::shared_future<grpc::Status> status = done.get_future().share();

  // The call's status (DEADLINE_EXCEEDED if it never ends: a hang guard, not an expectation).
  grpc::Status Wait() {
    if (status.wait_for(kHangGuard) != std::future_status::ready) {
      return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "test hang guard");
    }
    return status.get();  // a copy: Wait may be called again
  }
};

class WorkerAdmissionTest : public ::testing::Test {
 protected:
  // One worker and room for one waiting call, shared (as in a server) by the test-only
  // service and a real EnvironmentService.
  WorkerAdmissionTest() : workers_(/*threads=*/1, /*max_queued=*/1), held_(workers_) {
    redis::PoolOptions o;
    o.endpoint = redis_.service_endpoint();
    redis_pool_ = std::make_unique<redis::Pool>(o);
    env_ = std::make_unique<environment::EnvironmentServiceImpl>(
        ServiceContext{.pool = *redis_pool_, .workers = workers_});
  }

  void StartServer() {
    ServerInterceptors interceptors;
    interceptors.push_back(std::make_unique<ProbeFactory>(probe_));
    server_ = std::make_unique<GrpcHarness>(std::vector<grpc::Service*>{&held_, env_.get()},
                                            std::move(interceptors));
    investment_ = v1::InvestmentService::NewStub(server_->channel());
    environment_ = v1::EnvironmentService::NewStub(server_->channel());
  }

  ~WorkerAdmissionTest() override {
    held_.OpenAll();  // no worker stays blocked, so the server can drain
    server_.reset();
    for (auto& c : calls_) c->Wait();  // every client callback has run before calls_ goes
  }

  // Starts GetProject for `name`, tagged `name` for the probe.
  PendingCall& Start(const std::string& name, int deadline_ms = 60000) {
    calls_.push_back(std::make_unique<PendingCall>());
    PendingCall& c = *calls_.back();
    c.ctx.AddMetadata(kCallIdHeader, name);
    c.ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(deadline_ms));
    c.request.set_name(name);
    investment_->async()->GetProject(&c.ctx, &c.request, &c.response,
                                     [&c](grpc::Status s) { c.done.set_value(std::move(s)); });
    return c;
  }

  // Starts a call of `name` that occupies the only worker until its gate opens.
  Gate& Hold(const std::string& name) {
    Gate& gate = held_.GateFor(name);
    Start(name);
    EXPECT_TRUE(gate.WaitArrivals(1)) << name << " never reached a worker";
    return gate;
  }

  bool QueueReaches(std::size_t n) {
    return Eventually([&] { return workers_.queued() == n; });
  }

  // Frees the worker `holder` holds, then proves the queued call `skipped` was answered
  // without running: one worker takes tasks in order, so once `skipped`'s task left the
  // queue a new call D is admitted, and once D is answered, that task has been dealt with.
  void ReleaseAndExpectSkipped(Gate& holder, const std::string& skipped) {
    holder.Open();
    EXPECT_TRUE(calls_[0]->Wait().ok());
    ASSERT_TRUE(QueueReaches(0));
    PendingCall& d = Start("D");
    EXPECT_TRUE(d.Wait().ok());
    EXPECT_EQ(held_.Runs(skipped), 0);
    EXPECT_EQ(held_.Runs("D"), 1);
  }

  RedisServer redis_;
  std::unique_ptr<redis::Pool> redis_pool_;
  WorkerPool workers_;
  HeldService held_;
  std::unique_ptr<environment::EnvironmentServiceImpl> env_;
  CallProbe probe_;
  std::unique_ptr<GrpcHarness> server_;
  std::unique_ptr<v1::InvestmentService::Stub> investment_;
  std::unique_ptr<v1::EnvironmentService::Stub> environment_;
  std::vector<std::unique_ptr<PendingCall>> calls_;
};

TEST_F(WorkerAdmissionTest, CallBeyondTheQueueBoundIsRefusedWithoutRunning) {
  StartServer();
  Gate& a = Hold("A");
  PendingCall& b = Start("B");
  ASSERT_TRUE(QueueReaches(1));

  PendingCall& c = Start("C");
  const grpc::Status refused = c.Wait();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("server busy: 1 calls queued"));
  EXPECT_THAT(refused.error_message(), HasSubstr("retry with backoff"));
  EXPECT_EQ(workers_.queued(), 1u);  // C took no place in the queue

  a.Open();
  EXPECT_TRUE(calls_[0]->Wait().ok());
  EXPECT_TRUE(b.Wait().ok());
  EXPECT_EQ(held_.Runs("A"), 1);
  EXPECT_EQ(held_.Runs("B"), 1);
  EXPECT_EQ(held_.Runs("C"), 0);
}

TEST_F(WorkerAdmissionTest, QueuedCallThatTheClientCancelledNeverRuns) {
  StartServer();
  Gate& a = Hold("A");
  PendingCall& b = Start("B");
  ASSERT_TRUE(QueueReaches(1));

  b.ctx.TryCancel();
  EXPECT_EQ(b.Wait().error_code(), grpc::StatusCode::CANCELLED);
  // The server has seen the cancellation before the worker comes free.
  ASSERT_EQ(probe_.WaitClosed("B"), std::optional<bool>(true));

  ASSERT_NO_FATAL_FAILURE(ReleaseAndExpectSkipped(a, "B"));
  const std::optional<grpc::Status> answered = probe_.SentStatus("B");
  ASSERT_TRUE(answered.has_value());
  EXPECT_EQ(answered->error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_THAT(answered->error_message(), HasSubstr("not run"));
}

TEST_F(WorkerAdmissionTest, QueuedCallWhoseDeadlinePassedNeverRuns) {
  StartServer();
  Gate& a = Hold("A");
  // Long enough to reach the queue, far shorter than A is held: A is released only after the
  // server saw B's deadline pass.
  PendingCall& b = Start("B", /*deadline_ms=*/1000);
  EXPECT_EQ(b.Wait().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  ASSERT_EQ(probe_.WaitClosed("B"), std::optional<bool>(true));

  ASSERT_NO_FATAL_FAILURE(ReleaseAndExpectSkipped(a, "B"));
  // B may have expired before its handler ran at all; if it was queued, the answer says why.
  // The client cancels the stream when its deadline passes, which the server may see before
  // its own copy of the deadline (sent rounded up) runs out: either answer is right.
  if (std::optional<grpc::Status> answered = probe_.SentStatus("B")) {
    EXPECT_THAT(answered->error_code(),
                ::testing::AnyOf(grpc::StatusCode::DEADLINE_EXCEEDED, grpc::StatusCode::CANCELLED));
    EXPECT_THAT(answered->error_message(), HasSubstr("not run"));
  }
}

// A stream's first message is its admission; its later messages continue work already
// admitted and are queued even past the bound, so the stream completes whole.
TEST_F(WorkerAdmissionTest, AdmittedStreamKeepsGoingWhileNewStreamsAndCallsAreRefused) {
  StartServer();
  {
    v1::CreateStationRequest req;
    req.mutable_station()->set_station_id("S1");
    req.mutable_station()->set_district(kDistrict);
    req.mutable_station()->set_title_zh("测试站 S1");
    req.mutable_station()->set_level(v1::STATION_LEVEL_NATIONAL);
    req.set_reported_by(kDept);
    v1::Station out;
    const grpc::Status s = environment_->CreateStation(ContextWithDeadline().get(), req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  auto message = [](int first_hour, int hours) {
    v1::SubmitHourlyReadingsRequest m;
    m.set_district(kDistrict);
    m.set_year(2024);
    m.set_reported_by(kDept);
    for (int h = first_hour; h < first_hour + hours; ++h) {
      *m.add_readings() = Reading("S1", D(2024, 5, 1), h, 30, 50, 10, 30, 99, 0.5);
    }
    return m;
  };

  // The stream's first message is admitted while the worker is held, then processed.
  Gate& a = Hold("A");
  auto stream_ctx = ContextWithDeadline(60000);
  v1::SubmitHourlyReadingsResponse stream_response;
  auto stream = environment_->StreamHourlyReadings(stream_ctx.get(), &stream_response);
  ASSERT_TRUE(stream->Write(message(0, 12)));
  ASSERT_TRUE(QueueReaches(1));
  Gate& a2 = held_.GateFor("A2");
  a.Open();
  // Once the first message's task left the queue, A2 is admitted; one worker in order, so
  // A2 starts only after that message was processed.
  ASSERT_TRUE(QueueReaches(0));
  Start("A2");
  ASSERT_TRUE(a2.WaitArrivals(1));
  PendingCall& b = Start("B");
  ASSERT_TRUE(QueueReaches(1));  // the queue is full

  // New work is refused: a unary call and a new stream's first message.
  EXPECT_EQ(Start("C").Wait().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  {
    auto ctx = ContextWithDeadline(60000);
    v1::SubmitHourlyReadingsResponse r;
    auto refused = environment_->StreamHourlyReadings(ctx.get(), &r);
    refused->Write(message(12, 12));  // may fail once the server has finished the stream
    refused->WritesDone();
    const grpc::Status s = refused->Finish();
    EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  }

  // The admitted stream's next message is queued past the bound.
  ASSERT_TRUE(stream->Write(message(12, 12)));
  ASSERT_TRUE(QueueReaches(2));

  a2.Open();
  EXPECT_TRUE(b.Wait().ok());
  ASSERT_TRUE(stream->WritesDone());
  const grpc::Status s = stream->Finish();
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(stream_response.received_count(), 24);
  EXPECT_EQ(stream_response.accepted_count(), 24);
  EXPECT_EQ(stream_response.days_updated(), 1);
}

}  // namespace
}  // namespace devplan::testing
