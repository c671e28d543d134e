// StreamHourlyReadings: a ServerReadReactor (gRPC callback API, as route_guide's RecordRoute)
// that checks each message with an HourlyIngest and writes the valid readings in batches.
// Each message is processed on the service's worker pool (a reload of the stations is Redis
// I/O), never on the gRPC thread that delivered it.
//
// Writing overlaps reading: a full batch is written by a task of its own on the pool (the
// writer) while the stream goes on reading and checking its next messages, so Redis and the
// service work at the same time instead of in turns. At most one batch is being written and
// fewer than a batch wait for it (kBatchReadings, and one message beyond): when a full batch
// waits, the stream stops reading until the writer takes it, so a slow Redis holds the client
// back (flow control) instead of piling readings up in memory. Batches are written one after
// another in stream order, so a later reading of the same station-hour still wins.
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

  // Adds checked readings to those waiting; starts the writer on a full batch. Reads on while
  // fewer than a batch wait, else leaves the next read to the writer.
  void Queue(std::vector<ValidReading> valid) {
    WorkerPool& workers = workers_;
    std::vector<ValidReading> batch;
    bool read = true;
    absl::Status failed;
    {
      std::lock_guard lock(mu_);
      failed = failed_;
      if (failed.ok()) {
        pending_.insert(pending_.end(), std::make_move_iterator(valid.begin()),
                        std::make_move_iterator(valid.end()));
        if (!writing_ && pending_.size() >= HourlyIngest::kBatchReadings) {
          writing_ = true;
          batch = TakeBatch();
        }
        if (pending_.size() >= HourlyIngest::kBatchReadings) {
          read = false;
          waiting_ = true;
        }
      }
    }
    if (!failed.ok()) {
      FinishWith(failed);
      return;
    }
    // No writer ran before this one starts, so nothing can end the call meanwhile.
    if (!batch.empty()) {
      workers.Submit([this, batch = std::move(batch)]() mutable { Write(std::move(batch)); });
    }
    if (read) Read();
  }

  // The stream ends with `status` once everything checked is written (a failed write's status
  // instead). Runs where Step would read next, or from Expire.
  void End(absl::Status status) {
    std::vector<ValidReading> rest;
    std::optional<absl::Status> finish;
    {
      std::lock_guard lock(mu_);
      if (!failed_.ok()) {
        finish = failed_;
      } else if (writing_) {
        end_ = status;
        waiting_ = true;  // the writer finishes the call when it has written the rest
      } else if (pending_.empty()) {
        finish = status;
      } else {
        end_ = status;
        waiting_ = true;
        writing_ = true;
        rest.swap(pending_);
      }
    }
    if (finish) {
      FinishWith(*finish);
      return;
    }
    if (!rest.empty()) Write(std::move(rest));  // on a worker already, with nothing else to do
  }

  // The writer: writes `batch`, then every batch that filled meanwhile, one at a time, on a
  // worker. Reads on for a stream it held back; finishes the call once an ended stream's
  // last readings are written, or when a write fails while the stream waits for it.
  void Write(std::vector<ValidReading> batch) {
    CallScope scope(caller_);
    for (;;) {
      const absl::Status written = ingest_.Write(batch);
      batch.clear();
      bool read = false;
      std::optional<absl::Status> finish;
      {
        std::lock_guard lock(mu_);
        if (!written.ok()) {
          // Nothing after a failed write is stored: the stream ends with its status.
          failed_ = written;
          pending_.clear();
          writing_ = false;
          if (waiting_) finish = written;  // else the reactor's next step (or Expire) ends it
        } else if (pending_.size() >= HourlyIngest::kBatchReadings ||
                   (end_.has_value() && !pending_.empty())) {
          batch = TakeBatch();
          if (waiting_ && !end_.has_value() && pending_.size() < HourlyIngest::kBatchReadings) {
            waiting_ = false;
            read = true;
          }
        } else {
          writing_ = false;
          if (waiting_ && end_.has_value()) {
            finish = *end_;
          } else if (waiting_) {
            waiting_ = false;
            read = true;
          }
        }
      }
      if (finish) {
        FinishWith(*finish);
        return;
      }
      // While batch holds readings this writer still runs (writing_), and nothing but it
      // finishes the call, so it may go on after handing the reading back.
      if (read) Read();
      if (batch.empty()) return;
    }
  }

  // The next batch: kBatchReadings of the waiting readings, or all of them when fewer.
  std::vector<ValidReading> TakeBatch() {
    const size_t n = std::min(pending_.size(), HourlyIngest::kBatchReadings);
    std::vector<ValidReading> batch(std::make_move_iterator(pending_.begin()),
                                    std::make_move_iterator(pending_.begin() + static_cast<ptrdiff_t>(n)));
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<ptrdiff_t>(n));
    return batch;
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
  // Checked readings not yet handed to the writer: fewer than kBatchReadings plus one message.
  std::vector<ValidReading> pending_;
  bool writing_ = false;  // a writer runs (Write)
  bool waiting_ = false;  // the reactor waits for the writer, which makes the next move
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
