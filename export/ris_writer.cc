#include "export/ris_writer.h"

#include <set>
#include <string>

#include "core/normalize.h"
#include "export/csv_writer.h"

namespace exporter {

std::string RisType(const std::string& kind) {
  if (kind == "book") return "BOOK";
  if (kind == "book-chapter") return "CHAP";
  if (kind == "conference-paper") return "CPAPER";
  if (kind == "thesis") return "THES";
  if (kind == "report") return "RPRT";
  if (kind == "dataset") return "DATA";
  // RIS has no type for a trial registration; GEN ("Generic") keeps reference
  // managers from filing a register entry as a journal article.
  if (kind == "other" || kind == "trial-registration") return "GEN";
  return "JOUR";
}

void RisWriter::Begin() {}

void RisWriter::Line(const char* tag, const std::string& value) {
  std::string clean = core::CollapseSpace(value);
  if (clean.empty()) return;
  out_ << tag << "  - " << clean << "\r\n";
}

void RisWriter::Write(const ExportItem& item) {
  const core::Record& r = item.record;
  Line("TY", RisType(r.kind));
  Line("TI", r.title);
  Line("T2", r.journal);
  Line("J2", r.journal_abbrev);
  for (const core::Author& a : r.authors) Line("AU", FormatAuthorName(a));
  if (r.year != 0) Line("PY", std::to_string(r.year));
  Line("VL", r.volume);
  Line("IS", r.issue);
  size_t dash = r.pages.find('-');
  Line("SP", r.pages.substr(0, dash));
  if (dash != std::string::npos) Line("EP", r.pages.substr(dash + 1));
  Line("AB", r.abstract);
  Line("DO", r.doi);
  for (const std::string& issn : r.issn) Line("SN", issn);
  for (const std::string& lang : r.language) Line("LA", lang);
  for (const std::string& type : r.publication_types) Line("M3", type);
  WriteSubjects(r);
  WriteSource(item);
  out_ << "ER  - \r\n\r\n";
}

// KW lines: keywords, then MeSH descriptors that are not also keywords.
void RisWriter::WriteSubjects(const core::Record& record) {
  std::set<std::string> seen;
  for (const std::string& kw : record.keywords) {
    if (seen.insert(kw).second) Line("KW", kw);
  }
  for (const core::MeshHeading& m : record.mesh) {
    if (seen.insert(m.descriptor).second) Line("KW", m.descriptor);
  }
}

// AN (the source's accession), UR (the PubMed page), C2 (PMCID), ID, DB and
// N1: where the record came from and its place in the review.
void RisWriter::WriteSource(const ExportItem& item) {
  const core::Record& r = item.record;
  Line("AN", r.source_id.empty() ? r.pmid : r.source_id);
  if (!r.pmid.empty()) Line("UR", "https://pubmed.ncbi.nlm.nih.gov/" + r.pmid + "/");
  Line("C2", r.pmcid);
  if (item.record_id != 0) Line("ID", std::to_string(item.record_id));
  Line("DB", r.source);
  std::string note = "winnow work " + std::to_string(item.work_id);
  if (!item.status.empty()) note += ", status " + item.status;
  Line("N1", note);
  for (const std::string& n : item.notes) Line("N1", n);
}

void RisWriter::Finish() { out_.flush(); }

}  // namespace exporter
