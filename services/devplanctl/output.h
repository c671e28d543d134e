// Printing resources: protobuf text (UTF-8 kept readable) or JSON, and single-record writes
// that reuse an import kind's row rules.
#pragma once

#include <map>
#include <string>

#include <google/protobuf/message.h>

#include "services/devplanctl/import_common.h"

namespace devplan::ctl {

// Text format with Chinese left as UTF-8 (not octal escapes), or protobuf JSON.
std::string ProtoText(const google::protobuf::Message& m);
std::string ProtoJson(const google::protobuf::Message& m, bool pretty = true);
void PrintProto(const google::protobuf::Message& m, bool json);

// Writes one record through import kind `kind` (the same checks as a CSV row), prints
// "<what>: written" / "unchanged" or the reason, and answers the exit code.
int WriteOneRecord(const std::string& kind, const std::string& what,
                   std::map<std::string, std::string> values, const ImportOptions& o);

// sha256 of `data` as hex.
std::string Sha256Hex(const std::string& data);

}  // namespace devplan::ctl
