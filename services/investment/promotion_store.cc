#include "services/investment/promotion_store.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "services/common/mutation.h"
#include "services/common/proto_codec.h"
#include "services/common/redis_keys.h"
#include "services/investment/project_store.h"
#include "services/investment/store_support.h"

namespace devplan::investment {

absl::StatusOr<v1::PromotionEvent> PromotionStore::Create(const v1::CreatePromotionEventRequest& request,
                                                          const v1::PromotionEvent& event,
                                                          const Sign& sign) {
  const std::string& d = event.district();
  const std::string fingerprint = store::Fingerprint(request);
  auto stored_event = [&]() -> absl::StatusOr<v1::PromotionEvent> {
    absl::StatusOr<std::optional<v1::PromotionEvent>> e = Get(d, event.event_id());
    if (!e.ok()) return e.status();
    if (!e->has_value()) return absl::InternalError("replayed event is missing");
    return **e;
  };
  absl::StatusOr<bool> applied = AlreadyApplied(pool_, d, request.request_id(), fingerprint);
  if (!applied.ok()) return applied.status();
  if (*applied) return stored_event();

  return RetryOnConflict([&]() -> absl::StatusOr<v1::PromotionEvent> {
    // The event's slot and every signed project, read together.
    std::vector<redis::Command> reads = {{"HEXISTS", keys::PromotionEvents(d), event.event_id()}};
    for (const std::string& id : event.signed_project_ids()) {
      reads.push_back({"HGET", keys::Projects(d), id});
    }
    absl::StatusOr<std::vector<redis::Reply>> r = pool_.RunPipeline(reads);
    if (!r.ok()) return r.status();
    if ((*r)[0].integer() == 1) {
      return absl::AlreadyExistsError(absl::StrCat(event.name(), " already exists"));
    }
    store::Mutation m(kService, d);
    if (!request.request_id().empty()) m.WithRequestId(request.request_id(), fingerprint);
    m.ExpectField(keys::PromotionEvents(d), event.event_id(), std::nullopt);
    for (int i = 0; i < event.signed_project_ids_size(); ++i) {
      const std::string& id = event.signed_project_ids(i);
      std::optional<std::string> bytes = (*r)[i + 1].opt_str();
      if (!bytes.has_value()) {
        return absl::NotFoundError(absl::StrCat("event.signed_project_ids[", i, "]: ",
                                                ProjectName(d, id), " not found"));
      }
      absl::StatusOr<v1::Project> project = DecodeRecord<v1::Project>(*bytes, id);
      if (!project.ok()) return project.status();
      auto signed_project = sign(*project);
      if (!signed_project.ok()) return signed_project.status();
      m.ExpectField(keys::Projects(d), id, *bytes);  // unchanged since read, signed or not
      if (!signed_project->has_value()) continue;
      m.HSet(keys::Projects(d), id, (*signed_project)->first.SerializeAsString())
          .RPush(keys::ProjectHistory(d, id), (*signed_project)->second.SerializeAsString());
    }
    m.HSet(keys::PromotionEvents(d), event.event_id(), event.SerializeAsString())
        .Event("promotion_event", event.name());
    absl::StatusOr<store::Outcome> outcome = m.Apply(pool_);
    if (!outcome.ok()) return outcome.status();
    if (*outcome == store::Outcome::kReplayed) return stored_event();
    return event;
  });
}

absl::StatusOr<std::optional<v1::PromotionEvent>> PromotionStore::Get(const std::string& district,
                                                                      const std::string& event_id) {
  absl::StatusOr<redis::Reply> r = pool_.Run({"HGET", keys::PromotionEvents(district), event_id});
  if (!r.ok()) return r.status();
  if (r->is_nil()) return std::nullopt;
  auto e = DecodeRecord<v1::PromotionEvent>(r->str(), event_id);
  if (!e.ok()) return e.status();
  return *std::move(e);
}

absl::StatusOr<std::vector<v1::PromotionEvent>> PromotionStore::List(const std::string& district) {
  absl::StatusOr<redis::Reply> r = pool_.Run({"HGETALL", keys::PromotionEvents(district)});
  if (!r.ok()) return r.status();
  auto decoded = DecodeHash<v1::PromotionEvent>(*r);
  if (!decoded.ok()) return decoded.status();
  std::vector<v1::PromotionEvent> out;
  for (auto& [id, e] : *decoded) out.push_back(std::move(e));
  auto key = [](const v1::PromotionEvent& e) {
    return std::make_tuple(e.start_date().year(), e.start_date().month(), e.start_date().day(),
                           e.event_id());
  };
  std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  return out;
}

}  // namespace devplan::investment
