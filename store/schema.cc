#include "store/schema.h"

#include <string>

#include "store/sqlite.h"

namespace store {
namespace {

// Migration 1: sources, imports, source records (raw kept, zstd-compressed),
// normalised records with their child tables, works, audit log, FTS5 index.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE review (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  title TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by_version TEXT NOT NULL
);
CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL DEFAULT 'database'   -- database | register | other
);
CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  file_name TEXT NOT NULL,
  file_size INTEGER NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  format TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  n_read INTEGER NOT NULL DEFAULT 0,
  n_added INTEGER NOT NULL DEFAULT 0,
  n_updated INTEGER NOT NULL DEFAULT 0,
  n_unchanged INTEGER NOT NULL DEFAULT 0,
  n_deleted INTEGER NOT NULL DEFAULT 0,
  n_skipped INTEGER NOT NULL DEFAULT 0,
  skipped TEXT NOT NULL DEFAULT '[]'      -- JSON array of {where, why}
);
CREATE TABLE works (
  id INTEGER PRIMARY KEY,
  canonical_record_id INTEGER,
  status TEXT NOT NULL DEFAULT 'unscreened',
  created_at TEXT NOT NULL
);
CREATE TABLE source_records (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  source_key TEXT NOT NULL,
  work_id INTEGER REFERENCES works(id),
  first_import_id INTEGER REFERENCES imports(id),
  last_import_id INTEGER REFERENCES imports(id),
  format TEXT NOT NULL,
  locator TEXT NOT NULL DEFAULT '',
  raw BLOB,                               -- zstd frame of the record as received
  raw_size INTEGER NOT NULL DEFAULT 0,
  date_revised TEXT NOT NULL DEFAULT '',
  deleted INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (source_id, source_key)
);
CREATE INDEX source_records_work ON source_records(work_id);
CREATE TABLE records (
  id INTEGER PRIMARY KEY REFERENCES source_records(id),
  kind TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  vernacular_title TEXT NOT NULL DEFAULT '',
  abstract TEXT NOT NULL DEFAULT '',
  journal TEXT NOT NULL DEFAULT '',
  journal_abbrev TEXT NOT NULL DEFAULT '',
  year INTEGER NOT NULL DEFAULT 0,
  volume TEXT NOT NULL DEFAULT '',
  issue TEXT NOT NULL DEFAULT '',
  pages TEXT NOT NULL DEFAULT '',
  doi TEXT NOT NULL DEFAULT '',
  pmid TEXT NOT NULL DEFAULT '',
  pmcid TEXT NOT NULL DEFAULT '',
  keywords TEXT NOT NULL DEFAULT ''       -- keywords joined by newlines, for the FTS index
);
-- The labelled parts of a structured abstract. A section's text is normally
-- the byte range [text_start, text_start + text_length) of records.abstract
-- (text is then ''), so the abstract is stored once; when it is not found
-- there, text holds it and text_start is -1.
CREATE TABLE abstract_sections (
  record_id INTEGER NOT NULL REFERENCES records(id),
  pos INTEGER NOT NULL,
  label TEXT NOT NULL,
  category TEXT NOT NULL,
  text_start INTEGER NOT NULL,
  text_length INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (record_id, pos)
) WITHOUT ROWID;
CREATE TABLE authors (
  record_id INTEGER NOT NULL REFERENCES records(id),
  pos INTEGER NOT NULL,
  family TEXT NOT NULL,
  given TEXT NOT NULL,
  initials TEXT NOT NULL,
  collective TEXT NOT NULL,
  orcid TEXT NOT NULL,
  affiliations TEXT NOT NULL,             -- newline-separated
  PRIMARY KEY (record_id, pos)
) WITHOUT ROWID;
-- Every identifier of a record, for lookups and deduplication:
-- kind in (pmid, doi, pmcid, issn, registration, other).
CREATE TABLE identifiers (
  record_id INTEGER NOT NULL REFERENCES records(id),
  kind TEXT NOT NULL,
  pos INTEGER NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (record_id, kind, pos)
) WITHOUT ROWID;
CREATE INDEX identifiers_value ON identifiers(kind, value);
-- MeSH headings, keywords, publication types and languages:
-- kind in (mesh, keyword, pubtype, language).
CREATE TABLE record_terms (
  record_id INTEGER NOT NULL REFERENCES records(id),
  kind TEXT NOT NULL,
  pos INTEGER NOT NULL,
  value TEXT NOT NULL,
  major INTEGER NOT NULL DEFAULT 0,
  ui TEXT NOT NULL DEFAULT '',
  qualifiers TEXT NOT NULL DEFAULT '',    -- newline-separated, '*' marks major
  PRIMARY KEY (record_id, kind, pos)
) WITHOUT ROWID;
CREATE TABLE relations (
  record_id INTEGER NOT NULL REFERENCES records(id),
  pos INTEGER NOT NULL,
  type TEXT NOT NULL,
  target_pmid TEXT NOT NULL,
  citation TEXT NOT NULL,
  PRIMARY KEY (record_id, pos)
) WITHOUT ROWID;
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER,
  detail TEXT NOT NULL DEFAULT '{}'
);
-- Full-text index over records, kept by the store itself (not by triggers):
-- new records are indexed in bulk inside their transaction (in chunks during a
-- long import, the rest at commit), several times faster than row by row.
CREATE VIRTUAL TABLE records_fts USING fts5(
  title, abstract, keywords,
  content = 'records', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
-- An 8 MiB in-memory term buffer (default 1 MiB) before FTS5 writes a segment:
-- fewer, larger segments, and bulk indexing about 30 % faster.
INSERT INTO records_fts(records_fts, rank) VALUES ('hashsize', 8388608);
)sql";

// Migration 2: the identifier a file gave a record when it is not the key
// (a library-local RIS ID or BibTeX key; the key is then a content hash).
constexpr const char* kMigration2 = R"sql(
ALTER TABLE source_records ADD COLUMN label TEXT NOT NULL DEFAULT '';
)sql";

// Migration 3: saved searches and the search log (PRISMA-S), and which run
// fetched each source record. A record fetched by several runs (a living
// review's monthly updates overlap by a day) is linked to each.
constexpr const char* kMigration3 = R"sql(
CREATE TABLE searches (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,                   -- pubmed | europepmc | ctgov
  query TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE search_runs (
  id INTEGER PRIMARY KEY,
  search_id INTEGER NOT NULL REFERENCES searches(id),
  source_id INTEGER NOT NULL REFERENCES sources(id),
  database_name TEXT NOT NULL,
  platform TEXT NOT NULL,
  query TEXT NOT NULL,                    -- the saved strategy at the time
  query_sent TEXT NOT NULL,               -- exactly what the service was sent
  query_translation TEXT NOT NULL DEFAULT '',
  warnings TEXT NOT NULL DEFAULT '[]',    -- JSON array of strings
  date_from TEXT NOT NULL DEFAULT '',
  date_until TEXT NOT NULL DEFAULT '',
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL DEFAULT '',
  hits INTEGER NOT NULL DEFAULT -1,
  fetched INTEGER NOT NULL DEFAULT 0,
  n_added INTEGER NOT NULL DEFAULT 0,
  n_updated INTEGER NOT NULL DEFAULT 0,
  n_unchanged INTEGER NOT NULL DEFAULT 0,
  n_deleted INTEGER NOT NULL DEFAULT 0,
  n_skipped INTEGER NOT NULL DEFAULT 0,
  skipped TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'running', -- ok | incomplete | failed
  error TEXT NOT NULL DEFAULT '',
  requests INTEGER NOT NULL DEFAULT 0,
  retries INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX search_runs_search ON search_runs(search_id);
CREATE TABLE search_run_records (
  run_id INTEGER NOT NULL REFERENCES search_runs(id),
  record_id INTEGER NOT NULL REFERENCES source_records(id),
  PRIMARY KEY (run_id, record_id)
) WITHOUT ROWID;
CREATE INDEX search_run_records_record ON search_run_records(record_id);
ALTER TABLE source_records ADD COLUMN first_run_id INTEGER REFERENCES search_runs(id);
ALTER TABLE source_records ADD COLUMN last_run_id INTEGER REFERENCES search_runs(id);
)sql";

// Migration 4: deduplication. dedup_pairs holds what the automatic runs
// found (derived: a changed record's pairs are recomputed); dedup_decisions
// and dedup_constraints what reviewers decided (never deleted: an undo is a
// new decision that marks the old one undone). works.merged_into points a
// work whose records all joined another work at that work.
constexpr const char* kMigration4 = R"sql(
ALTER TABLE works ADD COLUMN merged_into INTEGER REFERENCES works(id);
ALTER TABLE source_records ADD COLUMN dedup_done INTEGER NOT NULL DEFAULT 0;
CREATE TABLE dedup_runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL DEFAULT '',
  records INTEGER NOT NULL DEFAULT 0,
  new_records INTEGER NOT NULL DEFAULT 0,
  candidate_pairs INTEGER NOT NULL DEFAULT 0,
  duplicate_pairs INTEGER NOT NULL DEFAULT 0,
  review_pairs INTEGER NOT NULL DEFAULT 0,
  related_pairs INTEGER NOT NULL DEFAULT 0,
  works_before INTEGER NOT NULL DEFAULT 0,
  works_after INTEGER NOT NULL DEFAULT 0,
  records_moved INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE dedup_pairs (
  record_a INTEGER NOT NULL REFERENCES source_records(id),
  record_b INTEGER NOT NULL REFERENCES source_records(id),
  verdict TEXT NOT NULL,                  -- duplicate | review | related
  score REAL NOT NULL,
  stage TEXT NOT NULL,                    -- identifier | scored
  reason TEXT NOT NULL,
  relation TEXT NOT NULL DEFAULT '',      -- preprint | erratum | retraction | conference
  run_id INTEGER NOT NULL REFERENCES dedup_runs(id),
  PRIMARY KEY (record_a, record_b),
  CHECK (record_a < record_b)
) WITHOUT ROWID;
CREATE INDEX dedup_pairs_b ON dedup_pairs(record_b);
CREATE INDEX dedup_pairs_verdict ON dedup_pairs(verdict);
CREATE TABLE dedup_decisions (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  reviewer TEXT NOT NULL,
  action TEXT NOT NULL,                   -- merge | split | undo
  record_a INTEGER,                       -- merge: A; split: the record
  record_b INTEGER,                       -- merge: B
  target_decision INTEGER REFERENCES dedup_decisions(id),  -- undo: the decision undone
  note TEXT NOT NULL DEFAULT '',
  undone_by INTEGER REFERENCES dedup_decisions(id)
);
-- What each decision means pair by pair: same = 1 (one work) or 0 (never one work).
CREATE TABLE dedup_constraints (
  decision_id INTEGER NOT NULL REFERENCES dedup_decisions(id),
  record_a INTEGER NOT NULL REFERENCES source_records(id),
  record_b INTEGER NOT NULL REFERENCES source_records(id),
  same INTEGER NOT NULL,
  PRIMARY KEY (decision_id, record_a, record_b)
) WITHOUT ROWID;
)sql";

// Migration 5: rule screening: each run of a rules file and the automatic
// decision it made on each work. (Reviews made before 2026-11-26 also got
// here the indexes query evaluation looks values up by; they are now made by
// the first query that needs them: Store::Impl::EnsureQueryIndexes.)
constexpr const char* kMigration5 = R"sql(
CREATE TABLE rule_runs (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  rules_file TEXT NOT NULL,
  rules_sha256 TEXT NOT NULL,
  rules_text TEXT NOT NULL,               -- the rules as run, for the record
  excluded INTEGER NOT NULL DEFAULT 0,
  tagged INTEGER NOT NULL DEFAULT 0,
  undone_at TEXT NOT NULL DEFAULT '',
  undone_by TEXT NOT NULL DEFAULT ''
);
CREATE TABLE rule_decisions (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES rule_runs(id),
  work_id INTEGER NOT NULL REFERENCES works(id),
  rule TEXT NOT NULL,
  action TEXT NOT NULL,                   -- exclude | tag
  reason TEXT NOT NULL DEFAULT '',        -- PRISMA reason of an exclusion
  previous_status TEXT NOT NULL,          -- the work's status before, restored by undo
  undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rule_decisions_work ON rule_decisions(work_id);
CREATE INDEX rule_decisions_run ON rule_decisions(run_id);
)sql";

// Migration 6: reviewers (a secret token, stored hashed, for the web
// interface), review settings, screening decisions (append-only: a change is
// a new row; the latest per work, stage and reviewer holds) and a lead's
// resolutions of conflicts.
constexpr const char* kMigration6 = R"sql(
CREATE TABLE reviewers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,                     -- reviewer | lead
  token_sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  work_id INTEGER NOT NULL REFERENCES works(id),
  stage TEXT NOT NULL,                    -- ta | ft
  reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
  decision TEXT NOT NULL,                 -- include | exclude | maybe
  reason TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL
);
CREATE INDEX decisions_work ON decisions(work_id, stage);
CREATE TABLE resolutions (
  id INTEGER PRIMARY KEY,
  work_id INTEGER NOT NULL REFERENCES works(id),
  stage TEXT NOT NULL,
  reviewer_id INTEGER NOT NULL REFERENCES reviewers(id),
  decision TEXT NOT NULL,                 -- include | exclude
  reason TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL
);
CREATE INDEX resolutions_work ON resolutions(work_id, stage);
)sql";

// Migration 7: full-text retrieval per work (the latest row holds) and
// reviewers' links between reports of one study (the latest per pair holds:
// linked 1 joins, 0 keeps apart, also against a shared registration number).
constexpr const char* kMigration7 = R"sql(
CREATE TABLE fulltext (
  id INTEGER PRIMARY KEY,
  work_id INTEGER NOT NULL REFERENCES works(id),
  found INTEGER NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX fulltext_work ON fulltext(work_id);
CREATE TABLE study_links (
  id INTEGER PRIMARY KEY,
  work_a INTEGER NOT NULL REFERENCES works(id),
  work_b INTEGER NOT NULL REFERENCES works(id),
  linked INTEGER NOT NULL,
  actor TEXT NOT NULL,
  at TEXT NOT NULL,
  CHECK (work_a < work_b)
);
)sql";

// Migration 8: a saved search's strategy in canonical PubMed form (what the
// query language made of it), beside the query sent to the database.
constexpr const char* kMigration8 = R"sql(
ALTER TABLE searches ADD COLUMN canonical TEXT NOT NULL DEFAULT '';
)sql";

// Migration 9: a record's abstract sections and its links to other records
// (errata, retractions, comments) move into two JSON columns of records: only
// ever read with the record, they cost an import a quarter of its child rows
// (PubMed: 2.1 sections and 3.5 links a record). sections holds
// [[label, category, text_start, text_length, text], ...] (text_start and
// text_length as in the former table: a range of records.abstract, or -1 and
// the text itself); relations holds [[type, target_pmid, citation], ...].
// Rows of one record are read in key order, which is pos order.
constexpr const char* kMigration9 = R"sql(
ALTER TABLE records ADD COLUMN sections TEXT NOT NULL DEFAULT '';
ALTER TABLE records ADD COLUMN relations TEXT NOT NULL DEFAULT '';
UPDATE records SET sections = (
  SELECT json_group_array(json_array(label, category, text_start, text_length, text))
  FROM abstract_sections a WHERE a.record_id = records.id)
WHERE id IN (SELECT record_id FROM abstract_sections);
UPDATE records SET relations = (
  SELECT json_group_array(json_array(type, target_pmid, citation))
  FROM relations r WHERE r.record_id = records.id)
WHERE id IN (SELECT record_id FROM relations);
DROP TABLE abstract_sections;
DROP TABLE relations;
)sql";

// Migration 10: a record's PMID, DOI and PMCID are looked up in its own row
// (partial indexes over the records that have one) rather than in copies of
// them in identifiers, which keeps the identifiers a record has no column for
// (ISSNs, trial registrations, accession numbers). Two rows and four b-tree
// entries fewer per PubMed record.
constexpr const char* kMigration10 = R"sql(
CREATE INDEX records_pmid ON records(pmid) WHERE pmid <> '';
CREATE INDEX records_doi ON records(doi) WHERE doi <> '';
CREATE INDEX records_pmcid ON records(pmcid) WHERE pmcid <> '';
DELETE FROM identifiers WHERE kind IN ('pmid', 'doi', 'pmcid');
)sql";

// Migration 11: the zstd dictionaries raw records were compressed with (one
// per import of enough records), by the id zstd writes in each frame.
constexpr const char* kMigration11 = R"sql(
CREATE TABLE raw_dictionaries (
  id INTEGER PRIMARY KEY,
  bytes BLOB NOT NULL,
  created_at TEXT NOT NULL
);
)sql";

constexpr const char* kMigrations[] = {kMigration1, kMigration2,  kMigration3, kMigration4,
                                       kMigration5, kMigration6,  kMigration7, kMigration8,
                                       kMigration9, kMigration10, kMigration11};
constexpr int kMigrationCount = sizeof(kMigrations) / sizeof(kMigrations[0]);

core::Status UserVersion(sqlite3* db, int* version) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(db, "PRAGMA user_version"));
  core::Status s;
  *version = st.Step(&s) ? static_cast<int>(st.ColumnInt(0)) : 0;
  return s;
}

core::Status Apply(sqlite3* db, int number, const char* sql) {
  WINNOW_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
  core::Status st = Exec(db, sql);
  if (st.ok()) st = Exec(db, "PRAGMA user_version = " + std::to_string(number));
  if (!st.ok()) {
    Exec(db, "ROLLBACK");
    return core::Status::Io("schema migration " + std::to_string(number) + " failed: " +
                            st.message());
  }
  return Exec(db, "COMMIT");
}

}  // namespace

int LatestSchemaVersion() { return kMigrationCount; }

core::Status Migrate(sqlite3* db) {
  int version = 0;
  WINNOW_RETURN_IF_ERROR(UserVersion(db, &version));
  if (version > kMigrationCount) {
    return core::Status::InvalidInput("review schema version " + std::to_string(version) +
                                      " is newer than this winnow supports (" +
                                      std::to_string(kMigrationCount) + ")");
  }
  for (int v = version; v < kMigrationCount; ++v) {
    WINNOW_RETURN_IF_ERROR(Apply(db, v + 1, kMigrations[v]));
  }
  return core::Status::Ok();
}

}  // namespace store
