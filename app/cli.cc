#include "app/cli.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "parse/formats.h"

namespace app {
namespace {

void SetUpLogging(const GlobalFlags& g) {
  auto logger = spdlog::stderr_color_mt("winnow");
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::level::level_enum level = spdlog::level::info;
  if (g.verbose) level = spdlog::level::debug;
  if (g.quiet || g.json) level = spdlog::level::warn;
  if (g.quiet) level = spdlog::level::err;
  spdlog::set_level(level);
}

int Report(const GlobalFlags& g, const core::Status& st) {
  if (st.ok()) return 0;
  std::fprintf(stderr, "winnow: %s\n", st.ToString().c_str());
  if (g.json) {
    nlohmann::json err = {{"error", {{"code", st.ExitCode()}, {"message", st.message()}}}};
    std::cout << err.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
  }
  return st.ExitCode();
}

}  // namespace

void PrintResult(const GlobalFlags& /*flags*/, const std::string& text) {
  std::cout << text << std::endl;
}

int RunCli(int argc, char** argv) {
  CLI::App cli{"winnow — systematic-review search, deduplication, screening and PRISMA"};
  cli.require_subcommand(1);
  cli.fallthrough();
  GlobalFlags g;
  cli.add_flag("--json", g.json, "print one JSON document on stdout");
  cli.add_flag("-v,--verbose", g.verbose, "more logging on stderr");
  cli.add_flag("-q,--quiet", g.quiet, "only errors on stderr");
  cli.set_version_flag("--version", "winnow 0.1.0");

  std::string db, title, dir;
  std::vector<std::string> files;
  auto* init = cli.add_subcommand("init", "create a new review file");
  init->add_option("REVIEW", db, "review database file")->required();
  init->add_option("--title", title, "the review's title");

  ImportOptions iopt;
  auto* imp = cli.add_subcommand("import", "import exported records (PubMed XML, ...)");
  imp->add_option("REVIEW", db, "review database file")->required();
  imp->add_option("FILE", files, "files to import")->required();
  imp->add_option("--source", iopt.source, "database the records came from (e.g. embase)");
  std::vector<std::string> formats = parse::KnownFormats();
  formats.insert(formats.begin(), "auto");
  imp->add_option("--format", iopt.format, "auto (detect from content) or a format name")
      ->default_val("auto")
      ->check(CLI::IsMember(formats));

  ExportOptions eopt;
  auto* exp = cli.add_subcommand("export", "export works or source records");
  exp->add_option("REVIEW", db, "review database file")->required();
  exp->add_option("--set", eopt.set, "all|records|included|screened|duplicates")
      ->check(CLI::IsMember({"all", "records", "included", "screened", "duplicates"}));
  exp->add_option("--format", eopt.format, "json|csv|ris")
      ->check(CLI::IsMember({"json", "csv", "ris"}));
  exp->add_option("-o,--output", eopt.output, "output file (default: stdout)");

  auto* demo = cli.add_subcommand("demo", "build a whole review from bundled data, offline");
  demo->add_option("DIR", dir, "directory for the demo review")->default_val("winnow-demo");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = cli.exit(e);
    return rc == 0 ? 0 : 2;
  }
  SetUpLogging(g);
  iopt.progress = !g.json && !g.quiet;
  core::Status st;
  try {
    if (*init) st = CmdInit(g, db, title);
    if (*imp) st = CmdImport(g, db, files, iopt);
    if (*exp) st = CmdExport(g, db, eopt);
    if (*demo) st = CmdDemo(g, dir);
  } catch (const std::exception& e) {
    st = core::Status::Internal(e.what());
  }
  return Report(g, st);
}

}  // namespace app
