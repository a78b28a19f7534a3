// Store members for deduplication: the light load of every record, the
// automatic pairs, reviewers' decisions and the moves between works.
#include <algorithm>
#include <map>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "store/sqlite.h"
#include "store/store.h"
#include "store/store_impl.h"

namespace store {
namespace {

DedupPair ReadPair(const Statement& st) {
  DedupPair p;
  p.record_a = st.ColumnInt(0);
  p.record_b = st.ColumnInt(1);
  p.verdict = st.ColumnText(2);
  p.score = st.ColumnDouble(3);
  p.stage = st.ColumnText(4);
  p.reason = st.ColumnText(5);
  p.relation = st.ColumnText(6);
  p.run_id = st.ColumnInt(7);
  return p;
}

constexpr const char* kPairColumns =
    "p.record_a, p.record_b, p.verdict, p.score, p.stage, p.reason, p.relation, p.run_id ";

DedupDecision ReadDecision(const Statement& st) {
  DedupDecision d;
  d.id = st.ColumnInt(0);
  d.at = st.ColumnText(1);
  d.reviewer = st.ColumnText(2);
  d.action = st.ColumnText(3);
  d.record_a = st.ColumnInt(4);
  d.record_b = st.ColumnInt(5);
  d.target_decision = st.ColumnInt(6);
  d.note = st.ColumnText(7);
  d.undone_by = st.ColumnInt(8);
  return d;
}

constexpr const char* kDecisionColumns =
    "SELECT id, at, reviewer, action, coalesce(record_a, 0), coalesce(record_b, 0), "
    "coalesce(target_decision, 0), note, coalesce(undone_by, 0) FROM dedup_decisions ";

}  // namespace

core::Status Store::LoadDedupInputs(std::vector<DedupInput>* out) {
  out->clear();
  sqlite3* db = impl_->db;
  std::unordered_map<int64_t, size_t> index;
  {
    Statement st;
    WINNOW_RETURN_IF_ERROR(st.Prepare(
        db,
        "SELECT sr.id, coalesce(sr.work_id, 0), sr.dedup_done, sr.deleted, s.name, s.kind, "
        "sr.format, r.kind, r.title, substr(r.abstract, 1, 1), r.journal, r.journal_abbrev, "
        "r.year, r.volume, r.issue, r.pages, r.doi, r.pmid, r.pmcid, "
        "EXISTS (SELECT 1 FROM record_terms t WHERE t.record_id = sr.id AND t.kind = 'mesh') "
        "FROM source_records sr JOIN sources s ON s.id = sr.source_id "
        "JOIN records r ON r.id = sr.id ORDER BY sr.id"));
    core::Status s;
    while (st.Step(&s)) {
      DedupInput in;
      in.record_id = st.ColumnInt(0);
      in.work_id = st.ColumnInt(1);
      in.done = st.ColumnInt(2) != 0;
      in.deleted = st.ColumnInt(3) != 0;
      in.record.source = st.ColumnText(4);
      in.source_kind = st.ColumnText(5);
      in.record.format = st.ColumnText(6);
      in.record.kind = st.ColumnText(7);
      in.record.title = st.ColumnText(8);
      in.record.abstract = st.ColumnText(9);
      in.record.journal = st.ColumnText(10);
      in.record.journal_abbrev = st.ColumnText(11);
      in.record.year = static_cast<int>(st.ColumnInt(12));
      in.record.volume = st.ColumnText(13);
      in.record.issue = st.ColumnText(14);
      in.record.pages = st.ColumnText(15);
      in.record.doi = st.ColumnText(16);
      in.record.pmid = st.ColumnText(17);
      in.record.pmcid = st.ColumnText(18);
      if (st.ColumnInt(19)) in.record.mesh.push_back(core::MeshHeading{});
      index.emplace(in.record_id, out->size());
      out->push_back(std::move(in));
    }
    WINNOW_RETURN_IF_ERROR(s);
  }
  {
    Statement st;
    WINNOW_RETURN_IF_ERROR(st.Prepare(
        db, "SELECT record_id, family, given, initials, collective FROM authors WHERE pos < 12"));
    core::Status s;
    while (st.Step(&s)) {
      auto it = index.find(st.ColumnInt(0));
      if (it == index.end()) continue;
      core::Author a;
      a.family = st.ColumnText(1);
      a.given = st.ColumnText(2);
      a.initials = st.ColumnText(3);
      a.collective = st.ColumnText(4);
      (*out)[it->second].record.authors.push_back(std::move(a));
    }
    WINNOW_RETURN_IF_ERROR(s);
  }
  {
    Statement st;
    WINNOW_RETURN_IF_ERROR(st.Prepare(
        db, "SELECT record_id, kind, value FROM identifiers "
            "WHERE kind IN ('issn', 'registration', 'other')"));
    core::Status s;
    while (st.Step(&s)) {
      auto it = index.find(st.ColumnInt(0));
      if (it == index.end()) continue;
      core::Record& rec = (*out)[it->second].record;
      std::string kind = st.ColumnText(1);
      std::string value = st.ColumnText(2);
      if (kind == "issn") {
        rec.issn.push_back(std::move(value));
      } else if (kind == "registration") {
        rec.registrations.push_back(std::move(value));
      } else {
        rec.other_ids.push_back(std::move(value));
      }
    }
    WINNOW_RETURN_IF_ERROR(s);
  }
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      db, "SELECT record_id, value FROM record_terms WHERE kind = 'pubtype'"));
  core::Status s;
  while (st.Step(&s)) {
    auto it = index.find(st.ColumnInt(0));
    if (it != index.end()) (*out)[it->second].record.publication_types.push_back(st.ColumnText(1));
  }
  return s;
}

core::Status Store::BeginDedupRun(DedupRun* run) {
  Statement st;
  run->started_at = NowUtc();
  WINNOW_RETURN_IF_ERROR(st.Prepare(impl_->db, "INSERT INTO dedup_runs (started_at) VALUES (?)"));
  st.Bind(1, run->started_at);
  WINNOW_RETURN_IF_ERROR(st.Run());
  run->id = sqlite3_last_insert_rowid(impl_->db);
  return core::Status::Ok();
}

core::Status Store::FinishDedupRun(const DedupRun& run) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      "UPDATE dedup_runs SET finished_at=?2, records=?3, new_records=?4, candidate_pairs=?5, "
      "duplicate_pairs=?6, review_pairs=?7, related_pairs=?8, works_before=?9, works_after=?10, "
      "records_moved=?11 WHERE id=?1"));
  st.Bind(1, run.id).Bind(2, NowUtc()).Bind(3, run.records).Bind(4, run.new_records);
  st.Bind(5, run.candidate_pairs).Bind(6, run.duplicate_pairs).Bind(7, run.review_pairs);
  st.Bind(8, run.related_pairs).Bind(9, run.works_before).Bind(10, run.works_after);
  st.Bind(11, run.records_moved);
  return st.Run();
}

core::Status Store::ClearDedupPairs(bool all) {
  if (all) return Exec(impl_->db, "DELETE FROM dedup_pairs");
  return Exec(impl_->db,
              "DELETE FROM dedup_pairs WHERE record_a IN (SELECT id FROM source_records WHERE "
              "dedup_done = 0) OR record_b IN (SELECT id FROM source_records WHERE dedup_done = 0)");
}

core::Status Store::SaveDedupPair(const DedupPair& pair) {
  Statement& st = impl_->save_pair;
  if (!st.prepared()) {
    WINNOW_RETURN_IF_ERROR(st.Prepare(
        impl_->db,
        "INSERT OR REPLACE INTO dedup_pairs (record_a, record_b, verdict, score, stage, reason, "
        "relation, run_id) VALUES (?,?,?,?,?,?,?,?)"));
  }
  st.Bind(1, std::min(pair.record_a, pair.record_b)).Bind(2, std::max(pair.record_a, pair.record_b));
  st.Bind(3, pair.verdict).BindDouble(4, pair.score).Bind(5, pair.stage).Bind(6, pair.reason);
  st.Bind(7, pair.relation).Bind(8, pair.run_id);
  return st.Run();
}

core::Status Store::MarkDedupDone() {
  return Exec(impl_->db, "UPDATE source_records SET dedup_done=1 WHERE dedup_done=0");
}

core::Status Store::LoadDedupPairs(const std::string& verdict, std::vector<DedupPair>* out) {
  out->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, std::string("SELECT ") + kPairColumns + "FROM dedup_pairs p " +
                     (verdict.empty() ? "" : "WHERE p.verdict = ?1 ") + "ORDER BY p.record_a, p.record_b"));
  if (!verdict.empty()) st.Bind(1, verdict);
  core::Status s;
  while (st.Step(&s)) out->push_back(ReadPair(st));
  return s;
}

core::Status Store::FindDedupPair(int64_t a, int64_t b, DedupPair* pair, bool* found) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, std::string("SELECT ") + kPairColumns +
                     "FROM dedup_pairs p WHERE p.record_a = ? AND p.record_b = ?"));
  st.Bind(1, std::min(a, b)).Bind(2, std::max(a, b));
  core::Status s;
  *found = st.Step(&s);
  if (*found) *pair = ReadPair(st);
  return s;
}

core::Status Store::ReviewQueue(std::vector<DedupPair>* out) {
  out->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      std::string("SELECT ") + kPairColumns +
          "FROM dedup_pairs p JOIN source_records a ON a.id = p.record_a "
          "JOIN source_records b ON b.id = p.record_b "
          "WHERE p.verdict = 'review' AND a.work_id <> b.work_id AND NOT EXISTS ("
          "SELECT 1 FROM dedup_constraints c JOIN dedup_decisions d ON d.id = c.decision_id "
          "WHERE d.undone_by IS NULL AND c.record_a = p.record_a AND c.record_b = p.record_b) "
          "ORDER BY p.score DESC, p.record_a, p.record_b"));
  core::Status s;
  while (st.Step(&s)) out->push_back(ReadPair(st));
  return s;
}

core::Status Store::LoadDedupConstraints(std::vector<DedupConstraint>* out) {
  out->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      "SELECT c.record_a, c.record_b, c.same, c.decision_id FROM dedup_constraints c "
      "JOIN dedup_decisions d ON d.id = c.decision_id WHERE d.undone_by IS NULL "
      "ORDER BY d.id, c.record_a, c.record_b"));
  core::Status s;
  while (st.Step(&s)) {
    DedupConstraint c;
    c.record_a = st.ColumnInt(0);
    c.record_b = st.ColumnInt(1);
    c.same = st.ColumnInt(2) != 0;
    c.decision_id = st.ColumnInt(3);
    out->push_back(c);
  }
  return s;
}

core::Status Store::AddDedupDecision(DedupDecision* d,
                                     const std::vector<DedupConstraint>& constraints) {
  sqlite3* db = impl_->db;
  d->at = NowUtc();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      db, "INSERT INTO dedup_decisions (at, reviewer, action, record_a, record_b, "
          "target_decision, note) VALUES (?,?,?,?,?,?,?)"));
  st.Bind(1, d->at).Bind(2, d->reviewer).Bind(3, d->action);
  if (d->record_a) st.Bind(4, d->record_a); else st.BindNull(4);
  if (d->record_b) st.Bind(5, d->record_b); else st.BindNull(5);
  if (d->target_decision) st.Bind(6, d->target_decision); else st.BindNull(6);
  st.Bind(7, d->note);
  WINNOW_RETURN_IF_ERROR(st.Run());
  d->id = sqlite3_last_insert_rowid(db);
  Statement ins;
  WINNOW_RETURN_IF_ERROR(ins.Prepare(
      db, "INSERT OR REPLACE INTO dedup_constraints (decision_id, record_a, record_b, same) "
          "VALUES (?,?,?,?)"));
  for (const DedupConstraint& c : constraints) {
    ins.Bind(1, d->id).Bind(2, std::min(c.record_a, c.record_b));
    ins.Bind(3, std::max(c.record_a, c.record_b)).BindInt(4, c.same ? 1 : 0);
    WINNOW_RETURN_IF_ERROR(ins.Run());
  }
  nlohmann::json detail = {{"action", d->action}, {"note", d->note}};
  if (d->record_a) detail["record_a"] = d->record_a;
  if (d->record_b) detail["record_b"] = d->record_b;
  if (d->target_decision) detail["undoes"] = d->target_decision;
  detail["pairs"] = constraints.size();
  return impl_->AuditRow(d->reviewer, "dedup." + d->action, "dedup_decision", d->id, JsonText(detail));
}

core::Status Store::MarkDecisionUndone(int64_t target, int64_t undo) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(
      st.Prepare(impl_->db, "UPDATE dedup_decisions SET undone_by=? WHERE id=? AND undone_by IS NULL"));
  st.Bind(1, undo).Bind(2, target);
  return st.Run();
}

core::Status Store::FindDedupDecision(int64_t id, DedupDecision* decision, bool* found) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(impl_->db, std::string(kDecisionColumns) + "WHERE id = ?"));
  st.Bind(1, id);
  core::Status s;
  *found = st.Step(&s);
  if (*found) *decision = ReadDecision(st);
  return s;
}

core::Status Store::ListDedupDecisions(std::vector<DedupDecision>* out) {
  out->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(impl_->db, std::string(kDecisionColumns) + "ORDER BY id"));
  core::Status s;
  while (st.Step(&s)) out->push_back(ReadDecision(st));
  return s;
}

core::Status Store::ApplyClusters(const std::vector<ClusterAssignment>& assignments,
                                  const std::string& actor, ClusterChanges* changes) {
  sqlite3* db = impl_->db;
  *changes = ClusterChanges{};
  // Current work of every record and the status of every work.
  std::unordered_map<int64_t, int64_t> work_of;
  {
    Statement st;
    WINNOW_RETURN_IF_ERROR(st.Prepare(db, "SELECT id, coalesce(work_id, 0) FROM source_records"));
    core::Status s;
    while (st.Step(&s)) work_of[st.ColumnInt(0)] = st.ColumnInt(1);
    WINNOW_RETURN_IF_ERROR(s);
  }
  std::unordered_map<int64_t, bool> screened;  // work id -> has left "unscreened"
  {
    Statement st;
    WINNOW_RETURN_IF_ERROR(st.Prepare(
        db, "SELECT id, status <> 'unscreened' FROM works WHERE merged_into IS NULL"));
    core::Status s;
    while (st.Step(&s)) screened[st.ColumnInt(0)] = st.ColumnInt(1) != 0;
    WINNOW_RETURN_IF_ERROR(s);
  }
  {
    Statement st;
    WINNOW_RETURN_IF_ERROR(st.Prepare(
        db, "SELECT count(DISTINCT work_id) FROM source_records WHERE work_id IS NOT NULL"));
    core::Status s;
    if (st.Step(&s)) changes->works_before = st.ColumnInt(0);
    WINNOW_RETURN_IF_ERROR(s);
  }

  // Clusters and, for each, how many of its records each work holds.
  std::map<int64_t, std::vector<const ClusterAssignment*>> clusters;
  for (const ClusterAssignment& a : assignments) clusters[a.cluster].push_back(&a);
  struct Claim {
    int64_t cluster, work, count;
    bool screened;
  };
  std::vector<Claim> claims;
  for (const auto& [cluster, members] : clusters) {
    std::map<int64_t, int64_t> counts;
    for (const ClusterAssignment* a : members) {
      int64_t w = work_of[a->record_id];
      if (w) ++counts[w];
    }
    for (const auto& [w, n] : counts) claims.push_back({cluster, w, n, screened[w]});
  }
  std::sort(claims.begin(), claims.end(), [](const Claim& x, const Claim& y) {
    if (x.screened != y.screened) return x.screened;
    if (x.count != y.count) return x.count > y.count;
    if (x.work != y.work) return x.work < y.work;
    return x.cluster < y.cluster;
  });
  std::map<int64_t, int64_t> work_for_cluster;
  std::unordered_map<int64_t, int64_t> cluster_of_work;
  for (const Claim& c : claims) {
    if (work_for_cluster.count(c.cluster) || cluster_of_work.count(c.work)) continue;
    work_for_cluster[c.cluster] = c.work;
    cluster_of_work[c.work] = c.cluster;
  }

  Statement insert_work, move, set_work, retire;
  WINNOW_RETURN_IF_ERROR(insert_work.Prepare(
      db, "INSERT INTO works (canonical_record_id, created_at) VALUES (?, ?)"));
  WINNOW_RETURN_IF_ERROR(move.Prepare(db, "UPDATE source_records SET work_id=? WHERE id=?"));
  WINNOW_RETURN_IF_ERROR(set_work.Prepare(
      db, "UPDATE works SET canonical_record_id=?2, merged_into=NULL WHERE id=?1 AND "
          "(canonical_record_id IS NOT ?2 OR merged_into IS NOT NULL)"));
  WINNOW_RETURN_IF_ERROR(retire.Prepare(
      db, "UPDATE works SET merged_into=? WHERE id=? AND merged_into IS NOT ?1"));
  std::string now = NowUtc();
  std::unordered_map<int64_t, int64_t> new_work_of;  // record -> work
  for (const auto& [cluster, members] : clusters) {
    const ClusterAssignment* best = members[0];
    for (const ClusterAssignment* a : members) {
      if (a->rank > best->rank || (a->rank == best->rank && a->record_id < best->record_id)) {
        best = a;
      }
    }
    int64_t work;
    auto it = work_for_cluster.find(cluster);
    if (it != work_for_cluster.end()) {
      work = it->second;
    } else {
      insert_work.Bind(1, best->record_id).Bind(2, now);
      WINNOW_RETURN_IF_ERROR(insert_work.Run());
      work = sqlite3_last_insert_rowid(db);
      ++changes->works_created;
      WINNOW_RETURN_IF_ERROR(impl_->AuditRow(actor, "work.created", "work", work,
                                             JsonText({{"record", best->record_id}})));
    }
    set_work.Bind(1, work).Bind(2, best->record_id);
    WINNOW_RETURN_IF_ERROR(set_work.Run());
    for (const ClusterAssignment* a : members) {
      new_work_of[a->record_id] = work;
      int64_t from = work_of[a->record_id];
      if (from == work) continue;
      move.Bind(1, work).Bind(2, a->record_id);
      WINNOW_RETURN_IF_ERROR(move.Run());
      ++changes->records_moved;
      WINNOW_RETURN_IF_ERROR(impl_->AuditRow(actor, "record.moved", "source_record", a->record_id,
                                             JsonText({{"from_work", from}, {"to_work", work}})));
    }
  }
  // Works that lost every record point at the work that took their first one.
  std::map<int64_t, int64_t> successor;
  for (const ClusterAssignment& a : assignments) {
    int64_t from = work_of[a.record_id];
    if (from && !cluster_of_work.count(from) && !successor.count(from)) {
      successor[from] = new_work_of[a.record_id];
    }
  }
  for (const auto& [from, to] : successor) {
    retire.Bind(1, to).Bind(2, from);
    WINNOW_RETURN_IF_ERROR(retire.Run());
    if (sqlite3_changes(db) > 0) {
      ++changes->works_retired;
      changes->retired.emplace_back(from, to);
      WINNOW_RETURN_IF_ERROR(
          impl_->AuditRow(actor, "work.merged", "work", from, JsonText({{"into", to}})));
    }
  }
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      db, "SELECT count(DISTINCT work_id) FROM source_records WHERE work_id IS NOT NULL"));
  core::Status s;
  if (st.Step(&s)) changes->works_after = st.ColumnInt(0);
  return s;
}

core::Status Store::WorkMembers(int64_t work_id, std::vector<int64_t>* record_ids) {
  record_ids->clear();
  Statement st;
  WINNOW_RETURN_IF_ERROR(
      st.Prepare(impl_->db, "SELECT id FROM source_records WHERE work_id = ? ORDER BY id"));
  st.Bind(1, work_id);
  core::Status s;
  while (st.Step(&s)) record_ids->push_back(st.ColumnInt(0));
  return s;
}

core::Status Store::WorkOfRecord(int64_t record_id, int64_t* work_id) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(
      st.Prepare(impl_->db, "SELECT coalesce(work_id, 0) FROM source_records WHERE id = ?"));
  st.Bind(1, record_id);
  core::Status s;
  if (!st.Step(&s)) {
    return s.ok() ? core::Status::NotFound("no source record " + std::to_string(record_id)) : s;
  }
  *work_id = st.ColumnInt(0);
  return core::Status::Ok();
}

core::Status Store::FindRecordsByIdentifier(const std::string& kind, const std::string& value,
                                            std::vector<int64_t>* record_ids) {
  record_ids->clear();
  Statement st;
  if (kind == "pmid" || kind == "doi" || kind == "pmcid") {
    // Columns of records with partial indexes (migration 10); the second
    // condition lets SQLite use them.
    WINNOW_RETURN_IF_ERROR(st.Prepare(impl_->db, "SELECT id FROM records WHERE " + kind +
                                                     " = ?2 AND " + kind + " <> '' ORDER BY id"));
  } else {
    WINNOW_RETURN_IF_ERROR(st.Prepare(
        impl_->db, "SELECT DISTINCT record_id FROM identifiers WHERE kind = ?1 AND value = ?2 "
                   "ORDER BY record_id"));
    st.Bind(1, kind);
  }
  st.Bind(2, value);
  core::Status s;
  while (st.Step(&s)) record_ids->push_back(st.ColumnInt(0));
  return s;
}

}  // namespace store
