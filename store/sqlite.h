// Thin RAII wrappers over the SQLite C API, private to the store module (no
// other module may include this header: sqlite3.h stays inside store/).
// Statements are prepared once and reused; not thread-safe.
#ifndef WINNOW_STORE_SQLITE_H_
#define WINNOW_STORE_SQLITE_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace store {

// Converts an SQLite result code plus context into a Status (the one place
// SQLite's error codes are translated).
core::Status SqliteError(sqlite3* db, int rc, std::string_view what);

class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  ~Statement();

  core::Status Prepare(sqlite3* db, std::string_view sql);
  bool prepared() const { return stmt_ != nullptr; }

  // Binds are 1-based. Empty strings bind as NULL when null_if_empty is set.
  Statement& Bind(int i, std::string_view text, bool null_if_empty = false);
  Statement& Bind(int i, int64_t value);
  Statement& BindDouble(int i, double value);
  Statement& BindInt(int i, int value) { return Bind(i, static_cast<int64_t>(value)); }
  Statement& BindBlob(int i, std::string_view bytes);
  Statement& BindNull(int i);
  // Bind() and BindBlob() without a copy: the bytes must stay alive and
  // unchanged until the statement is run or reset (which forgets them).
  Statement& BindRef(int i, std::string_view text);
  Statement& BindBlobRef(int i, std::string_view bytes);

  // Steps once: returns true when a row is available, false when done; *st
  // receives any error.
  bool Step(core::Status* st);
  // Steps until done (for INSERT/UPDATE/DELETE) and resets the statement.
  core::Status Run();
  void Reset();

  int64_t ColumnInt(int i) const;
  double ColumnDouble(int i) const;
  std::string ColumnText(int i) const;
  std::string ColumnBlob(int i) const;
  bool ColumnIsNull(int i) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

// Runs one or more statements without results.
core::Status Exec(sqlite3* db, std::string_view sql);

}  // namespace store

#endif  // WINNOW_STORE_SQLITE_H_
