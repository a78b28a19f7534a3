// Test helpers that look inside a review file with SQLite directly (for
// what winnow's own API does not show). Tests using them link SQLite.
#ifndef WINNOW_TESTS_SQL_UTIL_H_
#define WINNOW_TESTS_SQL_UTIL_H_

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace testutil {

// The first column of the first row `sql` gives on the review at `db`, or
// -1 when it gives no row.
inline int64_t SqlInt(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(h);
  return v;
}

// Whether `sql` runs on the review at `db` without an error.
inline bool SqlRuns(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  bool ok = sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(h);
  return ok;
}

}  // namespace testutil

#endif  // WINNOW_TESTS_SQL_UTIL_H_
