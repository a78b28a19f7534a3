#include "app/prisma.h"

#include <map>
#include <set>

#include "app/screening.h"

namespace app {

core::Status ComputePrisma(store::Store& review, exporter::PrismaFlow* flow,
                           std::vector<std::string>* problems) {
  *flow = exporter::PrismaFlow{};
  problems->clear();
  std::vector<store::Store::SourceCount> sources;
  WINNOW_RETURN_IF_ERROR(review.SourceRecordCounts(&sources));
  int64_t identified = 0;
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
  identified = flow->database_results + flow->register_results;
  int64_t works = 0;
  WINNOW_RETURN_IF_ERROR(review.WorksFromSourceKinds({"database", "register"}, &works));
  flow->duplicates = identified - works;

  std::vector<store::RuleCount> rules;
  WINNOW_RETURN_IF_ERROR(review.RuleExclusionCounts(&rules));
  for (const store::RuleCount& r : rules) {
    flow->excluded_automatic_by_rule.push_back({r.rule + " (" + r.reason + ")", r.works});
  }
  // Works found only through other methods (citation searching, websites,
  // organisations) go down the other column: PRISMA 2020 does not screen
  // their records, it counts the reports sought from them.
  std::set<int64_t> other;
  WINNOW_RETURN_IF_ERROR(review.OtherMethodsWorks(&other));
  std::map<int64_t, std::string> all_statuses;
  WINNOW_RETURN_IF_ERROR(review.WorkStatuses(&all_statuses));
  std::map<std::string, int64_t> status, other_status;
  for (const auto& [work, st] : all_statuses) ++(other.count(work) ? other_status : status)[st];
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

  // Reasons of the full-text exclusions: a lead's resolution, else the
  // reviewers' agreed reason.
  ScreeningSettings settings;
  WINNOW_RETURN_IF_ERROR(LoadSettings(review, &settings));
  std::map<int64_t, std::string> statuses;
  WINNOW_RETURN_IF_ERROR(review.WorkStatuses(&statuses));
  // Studies: included reports of one trial count once.
  std::vector<int64_t> included;
  for (const auto& [work, st] : statuses) {
    if (st == "included") included.push_back(work);
  }
  std::vector<int64_t> study_of;
  WINNOW_RETURN_IF_ERROR(StudiesOf(review, included, &study_of));
  flow->new_studies = static_cast<int64_t>(std::set<int64_t>(study_of.begin(), study_of.end()).size());
  flow->total_studies = flow->new_studies;
  flow->total_reports = flow->new_reports;
  std::map<std::string, int64_t> reasons;
  std::map<std::string, int64_t> other_reasons;
  for (const auto& [work, st] : statuses) {
    if (st != "excluded_ft") continue;
    WorkOutcome o;
    WINNOW_RETURN_IF_ERROR(OutcomeOf(review, settings, work, "ft", &o));
    std::string reason;
    if (o.resolved) {
      std::map<int64_t, store::Resolution> res;
      WINNOW_RETURN_IF_ERROR(review.LatestResolutions("ft", &res));
      reason = res[work].reason;
    } else if (!o.decisions.empty()) {
      reason = o.decisions[0].reason;
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
  std::vector<std::string> arithmetic = exporter::PrismaInconsistencies(*flow);
  problems->insert(problems->end(), arithmetic.begin(), arithmetic.end());
  return core::Status::Ok();
}

}  // namespace app
