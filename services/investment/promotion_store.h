// Investment-promotion events in Redis. Recording an event also signs the projects signed
// at it, in the same atomic write. Thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "devplan/v1/investment.pb.h"
#include "services/common/store/record_store.h"

namespace devplan::investment {

class PromotionStore {
 public:
  explicit PromotionStore(store::RecordStore& records) : records_(records) {}

  // What signing at the event does to one project given its current state: the signed
  // project and its history entry, or nullopt when it already is signed that day.
  using Sign = std::function<absl::StatusOr<std::optional<std::pair<v1::Project, v1::ProjectChange>>>(
      const v1::Project& current)>;

  // Stores a validated event and signs its projects. NOT_FOUND naming
  // event.signed_project_ids[i] for a project that does not exist; ALREADY_EXISTS when the
  // event_id is taken by another request; a retry of the same request answers the stored
  // event.
  absl::StatusOr<v1::PromotionEvent> Create(const store::RequestKey& request,
                                            const v1::PromotionEvent& event, const Sign& sign);
  // nullopt when there is no such event.
  absl::StatusOr<std::optional<v1::PromotionEvent>> Get(const std::string& district,
                                                        const std::string& event_id);
  // Every event of the district, ordered by start date, then event_id.
  absl::StatusOr<std::vector<v1::PromotionEvent>> List(const std::string& district);

 private:
  store::RecordStore& records_;
};

}  // namespace devplan::investment
