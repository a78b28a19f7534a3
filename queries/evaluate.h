// queries::Evaluate — runs a strategy over a collection of records through
// the lookups a RecordIndex provides (the review's store implements it in
// app/: FTS5 for words and phrases, the structured tables for the rest), and
// combines the id sets by the tree's AND/OR/NOT. Offline there is no MeSH
// tree: [mh] matches the descriptor itself, like [mh:noexp] (documented).
#ifndef WINNOW_QUERIES_EVALUATE_H_
#define WINNOW_QUERIES_EVALUATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "queries/ast.h"

namespace queries {

// Sorted, unique record ids.
using IdSet = std::vector<int64_t>;

class RecordIndex {
 public:
  virtual ~RecordIndex() = default;
  // Records whose text in `field` (kTitle, kAbstract, kTitleAbstract,
  // kTextWord, kAll) holds `words` in a row; with `prefix` the last word is a
  // prefix. Words are already case- and diacritic-folded (core::MatchKey).
  virtual core::Status Phrase(Field field, const std::vector<std::string>& words, bool prefix,
                              IdSet* out) = 0;
  // Records whose text in `field` holds every one of `words` within
  // `distance` words of each other.
  virtual core::Status Near(Field field, const std::vector<std::string>& words, int distance,
                            IdSet* out) = 0;
  // Structured fields: kMesh/kMeshNoExp (descriptor), kMeshMajor (descriptor
  // as a major topic), kSubheading (qualifier), kPublicationType, kLanguage,
  // kAuthor ("white s", "white"), kFirstAuthor, kJournal (title,
  // abbreviation or ISSN), kUid (PMID). `value` as written; `prefix` for a
  // truncated value.
  virtual core::Status Value(Field field, const std::string& value, bool prefix, IdSet* out) = 0;
  // Records whose year lies in [from_year, to_year] (kPublicationDate,
  // kEntrezDate).
  virtual core::Status Years(Field field, int from_year, int to_year, IdSet* out) = 0;
};

// Evaluates `query`. Notes on approximations made (e.g. "[edat] evaluated on
// the publication year", "[mh] not exploded") are appended to *notes once each.
core::Status Evaluate(const Node& query, RecordIndex& index, IdSet* out,
                      std::vector<std::string>* notes = nullptr);

// The language names PubMed accepts ("english") as the ISO 639-2 codes
// records carry ("eng"); other values come back unchanged, lower-cased.
std::string LanguageCode(const std::string& name);

}  // namespace queries

#endif  // WINNOW_QUERIES_EVALUATE_H_
