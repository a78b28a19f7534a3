// exporter::prisma — the PRISMA 2020 flow diagram from counts the store
// computed: JSON with the field names of the PRISMA2020 R package template
// (inst/extdata/PRISMA.csv), that template's CSV layout (data, node, box,
// description, boxtext, tooltips, url, n) so the file loads straight into the
// package and its Shiny app, and an SVG of the official layout. Pure
// functions; nothing here counts anything.
#ifndef WINNOW_EXPORT_PRISMA_H_
#define WINNOW_EXPORT_PRISMA_H_

#include <cstdint>
#include <string>
#include <vector>

namespace exporter {

// A labelled count: a database or register with its records, an exclusion
// reason with its reports, a rule with its works.
struct PrismaCount {
  std::string label;
  int64_t n = 0;
};

// Every box of the PRISMA 2020 flow for new systematic reviews (with the
// optional "previous studies" and "other methods" columns).
struct PrismaFlow {
  // Identification: databases and registers.
  int64_t database_results = 0;
  std::vector<PrismaCount> database_specific_results;  // per database
  int64_t register_results = 0;
  std::vector<PrismaCount> register_specific_results;  // per register
  int64_t duplicates = 0;                              // records removed as duplicates
  int64_t excluded_automatic = 0;                      // marked ineligible by automation tools
  std::vector<PrismaCount> excluded_automatic_by_rule;
  int64_t excluded_other = 0;                          // removed for other reasons
  // Screening.
  int64_t records_screened = 0;
  int64_t records_excluded = 0;
  int64_t dbr_sought_reports = 0;
  int64_t dbr_notretrieved_reports = 0;
  int64_t dbr_assessed = 0;
  int64_t dbr_excluded = 0;
  std::vector<PrismaCount> dbr_excluded_reasons;       // reason -> reports
  // Identification via other methods (shown when has_other_methods).
  bool has_other_methods = false;
  int64_t website_results = 0;
  int64_t organisation_results = 0;
  int64_t citations_results = 0;
  int64_t other_sought_reports = 0;
  int64_t other_notretrieved_reports = 0;
  int64_t other_assessed = 0;
  int64_t other_excluded = 0;
  std::vector<PrismaCount> other_excluded_reasons;
  // Included.
  int64_t new_studies = 0;
  int64_t new_reports = 0;
  // Previous version of the review (shown when has_previous).
  bool has_previous = false;
  int64_t previous_studies = 0;
  int64_t previous_reports = 0;
  int64_t total_studies = 0;
  int64_t total_reports = 0;
};

// The arithmetic a PRISMA flow must satisfy, as sentences naming the boxes
// and numbers that disagree (empty when it holds): records identified minus
// duplicates and automatic/other removals equals records screened; screened
// minus excluded equals reports sought; sought minus not retrieved equals
// assessed; assessed minus excluded equals new reports; the reasons add up
// to the excluded reports; per-database counts add up to database_results;
// totals equal new plus previous; and so on for the other-methods column.
std::vector<std::string> PrismaInconsistencies(const PrismaFlow& flow);

// One JSON object with the PRISMA2020 template's field names
// (database_results, database_specific_results as [{"label","n"}], ...).
std::string PrismaJson(const PrismaFlow& flow);

// The PRISMA2020 R package template CSV (header
// data,node,box,description,boxtext,tooltips,url,n), one row per field of the
// template, in its order, with this flow's numbers; per-database and
// per-reason lists in the template's "Name, n; Name, n" form.
std::string PrismaCsv(const PrismaFlow& flow);

// A self-contained SVG of the PRISMA 2020 flow diagram (identification,
// screening, included; the databases/registers column and, when present, the
// other-methods and previous-studies columns) with every count, per-database
// counts and exclusion reasons, readable in a browser and printable on A4.
std::string PrismaSvg(const PrismaFlow& flow, const std::string& title);

}  // namespace exporter

#endif  // WINNOW_EXPORT_PRISMA_H_
