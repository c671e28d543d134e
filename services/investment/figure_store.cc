#include "services/investment/figure_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/proto_codec.h"
#include "services/common/redis_keys.h"
#include "services/investment/store_support.h"

namespace devplan::investment {

absl::StatusOr<v1::EconomicFigure> FigureStore::Put(const std::string& district,
                                                    const std::string& field,
                                                    const std::string& request_id,
                                                    const std::string& fingerprint,
                                                    const Edit& edit) {
  absl::StatusOr<bool> applied = AlreadyApplied(pool_, district, request_id, fingerprint);
  if (!applied.ok()) return applied.status();
  return RetryOnConflict([&]() -> absl::StatusOr<v1::EconomicFigure> {
    absl::StatusOr<redis::Reply> r = pool_.Run({"HGET", keys::EconomicFigures(district), field});
    if (!r.ok()) return r.status();
    const std::optional<std::string> stored = r->opt_str();
    std::optional<v1::EconomicFigure> current;
    if (stored.has_value()) {
      auto decoded = DecodeRecord<v1::EconomicFigure>(*stored, field);
      if (!decoded.ok()) return decoded.status();
      current = *std::move(decoded);
      if (*applied) return *current;
    }
    std::optional<v1::EconomicFigure> next = edit(current);
    if (!next.has_value()) return *current;
    store::Mutation m(kService, district);
    if (!request_id.empty()) m.WithRequestId(request_id, fingerprint);
    m.ExpectField(keys::EconomicFigures(district), field, stored)
        .HSet(keys::EconomicFigures(district), field, next->SerializeAsString());
    if (stored.has_value()) m.RPush(keys::EconomicFigureRevisions(district, field), *stored);
    m.Event("economic_figure", next->name());
    absl::StatusOr<store::Outcome> outcome = m.Apply(pool_);
    if (!outcome.ok()) return outcome.status();
    if (*outcome == store::Outcome::kReplayed && current.has_value()) return *current;
    return *next;
  });
}

absl::StatusOr<std::optional<v1::EconomicFigure>> FigureStore::Get(const std::string& district,
                                                                   const std::string& field) {
  absl::StatusOr<std::vector<redis::Reply>> r = pool_.RunPipeline(
      {{"HGET", keys::EconomicFigures(district), field},
       {"LRANGE", keys::EconomicFigureRevisions(district, field), "0", "-1"}});
  if (!r.ok()) return r.status();
  if ((*r)[0].is_nil()) return std::nullopt;
  auto figure = DecodeRecord<v1::EconomicFigure>((*r)[0].str(), field);
  if (!figure.ok()) return figure.status();
  const redis::Reply& revisions = (*r)[1];
  for (size_t i = 0; i < revisions.size(); ++i) {
    auto old = DecodeRecord<v1::EconomicFigure>(revisions[i].str(),
                                                absl::StrCat(field, " revision ", i + 1));
    if (!old.ok()) return old.status();
    *figure->add_revisions() = *std::move(old);
  }
  return *std::move(figure);
}

absl::StatusOr<std::vector<std::pair<std::string, v1::EconomicFigure>>> FigureStore::List(
    const std::string& district) {
  absl::StatusOr<redis::Reply> r = pool_.Run({"HGETALL", keys::EconomicFigures(district)});
  if (!r.ok()) return r.status();
  auto decoded = DecodeHash<v1::EconomicFigure>(*r);
  if (!decoded.ok()) return decoded.status();
  std::sort(decoded->begin(), decoded->end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return decoded;
}

}  // namespace devplan::investment
