// The big-screen page's files as the gateway serves them: only the allow-listed three, each
// with its type, ETag/304 and Content-Security-Policy, and nothing else of the disk whatever
// the path says (traversal, encoded dots, a file beside the page that is not listed).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <httplib.h>

#include "services/gateway/static_files.h"

namespace devplan::gateway {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("devplan-www-" + std::to_string(getpid()));
    fs::create_directories(root_ / "www" / "static");
    Write(root_ / "www" / "index.html", "<!doctype html><title>page</title>");
    Write(root_ / "www" / "dashboard.js", "window.x = 1;");
    Write(root_ / "www" / "dashboard.css", "body{}");
    Write(root_ / "www" / "favicon.svg", "<svg/>");
    // Beside the page and one level up: neither may be served.
    Write(root_ / "www" / "secret.txt", "SECRET-BESIDE");
    Write(root_ / "www" / "static" / "dashboard.js", "SECRET-SUBDIR");
    Write(root_ / "secret.txt", "SECRET-ABOVE");
  }
  void TearDown() override {
    if (thread_.joinable()) {
      // stop() ends only a loop that has started.
      while (!server_.is_running()) std::this_thread::yield();
      server_.stop();
      thread_.join();
    }
    fs::remove_all(root_);
  }

  // Serves `files` on a free loopback port; a client that sends paths exactly as given.
  httplib::Client Serve(const StaticFiles& files) {
    files.Register(server_);
    const int port = server_.bind_to_any_port("127.0.0.1");
    EXPECT_GT(port, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    httplib::Client client("127.0.0.1", port);
    client.set_url_encode(false);
    return client;
  }

  fs::path root_;
  httplib::Server server_;
  std::thread thread_;
};

TEST_F(StaticFilesTest, ServesTheListedFilesWithTypeEtagAndPolicy) {
  absl::StatusOr<StaticFiles> files = StaticFiles::Load((root_ / "www").string());
  ASSERT_TRUE(files.ok()) << files.status();
  httplib::Client client = Serve(*files);
  const std::pair<const char*, const char*> want[] = {
      {"/", "text/html; charset=utf-8"},
      {"/static/dashboard.js", "text/javascript; charset=utf-8"},
      {"/static/dashboard.css", "text/css; charset=utf-8"},
      {"/static/favicon.svg", "image/svg+xml"},
  };
  for (const auto& [path, type] : want) {
    SCOPED_TRACE(path);
    httplib::Result res = client.Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("Content-Type"), type);
    EXPECT_EQ(res->get_header_value("Content-Security-Policy"), kContentSecurityPolicy);
    EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(res->body, files->Find(path)->body);
    const std::string etag = res->get_header_value("ETag");
    ASSERT_FALSE(etag.empty());
    httplib::Result again = client.Get(path, {{"If-None-Match", etag}});
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 304);
    EXPECT_EQ(again->body, "");
  }
  EXPECT_NE(files->Find("/")->etag, files->Find("/static/dashboard.js")->etag);
}

TEST_F(StaticFilesTest, NothingElseOfTheDiskIsReachable) {
  absl::StatusOr<StaticFiles> files = StaticFiles::Load((root_ / "www").string());
  ASSERT_TRUE(files.ok()) << files.status();
  httplib::Client client = Serve(*files);
  for (const char* path : {"/secret.txt", "/static/secret.txt", "/static/../secret.txt",
                           "/static/../../secret.txt", "/static/..%2fsecret.txt", "/static/%2e%2e/secret.txt",
                           "/static/%2e%2e%2f%2e%2e%2fsecret.txt", "/static/./dashboard.js",
                           "/static//dashboard.js", "/static/dashboard.js/", "/static/dashboard.js%00.css",
                           "/static/index.html", "/index.html", "/static/", "/static",
                           "/favicon.ico", "/../secret.txt", "/%2e%2e/secret.txt", "/static/static/dashboard.js"}) {
    SCOPED_TRACE(path);
    httplib::Result res = client.Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404);
    EXPECT_EQ(res->body.find("SECRET"), std::string::npos) << res->body;
    EXPECT_EQ(res->body.find("window.x"), std::string::npos) << res->body;
  }
}

TEST_F(StaticFilesTest, StartUpRefusesAMissingOrOversizedFileByName) {
  fs::remove(root_ / "www" / "dashboard.css");
  absl::StatusOr<StaticFiles> missing = StaticFiles::Load((root_ / "www").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("dashboard.css"), std::string::npos) << missing.status();
  Write(root_ / "www" / "dashboard.css", std::string(kMaxStaticFileBytes + 1, 'x'));
  absl::StatusOr<StaticFiles> big = StaticFiles::Load((root_ / "www").string());
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("larger than"), std::string::npos) << big.status();
  fs::remove(root_ / "www" / "dashboard.css");
  fs::create_directory(root_ / "www" / "dashboard.css");
  EXPECT_FALSE(StaticFiles::Load((root_ / "www").string()).ok());
}

TEST_F(StaticFilesTest, AnEmptyDirServesNoPage) {
  absl::StatusOr<StaticFiles> none = StaticFiles::Load("");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->Find("/"), nullptr);
}

TEST(StaticFilesSourceTest, TheRepositorysPageLoads) {
  absl::StatusOr<StaticFiles> files = StaticFiles::Load(DEVPLAN_GATEWAY_WWW_DIR);
  ASSERT_TRUE(files.ok()) << files.status();
  for (const char* path : {"/", "/static/dashboard.js", "/static/dashboard.css", "/static/favicon.svg"}) {
    ASSERT_NE(files->Find(path), nullptr) << path;
    EXPECT_GT(files->Find(path)->body.size(), 100u) << path;
  }
  // The page names its own script and style, from the gateway only.
  const std::string& html = files->Find("/")->body;
  EXPECT_NE(html.find(R"(src="/static/dashboard.js")"), std::string::npos);
  EXPECT_NE(html.find(R"(href="/static/dashboard.css")"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
}

}  // namespace
}  // namespace devplan::gateway
