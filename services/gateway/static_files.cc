#include "services/gateway/static_files.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/gateway/gateway.h"

namespace devplan::gateway {
namespace {

struct Allowed {
  const char* url_path;
  const char* file_name;
  const char* content_type;
};

// The whole page: adding a file to --www-dir serves nothing until it is listed here.
constexpr Allowed kAllowed[] = {
    {"/", "index.html", "text/html; charset=utf-8"},
    {"/static/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"},
    {"/static/dashboard.css", "dashboard.css", "text/css; charset=utf-8"},
    // Named by the page, so the browser does not ask for /favicon.ico (a 404 in its console).
    {"/static/favicon.svg", "favicon.svg", "image/svg+xml"},
};

absl::StatusOr<std::string> ReadSmallFile(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return absl::NotFoundError(absl::StrCat("--www-dir: ", path, " is not a file"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("--www-dir: cannot read ", path));
  std::string body(kMaxStaticFileBytes + 1, '\0');
  in.read(body.data(), static_cast<std::streamsize>(body.size()));
  if (in.bad()) return absl::DataLossError(absl::StrCat("--www-dir: error reading ", path));
  body.resize(static_cast<size_t>(in.gcount()));
  if (body.size() > kMaxStaticFileBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("--www-dir: ", path, " is larger than ", kMaxStaticFileBytes, " bytes"));
  }
  return body;
}

void Serve(const StaticFiles::File& file, const httplib::Request& req, httplib::Response& res) {
  res.set_header("ETag", file.etag);
  // Revalidated on every load (a 304 costs no body), so a new build of the page is seen at once.
  res.set_header("Cache-Control", "no-cache");
  res.set_header("Content-Security-Policy", kContentSecurityPolicy);
  res.set_header("X-Content-Type-Options", "nosniff");
  // The token travels in the URL fragment, which no Referer carries; no-referrer keeps even the
  // query (district, date) to the gateway.
  res.set_header("Referrer-Policy", "no-referrer");
  if (IfNoneMatch(req.get_header_value("If-None-Match"), file.etag)) {
    res.status = 304;
    return;
  }
  res.status = 200;
  res.set_content(file.body, file.content_type.c_str());
}

}  // namespace

absl::StatusOr<StaticFiles> StaticFiles::Load(const std::string& dir) {
  auto files = std::make_shared<std::map<std::string, File, std::less<>>>();
  if (!dir.empty()) {
    for (const Allowed& a : kAllowed) {
      absl::StatusOr<std::string> body = ReadSmallFile(absl::StrCat(dir, "/", a.file_name));
      if (!body.ok()) return body.status();
      const std::string etag = EtagOf(*body);
      (*files)[a.url_path] = File{*std::move(body), a.content_type, etag};
    }
  }
  StaticFiles out;
  out.files_ = std::move(files);
  return out;
}

const StaticFiles::File* StaticFiles::Find(absl::string_view path) const {
  auto it = files_->find(path);
  return it == files_->end() ? nullptr : &it->second;
}

void StaticFiles::Register(httplib::Server& server) const {
  if (files_->empty()) return;
  auto files = files_;
  auto handler = [files](const httplib::Request& req, httplib::Response& res) {
    auto it = files->find(req.path);
    if (it == files->end()) {
      std::vector<std::string> names;
      for (const auto& [path, file] : *files) names.push_back(path);
      return SetError(res, grpc::StatusCode::NOT_FOUND,
                      absl::StrCat("no page file at this path; the page is ", absl::StrJoin(names, ", ")));
    }
    Serve(it->second, req, res);
  };
  server.Get("/", handler);
  // Matched as a name, looked up in memory: "..", "%2e%2e" or "a/b" name no file.
  server.Get(R"(/static/.*)", handler);
}

}  // namespace devplan::gateway
