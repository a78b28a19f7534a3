// app::screening — reviewers screening works in pairs: settings, the next
// work for a reviewer, decisions (a change is a new row), conflicts, a lead's
// resolution, and the work status that follows from them. Statuses: a work
// starts "unscreened"; title/abstract screening ends in "excluded_ta" or
// "ta_included" (full text to be assessed); full-text screening in
// "excluded_ft" or "included".
#ifndef WINNOW_APP_SCREENING_H_
#define WINNOW_APP_SCREENING_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace app {

struct ScreeningSettings {
  int reviewers_required = 2;    // decisions needed per work and stage
  bool blind = true;             // reviewers never see others' decisions until resolved
  bool maybe_is_include = true;  // "maybe" counts as include (as Covidence does)
  std::vector<std::string> ft_reasons = {
      "Wrong population",   "Wrong intervention",     "Wrong comparator", "Wrong outcomes",
      "Wrong study design", "Wrong publication type", "Duplicate report", "Not in English"};
};

core::Status LoadSettings(store::Store& review, ScreeningSettings* out);
// Sets one setting by name (reviewers, blind, maybe_is_include, ft_reasons);
// InvalidInput for an unknown name or a bad value.
core::Status SetSetting(store::Store& review, const std::string& name, const std::string& value);

// Where a work stands at a stage.
enum class Outcome { kPending, kInclude, kExclude, kConflict };
struct WorkOutcome {
  Outcome outcome = Outcome::kPending;
  bool resolved = false;                   // by a lead
  std::vector<store::Decision> decisions;  // latest per reviewer
};
core::Status OutcomeOf(store::Store& review, const ScreeningSettings& settings, int64_t work_id,
                       const std::string& stage, WorkOutcome* out);
// The outcome that follows from a work's latest decisions at a stage and its
// resolution (nullptr when none).
WorkOutcome EvaluateOutcome(const ScreeningSettings& settings, const std::string& stage,
                            std::vector<store::Decision> decisions,
                            const store::Resolution* resolution);
// Every work's outcome at `stage`, read in one pass; works with neither a
// decision nor a resolution at that stage are absent.
core::Status OutcomesAt(store::Store& review, const ScreeningSettings& settings,
                        const std::string& stage, std::map<int64_t, WorkOutcome>* out);
// "pending", "include", "exclude" or "conflict".
const char* OutcomeName(Outcome o);
// Settled: the required reviewers agree, or a lead resolved the conflict.
inline bool Settled(const WorkOutcome& o) {
  return o.resolved || o.outcome == Outcome::kInclude || o.outcome == Outcome::kExclude;
}

// Who is asking, for blind mode. An empty name is nobody in particular.
struct Viewer {
  int64_t id = 0;
  std::string name;
  bool lead = false;
};
// InvalidInput for a name that is not a reviewer of the review.
core::Status FindViewer(store::Store& review, const std::string& name, Viewer* out);
// Whether `viewer` may see decision `d` on a work whose outcome at d's stage
// is `o`. Always when the review is not blind; when it is, a lead sees every
// decision, a reviewer their own, and anyone the decisions on a work whose
// outcome at that stage is settled (it follows from them anyway).
bool MaySee(const ScreeningSettings& settings, const Viewer& viewer, const WorkOutcome& o,
            const store::Decision& d);
// The outcome's name as `viewer` may see it: "open" for any unsettled
// outcome when the review is blind and the viewer is not a lead (pending
// and conflict would tell apart whether another has decided).
std::string VisibleOutcome(const ScreeningSettings& settings, const Viewer& viewer,
                           const WorkOutcome& o);

// When deduplication merges a work into another (`merged`: retired work ->
// the work that took its records), its screening goes with it: each
// reviewer's latest decision at a stage is carried to the surviving work when
// that stage is still open there (not settled) and the reviewer has not
// decided it there, and a resolution when the survivor has none; the
// survivor's status then follows. Screening the survivor settled differently
// is left alone and reported. Runs inside the caller's transaction.
struct ScreeningCarry {
  int64_t decisions = 0;    // decision rows carried
  int64_t resolutions = 0;  // resolutions carried
  // "work 12 (excluded_ta) merged into work 7 (included)": screening that
  // disagrees and was not carried, for a lead to look at.
  std::vector<std::string> disagreements;
};
core::Status CarryScreening(store::Store& review,
                            const std::vector<std::pair<int64_t, int64_t>>& merged,
                            const std::string& actor, ScreeningCarry* carry);

// Records a reviewer's decision and updates the work's status. InvalidInput
// for an unknown reviewer or work, a decision other than
// include/exclude/maybe, a full-text exclusion without a listed reason;
// Conflict when the work is not at that stage or already resolved.
core::Status Decide(store::Store& review, int64_t work_id, const std::string& reviewer,
                    const std::string& stage, const std::string& decision,
                    const std::string& reason, const std::string& note);

// Many decisions by one reviewer at one stage (a file of labels), in one
// transaction: each is checked first (InvalidInput naming `where`, nothing
// recorded); a decision equal to the reviewer's latest on that work is
// unchanged; a work not open at that stage is skipped with the reason.
struct BatchDecision {
  int64_t work_id = 0;
  std::string decision, reason, note;
  std::string where;  // "file.csv:12"
};
struct BatchResult {
  int64_t recorded = 0;
  int64_t unchanged = 0;
  std::vector<store::Skip> skipped;
};
core::Status DecideMany(store::Store& review, const std::string& reviewer, const std::string& stage,
                        const std::vector<BatchDecision>& decisions, BatchResult* result);

// A lead's final decision on a work in conflict; Conflict (exit 4) when the
// work has no conflict at that stage.
core::Status Resolve(store::Store& review, int64_t work_id, const std::string& lead,
                     const std::string& stage, const std::string& decision,
                     const std::string& reason);

// The next work for `reviewer` at `stage` (0 when none): not decided by them,
// still open at that stage, in work id order.
core::Status NextWork(store::Store& review, const std::string& reviewer, const std::string& stage,
                      int64_t* work_id, int64_t* remaining);

// Works in conflict at `stage`, with their decisions.
core::Status Conflicts(store::Store& review, const std::string& stage,
                       std::vector<std::pair<int64_t, WorkOutcome>>* out);

// Full text of a work that passed title/abstract: found (with a path or
// URL) or not retrieved (status "not_retrieved", PRISMA's reports not
// retrieved). Conflict when the work is not at full text.
core::Status SetFulltext(store::Store& review, int64_t work_id, bool found,
                         const std::string& location, const std::string& actor);

// Studies: reports of one trial are one study when they share a
// registration number or a reviewer linked them, unless a reviewer unlinked
// them. Returns, for each of `works`, its study's id (the smallest work id
// of the study).
core::Status StudiesOf(store::Store& review, const std::vector<int64_t>& works,
                       std::vector<int64_t>* study_of);

// Resolves "12", "pmid:N" or "doi:X" to a live work id.
core::Status ResolveWork(store::Store& review, const std::string& ref, int64_t* work_id);

}  // namespace app

#endif  // WINNOW_APP_SCREENING_H_
