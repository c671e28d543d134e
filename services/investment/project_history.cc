#include "services/investment/project_history.h"

#include <google/protobuf/text_format.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/dates.h"
#include "services/common/validation.h"

namespace devplan::investment {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// The fields UpdateProject may set, in Project field order. Output-only fields (name, stage,
// times, reported_by, history) and the identity (project_id, district) are not among them.
constexpr const char* kUpdatable[] = {
    "title_zh",        "title_en",   "category",     "key_project",  "three_batch",
    "total_investment_yuan", "planned_investment_yuan", "lead_department", "planned_on",
    "signed_on",       "started_on", "completed_on", "in_operation_on", "funding",
    "packaged_on"};

bool IsUpdatable(absl::string_view path) {
  for (const char* f : kUpdatable) {
    if (path == f) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<v1::Project> ApplyUpdateMask(const v1::Project& current, const v1::Project& patch,
                                            const google::protobuf::FieldMask& mask) {
  if (mask.paths_size() == 0) {
    return absl::InvalidArgumentError("update_mask: required, name the fields to change");
  }
  v1::Project out = current;
  const auto* descriptor = v1::Project::descriptor();
  const auto* reflection = v1::Project::GetReflection();
  for (int i = 0; i < mask.paths_size(); ++i) {
    const std::string& path = mask.paths(i);
    if (!IsUpdatable(path)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask.paths[", i, "]: ", QuoteForError(path), " cannot be updated; one of ",
          absl::StrJoin(std::begin(kUpdatable), std::end(kUpdatable), ", ")));
    }
    const FieldDescriptor* f = descriptor->FindFieldByName(path);
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (reflection->HasField(patch, f)) {
        reflection->MutableMessage(&out, f)->CopyFrom(reflection->GetMessage(patch, f));
      } else {
        reflection->ClearField(&out, f);  // an unset message in the patch clears it
      }
      continue;
    }
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_STRING:
        reflection->SetString(&out, f, reflection->GetString(patch, f));
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        reflection->SetInt64(&out, f, reflection->GetInt64(patch, f));
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        reflection->SetBool(&out, f, reflection->GetBool(patch, f));
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        reflection->SetEnumValue(&out, f, reflection->GetEnumValue(patch, f));
        break;
      default:
        return absl::InternalError(absl::StrCat("update of ", path, " not implemented"));
    }
  }
  return out;
}

std::string RenderField(const Message& message, const FieldDescriptor* f) {
  const auto* r = message.GetReflection();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      if (!r->HasField(message, f)) return "";
      const Message& m = r->GetMessage(message, f);
      if (const auto* d = dynamic_cast<const v1::Date*>(&m)) {
        return DayKey(absl::CivilDay(d->year(), d->month(), d->day()));
      }
      return RenderRecord(m);
    }
    case FieldDescriptor::CPPTYPE_STRING: return r->GetString(message, f);
    case FieldDescriptor::CPPTYPE_INT64: return absl::StrCat(r->GetInt64(message, f));
    case FieldDescriptor::CPPTYPE_INT32: return absl::StrCat(r->GetInt32(message, f));
    case FieldDescriptor::CPPTYPE_BOOL: return r->GetBool(message, f) ? "true" : "false";
    case FieldDescriptor::CPPTYPE_ENUM: return r->GetEnum(message, f)->name();
    case FieldDescriptor::CPPTYPE_DOUBLE: return absl::StrCat(r->GetDouble(message, f));
    default: return "?";
  }
}

std::string RenderRecord(const Message& message) {
  google::protobuf::TextFormat::Printer printer;
  printer.SetSingleLineMode(true);
  printer.SetUseUtf8StringEscaping(true);
  std::string out;
  printer.PrintToString(message, &out);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<v1::FieldChange> DiffProjects(const v1::Project& before, const v1::Project& after) {
  std::vector<v1::FieldChange> changes;
  const auto* descriptor = v1::Project::descriptor();
  for (const char* name : kUpdatable) {
    const FieldDescriptor* f = descriptor->FindFieldByName(name);
    std::string old_value = RenderField(before, f);
    std::string new_value = RenderField(after, f);
    if (old_value == new_value) continue;
    v1::FieldChange& c = changes.emplace_back();
    c.set_field(name);
    c.set_old_value(std::move(old_value));
    c.set_new_value(std::move(new_value));
  }
  return changes;
}

}  // namespace devplan::investment
