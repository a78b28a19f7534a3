// `winnow export --set included` as CSV or JSON: one row per included study
// with its reports, the citation fields, and empty extraction columns for
// the usual meta-analysis inputs, so the file can be filled in and read by R
// (metafor) or RevMan.
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/included_export.h"
#include "app/screening.h"
#include "export/csv_writer.h"
#include "screen/canonical.h"

namespace app {
namespace {

// Extraction columns, left empty for the reviewers to fill in.
const char* const kExtraction[] = {"n_intervention",    "n_control",        "outcome",
                                   "effect_measure",    "mean_intervention", "sd_intervention",
                                   "mean_control",      "sd_control",       "events_intervention",
                                   "events_control",    "notes"};

struct Report {
  int64_t work_id = 0;
  core::Record record;
};

core::Status LoadReport(store::Store& review, int64_t work, Report* out) {
  std::vector<int64_t> members;
  WINNOW_RETURN_IF_ERROR(review.WorkMembers(work, &members));
  std::vector<core::Record> records;
  for (int64_t id : members) {
    store::RecordRow row;
    WINNOW_RETURN_IF_ERROR(review.LoadRecordRow(id, &row));
    if (!row.record.deleted) records.push_back(std::move(row.record));
  }
  out->work_id = work;
  if (!records.empty()) out->record = screen::CanonicalRecord(records);
  return core::Status::Ok();
}

std::string FirstAuthor(const core::Record& r) {
  if (r.authors.empty()) return "";
  const core::Author& a = r.authors[0];
  std::string name = a.collective.empty() ? a.family + (a.initials.empty() ? "" : " " + a.initials)
                                          : a.collective;
  return r.authors.size() > 1 ? name + " et al." : name;
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

}  // namespace

core::Status WriteIncludedStudies(store::Store& review, bool json, std::ostream& out, int64_t* rows) {
  std::map<int64_t, std::string> statuses;
  WINNOW_RETURN_IF_ERROR(review.WorkStatuses(&statuses));
  std::vector<int64_t> included;
  for (const auto& [w, s] : statuses) {
    if (s == "included") included.push_back(w);
  }
  std::vector<int64_t> study_of;
  WINNOW_RETURN_IF_ERROR(StudiesOf(review, included, &study_of));
  std::map<int64_t, std::vector<Report>> studies;
  for (size_t i = 0; i < included.size(); ++i) {
    Report r;
    WINNOW_RETURN_IF_ERROR(LoadReport(review, included[i], &r));
    studies[study_of[i]].push_back(std::move(r));
  }
  *rows = static_cast<int64_t>(studies.size());
  if (json) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& [study, reports] : studies) {
      nlohmann::ordered_json j;
      j["study_id"] = study;
      std::set<std::string> regs;
      j["reports"] = nlohmann::ordered_json::array();
      for (const Report& r : reports) {
        const core::Record& c = r.record;
        nlohmann::ordered_json rj = {{"work_id", r.work_id}, {"title", c.title}};
        if (!c.authors.empty()) rj["first_author"] = FirstAuthor(c);
        if (c.year) rj["year"] = c.year;
        rj["journal"] = c.journal.empty() ? c.journal_abbrev : c.journal;
        if (!c.volume.empty()) rj["volume"] = c.volume;
        if (!c.pages.empty()) rj["pages"] = c.pages;
        if (!c.doi.empty()) rj["doi"] = c.doi;
        if (!c.pmid.empty()) rj["pmid"] = c.pmid;
        j["reports"].push_back(rj);
        regs.insert(c.registrations.begin(), c.registrations.end());
      }
      j["registrations"] = std::vector<std::string>(regs.begin(), regs.end());
      nlohmann::ordered_json extraction = nlohmann::ordered_json::object();
      for (const char* col : kExtraction) extraction[col] = nullptr;
      j["extraction"] = extraction;
      arr.push_back(j);
    }
    out << arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return core::Status::Ok();
  }
  out << "study_id,work_ids,first_author,year,title,journal,volume,pages,doi,pmid,registrations";
  for (const char* col : kExtraction) out << "," << col;
  out << "\r\n";
  for (const auto& [study, reports] : studies) {
    // The study's main report: the first included; the others are listed.
    const core::Record& c = reports[0].record;
    std::vector<std::string> works, dois, pmids;
    std::set<std::string> regs;
    for (const Report& r : reports) {
      works.push_back(std::to_string(r.work_id));
      if (!r.record.doi.empty()) dois.push_back(r.record.doi);
      if (!r.record.pmid.empty()) pmids.push_back(r.record.pmid);
      regs.insert(r.record.registrations.begin(), r.record.registrations.end());
    }
    std::vector<std::string> cells = {std::to_string(study), Join(works, ";"), FirstAuthor(c),
                                      c.year ? std::to_string(c.year) : "", c.title,
                                      c.journal.empty() ? c.journal_abbrev : c.journal, c.volume,
                                      c.pages, Join(dois, ";"), Join(pmids, ";"),
                                      Join(std::vector<std::string>(regs.begin(), regs.end()), ";")};
    for (size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << exporter::CsvField(cells[i]);
    for (size_t i = 0; i < std::size(kExtraction); ++i) out << ",";
    out << "\r\n";
  }
  return core::Status::Ok();
}

}  // namespace app
