#include "app/dedup.h"

#include <chrono>
#include <map>
#include <thread>

#include <spdlog/spdlog.h>

#include "app/progress.h"
#include "core/normalize.h"
#include "screen/canonical.h"
#include "screen/dedup.h"

namespace app {
namespace {

// Compares the candidate pairs on up to two threads (the machine's cores),
// keeping every pair that is not distinct.
std::vector<std::pair<size_t, screen::PairResult>> ComparePairs(
    const std::vector<screen::DedupRecord>& records,
    const std::vector<std::pair<uint32_t, uint32_t>>& pairs) {
  unsigned n = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  if (pairs.size() < 20000) n = 1;
  std::vector<std::vector<std::pair<size_t, screen::PairResult>>> parts(n);
  auto work = [&](unsigned t) {
    for (size_t i = t; i < pairs.size(); i += n) {
      screen::PairResult r = screen::ComparePair(records[pairs[i].first], records[pairs[i].second]);
      if (r.verdict != screen::Verdict::kDistinct) parts[t].emplace_back(i, std::move(r));
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < n; ++t) threads.emplace_back(work, t);
  work(0);
  for (std::thread& th : threads) th.join();
  std::vector<std::pair<size_t, screen::PairResult>> out;
  for (auto& p : parts) {
    for (auto& x : p) out.push_back(std::move(x));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

core::Status ReclusterWith(store::Store& review, const std::vector<store::DedupInput>& inputs,
                           const std::string& actor, store::ClusterChanges* changes,
                           ScreeningCarry* carry) {
  std::vector<store::DedupPair> duplicates;
  WINNOW_RETURN_IF_ERROR(review.LoadDedupPairs("duplicate", &duplicates));
  std::vector<store::DedupConstraint> constraints;
  WINNOW_RETURN_IF_ERROR(review.LoadDedupConstraints(&constraints));
  // The latest decision on a pair is the one that holds.
  std::map<std::pair<int64_t, int64_t>, bool> ruling;
  for (const store::DedupConstraint& c : constraints) ruling[{c.record_a, c.record_b}] = c.same;
  std::vector<screen::Link> must, cannot, automatic;
  for (const auto& [pair, same] : ruling) {
    (same ? must : cannot).push_back({pair.first, pair.second, 1.0});
  }
  for (const store::DedupPair& p : duplicates) {
    auto it = ruling.find({p.record_a, p.record_b});
    if (it != ruling.end()) continue;  // a reviewer ruled on this pair
    automatic.push_back({p.record_a, p.record_b, p.score});
  }
  std::vector<int64_t> ids;
  std::vector<std::string> dois;
  ids.reserve(inputs.size());
  dois.reserve(inputs.size());
  for (const store::DedupInput& in : inputs) {
    ids.push_back(in.record_id);
    dois.push_back(in.record.doi);
  }
  std::vector<screen::Link> refused;
  std::vector<int64_t> reps =
      screen::Cluster(ids, must, std::move(automatic), cannot, dois, &refused);
  // A link that would chain works with different DOIs together goes to a
  // reviewer instead.
  if (!refused.empty()) {
    std::map<std::pair<int64_t, int64_t>, const store::DedupPair*> by_pair;
    for (const store::DedupPair& p : duplicates) by_pair[{p.record_a, p.record_b}] = &p;
    for (const screen::Link& l : refused) {
      auto it = by_pair.find({std::min(l.a, l.b), std::max(l.a, l.b)});
      if (it == by_pair.end()) continue;
      store::DedupPair p = *it->second;
      p.verdict = "review";
      p.score = std::min(p.score, screen::kMergeScore - 0.01);
      p.reason += "; not merged: it would join works with different DOIs";
      WINNOW_RETURN_IF_ERROR(review.SaveDedupPair(p));
    }
  }
  std::vector<store::ClusterAssignment> assignments(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    assignments[i].record_id = inputs[i].record_id;
    assignments[i].cluster = reps[i];
    // A withdrawn record is the last choice for a work's canonical record.
    assignments[i].rank = screen::CanonicalRank(inputs[i].record) - (inputs[i].deleted ? 100000 : 0);
  }
  WINNOW_RETURN_IF_ERROR(review.ApplyClusters(assignments, actor, changes));
  return CarryScreening(review, changes->retired, actor, carry);
}

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

core::Status Recluster(store::Store& review, const std::string& actor,
                       store::ClusterChanges* changes, ScreeningCarry* carry) {
  std::vector<store::DedupInput> inputs;
  WINNOW_RETURN_IF_ERROR(review.LoadDedupInputs(&inputs));
  return ReclusterWith(review, inputs, actor, changes, carry);
}

core::Status RunDedup(store::Store& review, const DedupOptions& options, DedupSummary* summary) {
  auto start = std::chrono::steady_clock::now();
  *summary = DedupSummary{};
  Progress progress("dedup", options.progress);
  WINNOW_RETURN_IF_ERROR(review.Begin());
  auto fail = [&](core::Status st) {
    review.Rollback();
    progress.Finish();
    return st;
  };
  store::DedupRun run;
  core::Status st = review.BeginDedupRun(&run);
  if (!st.ok()) return fail(st);
  progress.Message("loading records...");
  std::vector<store::DedupInput> inputs;
  st = review.LoadDedupInputs(&inputs);
  if (!st.ok()) return fail(st);
  spdlog::debug("dedup: loaded {} records in {:.2f} s", inputs.size(), Since(start));

  // The comparable view of every record not withdrawn (a withdrawn record
  // keeps its links but gets no new ones), built on both cores.
  std::vector<const store::DedupInput*> live;
  for (const store::DedupInput& in : inputs) {
    if (!in.done || options.full) ++summary->new_records;
    if (!in.deleted) live.push_back(&in);
  }
  std::vector<screen::DedupRecord> records(live.size());
  {
    unsigned n = live.size() < 5000 ? 1 : std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
    auto build = [&](unsigned t) {
      for (size_t i = t; i < live.size(); i += n) {
        records[i] = screen::MakeDedupRecord(live[i]->record_id, live[i]->record, live[i]->source_kind);
        records[i].is_new = !live[i]->done || options.full;
      }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < n; ++t) threads.emplace_back(build, t);
    build(0);
    for (std::thread& th : threads) th.join();
  }
  spdlog::debug("dedup: comparable records built at {:.2f} s", Since(start));
  summary->records = static_cast<int64_t>(inputs.size());

  progress.Message("finding candidate pairs...");
  screen::CandidateStats cstats;
  std::vector<std::pair<uint32_t, uint32_t>> candidates = screen::CandidatePairs(records, &cstats);
  summary->candidate_pairs = static_cast<int64_t>(candidates.size());
  spdlog::debug("dedup: {} candidate pairs (largest block {}) at {:.2f} s", candidates.size(),
                cstats.largest_block, Since(start));
  progress.Message("comparing " + std::to_string(candidates.size()) + " pairs...");
  auto found = ComparePairs(records, candidates);

  spdlog::debug("dedup: {} pairs kept after comparing, at {:.2f} s", found.size(), Since(start));
  st = review.ClearDedupPairs(options.full);
  for (const auto& [index, r] : found) {
    if (!st.ok()) break;
    store::DedupPair p;
    p.record_a = records[candidates[index].first].id;
    p.record_b = records[candidates[index].second].id;
    p.verdict = screen::VerdictName(r.verdict);
    p.score = r.score;
    p.stage = r.stage;
    p.reason = r.reason;
    p.relation = r.relation;
    p.run_id = run.id;
    if (r.stage == "identifier") ++summary->identifier_pairs;
    switch (r.verdict) {
      case screen::Verdict::kDuplicate: ++summary->duplicate_pairs; break;
      case screen::Verdict::kReview: ++summary->review_pairs; break;
      case screen::Verdict::kRelated: ++summary->related_pairs; break;
      case screen::Verdict::kDistinct: break;
    }
    st = review.SaveDedupPair(p);
  }
  if (st.ok()) st = review.MarkDedupDone();
  if (!st.ok()) return fail(st);

  spdlog::debug("dedup: pairs stored at {:.2f} s", Since(start));
  progress.Message("grouping records into works...");
  store::ClusterChanges changes;
  st = ReclusterWith(review, inputs, "winnow", &changes, &summary->carry);
  if (!st.ok()) return fail(st);
  spdlog::debug("dedup: {} records moved at {:.2f} s", changes.records_moved, Since(start));
  std::vector<store::DedupPair> queue;
  st = review.ReviewQueue(&queue);
  if (!st.ok()) return fail(st);
  summary->review_queue = static_cast<int64_t>(queue.size());
  summary->works_before = changes.works_before;
  summary->works_after = changes.works_after;
  summary->records_moved = changes.records_moved;

  run.records = summary->records;
  run.new_records = summary->new_records;
  run.candidate_pairs = summary->candidate_pairs;
  run.duplicate_pairs = summary->duplicate_pairs;
  run.review_pairs = summary->review_pairs;
  run.related_pairs = summary->related_pairs;
  run.works_before = changes.works_before;
  run.works_after = changes.works_after;
  run.records_moved = changes.records_moved;
  st = review.FinishDedupRun(run);
  if (st.ok()) {
    progress.Message("committing...");
    st = review.Commit();
  }
  if (!st.ok()) return fail(st);
  progress.Finish();
  summary->run_id = run.id;
  summary->seconds = Since(start);
  return core::Status::Ok();
}

core::Status ResolveRecord(store::Store& review, const std::string& ref, int64_t* record_id) {
  std::string kind, value;
  if (ref.rfind("pmid:", 0) == 0) {
    kind = "pmid";
    value = ref.substr(5);
  } else if (ref.rfind("doi:", 0) == 0) {
    kind = "doi";
    value = core::NormalizeDoi(ref.substr(4));
  } else {
    char* end = nullptr;
    long long id = std::strtoll(ref.c_str(), &end, 10);
    if (ref.empty() || *end != '\0' || id <= 0) {
      return core::Status::InvalidInput("record '" + ref +
                                        "': expected a record id, pmid:N or doi:X");
    }
    int64_t work = 0;
    core::Status st = review.WorkOfRecord(id, &work);
    if (st.code() == core::Status::Code::kNotFound) {
      return core::Status::InvalidInput("record " + ref + ": no such source record");
    }
    WINNOW_RETURN_IF_ERROR(st);
    *record_id = id;
    return core::Status::Ok();
  }
  std::vector<int64_t> ids;
  WINNOW_RETURN_IF_ERROR(review.FindRecordsByIdentifier(kind, value, &ids));
  if (ids.empty()) return core::Status::InvalidInput("record " + ref + ": no source record has it");
  if (ids.size() > 1) {
    std::string list;
    for (int64_t id : ids) list += (list.empty() ? "" : ", ") + std::to_string(id);
    return core::Status::InvalidInput("record " + ref + " is ambiguous: source records " + list +
                                      " carry it; name one by its id");
  }
  *record_id = ids[0];
  return core::Status::Ok();
}

namespace {

// Runs `body` in a transaction; rolls back on error.
template <typename Body>
core::Status InTransaction(store::Store& review, Body body) {
  WINNOW_RETURN_IF_ERROR(review.Begin());
  core::Status st = body();
  if (st.ok()) st = review.Commit();
  if (!st.ok()) review.Rollback();
  return st;
}

}  // namespace

core::Status DedupMerge(store::Store& review, int64_t a, int64_t b, const std::string& reviewer,
                        const std::string& note, DecisionResult* result) {
  if (a == b) return core::Status::InvalidInput("merge: the two records are the same record");
  return InTransaction(review, [&]() -> core::Status {
    int64_t wa = 0, wb = 0;
    WINNOW_RETURN_IF_ERROR(review.WorkOfRecord(a, &wa));
    WINNOW_RETURN_IF_ERROR(review.WorkOfRecord(b, &wb));
    if (wa == wb) {
      return core::Status::Conflict("records " + std::to_string(a) + " and " + std::to_string(b) +
                                    " are already one work (" + std::to_string(wa) + ")");
    }
    result->decision = store::DedupDecision{};
    result->decision.reviewer = reviewer;
    result->decision.action = "merge";
    result->decision.record_a = a;
    result->decision.record_b = b;
    result->decision.note = note;
    WINNOW_RETURN_IF_ERROR(review.AddDedupDecision(&result->decision, {{a, b, true, 0}}));
    WINNOW_RETURN_IF_ERROR(Recluster(review, reviewer, &result->changes, &result->carry));
    WINNOW_RETURN_IF_ERROR(review.WorkOfRecord(a, &wa));
    WINNOW_RETURN_IF_ERROR(review.WorkOfRecord(b, &wb));
    if (wa != wb) {
      return core::Status::Conflict(
          "records " + std::to_string(a) + " and " + std::to_string(b) +
          " cannot be merged: an earlier split keeps a record of one work apart from the "
          "other; undo that decision first (winnow dedup decisions)");
    }
    result->work_id = wa;
    return core::Status::Ok();
  });
}

core::Status DedupSplit(store::Store& review, int64_t record, const std::string& reviewer,
                        const std::string& note, DecisionResult* result) {
  return InTransaction(review, [&]() -> core::Status {
    int64_t work = 0;
    WINNOW_RETURN_IF_ERROR(review.WorkOfRecord(record, &work));
    std::vector<int64_t> members;
    WINNOW_RETURN_IF_ERROR(review.WorkMembers(work, &members));
    std::vector<store::DedupConstraint> apart;
    for (int64_t m : members) {
      if (m != record) apart.push_back({record, m, false, 0});
    }
    if (apart.empty()) {
      return core::Status::Conflict("record " + std::to_string(record) +
                                    " is already a work of its own (" + std::to_string(work) + ")");
    }
    result->decision = store::DedupDecision{};
    result->decision.reviewer = reviewer;
    result->decision.action = "split";
    result->decision.record_a = record;
    result->decision.note = note;
    WINNOW_RETURN_IF_ERROR(review.AddDedupDecision(&result->decision, apart));
    WINNOW_RETURN_IF_ERROR(Recluster(review, reviewer, &result->changes, &result->carry));
    return review.WorkOfRecord(record, &result->work_id);
  });
}

core::Status DedupUndo(store::Store& review, int64_t decision_id, const std::string& reviewer,
                       const std::string& note, DecisionResult* result) {
  return InTransaction(review, [&]() -> core::Status {
    store::DedupDecision target;
    bool found = false;
    WINNOW_RETURN_IF_ERROR(review.FindDedupDecision(decision_id, &target, &found));
    if (!found) {
      return core::Status::InvalidInput("decision " + std::to_string(decision_id) +
                                        ": no such dedup decision");
    }
    if (target.action == "undo") {
      return core::Status::Conflict("decision " + std::to_string(decision_id) +
                                    " is an undo; make the original decision again instead");
    }
    if (target.undone_by) {
      return core::Status::Conflict("decision " + std::to_string(decision_id) +
                                    " was already undone by decision " +
                                    std::to_string(target.undone_by));
    }
    result->decision = store::DedupDecision{};
    result->decision.reviewer = reviewer;
    result->decision.action = "undo";
    result->decision.target_decision = decision_id;
    result->decision.note = note;
    WINNOW_RETURN_IF_ERROR(review.AddDedupDecision(&result->decision, {}));
    WINNOW_RETURN_IF_ERROR(review.MarkDecisionUndone(decision_id, result->decision.id));
    WINNOW_RETURN_IF_ERROR(Recluster(review, reviewer, &result->changes, &result->carry));
    if (target.record_a) return review.WorkOfRecord(target.record_a, &result->work_id);
    return core::Status::Ok();
  });
}

}  // namespace app
