// The policy the suite is deployed with (deploy/auth/policy.textproto) loads as the servers
// load it, and grants what the suite's own data needs: every department that leads a plan's
// indicator, and every department the SAMPLE data reports as, writes to its service in each
// district it reports for; the readers, the plan administrator, the auditor and the
// aggregator hold what they are for. A department missing here would have its figures
// refused at the first write.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/text_format.h>

#include "devplan/v1/access.pb.h"
#include "devplan/v1/scorecard.pb.h"
#include "services/common/auth/permissions.h"
#include "services/common/auth/policy.h"

namespace devplan::auth {
namespace {

const std::string kSource = DEVPLAN_SOURCE_DIR;
const std::string kPolicy = kSource + "/deploy/auth/policy.textproto";
// The districts the SAMPLE data is loaded for: sample/__init__.py's DISTRICT and
// sample/second_district.py's CODE.
const std::vector<std::string> kSampleDistricts = {"410108", "410102"};

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every write permission of a domain service ("investment" → investment.projects.create, …),
// from the methods' declared options.
std::vector<std::string> WritePermissions(const std::string& service) {
  const std::string full = service == "investment"    ? "devplan.v1.InvestmentService"
                           : service == "environment" ? "devplan.v1.EnvironmentService"
                                                      : "devplan.v1.SocialService";
  const google::protobuf::ServiceDescriptor* s =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(full);
  EXPECT_NE(s, nullptr) << full;
  std::vector<std::string> out;
  if (s == nullptr) return out;
  for (int i = 0; i < s->method_count(); ++i) {
    const v1::AccessRule& rule = s->method(i)->options().GetExtension(v1::access);
    if (rule.writes()) out.push_back(rule.permission());
  }
  EXPECT_FALSE(out.empty()) << full;
  return out;
}

class DeployPolicy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // The generated code registers the services' descriptors only once it is linked in.
    (void)v1::Plan::descriptor();
    permissions_ = new Permissions(*Permissions::All());
    absl::StatusOr<Policy> loaded = Policy::Load(kPolicy, *permissions_);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    policy_ = new Policy(*std::move(loaded));
    proto_ = new v1::AccessPolicy;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(Read(kPolicy), proto_));
  }
  static void TearDownTestSuite() {
    delete permissions_;
    delete policy_;
    delete proto_;
  }

  // The identities speaking for `department` that hold every write of `service` in `district`.
  static std::vector<std::string> Writers(const std::string& department, const std::string& service,
                                          const std::string& district) {
    std::vector<std::string> out;
    for (const v1::Identity& identity : proto_->identities()) {
      if (identity.department() != department) continue;
      bool all = true;
      for (const std::string& p : WritePermissions(service)) {
        std::optional<DistrictScope> scope = policy_->Scope(identity.name(), p);
        all = all && scope.has_value() && scope->Covers(district);
      }
      if (all) out.push_back(identity.name());
    }
    return out;
  }

  static bool Holds(const std::string& identity, const std::string& permission,
                    const std::string& district) {
    std::optional<DistrictScope> scope = policy_->Scope(identity, permission);
    return scope.has_value() && scope->Covers(district);
  }

  static Permissions* permissions_;
  static Policy* policy_;
  static v1::AccessPolicy* proto_;
};
Permissions* DeployPolicy::permissions_ = nullptr;
Policy* DeployPolicy::policy_ = nullptr;
v1::AccessPolicy* DeployPolicy::proto_ = nullptr;

TEST_F(DeployPolicy, EveryLeadDepartmentOfEveryPlanWritesToItsSourceServiceInThePlansDistrict) {
  int plans = 0, checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kSource + "/deploy/plans")) {
    if (entry.path().extension() != ".textproto") continue;
    v1::Plan plan;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(Read(entry.path()), &plan)) << entry.path();
    ++plans;
    std::set<std::pair<std::string, std::string>> seen;
    for (const v1::Indicator& indicator : plan.indicators()) {
      if (!seen.insert({indicator.lead_department(), indicator.source().service()}).second) continue;
      ++checked;
      EXPECT_EQ(Writers(indicator.lead_department(), indicator.source().service(), plan.district()).size(), 1u)
          << entry.path().filename() << ": " << indicator.id() << " is led by "
          << indicator.lead_department() << ", reporting to " << indicator.source().service()
          << ": one identity of that department must write there in " << plan.district();
    }
  }
  EXPECT_GE(plans, 3);
  EXPECT_GE(checked, 15);
}

TEST_F(DeployPolicy, EveryDepartmentTheSampleDataReportsAsWritesToItsServiceInBothDistricts) {
  // The sample names each reporting department once, as dept("…") (sample/__init__.py).
  const std::regex dept_call("dept\\(\"([^\"]+)\"\\)");
  int found = 0;
  for (const std::string service : {"investment", "environment", "social"}) {
    const std::string source = Read(kSource + "/scripts/devplan_tools/sample/" + service + ".py");
    ASSERT_FALSE(source.empty()) << service;
    for (auto it = std::sregex_iterator(source.begin(), source.end(), dept_call);
         it != std::sregex_iterator(); ++it) {
      const std::string department = (*it)[1];
      ++found;
      for (const std::string& district : kSampleDistricts) {
        EXPECT_EQ(Writers(department, service, district).size(), 1u)
            << "sample/" << service << ".py reports as " << department
            << ": one identity of that department must write to " << service << " in " << district;
      }
    }
  }
  EXPECT_GE(found, 20);
}

TEST_F(DeployPolicy, ReadersThePlanAdministratorTheAuditorAndTheAggregatorHoldWhatTheyAreFor) {
  for (const std::string& district : kSampleDistricts) {
    for (const char* reader : {"dashboard", "scorecard-job"}) {
      EXPECT_TRUE(Holds(reader, "scorecard.scorecards.get", district)) << reader;
      EXPECT_TRUE(Holds(reader, "scorecard.scorecards.watch", district)) << reader;
      EXPECT_TRUE(Holds(reader, "investment.projects.list", district)) << reader;
      EXPECT_FALSE(Holds(reader, "scorecard.plans.put", district)) << reader;
      EXPECT_FALSE(Holds(reader, "audit.entries.list", district)) << reader;
      for (const std::string service : {"investment", "environment", "social"}) {
        for (const std::string& p : WritePermissions(service)) EXPECT_FALSE(Holds(reader, p, district)) << reader;
      }
    }
    EXPECT_TRUE(Holds("plan-admin", "scorecard.plans.put", district));
    EXPECT_TRUE(Holds("auditor", "audit.entries.list", district));
    EXPECT_FALSE(Holds("auditor", "scorecard.scorecards.get", district));
    for (const std::string service : {"investment", "environment", "social"}) {
      EXPECT_TRUE(Holds("aggregator", service + ".metrics.get", district)) << service;
      EXPECT_TRUE(Holds("aggregator", service + ".metricDefinitions.list", district)) << service;
      for (const std::string& p : WritePermissions(service)) EXPECT_FALSE(Holds("aggregator", p, district)) << p;
    }
    EXPECT_FALSE(Holds("aggregator", "scorecard.scorecards.get", district));
  }
  // Only a department writes, and only in its own district.
  EXPECT_TRUE(Holds("statistics-410108", "investment.economicFigures.report", "410108"));
  EXPECT_FALSE(Holds("statistics-410108", "investment.economicFigures.report", "410102"));
  EXPECT_FALSE(Holds("statistics-410108", "environment.waterSamples.submit", "410108"));
  EXPECT_FALSE(Holds("statistics-410108", "scorecard.plans.put", "410108"));
  for (const v1::Identity& identity : proto_->identities()) {
    if (!identity.department().empty()) continue;
    for (const std::string service : {"investment", "environment", "social"}) {
      for (const std::string& p : WritePermissions(service)) {
        EXPECT_FALSE(Holds(identity.name(), p, "410108")) << identity.name() << " has no department";
      }
    }
  }
}

}  // namespace
}  // namespace devplan::auth
