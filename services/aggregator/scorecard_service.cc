#include "services/aggregator/scorecard_service.h"

#include "services/aggregator/audit_trail.h"

#include <algorithm>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/aggregator/district_ranking.h"
#include "services/aggregator/indicator_history.h"
#include "services/aggregator/plan_validation.h"
#include "services/common/dates.h"
#include "services/common/validation.h"
#include "services/common/grpc_glue.h"
#include "services/common/mutation.h"
#include "services/common/paging.h"
#include "services/common/redis_keys.h"
#include "services/common/resource_name.h"
#include "services/common/status_macros.h"

namespace devplan::aggregator {
namespace {

absl::StatusOr<std::pair<std::string, int>> ParsePlanName(const std::string& name) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids,
                   ParseResourceName(name, "name", {"districts", "plans"}));
  int year = 0;
  if (!absl::SimpleAtoi(ids[1], &year) || year < 2000 || year > 2100) {
    return absl::InvalidArgumentError(absl::StrCat("name: plan year \"", ids[1],
                                                   "\" is not a year 2000..2100"));
  }
  return std::make_pair(ids[0], year);
}

// One area filter, as the scorecard cache keys it; INVALID_ARGUMENT on an unknown area.
absl::StatusOr<std::set<v1::Area>> ToAreas(const google::protobuf::RepeatedField<int>& areas) {
  std::set<v1::Area> out;
  for (int i = 0; i < areas.size(); ++i) {
    if (areas[i] == v1::AREA_UNSPECIFIED || !v1::Area_IsValid(areas[i])) {
      return absl::InvalidArgumentError(absl::StrCat("areas[", i, "]: unknown area"));
    }
    out.insert(static_cast<v1::Area>(areas[i]));
  }
  return out;
}

// "events:{410108}" → "410108".
std::string DistrictOfChannel(const std::string& channel) {
  const size_t open = channel.find('{');
  const size_t close = channel.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return "";
  return channel.substr(open + 1, close - open - 1);
}

}  // namespace

ScorecardServiceImpl::ScorecardServiceImpl(ServiceContext context, DomainClients& clients)
    : context_(std::move(context)),
      plans_(context_.pool),
      clients_(clients),
      scorecards_(context_.pool, plans_, clients),
      hub_([this](const v1::WatchScorecardRequest& r) { return ValidateWatch(r); },
           [this](const v1::WatchScorecardRequest& r) { return WatchedScorecard(r); }) {
  subscriber_ = std::make_unique<redis::Subscriber>(
      context_.pool.options().endpoint, keys::EventsChannel("*"),
      redis::Subscriber::Handlers{
          // Events published while unsubscribed are lost: refresh every watcher.
          .on_subscribed = [this] { hub_.NotifyAllChanged(); },
          .on_message = [this](const std::string& channel,
                               const std::string&) { OnChangeEvent(channel); }});
}

ScorecardServiceImpl::~ScorecardServiceImpl() { subscriber_.reset(); }

void ScorecardServiceImpl::OnChangeEvent(const std::string& channel) {
  const std::string district = DistrictOfChannel(channel);
  if (district.empty()) return;
  scorecards_.OnChange(district);
  hub_.NotifyChanged(district);
}

absl::StatusOr<v1::Plan> ScorecardServiceImpl::DoPutPlan(const v1::PutPlanRequest& request) {
  if (!request.has_plan()) return absl::InvalidArgumentError("plan: required");
  RETURN_IF_ERROR(ValidateRequestId(request.request_id()));
  // Without the definitions the plan's source metrics cannot be checked: fail, not guess.
  ASSIGN_OR_RETURN(auto definitions, clients_.Definitions(/*refresh=*/true));
  MetricKeys known, narrowable;
  for (const auto& [service, defs] : definitions) {
    for (const auto& [key, def] : defs) {
      known[service].insert(key);
      if (def.accepts_members()) narrowable[service].insert(key);
    }
  }
  v1::Plan plan = request.plan();
  std::vector<std::string> problems = PlanProblems(plan, known, narrowable);
  if (!problems.empty()) {
    // The first ones, so the status message stays small whatever the plan holds.
    constexpr size_t kListed = 20;
    const size_t listed = std::min(problems.size(), kListed);
    return absl::InvalidArgumentError(absl::StrCat(
        "plan has ", problems.size(), " problem(s): ",
        absl::StrJoin(problems.begin(), problems.begin() + listed, "; "),
        problems.size() > listed ? absl::StrCat("; and ", problems.size() - listed, " more") : ""));
  }
  plan.set_name(absl::StrCat("districts/", plan.district(), "/plans/", plan.year()));
  return plans_.Put(std::move(plan), store::RequestKey::Of(request.request_id(), request),
                    context_.clock.now());
}

absl::StatusOr<v1::Plan> ScorecardServiceImpl::DoGetPlan(const v1::GetPlanRequest& request) {
  ASSIGN_OR_RETURN(auto name, ParsePlanName(request.name()));
  if (request.version() < 0) return absl::InvalidArgumentError("version: must be >= 0");
  ASSIGN_OR_RETURN(std::optional<v1::Plan> plan,
                   plans_.Get(name.first, name.second, request.version()));
  if (!plan.has_value()) {
    return absl::NotFoundError(absl::StrCat(request.name(),
                                            request.version() ? absl::StrCat(" version ", request.version()) : "",
                                            " not found"));
  }
  return *std::move(plan);
}

absl::StatusOr<v1::ListPlansResponse> ScorecardServiceImpl::DoListPlans(
    const v1::ListPlansRequest& request) {
  if (!request.district().empty()) RETURN_IF_ERROR(ValidateDistrict(request.district()));
  const std::string tag = absl::StrCat("plans/", request.district());
  ASSIGN_OR_RETURN(PageRequest page, ParsePage(request.page_size(), request.page_token(), tag));
  ASSIGN_OR_RETURN(std::vector<v1::Plan> all, plans_.List(request.district()));
  v1::ListPlansResponse response;
  response.set_next_page_token(CopyPage(all, page, tag, response.mutable_plans()));
  return response;
}

absl::StatusOr<grpc::ByteBuffer> ScorecardServiceImpl::ServeGetScorecard(
    const v1::GetScorecardRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  ASSIGN_OR_RETURN(absl::CivilDay as_of, ToCivilDay(request.as_of(), "as_of"));
  ASSIGN_OR_RETURN(std::set<v1::Area> areas, ToAreas(request.areas()));
  ASSIGN_OR_RETURN(ServedCardPtr served, scorecards_.Serve({request.district(), as_of, std::move(areas)}));
  return SharedBytes(std::shared_ptr<const std::string>(served, &served->bytes));
}

absl::StatusOr<v1::Scorecard> ScorecardServiceImpl::DoGetScorecard(
    const v1::GetScorecardRequest& request) {
  ASSIGN_OR_RETURN(grpc::ByteBuffer bytes, ServeGetScorecard(request));
  v1::Scorecard card;
  if (!grpc::SerializationTraits<v1::Scorecard>::Deserialize(&bytes, &card).ok()) {
    return absl::InternalError("a served scorecard's bytes do not parse");
  }
  return card;
}

absl::Status ScorecardServiceImpl::ValidateWatch(const v1::WatchScorecardRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  if (request.has_as_of()) RETURN_IF_ERROR(ToCivilDay(request.as_of(), "as_of").status());
  return ToAreas(request.areas()).status();
}

absl::StatusOr<v1::Scorecard> ScorecardServiceImpl::WatchedScorecard(
    const v1::WatchScorecardRequest& request) {
  RETURN_IF_ERROR(ValidateWatch(request));
  const absl::CivilDay as_of =
      request.has_as_of() ? *ToCivilDay(request.as_of(), "as_of") : context_.clock.today();
  return scorecards_.Get({request.district(), as_of, *ToAreas(request.areas())});
}

absl::StatusOr<v1::IndicatorHistory> ScorecardServiceImpl::DoGetIndicatorHistory(
    const v1::GetIndicatorHistoryRequest& request) {
  RETURN_IF_ERROR(ValidateDistrict(request.district()));
  if (request.indicator().empty()) return absl::InvalidArgumentError("indicator: required");
  if (request.year() < 2000 || request.year() > 2100) {
    return absl::InvalidArgumentError(absl::StrCat("year: ", request.year(),
                                                   " is not a year 2000..2100"));
  }
  HistoryQuery q{.district = request.district(),
                 .indicator = request.indicator(),
                 .year = request.year(),
                 .from_month = request.from_month() == 0 ? 1 : request.from_month(),
                 .to_month = request.to_month() == 0 ? 12 : request.to_month(),
                 .today = context_.clock.today()};
  if (q.from_month < 1 || q.from_month > 12) {
    return absl::InvalidArgumentError("from_month: must be 1..12 (0 for 1)");
  }
  if (q.to_month < q.from_month || q.to_month > 12) {
    return absl::InvalidArgumentError("to_month: must be from_month..12 (0 for 12)");
  }
  ASSIGN_OR_RETURN(std::optional<v1::Plan> plan, plans_.Get(q.district, q.year));
  if (!plan.has_value()) {
    return absl::NotFoundError(absl::StrCat("no plan for district ", q.district, " in ", q.year));
  }
  return IndicatorHistoryOf(scorecards_, *plan, q);
}

absl::StatusOr<v1::DistrictComparison> ScorecardServiceImpl::DoCompareDistricts(
    const v1::CompareDistrictsRequest& request) {
  ASSIGN_OR_RETURN(absl::CivilDay as_of, ToCivilDay(request.as_of(), "as_of"));
  // Each district costs a whole scorecard: the list is bounded, and a district named twice
  // is ranked once (20,000 copies of one code once took 15 s and 1.5 GB).
  if (request.districts_size() > kMaxComparedDistricts) {
    return absl::InvalidArgumentError(absl::StrCat("districts: ", request.districts_size(),
                                                   " districts; at most ", kMaxComparedDistricts));
  }
  std::vector<std::string> districts;
  std::vector<int> asked_at;  // each district's first place in the request
  std::set<std::string> named;
  for (int i = 0; i < request.districts_size(); ++i) {
    const std::string& d = request.districts(i);
    if (absl::Status s = ValidateDistrict(d); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("districts[", i, "]: ", s.message()));
    }
    if (named.insert(d).second) {
      districts.push_back(d);
      asked_at.push_back(i);
    }
  }
  const int year = static_cast<int>(as_of.year());
  if (districts.empty()) {
    ASSIGN_OR_RETURN(districts, plans_.DistrictsWithPlan(year));
    if (districts.size() > static_cast<size_t>(kMaxComparedDistricts)) {
      return absl::FailedPreconditionError(
          absl::StrCat(districts.size(), " districts have a plan for ", year, "; at most ",
                       kMaxComparedDistricts, " are compared at once: name them in districts"));
    }
  } else {
    // A district without a plan is refused before any card is computed: the refusal costs
    // one read for all of them, not the cards of the districts named before it (which would
    // also be kept as month-end snapshots by a call that answers an error).
    ASSIGN_OR_RETURN(const std::vector<bool> in_force, plans_.InForce(districts, year));
    for (size_t k = 0; k < districts.size(); ++k) {
      if (!in_force[k]) {
        return absl::NotFoundError(absl::StrCat("districts[", asked_at[k], "]: no plan for district ",
                                                districts[k], " in ", year));
      }
    }
  }
  std::vector<ScorecardKey> keys;
  keys.reserve(districts.size());
  for (const std::string& d : districts) keys.push_back({d, as_of, {}});
  std::vector<absl::StatusOr<ServedCardPtr>> served = scorecards_.ServeMany(keys);
  std::vector<const v1::Scorecard*> cards;
  cards.reserve(served.size());
  for (const absl::StatusOr<ServedCardPtr>& card : served) {
    if (!card.ok()) return card.status();  // NOT_FOUND names the district without a plan
    cards.push_back(&(*card)->card);
  }
  return RankDistricts(cards, as_of);
}

void ScorecardServiceImpl::BeginShutdown() {
  hub_.EndAll(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                           "server shutting down; reconnect and watch again"));
}

grpc::ServerWriteReactor<v1::Scorecard>* ScorecardServiceImpl::WatchScorecard(
    grpc::CallbackServerContext* ctx, const v1::WatchScorecardRequest* request) {
  return hub_.Start(ctx, *request);
}

absl::StatusOr<v1::ListAuditEntriesResponse> ScorecardServiceImpl::DoListAuditEntries(
    const v1::ListAuditEntriesRequest& request) {
  return aggregator::ListAuditEntries(context_.pool, request);
}

}  // namespace devplan::aggregator
