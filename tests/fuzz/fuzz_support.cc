#include <google/protobuf/stubs/logging.h>
#include <spdlog/spdlog.h>

#include "tests/fuzz/fuzz_check.h"

namespace devplan::fuzz {

void SilenceLibraryLogs() {
  google::protobuf::SetLogHandler(nullptr);  // null: discard
  spdlog::set_level(spdlog::level::off);     // one line per RPC in fuzz_requests
}

}  // namespace devplan::fuzz
