// One revision format for every revisable record (social figures, economic figures): the
// record carries its revision number (1 for the first report, +1 per change) and, in a
// repeated field of its own type, the values it superseded, oldest first, each without a
// history of its own. The history lives inside the record, so the compare-and-set on the
// record covers it and one HGET reads a figure with its history.
#pragma once

#include <optional>
#include <utility>

#include <google/protobuf/repeated_ptr_field.h>

namespace devplan::store {

template <typename Record>
using HistoryField = google::protobuf::RepeatedPtrField<Record>* (Record::*)();

// `incoming` as the revision after `stored` (nullopt: the first report). Callers decide
// beforehand whether anything changed: an unchanged value is not a revision.
template <typename Record>
Record NextRevision(const std::optional<Record>& stored, Record incoming,
                    HistoryField<Record> history) {
  (incoming.*history)()->Clear();
  if (!stored.has_value()) {
    incoming.set_revision(1);
    return incoming;
  }
  Record previous = *stored;
  (incoming.*history)()->Swap((previous.*history)());
  if (previous.revision() == 0) previous.set_revision(1);  // written before revisions were kept
  incoming.set_revision(previous.revision() + 1);
  *(incoming.*history)()->Add() = std::move(previous);
  return incoming;
}

}  // namespace devplan::store
