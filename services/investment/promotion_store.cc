#include "services/investment/promotion_store.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "services/common/redis_keys.h"
#include "services/common/status_macros.h"
#include "services/investment/project_store.h"

namespace devplan::investment {

absl::StatusOr<v1::PromotionEvent> PromotionStore::Create(const store::RequestKey& request,
                                                          const v1::PromotionEvent& event,
                                                          const Sign& sign) {
  const std::string& d = event.district();
  return records_.Write<v1::PromotionEvent>(
      d, request,
      [&](store::Mutation& m) -> absl::StatusOr<v1::PromotionEvent> {
        // The event's slot and every signed project, read together.
        std::vector<redis::Command> reads = {{"HEXISTS", keys::PromotionEvents(d), event.event_id()}};
        for (const std::string& id : event.signed_project_ids()) {
          reads.push_back({"HGET", keys::Projects(d), id});
        }
        ASSIGN_OR_RETURN(std::vector<redis::Reply> r,
                         records_.pool().RunPipeline(reads, redis::Resend::kSafe));
        if (r[0].integer() == 1) {
          return absl::AlreadyExistsError(absl::StrCat(event.name(), " already exists"));
        }
        m.ExpectField(keys::PromotionEvents(d), event.event_id(), std::nullopt);
        for (int i = 0; i < event.signed_project_ids_size(); ++i) {
          const std::string& id = event.signed_project_ids(i);
          std::optional<std::string> bytes = r[i + 1].opt_str();
          if (!bytes.has_value()) {
            return absl::NotFoundError(absl::StrCat("event.signed_project_ids[", i, "]: ",
                                                    ProjectName(d, id), " not found"));
          }
          ASSIGN_OR_RETURN(v1::Project project, DecodeRecord<v1::Project>(*bytes, id));
          auto signing = sign(project);
          if (!signing.ok()) {  // named by its place in the request, as NOT_FOUND is
            return absl::Status(signing.status().code(),
                                absl::StrCat("event.signed_project_ids[", i, "]: ",
                                             signing.status().message()));
          }
          const auto& signed_project = *signing;
          m.ExpectField(keys::Projects(d), id, *bytes);  // unchanged since read, signed or not
          if (!signed_project.has_value()) continue;
          m.HSet(keys::Projects(d), id, signed_project->first.SerializeAsString())
              .RPush(keys::ProjectHistory(d, id), signed_project->second.SerializeAsString());
        }
        m.HSet(keys::PromotionEvents(d), event.event_id(), event.SerializeAsString())
            .Event("promotion_event", event.name());
        return event;
      },
      [&] {
        return records_.Require<v1::PromotionEvent>(keys::PromotionEvents(d), event.event_id(),
                                                    event.name());
      });
}

absl::StatusOr<std::optional<v1::PromotionEvent>> PromotionStore::Get(const std::string& district,
                                                                      const std::string& event_id) {
  return records_.Get<v1::PromotionEvent>(keys::PromotionEvents(district), event_id);
}

absl::StatusOr<std::vector<v1::PromotionEvent>> PromotionStore::List(const std::string& district) {
  ASSIGN_OR_RETURN(std::vector<v1::PromotionEvent> out,
                   records_.Values<v1::PromotionEvent>(keys::PromotionEvents(district)));
  auto key = [](const v1::PromotionEvent& e) {
    return std::make_tuple(e.start_date().year(), e.start_date().month(), e.start_date().day(),
                           e.event_id());
  };
  std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
  return out;
}

}  // namespace devplan::investment
