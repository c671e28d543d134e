// Economic-operations figures in Redis: the current value of each (indicator, period) and
// the values it superseded. Thread-safe: shares the pool.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "devplan/v1/investment.pb.h"
#include "services/common/redis_pool.h"

namespace devplan::investment {

class FigureStore {
 public:
  explicit FigureStore(redis::Pool& pool) : pool_(pool) {}

  // What reporting does given the current figure (if any): the figure to store, or nullopt
  // when the value is unchanged (then nothing is written).
  using Edit = std::function<std::optional<v1::EconomicFigure>(
      const std::optional<v1::EconomicFigure>& current)>;

  // Replaces the figure at `field` (see FigureField); the replaced value is appended to the
  // revision history in the same write. A replayed request_id answers the current figure.
  absl::StatusOr<v1::EconomicFigure> Put(const std::string& district, const std::string& field,
                                         const std::string& request_id,
                                         const std::string& fingerprint, const Edit& edit);
  // The current figure with its earlier values in `revisions`; nullopt when never reported.
  absl::StatusOr<std::optional<v1::EconomicFigure>> Get(const std::string& district,
                                                        const std::string& field);
  // Current figures of the district as (field, figure), ordered by field.
  absl::StatusOr<std::vector<std::pair<std::string, v1::EconomicFigure>>> List(
      const std::string& district);

 private:
  redis::Pool& pool_;
};

}  // namespace devplan::investment
