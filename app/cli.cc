#include "app/cli.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "parse/csv_reader.h"
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

namespace {

// The --map COLUMN=FIELD entries, checked (an unknown FIELD is exit 2).
core::Status ParseColumnMaps(const std::vector<std::string>& maps,
                             std::vector<std::pair<std::string, std::string>>* out) {
  for (const std::string& m : maps) {
    std::pair<std::string, std::string> entry;
    core::Status st = parse::ParseCsvMapEntry(m, &entry);
    if (!st.ok()) return core::Status::Usage("--map: " + st.message());
    out->push_back(std::move(entry));
  }
  return core::Status::Ok();
}

// Everything the command line can set.
struct Args {
  GlobalFlags g;
  std::string db, title, dir;
  std::vector<std::string> files;
  ImportOptions import;
  std::vector<std::string> maps;  // --map COLUMN=FIELD
  ExportOptions exporting;
};

CLI::App* AddInit(CLI::App& cli, Args& a) {
  auto* init = cli.add_subcommand("init", "create a new review file");
  init->add_option("REVIEW", a.db, "review database file")->required();
  init->add_option("--title", a.title, "the review's title");
  return init;
}

CLI::App* AddImport(CLI::App& cli, Args& a) {
  auto* imp = cli.add_subcommand(
      "import", "import exported records (PubMed XML, MEDLINE/.nbib, RIS, Ovid, EndNote XML, "
                "EndNote tagged, BibTeX, CSV, Web of Science, Cochrane)");
  imp->add_option("REVIEW", a.db, "review database file")->required();
  imp->add_option("FILE", a.files, "files to import")->required();
  imp->add_option("--source", a.import.source, "database the records came from (e.g. embase)");
  std::vector<std::string> formats = parse::KnownFormats();
  formats.insert(formats.begin(), "auto");
  imp->add_option("--format", a.import.format, "auto (detect from content) or a format name")
      ->default_val("auto")
      ->check(CLI::IsMember(formats));
  imp->add_option("--map", a.maps,
                  "CSV only: COLUMN=FIELD, e.g. --map 'Article Name=title' (fields: title, "
                  "abstract, authors, year, journal, journal_abbrev, volume, issue, pages, "
                  "start_page, end_page, doi, pmid, pmcid, id, keywords, mesh, issn, language, "
                  "publication_types, source, ignore)");
  return imp;
}

CLI::App* AddExport(CLI::App& cli, Args& a) {
  auto* exp = cli.add_subcommand("export", "export works or source records");
  exp->add_option("REVIEW", a.db, "review database file")->required();
  exp->add_option("--set", a.exporting.set, "all|records|included|screened|duplicates")
      ->check(CLI::IsMember({"all", "records", "included", "screened", "duplicates"}));
  exp->add_option("--format", a.exporting.format, "json|csv|ris")
      ->check(CLI::IsMember({"json", "csv", "ris"}));
  exp->add_option("-o,--output", a.exporting.output, "output file (default: stdout)");
  return exp;
}

CLI::App* AddDemo(CLI::App& cli, Args& a) {
  auto* demo = cli.add_subcommand("demo", "build a whole review from bundled data, offline");
  demo->add_option("DIR", a.dir, "directory for the demo review")->default_val("winnow-demo");
  return demo;
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App cli{"winnow — systematic-review search, deduplication, screening and PRISMA"};
  cli.require_subcommand(1);
  cli.fallthrough();
  Args a;
  cli.add_flag("--json", a.g.json, "print one JSON document on stdout");
  cli.add_flag("-v,--verbose", a.g.verbose, "more logging on stderr");
  cli.add_flag("-q,--quiet", a.g.quiet, "only errors on stderr");
  cli.set_version_flag("--version", "winnow 0.1.0");
  CLI::App* init = AddInit(cli, a);
  CLI::App* imp = AddImport(cli, a);
  CLI::App* exp = AddExport(cli, a);
  CLI::App* demo = AddDemo(cli, a);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }
  SetUpLogging(a.g);
  a.import.progress = !a.g.json && !a.g.quiet;
  core::Status st;
  try {
    if (*init) st = CmdInit(a.g, a.db, a.title);
    if (*imp) {
      st = ParseColumnMaps(a.maps, &a.import.column_map);
      if (st.ok()) st = CmdImport(a.g, a.db, a.files, a.import);
    }
    if (*exp) st = CmdExport(a.g, a.db, a.exporting);
    if (*demo) st = CmdDemo(a.g, a.dir);
  } catch (const std::exception& e) {
    st = core::Status::Internal(e.what());
  }
  return Report(a.g, st);
}

}  // namespace app
