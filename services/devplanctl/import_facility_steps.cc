// facility-steps: lifecycle steps of registered facilities, one row per step → SocialService
// RecordFacilityStep. A step already in force (same stage and date) is unchanged and not
// sent; the service decides the order (a step before the latest, backwards without a
// correction, an unknown facility), in a dry run too.
#include "absl/strings/str_cat.h"
#include "devplan/v1/social.grpc.pb.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/import_common.h"
#include "services/devplanctl/import_facilities.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

absl::StatusOr<v1::RecordFacilityStepRequest> Parse(const Record& r, const ImportOptions& o) {
  v1::RecordFacilityStepRequest step;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  ASSIGN_OR_RETURN(std::string id, Required(r, "facility_id"));
  step.set_name(absl::StrCat("districts/", basics.district, "/facilities/", id));
  ASSIGN_OR_RETURN(int stage, RequiredEnum(r, "stage", FacilityStageWords()));
  step.set_stage(static_cast<v1::FacilityStage>(stage));
  ASSIGN_OR_RETURN(v1::Date d, RequiredDate(r, "date"));
  RETURN_IF_ERROR(NotInFuture(d, "date"));
  *step.mutable_date() = d;
  step.set_reported_by(basics.reported_by);
  if (auto reason = r.Get("correction_reason")) step.set_correction_reason(*reason);
  step.set_request_id(RequestId("step", step.ShortDebugString()));
  step.set_validate_only(o.dry_run);
  return step;
}

WriteOutcome Write(v1::SocialService::Stub& stub, const v1::RecordFacilityStepRequest& step) {
  v1::GetFacilityRequest get;
  get.set_name(step.name());
  v1::Facility stored;
  grpc::Status s = stub.GetFacility(Ctx().get(), get, &stored);
  if (s.error_code() == grpc::StatusCode::NOT_FOUND) {
    // Sent as it is: the service's answer names what is missing, as for any write.
    v1::Facility out;
    return {stub.RecordFacilityStep(Ctx().get(), step, &out), true};
  }
  if (!s.ok()) return {s, false};
  return RecordStepIfNew(stub, stored, step);
}

}  // namespace

ImportKind FacilityStepsKind() {
  ImportKind k;
  k.name = "facility-steps";
  k.summary = "lifecycle steps of registered facilities: one row per step (SocialService)";
  k.fields = WithCommonFields({
      {"facility_id", {"设施编号", "id"}, "a registered facility", true},
      {"stage", {"阶段", "进度阶段"}, "planned/规划, started/开工, suspended/停工, resumed/复工, structure_done/主体完工, completed/竣工, delivered/交付, in_service/投用", true},
      {"date", {"日期", "阶段日期"}, "YYYY-MM-DD: the day the stage was reached", true},
      {"correction_reason", {"更正原因"}, "makes the step a correction (withdraws the same and later stages)"},
  });
  k.run = [](const ParsedFile& file, const ImportOptions& o) {
    auto stub = v1::SocialService::NewStub(ChannelTo(G().social_addr));
    return RunRows<v1::RecordFacilityStepRequest>(
        file, o, "facility-steps", Parse,
        [&](const v1::RecordFacilityStepRequest& step) { return Write(*stub, step); });
  };
  return k;
}

}  // namespace devplan::ctl
