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
  ScreenImportOptions screen_import;
  std::string screen_import_file;
  SearchAddOptions search_add;
  SearchRunOptions search_run;
  std::string log_format, log_output;
  DedupOptions dedup;
  std::string record_a, record_b, reviewer, note;
  int64_t decision = 0;
  bool related = false;
  QueryOptions q;
  std::string rules_file;
  bool dry_run = false;
  int64_t rule_run = 0;
  std::string name, role = "reviewer", stage = "ta", work, verdict, value;
  std::string prisma_format, prisma_output, prisma_since;
  bool prisma_check = false;
  std::string found;
  bool not_found = false;
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
  imp->add_option("--source-kind", a.import.source_kind,
                  "PRISMA column: database (default), register, or other methods: citations, "
                  "website, organisation")
      ->check(CLI::IsMember({"database", "register", "citations", "website", "organisation"}));
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
  exp->add_option("--reviewer", a.exporting.reviewer,
                  "who asks: in a blind review, --set screened shows a reviewer their own "
                  "decisions and a lead everyone's, until a work is settled");
  return exp;
}

struct SearchCommands {
  CLI::App* add = nullptr;
  CLI::App* run = nullptr;
  CLI::App* list = nullptr;
  CLI::App* log = nullptr;
};

SearchCommands AddSearch(CLI::App& cli, Args& a) {
  auto* search = cli.add_subcommand("search", "saved searches: add, run, list, log");
  search->require_subcommand(1);
  SearchCommands c;
  c.add = search->add_subcommand("add", "save a search strategy for a database");
  c.add->add_option("REVIEW", a.db, "review database file")->required();
  c.add->add_option("NAME", a.search_add.name, "a name for the search, e.g. pubmed-main")
      ->required();
  c.add->add_option("--source", a.search_add.source, "pubmed|europepmc|ctgov")
      ->required()
      ->check(CLI::IsMember({"pubmed", "europepmc", "ctgov"}));
  c.add->add_option("--query", a.search_add.query, "the strategy, in the database's syntax");
  c.add->add_option("--query-file", a.search_add.query_file, "a file holding the strategy");
  c.add->add_flag("--replace", a.search_add.replace, "change the query of an existing search");
  c.run = search->add_subcommand("run", "run saved searches (all when none is named)");
  c.run->add_option("REVIEW", a.db, "review database file")->required();
  c.run->add_option("NAME", a.search_run.names, "saved searches to run");
  c.run->add_option("--since", a.search_run.since,
                    "last (since the last successful run) or YYYY-MM-DD; default: no limit");
  c.run->add_option("--until", a.search_run.until, "YYYY-MM-DD (default: today)");
  c.list = search->add_subcommand("list", "saved searches with their last run");
  c.list->add_option("REVIEW", a.db, "review database file")->required();
  c.log = search->add_subcommand("log", "the search log (PRISMA-S): every run of every search");
  c.log->add_option("REVIEW", a.db, "review database file")->required();
  c.log->add_option("--format", a.log_format, "text|csv|json (default text; json with --json)")
      ->check(CLI::IsMember({"text", "csv", "json"}));
  c.log->add_option("-o,--output", a.log_output, "output file (default: stdout)");
  return c;
}

CLI::App* AddUpdate(CLI::App& cli, Args& a) {
  auto* update = cli.add_subcommand(
      "update", "run every saved search for what is new since its last successful run");
  update->add_option("REVIEW", a.db, "review database file")->required();
  return update;
}

struct DedupCommands {
  CLI::App* dedup = nullptr;
  CLI::App* pairs = nullptr;
  CLI::App* merge = nullptr;
  CLI::App* split = nullptr;
  CLI::App* undo = nullptr;
  CLI::App* decisions = nullptr;
  CLI::App* explain = nullptr;
};

DedupCommands AddDedup(CLI::App& cli, Args& a) {
  DedupCommands c;
  c.dedup = cli.add_subcommand(
      "dedup", "find duplicate records and group them into works; then: pairs, merge, split, "
               "undo, decisions");
  c.dedup->add_option("REVIEW", a.db, "review database file");
  c.dedup->add_flag("--full", a.dedup.full, "compare every record again, not only new ones");
  c.pairs = c.dedup->add_subcommand("pairs", "the review queue: pairs a reviewer should decide");
  c.pairs->add_option("REVIEW", a.db, "review database file")->required();
  c.pairs->add_flag("--related", a.related,
                    "list related pairs instead (preprint and article, erratum, conference version)");
  auto reviewer = [&](CLI::App* sub) {
    sub->add_option("--reviewer", a.reviewer,
                    "who decides (default: $WINNOW_REVIEWER, else the login name)");
    sub->add_option("--note", a.note, "why, for the record");
  };
  c.merge = c.dedup->add_subcommand("merge", "records A and B are the same work");
  c.merge->add_option("REVIEW", a.db, "review database file")->required();
  c.merge->add_option("A", a.record_a, "source record id, pmid:N or doi:X")->required();
  c.merge->add_option("B", a.record_b, "source record id, pmid:N or doi:X")->required();
  reviewer(c.merge);
  c.split = c.dedup->add_subcommand("split", "RECORD is not the same work as the rest of its work");
  c.split->add_option("REVIEW", a.db, "review database file")->required();
  c.split->add_option("RECORD", a.record_a, "source record id, pmid:N or doi:X")->required();
  reviewer(c.split);
  c.undo = c.dedup->add_subcommand("undo", "reverse an earlier merge or split");
  c.undo->add_option("REVIEW", a.db, "review database file")->required();
  c.undo->add_option("DECISION", a.decision, "decision id (see dedup decisions)")->required();
  reviewer(c.undo);
  c.decisions = c.dedup->add_subcommand("decisions", "every reviewer decision on duplicates");
  c.decisions->add_option("REVIEW", a.db, "review database file")->required();
  c.explain = c.dedup->add_subcommand("explain", "why two records are or are not one work");
  c.explain->add_option("REVIEW", a.db, "review database file")->required();
  c.explain->add_option("A", a.record_a, "source record id, pmid:N or doi:X")->required();
  c.explain->add_option("B", a.record_b, "source record id, pmid:N or doi:X")->required();
  return c;
}

struct QueryCommands {
  CLI::App* check = nullptr;
  CLI::App* translate = nullptr;
  CLI::App* run = nullptr;
  CLI::App* known = nullptr;
};

QueryCommands AddQuery(CLI::App& cli, Args& a) {
  auto* query = cli.add_subcommand(
      "query", "search strategies: check, translate, run over a review, known (validation)");
  query->require_subcommand(1);
  QueryCommands c;
  auto input = [&](CLI::App* sub) {
    sub->add_option("FILE", a.q.file, "a strategy file (PubMed, Ovid or Cochrane lines)");
    sub->add_option("--query", a.q.query, "the strategy as text");
  };
  c.check = query->add_subcommand("check", "parse a strategy: canonical form, warnings, errors");
  input(c.check);
  c.translate = query->add_subcommand("translate", "a strategy in another database's syntax");
  input(c.translate);
  c.translate->add_option("--to", a.q.to, "pubmed|europepmc|ctgov")
      ->required()
      ->check(CLI::IsMember({"pubmed", "europepmc", "ctgov"}));
  c.run = query->add_subcommand("run", "the works of a review a strategy matches");
  c.run->add_option("REVIEW", a.db, "review database file")->required();
  c.run->add_option("QUERY", a.q.query, "the strategy as text");
  c.run->add_option("--query-file", a.q.file, "or a strategy file");
  c.run->add_option("--limit", a.q.limit, "works listed for people (default 20)");
  c.known = query->add_subcommand(
      "known", "which known relevant studies (PMIDs) a strategy misses in PubMed");
  input(c.known);
  c.known->add_option("--pmids", a.q.pmids_file, "file of known relevant PMIDs")->required();
  return c;
}

struct RulesCommands {
  CLI::App* rules = nullptr;
  CLI::App* undo = nullptr;
};

RulesCommands AddRules(CLI::App& cli, Args& a) {
  RulesCommands c;
  c.rules = cli.add_subcommand(
      "rules", "rule screening: exclude or tag works by rules (TOML); then: undo");
  c.rules->add_option("REVIEW", a.db, "review database file");
  c.rules->add_option("RULES_FILE", a.rules_file, "the rules (TOML)");
  c.rules->add_flag("--dry-run", a.dry_run, "show what each rule would do; record nothing");
  c.undo = c.rules->add_subcommand("undo", "undo a rule run (default: the latest in force)");
  c.undo->add_option("REVIEW", a.db, "review database file")->required();
  c.undo->add_option("RUN", a.rule_run, "rule run id");
  return c;
}

struct ScreenCommands {
  CLI::App* reviewer_add = nullptr;
  CLI::App* reviewer_list = nullptr;
  CLI::App* config = nullptr;
  CLI::App* next = nullptr;
  CLI::App* decide = nullptr;
  CLI::App* import = nullptr;
  CLI::App* history = nullptr;
  CLI::App* conflicts = nullptr;
  CLI::App* resolve = nullptr;
  CLI::App* agreement = nullptr;
};

ScreenCommands AddScreening(CLI::App& cli, Args& a) {
  ScreenCommands c;
  auto stage = [&](CLI::App* sub) {
    sub->add_option("--stage", a.stage, "ta (title/abstract, default) or ft (full text)")
        ->check(CLI::IsMember({"ta", "ft"}));
  };
  auto* reviewer = cli.add_subcommand("reviewer", "the review's reviewers: add, list");
  reviewer->require_subcommand(1);
  c.reviewer_add = reviewer->add_subcommand("add", "add a reviewer (prints their secret token once)");
  c.reviewer_add->add_option("REVIEW", a.db, "review database file")->required();
  c.reviewer_add->add_option("NAME", a.name, "the reviewer's name, one word")->required();
  c.reviewer_add->add_option("--role", a.role, "reviewer (default) or lead")
      ->check(CLI::IsMember({"reviewer", "lead"}));
  c.reviewer_list = reviewer->add_subcommand("list", "the reviewers");
  c.reviewer_list->add_option("REVIEW", a.db, "review database file")->required();
  c.config = cli.add_subcommand("config", "screening settings: show, or set NAME VALUE "
                                          "(reviewers, blind, maybe_is_include, ft_reasons)");
  c.config->add_option("REVIEW", a.db, "review database file")->required();
  c.config->add_option("NAME", a.name, "setting to change");
  c.config->add_option("VALUE", a.value, "its new value");
  auto* screen = cli.add_subcommand("screen", "screening: next, decide, history, import");
  screen->require_subcommand(1);
  c.next = screen->add_subcommand("next", "the next work for a reviewer");
  c.next->add_option("REVIEW", a.db, "review database file")->required();
  c.next->add_option("--reviewer", a.reviewer, "who screens")->required();
  stage(c.next);
  c.decide = screen->add_subcommand("decide", "record a reviewer's decision on a work");
  c.decide->add_option("REVIEW", a.db, "review database file")->required();
  c.decide->add_option("WORK", a.work, "work id, pmid:N or doi:X")->required();
  c.decide->add_option("DECISION", a.verdict, "include|exclude|maybe")
      ->required()
      ->check(CLI::IsMember({"include", "exclude", "maybe"}));
  c.decide->add_option("--reviewer", a.reviewer, "who decides")->required();
  stage(c.decide);
  c.decide->add_option("--reason", a.note, "exclusion reason (required at ft)");
  c.decide->add_option("--note", a.value, "a free-text note");
  c.import = screen->add_subcommand(
      "import", "record one reviewer's decisions from a CSV of labels (ASReview, a labelled "
                "set, or export --set screened), in one transaction");
  c.import->add_option("REVIEW", a.db, "review database file")->required();
  c.import->add_option("FILE", a.screen_import_file, "CSV with a label column")->required();
  c.import->add_option("--reviewer", a.screen_import.reviewer, "whose decisions they are")->required();
  c.import->add_option("--stage", a.screen_import.stage, "ta (default) or ft")
      ->check(CLI::IsMember({"ta", "ft"}));
  c.import->add_option("--column", a.screen_import.column,
                       "the label column (default: the reviewer's own, then included, "
                       "label_included, asreview_label, label, decision)");
  c.import->add_option("--source", a.screen_import.source,
                       "match rows without work_id/PMID/DOI by the ids this source gave them");
  c.import->add_option("--reason", a.screen_import.reason,
                       "reason for exclusions the file gives none (required at ft)");
  c.history = screen->add_subcommand("history", "every decision on a work, oldest first");
  c.history->add_option("REVIEW", a.db, "review database file")->required();
  c.history->add_option("WORK", a.work, "work id, pmid:N or doi:X")->required();
  c.history->add_option("--reviewer", a.reviewer,
                        "who asks (blind review: others' decisions once the work is settled)");
  c.conflicts = cli.add_subcommand("conflicts", "works where the reviewers disagree");
  c.conflicts->add_option("REVIEW", a.db, "review database file")->required();
  c.conflicts->add_option("--reviewer", a.reviewer, "who asks (a lead sees the decisions)");
  stage(c.conflicts);
  c.resolve = cli.add_subcommand("resolve", "a lead's final decision on a work in conflict");
  c.resolve->add_option("REVIEW", a.db, "review database file")->required();
  c.resolve->add_option("WORK", a.work, "work id, pmid:N or doi:X")->required();
  c.resolve->add_option("DECISION", a.verdict, "include|exclude")
      ->required()
      ->check(CLI::IsMember({"include", "exclude"}));
  c.resolve->add_option("--reviewer", a.reviewer, "the lead")->required();
  stage(c.resolve);
  c.resolve->add_option("--reason", a.note, "exclusion reason (required at ft)");
  c.agreement = cli.add_subcommand("agreement", "percent agreement and kappa per stage");
  c.agreement->add_option("REVIEW", a.db, "review database file")->required();
  c.agreement->add_option("--reviewer", a.reviewer,
                          "who asks (blind review: a lead sees figures over every work)");
  stage(c.agreement);
  return c;
}

struct StudyCommands {
  CLI::App* fulltext = nullptr;
  CLI::App* link = nullptr;
  CLI::App* unlink = nullptr;
  CLI::App* list = nullptr;
};

StudyCommands AddStudies(CLI::App& cli, Args& a) {
  StudyCommands c;
  c.fulltext = cli.add_subcommand("fulltext", "record a work's full text as found or not retrieved");
  c.fulltext->add_option("REVIEW", a.db, "review database file")->required();
  c.fulltext->add_option("WORK", a.work, "work id, pmid:N or doi:X")->required();
  c.fulltext->add_option("--found", a.found, "where the full text is (path or URL)");
  c.fulltext->add_flag("--not-found", a.not_found, "the full text could not be retrieved");
  c.fulltext->add_option("--reviewer", a.reviewer, "who records it");
  auto* study = cli.add_subcommand("study", "reports of one study: link, unlink, list");
  study->require_subcommand(1);
  c.link = study->add_subcommand("link", "works A and B are reports of one study");
  c.unlink = study->add_subcommand("unlink", "works A and B are different studies");
  for (CLI::App* sub : {c.link, c.unlink}) {
    sub->add_option("REVIEW", a.db, "review database file")->required();
    sub->add_option("A", a.record_a, "work id, pmid:N or doi:X")->required();
    sub->add_option("B", a.record_b, "work id, pmid:N or doi:X")->required();
    sub->add_option("--reviewer", a.reviewer, "who decides");
  }
  c.list = study->add_subcommand("list", "studies of more than one report");
  c.list->add_option("REVIEW", a.db, "review database file")->required();
  return c;
}

CLI::App* AddPrisma(CLI::App& cli, Args& a) {
  auto* prisma = cli.add_subcommand("prisma", "the PRISMA 2020 flow computed from the review");
  prisma->add_option("REVIEW", a.db, "review database file")->required();
  prisma->add_option("--format", a.prisma_format, "json (default), csv (PRISMA2020 template) or svg")
      ->check(CLI::IsMember({"json", "csv", "svg"}));
  prisma->add_option("-o,--output", a.prisma_output, "output file (default: stdout)");
  prisma->add_option("--since", a.prisma_since,
                     "the flow of a living review's update: records stored since this date or "
                     "time (YYYY-MM-DD or ISO 8601 UTC); works included before it are the "
                     "previous version")
      ->check([](const std::string& v) {
        bool ok = v.size() >= 10 && v[4] == '-' && v[7] == '-';
        return ok ? std::string() : std::string("--since: expected YYYY-MM-DD or 2026-01-31T12:00:00Z");
      });
  prisma->add_flag("--check", a.prisma_check,
                   "list what keeps the flow from being final (exit 4 if anything)");
  return prisma;
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
  SearchCommands search = AddSearch(cli, a);
  CLI::App* update = AddUpdate(cli, a);
  DedupCommands dedup = AddDedup(cli, a);
  QueryCommands query = AddQuery(cli, a);
  RulesCommands rules = AddRules(cli, a);
  ScreenCommands screening = AddScreening(cli, a);
  CLI::App* prisma = AddPrisma(cli, a);
  StudyCommands studies = AddStudies(cli, a);
  CLI::App* demo = AddDemo(cli, a);
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }
  SetUpLogging(a.g);
  a.import.progress = !a.g.json && !a.g.quiet;
  a.search_run.progress = a.import.progress;
  a.dedup.progress = a.import.progress;
  core::Status st;
  try {
    if (*init) st = CmdInit(a.g, a.db, a.title);
    if (*imp) {
      st = ParseColumnMaps(a.maps, &a.import.column_map);
      if (st.ok()) st = CmdImport(a.g, a.db, a.files, a.import);
    }
    if (*exp) st = CmdExport(a.g, a.db, a.exporting);
    if (*search.add) st = CmdSearchAdd(a.g, a.db, a.search_add);
    if (*search.run) st = CmdSearchRun(a.g, a.db, a.search_run);
    if (*search.list) st = CmdSearchList(a.g, a.db);
    if (*search.log) st = CmdSearchLog(a.g, a.db, a.log_format, a.log_output);
    if (*update) st = CmdUpdate(a.g, a.db, a.search_run.progress);
    if (*dedup.dedup) {
      if (*dedup.pairs) {
        st = CmdDedupPairs(a.g, a.db, a.related);
      } else if (*dedup.merge) {
        st = CmdDedupMerge(a.g, a.db, a.record_a, a.record_b, a.reviewer, a.note);
      } else if (*dedup.split) {
        st = CmdDedupSplit(a.g, a.db, a.record_a, a.reviewer, a.note);
      } else if (*dedup.undo) {
        st = CmdDedupUndo(a.g, a.db, a.decision, a.reviewer, a.note);
      } else if (*dedup.decisions) {
        st = CmdDedupDecisions(a.g, a.db);
      } else if (*dedup.explain) {
        st = CmdDedupExplain(a.g, a.db, a.record_a, a.record_b);
      } else if (a.db.empty()) {
        st = core::Status::Usage("dedup: REVIEW is required");
      } else {
        st = CmdDedup(a.g, a.db, a.dedup);
      }
    }
    if (*rules.rules) {
      if (*rules.undo) {
        st = CmdRulesUndo(a.g, a.db, a.rule_run);
      } else if (a.db.empty() || a.rules_file.empty()) {
        st = core::Status::Usage("rules: REVIEW and RULES_FILE are required");
      } else {
        st = CmdRules(a.g, a.db, a.rules_file, a.dry_run);
      }
    }
    if (*screening.reviewer_add) st = CmdReviewerAdd(a.g, a.db, a.name, a.role);
    if (*screening.reviewer_list) st = CmdReviewerList(a.g, a.db);
    if (*screening.config) st = CmdConfig(a.g, a.db, a.name, a.value);
    if (*screening.next) st = CmdScreenNext(a.g, a.db, a.reviewer, a.stage);
    if (*screening.decide) {
      st = CmdScreenDecide(a.g, a.db, a.work, a.verdict, a.reviewer, a.stage, a.note, a.value);
    }
    if (*screening.history) st = CmdScreenHistory(a.g, a.db, a.work, a.reviewer);
    if (*screening.import) st = CmdScreenImport(a.g, a.db, a.screen_import_file, a.screen_import);
    if (*screening.conflicts) st = CmdConflicts(a.g, a.db, a.stage, a.reviewer);
    if (*screening.resolve) st = CmdResolve(a.g, a.db, a.work, a.verdict, a.reviewer, a.stage, a.note);
    if (*screening.agreement) st = CmdAgreement(a.g, a.db, a.stage, a.reviewer);
    if (*studies.fulltext) st = CmdFulltext(a.g, a.db, a.work, a.found, a.not_found, a.reviewer);
    if (*studies.link) st = CmdStudyLink(a.g, a.db, a.record_a, a.record_b, true, a.reviewer);
    if (*studies.unlink) st = CmdStudyLink(a.g, a.db, a.record_a, a.record_b, false, a.reviewer);
    if (*studies.list) st = CmdStudyList(a.g, a.db);
    if (*prisma) {
      st = CmdPrisma(a.g, a.db, a.prisma_format, a.prisma_output, a.prisma_check, a.prisma_since);
    }
    if (*query.check) st = CmdQueryCheck(a.g, a.q);
    if (*query.translate) st = CmdQueryTranslate(a.g, a.q);
    if (*query.run) st = CmdQueryRun(a.g, a.db, a.q);
    if (*query.known) st = CmdQueryKnown(a.g, a.q);
    if (*demo) st = CmdDemo(a.g, a.dir);
  } catch (const std::exception& e) {
    st = core::Status::Internal(e.what());
  }
  return Report(a.g, st);
}

}  // namespace app
