// The `dedup` commands: run deduplication, list the review queue, and record
// reviewers' merges, splits and undos; output for people and for scripts.
#include <cmath>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/commands.h"
#include "app/dedup.h"
#include "app/json_out.h"
#include "screen/dedup.h"
#include "store/store.h"

namespace app {
namespace {

std::string Fixed2(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

nlohmann::ordered_json BriefJson(const store::RecordRow& row) {
  nlohmann::ordered_json j;
  j["record_id"] = row.record_id;
  j["work_id"] = row.work_id;
  j["source"] = row.record.source;
  j["source_id"] = row.record.source_id;
  j["title"] = row.record.title;
  if (row.record.year) j["year"] = row.record.year;
  j["journal"] = row.record.journal.empty() ? row.record.journal_abbrev : row.record.journal;
  if (!row.record.volume.empty()) j["volume"] = row.record.volume;
  if (!row.record.pages.empty()) j["pages"] = row.record.pages;
  if (!row.record.doi.empty()) j["doi"] = row.record.doi;
  if (!row.record.pmid.empty()) j["pmid"] = row.record.pmid;
  if (!row.record.authors.empty()) {
    const core::Author& a = row.record.authors[0];
    j["first_author"] = a.collective.empty() ? a.family : a.collective;
  }
  return j;
}

std::string BriefText(const store::RecordRow& row) {
  const core::Record& r = row.record;
  std::ostringstream out;
  out << "  " << row.record_id << " [" << r.source << (r.source_id.empty() ? "" : " " + r.source_id)
      << ", work " << row.work_id << "] " << (r.title.empty() ? "(no title)" : r.title);
  out << "\n      ";
  if (!r.authors.empty()) {
    out << (r.authors[0].collective.empty() ? r.authors[0].family : r.authors[0].collective)
        << (r.authors.size() > 1 ? " et al. " : " ");
  }
  if (r.year) out << r.year << " ";
  out << (r.journal.empty() ? r.journal_abbrev : r.journal);
  if (!r.volume.empty()) out << " " << r.volume;
  if (!r.issue.empty()) out << "(" << r.issue << ")";
  if (!r.pages.empty()) out << ":" << r.pages;
  if (!r.doi.empty()) out << " doi:" << r.doi;
  if (!r.pmid.empty()) out << " pmid:" << r.pmid;
  return out.str();
}

std::string ReviewerName(const std::string& given) {
  if (!given.empty()) return given;
  for (const char* var : {"WINNOW_REVIEWER", "USER", "LOGNAME"}) {
    const char* v = std::getenv(var);
    if (v && *v) return v;
  }
  return "reviewer";
}

nlohmann::ordered_json DecisionJson(const store::DedupDecision& d) {
  nlohmann::ordered_json j;
  j["decision_id"] = d.id;
  j["at"] = d.at;
  j["reviewer"] = d.reviewer;
  j["action"] = d.action;
  if (d.record_a) j["record_a"] = d.record_a;
  if (d.record_b) j["record_b"] = d.record_b;
  if (d.target_decision) j["undoes"] = d.target_decision;
  j["note"] = d.note;
  j["undone_by"] = d.undone_by ? nlohmann::ordered_json(d.undone_by) : nlohmann::ordered_json(nullptr);
  return j;
}

nlohmann::ordered_json CarryJson(const ScreeningCarry& c) {
  return {{"decisions", c.decisions}, {"resolutions", c.resolutions},
          {"disagreements", c.disagreements}};
}

// "" when nothing was carried or found.
std::string CarryText(const ScreeningCarry& c) {
  std::string out;
  if (c.decisions || c.resolutions) {
    out += "\nscreening of merged works carried over: " + std::to_string(c.decisions) +
           " decision(s), " + std::to_string(c.resolutions) + " resolution(s)";
  }
  for (const std::string& d : c.disagreements) out += "\nscreening disagrees: " + d;
  return out;
}

core::Status PrintDecision(const GlobalFlags& g, const DecisionResult& r, const std::string& what) {
  if (g.json) {
    nlohmann::ordered_json j = DecisionJson(r.decision);
    j["work_id"] = r.work_id;
    j["records_moved"] = r.changes.records_moved;
    j["works"] = r.changes.works_after;
    j["screening_carried"] = CarryJson(r.carry);
    PrintResult(g, Dump(j));
  } else {
    PrintResult(g, what + " (decision " + std::to_string(r.decision.id) + " by " +
                       r.decision.reviewer + "; " + std::to_string(r.changes.records_moved) +
                       " record(s) moved, " + std::to_string(r.changes.works_after) +
                       " works; undo with `winnow dedup undo REVIEW " +
                       std::to_string(r.decision.id) + "`)" + CarryText(r.carry));
  }
  return core::Status::Ok();
}

}  // namespace

nlohmann::ordered_json DedupSummaryJson(const DedupSummary& s) {
  nlohmann::ordered_json j;
  j["run_id"] = s.run_id;
  j["records"] = s.records;
  j["new_records"] = s.new_records;
  j["candidate_pairs"] = s.candidate_pairs;
  j["identifier_pairs"] = s.identifier_pairs;
  j["duplicate_pairs"] = s.duplicate_pairs;
  j["review_pairs"] = s.review_pairs;
  j["related_pairs"] = s.related_pairs;
  j["review_queue"] = s.review_queue;
  j["works_before"] = s.works_before;
  j["works"] = s.works_after;
  j["duplicates"] = s.records - s.works_after;
  j["records_moved"] = s.records_moved;
  j["screening_carried"] = CarryJson(s.carry);
  j["seconds"] = std::round(s.seconds * 1000) / 1000;
  return j;
}

std::string DedupSummaryText(const DedupSummary& s, const std::string& db) {
  std::ostringstream out;
  out << "dedup: compared " << s.new_records << " new or changed record(s) against " << s.records
      << ": " << s.candidate_pairs << " candidate pairs, " << s.duplicate_pairs
      << " duplicate pairs merged automatically, " << s.review_pairs << " for review, "
      << s.related_pairs << " related (preprint, erratum, conference version)\n";
  out << "works: " << s.works_before << " -> " << s.works_after << " ("
      << (s.records - s.works_after) << " duplicate records in all)";
  if (s.review_queue > 0) {
    out << "\nreview queue: " << s.review_queue << " pair(s); see `winnow dedup pairs " << db << "`";
  }
  out << CarryText(s.carry);
  return out.str();
}

core::Status CmdDedup(const GlobalFlags& g, const std::string& db, const DedupOptions& options) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  DedupSummary s;
  WINNOW_RETURN_IF_ERROR(RunDedup(*review, options, &s));
  PrintResult(g, g.json ? Dump(DedupSummaryJson(s)) : DedupSummaryText(s, db));
  return core::Status::Ok();
}

core::Status CmdDedupPairs(const GlobalFlags& g, const std::string& db, bool related) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  std::vector<store::DedupPair> pairs;
  if (related) {
    WINNOW_RETURN_IF_ERROR(review->LoadDedupPairs("related", &pairs));
  } else {
    WINNOW_RETURN_IF_ERROR(review->ReviewQueue(&pairs));
  }
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  std::ostringstream out;
  int n = 0;
  for (const store::DedupPair& p : pairs) {
    store::RecordRow a, b;
    WINNOW_RETURN_IF_ERROR(review->LoadRecordRow(p.record_a, &a));
    WINNOW_RETURN_IF_ERROR(review->LoadRecordRow(p.record_b, &b));
    if (g.json) {
      nlohmann::ordered_json j;
      j["record_a"] = p.record_a;
      j["record_b"] = p.record_b;
      j["verdict"] = p.verdict;
      j["score"] = std::round(p.score * 1000) / 1000;
      j["stage"] = p.stage;
      j["reason"] = p.reason;
      if (!p.relation.empty()) j["relation"] = p.relation;
      j["a"] = BriefJson(a);
      j["b"] = BriefJson(b);
      arr.push_back(j);
    } else {
      out << (n++ ? "\n" : "") << "records " << p.record_a << " and " << p.record_b << ": "
          << (related ? p.relation + ", " : "") << "score " << Fixed2(p.score) << " (" << p.reason
          << ")\n" << BriefText(a) << "\n" << BriefText(b);
    }
  }
  if (g.json) {
    PrintResult(g, Dump(arr));
  } else if (pairs.empty()) {
    PrintResult(g, related ? "no related pairs" : "the review queue is empty");
  } else {
    out << "\n" << pairs.size() << (related ? " related pair(s)" : " pair(s) to review")
        << (related ? "" : "; decide with `winnow dedup merge REVIEW A B` or leave them apart "
                           "with `winnow dedup split REVIEW A`");
    PrintResult(g, out.str());
  }
  return core::Status::Ok();
}

core::Status CmdDedupMerge(const GlobalFlags& g, const std::string& db, const std::string& a,
                           const std::string& b, const std::string& reviewer,
                           const std::string& note) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  int64_t ra = 0, rb = 0;
  WINNOW_RETURN_IF_ERROR(ResolveRecord(*review, a, &ra));
  WINNOW_RETURN_IF_ERROR(ResolveRecord(*review, b, &rb));
  DecisionResult r;
  WINNOW_RETURN_IF_ERROR(DedupMerge(*review, ra, rb, ReviewerName(reviewer), note, &r));
  return PrintDecision(g, r, "merged records " + std::to_string(ra) + " and " +
                                 std::to_string(rb) + " into work " + std::to_string(r.work_id));
}

core::Status CmdDedupSplit(const GlobalFlags& g, const std::string& db, const std::string& record,
                           const std::string& reviewer, const std::string& note) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  int64_t id = 0;
  WINNOW_RETURN_IF_ERROR(ResolveRecord(*review, record, &id));
  DecisionResult r;
  WINNOW_RETURN_IF_ERROR(DedupSplit(*review, id, ReviewerName(reviewer), note, &r));
  return PrintDecision(g, r, "record " + std::to_string(id) + " is now work " +
                                 std::to_string(r.work_id) + " of its own");
}

core::Status CmdDedupUndo(const GlobalFlags& g, const std::string& db, int64_t decision,
                          const std::string& reviewer, const std::string& note) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  DecisionResult r;
  WINNOW_RETURN_IF_ERROR(DedupUndo(*review, decision, ReviewerName(reviewer), note, &r));
  return PrintDecision(g, r, "undid decision " + std::to_string(decision));
}

core::Status CmdDedupExplain(const GlobalFlags& g, const std::string& db, const std::string& a,
                             const std::string& b) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  int64_t ra = 0, rb = 0;
  WINNOW_RETURN_IF_ERROR(ResolveRecord(*review, a, &ra));
  WINNOW_RETURN_IF_ERROR(ResolveRecord(*review, b, &rb));
  store::RecordRow x, y;
  WINNOW_RETURN_IF_ERROR(review->LoadRecordRow(ra, &x));
  WINNOW_RETURN_IF_ERROR(review->LoadRecordRow(rb, &y));
  screen::DedupRecord dx = screen::MakeDedupRecord(ra, x.record, x.source_kind);
  screen::DedupRecord dy = screen::MakeDedupRecord(rb, y.record, y.source_kind);
  screen::PairResult now = screen::ComparePair(dx, dy);
  if (now.reason.empty() && !dx.title_key.empty() && !dy.title_key.empty()) {
    now.reason = "titles differ (similarity " + Fixed2(screen::TitleSimilarity(dx, dy)) + ")";
  }
  store::DedupPair stored;
  bool have_stored = false;
  WINNOW_RETURN_IF_ERROR(review->FindDedupPair(ra, rb, &stored, &have_stored));
  // The reviewers' latest ruling on this pair, if any.
  std::vector<store::DedupConstraint> constraints;
  WINNOW_RETURN_IF_ERROR(review->LoadDedupConstraints(&constraints));
  const store::DedupConstraint* ruling = nullptr;
  for (const store::DedupConstraint& c : constraints) {
    if (c.record_a == std::min(ra, rb) && c.record_b == std::max(ra, rb)) ruling = &c;
  }
  if (g.json) {
    nlohmann::ordered_json j;
    j["a"] = BriefJson(x);
    j["a"]["type"] = screen::RecordTypeName(dx.type);
    j["b"] = BriefJson(y);
    j["b"]["type"] = screen::RecordTypeName(dy.type);
    j["same_work"] = x.work_id == y.work_id;
    j["verdict"] = screen::VerdictName(now.verdict);
    j["score"] = std::round(now.score * 1000) / 1000;
    j["stage"] = now.stage;
    j["reason"] = now.reason;
    if (!now.relation.empty()) j["relation"] = now.relation;
    j["stored_verdict"] = have_stored ? nlohmann::ordered_json(stored.verdict) : nullptr;
    if (ruling) {
      j["reviewer_ruling"] = {{"same", ruling->same}, {"decision_id", ruling->decision_id}};
    }
    PrintResult(g, Dump(j));
    return core::Status::Ok();
  }
  std::ostringstream out;
  out << BriefText(x) << "\n      (" << screen::RecordTypeName(dx.type) << ")\n"
      << BriefText(y) << "\n      (" << screen::RecordTypeName(dy.type) << ")\n";
  out << (x.work_id == y.work_id ? "one work" : "two works") << "; compared now: "
      << screen::VerdictName(now.verdict) << ", score " << Fixed2(now.score);
  if (!now.stage.empty()) out << " (" << now.stage << ")";
  if (!now.reason.empty()) out << "\n  " << now.reason;
  if (have_stored) out << "\nstored by dedup run " << stored.run_id << ": " << stored.verdict;
  if (ruling) {
    out << "\nreviewer decision " << ruling->decision_id << ": "
        << (ruling->same ? "the same work" : "not the same work") << " (this holds)";
  }
  PrintResult(g, out.str());
  return core::Status::Ok();
}

core::Status CmdDedupDecisions(const GlobalFlags& g, const std::string& db) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  std::vector<store::DedupDecision> decisions;
  WINNOW_RETURN_IF_ERROR(review->ListDedupDecisions(&decisions));
  if (g.json) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const store::DedupDecision& d : decisions) arr.push_back(DecisionJson(d));
    PrintResult(g, Dump(arr));
    return core::Status::Ok();
  }
  if (decisions.empty()) {
    PrintResult(g, "no dedup decisions");
    return core::Status::Ok();
  }
  std::ostringstream out;
  for (size_t i = 0; i < decisions.size(); ++i) {
    const store::DedupDecision& d = decisions[i];
    out << (i ? "\n" : "") << d.id << "  " << d.at << "  " << d.reviewer << "  " << d.action;
    if (d.action == "merge") out << " " << d.record_a << " " << d.record_b;
    if (d.action == "split") out << " " << d.record_a;
    if (d.action == "undo") out << " decision " << d.target_decision;
    if (!d.note.empty()) out << "  \"" << d.note << "\"";
    if (d.undone_by) out << "  (undone by " << d.undone_by << ")";
  }
  PrintResult(g, out.str());
  return core::Status::Ok();
}

}  // namespace app
