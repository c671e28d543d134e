// StreamHourlyReadings: a ServerReadReactor (gRPC callback API, as route_guide's RecordRoute)
// that feeds each message to an HourlyIngest. Reads one message at a time, so a slow write
// holds the client back (flow control) instead of piling readings up in memory. Each message
// is processed on the service's worker pool (its Redis writes block), never on the gRPC
// thread that delivered it; the next read starts from there.
//
// Messages arrive as raw bytes and are parsed here: gRPC's typed reader turns a message that
// does not parse into OnReadDone(false), the same as the client's last message, and the stream
// would end OK with whatever came before. Here it ends INVALID_ARGUMENT saying which message.
#include <memory>
#include <mutex>
#include <optional>

#include <grpcpp/alarm.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/grpc_glue.h"
#include "services/environment/environment_service.h"
#include "services/environment/hourly_ingest.h"

namespace devplan::environment {
namespace {

class HourlyReader final : public grpc::ServerReadReactor<grpc::ByteBuffer> {
 public:
  HourlyReader(grpc::CallbackServerContext* call, AirStore& store, const ServiceContext& context,
               grpc::ByteBuffer* response)
      : call_(call),
        ingest_(store, context.clock),
        workers_(context.workers),
        idle_timeout_(context.stream_idle_timeout),
        response_(response) {
    Read();
  }

  // The first message admits the stream like a unary call: refused with RESOURCE_EXHAUSTED
  // when the pool's queue is full, before anything is stored. Every later message is a
  // continuation of admitted work and always queued (Submit, past the bound): refusing it
  // would end a stream half stored, and the client, which did nothing wrong, could not tell
  // which of its readings landed. The bound still holds in the large: a stream reads its
  // next message only after this one is processed, so it has at most one task waiting.
  void OnReadDone(bool ok) override {
    {
      std::lock_guard lock(mu_);
      reading_ = false;
      if (expired_) return;  // the read Finish ended: Expire answers
    }
    idle_->Cancel();
    if (admitted_) {
      workers_.Submit([this, ok] { Process(ok); });
      return;
    }
    admitted_ = true;
    if (!workers_.TrySubmit([this, ok] { Process(ok); })) Finish(ServerBusyStatus(workers_));
  }

  // The idle alarm's callback may still be due: the last of the two deletes.
  void OnDone() override {
    {
      std::lock_guard lock(mu_);
      done_ = true;
      if (alarms_ > 0) return;
    }
    delete this;
  }

 private:
  void Process(bool ok) {
    CallScope scope(caller_);
    Step(ok);
  }

  // Ends with Read or Finish, the reactor's last touch of itself before OnDone.
  void Step(bool ok) {
    if (!ok) {  // the client has sent its last message (or went away)
      if (!started_) {
        Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "empty stream: the first message must carry district, year and "
                            "reported_by"));
        return;
      }
      FinishWith(ingest_.Finish());
      return;
    }
    ++received_;
    if (!Parse()) {
      const std::string what = absl::StrCat(
          "message ", received_, " of the stream could not be parsed as ",
          v1::SubmitHourlyReadingsRequest::descriptor()->full_name(),
          " (malformed protobuf, or a string that is not UTF-8)");
      if (!started_) {
        Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, what + "; nothing stored"));
        return;
      }
      // The valid readings before it are stored, as after a storage failure, so the progress
      // the message reports is what Redis holds.
      absl::Status flushed = ingest_.Finish();
      FinishWith(flushed.ok() ? absl::InvalidArgumentError(what) : flushed);
      return;
    }
    // Set once the first message is admitted: from then on the stream's writes are its caller's.
    std::optional<CallScope> admitted;
    if (!started_) {
      // The first message names the district (later ones must repeat it: HourlyIngest).
      static const std::string kPath =
          absl::StrCat("/", EnvironmentServiceImpl::kServiceName, "/StreamHourlyReadings");
      absl::StatusOr<CallIdentity> caller = AdmitCall(call_, kPath, message_);
      if (!caller.ok()) {
        Finish(ToGrpcStatus(caller.status()));
        return;
      }
      caller_ = *std::move(caller);
      admitted.emplace(caller_);
      absl::Status s = ValidateReadingsCount(message_);
      if (s.ok()) s = ingest_.Begin(message_);
      if (!s.ok()) {
        Finish(ToGrpcStatus(s));  // nothing stored
        return;
      }
      started_ = true;
    } else if (absl::Status s = ValidateReadingsCount(message_); !s.ok()) {
      // As after a message that does not parse: the readings before it are stored.
      absl::Status flushed = ingest_.Finish();
      FinishWith(flushed.ok() ? s : flushed);
      return;
    }
    if (absl::Status s = ingest_.Add(message_); !s.ok()) {
      FinishWith(s);
      return;
    }
    Read();
  }

  // Every read waits at most idle_timeout_ for its message (an alarm per read, cancelled when
  // the read completes; its callback runs either way, hence the count).
  void Read() {
    {
      std::lock_guard lock(mu_);
      reading_ = true;
      ++alarms_;
    }
    idle_ = std::make_unique<grpc::Alarm>();
    idle_->Set(absl::ToChronoTime(absl::Now() + idle_timeout_), [this](bool fired) { OnIdle(fired); });
    StartRead(&raw_);
  }

  void OnIdle(bool fired) {
    bool expire = false;
    {
      std::lock_guard lock(mu_);
      --alarms_;
      if (done_) {
        if (alarms_ > 0) return;
      } else {
        expire = fired && reading_ && !expired_;
        expired_ = expired_ || expire;
        if (!expire) return;
      }
    }
    if (!expire) {
      delete this;
      return;
    }
    // Storing what came before is Redis I/O: on a worker, as every other step.
    workers_.Submit([this] { Expire(); });
  }

  void Expire() {
    CallScope scope(caller_);
    const std::string what =
        absl::StrCat("no message for ", absl::FormatDuration(idle_timeout_),
                     ": the stream was idle and is ended (a stream must keep sending or close)");
    if (!started_) {
      Finish(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, what + "; nothing stored"));
      return;
    }
    absl::Status flushed = ingest_.Finish();
    FinishWith(flushed.ok() ? absl::DeadlineExceededError(what) : flushed);
  }

  // Deserialize also checks UTF-8 of string fields, as the typed reader would, and empties raw_.
  bool Parse() {
    message_.Clear();
    return grpc::SerializationTraits<v1::SubmitHourlyReadingsRequest>::Deserialize(&raw_, &message_)
        .ok();
  }

  void FinishWith(const absl::Status& s) {
    if (!s.ok()) {
      Finish(ToGrpcStatus(absl::Status(s.code(), absl::StrCat(s.message(), "; ", ingest_.Progress()))));
      return;
    }
    bool own_buffer = false;
    grpc::Status serialized = grpc::SerializationTraits<v1::SubmitHourlyReadingsResponse>::Serialize(
        ingest_.response(), response_, &own_buffer);
    Finish(serialized);
  }

  grpc::CallbackServerContext* const call_;
  CallIdentity caller_;  // its writes are audited under the caller (once admitted)
  HourlyIngest ingest_;
  WorkerPool& workers_;
  const absl::Duration idle_timeout_;
  std::unique_ptr<grpc::Alarm> idle_;  // touched only by the read chain (Read, OnReadDone)
  std::mutex mu_;  // for the four below: the alarm fires on any thread
  bool reading_ = false;
  bool expired_ = false;
  bool done_ = false;
  int alarms_ = 0;  // callbacks still to run
  grpc::ByteBuffer* response_;
  grpc::ByteBuffer raw_;
  v1::SubmitHourlyReadingsRequest message_;
  int received_ = 0;
  bool admitted_ = false;  // on gRPC's threads: OnReadDone calls never overlap
  bool started_ = false;
};

}  // namespace

grpc::ServerReadReactor<grpc::ByteBuffer>* EnvironmentServiceImpl::StreamHourlyReadings(
    grpc::CallbackServerContext* ctx, grpc::ByteBuffer* response) {
  return new HourlyReader(ctx, store_.air(), context_, response);
}

}  // namespace devplan::environment
