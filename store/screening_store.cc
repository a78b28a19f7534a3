// Store members for reviewers, settings, screening decisions and resolutions.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "store/sqlite.h"
#include "store/store.h"
#include "store/store_impl.h"

namespace store {
namespace {

Decision ReadDecision(const Statement& st) {
  Decision d;
  d.id = st.ColumnInt(0);
  d.work_id = st.ColumnInt(1);
  d.stage = st.ColumnText(2);
  d.reviewer_id = st.ColumnInt(3);
  d.reviewer = st.ColumnText(4);
  d.decision = st.ColumnText(5);
  d.reason = st.ColumnText(6);
  d.note = st.ColumnText(7);
  d.at = st.ColumnText(8);
  return d;
}

constexpr const char* kDecisionSelect =
    "SELECT d.id, d.work_id, d.stage, d.reviewer_id, r.name, d.decision, d.reason, d.note, d.at "
    "FROM decisions d JOIN reviewers r ON r.id = d.reviewer_id ";

}  // namespace

core::Status Store::AddReviewer(const std::string& name, const std::string& role,
                                const std::string& token_sha256, Reviewer* out) {
  bool found = false;
  Reviewer existing;
  WINNOW_RETURN_IF_ERROR(FindReviewer(name, &existing, &found));
  if (found) return core::Status::Conflict("reviewer '" + name + "' exists already");
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "INSERT INTO reviewers (name, role, token_sha256, created_at) VALUES (?,?,?,?)"));
  out->name = name;
  out->role = role;
  out->created_at = NowUtc();
  st.Bind(1, name).Bind(2, role).Bind(3, token_sha256).Bind(4, out->created_at);
  WINNOW_RETURN_IF_ERROR(st.Run());
  out->id = sqlite3_last_insert_rowid(impl_->db);
  return impl_->AuditRow("winnow", "reviewer.added", "reviewer", out->id,
                         JsonText({{"name", name}, {"role", role}}));
}

core::Status Store::FindReviewer(const std::string& name, Reviewer* out, bool* found) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(
      st.Prepare(impl_->db, "SELECT id, name, role, created_at FROM reviewers WHERE name = ?"));
  st.Bind(1, name);
  core::Status s;
  *found = st.Step(&s);
  if (*found) *out = {st.ColumnInt(0), st.ColumnText(1), st.ColumnText(2), st.ColumnText(3)};
  return s;
}

core::Status Store::ListReviewers(std::vector<Reviewer>* out) {
  out->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(
      st.Prepare(impl_->db, "SELECT id, name, role, created_at FROM reviewers ORDER BY id"));
  core::Status s;
  while (st.Step(&s)) {
    out->push_back({st.ColumnInt(0), st.ColumnText(1), st.ColumnText(2), st.ColumnText(3)});
  }
  return s;
}

core::Status Store::GetSetting(const std::string& key, std::string* value, bool* found) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(impl_->db, "SELECT value FROM settings WHERE key = ?"));
  st.Bind(1, key);
  core::Status s;
  *found = st.Step(&s);
  if (*found) *value = st.ColumnText(0);
  return s;
}

core::Status Store::SetSetting(const std::string& key, const std::string& value,
                               const std::string& actor) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(
      st.Prepare(impl_->db, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)"));
  st.Bind(1, key).Bind(2, value);
  WINNOW_RETURN_IF_ERROR(st.Run());
  return impl_->AuditRow(actor, "setting.changed", "setting", 0, JsonText({{key, value}}));
}

core::Status Store::AddDecision(Decision* d) {
  d->at = NowUtc();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "INSERT INTO decisions (work_id, stage, reviewer_id, decision, reason, note, at) "
                 "VALUES (?,?,?,?,?,?,?)"));
  st.Bind(1, d->work_id).Bind(2, d->stage).Bind(3, d->reviewer_id).Bind(4, d->decision);
  st.Bind(5, d->reason).Bind(6, d->note).Bind(7, d->at);
  WINNOW_RETURN_IF_ERROR(st.Run());
  d->id = sqlite3_last_insert_rowid(impl_->db);
  return impl_->AuditRow(d->reviewer, "decision.recorded", "work", d->work_id,
                         JsonText({{"stage", d->stage}, {"decision", d->decision},
                               {"reason", d->reason}, {"decision_id", d->id}}));
}

core::Status Store::LatestDecisions(const std::string& stage, int64_t work_id,
                                    std::vector<Decision>* out) {
  out->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, std::string(kDecisionSelect) +
                     // One work: by its index (an OR with the parameter would scan them all).
                     (work_id ? "WHERE d.stage = ?1 AND d.work_id = ?2 " : "WHERE d.stage = ?1 AND ?2 = 0 ") +
                     "AND d.id = (SELECT max(x.id) "
                     "FROM decisions x WHERE x.work_id = d.work_id AND x.stage = d.stage AND "
                     "x.reviewer_id = d.reviewer_id) ORDER BY d.work_id, d.reviewer_id"));
  st.Bind(1, stage).Bind(2, work_id);
  core::Status s;
  while (st.Step(&s)) out->push_back(ReadDecision(st));
  return s;
}

core::Status Store::DecisionHistory(int64_t work_id, const std::string& stage,
                                    std::vector<Decision>* out) {
  out->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, std::string(kDecisionSelect) + "WHERE d.work_id = ? AND d.stage = ? ORDER BY d.id"));
  st.Bind(1, work_id).Bind(2, stage);
  core::Status s;
  while (st.Step(&s)) out->push_back(ReadDecision(st));
  return s;
}

core::Status Store::AddResolution(Resolution* r) {
  r->at = NowUtc();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "INSERT INTO resolutions (work_id, stage, reviewer_id, decision, reason, at) "
                 "VALUES (?,?,?,?,?,?)"));
  st.Bind(1, r->work_id).Bind(2, r->stage).Bind(3, r->reviewer_id).Bind(4, r->decision);
  st.Bind(5, r->reason).Bind(6, r->at);
  WINNOW_RETURN_IF_ERROR(st.Run());
  r->id = sqlite3_last_insert_rowid(impl_->db);
  return impl_->AuditRow(r->reviewer, "conflict.resolved", "work", r->work_id,
                         JsonText({{"stage", r->stage}, {"decision", r->decision}, {"reason", r->reason}}));
}

core::Status Store::LatestResolutions(const std::string& stage, std::map<int64_t, Resolution>* out) {
  out->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      "SELECT z.id, z.work_id, z.stage, z.reviewer_id, r.name, z.decision, z.reason, z.at "
      "FROM resolutions z JOIN reviewers r ON r.id = z.reviewer_id WHERE z.stage = ? ORDER BY z.id"));
  st.Bind(1, stage);
  core::Status s;
  while (st.Step(&s)) {
    Resolution z;
    z.id = st.ColumnInt(0);
    z.work_id = st.ColumnInt(1);
    z.stage = st.ColumnText(2);
    z.reviewer_id = st.ColumnInt(3);
    z.reviewer = st.ColumnText(4);
    z.decision = st.ColumnText(5);
    z.reason = st.ColumnText(6);
    z.at = st.ColumnText(7);
    (*out)[z.work_id] = z;
  }
  return s;
}

core::Status Store::FindRecordBySourceKey(const std::string& source, const std::string& key,
                                          int64_t* record_id, bool* found) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "SELECT sr.id FROM source_records sr JOIN sources s ON s.id = sr.source_id "
                 "WHERE s.name = ?1 AND (sr.source_key = ?2 OR sr.label = ?2) ORDER BY sr.id LIMIT 1"));
  st.Bind(1, source).Bind(2, key);
  core::Status s;
  *found = st.Step(&s);
  if (*found) *record_id = st.ColumnInt(0);
  return s;
}

core::Status Store::WorkStatus(int64_t work_id, std::string* status, bool* live) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "SELECT status FROM works WHERE id = ? AND merged_into IS NULL"));
  st.Bind(1, work_id);
  core::Status s;
  *live = st.Step(&s);
  if (*live) *status = st.ColumnText(0);
  return s;
}

core::Status Store::SetWorkStatus(int64_t work_id, const std::string& status,
                                  const std::string& actor) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "UPDATE works SET status = ?2 WHERE id = ?1 AND status <> ?2"));
  st.Bind(1, work_id).Bind(2, status);
  WINNOW_RETURN_IF_ERROR(st.Run());
  if (sqlite3_changes(impl_->db) == 0) return core::Status::Ok();
  return impl_->AuditRow(actor, "work.status", "work", work_id, JsonText({{"status", status}}));
}

core::Status Store::SourceRecordCounts(std::vector<SourceCount>* out, const std::string& since) {
  out->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "SELECT s.name, s.kind, count(sr.id) FROM sources s "
                 "JOIN source_records sr ON sr.source_id = s.id WHERE sr.created_at >= ? "
                 "GROUP BY s.id ORDER BY s.id"));
  st.Bind(1, since);
  core::Status s;
  while (st.Step(&s)) out->push_back({st.ColumnText(0), st.ColumnText(1), st.ColumnInt(2)});
  return s;
}

core::Status Store::WorksFromSourceKinds(const std::vector<std::string>& kinds, int64_t* works) {
  std::string list;
  for (size_t i = 0; i < kinds.size(); ++i) list += (i ? ",?" : "?");
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "SELECT count(DISTINCT sr.work_id) FROM source_records sr JOIN sources s ON "
                 "s.id = sr.source_id WHERE s.kind IN (" + list + ")"));
  for (size_t i = 0; i < kinds.size(); ++i) st.Bind(static_cast<int>(i + 1), kinds[i]);
  core::Status s;
  *works = st.Step(&s) ? st.ColumnInt(0) : 0;
  return s;
}

core::Status Store::SetFulltext(int64_t work_id, bool found, const std::string& location,
                               const std::string& actor) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "INSERT INTO fulltext (work_id, found, location, actor, at) VALUES (?,?,?,?,?)"));
  st.Bind(1, work_id).BindInt(2, found ? 1 : 0).Bind(3, location).Bind(4, actor).Bind(5, NowUtc());
  WINNOW_RETURN_IF_ERROR(st.Run());
  return impl_->AuditRow(actor, found ? "fulltext.found" : "fulltext.not_found", "work", work_id,
                         JsonText({{"location", location}}));
}

core::Status Store::LatestFulltexts(std::map<int64_t, Fulltext>* out) {
  out->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "SELECT work_id, found, location, actor, at FROM fulltext ORDER BY id"));
  core::Status s;
  while (st.Step(&s)) {
    Fulltext f;
    f.found = st.ColumnInt(1) != 0;
    f.location = st.ColumnText(2);
    f.actor = st.ColumnText(3);
    f.at = st.ColumnText(4);
    (*out)[st.ColumnInt(0)] = f;  // later rows replace earlier ones
  }
  return s;
}

core::Status Store::AddStudyLink(int64_t a, int64_t b, bool linked, const std::string& actor) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "INSERT INTO study_links (work_a, work_b, linked, actor, at) VALUES (?,?,?,?,?)"));
  st.Bind(1, std::min(a, b)).Bind(2, std::max(a, b)).BindInt(3, linked ? 1 : 0).Bind(4, actor);
  st.Bind(5, NowUtc());
  WINNOW_RETURN_IF_ERROR(st.Run());
  return impl_->AuditRow(actor, linked ? "study.linked" : "study.unlinked", "work", std::min(a, b),
                         JsonText({{"work_a", std::min(a, b)}, {"work_b", std::max(a, b)}}));
}

core::Status Store::StudyLinks(std::vector<StudyLink>* out) {
  out->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "SELECT l.work_a, l.work_b, l.linked FROM study_links l WHERE l.id = (SELECT "
                 "max(x.id) FROM study_links x WHERE x.work_a = l.work_a AND x.work_b = l.work_b) "
                 "ORDER BY l.work_a, l.work_b"));
  core::Status s;
  while (st.Step(&s)) out->push_back({st.ColumnInt(0), st.ColumnInt(1), st.ColumnInt(2) != 0});
  return s;
}

core::Status Store::WorkRegistrations(std::map<int64_t, std::vector<std::string>>* out) {
  out->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "SELECT DISTINCT sr.work_id, upper(i.value) FROM identifiers i "
                 "JOIN source_records sr ON sr.id = i.record_id WHERE i.kind = 'registration' "
                 "AND sr.work_id IS NOT NULL ORDER BY 1, 2"));
  core::Status s;
  while (st.Step(&s)) (*out)[st.ColumnInt(0)].push_back(st.ColumnText(1));
  return s;
}

core::Status Store::WorkFirstSeen(std::map<int64_t, std::string>* first_seen) {
  first_seen->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "SELECT sr.work_id, min(sr.created_at) FROM source_records sr JOIN works w ON "
                 "w.id = sr.work_id WHERE w.merged_into IS NULL GROUP BY sr.work_id"));
  core::Status s;
  while (st.Step(&s)) (*first_seen)[st.ColumnInt(0)] = st.ColumnText(1);
  return s;
}

core::Status Store::StatusesBefore(const std::string& since, std::map<int64_t, std::string>* out) {
  out->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "SELECT entity_id, json_extract(detail, '$.status') FROM audit_log "
                 "WHERE action = 'work.status' AND at < ? ORDER BY id"));
  st.Bind(1, since);
  core::Status s;
  while (st.Step(&s)) (*out)[st.ColumnInt(0)] = st.ColumnText(1);  // the latest wins
  WINNOW_RETURN_IF_ERROR(s);
  // Rule runs set "excluded_automatic" without a status row of their own.
  Statement rules;
  WINNOW_RETURN_IF_ERROR(rules.Prepare(
      impl_->db, "SELECT d.work_id FROM rule_decisions d JOIN rule_runs r ON r.id = d.run_id "
                 "WHERE d.action = 'exclude' AND r.at < ?1 AND (r.undone_at = '' OR "
                 "r.undone_at >= ?1)"));
  rules.Bind(1, since);
  while (rules.Step(&s)) out->emplace(rules.ColumnInt(0), "excluded_automatic");
  return s;
}

core::Status Store::OtherMethodsWorks(std::set<int64_t>* works) {
  works->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "SELECT sr.work_id FROM source_records sr JOIN sources s ON s.id = sr.source_id "
                 "WHERE sr.work_id IS NOT NULL GROUP BY sr.work_id "
                 "HAVING sum(s.kind IN ('database', 'register')) = 0"));
  core::Status s;
  while (st.Step(&s)) works->insert(st.ColumnInt(0));
  return s;
}

}  // namespace store
