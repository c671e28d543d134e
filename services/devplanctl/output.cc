#include "services/devplanctl/output.h"

#include <openssl/sha.h>

#include <iostream>

#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_format.h"
#include "services/devplanctl/cli.h"

namespace devplan::ctl {

std::string ProtoText(const google::protobuf::Message& m) {
  google::protobuf::TextFormat::Printer p;
  p.SetUseUtf8StringEscaping(true);
  std::string out;
  p.PrintToString(m, &out);
  return out;
}

std::string ProtoJson(const google::protobuf::Message& m, bool pretty) {
  google::protobuf::util::JsonPrintOptions o;
  o.add_whitespace = pretty;
  o.preserve_proto_field_names = false;
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(m, &out, o);
  return out;
}

void PrintProto(const google::protobuf::Message& m, bool json) {
  std::cout << (json ? ProtoJson(m) : ProtoText(m));
  if (json) std::cout << "\n";
}

int WriteOneRecord(const std::string& kind, const std::string& what,
                   std::map<std::string, std::string> values, const ImportOptions& o) {
  const ImportKind* k = FindImportKind(kind);
  ParsedFile file;
  Record r;
  r.file = what;
  r.values = std::move(values);
  file.records.push_back(std::move(r));
  ImportResult result = k->run(file, o);
  if (!result.errors.empty()) {
    for (const auto& e : result.errors) std::cerr << "devplanctl: " << e << "\n";
    return std::max(result.exit_code, result.abort_code);
  }
  std::cout << what << ": " << (result.written > 0 ? "written" : "unchanged (already stored)")
            << (result.note.empty() ? "" : "; " + result.note) << "\n";
  return kExitOk;
}

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  std::string out;
  for (unsigned char c : digest) out += absl::StrFormat("%02x", c);
  return out;
}

}  // namespace devplan::ctl
