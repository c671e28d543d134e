// outputs: infrastructure outputs of projects (roads, parking, charging piles, lit roads), one
// row per output → InvestmentService RecordInfrastructureOutput. The district's outputs are
// read once; a row equal to the stored output is unchanged and not sent.
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
      v1::InfrastructureKind_descriptor(), "INFRASTRUCTURE_KIND_",
      {{v1::INFRASTRUCTURE_KIND_ROAD, {"道路"}},
       {v1::INFRASTRUCTURE_KIND_PARKING_LOT, {"停车场"}},
       {v1::INFRASTRUCTURE_KIND_PARKING_SPACES, {"停车位"}},
       {v1::INFRASTRUCTURE_KIND_CHARGING_PILES, {"充电桩"}},
       {v1::INFRASTRUCTURE_KIND_LIT_ROAD, {"亮化道路", "路灯"}}});
  return w;
}

absl::StatusOr<v1::RecordInfrastructureOutputRequest> Parse(const Record& r, const ImportOptions& o) {
  v1::RecordInfrastructureOutputRequest req;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  ASSIGN_OR_RETURN(std::string project, Required(r, "project_id"));
  req.set_parent(absl::StrCat("districts/", basics.district, "/projects/", project));
  v1::InfrastructureOutput& out = *req.mutable_output();
  ASSIGN_OR_RETURN(std::string id, Required(r, "output_id"));
  out.set_output_id(id);
  ASSIGN_OR_RETURN(int kind, RequiredEnum(r, "kind", KindWords()));
  out.set_kind(static_cast<v1::InfrastructureKind>(kind));
  ASSIGN_OR_RETURN(std::string title, Required(r, "title_zh"));
  out.set_title_zh(title);
  ASSIGN_OR_RETURN(std::string q, Required(r, "quantity"));
  ASSIGN_OR_RETURN(int64_t quantity, Named(ParseInt(q), "quantity"));
  out.set_quantity(quantity);
  if (auto s = r.Get("parking_spaces")) {
    ASSIGN_OR_RETURN(int64_t spaces, Named(ParseInt(*s), "parking_spaces"));
    out.set_parking_spaces(spaces);
  }
  ASSIGN_OR_RETURN(std::optional<v1::Date> started, OptionalPastDate(r, "started_on"));
  if (started) *out.mutable_started_on() = *started;
  ASSIGN_OR_RETURN(std::optional<v1::Date> delivered, OptionalPastDate(r, "delivered_on"));
  if (delivered) *out.mutable_delivered_on() = *delivered;
  req.set_reported_by(basics.reported_by);
  if (auto reason = r.Get("correction_reason")) req.set_correction_reason(*reason);
  req.set_request_id(RequestId("output", req.ShortDebugString()));
  req.set_validate_only(o.dry_run);
  return req;
}

std::string District(const std::string& parent) {
  // "districts/{district}/projects/{id}"
  return parent.substr(10, parent.find('/', 10) - 10);
}

}  // namespace

ImportKind OutputsKind() {
  ImportKind k;
  k.name = "outputs";
  k.summary = "infrastructure outputs of projects: one row per road, parking lot, piles or lit road (InvestmentService)";
  k.fields = WithCommonFields({
      {"project_id", {"项目编号"}, "the project it belongs to (imported)", true},
      {"output_id", {"成果编号", "编号"}, "1-64 of A-Z a-z 0-9 _ . -, unique in the project", true},
      {"kind", {"类型", "成果类型"}, "road/道路, parking_lot/停车场, parking_spaces/停车位, charging_piles/充电桩, lit_road/亮化道路", true},
      {"title_zh", {"名称", "成果名称", "name"}, "e.g. 香山路", true},
      {"quantity", {"数量"}, "1 for a road, lot or lit road; spaces or piles otherwise", true},
      {"parking_spaces", {"车位数"}, "spaces of a parking lot"},
      {"started_on", {"开工日期"}, "YYYY-MM-DD (required for a road)"},
      {"delivered_on", {"交付日期", "建成日期"}, "YYYY-MM-DD: opened, in service or lit"},
      {"correction_reason", {"更正原因"}, "only to change a recorded date or the kind"},
  });
  k.run = [](const ParsedFile& file, const ImportOptions& o) {
    auto stub = v1::InvestmentService::NewStub(ChannelTo(G().investment_addr));
    StoredRecords stored([&](const std::string& district, std::map<std::string, std::string>& into) {
      v1::ListInfrastructureOutputsRequest req;
      req.set_parent(absl::StrCat("districts/", district, "/projects/-"));
      req.set_page_size(1000);
      do {
        v1::ListInfrastructureOutputsResponse resp;
        grpc::Status s = stub->ListInfrastructureOutputs(Ctx().get(), req, &resp);
        if (!s.ok()) return s;
        for (const auto& out : resp.outputs()) into[out.name()] = Canonical(out);
        req.set_page_token(resp.next_page_token());
      } while (!req.page_token().empty());
      return grpc::Status::OK;
    });
    return RunRows<v1::RecordInfrastructureOutputRequest>(
        file, o, "outputs", Parse, [&](const v1::RecordInfrastructureOutputRequest& req) {
          const std::string name = absl::StrCat(req.parent(), "/outputs/", req.output().output_id());
          return stored.WriteUnlessStored(District(req.parent()), name, Canonical(req.output()),
                                          o.dry_run, [&] {
                                            v1::InfrastructureOutput out;
                                            return stub->RecordInfrastructureOutput(Ctx().get(), req, &out);
                                          });
        });
  };
  return k;
}

}  // namespace devplan::ctl
