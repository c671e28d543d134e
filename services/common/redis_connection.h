// One hiredis connection in RAII. Not thread-safe: the pool hands it to one caller at a
// time. Any I/O error marks it broken; the pool then drops it and dials a fresh one, which
// is how a Redis restart is survived.
#pragma once

#include "absl/strings/string_view.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <hiredis/hiredis.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/redis_reply.h"

namespace devplan::redis {

struct Endpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
  // A Unix domain socket; when set, host and port are not used.
  std::string unix_path;
  // The ACL user and its password, sent with AUTH on every new connection (the pool's, the
  // subscriber's, the health probe's). No password: no AUTH, the connection is Redis's
  // `default` user. Never logged: ToString leaves them out.
  std::string user;
  std::string password;

  bool is_unix() const { return !unix_path.empty(); }
  // The address as ParseEndpoint reads it: "host:port" or "unix:/path".
  std::string ToString() const;
};

// "host:port" or "unix:/path/to/redis.sock" → Endpoint; INVALID_ARGUMENT on a malformed
// address (a socket path must also fit the kernel's sockaddr_un, 107 bytes).
absl::StatusOr<Endpoint> ParseEndpoint(absl::string_view address);

using Command = std::vector<std::string>;

// The most elements one reply's array may declare. hiredis 0.14 (Debian 12) allocates an
// array's element pointers as soon as it reads the header "*N", up to N = INT_MAX (16 GiB),
// before any element arrives; 1.0's maxelements bound is not there. Our largest legitimate
// reply is a hash of a year of hourly readings (2 × 8,784 elements) or a page of audit
// entries; 4 Mi elements (32 MiB of pointers) leaves room and caps what a broken or
// hostile peer can make us allocate. A larger header is a protocol error: the connection
// fails UNAVAILABLE and is dropped.
inline constexpr int kMaxReplyElements = 1 << 22;

// Makes `reader` refuse arrays declaring more than kMaxReplyElements elements. Every
// connection's reader is bounded (Connection::Open); the fuzzer bounds its own.
void BoundReplyArrays(::redisReader* reader);

class Connection {
 public:
  // UNAVAILABLE when Redis cannot be reached within connect_timeout (over TCP or the Unix
  // socket, whichever `endpoint` names), or when it refuses the endpoint's user and password
  // (the message then carries Redis's WRONGPASS, never the password).
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const Endpoint& endpoint,
                                                          absl::Duration connect_timeout,
                                                          absl::Duration command_timeout);

  // Sends one command and reads its reply. I/O problems → UNAVAILABLE (and the connection
  // is broken); a Redis error reply (e.g. WRONGTYPE) → INTERNAL with Redis's message, except
  // OOM (Redis full) → RESOURCE_EXHAUSTED, and LOADING / READONLY / MASTERDOWN → UNAVAILABLE.
  absl::StatusOr<Reply> Run(const Command& command);

  // Sends all commands in one write, then reads all replies (pipelining). Fails as a whole
  // on the first I/O problem or error reply.
  absl::StatusOr<std::vector<Reply>> RunPipeline(const std::vector<Command>& commands);

  // Sends a command without reading its reply: on a SUBSCRIBEd connection the reply comes
  // among the messages ReceiveFor reads.
  absl::Status Send(const Command& command);

  // Reads the next reply without sending anything (the messages of a SUBSCRIBEd connection),
  // waiting at most `timeout` for it: nullopt when it has not arrived, and the connection
  // stays usable. It waits in poll(), not on a socket timeout, because hiredis treats a
  // timed-out read as an error that leaves the connection broken for good.
  absl::StatusOr<std::optional<Reply>> ReceiveFor(absl::Duration timeout);

  // Shuts the socket down so a thread waiting in ReceiveFor returns (UNAVAILABLE). The only
  // member that may be called from another thread.
  void Interrupt();

  bool broken() const { return broken_; }
  // Whether the last Run or RunPipeline wrote any of its bytes to the socket. A broken
  // connection that sent nothing leaves Redis untouched; one that sent something may have had
  // the command executed, whatever the error said.
  bool sent() const { return sent_; }
  // Whether it broke because no reply came within the command timeout (Redis busy, paused or
  // gone without a word), rather than by a reset or close.
  bool timed_out() const { return timed_out_; }
  // Whether an idle connection was closed by the server (a Redis restart, its idle timeout)
  // or holds bytes nobody asked for: a non-blocking peek at the socket, which neither reads
  // nor sends anything. The pool asks before reusing a connection, so a command is never
  // sent into a socket that is already dead.
  bool ClosedWhileIdle() const;

 private:
  struct ContextDeleter {
    void operator()(redisContext* c) const { redisFree(c); }
  };
  explicit Connection(redisContext* c) : ctx_(c) {}
  absl::Status Append(const Command& command);
  // Sends what Append buffered; ReadReply then only reads.
  absl::Status Flush();
  absl::StatusOr<Reply> ReadReply();
  // A reply hiredis handed over: an error reply becomes a status.
  absl::StatusOr<Reply> Take(void* raw);
  absl::Status Lost();  // UNAVAILABLE for an I/O error, marking the connection broken

  std::unique_ptr<redisContext, ContextDeleter> ctx_;
  bool broken_ = false;
  bool sent_ = false;
  bool timed_out_ = false;
};

}  // namespace devplan::redis
