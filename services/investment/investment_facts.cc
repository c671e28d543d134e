#include "services/investment/investment_facts.h"

#include "services/common/status_macros.h"
#include "services/common/proto_codec.h"
#include "services/common/redis_keys.h"

namespace devplan::investment {
namespace {

template <typename Message>
absl::Status AppendAll(const redis::Reply& reply, std::vector<Message>& out) {
  auto decoded = DecodeHash<Message>(reply);
  RETURN_IF_ERROR(decoded.status());
  for (auto& [field, m] : *decoded) out.push_back(std::move(m));
  return absl::OkStatus();
}

// For hashes keyed "<project_id>/<…>".
template <typename Message>
absl::Status AppendByProject(const redis::Reply& reply,
                             std::vector<std::pair<std::string, Message>>& out) {
  auto decoded = DecodeHash<Message>(reply);
  RETURN_IF_ERROR(decoded.status());
  for (auto& [field, m] : *decoded) out.emplace_back(field.substr(0, field.find('/')), std::move(m));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<InvestmentFacts> LoadFacts(redis::Pool& pool, const std::string& district) {
  absl::StatusOr<std::vector<redis::Reply>> r = pool.RunPipeline({
      {"HGETALL", keys::Projects(district)},
      {"HGETALL", keys::MonthlyInvestment(district)},
      {"HGETALL", keys::InfrastructureOutputs(district)},
      {"HGETALL", keys::PromotionEvents(district)},
      {"HGETALL", keys::EconomicFigures(district)},
  }, redis::Resend::kSafe);
  RETURN_IF_ERROR(r.status());
  InvestmentFacts facts;
  RETURN_IF_ERROR(AppendAll((*r)[0], facts.projects));
  RETURN_IF_ERROR(AppendByProject((*r)[1], facts.monthly));
  RETURN_IF_ERROR(AppendByProject((*r)[2], facts.outputs));
  RETURN_IF_ERROR(AppendAll((*r)[3], facts.events));
  RETURN_IF_ERROR(AppendAll((*r)[4], facts.figures));
  return facts;
}

}  // namespace devplan::investment
