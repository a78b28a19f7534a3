#include "export/csv_writer.h"

#include <string>
#include <vector>

#include "core/normalize.h"

namespace exporter {
namespace {

constexpr const char* kHeader =
    "work_id,record_id,source,source_id,status,pmid,pmcid,doi,title,abstract,"
    "authors,journal,journal_abbrev,issn,year,volume,issue,pages,language,"
    "publication_types,mesh,keywords,registrations";

std::string JoinValues(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += "; ";
    out += v;
  }
  return out;
}

std::string AuthorList(const std::vector<core::Author>& authors) {
  std::vector<std::string> names;
  names.reserve(authors.size());
  for (const core::Author& a : authors) names.push_back(FormatAuthorName(a));
  return JoinValues(names);
}

// The row's values in header order, before quoting.
std::vector<std::string> RowValues(const ExportItem& item) {
  const core::Record& r = item.record;
  return {std::to_string(item.work_id),
          std::to_string(item.record_id),
          r.source,
          r.source_id,
          item.status,
          r.pmid,
          r.pmcid,
          r.doi,
          r.title,
          r.abstract,
          AuthorList(r.authors),
          r.journal,
          r.journal_abbrev,
          JoinValues(r.issn),
          r.year != 0 ? std::to_string(r.year) : "",
          r.volume,
          r.issue,
          r.pages,
          JoinValues(r.language),
          JoinValues(r.publication_types),
          JoinValues(r.MeshDescriptors()),
          JoinValues(r.keywords),
          JoinValues(r.registrations)};
}

}  // namespace

std::string CsvField(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(value);
  }
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string FormatAuthorName(const core::Author& author) {
  if (!author.collective.empty()) return author.collective;
  const std::string& given =
      author.given.empty() ? author.initials : author.given;
  if (author.family.empty()) return given;
  if (given.empty()) return author.family;
  return author.family + ", " + given;
}

void CsvWriter::Begin() {
  out_ << kHeader;
  for (const std::string& column : extra_columns_) out_ << ',' << CsvField(column);
  out_ << "\r\n";
}

void CsvWriter::Write(const ExportItem& item) {
  bool first = true;
  for (const std::string& value : RowValues(item)) {
    if (!first) out_ << ',';
    first = false;
    out_ << CsvField(core::SanitizeUtf8(value));
  }
  for (size_t i = 0; i < extra_columns_.size(); ++i) {
    out_ << ',';
    if (i < item.extra.size()) out_ << CsvField(core::SanitizeUtf8(item.extra[i]));
  }
  out_ << "\r\n";
}

void CsvWriter::Finish() { out_.flush(); }

}  // namespace exporter
