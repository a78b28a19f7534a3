// exporter::CsvWriter — prints items as RFC 4180 CSV: UTF-8 without BOM, CRLF
// line endings, a header row, one row per item. A field is quoted when it
// holds a comma, a double quote, CR or LF; quotes inside are doubled and line
// breaks inside a quoted field are kept. Columns:
//   work_id,record_id,source,source_id,status,pmid,pmcid,doi,title,abstract,
//   authors,journal,journal_abbrev,issn,year,volume,issue,pages,language,
//   publication_types,mesh,keywords,registrations
// Multi-valued columns are joined with "; "; authors as FormatAuthorName;
// mesh holds descriptor names; year is empty when unknown. Invalid UTF-8 is
// printed as U+FFFD. Writes to a caller-owned stream; not thread-safe.
#ifndef WINNOW_EXPORT_CSV_WRITER_H_
#define WINNOW_EXPORT_CSV_WRITER_H_

#include <ostream>
#include <string>
#include <utility>
#include <vector>
#include <string_view>

#include "export/writer.h"

namespace exporter {

class CsvWriter : public RecordWriter {
 public:
  explicit CsvWriter(std::ostream& out, std::vector<std::string> extra_columns = {})
      : out_(out), extra_columns_(std::move(extra_columns)) {}

  // Prints the header row.
  void Begin() override;
  void Write(const ExportItem& item) override;
  // Flushes; prints nothing.
  void Finish() override;

 private:
  std::ostream& out_;
  std::vector<std::string> extra_columns_;  // printed after the standard columns
};

// One CSV field: returned as is, or quoted with inner quotes doubled when it
// holds a comma, a double quote, CR or LF.
std::string CsvField(std::string_view value);

// "Family, Given" for a person (the initials when given is empty, just the
// family name when both are), the name for a collective author. Shared by
// the CSV and RIS writers.
std::string FormatAuthorName(const core::Author& author);

}  // namespace exporter

#endif  // WINNOW_EXPORT_CSV_WRITER_H_
