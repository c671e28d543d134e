// StreamHourlyReadings: a ServerReadReactor (gRPC callback API, as route_guide's RecordRoute)
// that feeds each message to an HourlyIngest. Reads one message at a time, so a slow write
// holds the client back (flow control) instead of piling readings up in memory. Each message
// is processed on the service's worker pool (its Redis writes block), never on the gRPC
// thread that delivered it; the next read starts from there.
//
// Messages arrive as raw bytes and are parsed here: gRPC's typed reader turns a message that
// does not parse into OnReadDone(false), the same as the client's last message, and the stream
// would end OK with whatever came before. Here it ends INVALID_ARGUMENT saying which message.
#include "absl/strings/str_cat.h"
#include "services/common/grpc_glue.h"
#include "services/environment/environment_service.h"
#include "services/environment/hourly_ingest.h"

namespace devplan::environment {
namespace {

class HourlyReader final : public grpc::ServerReadReactor<grpc::ByteBuffer> {
 public:
  HourlyReader(AirStore& store, const Clock& clock, WorkerPool& workers, grpc::ByteBuffer* response)
      : ingest_(store, clock), workers_(workers), response_(response) {
    StartRead(&raw_);
  }

  // The first message admits the stream like a unary call: refused with RESOURCE_EXHAUSTED
  // when the pool's queue is full, before anything is stored. Every later message is a
  // continuation of admitted work and always queued (Submit, past the bound): refusing it
  // would end a stream half stored, and the client, which did nothing wrong, could not tell
  // which of its readings landed. The bound still holds in the large: a stream reads its
  // next message only after this one is processed, so it has at most one task waiting.
  void OnReadDone(bool ok) override {
    if (admitted_) {
      workers_.Submit([this, ok] { Process(ok); });
      return;
    }
    admitted_ = true;
    if (!workers_.TrySubmit([this, ok] { Process(ok); })) Finish(ServerBusyStatus(workers_));
  }

  void OnDone() override { delete this; }

 private:
  // Ends with StartRead or Finish, the reactor's last touch of itself before OnDone.
  void Process(bool ok) {
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
    if (!started_) {
      if (absl::Status s = ingest_.Begin(message_); !s.ok()) {
        Finish(ToGrpcStatus(s));  // nothing stored
        return;
      }
      started_ = true;
    }
    if (absl::Status s = ingest_.Add(message_); !s.ok()) {
      FinishWith(s);
      return;
    }
    StartRead(&raw_);
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

  HourlyIngest ingest_;
  WorkerPool& workers_;
  grpc::ByteBuffer* response_;
  grpc::ByteBuffer raw_;
  v1::SubmitHourlyReadingsRequest message_;
  int received_ = 0;
  bool admitted_ = false;  // on gRPC's threads: OnReadDone calls never overlap
  bool started_ = false;
};

}  // namespace

grpc::ServerReadReactor<grpc::ByteBuffer>* EnvironmentServiceImpl::StreamHourlyReadings(
    grpc::CallbackServerContext*, grpc::ByteBuffer* response) {
  return new HourlyReader(store_.air(), context_.clock, context_.workers, response);
}

}  // namespace devplan::environment
