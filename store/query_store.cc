// Store members that query evaluation and rule screening use: lookups of
// records by structured value, and the rule runs with their decisions.
#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "store/sqlite.h"
#include "store/store.h"
#include "store/store_impl.h"

namespace store {
namespace {

core::Status Collect(Statement& st, std::vector<int64_t>* ids) {
  ids->clear();
  core::Status s;
  while (st.Step(&s)) ids->push_back(st.ColumnInt(0));
  WINNOW_RETURN_IF_ERROR(s);
  std::sort(ids->begin(), ids->end());
  ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  return core::Status::Ok();
}

// LIKE pattern for a prefix: the value with % and _ escaped, then %.
std::string LikePrefix(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "%";
}

}  // namespace

core::Status Store::RecordsWithTerm(const std::string& kind, const std::string& value,
                                    bool prefix, bool major_only, std::vector<int64_t>* ids) {
  impl_->EnsureQueryIndexes();
  std::string sql = "SELECT record_id FROM record_terms WHERE kind = ?1 AND ";
  sql += prefix ? "value LIKE ?2 ESCAPE '\\' " : "value = ?2 COLLATE NOCASE ";
  // A major topic: the descriptor starred, or one of its qualifiers.
  if (major_only) sql += "AND (major = 1 OR instr(qualifiers, '*') > 0)";
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(impl_->db, sql));
  st.Bind(1, kind).Bind(2, prefix ? LikePrefix(value) : value);
  return Collect(st, ids);
}

core::Status Store::RecordsWithQualifier(const std::string& qualifier, std::vector<int64_t>* ids) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      "SELECT record_id FROM record_terms WHERE kind = 'mesh' AND qualifiers <> '' AND "
      "instr(lower(char(10) || replace(qualifiers, '*', '') || char(10)), "
      "lower(char(10) || ?1 || char(10))) > 0"));
  st.Bind(1, qualifier);
  return Collect(st, ids);
}

core::Status Store::RecordsByAuthor(const std::string& family, const std::string& initials,
                                    bool first_only, bool prefix, std::vector<int64_t>* ids) {
  impl_->EnsureQueryIndexes();
  std::string sql = "SELECT record_id FROM authors WHERE ";
  sql += prefix ? "family LIKE ?1 ESCAPE '\\' " : "(family = ?1 COLLATE NOCASE OR collective = ?1 COLLATE NOCASE) ";
  if (!initials.empty()) sql += "AND initials LIKE ?2 ESCAPE '\\' ";
  if (first_only) sql += "AND pos = 0";
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(impl_->db, sql));
  st.Bind(1, prefix ? LikePrefix(family) : family);
  if (!initials.empty()) st.Bind(2, LikePrefix(initials));
  return Collect(st, ids);
}

core::Status Store::RecordsByJournal(const std::string& journal, std::vector<int64_t>* ids) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      "SELECT id FROM records WHERE journal = ?1 COLLATE NOCASE OR "
      "journal_abbrev = ?1 COLLATE NOCASE "
      "UNION SELECT record_id FROM identifiers WHERE kind = 'issn' AND value = upper(?1)"));
  st.Bind(1, journal);
  return Collect(st, ids);
}

core::Status Store::RecordsByYear(int from_year, int to_year, std::vector<int64_t>* ids) {
  impl_->EnsureQueryIndexes();
  Statement st;
  WINNOW_RETURN_IF_ERROR(
      st.Prepare(impl_->db, "SELECT id FROM records WHERE year BETWEEN ? AND ? AND year > 0"));
  st.Bind(1, static_cast<int64_t>(from_year)).Bind(2, static_cast<int64_t>(to_year));
  return Collect(st, ids);
}

core::Status Store::WorksOfRecords(const std::vector<int64_t>& record_ids,
                                   std::vector<int64_t>* work_ids) {
  work_ids->clear();
  if (record_ids.size() > 2000) {
    // Many records: one pass over the table beats a lookup each.
    std::vector<int64_t> sorted = record_ids;
    std::sort(sorted.begin(), sorted.end());
    Statement scan;
    WINNOW_RETURN_IF_ERROR(
        scan.Prepare(impl_->db, "SELECT id, coalesce(work_id, 0) FROM source_records"));
    core::Status s;
    while (scan.Step(&s)) {
      if (scan.ColumnInt(1) && std::binary_search(sorted.begin(), sorted.end(), scan.ColumnInt(0))) {
        work_ids->push_back(scan.ColumnInt(1));
      }
    }
    WINNOW_RETURN_IF_ERROR(s);
    std::sort(work_ids->begin(), work_ids->end());
    work_ids->erase(std::unique(work_ids->begin(), work_ids->end()), work_ids->end());
    return core::Status::Ok();
  }
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "SELECT coalesce(work_id, 0) FROM source_records WHERE id = ?"));
  for (int64_t id : record_ids) {
    st.Bind(1, id);
    core::Status s;
    if (st.Step(&s) && st.ColumnInt(0)) work_ids->push_back(st.ColumnInt(0));
    st.Reset();
    WINNOW_RETURN_IF_ERROR(s);
  }
  std::sort(work_ids->begin(), work_ids->end());
  work_ids->erase(std::unique(work_ids->begin(), work_ids->end()), work_ids->end());
  return core::Status::Ok();
}

}  // namespace store

namespace store {

core::Status Store::WorkStatuses(std::map<int64_t, std::string>* statuses) {
  statuses->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(
      st.Prepare(impl_->db, "SELECT id, status FROM works WHERE merged_into IS NULL"));
  core::Status s;
  while (st.Step(&s)) (*statuses)[st.ColumnInt(0)] = st.ColumnText(1);
  return s;
}

core::Status Store::BeginRuleRun(RuleRun* run) {
  run->at = NowUtc();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "INSERT INTO rule_runs (at, actor, rules_file, rules_sha256, rules_text) "
                 "VALUES (?,?,?,?,?)"));
  st.Bind(1, run->at).Bind(2, run->actor).Bind(3, run->rules_file).Bind(4, run->rules_sha256);
  st.Bind(5, run->rules_text);
  WINNOW_RETURN_IF_ERROR(st.Run());
  run->id = sqlite3_last_insert_rowid(impl_->db);
  return impl_->AuditRow(run->actor, "rules.run", "rule_run", run->id,
                         JsonText({{"file", run->rules_file}, {"sha256", run->rules_sha256}}));
}

core::Status Store::AddRuleDecision(const RuleRun& run, const RuleDecision& d) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "INSERT INTO rule_decisions (run_id, work_id, rule, action, reason, "
                 "previous_status) VALUES (?,?,?,?,?,?)"));
  st.Bind(1, d.run_id).Bind(2, d.work_id).Bind(3, d.rule).Bind(4, d.action).Bind(5, d.reason);
  st.Bind(6, d.previous_status);
  WINNOW_RETURN_IF_ERROR(st.Run());
  if (d.action != "exclude") return core::Status::Ok();
  Statement up;
  WINNOW_RETURN_IF_ERROR(
      up.Prepare(impl_->db, "UPDATE works SET status = 'excluded_automatic' WHERE id = ?"));
  up.Bind(1, d.work_id);
  WINNOW_RETURN_IF_ERROR(up.Run());
  return impl_->AuditRow(run.actor, "work.excluded_automatic", "work", d.work_id,
                         JsonText({{"rule", d.rule}, {"reason", d.reason}, {"run", d.run_id}}));
}

core::Status Store::FinishRuleRun(const RuleRun& run) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(
      st.Prepare(impl_->db, "UPDATE rule_runs SET excluded = ?, tagged = ? WHERE id = ?"));
  st.Bind(1, run.excluded).Bind(2, run.tagged).Bind(3, run.id);
  return st.Run();
}

core::Status Store::ListRuleRuns(std::vector<RuleRun>* runs) {
  runs->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "SELECT id, at, actor, rules_file, rules_sha256, rules_text, excluded, tagged, "
                 "undone_at, undone_by FROM rule_runs ORDER BY id"));
  core::Status s;
  while (st.Step(&s)) {
    RuleRun r;
    r.id = st.ColumnInt(0);
    r.at = st.ColumnText(1);
    r.actor = st.ColumnText(2);
    r.rules_file = st.ColumnText(3);
    r.rules_sha256 = st.ColumnText(4);
    r.rules_text = st.ColumnText(5);
    r.excluded = st.ColumnInt(6);
    r.tagged = st.ColumnInt(7);
    r.undone_at = st.ColumnText(8);
    r.undone_by = st.ColumnText(9);
    runs->push_back(std::move(r));
  }
  return s;
}

core::Status Store::UndoRuleRun(int64_t run_id, const std::string& actor, int64_t* restored) {
  sqlite3* db = impl_->db;
  *restored = 0;
  Statement restore;
  WINNOW_RETURN_IF_ERROR(restore.Prepare(
      db, "UPDATE works SET status = (SELECT d.previous_status FROM rule_decisions d "
          "WHERE d.run_id = ?1 AND d.work_id = works.id AND d.action = 'exclude' AND d.undone = 0) "
          "WHERE status = 'excluded_automatic' AND id IN (SELECT work_id FROM rule_decisions "
          "WHERE run_id = ?1 AND action = 'exclude' AND undone = 0)"));
  restore.Bind(1, run_id);
  WINNOW_RETURN_IF_ERROR(restore.Run());
  *restored = sqlite3_changes(db);
  Statement mark;
  WINNOW_RETURN_IF_ERROR(mark.Prepare(db, "UPDATE rule_decisions SET undone = 1 WHERE run_id = ?"));
  mark.Bind(1, run_id);
  WINNOW_RETURN_IF_ERROR(mark.Run());
  Statement run;
  WINNOW_RETURN_IF_ERROR(
      run.Prepare(db, "UPDATE rule_runs SET undone_at = ?, undone_by = ? WHERE id = ?"));
  run.Bind(1, NowUtc()).Bind(2, actor).Bind(3, run_id);
  WINNOW_RETURN_IF_ERROR(run.Run());
  return impl_->AuditRow(actor, "rules.undo", "rule_run", run_id,
                         JsonText({{"works_restored", *restored}}));
}

core::Status Store::RuleExclusionCounts(std::vector<RuleCount>* counts) {
  counts->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      "SELECT d.rule, d.reason, count(DISTINCT d.work_id) FROM rule_decisions d "
      "JOIN works w ON w.id = d.work_id WHERE d.action = 'exclude' AND d.undone = 0 "
      "AND w.status = 'excluded_automatic' AND w.merged_into IS NULL "
      "GROUP BY d.rule, d.reason ORDER BY min(d.id)"));
  core::Status s;
  while (st.Step(&s)) counts->push_back({st.ColumnText(0), st.ColumnText(1), st.ColumnInt(2)});
  return s;
}

core::Status Store::RuleExclusionsByWork(std::map<int64_t, std::string>* rule_of_work) {
  rule_of_work->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      "SELECT d.work_id, d.rule FROM rule_decisions d JOIN works w ON w.id = d.work_id "
      "WHERE d.action = 'exclude' AND d.undone = 0 AND w.status = 'excluded_automatic' "
      "AND w.merged_into IS NULL ORDER BY d.id"));
  core::Status s;
  while (st.Step(&s)) rule_of_work->emplace(st.ColumnInt(0), st.ColumnText(1));  // first wins
  return s;
}

core::Status Store::WorkTags(int64_t work_id, std::vector<std::string>* tags) {
  tags->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "SELECT DISTINCT rule FROM rule_decisions WHERE work_id = ? AND action = 'tag' "
                 "AND undone = 0 ORDER BY rule"));
  st.Bind(1, work_id);
  core::Status s;
  while (st.Step(&s)) tags->push_back(st.ColumnText(0));
  return s;
}

core::Status Store::ActiveTags(std::set<std::pair<int64_t, std::string>>* tags) {
  tags->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "SELECT work_id, rule FROM rule_decisions WHERE action = 'tag' AND undone = 0"));
  core::Status s;
  while (st.Step(&s)) tags->emplace(st.ColumnInt(0), st.ColumnText(1));
  return s;
}

}  // namespace store
