// StreamHourlyReadings: a ServerReadReactor (gRPC callback API, as route_guide's RecordRoute)
// that checks each message with an HourlyIngest and writes the valid readings in batches.
// Each message is processed on the service's worker pool (a reload of the stations is Redis
// I/O), never on the gRPC thread that delivered it.
//
// Writing overlaps reading: a full batch is written by a task of its own on the pool (a
// writer) while the stream goes on reading and checking its next messages, and a second batch
// may be prepared while Redis runs the first (HourlyBatches: at most kMaxWritesInFlight, never
// two sharing a day), so Redis and the service work at the same time instead of in turns. At
// most a batch (kBatchReadings) and one message wait for a writer: beyond that the stream stops
// reading until a writer takes a batch, so a slow Redis holds the client back (flow control)
// instead of piling readings up in memory.
//
// Nothing is acknowledged before it is stored: the answer is sent only after every batch was
// written, and when the stream ends early (a message that does not parse, one with too many
// readings, an idle client, a failed write) the readings checked before are written first, so
// the progress it reports is what Redis holds.
//
// Messages arrive as raw bytes and are parsed here: gRPC's typed reader turns a message that
// does not parse into OnReadDone(false), the same as the client's last message, and the stream
// would end OK with whatever came before. Here it ends INVALID_ARGUMENT saying which message.
#include <algorithm>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <grpcpp/alarm.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/common/grpc_glue.h"
#include "services/environment/environment_service.h"
#include "services/environment/hourly_batches.h"
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
  // next message only after this one is processed, so it has at most one message and one
  // write waiting.
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

  // Ends with Read, with Finish, or by handing the next move to the writer (Queue, End): the
  // reactor's last touch of itself, as OnDone may follow.
  void Step(bool ok) {
    if (!ok) {  // the client has sent its last message (or went away)
      if (!started_) {
        Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "empty stream: the first message must carry district, year and "
                            "reported_by"));
        return;
      }
      End(absl::OkStatus());
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
      End(absl::InvalidArgumentError(what));
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
      End(s);
      return;
    }
    std::vector<ValidReading> valid;
    if (absl::Status s = ingest_.Check(message_, valid); !s.ok()) {
      End(s);
      return;
    }
    Queue(std::move(valid));
  }

  // Adds checked readings to those waiting and starts a writer for each batch that may be
  // written now. Reads on unless more than a batch waits; then a writer reads on once it has
  // taken one.
  void Queue(std::vector<ValidReading> valid) {
    WorkerPool& workers = workers_;
    std::vector<HourlyBatch> start;
    bool read = false;
    std::optional<absl::Status> finish;
    {
      std::lock_guard lock(mu_);
      if (!failed_.ok()) {
        if (batches_.in_flight() == 0) {
          finish = failed_;
        } else {
          waiting_ = true;  // the last writer finishes the call
        }
      } else {
        batches_.Add(std::move(valid));
        while (std::optional<HourlyBatch> b = batches_.Next(false)) start.push_back(*std::move(b));
        if (batches_.full()) {
          waiting_ = true;
        } else {
          read = true;
        }
      }
    }
    if (finish) {
      FinishWith(*finish);
      return;
    }
    // The writers started here count as in flight, so none of the others finishes the call.
    for (HourlyBatch& b : start) {
      workers.Submit([this, b = std::move(b)]() mutable { Write(std::move(b)); });
    }
    if (read) Read();
  }

  // The stream ends with `status` once everything checked is written (a failed write's status
  // instead). Runs where Step would read next, or from Expire.
  void End(absl::Status status) {
    WorkerPool& workers = workers_;
    std::vector<HourlyBatch> start;
    std::optional<absl::Status> finish;
    {
      std::lock_guard lock(mu_);
      if (!failed_.ok()) {
        if (batches_.in_flight() == 0) {
          finish = failed_;
        } else {
          waiting_ = true;
        }
      } else {
        end_ = status;
        waiting_ = true;  // the last writer finishes the call
        while (std::optional<HourlyBatch> b = batches_.Next(true)) start.push_back(*std::move(b));
        if (batches_.in_flight() == 0) finish = status;  // nothing was waiting
      }
    }
    if (finish) {
      FinishWith(*finish);
      return;
    }
    if (start.empty()) return;
    for (size_t i = 1; i < start.size(); ++i) {
      workers.Submit([this, b = std::move(start[i])]() mutable { Write(std::move(b)); });
    }
    Write(std::move(start[0]));  // on a worker already, with nothing else to do
  }

  // A writer: writes `batch`, then any batch that may be written next, on a worker. Reads on
  // for a stream held back once few enough readings wait; the last writer to stop finishes
  // the call of a stream that ended, or whose write failed, while it waited for them.
  void Write(HourlyBatch batch) {
    CallScope scope(caller_);
    WorkerPool& workers = workers_;
    for (;;) {
      const absl::Status written = ingest_.Write(batch.readings);
      std::optional<HourlyBatch> next;
      std::vector<HourlyBatch> start;
      bool read = false;
      std::optional<absl::Status> finish;
      {
        std::lock_guard lock(mu_);
        batches_.Done(batch);
        if (!written.ok() && failed_.ok()) {
          // Nothing after a failed write is stored: the stream ends with its status.
          failed_ = written;
          batches_.Drop();
        }
        if (!failed_.ok()) {
          // Else the reactor's next step (or Expire) ends it, or the last writer does.
          if (waiting_ && batches_.in_flight() == 0) finish = failed_;
        } else {
          const bool last = end_.has_value();
          next = batches_.Next(last);
          while (std::optional<HourlyBatch> b = batches_.Next(last)) start.push_back(*std::move(b));
          if (waiting_ && last && batches_.in_flight() == 0) {
            finish = *end_;  // everything is written
          } else if (waiting_ && !last && !batches_.full()) {
            waiting_ = false;
            read = true;
          }
        }
      }
      if (finish) {
        FinishWith(*finish);
        return;
      }
      // While a batch is in flight nothing finishes the call, so this writer (and those it
      // starts) may go on after handing the reading back.
      for (HourlyBatch& b : start) {
        workers.Submit([this, b = std::move(b)]() mutable { Write(std::move(b)); });
      }
      if (read) Read();
      if (!next) return;
      batch = *std::move(next);
    }
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
    End(absl::DeadlineExceededError(what));
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
  HourlyIngest ingest_;  // Check on the read chain, Write on the writer (hourly_ingest.h)
  WorkerPool& workers_;
  const absl::Duration idle_timeout_;
  std::unique_ptr<grpc::Alarm> idle_;  // touched only by the read chain (Read, OnReadDone)
  std::mutex mu_;  // for the members below it: the alarm and the writer run on any thread
  bool reading_ = false;
  bool expired_ = false;
  bool done_ = false;
  int alarms_ = 0;  // callbacks still to run
  HourlyBatches batches_{HourlyIngest::kBatchReadings};  // waiting and in-flight readings
  bool waiting_ = false;  // the reactor waits for the writers, which make the next move
  std::optional<absl::Status> end_;  // the stream's end, once its readings are written
  absl::Status failed_;              // a write failed: nothing more is stored
  // The read chain's own (one step at a time, ordered by the reads).
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
