// devplanctl audit --district D [--identity X] [--department Y] [--since DATE] [--until DATE]
// [--limit N] [--format table|json|csv]: who wrote what in a district (ListAuditEntries, the
// auditor's permission audit.entries.list), newest first.
#include <iostream>
#include <memory>

#include <google/protobuf/util/time_util.h>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "devplan/v1/scorecard.grpc.pb.h"
#include "services/common/dates.h"
#include "services/devplanctl/cli.h"
#include "services/devplanctl/commands.h"
#include "services/devplanctl/csv.h"
#include "services/devplanctl/output.h"
#include "services/devplanctl/text.h"

namespace devplan::ctl {
namespace {

// ListAuditEntries answers at most this many per page.
constexpr int kMaxPageSize = 1000;

struct Args {
  std::string district, identity, department, since, until, format = "table";
  int limit = 50;
};

// The start of `day` in China Standard Time, where every district lies.
google::protobuf::Timestamp StartOf(absl::CivilDay day) {
  return google::protobuf::util::TimeUtil::SecondsToTimestamp(
      absl::ToUnixSeconds(absl::FromCivil(day, ChinaTimeZone())));
}

absl::CivilDay DayOrThrow(const std::string& text, const std::string& flag) {
  absl::StatusOr<v1::Date> d = ParseDate(text);
  if (!d.ok()) throw CliError(kExitBadInput, absl::StrCat(flag, ": ", d.status().message()));
  return absl::CivilDay(d->year(), d->month(), d->day());
}

// "2024-09-30 14:03:22" in China Standard Time.
std::string TimeText(const google::protobuf::Timestamp& t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S",
                          absl::FromUnixMillis(google::protobuf::util::TimeUtil::TimestampToMilliseconds(t)),
                          ChinaTimeZone());
}

// "/devplan.v1.InvestmentService/CreateProject" → "CreateProject".
std::string MethodName(const std::string& method) {
  size_t slash = method.rfind('/');
  return slash == std::string::npos ? method : method.substr(slash + 1);
}

std::string Table(const v1::ListAuditEntriesResponse& all) {
  std::string out = absl::StrCat(PadRight("time (UTC+8)", 21), PadRight("identity", 28),
                                 PadRight("department", 30), PadRight("method", 24),
                                 PadRight("resource", 44), PadLeft("writes", 6), "  request_id\n");
  for (const v1::AuditEntry& e : all.entries()) {
    absl::StrAppend(&out, PadRight(TimeText(e.write_time()), 21),
                    PadRight(FitWidth(e.identity(), 27), 28),
                    PadRight(FitWidth(e.department().empty() ? "-" : e.department(), 29), 30),
                    PadRight(FitWidth(MethodName(e.method()), 23), 24),
                    PadRight(FitWidth(e.resource(), 43), 44), PadLeft(absl::StrCat(e.writes()), 6),
                    "  ", e.request_id().empty() ? "-" : e.request_id(), "\n");
  }
  return out;
}

std::string Csv(const v1::ListAuditEntriesResponse& all) {
  std::string out = CsvLine({"name", "write_time", "identity", "department", "peer", "method", "service",
                             "resource", "kind", "request_id", "request_fingerprint", "writes", "digest"});
  for (const v1::AuditEntry& e : all.entries()) {
    out += CsvLine({e.name(), google::protobuf::util::TimeUtil::ToString(e.write_time()), e.identity(),
                    e.department(), e.peer(), e.method(), e.service(), e.resource(), e.kind(),
                    e.request_id(), e.request_fingerprint(), absl::StrCat(e.writes()), e.digest()});
  }
  return out;
}

int Run(const Args& a) {
  v1::ListAuditEntriesRequest req;
  req.set_parent(absl::StrCat("districts/", a.district));
  req.set_identity(a.identity);
  req.set_department(a.department);
  if (!a.since.empty()) *req.mutable_start_time() = StartOf(DayOrThrow(a.since, "--since"));
  if (!a.until.empty()) *req.mutable_end_time() = StartOf(DayOrThrow(a.until, "--until") + 1);
  auto stub = v1::ScorecardService::NewStub(ChannelTo(G().scorecard_addr));
  // Pages until the limit: a page may hold fewer than asked when filters skip many entries.
  v1::ListAuditEntriesResponse all;
  do {
    req.set_page_size(std::min(kMaxPageSize, a.limit - all.entries_size()));
    v1::ListAuditEntriesResponse page;
    CheckRpc(stub->ListAuditEntries(Ctx().get(), req, &page), "audit", G().scorecard_addr);
    for (auto& e : *page.mutable_entries()) *all.add_entries() = std::move(e);
    all.set_next_page_token(page.next_page_token());
    req.set_page_token(page.next_page_token());
  } while (!req.page_token().empty() && all.entries_size() < a.limit);
  if (a.format == "json") {
    PrintProto(all, true);
  } else if (a.format == "csv") {
    std::cout << Csv(all);
  } else {
    std::cout << Table(all) << all.entries_size() << " entries, newest first"
              << (all.next_page_token().empty() ? "" : " (more: raise --limit)") << "\n";
  }
  return kExitOk;
}

}  // namespace

void AddAuditCommand(CLI::App& app) {
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "audit", "who wrote what in a district: its audit trail, newest first (ListAuditEntries; auditors)");
  cmd->add_option("--district", a->district, "GB/T 2260 district code")->envname("DEVPLAN_DISTRICT")->required();
  cmd->add_option("--identity", a->identity, "only the writes of this identity (e.g. statistics-410108)");
  cmd->add_option("--department", a->department, "only the writes of this department (e.g. 区统计局)");
  cmd->add_option("--since", a->since, "only writes on or after this day, YYYY-MM-DD (China time)");
  cmd->add_option("--until", a->until, "only writes on or before this day, YYYY-MM-DD (China time)");
  cmd->add_option("--limit", a->limit, "at most this many entries")->check(CLI::Range(1, 100'000))->capture_default_str();
  cmd->add_option("--format", a->format, "table, json (protobuf JSON) or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))->capture_default_str();
  cmd->callback([a] { throw CLI::RuntimeError(Run(*a)); });
}

}  // namespace devplan::ctl
