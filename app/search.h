// app::RunSearches — runs saved searches: fetch through a connector into a
// spool of payloads on disk, then parse and store the spool in one
// transaction together with the run's search-log row. Fetching happens
// outside any transaction, so other commands (screening) are not locked out
// while the APIs are slow; a kill at any moment before the commit leaves the
// review exactly as before the run, and the next run (`--since last`) covers
// the same window again. A run that fails after retries is logged as failed
// in its own small transaction.
#ifndef WINNOW_APP_SEARCH_H_
#define WINNOW_APP_SEARCH_H_

#include <string>
#include <vector>

#include "core/record.h"
#include "core/status.h"
#include "store/store.h"

namespace app {

struct SearchAddOptions {
  std::string name;
  std::string source;      // pubmed | europepmc | ctgov
  std::string query;       // --query
  std::string query_file;  // --query-file
  bool replace = false;    // --replace: change the query of an existing search
};

// Saves a search. Conflict when the name exists with another query (unless
// replace); adding the same search again is a no-op (*changed false).
// The strategy may be one query in the database's own syntax or a
// line-numbered strategy (PubMed history, Ovid, Cochrane, lettered lines):
// PubMed queries are checked by queries/ (a syntax error or an unknown field
// tag is InvalidInput with its line and column) and kept as written, so
// PubMed's automatic term mapping treats them as the searcher intended; a
// line-numbered strategy is stored as its canonical PubMed form, or
// translated for Europe PMC and ClinicalTrials.gov. *notes (when given)
// receives the parser's and translator's warnings.
core::Status AddSearch(store::Store& review, const SearchAddOptions& options,
                       store::SavedSearch* search, bool* changed,
                       std::vector<std::string>* notes = nullptr);

struct SearchRunOptions {
  std::vector<std::string> names;  // empty = every saved search
  std::string since;               // "" (no limit), "last", or YYYY-MM-DD
  std::string until;               // "" (today when since is set) or YYYY-MM-DD
  bool progress = false;
};

// Runs the searches one after another; each run is its own transaction and is
// logged. Returns the first error (exit 3 for a service that failed after
// retries), after running the others; *runs holds every run made.
core::Status RunSearches(store::Store& review, const SearchRunOptions& options,
                         std::vector<store::SearchRun>* runs);

// Why a record cannot be stored, or "" when it can (no title and no
// identifier); shared with file imports.
std::string UnusableRecordReason(const core::Record& rec);
// Adds one upsert outcome to the counts.
void CountOutcome(store::UpsertOutcome outcome, store::ImportCounts* counts);

}  // namespace app

#endif  // WINNOW_APP_SEARCH_H_
