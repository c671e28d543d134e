#include "services/common/call_scope.h"

#include <utility>

namespace devplan {
namespace {
thread_local CallIdentity current;
}  // namespace

const CallIdentity& CurrentCall() { return current; }

CallScope::CallScope(CallIdentity call) : previous_(std::exchange(current, std::move(call))) {}

CallScope::~CallScope() { current = std::move(previous_); }

}  // namespace devplan
