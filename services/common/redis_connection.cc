#include "services/common/redis_connection.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cerrno>
#include <charconv>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/common/validation.h"

namespace devplan::redis {
namespace {

constexpr absl::string_view kUnixPrefix = "unix:";

timeval AsTimeval(absl::Duration d) { return absl::ToTimeval(d); }

// Writing to a socket whose reader is gone raises SIGPIPE, and its default action ends the
// process: a Redis that stops would take every server down with it (over a Unix socket, at
// the first write after it stopped). hiredis writes with plain write(), so the signal is
// blocked in this thread while writing and one raised meanwhile is consumed; the write then
// just fails with EPIPE and the connection counts as broken.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;  // not ours to consume
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeGuard() {
    if (!was_pending_) {
      sigset_t pending;
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        const timespec zero{};
        sigtimedwait(&pipe_, nullptr, &zero);
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t pipe_;
  sigset_t old_;
  bool was_pending_ = false;
};

// hiredis's own object functions, which BoundedArray hands every bounded array to.
const redisReplyObjectFunctions* hiredis_functions = nullptr;

void* BoundedArray(const redisReadTask* task, int elements) {
  // NULL makes the reader fail with a protocol error ("Out of memory") and build nothing.
  if (elements > kMaxReplyElements) return nullptr;
  return hiredis_functions->createArray(task, elements);
}

}  // namespace

void BoundReplyArrays(::redisReader* reader) {
  // Copied once from the first reader (hiredis keeps its defaults private), then shared:
  // every reader of the process uses the same defaults.
  static const redisReplyObjectFunctions bounded = [reader] {
    hiredis_functions = reader->fn;
    redisReplyObjectFunctions f = *reader->fn;
    f.createArray = BoundedArray;
    return f;
  }();
  if (reader->fn == &bounded) return;
  reader->fn = const_cast<redisReplyObjectFunctions*>(&bounded);
}

std::string Endpoint::ToString() const {
  return is_unix() ? absl::StrCat(kUnixPrefix, unix_path) : absl::StrCat(host, ":", port);
}

absl::StatusOr<Endpoint> ParseEndpoint(absl::string_view address) {
  if (absl::ConsumePrefix(&address, kUnixPrefix)) {
    // hiredis would truncate a longer path silently and dial some other socket.
    if (address.empty() || address.size() >= sizeof(sockaddr_un::sun_path)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "redis socket path must be 1..", sizeof(sockaddr_un::sun_path) - 1,
          " bytes, got ", QuoteForError(address)));
    }
    Endpoint e;
    e.unix_path = std::string(address);
    return e;
  }
  const size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos || colon == 0 || colon + 1 == address.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("redis address must be host:port or unix:/path, got ", QuoteForError(address)));
  }
  Endpoint e;
  e.host = std::string(address.substr(0, colon));
  absl::string_view port = address.substr(colon + 1);
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), e.port);
  if (ec != std::errc() || ptr != port.data() + port.size() || e.port <= 0 || e.port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("redis port out of range in ", QuoteForError(address)));
  }
  return e;
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(const Endpoint& endpoint,
                                                             absl::Duration connect_timeout,
                                                             absl::Duration command_timeout) {
  redisContext* c =
      endpoint.is_unix()
          ? redisConnectUnixWithTimeout(endpoint.unix_path.c_str(), AsTimeval(connect_timeout))
          : redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port,
                                    AsTimeval(connect_timeout));
  if (c == nullptr) return absl::UnavailableError("redis: cannot allocate a connection");
  std::unique_ptr<Connection> conn(new Connection(c));
  if (c->err != 0) {
    return absl::UnavailableError(
        absl::StrCat("redis ", endpoint.ToString(), " unreachable: ", c->errstr));
  }
  BoundReplyArrays(c->reader);
  if (redisSetTimeout(c, AsTimeval(command_timeout)) != REDIS_OK) {
    return absl::UnavailableError("redis: cannot set the command timeout");
  }
  if (!endpoint.password.empty()) {
    Command auth = {"AUTH", endpoint.password};
    if (!endpoint.user.empty()) auth.insert(auth.begin() + 1, endpoint.user);
    absl::StatusOr<Reply> r = conn->Run(auth);
    // UNAVAILABLE to a caller of the pool (the server cannot reach its data, as when Redis is
    // down); the start-up check reads Redis's own error code in the message.
    if (!r.ok()) {
      return absl::UnavailableError(absl::StrCat(
          "redis ", endpoint.ToString(), " refused user \"",
          endpoint.user.empty() ? "default" : endpoint.user, "\": ",
          absl::StripPrefix(r.status().message(), "redis: ")));
    }
  }
  return conn;
}

absl::Status Connection::Append(const Command& command) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  argv.reserve(command.size());
  lens.reserve(command.size());
  for (const std::string& a : command) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  if (redisAppendCommandArgv(ctx_.get(), static_cast<int>(argv.size()), argv.data(),
                             lens.data()) != REDIS_OK) {
    broken_ = true;
    return absl::UnavailableError(absl::StrCat("redis: ", ctx_->errstr));
  }
  return absl::OkStatus();
}

absl::Status Connection::Flush() {
  SigpipeGuard guard;
  int done = 0;
  while (done == 0) {
    const size_t pending = sdslen(ctx_->obuf);
    if (redisBufferWrite(ctx_.get(), &done) != REDIS_OK) {
      broken_ = true;
      return absl::UnavailableError(absl::StrCat("redis: ", ctx_->errstr));
    }
    // hiredis drops from its buffer exactly what write() accepted.
    if (sdslen(ctx_->obuf) < pending) sent_ = true;
  }
  return absl::OkStatus();
}

absl::Status Connection::Lost() {
  broken_ = true;
  // hiredis reports a read that hit the socket's timeout as an I/O error with EAGAIN.
  timed_out_ = ctx_->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK);
  return absl::UnavailableError(
      absl::StrCat("redis: ", ctx_->errstr[0] != '\0' ? ctx_->errstr : "connection lost"));
}

absl::StatusOr<Reply> Connection::ReadReply() {
  void* raw = nullptr;
  if (redisGetReply(ctx_.get(), &raw) != REDIS_OK || raw == nullptr) return Lost();
  return Take(raw);
}

absl::StatusOr<std::optional<Reply>> Connection::ReceiveFor(absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  void* raw = nullptr;
  // A reply may already sit in hiredis's buffer, read along with the one before it.
  if (redisGetReplyFromReader(ctx_.get(), &raw) != REDIS_OK) return Lost();
  while (raw == nullptr) {
    pollfd p{ctx_->fd, POLLIN, 0};
    const int64_t wait_ms = absl::ToInt64Milliseconds(deadline - absl::Now());
    const int ready = ::poll(&p, 1, static_cast<int>(std::max<int64_t>(wait_ms, 0)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return Lost();
    if (ready == 0) return std::nullopt;
    // Readable: the read returns at once (with bytes, or EOF after Interrupt or a close).
    if (redisBufferRead(ctx_.get()) != REDIS_OK) return Lost();
    if (redisGetReplyFromReader(ctx_.get(), &raw) != REDIS_OK) return Lost();
  }
  return Take(raw);
}

absl::StatusOr<Reply> Connection::Take(void* raw) {
  Reply reply(static_cast<redisReply*>(raw));
  auto* r = static_cast<redisReply*>(raw);
  if (r->type == REDIS_REPLY_ERROR) {
    std::string msg(r->str, r->len);
    // A loading or read-only Redis is a dependency that is not ready, not our bug.
    if (msg.rfind("LOADING", 0) == 0 || msg.rfind("READONLY", 0) == 0 ||
        msg.rfind("MASTERDOWN", 0) == 0) {
      return absl::UnavailableError(absl::StrCat("redis: ", msg));
    }
    // maxmemory reached under noeviction (deploy/redis/redis.conf): Redis refused the command
    // before it ran; in a write script, at its first write, so none of its writes happened.
    if (msg.rfind("OOM", 0) == 0) {
      return absl::ResourceExhaustedError(
          absl::StrCat("redis is full (maxmemory, noeviction); nothing was written: ", msg));
    }
    return absl::InternalError(absl::StrCat("redis: ", msg));
  }
  return reply;
}

void Connection::Interrupt() { ::shutdown(ctx_->fd, SHUT_RDWR); }

bool Connection::ClosedWhileIdle() const {
  if (broken_ || ctx_->err != 0) return true;
  char byte;
  const ssize_t n = ::recv(ctx_->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  // Nothing to read is the one healthy answer; 0 is the server's EOF, and an error such as
  // ECONNRESET is a dead socket too.
  return !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR));
}

absl::Status Connection::Send(const Command& command) {
  sent_ = false;
  if (absl::Status s = Append(command); !s.ok()) return s;
  return Flush();
}

absl::StatusOr<Reply> Connection::Run(const Command& command) {
  if (absl::Status s = Send(command); !s.ok()) return s;
  return ReadReply();
}

absl::StatusOr<std::vector<Reply>> Connection::RunPipeline(const std::vector<Command>& commands) {
  sent_ = false;
  for (const Command& c : commands) {
    if (absl::Status s = Append(c); !s.ok()) return s;
  }
  if (absl::Status s = Flush(); !s.ok()) return s;
  std::vector<Reply> replies;
  replies.reserve(commands.size());
  absl::Status first_error;
  for (size_t i = 0; i < commands.size(); ++i) {
    absl::StatusOr<Reply> r = ReadReply();
    if (!r.ok()) {
      if (broken_) return r.status();
      // Keep draining so the connection stays in step with the server.
      if (first_error.ok()) first_error = r.status();
      continue;
    }
    replies.push_back(*std::move(r));
  }
  if (!first_error.ok()) return first_error;
  return replies;
}

}  // namespace devplan::redis
