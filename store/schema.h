// The review database schema as numbered migrations. Migrate() applies every
// migration newer than the file's PRAGMA user_version, each in its own
// transaction, so opening an older review upgrades it in place.
#ifndef WINNOW_STORE_SCHEMA_H_
#define WINNOW_STORE_SCHEMA_H_

#include <sqlite3.h>

#include "core/status.h"

namespace store {

// The schema version this build writes.
int LatestSchemaVersion();

// Applies pending migrations. Returns InvalidInput when the file was written by
// a newer winnow (its version is above LatestSchemaVersion()).
core::Status Migrate(sqlite3* db);

}  // namespace store

#endif  // WINNOW_STORE_SCHEMA_H_
