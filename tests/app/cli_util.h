// Running the winnow binary from a test: stdout, stderr and the exit code.
#ifndef WINNOW_TESTS_APP_CLI_UTIL_H_
#define WINNOW_TESTS_APP_CLI_UTIL_H_

#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "test_util.h"

namespace testutil {

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs winnow with `args` (already shell-quoted), with `env` ("NAME=value
// ...") before it, and captures what it printed; stderr goes through a file
// in `dir`.
inline CliResult RunWinnow(const TempDir& dir, const std::string& args,
                           const std::string& env = "") {
  std::string err_file = (dir / "stderr.txt").string();
  std::string cmd =
      env + " " + std::string(WINNOW_BINARY) + " " + args + " 2>" + err_file + " </dev/null";
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = ReadFile(err_file);
  return r;
}

// 'text' for a shell command line (text must not hold a single quote).
inline std::string Q(const std::string& text) { return "'" + text + "'"; }

}  // namespace testutil

#endif  // WINNOW_TESTS_APP_CLI_UTIL_H_
