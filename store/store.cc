#include "store/store.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <utility>

#include "store/schema.h"
#include "store/sqlite.h"
#include "store/store_impl.h"

namespace store {

std::string NowUtc() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}


namespace {

// Process-wide SQLite settings, applied once before the first connection:
// no memory statistics (they take a global mutex on every allocation).
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_initialize();
  });
}

// Pages SQLite caches per connection, as PRAGMA cache_size takes it
// (negative: KiB): 64 MiB.
constexpr int kCacheSize = -65536;

// A connection is used by one thread at a time (Store is not thread-safe), so
// it is opened without its own mutex.
core::Status OpenConnection(const std::string& path, int flags, sqlite3** db) {
  ConfigureSqliteOnce();
  int rc = sqlite3_open_v2(path.c_str(), db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) return SqliteError(*db, rc, "cannot open review " + path);
  // Wait for another writer up to 10 s, or WINNOW_BUSY_TIMEOUT_MS.
  const char* wait_ms = std::getenv("WINNOW_BUSY_TIMEOUT_MS");
  sqlite3_busy_timeout(*db, wait_ms ? std::atoi(wait_ms) : 10000);
  sqlite3_extended_result_codes(*db, 1);
  // 16 KiB pages (set before the first table; a no-op on existing files):
  // most records with their abstracts fit a page without overflow chains, which
  // cut the import's CPU time by about a quarter against 4 KiB pages.
  core::Status st =
      Exec(*db,
           "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; "
           "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
           "PRAGMA cache_size=" +
               std::to_string(kCacheSize));
  if (st.code() == core::Status::Code::kInvalidInput) {
    return core::Status::InvalidInput(path + ": not a winnow review (" + st.message() + ")");
  }
  return st;
}

// A file that SQLite opens but that is not a winnow review has tables and no
// user_version; reject it rather than adding our schema to someone's database.
core::Status CheckIsReview(sqlite3* db, const std::string& path) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      db, "SELECT (SELECT user_version FROM pragma_user_version), "
          "(SELECT count(*) FROM sqlite_schema)"));
  core::Status s;
  if (!st.Step(&s)) {
    return core::Status::InvalidInput(path + ": not a winnow review (" + s.message() + ")");
  }
  if (st.ColumnInt(0) == 0) {
    return core::Status::InvalidInput(path + ": not a winnow review (" +
                                      (st.ColumnInt(1) > 0 ? "an unrelated SQLite file"
                                                           : "an empty file") + ")");
  }
  return core::Status::Ok();
}

}  // namespace

core::Status Store::Impl::Prepare() {
  WINNOW_RETURN_IF_ERROR(repo.Prepare(db));
  WINNOW_RETURN_IF_ERROR(find_source_record.Prepare(
      db, "SELECT id, date_revised, deleted, raw FROM source_records "
          "WHERE source_id=? AND source_key=?"));
  WINNOW_RETURN_IF_ERROR(insert_source_record.Prepare(
      db,
      "INSERT INTO source_records (source_id, source_key, work_id, first_import_id, "
      "last_import_id, format, locator, raw, raw_size, date_revised, created_at, updated_at, "
      "label, id) VALUES (?1,?2,?3,?4,?4,?5,?6,?7,?8,?9,?10,?10,?11,?12)"));
  WINNOW_RETURN_IF_ERROR(update_source_record.Prepare(
      db,
      "UPDATE source_records SET last_import_id=coalesce(?2, last_import_id), format=?3, locator=?4, raw=?5, raw_size=?6, "
      "date_revised=?7, deleted=0, updated_at=?8, label=?9, dedup_done=0 WHERE id=?1"));
  WINNOW_RETURN_IF_ERROR(mark_deleted.Prepare(
      db, "UPDATE source_records SET deleted=1, last_import_id=coalesce(?2, last_import_id), "
          "updated_at=?3 WHERE id=?1"));
  WINNOW_RETURN_IF_ERROR(insert_work.Prepare(
      db, "INSERT INTO works (canonical_record_id, created_at) VALUES (?, ?)"));
  WINNOW_RETURN_IF_ERROR(
      max_record_id.Prepare(db, "SELECT coalesce(max(id), 0) FROM source_records"));
  WINNOW_RETURN_IF_ERROR(fts_insert_one.Prepare(
      db, "INSERT INTO records_fts(rowid, title, abstract, keywords) "
          "SELECT id, title, abstract, keywords FROM records WHERE id=?"));
  WINNOW_RETURN_IF_ERROR(fts_delete_one.Prepare(
      db, "INSERT INTO records_fts(records_fts, rowid, title, abstract, keywords) "
          "SELECT 'delete', id, title, abstract, keywords FROM records WHERE id=?"));
  WINNOW_RETURN_IF_ERROR(link_run.Prepare(
      db, "INSERT OR IGNORE INTO search_run_records (run_id, record_id) VALUES (?,?)"));
  WINNOW_RETURN_IF_ERROR(mark_run.Prepare(
      db, "UPDATE source_records SET first_run_id=coalesce(first_run_id, ?2), last_run_id=?2 "
          "WHERE id=?1"));
  return insert_audit.Prepare(
      db, "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) "
          "VALUES (?,?,?,?,?,?)");
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() { Rollback(); }

core::Status Store::Create(const std::string& path, const std::string& title,
                           std::unique_ptr<Store>* out) {
  if (std::filesystem::exists(path)) {
    return core::Status::InvalidInput(path + ": already exists (winnow init makes a new review)");
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  WINNOW_RETURN_IF_ERROR(OpenConnection(path, flags, &impl->db));
  WINNOW_RETURN_IF_ERROR(Migrate(impl->db));
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl->db, "INSERT INTO review (id, title, created_at, created_by_version) VALUES (1,?,?,?)"));
  st.Bind(1, title).Bind(2, NowUtc()).Bind(3, "0.1.0");
  WINNOW_RETURN_IF_ERROR(st.Run());
  WINNOW_RETURN_IF_ERROR(impl->Prepare());
  out->reset(new Store(std::move(impl)));
  return (*out)->Audit("winnow", "init", "review", 1, "{}");
}

core::Status Store::Open(const std::string& path, std::unique_ptr<Store>* out) {
  if (!std::filesystem::exists(path)) {
    return core::Status::NotFound(path + ": no such review (create it with: winnow init " + path +
                                  ")");
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  WINNOW_RETURN_IF_ERROR(OpenConnection(path, SQLITE_OPEN_READWRITE, &impl->db));
  WINNOW_RETURN_IF_ERROR(CheckIsReview(impl->db, path));
  WINNOW_RETURN_IF_ERROR(Migrate(impl->db));
  WINNOW_RETURN_IF_ERROR(impl->Prepare());
  out->reset(new Store(std::move(impl)));
  return core::Status::Ok();
}

core::Status Store::Begin() {
  core::Status begin = Exec(impl_->db, "BEGIN IMMEDIATE");
  if (begin.code() == core::Status::Code::kConflict) {
    return core::Status::Conflict(impl_->path + ": " + begin.message());
  }
  WINNOW_RETURN_IF_ERROR(begin);
  impl_->in_txn = true;
  Statement max;
  WINNOW_RETURN_IF_ERROR(max.Prepare(impl_->db, "SELECT coalesce(max(id), 0) FROM records"));
  core::Status s;
  impl_->fts_watermark = max.Step(&s) ? max.ColumnInt(0) : 0;
  impl_->txn_records_before = impl_->fts_watermark;
  impl_->txn_records_written = 0;
  impl_->bulk_tried = false;
  impl_->next_record_id = 0;
  return s;
}

core::Status Store::BeginBulk() {
  Statement any;
  WINNOW_RETURN_IF_ERROR(any.Prepare(impl_->db, "SELECT EXISTS (SELECT 1 FROM source_records)"));
  core::Status s;
  bool empty = any.Step(&s) && any.ColumnInt(0) == 0;
  any.Reset();
  WINNOW_RETURN_IF_ERROR(s);
  if (empty) {
    // SQLite keeps WAL mode when another connection has the review open.
    Statement mode;
    WINNOW_RETURN_IF_ERROR(mode.Prepare(impl_->db, "PRAGMA journal_mode=DELETE"));
    impl_->rollback_journal = mode.Step(&s) && mode.ColumnText(0) == "delete";
    mode.Reset();
    // Into an empty review every table and index grows at its end: a small
    // page cache serves as well and touches less memory (the 30,000-record
    // PubMed import: about 5 % less CPU, 60 MiB less peak memory).
    if (impl_->rollback_journal) {
      WINNOW_RETURN_IF_ERROR(Exec(impl_->db, "PRAGMA cache_size=-16384"));
    }
  }
  core::Status begun = Begin();
  if (!begun.ok()) {
    impl_->RestoreWal();
    return begun;
  }
  // FTS5 writes a segment of the full-text index at the end of each indexing
  // statement and, by default, merges segments as they accumulate. During a
  // bulk write those merges rewrite the same postings again and again (the
  // 30,000-record PubMed import spent 1.3 s indexing, 0.8 s without them);
  // they are paused until the commit, which leaves a segment per 4,096
  // records (FTS5 still merges at once if a level reaches 16 segments) and
  // lets later writes merge them as usual. Part of the transaction: a
  // rollback restores the setting.
  core::Status paused =
      Exec(impl_->db, "INSERT INTO records_fts(records_fts, rank) VALUES ('automerge', 0)");
  if (!paused.ok()) {
    Rollback();
    return paused;
  }
  impl_->fts_merges_paused = true;
  return begun;
}

void Store::Impl::RestoreWal() {
  if (!rollback_journal) return;
  rollback_journal = false;
  core::Status ignored =
      Exec(db, "PRAGMA journal_mode=WAL; PRAGMA cache_size=" + std::to_string(kCacheSize));
  (void)ignored;
}

// SQLite gives a new row the largest rowid plus one; asking for that id
// explicitly stores the same rows.
core::Status Store::Impl::NextRecordId(int64_t* id) {
  if (!in_txn || next_record_id == 0) {
    core::Status s;
    int64_t max_id = max_record_id.Step(&s) ? max_record_id.ColumnInt(0) : 0;
    max_record_id.Reset();
    WINNOW_RETURN_IF_ERROR(s);
    next_record_id = max_id + 1;
  }
  *id = next_record_id;
  return core::Status::Ok();
}

namespace {

// Indexes that only query evaluation reads (MeSH, publication types and
// languages by value; authors by family name; records by year), by name with
// their definition: nothing that writes looks records up through them, so
// the first query that needs them makes them (EnsureQueryIndexes).
constexpr std::pair<const char*, const char*> kQueryIndexes[] = {
    {"record_terms_value", "record_terms(kind, value COLLATE NOCASE)"},
    {"authors_family", "authors(family COLLATE NOCASE)"},
    {"records_year", "records(year)"},
};

// A transaction drops the query indexes once it has written kBulkFactor times
// as many records as the review held before it, and at least kBulkMinRecords;
// the first query afterwards builds them again, once, in one pass over the
// table, instead of the import updating them row by row (bench/RESULTS.md:
// about 1 s of a 30,000-record PubMed import). An import into a review many
// times its size is mostly a review's first, before any query.
constexpr int64_t kBulkFactor = 2;
constexpr int64_t kBulkMinRecords = 1000;

}  // namespace

void Store::Impl::NoteRecordWritten() {
  ++txn_records_written;
  if (!in_txn || bulk_tried) return;
  if (txn_records_written < std::max(kBulkMinRecords, kBulkFactor * txn_records_before)) return;
  bulk_tried = true;
  // Only a speed-up: an index that cannot be dropped (SQLite refuses while a
  // statement of this connection is still reading) is simply kept.
  core::Status ignored = DropQueryIndexes();
  (void)ignored;
}

core::Status Store::Impl::DropQueryIndexes() {
  query_indexes_ready = false;
  for (const auto& [name, on] : kQueryIndexes) {
    WINNOW_RETURN_IF_ERROR(Exec(db, std::string("DROP INDEX IF EXISTS ") + name));
  }
  return core::Status::Ok();
}

void Store::Impl::EnsureQueryIndexes() {
  if (query_indexes_ready) return;
  Statement find;
  if (!find.Prepare(db, "SELECT count(*) FROM sqlite_schema WHERE type='index' AND name=?").ok()) {
    return;
  }
  query_indexes_ready = true;  // tried once per connection: never wait twice for the lock
  for (const auto& [name, on] : kQueryIndexes) {
    find.Bind(1, name);
    core::Status s;
    bool present = find.Step(&s) && find.ColumnInt(0) > 0;
    find.Reset();
    if (present) continue;
    core::Status built = Exec(db, std::string("CREATE INDEX IF NOT EXISTS ") + name + " ON " + on);
    (void)built;  // not now (another process is writing): lookups scan instead
  }
}

core::Status Store::IndexPending() {
  if (!impl_->in_txn) return core::Status::Ok();
  Statement top;
  WINNOW_RETURN_IF_ERROR(top.Prepare(impl_->db, "SELECT coalesce(max(id), 0) FROM records"));
  core::Status s;
  int64_t max_id = top.Step(&s) ? top.ColumnInt(0) : 0;
  WINNOW_RETURN_IF_ERROR(s);
  if (max_id <= impl_->fts_watermark) return core::Status::Ok();
  Statement index;
  WINNOW_RETURN_IF_ERROR(index.Prepare(
      impl_->db,
      "INSERT INTO records_fts(rowid, title, abstract, keywords) "
      "SELECT id, title, abstract, keywords FROM records WHERE id > ? AND id <= ? ORDER BY id"));
  index.Bind(1, impl_->fts_watermark).Bind(2, max_id);
  WINNOW_RETURN_IF_ERROR(index.Run());
  impl_->fts_watermark = max_id;
  return core::Status::Ok();
}

core::Status Store::Commit() {
  WINNOW_RETURN_IF_ERROR(IndexPending());
  if (impl_->fts_merges_paused) {
    // FTS5's default: merge once 4 segments of a level accumulate.
    WINNOW_RETURN_IF_ERROR(
        Exec(impl_->db, "INSERT INTO records_fts(records_fts, rank) VALUES ('automerge', 4)"));
    impl_->fts_merges_paused = false;
  }
  impl_->raw_dictionary = nullptr;
  core::Status st = Exec(impl_->db, "COMMIT");
  if (st.ok()) {
    impl_->in_txn = false;
    impl_->RestoreWal();
  }
  impl_->next_record_id = 0;
  return st;
}

void Store::Rollback() {
  if (!impl_ || !impl_->in_txn) return;
  Exec(impl_->db, "ROLLBACK");  // also restores any dropped query index and FTS setting
  impl_->in_txn = false;
  impl_->fts_merges_paused = false;
  impl_->raw_dictionary = nullptr;
  impl_->read_dictionaries.clear();    // one added in the transaction is gone
  impl_->query_indexes_ready = false;  // a rollback may have brought them back, or not
  impl_->RestoreWal();
  impl_->next_record_id = 0;
}

core::Status Store::Stats(ReviewStats* stats) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      "SELECT (SELECT title FROM review WHERE id=1), (SELECT count(*) FROM sources), "
      "(SELECT count(*) FROM imports), (SELECT count(*) FROM source_records), "
      "(SELECT count(*) FROM source_records WHERE deleted=1), (SELECT count(DISTINCT work_id) FROM source_records)"));
  core::Status s;
  if (!st.Step(&s)) return s;
  stats->title = st.ColumnText(0);
  stats->sources = st.ColumnInt(1);
  stats->imports = st.ColumnInt(2);
  stats->source_records = st.ColumnInt(3);
  stats->deleted_records = st.ColumnInt(4);
  stats->works = st.ColumnInt(5);
  return core::Status::Ok();
}

core::Status Store::EnsureSource(const std::string& name, const std::string& kind, int64_t* id) {
  Statement ins;
  WINNOW_RETURN_IF_ERROR(
      ins.Prepare(impl_->db, "INSERT OR IGNORE INTO sources (name, kind) VALUES (?, ?)"));
  ins.Bind(1, name).Bind(2, kind);
  WINNOW_RETURN_IF_ERROR(ins.Run());
  Statement sel;
  WINNOW_RETURN_IF_ERROR(sel.Prepare(impl_->db, "SELECT id FROM sources WHERE name=?"));
  sel.Bind(1, name);
  core::Status s;
  if (!sel.Step(&s)) return s.ok() ? core::Status::Internal("source vanished: " + name) : s;
  *id = sel.ColumnInt(0);
  return core::Status::Ok();
}

core::Status Store::Audit(const std::string& actor, const std::string& action,
                          const std::string& entity, int64_t entity_id,
                          const std::string& detail_json) {
  return impl_->AuditRow(actor, action, entity, entity_id, detail_json);
}

core::Status Store::CountAudit(const std::string& action, int64_t* n) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(impl_->db, "SELECT count(*) FROM audit_log WHERE action=?"));
  st.Bind(1, action);
  core::Status s;
  *n = st.Step(&s) ? st.ColumnInt(0) : 0;
  return s;
}

core::Status Store::LoadRaw(int64_t record_id, std::string* raw) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(impl_->db, "SELECT raw FROM source_records WHERE id=?"));
  st.Bind(1, record_id);
  core::Status s;
  if (!st.Step(&s)) {
    return s.ok() ? core::Status::NotFound("source record " + std::to_string(record_id)) : s;
  }
  std::string blob = st.ColumnBlob(0);
  if (blob.empty()) {
    raw->clear();
    return core::Status::Ok();
  }
  return impl_->DecompressRaw(blob, raw);
}

core::Status Store::MatchText(const std::string& fts_query, std::vector<int64_t>* record_ids) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "SELECT rowid FROM records_fts WHERE records_fts MATCH ? ORDER BY rowid"));
  st.Bind(1, fts_query);
  core::Status s;
  while (st.Step(&s)) record_ids->push_back(st.ColumnInt(0));
  if (!s.ok()) return core::Status::InvalidInput("text query '" + fts_query + "': " + s.message());
  return s;
}

}  // namespace store
