// Who the current call is, for what it writes: set by the handler glue on the thread that
// runs the call's work (a worker), read by the one write path (mutation.h) to put the caller
// on the audit record. Thread-local because a call's work runs on one thread from start to
// finish, and threading it through every handler and store function would change them all
// for a value only the write path reads.
#pragma once

#include <string>

namespace devplan {

struct CallIdentity {
  std::string identity;    // the policy's identity name; "" on a plaintext port
  std::string department;  // the department it speaks for
  std::string method;      // "/devplan.v1.InvestmentService/CreateProject", or the bare method name
  std::string peer;        // "ipv4:10.1.2.3:5123"
  // The call's x-request-id (request_id.h), on every log line logged while it is current and
  // passed on to the services the call calls. Not the idempotency key of writes (request_id).
  std::string trace_id{};
};

// The call this thread is working for; an empty one outside any call (tests calling a
// handler's Do<Method> directly, start-up loads).
const CallIdentity& CurrentCall();

// Makes `call` the current call until destroyed; nests.
class CallScope {
 public:
  explicit CallScope(CallIdentity call);
  ~CallScope();
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;

 private:
  CallIdentity previous_;
};

}  // namespace devplan
