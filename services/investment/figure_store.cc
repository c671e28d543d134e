#include "services/investment/figure_store.h"

#include "services/common/redis_keys.h"
#include "services/common/status_macros.h"

namespace devplan::investment {

absl::StatusOr<v1::EconomicFigure> FigureStore::Put(const std::string& district,
                                                    const std::string& field,
                                                    const store::RequestKey& request,
                                                    const Edit& edit) {
  const std::string key = keys::EconomicFigures(district);
  return records_.Write<v1::EconomicFigure>(
      district, request,
      [&](store::Mutation& m) -> absl::StatusOr<v1::EconomicFigure> {
        ASSIGN_OR_RETURN(store::Stored<v1::EconomicFigure> stored,
                         records_.Read<v1::EconomicFigure>(key, field));
        std::optional<v1::EconomicFigure> next = edit(stored.record);
        if (!next.has_value()) return *stored.record;
        m.ExpectField(key, field, stored.bytes)
            .HSet(key, field, next->SerializeAsString())
            .Event("economic_figure", next->name());
        return *next;
      },
      [&] { return records_.Require<v1::EconomicFigure>(key, field, field); });
}

absl::StatusOr<std::optional<v1::EconomicFigure>> FigureStore::Get(const std::string& district,
                                                                   const std::string& field) {
  return records_.Get<v1::EconomicFigure>(keys::EconomicFigures(district), field);
}

absl::StatusOr<std::vector<v1::EconomicFigure>> FigureStore::List(const std::string& district) {
  ASSIGN_OR_RETURN(std::vector<v1::EconomicFigure> figures,
                   records_.Values<v1::EconomicFigure>(keys::EconomicFigures(district)));
  for (v1::EconomicFigure& f : figures) f.clear_revisions();  // current values only
  return figures;
}

}  // namespace devplan::investment
