#include "app/rules.h"

#include <map>
#include <set>

#include "app/query.h"
#include "core/hash.h"

namespace app {
namespace {

constexpr size_t kSample = 5;

}  // namespace

core::Status ApplyRules(store::Store& review, const std::string& rules_text,
                        const RulesOptions& options, RulesReport* report) {
  *report = RulesReport{};
  report->dry_run = options.dry_run;
  screen::RuleSet set;
  WINNOW_RETURN_IF_ERROR(screen::ParseRules(rules_text, options.file_name, &set));
  report->warnings = set.warnings;
  if (!options.dry_run) WINNOW_RETURN_IF_ERROR(review.Begin());
  auto body = [&]() -> core::Status {
    std::map<int64_t, std::string> status;
    WINNOW_RETURN_IF_ERROR(review.WorkStatuses(&status));
    store::RuleRun run;
    run.actor = options.actor;
    run.rules_file = options.file_name;
    run.rules_text = rules_text;
    run.rules_sha256 = core::Sha256Hex(rules_text);
    if (!options.dry_run) WINNOW_RETURN_IF_ERROR(review.BeginRuleRun(&run));
    std::set<int64_t> excluded_now;  // by an earlier rule of this run
    std::set<std::pair<int64_t, std::string>> tagged;  // tags already in force
    WINNOW_RETURN_IF_ERROR(review.ActiveTags(&tagged));
    for (const screen::Rule& rule : set.rules) {
      RuleOutcome o;
      o.name = rule.name;
      o.action = rule.action;
      o.reason = rule.reason;
      std::vector<int64_t> records, works;
      WINNOW_RETURN_IF_ERROR(MatchWorks(review, rule.query, &records, &works, &o.notes));
      o.matched_works = static_cast<int64_t>(works.size());
      for (int64_t w : works) {
        auto it = status.find(w);
        if (it == status.end()) continue;
        bool open = it->second == "unscreened" && !excluded_now.count(w) &&
                    !(rule.action == "tag" && tagged.count({w, rule.name}));
        if (!open) {
          ++o.skipped_decided;
          continue;
        }
        ++o.applied;
        if (rule.action == "exclude") excluded_now.insert(w);
        if (o.sample.size() < kSample) {
          std::vector<int64_t> members;
          WINNOW_RETURN_IF_ERROR(review.WorkMembers(w, &members));
          store::RecordRow row;
          if (!members.empty()) WINNOW_RETURN_IF_ERROR(review.LoadRecordRow(members[0], &row));
          o.sample.push_back(row.record.title);
        }
        if (options.dry_run) continue;
        store::RuleDecision d;
        d.run_id = run.id;
        d.work_id = w;
        d.rule = rule.name;
        d.action = rule.action;
        d.reason = rule.reason;
        d.previous_status = it->second;
        WINNOW_RETURN_IF_ERROR(review.AddRuleDecision(run, d));
      }
      (rule.action == "exclude" ? report->excluded : report->tagged) += o.applied;
      report->rules.push_back(std::move(o));
    }
    if (options.dry_run) return core::Status::Ok();
    run.excluded = report->excluded;
    run.tagged = report->tagged;
    WINNOW_RETURN_IF_ERROR(review.FinishRuleRun(run));
    report->run_id = run.id;
    return review.Commit();
  };
  core::Status st = body();
  if (!st.ok() && !options.dry_run) review.Rollback();
  return st;
}

core::Status UndoRules(store::Store& review, int64_t run_id, const std::string& actor,
                       int64_t* undone_run, int64_t* restored) {
  std::vector<store::RuleRun> runs;
  WINNOW_RETURN_IF_ERROR(review.ListRuleRuns(&runs));
  const store::RuleRun* target = nullptr;
  for (const store::RuleRun& r : runs) {
    if (run_id ? r.id == run_id : r.undone_at.empty()) target = &r;
  }
  if (!target) {
    if (run_id) return core::Status::InvalidInput("no rule run " + std::to_string(run_id));
    return core::Status::Conflict("no rule run in force to undo");
  }
  if (!target->undone_at.empty()) {
    return core::Status::Conflict("rule run " + std::to_string(target->id) + " was already undone at " +
                                  target->undone_at);
  }
  WINNOW_RETURN_IF_ERROR(review.Begin());
  core::Status st = review.UndoRuleRun(target->id, actor, restored);
  if (st.ok()) st = review.Commit();
  if (!st.ok()) {
    review.Rollback();
    return st;
  }
  *undone_run = target->id;
  return core::Status::Ok();
}

core::Status ReapplyLatestRules(store::Store& review, RulesReport* report) {
  *report = RulesReport{};
  std::vector<store::RuleRun> runs;
  WINNOW_RETURN_IF_ERROR(review.ListRuleRuns(&runs));
  const store::RuleRun* latest = nullptr;
  for (const store::RuleRun& r : runs) {
    if (r.undone_at.empty()) latest = &r;
  }
  if (!latest) return core::Status::Ok();
  RulesOptions options;
  options.actor = "update";
  options.file_name = latest->rules_file;
  return ApplyRules(review, latest->rules_text, options, report);
}

}  // namespace app
