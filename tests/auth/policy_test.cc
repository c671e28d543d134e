// The permission table read from the RPCs' options, and the policy refused whole when any
// part of it cannot be understood.
#include <gtest/gtest.h>

#include <google/protobuf/text_format.h>

#include "services/common/auth/permissions.h"
#include "services/common/auth/policy.h"

namespace devplan::auth {
namespace {

const Permissions& All() {
  static const Permissions* all = new Permissions(*Permissions::All());
  return *all;
}

v1::AccessPolicy Parse(const std::string& text) {
  v1::AccessPolicy p;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &p)) << text;
  return p;
}

TEST(Permissions, EveryRpcOfTheFourServicesDeclaresOne) {
  ASSERT_TRUE(Permissions::All().ok()) << Permissions::All().status();
  EXPECT_EQ(All().methods(), 61u);  // ListAuditEntries is the 61st
  const MethodAccess* create = All().Find("/devplan.v1.InvestmentService/CreateProject");
  ASSERT_NE(create, nullptr);
  EXPECT_EQ(create->permission, "investment.projects.create");
  EXPECT_EQ(create->district_path, (std::vector<std::string>{"project", "district"}));
  EXPECT_TRUE(create->writes);
  const MethodAccess* compare = All().Find("/devplan.v1.ScorecardService/CompareDistricts");
  ASSERT_NE(compare, nullptr);
  EXPECT_FALSE(compare->writes);
  EXPECT_EQ(compare->district_path, (std::vector<std::string>{"districts"}));
  EXPECT_EQ(All().Find("/devplan.v1.InvestmentService/DropEverything"), nullptr);
  EXPECT_EQ(All().Find("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"), nullptr);
}

TEST(Permissions, EveryWriteNamesItsDistrict) {
  for (const std::string& p : All().permissions()) EXPECT_NE(p.find('.'), std::string::npos) << p;
  for (const char* path : {"/devplan.v1.EnvironmentService/SubmitWaterSample",
                           "/devplan.v1.SocialService/RecordFacilityStep",
                           "/devplan.v1.ScorecardService/PutPlan"}) {
    const MethodAccess* a = All().Find(path);
    ASSERT_NE(a, nullptr) << path;
    EXPECT_TRUE(a->writes) << path;
    EXPECT_FALSE(a->district_path.empty()) << path;
  }
}

TEST(Policy, GrantsAPermissionInTheBoundDistrictsOnly) {
  absl::StatusOr<Policy> policy = Policy::FromProto(Parse(R"pb(
    roles { name: "investment.writer" permissions: "investment.projects.create" }
    roles { name: "reader" permissions: "investment.projects.get" permissions: "investment.projects.list" }
    identities { name: "dev-and-reform-410108" department: "区发展和改革委员会" }
    identities { name: "screen" }
    bindings { role: "investment.writer" identities: "dev-and-reform-410108" districts: "410108" }
    bindings { role: "reader" identities: "screen" identities: "dev-and-reform-410108" districts: "*" }
  )pb"), All());
  ASSERT_TRUE(policy.ok()) << policy.status();
  std::optional<DistrictScope> write = policy->Scope("dev-and-reform-410108", "investment.projects.create");
  ASSERT_TRUE(write.has_value());
  EXPECT_TRUE(write->Covers("410108"));
  EXPECT_FALSE(write->Covers("410102"));
  EXPECT_FALSE(policy->Scope("screen", "investment.projects.create").has_value());
  ASSERT_TRUE(policy->Scope("screen", "investment.projects.get").has_value());
  EXPECT_TRUE(policy->Scope("screen", "investment.projects.get")->Covers("410102"));
  EXPECT_EQ(policy->FindIdentity("dev-and-reform-410108")->department(), "区发展和改革委员会");
  EXPECT_EQ(policy->FindIdentity("nobody"), nullptr);
}

TEST(Policy, AnythingItCannotUnderstandRefusesItWholeNamingWhere) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {R"pb(roles { name: "r" permissions: "investment.projects.drop" })pb", "roles[0].permissions[0]"},
      {R"pb(roles { name: "r" })pb", "roles[0].permissions"},
      {R"pb(roles { name: "r" permissions: "investment.projects.get" }
            roles { name: "r" permissions: "investment.projects.get" })pb", "roles[1].name"},
      {R"pb(identities { name: "has space" })pb", "identities[0].name"},
      {R"pb(identities { name: "a" } identities { name: "a" })pb", "identities[1].name"},
      {R"pb(identities { name: "a" } bindings { role: "ghost" identities: "a" districts: "*" })pb",
       "bindings[0].role"},
      {R"pb(roles { name: "r" permissions: "investment.projects.get" }
            bindings { role: "r" identities: "b" districts: "*" })pb", "bindings[0].identities[0]"},
      {R"pb(roles { name: "r" permissions: "investment.projects.get" } identities { name: "a" }
            bindings { role: "r" identities: "a" districts: "410100" })pb", "bindings[0].districts[0]"},
      {R"pb(roles { name: "r" permissions: "investment.projects.get" } identities { name: "a" }
            bindings { role: "r" identities: "a" })pb", "bindings[0]"},
  };
  for (const auto& [text, field] : bad) {
    absl::StatusOr<Policy> p = Policy::FromProto(Parse(text), All());
    ASSERT_FALSE(p.ok()) << text;
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_NE(p.status().message().find(field), std::string::npos) << p.status() << " wanted " << field;
  }
}

TEST(Policy, LoadNamesTheFileAndTheLineOfASyntaxError) {
  absl::StatusOr<Policy> missing = Policy::Load("/nonexistent/policy.textproto", All());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  const std::string path = ::testing::TempDir() + "/bad-policy.textproto";
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("roles {\n  name: \"r\"\n  permisions: \"x\"\n}\n", f);
  std::fclose(f);
  absl::StatusOr<Policy> typo = Policy::Load(path, All());
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.status().message().find(path + ":3:"), std::string::npos) << typo.status();
}

}  // namespace
}  // namespace devplan::auth
