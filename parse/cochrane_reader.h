// parse::CochraneReader — reads the Cochrane Library's plain-text citation
// export (CENTRAL trials, Cochrane Reviews) one record at a time:
//
//   Record #1 of 12
//   ID: CN-01234567
//   AU: Smith J
//   TI: ...
//   SO: Journal of ...        YR: 2019   VL: 12   NO: 3   PG: 123-130
//   PM: PUBMED 12345678       XR: EMBASE 612345678
//
// Every "Record #N of M" line starts a record. Exports without those lines
// start each record with its tag block after a blank line (or at a second
// "ID:" line). A line that is not a known tag continues the field above it.
// Lines before the first record are skipped (see TaggedRecordReader). Not
// thread-safe; one reader per file.
#ifndef WINNOW_PARSE_COCHRANE_READER_H_
#define WINNOW_PARSE_COCHRANE_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/status.h"
#include "parse/tagged_record.h"

namespace parse {

// True when `head` (the first 64 KiB of a file as UTF-8) is Cochrane plain
// text: a "Record #N of M" line followed by a Cochrane tag line ("ID: ...",
// "AU: ..."), or a first line "ID: ..." followed by other Cochrane tags. The
// Cochrane Library's BibTeX and RIS exports carry the same "Record #" lines
// but not the tags, and are not claimed.
bool LooksLikeCochrane(std::string_view head);

// True when `head` is a Cochrane Library "Search Manager" strategy export
// ("Search Name:", "Date Run:", then "ID<TAB>Search<TAB>Hits" lines): a
// search history, not records.
bool LooksLikeCochraneStrategy(std::string_view head);

// Field mapping (tag -> core::Record): source "cochrane"; ID -> source_id
// (the CN-/CD number); AU authors (group names like "CORE Study Group" ->
// collective); TI title; SO journal; YR year; VL volume; NO issue; PG pages;
// DOI doi; AB abstract; PT publication_types (";"-separated) and kind;
// KY keywords (";"-separated, as given); IS/SN issn; LA language; US: PMID,
// PMCID or doi from the link. PM/EM/XR identifiers: "PUBMED n" -> pmid,
// "EMBASE n" -> other_ids "embase:n", other "DB n" -> other_ids "db:n"
// (registry numbers among them also go to registrations). CC (review group
// codes) is not mapped.
class CochraneReader : public TaggedRecordReader {
 public:
  // Reads `path`; `display_name` names it in locators and errors (the path
  // when empty). Never fails here: a file that cannot be opened makes the
  // first Next() return false with status() saying why.
  explicit CochraneReader(std::string path, std::string display_name = "");

  // Next() (see TaggedRecordReader) is also InvalidInput "NAME:LINE: ..."
  // for a Search Manager strategy export and when a "Record #" line is
  // followed by something other than Cochrane tags (a BibTeX or RIS export).

 private:
  bool StartsRecord(std::string_view line) override;
  bool StartsNextRecord(std::string_view line) override;
  core::Status CheckSkippedLine(std::string_view line) override;
  core::Status CheckRecord(const std::vector<std::string>& record, uint64_t start) override;
  void FillRecord(const std::vector<std::string>& record, core::Record* rec) override;

  bool headed_ = false;      // the record starts at a "Record #" line
  bool has_id_ = false;      // the record has an ID line so far
  bool prev_blank_ = false;  // the line before was blank
};

}  // namespace parse

#endif  // WINNOW_PARSE_COCHRANE_READER_H_
