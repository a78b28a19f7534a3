// store::Store — one review, one SQLite file. Owns the connection (WAL,
// foreign keys on) and the repositories for sources, imports, source records,
// normalised records, works and the audit log. Writes happen inside Begin() /
// Commit(): the caller makes each import one transaction, so a kill at any
// moment leaves the review as it was. Not thread-safe: one Store per thread.
#ifndef WINNOW_STORE_STORE_H_
#define WINNOW_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/record.h"
#include "core/status.h"
#include "store/compress.h"

namespace store {

struct Skip {
  std::string where;  // "file.ris:1234" or "file.xml: record 3"
  std::string why;
};

struct ImportCounts {
  int64_t read = 0;
  int64_t added = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t deleted = 0;
  // Deletion notices in the file (PubMed DeleteCitation PMIDs); `deleted`
  // counts those that flagged a record of the review, the rest named records
  // the review never had or had already flagged.
  int64_t deletion_notices = 0;
  std::vector<Skip> skipped;
};

struct ImportInfo {
  int64_t id = 0;
  std::string source;
  std::string source_kind = "database";  // database | register | ... (PRISMA's columns)
  std::string file_name;
  int64_t file_size = 0;
  std::string sha256;
  std::string format;
  std::string imported_at;  // ISO 8601 UTC
  ImportCounts counts;
};

// What UpsertRecord did. kDeleteIgnored: a deletion notice for a record the
// review does not have, or has already flagged.
enum class UpsertOutcome { kAdded, kUpdated, kUnchanged, kDeleted, kDeleteIgnored };

// Which rows an export walks.
enum class RecordSet {
  kWorks,       // one row per work (its canonical record)
  kRecords,     // one row per source record, with its work_id
  kIncluded,    // works whose status is "included"
  kScreened,    // works that left "unscreened"
  kDuplicates,  // source records whose work has more than one record
};

struct RecordRow {
  int64_t work_id = 0;
  int64_t record_id = 0;
  std::string status;  // work status, or "deleted" for a withdrawn record
  int64_t members = 1;  // source records of the work (work sets only)
  std::string source_kind;  // database | register | other (LoadRecordRow only)
  core::Record record;
};

struct ReviewStats {
  std::string title;
  int64_t sources = 0;
  int64_t imports = 0;
  int64_t source_records = 0;
  int64_t deleted_records = 0;
  int64_t works = 0;
};

// A saved search: a strategy run against one searchable source.
struct SavedSearch {
  int64_t id = 0;
  std::string name;
  std::string source;  // pubmed | europepmc | ctgov
  std::string query;      // as sent to the database
  std::string canonical;  // the strategy in canonical PubMed form ("" when not parsed)
  std::string created_at;
  std::string updated_at;
  // The latest run (id 0 when never run) and the latest successful one.
  int64_t last_run_id = 0;
  std::string last_run_at;
  std::string last_status;
  int64_t last_ok_run_id = 0;
  std::string last_ok_until;  // the date limit ("YYYY-MM-DD") the last good run reached
};

// One run of a saved search: a row of the PRISMA-S search log.
struct SearchRun {
  int64_t id = 0;
  int64_t search_id = 0;
  std::string search_name;  // filled when read back
  std::string source;
  std::string database;     // "PubMed"
  std::string platform;     // "NCBI E-utilities"
  std::string query;        // the saved strategy
  std::string query_sent;   // exactly what the service was sent
  std::string translation;  // how the service read it
  std::vector<std::string> warnings;
  std::string date_from;    // limits, "YYYY-MM-DD"; "" = open
  std::string date_until;
  std::string started_at;   // ISO 8601 UTC
  std::string finished_at;
  int64_t hits = -1;        // reported by the service; -1 unknown
  int64_t fetched = 0;      // records received
  ImportCounts counts;      // added (new to the review), updated, unchanged, deleted
  std::string status;       // ok | incomplete | failed
  std::string error;
  int64_t requests = 0;
  int64_t retries = 0;
};

// --- Deduplication ---

// A source record as deduplication sees it. `record` holds the compared
// fields only: title, authors, journal, ISSNs, year, volume, issue, pages,
// identifiers, registrations, publication types, kind, format and source;
// its abstract is its first character and its MeSH one placeholder heading
// when it has any (enough to rank it, without loading them).
struct DedupInput {
  int64_t record_id = 0;
  int64_t work_id = 0;
  bool done = false;     // compared by an earlier run and unchanged since
  bool deleted = false;  // withdrawn by its source
  std::string source_kind;
  core::Record record;
};

// A pair an automatic run found; record_a < record_b.
struct DedupPair {
  int64_t record_a = 0, record_b = 0;
  std::string verdict;   // duplicate | review | related
  double score = 0;
  std::string stage;     // identifier | scored
  std::string reason;
  std::string relation;  // for related pairs
  int64_t run_id = 0;
};

// A reviewer's ruling on one pair: same (one work) or not.
struct DedupConstraint {
  int64_t record_a = 0, record_b = 0;
  bool same = false;
  int64_t decision_id = 0;
};

struct DedupDecision {
  int64_t id = 0;
  std::string at;
  std::string reviewer;
  std::string action;  // merge | split | undo
  int64_t record_a = 0, record_b = 0;
  int64_t target_decision = 0;
  std::string note;
  int64_t undone_by = 0;
};

struct DedupRun {
  int64_t id = 0;
  std::string started_at, finished_at;
  int64_t records = 0, new_records = 0, candidate_pairs = 0;
  int64_t duplicate_pairs = 0, review_pairs = 0, related_pairs = 0;
  int64_t works_before = 0, works_after = 0, records_moved = 0;
};

// Where clustering puts a record: `cluster` names its component (any id
// shared by the members, e.g. the smallest record id); `rank` says how good
// the record is as the work's canonical record (highest wins).
struct ClusterAssignment {
  int64_t record_id = 0;
  int64_t cluster = 0;
  int rank = 0;
};

struct ClusterChanges {
  int64_t works_before = 0;
  int64_t works_after = 0;
  int64_t records_moved = 0;
  int64_t works_created = 0;
  int64_t works_retired = 0;
  // Works that lost every record, each with the work that took its first one.
  std::vector<std::pair<int64_t, int64_t>> retired;
};

// --- Rule screening ---

// One run of a rules file: what it was and what it did.
struct RuleRun {
  int64_t id = 0;
  std::string at;
  std::string actor;
  std::string rules_file;
  std::string rules_sha256;
  std::string rules_text;
  int64_t excluded = 0;
  int64_t tagged = 0;
  std::string undone_at;  // "" while in force
  std::string undone_by;
};

// The automatic decision of one rule on one work.
struct RuleDecision {
  int64_t run_id = 0;
  int64_t work_id = 0;
  std::string rule;
  std::string action;  // exclude | tag
  std::string reason;  // PRISMA reason of an exclusion
  std::string previous_status;
};

// Active automatic exclusions per rule, for PRISMA.
struct RuleCount {
  std::string rule;
  std::string reason;
  int64_t works = 0;
};

// --- Reviewers and screening decisions ---

struct Reviewer {
  int64_t id = 0;
  std::string name;
  std::string role;  // reviewer | lead
  std::string created_at;
};

// One screening decision (a row of the history; the latest per work, stage
// and reviewer holds).
struct Decision {
  int64_t id = 0;
  int64_t work_id = 0;
  std::string stage;     // ta | ft
  int64_t reviewer_id = 0;
  std::string reviewer;  // filled when read back
  std::string decision;  // include | exclude | maybe
  std::string reason;
  std::string note;
  std::string at;
};

// A lead's final decision on a work in conflict.
struct Resolution {
  int64_t id = 0;
  int64_t work_id = 0;
  std::string stage;
  int64_t reviewer_id = 0;
  std::string reviewer;
  std::string decision;  // include | exclude
  std::string reason;
  std::string at;
};

class Store {
 public:
  // Creates a new review file; InvalidInput when the path already exists.
  static core::Status Create(const std::string& path, const std::string& title,
                             std::unique_ptr<Store>* out);
  // Opens an existing review (applying pending migrations); NotFound when the
  // file does not exist, InvalidInput when it is not a winnow review.
  static core::Status Open(const std::string& path, std::unique_ptr<Store>* out);

  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Write transaction. Rollback() is safe to call when none is open. Records
  // added inside it are full-text indexed in bulk: by IndexPending(), which a
  // long import calls now and then, and at the latest by Commit().
  core::Status Begin();
  // Begin() for a transaction expected to add many records (an import, a
  // search run's records). Into a review that holds no record yet it writes
  // the file directly under a rollback journal instead of through the WAL and
  // a checkpoint, so every page is written once rather than twice; as safe
  // against a kill, but other commands can neither read nor write the review
  // until it ends (they wait, as for any writer). Commit() and Rollback()
  // put the review back in WAL mode.
  core::Status BeginBulk();
  core::Status IndexPending();
  core::Status Commit();
  void Rollback();

  core::Status Stats(ReviewStats* stats);

  // Returns the id of the named source, creating it (with `kind`) if new.
  core::Status EnsureSource(const std::string& name, const std::string& kind, int64_t* id);

  // Looks up an earlier import of a file with this SHA-256.
  core::Status FindImportBySha(const std::string& sha256, ImportInfo* info, bool* found);
  // Inserts the import row (counts zero) and sets info->id and imported_at.
  core::Status BeginImport(ImportInfo* info);
  // Stores the final counts of an import begun with BeginImport.
  core::Status FinishImport(const ImportInfo& info);

  // Adds, updates (when newer), flags as deleted or leaves a source record of
  // `source_id` keyed by rec.source_id. A new record gets its own work.
  // raw_zstd, when given, is CompressRaw(rec.raw, dict) computed ahead (e.g.
  // on another thread); it is kept when `dict` is none or the one the store
  // uses (UseRawDictionary), else compressed again.
  core::Status UpsertRecord(int64_t source_id, int64_t import_id, const core::Record& rec,
                            UpsertOutcome* outcome, const std::string* raw_zstd = nullptr);

  // As UpsertRecord, for a record a search run fetched: the record is linked
  // to the run (search_run_records), which also counts a record the review
  // already had.
  core::Status UpsertFetchedRecord(int64_t source_id, int64_t run_id, const core::Record& rec,
                                   UpsertOutcome* outcome, const std::string* raw_zstd = nullptr);

  // Raw texts the store compresses itself use `dict` (nullptr: none) until
  // the transaction ends; the dictionary is kept in the review so that every
  // record compressed with it can be read back. *usable is false when the
  // review already holds a different dictionary under the same id (zstd ids
  // are 31-bit hashes): then the store compresses without one, and compresses
  // again any text given to UpsertRecord compressed with `dict`.
  core::Status UseRawDictionary(std::shared_ptr<const RawDictionary> dict, bool* usable);

  // Saved searches. AddSearch: Conflict when the name is taken.
  core::Status AddSearch(SavedSearch* search);
  core::Status UpdateSearchQuery(int64_t search_id, const std::string& query,
                                 const std::string& canonical);
  core::Status FindSearch(const std::string& name, SavedSearch* search, bool* found);
  core::Status ListSearches(std::vector<SavedSearch>* searches);

  // The search log. BeginRun inserts the row of a run of the source
  // `source_id` (see EnsureSource) and sets run->id; FinishRun stores
  // everything else. Both inside the caller's transaction.
  core::Status BeginRun(int64_t source_id, SearchRun* run);
  core::Status FinishRun(const SearchRun& run);
  // Every run (or those of one search when search_id > 0), oldest first.
  core::Status ListRuns(int64_t search_id, std::vector<SearchRun>* runs);

  // Deduplication. Every record with what dedup compares, in id order.
  core::Status LoadDedupInputs(std::vector<DedupInput>* out);
  core::Status BeginDedupRun(DedupRun* run);
  core::Status FinishDedupRun(const DedupRun& run);
  // Removes the automatic pairs of the records not yet compared (changed
  // since their last comparison), or every automatic pair when `all`.
  core::Status ClearDedupPairs(bool all);
  // Inserts or replaces a pair.
  core::Status SaveDedupPair(const DedupPair& pair);
  // Marks every record compared.
  core::Status MarkDedupDone();
  // Pairs with this verdict ("" = all).
  core::Status LoadDedupPairs(const std::string& verdict, std::vector<DedupPair>* out);
  // The review queue: "review" pairs no reviewer has ruled on whose records
  // are in different works, best score first.
  core::Status ReviewQueue(std::vector<DedupPair>* out);
  // The constraints of every decision not undone, oldest decision first.
  core::Status LoadDedupConstraints(std::vector<DedupConstraint>* out);
  // Stores a decision (sets id and at) and what it means pair by pair.
  core::Status AddDedupDecision(DedupDecision* decision,
                                const std::vector<DedupConstraint>& constraints);
  // Marks decision `target` undone by `undo` (an "undo" decision added first).
  core::Status MarkDecisionUndone(int64_t target, int64_t undo);
  core::Status FindDedupDecision(int64_t id, DedupDecision* decision, bool* found);
  core::Status ListDedupDecisions(std::vector<DedupDecision>* out);
  // Moves records between works so that each cluster is one work. A cluster
  // keeps the work most of its records are in (a work already screened
  // first); a cluster left without one gets a new work; a work left empty is
  // marked merged into the work that took its records. Each move is audited
  // under `actor`. Sets each work's canonical record to its best-ranked member.
  core::Status ApplyClusters(const std::vector<ClusterAssignment>& assignments,
                             const std::string& actor, ClusterChanges* changes);
  // Source record ids of a work, in id order.
  core::Status WorkMembers(int64_t work_id, std::vector<int64_t>* record_ids);
  // The work of a source record; NotFound when there is no such record.
  core::Status WorkOfRecord(int64_t record_id, int64_t* work_id);
  // One source record with every normalised field.
  core::Status LoadRecordRow(int64_t record_id, RecordRow* row);
  // The stored automatic pair of two records, if any.
  core::Status FindDedupPair(int64_t a, int64_t b, DedupPair* pair, bool* found);
  // Lookups for query evaluation; each gives sorted, unique source record
  // ids. Terms: kind mesh | pubtype | language | keyword, case-insensitive,
  // `prefix` for truncation, `major_only` for MeSH major topics.
  core::Status RecordsWithTerm(const std::string& kind, const std::string& value, bool prefix,
                               bool major_only, std::vector<int64_t>* ids);
  // Records with a MeSH qualifier (subheading), case-insensitive.
  core::Status RecordsWithQualifier(const std::string& qualifier, std::vector<int64_t>* ids);
  // Records with an author of this family name (or group name) whose
  // initials start with `initials` ("" = any); first_only: first author.
  core::Status RecordsByAuthor(const std::string& family, const std::string& initials,
                               bool first_only, bool prefix, std::vector<int64_t>* ids);
  // Records in a journal: full title, abbreviation or ISSN.
  core::Status RecordsByJournal(const std::string& journal, std::vector<int64_t>* ids);
  core::Status RecordsByYear(int from_year, int to_year, std::vector<int64_t>* ids);
  // The live works of source records, sorted and unique.
  core::Status WorksOfRecords(const std::vector<int64_t>& record_ids, std::vector<int64_t>* work_ids);
  // Rule screening. Statuses of every live work.
  core::Status WorkStatuses(std::map<int64_t, std::string>* statuses);
  // Inserts the run row (sets id and at).
  core::Status BeginRuleRun(RuleRun* run);
  // Records a decision; an exclusion sets the work's status to
  // "excluded_automatic". Audited under the run's actor.
  core::Status AddRuleDecision(const RuleRun& run, const RuleDecision& decision);
  core::Status FinishRuleRun(const RuleRun& run);
  // Every run, oldest first.
  core::Status ListRuleRuns(std::vector<RuleRun>* runs);
  // Undoes run `run_id`: its decisions are marked undone and each work it
  // excluded gets its previous status back, unless the work has moved on
  // since (a reviewer decided it). *restored counts the works restored.
  core::Status UndoRuleRun(int64_t run_id, const std::string& actor, int64_t* restored);
  // Works excluded by rules and still so, per rule (first rule per work).
  core::Status RuleExclusionCounts(std::vector<RuleCount>* counts);
  // The rule (runs in force, first by decision) that excluded each work
  // still excluded automatically.
  core::Status RuleExclusionsByWork(std::map<int64_t, std::string>* rule_of_work);
  // Tags rules put on a work (runs in force).
  core::Status WorkTags(int64_t work_id, std::vector<std::string>* tags);
  // Every (work, rule) tag in force.
  core::Status ActiveTags(std::set<std::pair<int64_t, std::string>>* tags);

  // Reviewers. AddReviewer: Conflict when the name is taken.
  core::Status AddReviewer(const std::string& name, const std::string& role,
                           const std::string& token_sha256, Reviewer* out);
  core::Status FindReviewer(const std::string& name, Reviewer* out, bool* found);
  core::Status ListReviewers(std::vector<Reviewer>* out);
  // Review settings (key/value); *found false when unset.
  core::Status GetSetting(const std::string& key, std::string* value, bool* found);
  core::Status SetSetting(const std::string& key, const std::string& value, const std::string& actor);
  // Appends a decision (sets id and at); audited under the reviewer's name.
  core::Status AddDecision(Decision* decision);
  // The latest decision of each reviewer on each work at `stage` (all works
  // when work_id is 0), by work then reviewer.
  core::Status LatestDecisions(const std::string& stage, int64_t work_id,
                               std::vector<Decision>* out);
  // Every decision row of a work at a stage, oldest first (the history).
  core::Status DecisionHistory(int64_t work_id, const std::string& stage, std::vector<Decision>* out);
  core::Status AddResolution(Resolution* resolution);
  // The latest resolution of each work at `stage`.
  core::Status LatestResolutions(const std::string& stage, std::map<int64_t, Resolution>* out);
  // The source record `source` (by name) holds under `key` (the id it gave
  // the record at import); *found false when none.
  core::Status FindRecordBySourceKey(const std::string& source, const std::string& key,
                                     int64_t* record_id, bool* found);
  // A live work's status; *live false when there is no such work or it was
  // merged into another.
  core::Status WorkStatus(int64_t work_id, std::string* status, bool* live);
  // Sets a live work's status (audited).
  core::Status SetWorkStatus(int64_t work_id, const std::string& status, const std::string& actor);

  // Full text of a work: found (with where) or not retrieved; the latest
  // record holds. Audited.
  core::Status SetFulltext(int64_t work_id, bool found, const std::string& location,
                           const std::string& actor);
  struct Fulltext {
    bool found = false;
    std::string location;
    std::string actor;
    std::string at;
  };
  // The latest full-text record of every work that has one.
  core::Status LatestFulltexts(std::map<int64_t, Fulltext>* out);
  // Reviewers' study links in force: the latest per pair (work_a < work_b).
  struct StudyLink {
    int64_t work_a = 0, work_b = 0;
    bool linked = false;
  };
  core::Status AddStudyLink(int64_t a, int64_t b, bool linked, const std::string& actor);
  core::Status StudyLinks(std::vector<StudyLink>* out);
  // Registration numbers (NCT, ISRCTN, ...) of every live work's records.
  core::Status WorkRegistrations(std::map<int64_t, std::vector<std::string>>* out);

  // PRISMA counts. Source records per source, with the source's kind.
  struct SourceCount {
    std::string source;
    std::string kind;  // database | register | other kinds
    int64_t records = 0;
  };
  // With `since` (ISO 8601 UTC, or a date for the start of that day), only
  // the records first stored at or after it (the update of a living review).
  core::Status SourceRecordCounts(std::vector<SourceCount>* out, const std::string& since = "");
  // When each live work's first source record was stored.
  core::Status WorkFirstSeen(std::map<int64_t, std::string>* first_seen);
  // Every work's status as it stood before `since`, from the audit log
  // (works whose status had not changed by then are absent: "unscreened").
  core::Status StatusesBefore(const std::string& since, std::map<int64_t, std::string>* out);
  // Live works found only through other methods (every record from a source
  // whose kind is neither database nor register).
  core::Status OtherMethodsWorks(std::set<int64_t>* works);
  // Live works that hold at least one record from a source of one of `kinds`.
  core::Status WorksFromSourceKinds(const std::vector<std::string>& kinds, int64_t* works);

  // Source records carrying an identifier (kind pmid | doi | pmcid).
  core::Status FindRecordsByIdentifier(const std::string& kind, const std::string& value,
                                       std::vector<int64_t>* record_ids);

  // Calls fn for each row of `set` in id order; stops at the first non-ok
  // Status fn returns and returns it.
  core::Status ForEach(RecordSet set, const std::function<core::Status(const RecordRow&)>& fn);

  // The raw text of a source record as received.
  core::Status LoadRaw(int64_t record_id, std::string* raw);

  // Source record ids whose title/abstract/keywords match an FTS5 query.
  core::Status MatchText(const std::string& fts_query, std::vector<int64_t>* record_ids);

  // Appends to the audit log. detail_json must be a JSON object.
  core::Status Audit(const std::string& actor, const std::string& action, const std::string& entity,
                     int64_t entity_id, const std::string& detail_json);

  // Number of audit log rows with this action (for tests and summaries).
  core::Status CountAudit(const std::string& action, int64_t* n);

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Compresses a raw record the way the store keeps it (zstd, with `dict` when
// given). Thread-safe.
std::string CompressRaw(std::string_view raw, const RawDictionary* dict = nullptr);
// Trains a dictionary for compressing raw records like `samples` (nullptr when
// they are too few or too small). Thread-safe.
std::shared_ptr<const RawDictionary> TrainRawDictionary(const std::vector<std::string>& samples);

// Current time as ISO 8601 UTC ("2026-11-25T23:45:00Z").
std::string NowUtc();

}  // namespace store

#endif  // WINNOW_STORE_STORE_H_
