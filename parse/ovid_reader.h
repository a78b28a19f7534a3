// parse::OvidReader — reads Ovid's own text output (Embase, Ovid MEDLINE,
// APA PsycInfo, Journals@Ovid, BIOSIS, ... via Ovid) one record at a time.
// Two layouts are read, told apart per record:
//  - tagged ("Citavi", "EndNote", "Reference Manager" exports): a record
//    number line "<3001. >", then "XX  - value" lines; any other non-blank
//    line continues the field above it (indented or not);
//  - long field names (Ovid's display/print output): "<1>", then a field name
//    at the start of a line ("Title", "Source", ...) and its value on the
//    indented lines below.
// Every record number line starts a record; lines before the first one (a
// search history header) are skipped. A file without record number lines is
// refused: its record boundaries would be guesswork. See TaggedRecordReader
// for the rest. Not thread-safe. ParseOvidSource is in ovid_source.cc, the
// field mapping in ovid_fields.cc.
#ifndef WINNOW_PARSE_OVID_READER_H_
#define WINNOW_PARSE_OVID_READER_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "parse/tagged_record.h"

namespace parse {

// True when `head` (the first 64 KiB of a file as UTF-8) is Ovid output: a
// record number line ("<1>", "<1. >") followed by an Ovid tag line or a long
// field name, or a "VN  - Ovid Technologies" line. Ovid long-field output
// whose record number lines were lost (several field names, each followed by
// an indented value) is also claimed, so that the reader can say what is
// wrong with it.
bool LooksLikeOvid(std::string_view head);

// The parts of an Ovid citation ("SO" field, "Source" field) as far as they
// can be told apart reliably; empty/0 where not. Handles
//   Embase:      "BMC Proceedings. Conference: .... 12 (Supplement 3) (no
//                 pagination), 2018. Date of Publication: 2018."
//                "Journal. 37 (15) (pp 1234-1240), 2019."
//   MEDLINE:     "Journal of X. 45(3):123-130, 2019 Mar."
//   PsycInfo:    "Journal. Vol 28(2) April 2015, 103-106."
//   Journals@Ovid: "Acta Biochimica et Biophysica Sinica August 2011;43(8):647-653"
//   books:       "Editor(2015). Book Title. (pp. 103-106) 300 pp. Place: Publisher"
// Pages are returned as written (not normalised).
struct OvidSource {
  std::string journal;
  std::string volume;
  std::string issue;
  std::string pages;
  int year = 0;
};
OvidSource ParseOvidSource(std::string_view text);

// Field mapping (Ovid tag or long field name -> core::Record):
//  - DB -> source (CanonicalDatabase: "Embase", "Ovid MEDLINE(R)", "APA
//    PsycInfo"...); UI, else AN ("Accession Number") -> source_id and
//    other_ids "<source>:<id>" ("embase:621381829"); for MEDLINE/PubMed the
//    id is the PMID instead. PM/PMID -> pmid.
//  - TI title (a trailing Journals@Ovid label "[Article]" is dropped);
//    "Chapter Title" -> title, the book's "Title" -> journal. AB abstract.
//  - AU authors ("Behan L.", "Verbeek, Jan MD *", "Zhang, Weijia 1,2,+":
//    degrees, affiliation marks and "[...]" notes dropped; "[Ed]" names are
//    editors, skipped); full names (FA/AF/"Authors Full Name") replace them
//    when present. Long "Author": ";"-separated, or names two spaces apart.
//  - SO / "Source" parsed by ParseOvidSource; JN/JT journal, JA/TA/AS
//    journal_abbrev, VO/VI volume, IP issue, PG pages, YR/PY year take
//    priority; DP/DT/DG give the year when nothing else does.
//  - PT (and ST for Embase), "Publication Type", "Document Type" ->
//    publication_types and kind ("Conference Abstract" -> conference-paper).
//  - DO/DI/"DOI Number" doi; IS/SN/"ISSN" issn; IB/"ISBN" other_ids isbn:;
//    LG/LA/"Language" language; UR/XL links: PMID, PMCID, doi.org DOIs.
//  - MH: MeSH (descriptor, '*' major, "/dt [Drug Therapy]" qualifiers) when
//    the database is MEDLINE/PubMed; otherwise (Emtree, APA terms, CINAHL
//    headings) keywords without the '*'. KW, DE, "Author Keywords"
//    (";"-separated) -> keywords.
class OvidReader : public TaggedRecordReader {
 public:
  // Reads `path`; `display_name` names it in locators and errors (the path
  // when empty). Errors: see TaggedRecordReader; a file without any record
  // number line (empty, another format, or Ovid fields without record
  // numbers) has no record.
  explicit OvidReader(std::string path, std::string display_name = "");

 private:
  bool StartsRecord(std::string_view line) override;
  bool StartsNextRecord(std::string_view line) override;
  void FillRecord(const std::vector<std::string>& record, core::Record* rec) override;
};

}  // namespace parse

#endif  // WINNOW_PARSE_OVID_READER_H_
