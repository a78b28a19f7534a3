// One function per CLI command. Each prints its result on stdout (human text,
// or one JSON document with --json) and returns a Status that RunCli maps to
// the exit code.
#ifndef WINNOW_APP_COMMANDS_H_
#define WINNOW_APP_COMMANDS_H_

#include <string>
#include <vector>

#include "app/cli.h"
#include "app/dedup.h"
#include "app/import.h"
#include "app/screen_import.h"
#include "app/search.h"
#include "core/status.h"

namespace app {

core::Status CmdInit(const GlobalFlags& g, const std::string& db, const std::string& title);

core::Status CmdImport(const GlobalFlags& g, const std::string& db,
                       const std::vector<std::string>& files, const ImportOptions& options);

struct ExportOptions {
  std::string set = "all";     // all | records | included | screened | duplicates
  std::string format = "json";  // json | csv | ris
  std::string output;          // "" = stdout
  std::string reviewer;        // who asks (blind mode limits the screened set)
};
core::Status CmdExport(const GlobalFlags& g, const std::string& db, const ExportOptions& options);

core::Status CmdSearchAdd(const GlobalFlags& g, const std::string& db,
                          const SearchAddOptions& options);
core::Status CmdSearchRun(const GlobalFlags& g, const std::string& db,
                          const SearchRunOptions& options);
// Every saved search since its last successful run.
core::Status CmdUpdate(const GlobalFlags& g, const std::string& db, bool progress);
core::Status CmdSearchList(const GlobalFlags& g, const std::string& db);
// The search log: format text (default), csv or json; output "" = stdout.
core::Status CmdSearchLog(const GlobalFlags& g, const std::string& db, const std::string& format,
                          const std::string& output);

// Deduplication (app/dedup.h): run it, list the review queue (or the related
// pairs), and a reviewer's merge, split, undo and the list of decisions.
core::Status CmdDedup(const GlobalFlags& g, const std::string& db, const DedupOptions& options);
core::Status CmdDedupPairs(const GlobalFlags& g, const std::string& db, bool related);
core::Status CmdDedupMerge(const GlobalFlags& g, const std::string& db, const std::string& a,
                           const std::string& b, const std::string& reviewer,
                           const std::string& note);
core::Status CmdDedupSplit(const GlobalFlags& g, const std::string& db, const std::string& record,
                           const std::string& reviewer, const std::string& note);
core::Status CmdDedupUndo(const GlobalFlags& g, const std::string& db, int64_t decision,
                          const std::string& reviewer, const std::string& note);
core::Status CmdDedupDecisions(const GlobalFlags& g, const std::string& db);
// Why two records are (or are not) one work: the comparison as it stands,
// the stored pair and any reviewer ruling.
core::Status CmdDedupExplain(const GlobalFlags& g, const std::string& db, const std::string& a,
                             const std::string& b);

// The query language: check (canonical form and warnings), translate, run
// over a review, and known (which known relevant PMIDs PubMed's search misses).
struct QueryOptions {
  std::string query;       // --query TEXT
  std::string file;        // or a strategy file
  std::string to;          // translate: pubmed | europepmc | ctgov
  std::string pmids_file;  // known: --pmids FILE
  int limit = 20;          // run: works listed for people
};
core::Status CmdQueryCheck(const GlobalFlags& g, const QueryOptions& options);
core::Status CmdQueryTranslate(const GlobalFlags& g, const QueryOptions& options);
core::Status CmdQueryRun(const GlobalFlags& g, const std::string& db, const QueryOptions& options);
core::Status CmdQueryKnown(const GlobalFlags& g, const QueryOptions& options);

// Rule screening: apply a rules file (or --dry-run), undo a run (0 = latest).
core::Status CmdRules(const GlobalFlags& g, const std::string& db, const std::string& file,
                      bool dry_run);
core::Status CmdRulesUndo(const GlobalFlags& g, const std::string& db, int64_t run_id);

// Reviewers and screening (app/screening.h).
core::Status CmdReviewerAdd(const GlobalFlags& g, const std::string& db, const std::string& name,
                            const std::string& role);
core::Status CmdReviewerList(const GlobalFlags& g, const std::string& db);
// Prints the settings; with a name, sets that one first.
core::Status CmdConfig(const GlobalFlags& g, const std::string& db, const std::string& name,
                       const std::string& value);
core::Status CmdScreenNext(const GlobalFlags& g, const std::string& db, const std::string& reviewer,
                           const std::string& stage);
core::Status CmdScreenDecide(const GlobalFlags& g, const std::string& db, const std::string& work,
                             const std::string& decision, const std::string& reviewer,
                             const std::string& stage, const std::string& reason,
                             const std::string& note);
// Every decision on a work, oldest first, as `reviewer` may see them.
core::Status CmdScreenHistory(const GlobalFlags& g, const std::string& db, const std::string& work,
                              const std::string& reviewer);
// One reviewer's decisions from a CSV of labels (app/screen_import.h).
core::Status CmdScreenImport(const GlobalFlags& g, const std::string& db, const std::string& file,
                             const ScreenImportOptions& options);
core::Status CmdConflicts(const GlobalFlags& g, const std::string& db, const std::string& stage,
                          const std::string& reviewer);
core::Status CmdResolve(const GlobalFlags& g, const std::string& db, const std::string& work,
                        const std::string& decision, const std::string& lead,
                        const std::string& stage, const std::string& reason);
core::Status CmdAgreement(const GlobalFlags& g, const std::string& db, const std::string& stage,
                          const std::string& reviewer);

// Full text found (PATH|URL) or not retrieved; study links between works.
core::Status CmdFulltext(const GlobalFlags& g, const std::string& db, const std::string& work,
                         const std::string& found, bool not_found, const std::string& actor);
core::Status CmdStudyLink(const GlobalFlags& g, const std::string& db, const std::string& a,
                          const std::string& b, bool link, const std::string& actor);
core::Status CmdStudyList(const GlobalFlags& g, const std::string& db);

// The PRISMA 2020 flow: json (default), csv or svg, to stdout or -o FILE;
// with check, the problems that keep it from being final (exit 4 if any).
// `since`: the flow of a living review's update (app::ComputePrisma).
core::Status CmdPrisma(const GlobalFlags& g, const std::string& db, const std::string& format,
                       const std::string& output, bool check, const std::string& since);

// Builds a whole review from the bundled data in `dir` (default ./winnow-demo).
core::Status CmdDemo(const GlobalFlags& g, const std::string& dir);

// Summary JSON of an import, in DESIGN.md's shape (shared with the demo).
std::string ImportSummaryJson(const ImportSummary& summary);
// "read 4, added 4, updated 0, ..." for people.
std::string CountsText(const store::ImportCounts& counts);
// One line per file for people.
std::string ImportSummaryText(const ImportSummary& summary);

}  // namespace app

#endif  // WINNOW_APP_COMMANDS_H_
