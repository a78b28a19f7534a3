// parse::CsvReader — reads delimited exports of bibliographic records (CSV,
// semicolon- or tab-separated): Scopus, PubMed's legacy "CSV" (Title, URL,
// Description, Details, ...), Web of Science tab-delimited, ASReview, Rayyan,
// Covidence, Zotero, synthesisr/revtools and hand-made sheets. It streams: one
// row in memory at a time. Not thread-safe; one reader per file.
//
// The text (RFC 4180, read leniently):
//  - The first non-blank line is the header (an Excel "sep=;" line before it
//    names the separator). Otherwise the separator is ',', ';' or TAB, the one
//    that splits the header into the most recognised column names (then the
//    most columns; ',' on a tie).
//  - Fields may be quoted; "" inside quotes is one quote; a quoted field may
//    span lines (its line breaks are kept as '\n'; the record's locator is the
//    line where it starts). Spaces before an opening quote are dropped; a quote
//    inside an unquoted field is kept as text. Line ends LF, CRLF or CR, a
//    UTF-8 BOM and Latin-1 lines are handled by LineReader.
//  - A row with fewer fields than the header has the missing ones empty. A
//    row with more is InvalidInput naming its line and the expected count,
//    unless the extra fields are all blank (trailing separators, as PubMed's
//    legacy CSV writes on every row): those are ignored.
//  - A row whose fields are all blank is not a record. Every other row is one
//    record, even when nothing useful is in it.
//
// Columns are recognised by name, case and punctuation ignored ("Art. No." =
// "art no"): see kAliases in csv_columns.cc, RIS tags (TI, AU, PY, ...) too.
// Where several columns give one single-valued field the first non-blank one
// (in header order) wins; list fields (keywords, issn, ...) take them all.
//  - authors: a list split at ';' ("Smith, J.; Jones, K."), or at ','
//    when every part is "Family Initials" or "Initials Family" ("Smith J,
//    Jones K" — PubMed, old Scopus "Gao X., Ni W.", Publish or Perish "J
//    Smith, K Jones"), or at " and " (BibTeX style). Scopus "Author full
//    names" ("Gao, Xiang (57207929231)") is preferred when present. Names
//    with words like Group/Consortium/Committee become `collective`.
//  - year: a year column, else a date column (core::YearFromDate).
//  - pages: a pages column, else start[-end], else the article number.
//  - source_id: a "source_id" column, else the database's own id (Scopus
//    EID, also other_ids "scopus:EID"; WoS UT; PubMed EntrezUID), else the
//    file's id column (id, record_id, key, accession number, ...).
//  - source: CanonicalDatabase of a Source/DB/Database column (Scopus writes
//    "Scopus" beside its journal column "Source title"). A "Source" column is
//    the journal when no other column is (Publish or Perish); values over 60
//    characters or with ';' are citations, not database names, and ignored.
//  - kind: from the first publication type (Document Type, Item Type, TY...).
//  - PubMed legacy: Description is the author list, Details
//    ("J Sleep Res. 2019 Jul;28(4):e12876. doi: 10.1111/jsr.12876. Review.")
//    gives journal (the abbreviation, stored as both journal and
//    journal_abbrev, as it is the only name the file gives), year, volume,
//    issue, pages, doi, "pii:" id, "Review" and language; Identifiers gives
//    pmid/pmcid; EntrezUID is the source_id (and pmid when Db is pubmed).
//
// Errors (status() InvalidInput "NAME:LINE: ..."): an empty file; a header
// with no column recognised as title, abstract or an identifier and no --map
// naming one; a --map column missing from the header or an unknown field; a
// quoted field never closed (naming the line where it opened); a row with
// extra non-blank fields; a row longer than 64 MiB.
#ifndef WINNOW_PARSE_CSV_READER_H_
#define WINNOW_PARSE_CSV_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/record.h"
#include "core/status.h"
#include "parse/line_record_reader.h"

namespace parse {

struct CsvReaderOptions {
  // --map COLUMN=FIELD pairs: the column named COLUMN in the header (case
  // ignored; then punctuation and spaces ignored too) is read as FIELD, one of
  // CsvMapFields(); "ignore" drops the column. A mapped column overrides the
  // automatic recognition of that column. Default: none.
  std::vector<std::pair<std::string, std::string>> map;
};

// The FIELD names a --map entry may use: title, abstract, authors, year,
// journal, journal_abbrev, volume, issue, pages, start_page, end_page, doi,
// pmid, pmcid, id, keywords, mesh, issn, language, publication_types, source,
// ignore.
const std::vector<std::string>& CsvMapFields();

// Parses one --map entry "COLUMN=FIELD" (split at the last '=', both sides
// trimmed, FIELD lower-cased) into *out. InvalidInput when there is no '=',
// COLUMN is empty, or FIELD is not one of CsvMapFields() (the message lists
// them).
core::Status ParseCsvMapEntry(std::string_view entry, std::pair<std::string, std::string>* out);

// True when `head` (the first 64 KiB, UTF-8) starts with a header row that
// splits into at least two columns, at least two of them recognised, one of
// them a title, abstract or identifier column.
bool LooksLikeCsv(std::string_view head);

enum class CsvColumn : uint8_t;  // what a column holds (csv_columns.h)
enum class CsvLayout : uint8_t;  // generic, PubMed legacy or WoS tab-delimited

class CsvReader : public LineRecordReader {
 public:
  // Reads `path`; `display_name` names the file in locators and errors (the
  // path when empty). Never fails here: a missing file or a bad header or
  // --map makes the first Next() return false with status() saying why.
  explicit CsvReader(std::string path, std::string display_name = "",
                     CsvReaderOptions options = {});
  ~CsvReader() override;

  // See RecordReader. Each record's format is "csv", its locator "NAME:LINE".
  bool Next(core::Record* rec) override;

  // The separator in use (',', ';' or '\t'); 0 before the first Next().
  char separator() const { return sep_; }
  // The header's column names, as in the file (empty before the first Next()).
  const std::vector<std::string>& header() const { return header_; }
  // The fields of the row the last successful Next() read, as in the file
  // (for columns that are not record fields, such as screening labels).
  const std::vector<std::string>& fields() const { return fields_; }

 private:
  struct Row {
    std::vector<std::string> fields;
    std::string raw;
    uint64_t line = 0;
  };

  bool Start();
  bool ReadHeaderLine(std::string* line);
  bool ReadRow(Row* row);
  bool MapColumns(uint64_t header_line);
  bool CheckWidth(const Row& row);

  CsvReaderOptions options_;
  bool started_ = false;  // the header has been read
  char sep_ = 0;
  CsvLayout layout_{};
  std::vector<std::string> header_;
  std::vector<CsvColumn> columns_;
  std::vector<std::string> fields_;  // of the last row read
};

}  // namespace parse

#endif  // WINNOW_PARSE_CSV_READER_H_
