// The winnow command line (DESIGN.md, "CLI contract"): argument parsing,
// logging set-up, dispatch to one function per command, exit codes. Every
// command returns a core::Status; RunCli turns it into the exit code and, with
// --json, into a JSON error document on stdout.
#ifndef WINNOW_APP_CLI_H_
#define WINNOW_APP_CLI_H_

#include <string>

#include "core/status.h"

namespace app {

// Flags every command accepts.
struct GlobalFlags {
  bool json = false;     // print one JSON document on stdout
  bool verbose = false;  // -v: debug logging on stderr
  bool quiet = false;    // -q: only errors on stderr
};

// Runs the CLI and returns the process exit code.
int RunCli(int argc, char** argv);

// Prints `text` (a JSON document when flags.json) to stdout with a newline.
void PrintResult(const GlobalFlags& flags, const std::string& text);

}  // namespace app

#endif  // WINNOW_APP_CLI_H_
