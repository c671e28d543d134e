// The big-screen page (issue #18) served by the gateway: a fixed allow-list of files read once
// at start-up from --www-dir and kept in memory. A request path is only ever a key into that
// list, never a path on disk, so nothing else of the filesystem can be reached (no directory
// traversal, no symlink or file added later). Each answer carries its Content-Type, an ETag
// (304 on If-None-Match) and a strict Content-Security-Policy.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>

#include <httplib.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace devplan::gateway {

// A page file larger than this is refused at start-up: the three files are a few tens of KiB.
inline constexpr size_t kMaxStaticFileBytes = 1 << 20;

// Scripts, styles and connections from the gateway's own origin only: no inline script or
// style, no CDN, no other host; nothing may frame the page.
inline constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

class StaticFiles {
 public:
  struct File {
    std::string body;
    std::string content_type;
    std::string etag;
  };

  // Reads every allow-listed file of `dir`; an error names a file that is missing, unreadable
  // or larger than kMaxStaticFileBytes. An empty `dir` serves no page.
  static absl::StatusOr<StaticFiles> Load(const std::string& dir);

  // GET / (index.html) and GET /static/{name}; any other name under /static/ is 404.
  void Register(httplib::Server& server) const;

  // The file served at URL path `path` ("/", "/static/dashboard.js"), or nullptr.
  const File* Find(absl::string_view path) const;

 private:
  // By URL path; shared with the handlers, which may outlive a moved-from StaticFiles.
  std::shared_ptr<const std::map<std::string, File, std::less<>>> files_;
};

}  // namespace devplan::gateway
