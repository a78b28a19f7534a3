// JSON pieces shared by the commands' --json output (app-internal).
#ifndef WINNOW_APP_JSON_OUT_H_
#define WINNOW_APP_JSON_OUT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "app/dedup.h"
#include "app/rules.h"
#include "store/store.h"

namespace app {

// DESIGN.md's summary counts: read, added, unchanged, updated, deleted,
// skipped [{where, why}], deletion_notices.
nlohmann::ordered_json CountsJson(const store::ImportCounts& counts);

// A dedup run's summary (`winnow dedup --json`, and "dedup" in `update --json`).
nlohmann::ordered_json DedupSummaryJson(const DedupSummary& summary);
// The same for people, with `review` in the hint about the review queue.
std::string DedupSummaryText(const DedupSummary& summary, const std::string& review);

// A rules run (`winnow rules --json`, and "rules" in `update --json`).
nlohmann::ordered_json RulesReportJson(const RulesReport& report);
std::string RulesReportText(const RulesReport& report, const std::string& review);

// One line of JSON; invalid UTF-8 printed as U+FFFD.
inline std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace app

#endif  // WINNOW_APP_JSON_OUT_H_
