// parse::RisReader — reads RIS ("TY  - JOUR" ... "ER  - ") as the vendors
// write it: Ovid, EBSCOhost, ProQuest, Scopus, Web of Science, PubMed/PMC,
// Cochrane, Dimensions, Lens, IEEE, CAB, AGRIS, and the reference managers
// (EndNote, Zotero, Mendeley, JabRef). It streams through a LineReader (BOM,
// CR/LF/CRLF, Latin-1 lines, gzip) and holds one record in memory, at most
// max_record_size bytes of it. Not thread-safe; one reader per file.
//
// Records. A tag line is two characters [A-Z][A-Z0-9] then the separator
// "  - " (canonical), or, for the standard RIS tags only, a lower-case tag
// and/or odd spacing: "ty  - ", "TY - ", "TY  -", "TY- ", tabs. Any other line
// continues the previous tag's value (so an abstract line "ER then ..." or
// "ERK signalling" is text, and so is "IL - 6" or "Co-management"). A record
// starts at a TY line and ends at an ER line (with or without a value). Text
// before the first TY and between ER and the next TY (EBSCO/Ovid headers,
// "1." numbers, Ovid links) is skipped. A record whose ER is missing ends at
// the next TY line, which starts a record of its own (nothing merges), or at
// the end of the file. Records without any field are still handed out. A
// file with no TY line is InvalidInput.
//
// Field mapping (details and vendor notes in ris_fields.cc and ris_ids.cc):
//  - kind from TY (JOUR/JFULL/ABST/INPR/MGZN/NEWS/EJOUR article, BOOK/EBOOK
//    book, CHAP/ECHAP book-chapter, CONF/CPAPER conference-paper, THES
//    thesis, RPRT report, DATA dataset, else other; "Journal Article" too);
//  - title TI, else T1, else CT, else (books) BT, else ST; journal JF, else
//    T2 (not for books: there T2 is the series), else JO, else BT;
//    journal_abbrev JA, J2, J1, JI, else a JO that differs from the journal;
//  - authors AU then A1 (one per tag, or a ';' list; group names such as
//    "CORE Study Group" are `collective`); A2/A3/A4/ED are not authors;
//  - abstract AB, else N2; when both differ a truncated copy gives way to
//    the whole text, and two different texts are both kept (AB first);
//    EBSCO's "Copyright of ... is the property of ..." notice is dropped;
//  - keywords KW, split at new lines, and at ';' when the record has a
//    single KW (not for EBSCO, whose keywords contain ';');
//  - year PY, else Y1, else DA; volume VL/VO; issue IS (not a 7-digit NLM
//    journal ID), else a short CP; pages SP-EP (SP may hold the range);
//    ISSNs from SN, ISBNs there go to other_ids "isbn:...";
//  - language LA; publication_types PT, and M3 unless it holds a DOI;
//  - doi: the first of DO, L3, M3 ("doi: ..."), UR/L4 (doi.org, "doi=",
//    "/doi/", "/10.NNNN/" links), a "doi:" labelled in N1;
//  - pmid: AN when the source is PubMed/MEDLINE, an Ovid MEDLINE link's AN,
//    "[pmid]"/"PMID:"/"PUBMED-" in U1-U5/C1-C8/ID, C2 of Scopus records,
//    PubMed links, "PMID:" lines of N1; pmcid likewise ("PMC..." in C2, AN,
//    U*, PMC links, "PMCID:" in N1);
//  - source: CanonicalDatabase of DB (EBSCO codes such as "aph" resolved),
//    else of DP when it names a database (not a platform such as
//    "EBSCOhost" or "Ovid Technologies"), else inferred from a "WOS:"/"ISI:"
//    accession or from a Scopus/EBSCO/Ovid/Dimensions/Lens record link;
//  - source_id AN, else the accession in such a link, else ID; other_ids
//    "<source>:<accession>" when the accession is not a PMID/PMCID
//    ("embase:...", "wos:...", "scopus:2-s2.0-...", "econlit:...");
//  - date_revised from ProQuest's "Date revised - YYYY-MM-DD" note;
//  - a value "NA" (written by R tools for missing fields) counts as absent.
#ifndef WINNOW_PARSE_RIS_READER_H_
#define WINNOW_PARSE_RIS_READER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "parse/line_record_reader.h"

namespace parse {

// One tag of the record being read: the two tag characters (upper-cased) as
// one number, and the value with continuation lines joined by '\n'.
struct RisField {
  uint16_t tag = 0;
  std::string value;
};

struct RisReaderOptions {
  // A record (TY line to ER line) longer than this is an error, so that a
  // file without ER lines cannot pull itself into memory. Default: 64 MiB.
  size_t max_record_size = size_t{64} << 20;
};

class RisReader : public LineRecordReader {
 public:
  // Reads `path`; `display_name` names the file in locators and errors (the
  // path when empty). Never fails here: a missing or unreadable file makes
  // the first Next() return false with status() saying why.
  explicit RisReader(std::string path, std::string display_name = "",
                     RisReaderOptions options = {});
  ~RisReader() override;

  // See RecordReader. Errors are InvalidInput "NAME:LINE: ...": an empty
  // file, no TY line at all, a record over max_record_size, or what the
  // LineReader refuses (NUL bytes, UTF-16).
  bool Next(core::Record* rec) override;

  // Records handed out so far.
  uint64_t records_read() const { return records(); }

 private:
  bool ReadRecord(core::Record* rec);
  void AddField(uint16_t tag, std::string_view value);

  RisReaderOptions options_;
  std::string line_;
  std::string raw_;
  std::vector<RisField> fields_;  // reused; the first nfields_ are the record's
  size_t nfields_ = 0;
};

// Whether `head` (the first 64 KiB of a file, UTF-8, maybe cut mid-record)
// is RIS: its first tag line is a TY line and another tag line follows.
bool LooksLikeRis(std::string_view head);

}  // namespace parse

#endif  // WINNOW_PARSE_RIS_READER_H_
