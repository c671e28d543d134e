#include "services/common/provenance.h"

#include <algorithm>

#include <google/protobuf/util/time_util.h>

#include "services/common/dates.h"

namespace devplan {

void ProvenanceBuilder::Add(const std::string& department,
                            const google::protobuf::Timestamp& reported_at,
                            absl::CivilDay speaks_for) {
  if (!department.empty() && department != last_department_) {
    departments_.insert(department);
    last_department_ = department;
  }
  if (count_ == 0 || reported_at > latest_report_) latest_report_ = reported_at;
  if (count_ == 0 || speaks_for > latest_day_) latest_day_ = speaks_for;
  ++count_;
}

void ProvenanceBuilder::Fill(absl::CivilDay as_of, v1::MetricValue& value) const {
  v1::Provenance* p = value.mutable_provenance();
  p->set_derivation(derivation_);
  p->set_fact_count(count_);
  for (const std::string& d : departments_) p->add_departments(d);
  if (count_ == 0) return;
  *p->mutable_last_reported_at() = latest_report_;
  *value.mutable_current_to() = ToProtoDate(std::min(latest_day_, as_of));
}

}  // namespace devplan
