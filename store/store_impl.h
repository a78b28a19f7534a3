// The private state behind store::Store, shared by the .cc files of the
// store module that implement Store's members. Not part of the module's API.
#ifndef WINNOW_STORE_STORE_IMPL_H_
#define WINNOW_STORE_STORE_IMPL_H_

#include <sqlite3.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/compress.h"
#include "store/record_repo.h"
#include "store/sqlite.h"
#include "store/store.h"

namespace store {

// Detail JSON for audit rows and stored lists; invalid UTF-8 as U+FFFD.
inline std::string JsonText(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The skipped-records list of an import or a search run, as stored (a JSON
// array of {where, why}) and back.
std::string SkippedJson(const std::vector<Skip>& skipped);
std::vector<Skip> ParseSkipped(const std::string& text);

// zstd level for raw records: 1 is the fastest of the standard levels and
// still shrinks PubMed XML about 3.5x record by record.
constexpr int kRawCompressionLevel = 1;

struct Store::Impl {
  sqlite3* db = nullptr;
  std::string path;
  bool in_txn = false;
  Compressor compressor{kRawCompressionLevel};
  RecordRepo repo;
  Statement find_source_record, insert_source_record, update_source_record, mark_deleted;
  Statement insert_work, insert_audit, max_record_id;
  // The id the next source record gets (0 = not known yet), so that its work
  // can be inserted with its canonical record at once. Kept only inside a
  // write transaction, where AddRecord is the only writer of source_records.
  int64_t next_record_id = 0;
  Statement link_run, mark_run;
  Statement save_pair;
  std::string scratch;
  // Records with ids above this are not yet in records_fts; Commit() indexes
  // them in one statement. Outside a transaction records are indexed at once.
  int64_t fts_watermark = 0;
  Statement fts_insert_one, fts_delete_one;
  // Bulk writes. Records added or replaced in the open transaction; once a
  // transaction has written many more records than the review held before
  // it, the indexes only queries read are dropped (a rollback brings them
  // back) and built again by the first query that needs them.
  int64_t txn_records_before = 0;  // max(records.id) at Begin(): the review's size
  int64_t txn_records_written = 0;
  bool bulk_tried = false;           // NoteRecordWritten() has tried to drop the indexes
  bool rollback_journal = false;     // BeginBulk() left WAL mode for this transaction
  bool fts_merges_paused = false;    // BeginBulk() set FTS5's automerge to 0
  // The dictionary the store compresses raw texts with in this transaction
  // (UseRawDictionary), and the dictionaries read back so far, by id.
  std::shared_ptr<const RawDictionary> raw_dictionary;
  std::map<uint32_t, std::shared_ptr<const RawDictionary>> read_dictionaries;
  bool query_indexes_ready = false;  // EnsureQueryIndexes() has run since the last drop

  bool IsIndexed(int64_t record_id) const { return !in_txn || record_id <= fts_watermark; }
  // Counts a record written in the transaction and drops the query indexes
  // when the transaction turns out to be a bulk write.
  void NoteRecordWritten();
  core::Status NextRecordId(int64_t* id);
  core::Status DropQueryIndexes();
  // Builds whichever query index is missing. Only a speed-up for the lookups
  // that follow: when the review cannot be written to just now, the queries
  // still give the same answers, by scanning.
  void EnsureQueryIndexes();
  // The review's dictionary with this id (cached), or nullptr in *dict.
  core::Status FindDictionary(uint32_t id, std::shared_ptr<const RawDictionary>* dict);
  // Decompresses a stored raw text, with the dictionary it names.
  core::Status DecompressRaw(std::string_view blob, std::string* raw);
  // Back to WAL mode after a BeginBulk() transaction. Only fails when another
  // connection has the review open, and then the next open sets WAL mode.
  void RestoreWal();

  ~Impl() {
    if (db) sqlite3_close_v2(db);
  }
  core::Status Prepare();
  core::Status AuditRow(const std::string& actor, const std::string& action,
                        const std::string& entity, int64_t entity_id,
                        const std::string& detail_json);
  core::Status Upsert(int64_t source_id, int64_t import_id, const core::Record& rec,
                      UpsertOutcome* outcome, const std::string* raw_zstd, int64_t* record_id);
  core::Status AddRecord(int64_t source_id, int64_t import_id, const core::Record& rec,
                         const std::string* raw_zstd, int64_t* record_id);
  core::Status UpdateRecord(int64_t id, int64_t import_id, const core::Record& rec,
                            const std::string* raw_zstd);
  // The compressed raw text: raw_zstd when given, else compressed into scratch.
  const std::string& Compressed(const core::Record& rec, const std::string* raw_zstd);
};

}  // namespace store

#endif  // WINNOW_STORE_STORE_IMPL_H_
