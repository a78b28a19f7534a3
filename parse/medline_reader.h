// parse::MedlineReader — PubMed's "PubMed format" export: MEDLINE tagged text
// as the web site's "Save: PubMed format" and "Citation manager" (.nbib),
// efetch rettype=medline and the legacy "MEDLINE" display write it. Each
// line is a tag of up to four letters padded to four columns, "- " and a
// value ("PMID- 123", "TI  - ..."); continuation lines are indented by six
// spaces; records are separated by blank lines. parse::PmidListReader — the
// "PMID" export: one PMID per line.
// Both stream over a LineReader (one record in memory). Not thread-safe; one
// reader per file.
#ifndef WINNOW_PARSE_MEDLINE_READER_H_
#define WINNOW_PARSE_MEDLINE_READER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "parse/line_record_reader.h"
#include "parse/tagged_record.h"

namespace parse {

// True when `head` (the first 64 KiB of a file, UTF-8) is MEDLINE tagged
// text: a "PMID- <digits>" line, or only lines in the strict four-column tag
// layout including a tag RIS does not use (FAU, STAT, JT, MH, PT, ...). RIS
// ("TY  - ", "ER  - "), Ovid ("<1>", "VN  - ", "DB  - "), XML and Copac
// ("TI- ") are not.
bool LooksLikeMedline(std::string_view head);

// True when every non-blank line of `head` is a PMID (1-9 digits). In
// pmid_list_reader.cc.
bool LooksLikePmidList(std::string_view head);

// Field mapping (MEDLINE tag -> core::Record), where it is not obvious:
//  - a record starts at a PMID line, or at the first tag after blank lines;
//    text between records that is not a tag is skipped. Inside a record a
//    line that is neither a tag nor indented continues the previous field.
//    Tags are read leniently ("PMID-123", "TI-", lower case).
//  - source "pubmed", source_id = pmid (the leading digits of PMID).
//  - authors: FAU (full name) paired with the AU that follows it (its
//    initials); an AU without FAU is an author of its own; CN is a
//    collective author. AD and AUID ("ORCID: ...") belong to the author
//    before them; AD lines before the first author (pre-2014 records) go to
//    the first author, as the PubMed XML reader does. IR/FIR investigators
//    and ED/FED editors are not authors.
//  - title: TI lines joined; BTI makes a book (kind "book", title = BTI) or,
//    with a TI, a chapter (kind "book-chapter", journal = BTI). TT is the
//    vernacular title. Else kind "article".
//  - issn: IS print, then electronic, then untyped; linking only when none.
//  - doi/pmcid/other_ids: LID and AID "<id> [doi|pii|pmc|bookaccession]"
//    (the first DOI wins; an AID without [type] counts when it holds a
//    DOI); PMC; ISBN -> "isbn:...". LID e-locators ("e1234") are not pages.
//  - abstract: AB lines joined, a leading "UNLABELLED: " dropped (the XML
//    reader reads that label as none). OT/KW keywords lose a leading '*'.
//  - mesh: MH "Descriptor/qualifier/*qualifier", '*' marks major topics.
//  - PubMed's text is ASCII: "Jorg" and "+/-" where the XML has "Jörg", "±".
//  - relations: CIN, CON, EIN, EFR, RIN, ROF, UIN, UOF, ... with the PMID
//    after "PMID:" and the citation before it (an erratum's note stays in
//    the citation: the text joins RefSource and Note).
//  - date_revised: LR, else DCOM, else DA ("20200101" -> "2020-01-01").
//  - registrations: SI "ClinicalTrials.gov/NCT..." plus title/abstract.
class MedlineReader : public LineRecordReader {
 public:
  // Reads `path`; `display_name` names the file in locators and errors (the
  // path when empty). Never fails here: an unreadable file makes the first
  // Next() return false with status() saying why.
  explicit MedlineReader(std::string path, std::string display_name = "");

  // See RecordReader. A file with no MEDLINE tag at all is InvalidInput
  // "NAME:1: ..."; so is a record over max_record ("NAME:LINE: ...").
  bool Next(core::Record* rec) override;

  // A record longer than this (bytes of its lines) is InvalidInput, so that
  // a file without record ends cannot pull itself into memory. Set before
  // the first Next().
  size_t max_record = size_t{64} << 20;

  struct Field {
    std::string tag;    // upper case, e.g. "FAU"
    std::string value;  // continuation lines joined by one space
  };

 private:
  bool ReadFields(std::vector<Field>* fields, RawRecord* raw, uint64_t* first_line);
};

// Reads PubMed's "PMID" export: each non-blank line is one record with only
// pmid, source_id and source ("pubmed") set. A line that is not a PMID
// (1-9 digits, white space around allowed) is InvalidInput "NAME:LINE: ...";
// so is a file without any PMID. In pmid_list_reader.cc.
class PmidListReader : public LineRecordReader {
 public:
  explicit PmidListReader(std::string path, std::string display_name = "");

  bool Next(core::Record* rec) override;
};

}  // namespace parse

#endif  // WINNOW_PARSE_MEDLINE_READER_H_
