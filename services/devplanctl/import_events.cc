// events: job fairs, cultural and sports events, one row per event → SocialService
// CreateEvent, then FinishEvent when a row gives the end_date of an event stored without one.
// An event stored as the row has it is unchanged and not sent; another event under a taken id
// is the service's ALREADY_EXISTS.
#include "absl/strings/str_cat.h"
#include "devplan/v1/social.grpc.pb.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/import_common.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

const std::vector<EnumWord>& KindWords() {
  static const std::vector<EnumWord> w = ProtoEnumWords(
      v1::EventKind_descriptor(), "EVENT_KIND_",
      {{v1::EVENT_KIND_JOB_FAIR, {"招聘会", "专场招聘会"}},
       {v1::EVENT_KIND_CULTURAL, {"文化活动", "文化"}},
       {v1::EVENT_KIND_SPORTS, {"体育赛事", "体育"}}});
  return w;
}

const std::vector<EnumWord>& CulturalWords() {
  static const std::vector<EnumWord> w = ProtoEnumWords(
      v1::CulturalEventType_descriptor(), "CULTURAL_EVENT_TYPE_",
      {{v1::CULTURAL_EVENT_TYPE_HERITAGE_OUTREACH, {"非遗宣传", "非遗"}},
       {v1::CULTURAL_EVENT_TYPE_READING_PROMOTION, {"全民阅读", "阅读推广"}},
       {v1::CULTURAL_EVENT_TYPE_SQUARE_DANCE, {"广场舞"}},
       {v1::CULTURAL_EVENT_TYPE_PUBLIC_TRAINING, {"公益培训"}},
       {v1::CULTURAL_EVENT_TYPE_OTHER, {"其他"}}});
  return w;
}

const std::vector<EnumWord>& PlanEventWords() {
  static const std::vector<EnumWord> w =
      ProtoEnumWords(v1::PlanEvent_descriptor(), "PLAN_EVENT_", {});
  return w;
}

struct Row {
  v1::CreateEventRequest create;
  std::string name;
};

absl::StatusOr<Row> Parse(const Record& r, const ImportOptions& o) {
  Row row;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  v1::Event& e = *row.create.mutable_event();
  e.set_district(basics.district);
  ASSIGN_OR_RETURN(std::string id, Required(r, "event_id"));
  e.set_event_id(id);
  ASSIGN_OR_RETURN(int kind, RequiredEnum(r, "kind", KindWords()));
  e.set_kind(static_cast<v1::EventKind>(kind));
  ASSIGN_OR_RETURN(std::string title, Required(r, "title_zh"));
  e.set_title_zh(title);
  e.set_title_en(r.Get("title_en").value_or(""));
  ASSIGN_OR_RETURN(v1::Date start, RequiredDate(r, "start_date"));
  RETURN_IF_ERROR(NotInFuture(start, "start_date"));
  *e.mutable_start_date() = start;
  ASSIGN_OR_RETURN(std::optional<v1::Date> end, OptionalPastDate(r, "end_date"));
  if (end) *e.mutable_end_date() = *end;
  if (auto p = r.Get("positions_offered")) {
    ASSIGN_OR_RETURN(int64_t v, Named(ParseInt(*p), "positions_offered"));
    e.set_positions_offered(v);
  }
  if (auto c = r.Get("cultural_type")) {
    ASSIGN_OR_RETURN(int v, ParseEnum(*c, CulturalWords(), "cultural_type"));
    e.set_cultural_type(static_cast<v1::CulturalEventType>(v));
  }
  if (auto p = r.Get("plan_event")) {
    ASSIGN_OR_RETURN(int v, ParseEnum(*p, PlanEventWords(), "plan_event"));
    e.set_plan_event(static_cast<v1::PlanEvent>(v));
  }
  ASSIGN_OR_RETURN(std::string organizer, Required(r, "organizer"));
  e.set_organizer(organizer);
  row.create.set_reported_by(basics.reported_by);
  row.create.set_request_id(RequestId("event", row.create.ShortDebugString()));
  row.create.set_validate_only(o.dry_run);
  row.name = absl::StrCat("districts/", basics.district, "/events/", id);
  return row;
}

WriteOutcome Write(v1::SocialService::Stub& stub, const Row& row) {
  v1::GetEventRequest get;
  get.set_name(row.name);
  v1::Event stored;
  grpc::Status s = stub.GetEvent(Ctx().get(), get, &stored);
  if (!s.ok() && s.error_code() != grpc::StatusCode::NOT_FOUND) return {s, false};
  const v1::Event& e = row.create.event();
  const bool found = s.ok();
  if (found && Canonical(stored, {"end_date"}) == Canonical(e, {"end_date"})) {
    if (!e.has_end_date() || Canonical(stored) == Canonical(e)) return {grpc::Status::OK, false};
    // Another end date than stored: the service refuses it as it refuses a second finish.
    v1::FinishEventRequest finish;
    finish.set_name(row.name);
    *finish.mutable_end_date() = e.end_date();
    finish.set_reported_by(row.create.reported_by());
    finish.set_validate_only(row.create.validate_only());
    v1::Event out;
    return {stub.FinishEvent(Ctx().get(), finish, &out), true};
  }
  // New, or another event under the id (the service says which).
  v1::Event out;
  return {stub.CreateEvent(Ctx().get(), row.create, &out), true};
}

}  // namespace

ImportKind EventsKind() {
  ImportKind k;
  k.name = "events";
  k.summary = "job fairs, cultural and sports events: one row per event, its end_date finishing it (SocialService)";
  k.fields = WithCommonFields({
      {"event_id", {"活动编号", "编号", "id"}, "1-64 of A-Z a-z 0-9 _ . -", true},
      {"kind", {"类型", "活动类型"}, "job_fair/招聘会, cultural/文化活动, sports/体育赛事", true},
      {"title_zh", {"活动名称", "名称", "name"}, "Chinese name", true},
      {"title_en", {"英文名称"}, "English name (optional)"},
      {"start_date", {"开始日期", "日期"}, "YYYY-MM-DD", true},
      {"end_date", {"结束日期"}, "YYYY-MM-DD: finishes the event (stored without one: FinishEvent)"},
      {"positions_offered", {"提供岗位", "岗位数"}, "job fairs only"},
      {"cultural_type", {"文化活动类型"}, "cultural events: heritage_outreach/非遗宣传, reading_promotion/全民阅读, square_dance/广场舞, …"},
      {"plan_event", {"计划活动"}, "sports: the plan's event, e.g. YELLOW_RIVER_CUP_3"},
      {"organizer", {"主办单位", "组织单位"}, "organising department", true},
  });
  k.run = [](const ParsedFile& file, const ImportOptions& o) {
    auto stub = v1::SocialService::NewStub(ChannelTo(G().social_addr));
    return RunRows<Row>(file, o, "events", Parse, [&](const Row& row) { return Write(*stub, row); });
  };
  return k;
}

}  // namespace devplan::ctl
