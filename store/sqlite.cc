#include "store/sqlite.h"

#include <string>

namespace store {

namespace {

core::Status StatusFor(int rc, std::string msg) {
  int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) return core::Status::Conflict(msg);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return core::Status::Conflict(msg +
                                  " (another winnow command is writing to this review; "
                                  "run this one again when it has finished)");
  }
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT || primary == SQLITE_CANTOPEN) {
    return core::Status::InvalidInput(msg);
  }
  return core::Status::Io(msg);
}

}  // namespace

core::Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string msg(what);
  msg += ": ";
  msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return StatusFor(rc, std::move(msg));
}

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

core::Status Statement::Prepare(sqlite3* db, std::string_view sql) {
  db_ = db;
  if (stmt_) sqlite3_finalize(stmt_);
  stmt_ = nullptr;
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, "prepare " + std::string(sql.substr(0, 60)));
  return core::Status::Ok();
}

Statement& Statement::Bind(int i, std::string_view text, bool null_if_empty) {
  if (null_if_empty && text.empty()) return BindNull(i);
  sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindDouble(int i, double value) {
  sqlite3_bind_double(stmt_, i, value);
  return *this;
}

Statement& Statement::Bind(int i, int64_t value) {
  sqlite3_bind_int64(stmt_, i, value);
  return *this;
}

Statement& Statement::BindBlob(int i, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, i, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindRef(int i, std::string_view text) {
  sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::BindBlobRef(int i, std::string_view bytes) {
  sqlite3_bind_blob(stmt_, i, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::BindNull(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

bool Statement::Step(core::Status* st) {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) *st = SqliteError(db_, rc, "step");
  return false;
}

core::Status Statement::Run() {
  core::Status st;
  while (Step(&st)) {
  }
  Reset();
  return st;
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Statement::ColumnInt(int i) const { return sqlite3_column_int64(stmt_, i); }

double Statement::ColumnDouble(int i) const { return sqlite3_column_double(stmt_, i); }

std::string Statement::ColumnText(int i) const {
  const unsigned char* p = sqlite3_column_text(stmt_, i);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, i));
}

std::string Statement::ColumnBlob(int i) const {
  const void* p = sqlite3_column_blob(stmt_, i);
  if (!p) return {};
  return std::string(static_cast<const char*>(p), sqlite3_column_bytes(stmt_, i));
}

bool Statement::ColumnIsNull(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

core::Status Exec(sqlite3* db, std::string_view sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, std::string(sql).c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return core::Status::Ok();
  std::string msg = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return StatusFor(rc, std::move(msg));
}

}  // namespace store
