#include "tests/support/validate_only.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/timestamp.pb.h>

namespace devplan::testing {

void ClearTimestamps(google::protobuf::Message& m) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* r = m.GetReflection();
  const google::protobuf::Descriptor* d = m.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (f->message_type()->full_name() == google::protobuf::Timestamp::descriptor()->full_name()) {
      r->ClearField(&m, f);
    } else if (f->is_repeated()) {
      for (int k = 0; k < r->FieldSize(m, f); ++k) ClearTimestamps(*r->MutableRepeatedMessage(&m, f, k));
    } else if (r->HasField(m, f)) {
      ClearTimestamps(*r->MutableMessage(&m, f));
    }
  }
}

}  // namespace devplan::testing
