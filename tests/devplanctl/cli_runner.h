// Runs the real devplanctl binary (path from the DEVPLANCTL_PATH compile definition) with
// arguments, capturing exit code, stdout and stderr; and a private temporary directory.
#pragma once

#include <string>
#include <vector>

namespace devplan::testing {

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

CliRun RunDevplanctl(const std::vector<std::string>& args);

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& content) const;
  std::string Read(const std::string& name) const;

 private:
  std::string path_;
};

}  // namespace devplan::testing
