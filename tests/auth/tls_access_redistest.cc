// Who may call what, over real TLS against a real InvestmentService and Redis: client
// certificates and bearer tokens of the development CA (scripts/dev-certs.sh,
// scripts/dev-token.py) against a policy file, as a deployment runs it.
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "devplan/v1/investment.grpc.pb.h"
#include "services/aggregator/audit_trail.h"
#include "services/common/auth/authorizer.h"
#include "services/common/auth/token.h"
#include "services/common/server_security.h"
#include "services/investment/investment_service.h"
#include "tests/support/grpc_harness.h"
#include "tests/support/redis_server.h"

namespace devplan::testing {
namespace {

const std::string kSource = DEVPLAN_SOURCE_DIR;
constexpr char kDepartment[] = "区发展和改革委员会";

std::string Shell(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  EXPECT_EQ(pclose(p), 0) << command;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string Read(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class TlsAccess : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(::testing::TempDir() + "/devplan-auth-" + std::to_string(getpid()));
    Shell(kSource + "/scripts/dev-certs.sh " + *dir_ + " dev-and-reform-410108 screen stranger");
    // A second CA: its certificates must not be accepted.
    Shell(kSource + "/scripts/dev-certs.sh " + *dir_ + "/other dev-and-reform-410108");
    std::ofstream(*dir_ + "/policy.textproto") << R"pb(
      roles { name: "investment.writer" permissions: "investment.projects.create" }
      roles { name: "reader" permissions: "investment.projects.get" permissions: "investment.projects.list" }
      identities { name: "dev-and-reform-410108" department: "区发展和改革委员会" }
      identities { name: "screen" }
      bindings { role: "investment.writer" identities: "dev-and-reform-410108" districts: "410108" }
      bindings { role: "reader" identities: "screen" districts: "*" }
    )pb";
  }
  static void TearDownTestSuite() {
    Shell("rm -rf " + *dir_);
    delete dir_;
  }

  TlsAccess() {
    redis::PoolOptions o;
    o.endpoint = redis_.service_endpoint();
    pool_ = std::make_unique<redis::Pool>(o);
    service_ = std::make_unique<investment::InvestmentServiceImpl>(
        ServiceContext{.pool = *pool_, .workers = workers_});
    SecurityConfig config;
    config.tls_cert = *dir_ + "/server.pem";
    config.tls_key = *dir_ + "/server.key";
    config.tls_ca = *dir_ + "/ca.pem";
    config.policy = *dir_ + "/policy.textproto";
    config.token_public_key = *dir_ + "/token.pub";
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials = ServerCredentialsFor(config);
    EXPECT_TRUE(credentials.ok()) << credentials.status();
    server_ = std::make_unique<GrpcHarness>(std::vector<grpc::Service*>{service_.get()},
                                            ServerInterceptors{}, *credentials);
  }

  // A stub over TLS trusting the CA of `ca_dir`, presenting `identity`'s certificate if given.
  std::unique_ptr<v1::InvestmentService::Stub> Stub(const std::string& identity = "",
                                                    const std::string& cert_dir = "") {
    const std::string d = cert_dir.empty() ? *dir_ : cert_dir;
    grpc::SslCredentialsOptions o;
    o.pem_root_certs = Read(*dir_ + "/ca.pem");
    if (!identity.empty()) {
      o.pem_cert_chain = Read(d + "/" + identity + ".pem");
      o.pem_private_key = Read(d + "/" + identity + ".key");
    }
    grpc::ChannelArguments args;
    args.SetSslTargetNameOverride("localhost");
    return v1::InvestmentService::NewStub(
        grpc::CreateCustomChannel(server_->address(), grpc::SslCredentials(o), args));
  }

  static std::string Token(const std::string& extra) {
    return Shell("python3 " + kSource + "/scripts/dev-token.py --key " + *dir_ + "/token.key " + extra);
  }

  static grpc::Status Create(v1::InvestmentService::Stub& stub, const std::string& district,
                             const std::string& reported_by, v1::Project* out,
                             const std::string& token = "", const std::string& request_id = "") {
    v1::CreateProjectRequest r;
    v1::Project* p = r.mutable_project();
    static int n = 0;
    p->set_project_id(request_id.empty() ? "tls-" + std::to_string(++n) : "tls-" + request_id);
    r.set_request_id(request_id);
    p->set_district(district);
    p->set_title_zh("测试项目");
    p->set_category(v1::PROJECT_CATEGORY_INDUSTRIAL);
    p->set_total_investment_yuan(100'000'000);
    p->set_planned_investment_yuan(10'000'000);
    p->set_lead_department(kDepartment);
    r.set_reported_by(reported_by);
    auto ctx = ContextWithDeadline();
    if (!token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
    return stub.CreateProject(ctx.get(), r, out);
  }

  static grpc::Status List(v1::InvestmentService::Stub& stub, const std::string& token = "") {
    v1::ListProjectsRequest r;
    r.set_district("410108");
    v1::ListProjectsResponse out;
    auto ctx = ContextWithDeadline();
    if (!token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
    return stub.ListProjects(ctx.get(), r, &out);
  }

  static std::string* dir_;
  RedisServer redis_;
  std::unique_ptr<redis::Pool> pool_;
  WorkerPool workers_{2};
  std::unique_ptr<investment::InvestmentServiceImpl> service_;
  std::unique_ptr<GrpcHarness> server_;
};
std::string* TlsAccess::dir_ = nullptr;

TEST_F(TlsAccess, ADepartmentWritesInItsDistrictAndIsNamedAsReporter) {
  auto stub = Stub("dev-and-reform-410108");
  v1::Project created;
  grpc::Status s = Create(*stub, "410108", "", &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(created.reported_by(), kDepartment);  // filled from the identity
  s = Create(*stub, "410108", kDepartment, &created);
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(TlsAccess, ADepartmentCannotWriteElsewhereNorSpeakForAnother) {
  auto stub = Stub("dev-and-reform-410108");
  v1::Project out;
  grpc::Status s = Create(*stub, "410102", "", &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  EXPECT_NE(s.error_message().find("410102"), std::string::npos) << s.error_message();
  s = Create(*stub, "410108", "区生态环境分局", &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  EXPECT_NE(s.error_message().find("reported_by"), std::string::npos) << s.error_message();
  // It holds no read permission either.
  EXPECT_EQ(List(*stub).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(TlsAccess, AReaderWithATokenReadsButCannotWrite) {
  auto stub = Stub();  // TLS, no client certificate
  const std::string token = Token("--sub screen");
  grpc::Status s = List(*stub, token);
  EXPECT_TRUE(s.ok()) << s.error_message();
  v1::Project out;
  s = Create(*stub, "410108", "", &out, token);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
}

TEST_F(TlsAccess, CallsWithoutValidCredentialsAreUnauthenticated) {
  const auth::RefusalCounts before = auth::Authorizer::Installed()->refused();
  auto stub = Stub();
  grpc::Status s = List(*stub);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
  const std::vector<std::pair<std::string, std::string>> refused = {
      {Token("--sub screen --exp-at 1000000000"), "expired"},
      {Token("--sub screen --aud someone-else"), "audience"},
      {Token("--sub screen --iss someone-else"), "issuer"},
      {Token("--sub screen --alg HS256 --hmac-secret-file " + *dir_ + "/token.pub"), "RS256"},
      {Token("--sub screen --alg none"), "signature"},
      {Shell("python3 " + kSource + "/scripts/dev-token.py --key " + *dir_ + "/other/token.key --sub screen"),
       "signature"},
  };
  for (const auto& [token, why] : refused) {
    s = List(*stub, token);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << why << ": " << s.error_message();
    EXPECT_NE(s.error_message().find(why), std::string::npos) << s.error_message();
  }
  // Refused before any handler: counted (and logged, rate-limited) by the authorizer.
  const auth::RefusalCounts after = auth::Authorizer::Installed()->refused();
  EXPECT_EQ(after.unauthenticated - before.unauthenticated, 1 + refused.size());
  EXPECT_EQ(after.permission_denied, before.permission_denied);
}

// A verified token is kept (the next call skips the RSA check), but its time window is
// checked on every call, and only tokens that verified are kept.
TEST_F(TlsAccess, AVerifiedTokenIsKeptButItsExpiryCheckedOnEveryCall) {
  absl::StatusOr<auth::TokenVerifier> verifier =
      auth::TokenVerifier::FromFile(*dir_ + "/token.pub", "devplan", "devplan-dev");
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  const absl::Time expires = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now() + absl::Hours(1)));
  const std::string token = Token("--sub screen --exp-at " + std::to_string(absl::ToUnixSeconds(expires)));
  for (int call = 0; call < 2; ++call) {
    absl::StatusOr<std::string> subject = verifier->Verify(token, absl::Now());
    ASSERT_TRUE(subject.ok()) << subject.status();
    EXPECT_EQ(*subject, "screen");
    EXPECT_EQ(verifier->verified_tokens(), 1u);
  }
  absl::Status late = verifier->Verify(token, expires + auth::kClockLeeway + absl::Seconds(1)).status();
  EXPECT_EQ(late.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(late.message().find("expired"), absl::string_view::npos) << late;
  const std::string foreign =
      Shell("python3 " + kSource + "/scripts/dev-token.py --key " + *dir_ + "/other/token.key --sub screen");
  EXPECT_EQ(verifier->Verify(foreign, absl::Now()).status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(verifier->Verify(foreign, absl::Now()).status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(verifier->verified_tokens(), 1u);
}

TEST_F(TlsAccess, UnknownIdentitiesForeignCertificatesAndPlaintextAreRefused) {
  const uint64_t denied_before = auth::Authorizer::Installed()->refused().permission_denied;
  EXPECT_EQ(List(*Stub("stranger")).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(List(*Stub("", ""), Token("--sub stranger")).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(auth::Authorizer::Installed()->refused().permission_denied - denied_before, 2u);
  // A certificate of another CA: the TLS handshake fails, no call is made.
  EXPECT_EQ(List(*Stub("dev-and-reform-410108", *dir_ + "/other")).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  auto plaintext = v1::InvestmentService::NewStub(
      grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  EXPECT_EQ(List(*plaintext).error_code(), grpc::StatusCode::UNAVAILABLE);
}

// gRPC hands every call of a connection the same AuthContext: a call's decision must not be
// read by the next call on the connection as its own (a read's scope letting a write through
// to another district, or a write go unfilled or spoofed after a read).
TEST_F(TlsAccess, EachCallOnOneConnectionIsDecidedByItself) {
  auto stub = Stub("dev-and-reform-410108");
  auto reader = Stub("screen");
  v1::Project out;
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(List(*stub).error_code(), grpc::StatusCode::PERMISSION_DENIED);  // no read permission
    EXPECT_TRUE(List(*reader).ok());
    grpc::Status elsewhere = Create(*stub, "410102", "", &out);
    EXPECT_EQ(elsewhere.error_code(), grpc::StatusCode::PERMISSION_DENIED) << elsewhere.error_message();
    grpc::Status spoofed = Create(*stub, "410108", "区生态环境分局", &out);
    EXPECT_EQ(spoofed.error_code(), grpc::StatusCode::PERMISSION_DENIED) << spoofed.error_message();
    grpc::Status filled = Create(*stub, "410108", "", &out);
    ASSERT_TRUE(filled.ok()) << filled.error_message();
    EXPECT_EQ(out.reported_by(), kDepartment);
  }
  // One connection carrying calls for two identities (a gateway's certificate, users' tokens):
  // each write is its own caller's.
  auto gateway = Stub("screen");
  const std::string writer = Token("--sub dev-and-reform-410108");
  EXPECT_TRUE(List(*gateway).ok());  // as screen, who reads every district
  grpc::Status elsewhere = Create(*gateway, "410102", "", &out, writer);
  EXPECT_EQ(elsewhere.error_code(), grpc::StatusCode::PERMISSION_DENIED) << elsewhere.error_message();
  grpc::Status as_writer = Create(*gateway, "410108", "", &out, writer);
  ASSERT_TRUE(as_writer.ok()) << as_writer.error_message();
  EXPECT_EQ(out.reported_by(), kDepartment);
  EXPECT_EQ(Create(*gateway, "410108", "", &out).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::ListAuditEntriesRequest req;
  req.set_parent("districts/410108");
  absl::StatusOr<v1::ListAuditEntriesResponse> audit = aggregator::ListAuditEntries(*pool_, req);
  ASSERT_TRUE(audit.ok()) << audit.status();
  ASSERT_EQ(audit->entries_size(), 3);
  for (const v1::AuditEntry& e : audit->entries()) EXPECT_EQ(e.identity(), "dev-and-reform-410108");
}

TEST_F(TlsAccess, EveryAcceptedWriteHasOneAuditEntryNamingItsCaller) {
  auto stub = Stub("dev-and-reform-410108");
  v1::Project out;
  ASSERT_TRUE(Create(*stub, "410108", "", &out).ok());
  ASSERT_TRUE(Create(*stub, "410108", "", &out, "", "r-1").ok());
  ASSERT_TRUE(Create(*stub, "410108", "", &out, "", "r-1").ok());  // a retry: replayed, not audited
  ASSERT_TRUE(Create(*stub, "410108", "", &out).ok());
  // Refused: not audited as writes.
  EXPECT_FALSE(Create(*stub, "410102", "", &out).ok());
  EXPECT_FALSE(Create(*stub, "410108", "区生态环境分局", &out).ok());
  EXPECT_FALSE(Create(*Stub(), "410108", "", &out, Token("--sub screen")).ok());

  v1::ListAuditEntriesRequest req;
  req.set_parent("districts/410108");
  absl::StatusOr<v1::ListAuditEntriesResponse> all = aggregator::ListAuditEntries(*pool_, req);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->entries_size(), 3);
  EXPECT_TRUE(all->next_page_token().empty());
  for (const v1::AuditEntry& e : all->entries()) {
    EXPECT_EQ(e.identity(), "dev-and-reform-410108");
    EXPECT_EQ(e.department(), kDepartment);
    EXPECT_EQ(e.method(), "/devplan.v1.InvestmentService/CreateProject");
    EXPECT_EQ(e.service(), "inv");
    EXPECT_GE(e.writes(), 1);
    EXPECT_EQ(e.digest().size(), 16u);
    EXPECT_NE(e.peer().find("127.0.0.1"), std::string::npos) << e.peer();
  }
  EXPECT_EQ(all->entries(1).request_id(), "r-1");  // newest first: the middle one
  EXPECT_FALSE(all->entries(1).request_fingerprint().empty());
  EXPECT_LT(all->entries(1).name(), all->entries(0).name());

  req.set_parent("districts/410102");
  EXPECT_EQ(aggregator::ListAuditEntries(*pool_, req)->entries_size(), 0);

  // Pages, and filters.
  req.set_parent("districts/410108");
  req.set_page_size(2);
  absl::StatusOr<v1::ListAuditEntriesResponse> first = aggregator::ListAuditEntries(*pool_, req);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->entries_size(), 2);
  ASSERT_FALSE(first->next_page_token().empty());
  req.set_page_token(first->next_page_token());
  absl::StatusOr<v1::ListAuditEntriesResponse> second = aggregator::ListAuditEntries(*pool_, req);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->entries_size(), 1);
  EXPECT_EQ(second->entries(0).name(), all->entries(2).name());
  req.set_page_token("audit1:garbage");
  EXPECT_EQ(aggregator::ListAuditEntries(*pool_, req).status().code(), absl::StatusCode::kInvalidArgument);
  req.clear_page_token();
  req.set_department("区生态环境分局");
  EXPECT_EQ(aggregator::ListAuditEntries(*pool_, req)->entries_size(), 0);
  req.clear_department();
  *req.mutable_start_time() = all->entries(0).write_time();
  req.mutable_start_time()->set_seconds(req.start_time().seconds() + 3600);  // after every entry
  EXPECT_EQ(aggregator::ListAuditEntries(*pool_, req)->entries_size(), 0);
}

}  // namespace
}  // namespace devplan::testing
