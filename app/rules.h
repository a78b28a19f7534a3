// app::rules — applies a review's screening rules (screen/rules.h) to its
// works: each rule's query is evaluated over the review; an exclude rule
// excludes every matching work no one has decided yet (status "unscreened"),
// a tag rule tags them; the first exclude rule that matches a work is the one
// recorded. A real run is one transaction and one rule run in the store,
// undone as a whole by UndoRules.
#ifndef WINNOW_APP_RULES_H_
#define WINNOW_APP_RULES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "screen/rules.h"
#include "store/store.h"

namespace app {

struct RuleOutcome {
  std::string name;
  std::string action;
  std::string reason;
  int64_t matched_works = 0;  // every work the query matches
  int64_t applied = 0;        // works excluded (or tagged) by this rule in this run
  int64_t skipped_decided = 0;  // matched but already decided (by people or earlier rules)
  std::vector<std::string> sample;  // a few titles of the works it applies to
  std::vector<std::string> notes;   // the evaluator's approximations
};

struct RulesReport {
  int64_t run_id = 0;  // 0 for a dry run
  bool dry_run = false;
  std::vector<RuleOutcome> rules;
  int64_t excluded = 0;
  int64_t tagged = 0;
  std::vector<std::string> warnings;
};

struct RulesOptions {
  bool dry_run = false;
  std::string actor = "rules";
  std::string file_name;  // for the record
};

core::Status ApplyRules(store::Store& review, const std::string& rules_text,
                        const RulesOptions& options, RulesReport* report);

// Undoes rule run `run_id` (0 = the latest run in force).
core::Status UndoRules(store::Store& review, int64_t run_id, const std::string& actor,
                       int64_t* undone_run, int64_t* restored);

// Re-applies the rules of the latest run in force to works that are still
// unscreened (what `update` does after dedup); *report->run_id stays 0 when
// there are no rules.
core::Status ReapplyLatestRules(store::Store& review, RulesReport* report);

}  // namespace app

#endif  // WINNOW_APP_RULES_H_
