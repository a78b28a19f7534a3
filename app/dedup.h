// app::RunDedup and reviewers' dedup decisions. RunDedup compares the
// records not compared before (new, or changed by an update) with every
// record, stores the pairs it finds, and regroups records into works; the
// whole run is one transaction. Reviewers' merges and splits are stored as
// decisions and always win over automatic links, in this run and every later
// one. Grouping is recomputed from all links and decisions each time, so the
// result does not depend on the order things happened in.
#ifndef WINNOW_APP_DEDUP_H_
#define WINNOW_APP_DEDUP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "app/screening.h"
#include "core/status.h"
#include "store/store.h"

namespace app {

struct DedupOptions {
  bool progress = false;
  // Compare every record again, not only new and changed ones.
  bool full = false;
};

struct DedupSummary {
  int64_t run_id = 0;
  int64_t records = 0;
  int64_t new_records = 0;
  int64_t candidate_pairs = 0;
  int64_t identifier_pairs = 0;
  int64_t duplicate_pairs = 0;  // found in this run
  int64_t review_pairs = 0;
  int64_t related_pairs = 0;
  int64_t review_queue = 0;     // open review pairs after the run
  int64_t works_before = 0;
  int64_t works_after = 0;
  int64_t records_moved = 0;
  ScreeningCarry carry;  // screening of merged works carried to the survivors
  double seconds = 0;
};

core::Status RunDedup(store::Store& review, const DedupOptions& options, DedupSummary* summary);

// Regroups records into works from the stored links and decisions, inside
// the caller's transaction, and carries the screening of merged works to the
// works that took their records.
core::Status Recluster(store::Store& review, const std::string& actor,
                       store::ClusterChanges* changes, ScreeningCarry* carry);

// Resolves "123" (a source record id), "pmid:N" or "doi:X" to a source
// record id; InvalidInput when there is none or the identifier is ambiguous.
core::Status ResolveRecord(store::Store& review, const std::string& ref, int64_t* record_id);

struct DecisionResult {
  store::DedupDecision decision;
  store::ClusterChanges changes;
  ScreeningCarry carry;
  int64_t work_id = 0;  // the work the record(s) ended up in
};

// A reviewer says A and B are one work (their works are merged).
core::Status DedupMerge(store::Store& review, int64_t a, int64_t b, const std::string& reviewer,
                        const std::string& note, DecisionResult* result);
// A reviewer says the record is not the same work as the others of its work.
core::Status DedupSplit(store::Store& review, int64_t record, const std::string& reviewer,
                        const std::string& note, DecisionResult* result);
// Reverses an earlier decision (Conflict when already undone or an undo).
core::Status DedupUndo(store::Store& review, int64_t decision_id, const std::string& reviewer,
                       const std::string& note, DecisionResult* result);

}  // namespace app

#endif  // WINNOW_APP_DEDUP_H_
