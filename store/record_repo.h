// store::RecordRepo — writes a core::Record's normalised fields into the
// records table (abstract sections and relations in JSON columns) and its
// child tables (authors, identifiers, terms), and reads them back. Private to store/;
// statements are prepared once. Not thread-safe.
#ifndef WINNOW_STORE_RECORD_REPO_H_
#define WINNOW_STORE_RECORD_REPO_H_

#include <sqlite3.h>

#include <cstdint>

#include "core/record.h"
#include "core/status.h"
#include "store/sqlite.h"

namespace store {

class RecordRepo {
 public:
  core::Status Prepare(sqlite3* db);

  // Inserts the normalised record with primary key `id` (= source record id).
  core::Status Insert(int64_t id, const core::Record& rec);
  // Replaces every normalised field of record `id`.
  core::Status Replace(int64_t id, const core::Record& rec);
  // Loads the normalised fields of record `id` into *rec (source fields untouched).
  core::Status Load(int64_t id, core::Record* rec);

 private:
  core::Status InsertChildren(int64_t id, const core::Record& rec);
  core::Status DeleteChildren(int64_t id);
  core::Status InsertTerm(int64_t id, const char* kind, int pos, const std::string& value);
  core::Status InsertIdentifiers(int64_t id, const core::Record& rec);
  core::Status InsertTerms(int64_t id, const core::Record& rec);
  core::Status LoadChildren(int64_t id, core::Record* rec);
  core::Status LoadTermsAndIds(int64_t id, core::Record* rec);

  Statement insert_record_, update_record_, select_record_;
  Statement insert_author_, insert_id_, insert_term_;
  Statement select_authors_, select_ids_, select_terms_;
  Statement delete_children_[3];
};

}  // namespace store

#endif  // WINNOW_STORE_RECORD_REPO_H_
