// The real devplanctl binary against the four real services (in this process, on loopback)
// and a private redis-server, over TLS with the deployed access policy: each command runs as
// the identity a deployment would give it (a department's imports as that department).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "devplan/v1/environment.grpc.pb.h"
#include "devplan/v1/investment.grpc.pb.h"
#include "devplan/v1/social.grpc.pb.h"
#include "services/common/redis_keys.h"
#include "tests/devplanctl/cli_runner.h"
#include "tests/support/dev_credentials.h"
#include "tests/support/suite_fixture.h"

namespace devplan::testing {

inline const std::string kData = DEVPLANCTL_TEST_DATA;
inline const std::string kPlan = std::string(DEVPLAN_SOURCE_DIR) + "/deploy/plans/410108-2024.textproto";

// The identities of deploy/auth/policy.textproto the commands run as.
inline constexpr char kReader[] = "scorecard-job";
inline constexpr char kInvestment[] = "dev-reform-410108";  // 区发展改革委
// The department of each import kind's identity in 410108.
inline const std::map<std::string, std::string>& ImportIdentity() {
  static const auto* m = new std::map<std::string, std::string>{
      {"projects", kInvestment},
      {"investment", kInvestment},
      {"figures", "statistics-410108"},
      {"air", "eco-environment-410108"},
      {"water-samples", "env-monitoring-station-410108"},
      {"social-figures", "hr-social-security-410108"},
      {"facilities", "education-410108"},
      {"stations", "eco-environment-410108"},
      {"daily-aqi", "eco-environment-410108"},
      {"water-bodies", "eco-environment-410108"},
      {"works", "eco-environment-branch-410108"},
      {"plots", "natural-resources-410108"},
      {"outputs", "urban-management-410108"},
      {"promotion-events", "commerce-410108"},
      {"talent-counts", "education-410108"},
      {"coverage", "medical-security-410108"},
      {"facility-steps", "education-410108"},
      {"events", "hr-social-security-410108"}};
  return *m;
}

class Devplanctl : public ::testing::Test {
 protected:
  // devplanctl as `identity`: TLS with the development CA, its client certificate.
  CliRun Run(std::vector<std::string> args, const std::string& identity = kReader) {
    auto [cert, key] = DevCredentials::Get().Identity(identity);
    std::vector<std::string> all = {"--investment-addr", s_.investment_address(),
                                    "--environment-addr", s_.environment_address(),
                                    "--social-addr", s_.social_address(),
                                    "--scorecard-addr", s_.scorecard_address(), "--timeout", "20",
                                    "--tls-ca", DevCredentials::Get().ca(), "--cert", cert, "--key", key};
    all.insert(all.end(), args.begin(), args.end());
    return RunDevplanctl(all);
  }
  // Imports as the identity of the department that reports this kind; reported_by is left
  // to the server, which fills in that department.
  CliRun Import(const std::string& kind, const std::string& file, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"import", kind, file, "--district", "410108"};
    args.insert(args.end(), more.begin(), more.end());
    auto identity = ImportIdentity().find(kind);
    return Run(args, identity == ImportIdentity().end() ? kInvestment : identity->second);
  }
  v1::ListProjectsResponse Projects() {
    auto stub = v1::InvestmentService::NewStub(s_.Channel(s_.investment_address(), kReader));
    v1::ListProjectsRequest req;
    req.set_district("410108");
    req.set_view(v1::PROJECT_VIEW_FULL);
    v1::ListProjectsResponse resp;
    EXPECT_TRUE(stub->ListProjects(ContextWithDeadline().get(), req, &resp).ok());
    return resp;
  }
  v1::ListMonthlyInvestmentsResponse Investments() {
    auto stub = v1::InvestmentService::NewStub(s_.Channel(s_.investment_address(), kReader));
    v1::ListMonthlyInvestmentsRequest req;
    req.set_parent("districts/410108/projects/-");
    req.set_year(2024);
    v1::ListMonthlyInvestmentsResponse resp;
    EXPECT_TRUE(stub->ListMonthlyInvestments(ContextWithDeadline().get(), req, &resp).ok());
    return resp;
  }
  void PutPlan() {
    CliRun r = Run({"plan", "put", kPlan}, "plan-admin");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void MakeWaterBodyAndStation() {
    auto env = v1::EnvironmentService::NewStub(s_.Channel(s_.environment_address(), "eco-environment-410108"));
    v1::PutWaterBodyRequest wb;
    v1::WaterBody& b = *wb.mutable_water_body();
    b.set_water_body_id("jinwa-west");
    b.set_district("410108");
    b.set_title_zh("金洼干沟西支");
    b.set_kind(v1::WATER_BODY_KIND_DITCH);
    b.set_black_odorous_listed(true);
    b.mutable_listed_on()->set_year(2024);
    b.mutable_listed_on()->set_month(1);
    b.mutable_listed_on()->set_day(1);
    for (const char* p : {"JW-1", "JW-2", "JW-3"}) b.add_sampling_points(p);
    wb.set_reported_by("郑州市生态环境局惠济分局");
    v1::WaterBody out;
    ASSERT_TRUE(env->PutWaterBody(ContextWithDeadline().get(), wb, &out).ok());
    CliRun st = Run({"environment", "stations", "add", "--district", "410108", "--id", "HJ-AQ-01",
                     "--title", "惠济区政府（测试站点）", "--level", "国控"},
                    "eco-environment-410108");
    ASSERT_EQ(st.exit_code, 0) << st.err;
  }

  // The district's data version: every acknowledged write bumps it, so an equal version
  // proves a command wrote nothing.
  std::string DataVersion() {
    absl::StatusOr<redis::Reply> v = s_.pool().Run({"GET", keys::DataVersion("410108")});
    EXPECT_TRUE(v.ok()) << v.status();
    return v.ok() && !v->is_nil() ? std::string(v->str()) : "0";
  }

  SuiteFixture s_{Clock::System(), Transport::kTls};
  TempDir dir_;
};

inline int Lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace devplan::testing
