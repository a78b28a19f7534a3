// `winnow screen import`: one reviewer's decisions from a file of labels —
// an ASReview export (label_included / included, 1 or 0), a labelled
// dataset, or winnow's own `export --set screened` CSV (the reviewer's
// ta_NAME / ft_NAME columns) — recorded in one transaction.
//
// Each row is matched to a work by its work_id column, else its PMID, else
// its DOI, else (with --source) the id a source gave it at import. The label
// column is --column, else the reviewer's own column of a winnow export,
// else the first of included, label_included, included_label,
// asreview_label, label, decision. Values: 1/include/included/yes/relevant/
// true, 0/exclude/excluded/no/irrelevant/false, maybe; an empty cell, -1,
// "hidden" or "not_seen" is not a decision (counted, not recorded).
// Reasons and notes come from the reviewer's _reason/_note columns, else
// reason/exclusion_reason and note columns; --reason fills in exclusions
// without one (required at full text).
//
// A bad label, or a full-text exclusion without a listed reason, is exit 2
// naming file:line and column, and nothing is recorded. Rows for records not
// in the review, or for works not open at that stage (excluded by a rule,
// resolved, ...), are skipped with the reason. Re-importing the same file
// changes nothing.
#ifndef WINNOW_APP_SCREEN_IMPORT_H_
#define WINNOW_APP_SCREEN_IMPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace app {

struct ScreenImportOptions {
  std::string reviewer;
  std::string stage = "ta";
  std::string column;  // the label column; "" to find it
  std::string source;  // match rows by the ids this source gave them
  std::string reason;  // for exclusions the file gives no reason
};

struct ScreenImportSummary {
  std::string label_column;
  int64_t read = 0;       // rows
  int64_t recorded = 0;   // new decisions
  int64_t unchanged = 0;  // the reviewer's latest decision already
  int64_t not_seen = 0;   // rows without a decision
  std::vector<store::Skip> skipped;
};

core::Status ImportDecisions(store::Store& review, const std::string& path,
                             const ScreenImportOptions& options, ScreenImportSummary* summary);

}  // namespace app

#endif  // WINNOW_APP_SCREEN_IMPORT_H_
