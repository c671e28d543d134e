// promotion-events: investment promotion events (signing ceremonies, expos, trips), one row
// per event → InvestmentService CreatePromotionEvent, which signs the projects named. The
// district's events are read once; a row equal to the stored event is unchanged, another
// event under a taken id is the service's ALREADY_EXISTS.
#include "absl/strings/str_cat.h"
#include "devplan/v1/investment.grpc.pb.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/import_common.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

const std::vector<EnumWord>& KindWords() {
  static const std::vector<EnumWord> w = ProtoEnumWords(
      v1::PromotionEventKind_descriptor(), "PROMOTION_EVENT_KIND_",
      {{v1::PROMOTION_EVENT_KIND_SIGNING_CEREMONY, {"签约仪式", "集中签约"}},
       {v1::PROMOTION_EVENT_KIND_INDUSTRY_EXPO, {"博览会", "展会"}},
       {v1::PROMOTION_EVENT_KIND_OUTBOUND_TRIP, {"外出招商"}},
       {v1::PROMOTION_EVENT_KIND_OTHER, {"其他"}},
       {v1::PROMOTION_EVENT_KIND_INVESTMENT_FAIR, {"招商推介会", "推介会"}},
       {v1::PROMOTION_EVENT_KIND_INDUSTRY_FORUM, {"产业论坛", "论坛"}}});
  return w;
}

absl::StatusOr<v1::CreatePromotionEventRequest> Parse(const Record& r, const ImportOptions& o) {
  v1::CreatePromotionEventRequest req;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  v1::PromotionEvent& e = *req.mutable_event();
  e.set_district(basics.district);
  ASSIGN_OR_RETURN(std::string id, Required(r, "event_id"));
  e.set_event_id(id);
  ASSIGN_OR_RETURN(int kind, RequiredEnum(r, "kind", KindWords()));
  e.set_kind(static_cast<v1::PromotionEventKind>(kind));
  ASSIGN_OR_RETURN(std::string title, Required(r, "title_zh"));
  e.set_title_zh(title);
  e.set_title_en(r.Get("title_en").value_or(""));
  ASSIGN_OR_RETURN(v1::Date start, RequiredDate(r, "start_date"));
  RETURN_IF_ERROR(NotInFuture(start, "start_date"));
  *e.mutable_start_date() = start;
  ASSIGN_OR_RETURN(std::optional<v1::Date> end, OptionalPastDate(r, "end_date"));
  if (end) *e.mutable_end_date() = *end;
  e.set_location(r.Get("location").value_or(""));
  if (auto seed = r.Get("seed_industry_expo")) {
    ASSIGN_OR_RETURN(bool v, Named(ParseBool(*seed), "seed_industry_expo"));
    e.set_seed_industry_expo(v);
  }
  if (auto ids = r.Get("signed_project_ids")) {
    for (std::string& p : ListCell(*ids)) e.add_signed_project_ids(std::move(p));
  }
  req.set_reported_by(basics.reported_by);
  req.set_request_id(RequestId("promo", req.ShortDebugString()));
  req.set_validate_only(o.dry_run);
  return req;
}

}  // namespace

ImportKind PromotionEventsKind() {
  ImportKind k;
  k.name = "promotion-events";
  k.summary = "investment promotion events and the projects signed at them: one row per event (InvestmentService)";
  k.fields = WithCommonFields({
      {"event_id", {"活动编号", "编号", "id"}, "1-64 of A-Z a-z 0-9 _ . -", true},
      {"kind", {"类型", "活动类型"}, "signing_ceremony/签约仪式, industry_expo/博览会, outbound_trip/外出招商, investment_fair/招商推介会, …", true},
      {"title_zh", {"活动名称", "名称", "name"}, "e.g. 2024年种业博览会", true},
      {"title_en", {"英文名称"}, "English name (optional)"},
      {"start_date", {"开始日期", "日期"}, "YYYY-MM-DD; projects signed take it as signed_on", true},
      {"end_date", {"结束日期"}, "YYYY-MM-DD, for events of several days"},
      {"location", {"地点"}, "free text"},
      {"seed_industry_expo", {"种业博览会"}, "是/否: the plan's seed-industry expo (industry_expo only)"},
      {"signed_project_ids", {"签约项目", "签约项目编号"}, "project ids separated by ; (each imported)"},
  });
  k.run = [](const ParsedFile& file, const ImportOptions& o) {
    auto stub = v1::InvestmentService::NewStub(ChannelTo(G().investment_addr));
    StoredRecords stored([&](const std::string& district, std::map<std::string, std::string>& into) {
      v1::ListPromotionEventsRequest req;
      req.set_district(district);
      req.set_page_size(1000);
      do {
        v1::ListPromotionEventsResponse resp;
        grpc::Status s = stub->ListPromotionEvents(Ctx().get(), req, &resp);
        if (!s.ok()) return s;
        for (const auto& e : resp.events()) into[e.event_id()] = Canonical(e);
        req.set_page_token(resp.next_page_token());
      } while (!req.page_token().empty());
      return grpc::Status::OK;
    });
    return RunRows<v1::CreatePromotionEventRequest>(
        file, o, "promotion-events", Parse, [&](const v1::CreatePromotionEventRequest& req) {
          const v1::PromotionEvent& e = req.event();
          return stored.WriteUnlessStored(e.district(), e.event_id(), Canonical(e), o.dry_run, [&] {
            v1::PromotionEvent out;
            return stub->CreatePromotionEvent(Ctx().get(), req, &out);
          });
        });
  };
  return k;
}

}  // namespace devplan::ctl
