// JSON pieces shared by the commands' --json output (app-internal).
#ifndef WINNOW_APP_JSON_OUT_H_
#define WINNOW_APP_JSON_OUT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "store/store.h"

namespace app {

// DESIGN.md's summary counts: read, added, unchanged, updated, deleted,
// skipped [{where, why}], deletion_notices.
nlohmann::ordered_json CountsJson(const store::ImportCounts& counts);

// One line of JSON; invalid UTF-8 printed as U+FFFD.
inline std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace app

#endif  // WINNOW_APP_JSON_OUT_H_
