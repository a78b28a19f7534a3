#include "app/screening.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/dedup.h"
#include "core/normalize.h"
#include "screen/dedup.h"

namespace app {
namespace {

bool IsStage(const std::string& s) { return s == "ta" || s == "ft"; }

// The status a work has while open at a stage, and after each outcome.
const char* OpenStatus(const std::string& stage) {
  return stage == "ta" ? "unscreened" : "ta_included";
}
const char* IncludedStatus(const std::string& stage) {
  return stage == "ta" ? "ta_included" : "included";
}
const char* ExcludedStatus(const std::string& stage) {
  return stage == "ta" ? "excluded_ta" : "excluded_ft";
}

core::Status Status(store::Store& review, int64_t work_id, std::string* status) {
  bool live = false;
  WINNOW_RETURN_IF_ERROR(review.WorkStatus(work_id, status, &live));
  if (!live) return core::Status::InvalidInput("no work " + std::to_string(work_id));
  return core::Status::Ok();
}

// The status that follows from a work's outcome at a stage.
core::Status Apply(store::Store& review, int64_t work_id, const std::string& stage,
                   const WorkOutcome& o, const std::string& actor) {
  const char* status = OpenStatus(stage);
  if (o.outcome == Outcome::kInclude) status = IncludedStatus(stage);
  if (o.outcome == Outcome::kExclude) status = ExcludedStatus(stage);
  return review.SetWorkStatus(work_id, status, actor);
}

template <typename Body>
core::Status InTransaction(store::Store& review, Body body) {
  WINNOW_RETURN_IF_ERROR(review.Begin());
  core::Status st = body();
  if (st.ok()) st = review.Commit();
  if (!st.ok()) review.Rollback();
  return st;
}

}  // namespace

core::Status LoadSettings(store::Store& review, ScreeningSettings* out) {
  *out = ScreeningSettings{};
  std::string v;
  bool found = false;
  WINNOW_RETURN_IF_ERROR(review.GetSetting("reviewers", &v, &found));
  if (found) out->reviewers_required = std::max(1, std::atoi(v.c_str()));
  WINNOW_RETURN_IF_ERROR(review.GetSetting("blind", &v, &found));
  if (found) out->blind = v == "true";
  WINNOW_RETURN_IF_ERROR(review.GetSetting("maybe_is_include", &v, &found));
  if (found) out->maybe_is_include = v == "true";
  WINNOW_RETURN_IF_ERROR(review.GetSetting("ft_reasons", &v, &found));
  if (found) out->ft_reasons = nlohmann::json::parse(v).get<std::vector<std::string>>();
  return core::Status::Ok();
}

core::Status SetSetting(store::Store& review, const std::string& name, const std::string& value) {
  std::string stored;
  if (name == "reviewers") {
    int n = std::atoi(value.c_str());
    if (n < 1 || n > 20 || std::to_string(n) != value) {
      return core::Status::InvalidInput("reviewers must be a number from 1 to 20");
    }
    stored = value;
  } else if (name == "blind" || name == "maybe_is_include") {
    if (value != "true" && value != "false") {
      return core::Status::InvalidInput(name + " must be true or false");
    }
    stored = value;
  } else if (name == "ft_reasons") {
    // "Wrong population; Wrong design; ..."
    std::vector<std::string> reasons;
    size_t i = 0;
    while (i <= value.size()) {
      size_t j = value.find(';', i);
      if (j == std::string::npos) j = value.size();
      std::string r = value.substr(i, j - i);
      r.erase(0, r.find_first_not_of(' '));
      while (!r.empty() && r.back() == ' ') r.pop_back();
      if (!r.empty()) reasons.push_back(r);
      i = j + 1;
    }
    if (reasons.empty())
      return core::Status::InvalidInput("ft_reasons: give reasons separated by ';'");
    stored = nlohmann::json(reasons).dump();
  } else {
    return core::Status::InvalidInput("unknown setting '" + name +
                                      "' (reviewers, blind, maybe_is_include, ft_reasons)");
  }
  return InTransaction(review, [&] { return review.SetSetting(name, stored, "config"); });
}

WorkOutcome EvaluateOutcome(const ScreeningSettings& settings, const std::string& stage,
                            std::vector<store::Decision> decisions,
                            const store::Resolution* resolution) {
  WorkOutcome out;
  out.decisions = std::move(decisions);
  if (resolution) {
    out.resolved = true;
    out.outcome = resolution->decision == "include" ? Outcome::kInclude : Outcome::kExclude;
    return out;
  }
  if (static_cast<int>(out.decisions.size()) < settings.reviewers_required) return out;
  std::set<std::string> verdicts, reasons;
  for (const store::Decision& d : out.decisions) {
    std::string v =
        d.decision == "maybe" ? (settings.maybe_is_include ? "include" : "maybe") : d.decision;
    verdicts.insert(v);
    if (v == "exclude") reasons.insert(d.reason);
  }
  if (verdicts.size() > 1 || verdicts.count("maybe")) {
    out.outcome = Outcome::kConflict;
  } else if (verdicts.count("include")) {
    out.outcome = Outcome::kInclude;
  } else {
    // At full text the reviewers must also agree on the reason.
    out.outcome = stage == "ft" && reasons.size() > 1 ? Outcome::kConflict : Outcome::kExclude;
  }
  return out;
}

core::Status OutcomeOf(store::Store& review, const ScreeningSettings& settings, int64_t work_id,
                       const std::string& stage, WorkOutcome* out) {
  std::vector<store::Decision> decisions;
  WINNOW_RETURN_IF_ERROR(review.LatestDecisions(stage, work_id, &decisions));
  std::map<int64_t, store::Resolution> resolutions;
  WINNOW_RETURN_IF_ERROR(review.LatestResolutions(stage, &resolutions));
  auto r = resolutions.find(work_id);
  *out = EvaluateOutcome(settings, stage, std::move(decisions),
                         r == resolutions.end() ? nullptr : &r->second);
  return core::Status::Ok();
}

core::Status OutcomesAt(store::Store& review, const ScreeningSettings& settings,
                        const std::string& stage, std::map<int64_t, WorkOutcome>* out) {
  out->clear();
  std::vector<store::Decision> all;
  WINNOW_RETURN_IF_ERROR(review.LatestDecisions(stage, 0, &all));
  std::map<int64_t, store::Resolution> resolutions;
  WINNOW_RETURN_IF_ERROR(review.LatestResolutions(stage, &resolutions));
  std::map<int64_t, std::vector<store::Decision>> by_work;
  for (store::Decision& d : all) by_work[d.work_id].push_back(std::move(d));
  for (const auto& [w, r] : resolutions) by_work[w];
  for (auto& [w, decisions] : by_work) {
    auto r = resolutions.find(w);
    (*out)[w] = EvaluateOutcome(settings, stage, std::move(decisions),
                                r == resolutions.end() ? nullptr : &r->second);
  }
  return core::Status::Ok();
}

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kInclude:
      return "include";
    case Outcome::kExclude:
      return "exclude";
    case Outcome::kConflict:
      return "conflict";
    case Outcome::kPending:
      break;
  }
  return "pending";
}

std::string VisibleOutcome(const ScreeningSettings& settings, const Viewer& viewer,
                           const WorkOutcome& o) {
  if (settings.blind && !viewer.lead && !Settled(o)) return "open";
  return OutcomeName(o.outcome);
}

core::Status FindViewer(store::Store& review, const std::string& name, Viewer* out) {
  *out = Viewer{};
  if (name.empty()) return core::Status::Ok();
  store::Reviewer who;
  bool found = false;
  WINNOW_RETURN_IF_ERROR(review.FindReviewer(name, &who, &found));
  if (!found)
    return core::Status::InvalidInput("no reviewer '" + name + "' (winnow reviewer list)");
  out->id = who.id;
  out->name = who.name;
  out->lead = who.role == "lead";
  return core::Status::Ok();
}

bool MaySee(const ScreeningSettings& settings, const Viewer& viewer, const WorkOutcome& o,
            const store::Decision& d) {
  if (!settings.blind || viewer.lead || Settled(o)) return true;
  return viewer.id != 0 && d.reviewer_id == viewer.id;
}

core::Status ResolveWork(store::Store& review, const std::string& ref, int64_t* work_id) {
  if (ref.rfind("pmid:", 0) == 0 || ref.rfind("doi:", 0) == 0) {
    // Several source records may carry the identifier; it names a work when
    // they all belong to one (as duplicates do).
    bool pmid = ref[0] == 'p';
    std::string value = pmid ? ref.substr(5) : core::NormalizeDoi(ref.substr(4));
    std::vector<int64_t> records;
    WINNOW_RETURN_IF_ERROR(review.FindRecordsByIdentifier(pmid ? "pmid" : "doi", value, &records));
    std::set<int64_t> works;
    for (int64_t r : records) {
      int64_t w = 0;
      WINNOW_RETURN_IF_ERROR(review.WorkOfRecord(r, &w));
      if (w) works.insert(w);
    }
    if (works.empty()) return core::Status::InvalidInput("work " + ref + ": no record has it");
    if (works.size() > 1) {
      std::string list;
      for (int64_t w : works) list += (list.empty() ? "" : ", ") + std::to_string(w);
      return core::Status::InvalidInput("work " + ref + " is ambiguous: works " + list);
    }
    *work_id = *works.begin();
    return core::Status::Ok();
  }
  char* end = nullptr;
  long long id = std::strtoll(ref.c_str(), &end, 10);
  if (ref.empty() || *end != '\0' || id <= 0) {
    return core::Status::InvalidInput("work '" + ref + "': expected a work id, pmid:N or doi:X");
  }
  std::string status;
  WINNOW_RETURN_IF_ERROR(Status(review, id, &status));
  *work_id = id;
  return core::Status::Ok();
}

namespace {

// A decision's own validity: the stage, the verdict, a full-text exclusion's
// reason from the review's list.
core::Status CheckDecision(const ScreeningSettings& settings, const std::string& stage,
                           const std::string& decision, const std::string& reason) {
  if (!IsStage(stage)) return core::Status::InvalidInput("--stage must be ta or ft");
  if (decision != "include" && decision != "exclude" && decision != "maybe") {
    return core::Status::InvalidInput("decision must be include, exclude or maybe");
  }
  if (stage == "ft" && decision == "exclude") {
    if (reason.empty()) {
      return core::Status::InvalidInput("a full-text exclusion needs --reason (one of: " +
                                        nlohmann::json(settings.ft_reasons).dump() + ")");
    }
    if (std::find(settings.ft_reasons.begin(), settings.ft_reasons.end(), reason) ==
        settings.ft_reasons.end()) {
      return core::Status::InvalidInput("reason '" + reason + "' is not one of the review's " +
                                        "full-text exclusion reasons " +
                                        nlohmann::json(settings.ft_reasons).dump());
    }
  }
  return core::Status::Ok();
}

// Records the decision inside the caller's transaction; Conflict (nothing
// written) when the work is not open at that stage.
core::Status DecideIn(store::Store& review, const ScreeningSettings& settings,
                      const store::Reviewer& who, int64_t work_id, const std::string& stage,
                      const std::string& decision, const std::string& reason,
                      const std::string& note) {
  std::string status;
  WINNOW_RETURN_IF_ERROR(Status(review, work_id, &status));
  WorkOutcome before;
  WINNOW_RETURN_IF_ERROR(OutcomeOf(review, settings, work_id, stage, &before));
  if (before.resolved) {
    return core::Status::Conflict("work " + std::to_string(work_id) + " was resolved at " + stage +
                                  "; decisions can no longer change");
  }
  // A work is open at a stage while its status is that stage's open or
  // decided status (a reviewer may change their mind until it is resolved;
  // a work decided before the review asked for more reviewers takes theirs).
  bool open = status == OpenStatus(stage) || status == IncludedStatus(stage) ||
              status == ExcludedStatus(stage);
  if (!open) {
    return core::Status::Conflict("work " + std::to_string(work_id) + " is " + status +
                                  ", not open for " + stage + " screening");
  }
  if (stage == "ta") {
    // Once full-text screening has begun, the title/abstract verdict it
    // rests on stays as it is.
    std::vector<store::Decision> ft;
    WINNOW_RETURN_IF_ERROR(review.DecisionHistory(work_id, "ft", &ft));
    if (!ft.empty()) {
      return core::Status::Conflict("work " + std::to_string(work_id) +
                                    " is being screened at full text; its title/abstract "
                                    "decisions can no longer change");
    }
  }
  store::Decision d;
  d.work_id = work_id;
  d.stage = stage;
  d.reviewer_id = who.id;
  d.reviewer = who.name;
  d.decision = decision;
  d.reason = reason;
  d.note = note;
  WINNOW_RETURN_IF_ERROR(review.AddDecision(&d));
  WorkOutcome after;
  WINNOW_RETURN_IF_ERROR(OutcomeOf(review, settings, work_id, stage, &after));
  return Apply(review, work_id, stage, after, who.name);
}

}  // namespace

core::Status Decide(store::Store& review, int64_t work_id, const std::string& reviewer,
                    const std::string& stage, const std::string& decision,
                    const std::string& reason, const std::string& note) {
  ScreeningSettings settings;
  WINNOW_RETURN_IF_ERROR(LoadSettings(review, &settings));
  WINNOW_RETURN_IF_ERROR(CheckDecision(settings, stage, decision, reason));
  store::Reviewer who;
  bool found = false;
  WINNOW_RETURN_IF_ERROR(review.FindReviewer(reviewer, &who, &found));
  if (!found)
    return core::Status::InvalidInput("no reviewer '" + reviewer + "' (winnow reviewer add)");
  return InTransaction(review, [&] {
    return DecideIn(review, settings, who, work_id, stage, decision, reason, note);
  });
}

core::Status DecideMany(store::Store& review, const std::string& reviewer, const std::string& stage,
                        const std::vector<BatchDecision>& decisions, BatchResult* result) {
  *result = BatchResult{};
  ScreeningSettings settings;
  WINNOW_RETURN_IF_ERROR(LoadSettings(review, &settings));
  store::Reviewer who;
  bool found = false;
  WINNOW_RETURN_IF_ERROR(review.FindReviewer(reviewer, &who, &found));
  if (!found)
    return core::Status::InvalidInput("no reviewer '" + reviewer + "' (winnow reviewer add)");
  for (const BatchDecision& d : decisions) {
    core::Status st = CheckDecision(settings, stage, d.decision, d.reason);
    if (!st.ok()) return core::Status::InvalidInput(d.where + ": " + st.message());
  }
  return InTransaction(review, [&]() -> core::Status {
    for (const BatchDecision& d : decisions) {
      // The same decision again (a re-run of the same file) changes nothing.
      std::vector<store::Decision> latest;
      WINNOW_RETURN_IF_ERROR(review.LatestDecisions(stage, d.work_id, &latest));
      bool same = std::any_of(latest.begin(), latest.end(), [&](const store::Decision& x) {
        return x.reviewer_id == who.id && x.decision == d.decision && x.reason == d.reason &&
               x.note == d.note;
      });
      if (same) {
        ++result->unchanged;
        continue;
      }
      core::Status st =
          DecideIn(review, settings, who, d.work_id, stage, d.decision, d.reason, d.note);
      if (st.code() == core::Status::Code::kConflict) {
        result->skipped.push_back({d.where, st.message()});
        continue;
      }
      WINNOW_RETURN_IF_ERROR(st);
      ++result->recorded;
    }
    return core::Status::Ok();
  });
}

core::Status Resolve(store::Store& review, int64_t work_id, const std::string& lead,
                     const std::string& stage, const std::string& decision,
                     const std::string& reason) {
  if (!IsStage(stage)) return core::Status::InvalidInput("--stage must be ta or ft");
  if (decision != "include" && decision != "exclude") {
    return core::Status::InvalidInput("a resolution is include or exclude");
  }
  store::Reviewer who;
  bool found = false;
  WINNOW_RETURN_IF_ERROR(review.FindReviewer(lead, &who, &found));
  if (!found) return core::Status::InvalidInput("no reviewer '" + lead + "'");
  if (who.role != "lead")
    return core::Status::Conflict(lead + " is not a lead; only a lead resolves");
  ScreeningSettings settings;
  WINNOW_RETURN_IF_ERROR(LoadSettings(review, &settings));
  if (stage == "ft" && decision == "exclude" && reason.empty()) {
    return core::Status::InvalidInput("a full-text exclusion needs --reason");
  }
  return InTransaction(review, [&]() -> core::Status {
    WorkOutcome o;
    WINNOW_RETURN_IF_ERROR(OutcomeOf(review, settings, work_id, stage, &o));
    if (o.outcome != Outcome::kConflict || o.resolved) {
      return core::Status::Conflict("work " + std::to_string(work_id) + " has no conflict at " +
                                    stage);
    }
    store::Resolution r;
    r.work_id = work_id;
    r.stage = stage;
    r.reviewer_id = who.id;
    r.reviewer = who.name;
    r.decision = decision;
    r.reason = reason;
    WINNOW_RETURN_IF_ERROR(review.AddResolution(&r));
    WorkOutcome after;
    WINNOW_RETURN_IF_ERROR(OutcomeOf(review, settings, work_id, stage, &after));
    return Apply(review, work_id, stage, after, who.name);
  });
}

core::Status NextWork(store::Store& review, const std::string& reviewer, const std::string& stage,
                      int64_t* work_id, int64_t* remaining) {
  *work_id = 0;
  *remaining = 0;
  if (!IsStage(stage)) return core::Status::InvalidInput("--stage must be ta or ft");
  store::Reviewer who;
  bool found = false;
  WINNOW_RETURN_IF_ERROR(review.FindReviewer(reviewer, &who, &found));
  if (!found) return core::Status::InvalidInput("no reviewer '" + reviewer + "'");
  std::map<int64_t, std::string> statuses;
  WINNOW_RETURN_IF_ERROR(review.WorkStatuses(&statuses));
  std::vector<store::Decision> all;
  WINNOW_RETURN_IF_ERROR(review.LatestDecisions(stage, 0, &all));
  std::set<int64_t> mine;
  std::map<int64_t, int> count;
  for (const store::Decision& d : all) {
    ++count[d.work_id];
    if (d.reviewer_id == who.id) mine.insert(d.work_id);
  }
  ScreeningSettings settings;
  WINNOW_RETURN_IF_ERROR(LoadSettings(review, &settings));
  for (const auto& [id, status] : statuses) {
    if (status != OpenStatus(stage) || mine.count(id)) continue;
    if (count[id] >= settings.reviewers_required) continue;  // enough reviewers already
    if (*work_id == 0) *work_id = id;
    ++*remaining;
  }
  return core::Status::Ok();
}

core::Status Conflicts(store::Store& review, const std::string& stage,
                       std::vector<std::pair<int64_t, WorkOutcome>>* out) {
  out->clear();
  if (!IsStage(stage)) return core::Status::InvalidInput("--stage must be ta or ft");
  ScreeningSettings settings;
  WINNOW_RETURN_IF_ERROR(LoadSettings(review, &settings));
  std::map<int64_t, WorkOutcome> outcomes;
  WINNOW_RETURN_IF_ERROR(OutcomesAt(review, settings, stage, &outcomes));
  std::map<int64_t, std::string> live;
  WINNOW_RETURN_IF_ERROR(review.WorkStatuses(&live));
  for (auto& [w, o] : outcomes) {
    if (o.outcome == Outcome::kConflict && !o.resolved && live.count(w)) out->emplace_back(w, o);
  }
  return core::Status::Ok();
}

core::Status SetFulltext(store::Store& review, int64_t work_id, bool found,
                         const std::string& location, const std::string& actor) {
  if (found && location.empty()) return core::Status::InvalidInput("--found needs a path or URL");
  return InTransaction(review, [&]() -> core::Status {
    std::string status;
    WINNOW_RETURN_IF_ERROR(Status(review, work_id, &status));
    if (status != "ta_included" && status != "not_retrieved") {
      return core::Status::Conflict("work " + std::to_string(work_id) + " is " + status +
                                    "; full texts are sought for works included at title/abstract");
    }
    WINNOW_RETURN_IF_ERROR(review.SetFulltext(work_id, found, location, actor));
    return review.SetWorkStatus(work_id, found ? "ta_included" : "not_retrieved", actor);
  });
}

core::Status StudiesOf(store::Store& review, const std::vector<int64_t>& works,
                       std::vector<int64_t>* study_of) {
  std::vector<store::Store::StudyLink> links;
  WINNOW_RETURN_IF_ERROR(review.StudyLinks(&links));
  std::map<int64_t, std::vector<std::string>> registrations;
  WINNOW_RETURN_IF_ERROR(review.WorkRegistrations(&registrations));
  std::vector<screen::Link> must, cannot, shared;
  for (const auto& l : links) (l.linked ? must : cannot).push_back({l.work_a, l.work_b, 1.0});
  // Works sharing a registration number: chain them (each to the first seen).
  std::set<int64_t> wanted(works.begin(), works.end());
  std::map<std::string, int64_t> first;
  for (const auto& [work, regs] : registrations) {
    if (!wanted.count(work)) continue;
    for (const std::string& r : regs) {
      auto [it, fresh] = first.emplace(r, work);
      if (!fresh && it->second != work) shared.push_back({it->second, work, 1.0});
    }
  }
  *study_of = screen::Cluster(works, must, shared, cannot);
  return core::Status::Ok();
}

namespace {

const char* StageName(const std::string& stage) {
  return stage == "ta" ? "title/abstract" : "full-text";
}

// Carries `from`'s screening at `stage` to `to` where that stage is open
// there; notes a settled verdict that differs.
core::Status CarryStage(store::Store& review, const ScreeningSettings& settings, int64_t from,
                        int64_t to, const std::string& stage, const std::string& actor,
                        ScreeningCarry* carry) {
  WorkOutcome was, is;
  WINNOW_RETURN_IF_ERROR(OutcomeOf(review, settings, from, stage, &was));
  if (was.decisions.empty() && !was.resolved) return core::Status::Ok();
  WINNOW_RETURN_IF_ERROR(OutcomeOf(review, settings, to, stage, &is));
  std::string status;
  WINNOW_RETURN_IF_ERROR(Status(review, to, &status));
  bool open = status == OpenStatus(stage) && !Settled(is);
  if (!open) {
    if (Settled(was) && Settled(is) && was.outcome != is.outcome) {
      carry->disagreements.push_back(
          "work " + std::to_string(from) + " (" + OutcomeName(was.outcome) + " at " +
          StageName(stage) + ") was merged into work " + std::to_string(to) + " (" +
          OutcomeName(is.outcome) + ", now " + status + "); check the merge or the screening");
    }
    return core::Status::Ok();
  }
  std::set<int64_t> decided;
  for (const store::Decision& d : is.decisions) decided.insert(d.reviewer_id);
  for (const store::Decision& d : was.decisions) {
    if (decided.count(d.reviewer_id)) continue;
    store::Decision c = d;
    c.id = 0;
    c.work_id = to;
    c.note = "carried from work " + std::to_string(from) + " (merged as a duplicate)" +
             (d.note.empty() ? "" : "; " + d.note);
    WINNOW_RETURN_IF_ERROR(review.AddDecision(&c));
    ++carry->decisions;
  }
  if (was.resolved) {
    std::map<int64_t, store::Resolution> resolutions;
    WINNOW_RETURN_IF_ERROR(review.LatestResolutions(stage, &resolutions));
    auto r = resolutions.find(from);
    if (r != resolutions.end()) {
      store::Resolution c = r->second;
      c.id = 0;
      c.work_id = to;
      WINNOW_RETURN_IF_ERROR(review.AddResolution(&c));
      ++carry->resolutions;
    }
  }
  WorkOutcome after;
  WINNOW_RETURN_IF_ERROR(OutcomeOf(review, settings, to, stage, &after));
  WINNOW_RETURN_IF_ERROR(Apply(review, to, stage, after, actor));
  return review.Audit(actor, "screening.carried", "work", to,
                      nlohmann::json{{"from_work", from}, {"stage", stage}}.dump());
}

}  // namespace

core::Status CarryScreening(store::Store& review,
                            const std::vector<std::pair<int64_t, int64_t>>& merged,
                            const std::string& actor, ScreeningCarry* carry) {
  *carry = ScreeningCarry{};
  if (merged.empty()) return core::Status::Ok();
  ScreeningSettings settings;
  WINNOW_RETURN_IF_ERROR(LoadSettings(review, &settings));
  std::map<int64_t, store::Store::Fulltext> fulltexts;
  WINNOW_RETURN_IF_ERROR(review.LatestFulltexts(&fulltexts));
  // Most merged works were never screened: read once which were, rather
  // than asking per work (a first dedup retires tens of thousands).
  std::set<int64_t> screened;
  for (const char* stage : {"ta", "ft"}) {
    std::map<int64_t, WorkOutcome> outcomes;
    WINNOW_RETURN_IF_ERROR(OutcomesAt(review, settings, stage, &outcomes));
    for (const auto& [work, o] : outcomes) screened.insert(work);
  }
  for (const auto& [from, to] : merged) {
    if (!screened.count(from) && !fulltexts.count(from)) continue;
    // Title/abstract first: carrying it may open full text on the survivor.
    WINNOW_RETURN_IF_ERROR(CarryStage(review, settings, from, to, "ta", actor, carry));
    auto f = fulltexts.find(from);
    if (f != fulltexts.end() && !fulltexts.count(to)) {
      std::string status;
      WINNOW_RETURN_IF_ERROR(Status(review, to, &status));
      if (status == "ta_included") {
        WINNOW_RETURN_IF_ERROR(review.SetFulltext(to, f->second.found, f->second.location, actor));
        if (!f->second.found)
          WINNOW_RETURN_IF_ERROR(review.SetWorkStatus(to, "not_retrieved", actor));
      }
    }
    WINNOW_RETURN_IF_ERROR(CarryStage(review, settings, from, to, "ft", actor, carry));
  }
  return core::Status::Ok();
}

}  // namespace app
