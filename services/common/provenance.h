// Collects where a metric's value comes from while it is computed: the departments that
// reported the contributing facts, the latest report time, the number of facts and the
// latest date they speak for.
#pragma once

#include <set>
#include <string>

#include <google/protobuf/timestamp.pb.h>

#include "absl/time/civil_time.h"
#include "devplan/v1/common.pb.h"

namespace devplan {

class ProvenanceBuilder {
 public:
  explicit ProvenanceBuilder(std::string derivation) : derivation_(std::move(derivation)) {}

  // One contributing fact: who reported it, when it was written, which day it speaks for.
  void Add(const std::string& department, const google::protobuf::Timestamp& reported_at,
           absl::CivilDay speaks_for);

  bool empty() const { return count_ == 0; }

  // Writes provenance and current_to (not later than as_of) into `value`.
  void Fill(absl::CivilDay as_of, v1::MetricValue& value) const;

 private:
  std::string derivation_;
  std::set<std::string> departments_;
  // The department added last: facts mostly come in runs of one department, and comparing
  // with it spares the set lookup (string compares of long, shared-prefix names).
  std::string last_department_;
  google::protobuf::Timestamp latest_report_;
  absl::CivilDay latest_day_ = absl::CivilDay(1970, 1, 1);
  int64_t count_ = 0;
};

}  // namespace devplan
