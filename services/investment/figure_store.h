// Economic-operations figures in Redis: the current value of each (indicator, period) with
// the values it superseded inside it (services/common/store/revisions.h). Thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "devplan/v1/investment.pb.h"
#include "services/common/store/record_store.h"

namespace devplan::investment {

class FigureStore {
 public:
  explicit FigureStore(store::RecordStore& records) : records_(records) {}

  // What reporting does given the current figure (if any): the figure to store (its next
  // revision), or nullopt when the value is unchanged (then nothing is written).
  using Edit = std::function<std::optional<v1::EconomicFigure>(
      const std::optional<v1::EconomicFigure>& current)>;

  // Replaces the figure at `field` (see FigureField). A replayed request_id answers the
  // current figure.
  absl::StatusOr<v1::EconomicFigure> Put(const std::string& district, const std::string& field,
                                         const store::RequestKey& request, const Edit& edit);
  // The current figure with its earlier values in `revisions`; nullopt when never reported.
  absl::StatusOr<std::optional<v1::EconomicFigure>> Get(const std::string& district,
                                                        const std::string& field);
  // Current figures of the district without their revisions, ordered by field.
  absl::StatusOr<std::vector<v1::EconomicFigure>> List(const std::string& district);

 private:
  store::RecordStore& records_;
};

}  // namespace devplan::investment
