#include "app/prisma.h"

#include <map>
#include <set>

#include "app/screening.h"

namespace app {

core::Status ComputePrisma(store::Store& review, exporter::PrismaFlow* flow,
                           std::vector<std::string>* problems, const std::string& since) {
  *flow = exporter::PrismaFlow{};
  problems->clear();
  // An update of a living review counts what arrived at or after `since`;
  // the previous version is what was included before it.
  flow->has_previous = !since.empty();
  std::vector<store::Store::SourceCount> sources;
  WINNOW_RETURN_IF_ERROR(review.SourceRecordCounts(&sources, since));
  for (const auto& s : sources) {
    if (s.kind == "register") {
      flow->register_results += s.records;
      flow->register_specific_results.push_back({s.source, s.records});
    } else if (s.kind == "database") {
      flow->database_results += s.records;
      flow->database_specific_results.push_back({s.source, s.records});
    } else if (s.kind == "website") {
      flow->has_other_methods = true;
      flow->website_results += s.records;
    } else if (s.kind == "organisation") {
      flow->has_other_methods = true;
      flow->organisation_results += s.records;
    } else {
      flow->has_other_methods = true;
      flow->citations_results += s.records;
    }
  }
  int64_t identified = flow->database_results + flow->register_results;

  // The works of this flow: every live work, or for an update those whose
  // first record arrived at or after `since` (a new record that joined an
  // older work is a duplicate removed).
  std::map<int64_t, std::string> first_seen;
  if (!since.empty()) WINNOW_RETURN_IF_ERROR(review.WorkFirstSeen(&first_seen));
  auto in_flow = [&](int64_t work) {
    if (since.empty()) return true;
    auto it = first_seen.find(work);
    return it != first_seen.end() && it->second >= since;
  };
  // Works found only through other methods (citation searching, websites,
  // organisations) go down the other column: PRISMA 2020 does not screen
  // their records, it counts the reports sought from them.
  std::set<int64_t> other;
  WINNOW_RETURN_IF_ERROR(review.OtherMethodsWorks(&other));
  std::map<int64_t, std::string> statuses;
  WINNOW_RETURN_IF_ERROR(review.WorkStatuses(&statuses));
  std::map<std::string, int64_t> status, other_status;
  int64_t works = 0;  // of databases and registers
  for (const auto& [work, st] : statuses) {
    if (!in_flow(work)) continue;
    if (!other.count(work)) ++works;
    ++(other.count(work) ? other_status : status)[st];
  }
  flow->duplicates = identified - works;

  std::vector<store::RuleCount> rules;
  WINNOW_RETURN_IF_ERROR(review.RuleExclusionCounts(&rules));
  if (since.empty()) {
    for (const store::RuleCount& r : rules) {
      flow->excluded_automatic_by_rule.push_back({r.rule + " (" + r.reason + ")", r.works});
    }
  } else {
    std::map<int64_t, std::string> rule_of;
    WINNOW_RETURN_IF_ERROR(review.RuleExclusionsByWork(&rule_of));
    std::map<std::string, int64_t> n;
    for (const auto& [work, rule] : rule_of) {
      if (in_flow(work) && !other.count(work)) ++n[rule];
    }
    for (const store::RuleCount& r : rules) {
      auto it = n.find(r.rule);
      if (it == n.end()) continue;
      flow->excluded_automatic_by_rule.push_back({r.rule + " (" + r.reason + ")", it->second});
      n.erase(it);  // a rule listed under two reasons counts once
    }
  }
  flow->excluded_automatic = status["excluded_automatic"];
  flow->records_screened = works - flow->excluded_automatic;
  flow->records_excluded = status["excluded_ta"];
  flow->dbr_sought_reports =
      status["ta_included"] + status["excluded_ft"] + status["included"] + status["not_retrieved"];
  flow->dbr_notretrieved_reports = status["not_retrieved"];
  flow->dbr_assessed = flow->dbr_sought_reports - flow->dbr_notretrieved_reports;
  flow->dbr_excluded = status["excluded_ft"];
  flow->new_reports = status["included"] + other_status["included"];
  if (flow->has_other_methods) {
    flow->other_sought_reports = other_status["ta_included"] + other_status["excluded_ft"] +
                                 other_status["included"] + other_status["not_retrieved"];
    flow->other_notretrieved_reports = other_status["not_retrieved"];
    flow->other_assessed = flow->other_sought_reports - flow->other_notretrieved_reports;
    flow->other_excluded = other_status["excluded_ft"];
  }

  // Studies: included reports of one trial count once. For an update, the
  // previous version's included works (their status before `since`, from the
  // audit log) are grouped together with the new ones, so that a new report
  // of a study already included adds a report, not a study.
  std::map<int64_t, std::string> before;
  if (!since.empty()) WINNOW_RETURN_IF_ERROR(review.StatusesBefore(since, &before));
  std::vector<int64_t> included;
  std::set<int64_t> previous;
  for (const auto& [work, st] : before) {
    if (st == "included") {
      previous.insert(work);
      included.push_back(work);
    }
  }
  for (const auto& [work, st] : statuses) {
    if (st == "included" && in_flow(work) && !previous.count(work)) included.push_back(work);
  }
  std::vector<int64_t> study_of;
  WINNOW_RETURN_IF_ERROR(StudiesOf(review, included, &study_of));
  std::set<int64_t> previous_studies, new_studies;
  for (size_t i = 0; i < included.size(); ++i) {
    if (previous.count(included[i])) previous_studies.insert(study_of[i]);
  }
  for (size_t i = 0; i < included.size(); ++i) {
    if (!previous.count(included[i]) && !previous_studies.count(study_of[i])) {
      new_studies.insert(study_of[i]);
    }
  }
  flow->previous_studies = static_cast<int64_t>(previous_studies.size());
  flow->previous_reports = static_cast<int64_t>(previous.size());
  flow->new_studies = static_cast<int64_t>(new_studies.size());
  flow->total_studies = flow->previous_studies + flow->new_studies;
  flow->total_reports = flow->previous_reports + flow->new_reports;

  // Reasons of the full-text exclusions: a lead's resolution, else the
  // reviewers' agreed reason.
  ScreeningSettings settings;
  WINNOW_RETURN_IF_ERROR(LoadSettings(review, &settings));
  std::map<int64_t, WorkOutcome> ft;
  WINNOW_RETURN_IF_ERROR(OutcomesAt(review, settings, "ft", &ft));
  std::map<int64_t, store::Resolution> resolutions;
  WINNOW_RETURN_IF_ERROR(review.LatestResolutions("ft", &resolutions));
  std::map<std::string, int64_t> reasons;
  std::map<std::string, int64_t> other_reasons;
  for (const auto& [work, st] : statuses) {
    if (st != "excluded_ft" || !in_flow(work)) continue;
    std::string reason;
    auto o = ft.find(work);
    if (o != ft.end() && o->second.resolved) {
      reason = resolutions[work].reason;
    } else if (o != ft.end() && !o->second.decisions.empty()) {
      reason = o->second.decisions[0].reason;
    }
    ++(other.count(work) ? other_reasons : reasons)[reason.empty() ? "No reason given" : reason];
  }
  for (const auto& [reason, n] : reasons) flow->dbr_excluded_reasons.push_back({reason, n});
  for (const auto& [reason, n] : other_reasons) flow->other_excluded_reasons.push_back({reason, n});

  // What keeps the diagram from being final.
  if (status["unscreened"] + other_status["unscreened"] > 0) {
    problems->push_back(std::to_string(status["unscreened"] + other_status["unscreened"]) +
                        " works are still unscreened or in conflict at title/abstract");
  }
  if (status["ta_included"] + other_status["ta_included"] > 0) {
    problems->push_back(std::to_string(status["ta_included"] + other_status["ta_included"]) +
                        " works passed title/abstract but have no full-text decision yet");
  }
  if (!since.empty()) {
    // Works stored before `since` but still being screened then belong to
    // neither the previous version's flow nor this one.
    int64_t open_then = 0;
    for (const auto& [work, st] : statuses) {
      if (in_flow(work)) continue;
      auto b = before.find(work);
      std::string then = b == before.end() ? "unscreened" : b->second;
      if (then == "unscreened" || then == "ta_included") ++open_then;
    }
    if (open_then > 0) {
      problems->push_back(std::to_string(open_then) + " works stored before " + since +
                          " were still being screened then: they are in neither the previous "
                          "version nor this update");
    }
  }
  std::vector<std::string> arithmetic = exporter::PrismaInconsistencies(*flow);
  problems->insert(problems->end(), arithmetic.begin(), arithmetic.end());
  return core::Status::Ok();
}

}  // namespace app
