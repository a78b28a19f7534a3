// app::query — the query language over a review: a queries::RecordIndex on
// the store (FTS5 for words, phrases and proximity; the structured tables for
// MeSH, publication types, languages, authors, journals, PMIDs and years),
// and the strategy input shared by `query`, `search add` and `rules`.
#ifndef WINNOW_APP_QUERY_H_
#define WINNOW_APP_QUERY_H_

#include <string>
#include <vector>

#include "core/status.h"
#include "queries/ast.h"
#include "queries/evaluate.h"
#include "store/store.h"

namespace app {

// The store as the evaluator's index. Ids are source record ids.
class StoreIndex : public queries::RecordIndex {
 public:
  explicit StoreIndex(store::Store& review) : review_(review) {}
  core::Status Phrase(queries::Field field, const std::vector<std::string>& words, bool prefix,
                      queries::IdSet* out) override;
  core::Status Near(queries::Field field, const std::vector<std::string>& words, int distance,
                    queries::IdSet* out) override;
  core::Status Value(queries::Field field, const std::string& value, bool prefix,
                     queries::IdSet* out) override;
  core::Status Years(queries::Field field, int from_year, int to_year, queries::IdSet* out) override;

 private:
  store::Store& review_;
};

// A strategy from --query TEXT or a file (exactly one of them), parsed.
// InvalidInput names the file (or "--query") and the line:column.
struct ParsedStrategy {
  std::string source;     // "--query" or the file name
  std::string text;       // as given
  queries::Node query;
  std::vector<queries::Message> warnings;
};
core::Status ParseStrategyInput(const std::string& query, const std::string& file,
                                ParsedStrategy* out);

// What PubMed cannot do with a tree that other dialects allow: wildcards
// inside a word (Ovid "randomi?ed", "tumo#r"). One sentence per term.
std::vector<std::string> PubmedCaveats(const queries::Node& query);

// The works a strategy matches in the review, with the evaluator's notes.
core::Status MatchWorks(store::Store& review, const queries::Node& query,
                        std::vector<int64_t>* record_ids, std::vector<int64_t>* work_ids,
                        std::vector<std::string>* notes);

}  // namespace app

#endif  // WINNOW_APP_QUERY_H_
