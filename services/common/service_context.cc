#include "services/common/service_context.h"

#include <google/protobuf/util/time_util.h>

#include "services/common/dates.h"

namespace devplan {

Clock Clock::System() {
  return {.today = TodayInChina, .now = google::protobuf::util::TimeUtil::GetCurrentTime};
}

Clock Clock::FixedDay(absl::CivilDay day) {
  return {.today = [day] { return day; }, .now = google::protobuf::util::TimeUtil::GetCurrentTime};
}

}  // namespace devplan
