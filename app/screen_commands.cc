// The reviewer and screening commands: reviewer add/list, config, screen
// next/decide, conflicts, resolve, agreement.
#include <openssl/rand.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "app/commands.h"
#include "app/json_out.h"
#include "app/screen_import.h"
#include "app/screening.h"
#include "core/hash.h"
#include "screen/agreement.h"
#include "screen/rules.h"
#include "store/store.h"

namespace app {
namespace {

// 32 random bytes as hex: the reviewer's secret, shown once.
std::string NewToken() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return "";
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

core::Status Open(const std::string& db, std::unique_ptr<store::Store>* review) {
  return store::Store::Open(db, review);
}

}  // namespace

core::Status CmdReviewerAdd(const GlobalFlags& g, const std::string& db, const std::string& name,
                            const std::string& role) {
  if (role != "reviewer" && role != "lead")
    return core::Status::Usage("--role must be reviewer or lead");
  if (name.empty() || name.find_first_of(" \t\n") != std::string::npos) {
    return core::Status::Usage("a reviewer name must be one word, e.g. ana");
  }
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(Open(db, &review));
  std::string token = NewToken();
  if (token.empty()) return core::Status::Internal("no random bytes for the reviewer's token");
  store::Reviewer r;
  WINNOW_RETURN_IF_ERROR(review->Begin());
  core::Status st = review->AddReviewer(name, role, core::Sha256Hex(token), &r);
  if (st.ok()) st = review->Commit();
  if (!st.ok()) {
    review->Rollback();
    return st;
  }
  if (g.json) {
    PrintResult(
        g, Dump({{"reviewer_id", r.id}, {"name", r.name}, {"role", r.role}, {"token", token}}));
  } else {
    PrintResult(g,
                "added " + r.role + " " + r.name + "; their token (shown once, keep it): " + token);
  }
  return core::Status::Ok();
}

core::Status CmdReviewerList(const GlobalFlags& g, const std::string& db) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(Open(db, &review));
  std::vector<store::Reviewer> list;
  WINNOW_RETURN_IF_ERROR(review->ListReviewers(&list));
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  std::string text;
  for (const store::Reviewer& r : list) {
    arr.push_back(
        {{"reviewer_id", r.id}, {"name", r.name}, {"role", r.role}, {"created_at", r.created_at}});
    text += (text.empty() ? "" : "\n") + r.name + " (" + r.role + ")";
  }
  PrintResult(g, g.json
                     ? Dump(arr)
                     : (text.empty() ? "no reviewers; add one with `winnow reviewer add`" : text));
  return core::Status::Ok();
}

core::Status CmdConfig(const GlobalFlags& g, const std::string& db, const std::string& name,
                       const std::string& value) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(Open(db, &review));
  if (!name.empty()) WINNOW_RETURN_IF_ERROR(SetSetting(*review, name, value));
  ScreeningSettings s;
  WINNOW_RETURN_IF_ERROR(LoadSettings(*review, &s));
  nlohmann::ordered_json j = {{"reviewers", s.reviewers_required},
                              {"blind", s.blind},
                              {"maybe_is_include", s.maybe_is_include},
                              {"ft_reasons", s.ft_reasons}};
  if (g.json) {
    PrintResult(g, Dump(j));
  } else {
    std::string reasons;
    for (const std::string& r : s.ft_reasons) reasons += (reasons.empty() ? "" : "; ") + r;
    PrintResult(g, "reviewers " + std::to_string(s.reviewers_required) + "\nblind " +
                       (s.blind ? "true" : "false") + "\nmaybe_is_include " +
                       (s.maybe_is_include ? "true" : "false") + "\nft_reasons " + reasons);
  }
  return core::Status::Ok();
}

core::Status CmdScreenNext(const GlobalFlags& g, const std::string& db, const std::string& reviewer,
                           const std::string& stage) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(Open(db, &review));
  int64_t work = 0, remaining = 0;
  WINNOW_RETURN_IF_ERROR(NextWork(*review, reviewer, stage, &work, &remaining));
  if (work == 0) {
    PrintResult(g, g.json ? Dump({{"work_id", nullptr}, {"remaining", 0}})
                          : "nothing left for " + reviewer + " at " + stage);
    return core::Status::Ok();
  }
  std::vector<int64_t> members;
  WINNOW_RETURN_IF_ERROR(review->WorkMembers(work, &members));
  store::RecordRow row;
  WINNOW_RETURN_IF_ERROR(review->LoadRecordRow(members.at(0), &row));
  const core::Record& r = row.record;
  // Highlight terms from the latest rules in force (review-wide and per rule).
  std::vector<std::string> include_terms, exclude_terms;
  std::vector<store::RuleRun> runs;
  WINNOW_RETURN_IF_ERROR(review->ListRuleRuns(&runs));
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    if (!it->undone_at.empty()) continue;
    screen::RuleSet set;
    if (screen::ParseRules(it->rules_text, it->rules_file, &set).ok()) {
      include_terms = set.highlight_include;
      exclude_terms = set.highlight_exclude;
      for (const screen::Rule& rule : set.rules) {
        include_terms.insert(include_terms.end(), rule.highlight_include.begin(),
                             rule.highlight_include.end());
        exclude_terms.insert(exclude_terms.end(), rule.highlight_exclude.begin(),
                             rule.highlight_exclude.end());
      }
    }
    break;
  }
  std::vector<std::string> tags;
  WINNOW_RETURN_IF_ERROR(review->WorkTags(work, &tags));
  // At full text, where the paper is (winnow fulltext --found).
  std::map<int64_t, store::Store::Fulltext> fulltexts;
  if (stage == "ft") WINNOW_RETURN_IF_ERROR(review->LatestFulltexts(&fulltexts));
  auto fulltext = fulltexts.find(work);
  if (g.json) {
    nlohmann::ordered_json j;
    j["work_id"] = work;
    j["remaining"] = remaining;
    j["stage"] = stage;
    j["title"] = r.title;
    j["journal"] = r.journal.empty() ? r.journal_abbrev : r.journal;
    if (r.year) j["year"] = r.year;
    j["abstract"] = r.abstract;
    j["keywords"] = r.keywords;
    j["mesh"] = r.MeshDescriptors();
    j["tags"] = tags;
    j["highlight_include"] = include_terms;
    j["highlight_exclude"] = exclude_terms;
    if (fulltext != fulltexts.end() && fulltext->second.found) {
      j["fulltext"] = fulltext->second.location;
    }
    if (!r.pmid.empty()) j["pmid"] = r.pmid;
    if (!r.doi.empty()) j["doi"] = r.doi;
    PrintResult(g, Dump(j));
  } else {
    std::ostringstream out;
    out << "work " << work << " (" << remaining << " left for " << reviewer << " at " << stage
        << ")\n"
        << r.title << "\n"
        << (r.journal.empty() ? r.journal_abbrev : r.journal)
        << (r.year ? " " + std::to_string(r.year) : "") << "\n";
    if (!r.abstract.empty()) out << "\n" << r.abstract << "\n";
    if (!r.keywords.empty()) {
      out << "\nkeywords:";
      for (const std::string& k : r.keywords) out << " " << k << ";";
    }
    if (!r.mesh.empty()) {
      out << "\nMeSH:";
      for (const std::string& m : r.MeshDescriptors()) out << " " << m << ";";
    }
    if (!include_terms.empty() || !exclude_terms.empty()) {
      out << "\nhighlight:";
      for (const std::string& t : include_terms) out << " +" << t;
      for (const std::string& t : exclude_terms) out << " -" << t;
    }
    if (fulltext != fulltexts.end() && fulltext->second.found) {
      out << "\nfull text: " << fulltext->second.location;
    }
    if (!tags.empty()) {
      out << "\ntags:";
      for (const std::string& t : tags) out << " " << t;
    }
    out << "\ndecide with `winnow screen decide " << db << " " << work
        << " include|exclude|maybe --reviewer " << reviewer << " --stage " << stage << "`";
    PrintResult(g, out.str());
  }
  return core::Status::Ok();
}

core::Status CmdScreenDecide(const GlobalFlags& g, const std::string& db,
                             const std::string& work_ref, const std::string& decision,
                             const std::string& reviewer, const std::string& stage,
                             const std::string& reason, const std::string& note) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(Open(db, &review));
  int64_t work = 0;
  WINNOW_RETURN_IF_ERROR(ResolveWork(*review, work_ref, &work));
  WINNOW_RETURN_IF_ERROR(Decide(*review, work, reviewer, stage, decision, reason, note));
  // The reviewer learns their own decision was recorded, nothing about others'.
  if (g.json) {
    PrintResult(g, Dump({{"work_id", work},
                         {"stage", stage},
                         {"reviewer", reviewer},
                         {"decision", decision},
                         {"reason", reason}}));
  } else {
    PrintResult(g, "recorded " + decision + " for work " + std::to_string(work) + " at " + stage +
                       " by " + reviewer);
  }
  return core::Status::Ok();
}

core::Status CmdScreenHistory(const GlobalFlags& g, const std::string& db,
                              const std::string& work_ref, const std::string& reviewer) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(Open(db, &review));
  int64_t work = 0;
  WINNOW_RETURN_IF_ERROR(ResolveWork(*review, work_ref, &work));
  ScreeningSettings settings;
  WINNOW_RETURN_IF_ERROR(LoadSettings(*review, &settings));
  Viewer viewer;
  WINNOW_RETURN_IF_ERROR(FindViewer(*review, reviewer, &viewer));
  std::string status;
  bool live = false;
  WINNOW_RETURN_IF_ERROR(review->WorkStatus(work, &status, &live));
  nlohmann::ordered_json j = {{"work_id", work}, {"status", status}};
  std::ostringstream out;
  out << "work " << work << " (" << status << ")";
  for (const char* stage : {"ta", "ft"}) {
    WorkOutcome o;
    WINNOW_RETURN_IF_ERROR(OutcomeOf(*review, settings, work, stage, &o));
    std::vector<store::Decision> rows;
    WINNOW_RETURN_IF_ERROR(review->DecisionHistory(work, stage, &rows));
    // Blind: another's decisions (every change of them) once the stage is
    // settled; before that, only the viewer's own.
    nlohmann::ordered_json sj;
    sj["outcome"] = rows.empty() && !o.resolved ? "" : VisibleOutcome(settings, viewer, o);
    sj["decisions"] = nlohmann::ordered_json::array();
    for (const store::Decision& d : rows) {
      if (!MaySee(settings, viewer, o, d)) continue;
      sj["decisions"].push_back({{"decision_id", d.id},
                                 {"reviewer", d.reviewer},
                                 {"decision", d.decision},
                                 {"reason", d.reason},
                                 {"note", d.note},
                                 {"at", d.at}});
      out << "\n  " << stage << " " << d.at << " " << d.reviewer << ": " << d.decision
          << (d.reason.empty() ? "" : " (" + d.reason + ")")
          << (d.note.empty() ? "" : " - " + d.note);
    }
    std::map<int64_t, store::Resolution> resolutions;
    WINNOW_RETURN_IF_ERROR(review->LatestResolutions(stage, &resolutions));
    auto r = resolutions.find(work);
    if (r != resolutions.end()) {
      sj["resolution"] = {{"reviewer", r->second.reviewer},
                          {"decision", r->second.decision},
                          {"reason", r->second.reason},
                          {"at", r->second.at}};
      out << "\n  " << stage << " " << r->second.at << " resolved by " << r->second.reviewer << ": "
          << r->second.decision << (r->second.reason.empty() ? "" : " (" + r->second.reason + ")");
    }
    j[stage] = sj;
  }
  PrintResult(g, g.json ? Dump(j) : out.str());
  return core::Status::Ok();
}

core::Status CmdScreenImport(const GlobalFlags& g, const std::string& db, const std::string& file,
                             const ScreenImportOptions& options) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(Open(db, &review));
  ScreenImportSummary s;
  WINNOW_RETURN_IF_ERROR(ImportDecisions(*review, file, options, &s));
  if (g.json) {
    nlohmann::ordered_json j = {{"file", file},
                                {"reviewer", options.reviewer},
                                {"stage", options.stage},
                                {"label_column", s.label_column},
                                {"read", s.read},
                                {"recorded", s.recorded},
                                {"unchanged", s.unchanged},
                                {"not_seen", s.not_seen}};
    j["skipped"] = nlohmann::ordered_json::array();
    for (const store::Skip& k : s.skipped)
      j["skipped"].push_back({{"where", k.where}, {"why", k.why}});
    PrintResult(g, Dump(j));
  } else {
    std::ostringstream out;
    out << file << ": " << options.reviewer << "'s " << options.stage << " decisions from column '"
        << s.label_column << "': read " << s.read << ", recorded " << s.recorded << ", unchanged "
        << s.unchanged << ", not seen " << s.not_seen << ", skipped " << s.skipped.size();
    for (const store::Skip& k : s.skipped) out << "\n  skipped " << k.where << ": " << k.why;
    PrintResult(g, out.str());
  }
  return core::Status::Ok();
}

core::Status CmdConflicts(const GlobalFlags& g, const std::string& db, const std::string& stage,
                          const std::string& reviewer) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(Open(db, &review));
  ScreeningSettings settings;
  WINNOW_RETURN_IF_ERROR(LoadSettings(*review, &settings));
  Viewer viewer;
  WINNOW_RETURN_IF_ERROR(FindViewer(*review, reviewer, &viewer));
  // Blind: that a work is in conflict (even how many are) tells a reviewer
  // how the others decided, so conflicts are a lead's to see.
  if (settings.blind && !viewer.lead) {
    return core::Status::Conflict(
        "the review is blind: conflicts are listed to a lead (--reviewer LEAD), or after "
        "`winnow config REVIEW blind false`");
  }
  std::vector<std::pair<int64_t, WorkOutcome>> list;
  WINNOW_RETURN_IF_ERROR(Conflicts(*review, stage, &list));
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  std::ostringstream out;
  for (const auto& [work, o] : list) {
    nlohmann::ordered_json j;
    j["work_id"] = work;
    j["stage"] = stage;
    j["decisions"] = nlohmann::ordered_json::array();
    out << "work " << work;
    for (const store::Decision& d : o.decisions) {
      j["decisions"].push_back(
          {{"reviewer", d.reviewer}, {"decision", d.decision}, {"reason", d.reason}});
      out << "  " << d.reviewer << ": " << d.decision
          << (d.reason.empty() ? "" : " (" + d.reason + ")");
    }
    out << "\n";
    arr.push_back(j);
  }
  if (g.json) {
    PrintResult(g, Dump(arr));
  } else if (list.empty()) {
    PrintResult(g, "no conflicts at " + stage);
  } else {
    std::string text = out.str();
    text.pop_back();
    PrintResult(g, text);
  }
  return core::Status::Ok();
}

core::Status CmdResolve(const GlobalFlags& g, const std::string& db, const std::string& work_ref,
                        const std::string& decision, const std::string& lead,
                        const std::string& stage, const std::string& reason) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(Open(db, &review));
  int64_t work = 0;
  WINNOW_RETURN_IF_ERROR(ResolveWork(*review, work_ref, &work));
  WINNOW_RETURN_IF_ERROR(Resolve(*review, work, lead, stage, decision, reason));
  PrintResult(g, g.json
                     ? Dump({{"work_id", work},
                             {"stage", stage},
                             {"decision", decision},
                             {"reviewer", lead},
                             {"reason", reason}})
                     : "resolved work " + std::to_string(work) + " at " + stage + ": " + decision);
  return core::Status::Ok();
}

core::Status CmdAgreement(const GlobalFlags& g, const std::string& db, const std::string& stage,
                          const std::string& reviewer) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(Open(db, &review));
  if (stage != "ta" && stage != "ft") return core::Status::InvalidInput("--stage must be ta or ft");
  ScreeningSettings settings;
  WINNOW_RETURN_IF_ERROR(LoadSettings(*review, &settings));
  Viewer viewer;
  WINNOW_RETURN_IF_ERROR(FindViewer(*review, reviewer, &viewer));
  std::map<int64_t, WorkOutcome> outcomes;
  WINNOW_RETURN_IF_ERROR(OutcomesAt(*review, settings, stage, &outcomes));
  std::map<int64_t, std::string> live;
  WINNOW_RETURN_IF_ERROR(review->WorkStatuses(&live));
  // Blind: figures over works still open (pending or in conflict) would let
  // a reviewer work out others' decisions, so anyone but a lead gets them
  // over settled works only (not even how many were left out: that number
  // moving or not after their own decision would tell).
  std::vector<store::Decision> all;
  bool settled_only = settings.blind && !viewer.lead;
  for (auto& [w, o] : outcomes) {
    if (!live.count(w) || (settled_only && !Settled(o))) continue;
    all.insert(all.end(), o.decisions.begin(), o.decisions.end());
  }
  // Categories: include, exclude (and maybe, unless it counts as include).
  auto category = [&](const std::string& d) {
    if (d == "include") return 0;
    if (d == "exclude") return 1;
    return settings.maybe_is_include ? 0 : 2;
  };
  int categories = settings.maybe_is_include ? 2 : 3;
  std::map<int64_t, std::map<int64_t, int>> by_work;  // work -> reviewer -> category
  std::set<int64_t> raters;
  for (const store::Decision& d : all) {
    by_work[d.work_id][d.reviewer_id] = category(d.decision);
    raters.insert(d.reviewer_id);
  }
  screen::Agreement a;
  if (raters.size() == 2) {
    int64_t ra = *raters.begin(), rb = *raters.rbegin();
    std::vector<std::pair<int, int>> pairs;
    for (const auto& [w, m] : by_work) {
      if (m.count(ra) && m.count(rb)) pairs.emplace_back(m.at(ra), m.at(rb));
    }
    a = screen::CohenKappa(pairs, categories);
  } else {
    std::vector<std::vector<int64_t>> counts;
    for (const auto& [w, m] : by_work) {
      std::vector<int64_t> c(categories, 0);
      for (const auto& [r, cat] : m) ++c[cat];
      counts.push_back(c);
    }
    a = screen::FleissKappa(counts);
  }
  if (g.json) {
    nlohmann::ordered_json kappa = nullptr;  // undefined while nothing is rated twice
    if (a.items) kappa = a.kappa;
    nlohmann::ordered_json j = {{"stage", stage},
                                {"method", a.method},
                                {"raters", a.raters},
                                {"items", a.items},
                                {"percent_agreement", a.observed * 100},
                                {"expected_agreement", a.expected},
                                {"kappa", kappa},
                                {"table", a.table}};
    if (settled_only) j["settled_only"] = true;
    PrintResult(g, Dump(j));
  } else {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "%s: %lld works rated by %lld reviewers: %.1f%% agreement, %s kappa %.3f",
                  stage.c_str(), static_cast<long long>(a.items), static_cast<long long>(a.raters),
                  a.observed * 100, a.method == "cohen" ? "Cohen's" : "Fleiss'", a.kappa);
    std::string text = buf;
    if (a.items == 0) text = stage + ": no work rated by two or more reviewers yet";
    if (settled_only) {
      text += " (blind review: over settled works only; a lead sees all with --reviewer LEAD)";
    }
    PrintResult(g, text);
  }
  return core::Status::Ok();
}

}  // namespace app

namespace app {

core::Status CmdFulltext(const GlobalFlags& g, const std::string& db, const std::string& work_ref,
                         const std::string& found, bool not_found, const std::string& actor) {
  if (found.empty() == !not_found) {
    return core::Status::Usage("give exactly one of --found PATH|URL or --not-found");
  }
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(Open(db, &review));
  int64_t work = 0;
  WINNOW_RETURN_IF_ERROR(ResolveWork(*review, work_ref, &work));
  WINNOW_RETURN_IF_ERROR(
      SetFulltext(*review, work, !not_found, found, actor.empty() ? "winnow" : actor));
  PrintResult(g, g.json
                     ? Dump({{"work_id", work}, {"found", !not_found}, {"location", found}})
                     : "work " + std::to_string(work) +
                           (not_found ? ": full text not retrieved" : ": full text at " + found));
  return core::Status::Ok();
}

core::Status CmdStudyLink(const GlobalFlags& g, const std::string& db, const std::string& a,
                          const std::string& b, bool link, const std::string& actor) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(Open(db, &review));
  int64_t wa = 0, wb = 0;
  WINNOW_RETURN_IF_ERROR(ResolveWork(*review, a, &wa));
  WINNOW_RETURN_IF_ERROR(ResolveWork(*review, b, &wb));
  if (wa == wb) return core::Status::InvalidInput("a work is one study with itself already");
  WINNOW_RETURN_IF_ERROR(review->Begin());
  core::Status st = review->AddStudyLink(wa, wb, link, actor.empty() ? "winnow" : actor);
  if (st.ok()) st = review->Commit();
  if (!st.ok()) {
    review->Rollback();
    return st;
  }
  std::vector<int64_t> study;
  WINNOW_RETURN_IF_ERROR(StudiesOf(*review, {wa, wb}, &study));
  bool same = study[0] == study[1];
  PrintResult(g, g.json ? Dump({{"work_a", wa}, {"work_b", wb}, {"same_study", same}})
                        : "works " + std::to_string(wa) + " and " + std::to_string(wb) +
                              (same ? " are reports of one study" : " are different studies"));
  return core::Status::Ok();
}

core::Status CmdStudyList(const GlobalFlags& g, const std::string& db) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(Open(db, &review));
  std::map<int64_t, std::string> statuses;
  WINNOW_RETURN_IF_ERROR(review->WorkStatuses(&statuses));
  std::vector<int64_t> works;
  for (const auto& [w, s] : statuses) works.push_back(w);
  std::vector<int64_t> study;
  WINNOW_RETURN_IF_ERROR(StudiesOf(*review, works, &study));
  std::map<int64_t, std::vector<int64_t>> groups;
  for (size_t i = 0; i < works.size(); ++i) groups[study[i]].push_back(works[i]);
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  std::string text;
  for (const auto& [s, members] : groups) {
    if (members.size() < 2) continue;
    arr.push_back({{"study", s}, {"works", members}});
    text += (text.empty() ? "" : "\n") + std::string("study ") + std::to_string(s) + ":";
    for (int64_t m : members) text += " " + std::to_string(m) + " (" + statuses[m] + ")";
  }
  PrintResult(g, g.json ? Dump(arr) : (text.empty() ? "every work is a study of its own" : text));
  return core::Status::Ok();
}

}  // namespace app
