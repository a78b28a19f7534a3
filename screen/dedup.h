// screen::dedup — finds which source records are the same work. Pure
// algorithms over core::Record; the store keeps what they decide and app/
// runs them. Three stages, cheapest first:
//   1. shared identifiers (PMID, DOI, PMCID, accession numbers, NCT numbers
//      between register records), checked against the titles;
//   2. blocking on normalised keys (exact title, title prefix and suffix
//      tokens, first author + year, volume + first page) so candidate pairs
//      grow about linearly with the records;
//   3. a scored comparison of each candidate pair, field by field.
// Thread-safe: no shared state.
#ifndef WINNOW_SCREEN_DEDUP_H_
#define WINNOW_SCREEN_DEDUP_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/record.h"

namespace screen {

// What a record is, as far as duplicates go: a notice about another article
// is never that article, nor is a preprint its published version.
enum class RecordType {
  kArticle,
  kErratum,
  kRetraction,
  kComment,  // a comment on an article, or the authors' reply to one
  kPreprint,
  kConference,
  kRegister,
};

const char* RecordTypeName(RecordType type);

// The fields of a record that deduplication compares, normalised once.
struct DedupRecord {
  int64_t id = 0;               // source record id
  bool is_new = false;          // not yet compared (new or changed since the last run)
  std::string title_key;        // core::MatchKey(title)
  std::vector<std::string> title_tokens;
  std::vector<uint32_t> bigrams;  // sorted character bigrams of title_key without spaces
  std::vector<std::string> families;  // MatchKey of each author's family (or collective)
  std::vector<char> first_initials;   // first initial per author ('\0' when unknown)
  // Every word of 3+ letters of each author's whole name, " word word ", for
  // names whose parts a database put in the wrong fields.
  std::vector<std::string> name_words;
  int year = 0;
  std::string journal_key, abbrev_key;
  std::vector<std::string> issn;
  std::string volume, issue, first_page, last_page;
  std::string doi, pmid, pmcid;
  std::vector<std::string> accessions;     // other identifiers ("embase:...", "wos:...")
  std::vector<std::string> registrations;  // NCT... (compared only between register records)
  RecordType type = RecordType::kArticle;
};

// Builds the comparable view of `rec`. `source_kind` is the kind of the
// source ("database", "register", "other").
DedupRecord MakeDedupRecord(int64_t id, const core::Record& rec, const std::string& source_kind);

// Classifies a record by its title, publication types, kind and container.
RecordType ClassifyRecord(const core::Record& rec, const std::string& source_kind);

// The verdict on one pair.
enum class Verdict {
  kDistinct,   // different works
  kReview,     // a reviewer should decide
  kDuplicate,  // the same work: merged automatically
  kRelated,    // different reports of one thing (preprint and article, erratum)
};

const char* VerdictName(Verdict verdict);

struct PairResult {
  Verdict verdict = Verdict::kDistinct;
  double score = 0;       // 0..1, how alike the two records are
  std::string stage;      // "identifier" | "scored"
  std::string reason;     // e.g. "same doi", "title 0.98, authors 1.00, year, journal, pages"
  // For kRelated: "preprint" | "erratum" | "retraction" | "comment" | "conference".
  std::string relation;
};

// Thresholds on PairResult::score: at or above kMergeScore a pair merges
// automatically, from kReviewScore up to it a reviewer decides.
constexpr double kMergeScore = 0.90;
constexpr double kReviewScore = 0.75;

// Compares two records. `shared_id` names an identifier both carry (stage 1)
// or is empty (stage 3).
PairResult ComparePair(const DedupRecord& a, const DedupRecord& b);

// Similarity measures, exposed for tests.
double TitleSimilarity(const DedupRecord& a, const DedupRecord& b);
double AuthorSimilarity(const DedupRecord& a, const DedupRecord& b);
// True when one journal name can be an abbreviation of the other ("J Infect
// Dis" / "Journal of Infectious Diseases"), or they are equal, or share an ISSN.
bool JournalsMatch(const DedupRecord& a, const DedupRecord& b);
bool IsAbbreviationOf(const std::string& abbrev_key, const std::string& full_key);

// Stage 1 and 2: the candidate pairs (indexes into `records`, first < second)
// of which at least one record is new. Each pair appears once.
struct CandidateStats {
  int64_t identifier_pairs = 0;
  int64_t blocked_pairs = 0;
  int64_t largest_block = 0;
};
std::vector<std::pair<uint32_t, uint32_t>> CandidatePairs(const std::vector<DedupRecord>& records,
                                                          CandidateStats* stats);

// A link between two source records that clustering uses.
struct Link {
  int64_t a = 0, b = 0;  // source record ids
  double score = 0;
};

// Connected components of the records under `must` links (reviewers'
// merges, always applied) and `auto_links` (applied best score first), never
// joining two components that would put a `cannot` pair (reviewers' splits)
// into one. `dois` (empty, or one per id, "" when none) keeps automatic links
// from chaining works with different DOIs together: a bare record that looks
// like both an article and its reprint joins one of them, not both; such a
// link is not applied and is returned in *refused (when given) for review.
// Returns, for each record id in `ids`, its component's representative (the
// smallest record id of the component).
std::vector<int64_t> Cluster(const std::vector<int64_t>& ids, const std::vector<Link>& must,
                             std::vector<Link> auto_links, const std::vector<Link>& cannot,
                             const std::vector<std::string>& dois = {},
                             std::vector<Link>* refused = nullptr);

}  // namespace screen

#endif  // WINNOW_SCREEN_DEDUP_H_
