// investment: one row per project and month → InvestmentService ReportMonthlyInvestment.
// The month's stored amounts are read once per (district, year) so a row equal to what is
// stored is counted unchanged and not sent.
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "devplan/v1/investment.grpc.pb.h"
#include "services/common/dates.h"
#include "services/common/status_macros.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/import_common.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

struct Row {
  v1::ReportMonthlyInvestmentRequest req;
  std::string district;
};

absl::StatusOr<Row> Parse(const Record& r, const ImportOptions& o) {
  Row row;
  ASSIGN_OR_RETURN(RowBasics basics, BasicsOf(r, o));
  ASSIGN_OR_RETURN(std::string id, Required(r, "project_id"));
  ASSIGN_OR_RETURN(v1::Date month, RequiredMonth(r, "month"));
  absl::CivilMonth m(month.year(), month.month());
  if (absl::CivilMonth(TodayInChina()) < m) {
    return absl::InvalidArgumentError(absl::StrCat("month ", MonthKey(m), " has not begun"));
  }
  ASSIGN_OR_RETURN(std::optional<int64_t> given, MoneyOf(r, "amount"));
  if (!given) return absl::InvalidArgumentError("amount is empty");
  const int64_t amount = *given;
  if (amount < 0 || amount > 100'000'000'000) {
    return absl::InvalidArgumentError(absl::StrCat("amount ", amount, " yuan is outside 0..1000亿元"));
  }
  row.district = basics.district;
  row.req.set_parent(absl::StrCat("districts/", basics.district, "/projects/", id));
  *row.req.mutable_month() = month;
  row.req.set_amount_yuan(amount);
  row.req.set_reported_by(basics.reported_by);
  row.req.set_validate_only(o.dry_run);
  row.req.set_request_id(RequestId("inv", absl::StrCat(row.req.parent(), "|", MonthKey(m), "|",
                                                       amount)));
  return row;
}

class Writer {
 public:
  Writer() : stub_(v1::InvestmentService::NewStub(ChannelTo(G().investment_addr))) {}

  WriteOutcome operator()(const Row& row) {
    const int year = row.req.month().year();
    if (!loaded_.count({row.district, year})) {
      grpc::Status s = Load(row.district, year);
      if (!s.ok()) return {s, false};
    }
    std::string key = absl::StrCat(row.req.parent(), "/investments/",
                                   MonthKey(absl::CivilMonth(year, row.req.month().month())));
    auto it = stored_.find(key);
    if (it != stored_.end() && it->second == row.req.amount_yuan()) return {grpc::Status::OK, false};
    v1::MonthlyInvestment out;
    grpc::Status s = stub_->ReportMonthlyInvestment(Ctx().get(), row.req, &out);
    if (s.ok() && !row.req.validate_only()) stored_[key] = row.req.amount_yuan();
    return {s, true};
  }

 private:
  grpc::Status Load(const std::string& district, int year) {
    v1::ListMonthlyInvestmentsRequest req;
    req.set_parent(absl::StrCat("districts/", district, "/projects/-"));
    req.set_year(year);
    req.set_page_size(1000);
    do {
      v1::ListMonthlyInvestmentsResponse resp;
      grpc::Status s = stub_->ListMonthlyInvestments(Ctx().get(), req, &resp);
      if (!s.ok()) return s;
      for (const auto& m : resp.investments()) stored_[m.name()] = m.amount_yuan();
      req.set_page_token(resp.next_page_token());
    } while (!req.page_token().empty());
    loaded_.insert({district, year});
    return grpc::Status::OK;
  }

  std::unique_ptr<v1::InvestmentService::Stub> stub_;
  std::set<std::pair<std::string, int>> loaded_;
  std::map<std::string, int64_t> stored_;
};

}  // namespace

ImportKind InvestmentKind() {
  ImportKind k;
  k.name = "investment";
  k.summary = "monthly investment completed: one row per project and month (InvestmentService)";
  std::vector<FieldSpec> f = {
      {"project_id", {"项目编号", "id"}, "a project already imported", true},
      {"month", {"月份", "period"}, "YYYY-MM", true},
  };
  for (auto& m : MoneyFields("amount", "完成投资", "investment completed in the month")) f.push_back(m);
  k.fields = WithCommonFields(f);
  k.run = [](const ParsedFile& file, const ImportOptions& o) {
    Writer w;
    return RunRows<Row>(file, o, "investment", Parse, [&](const Row& r) { return w(r); });
  };
  return k;
}

}  // namespace devplan::ctl
