// parse::WosReader — Web of Science plain-text export ("Other file formats:
// Plain text", .txt/.ciw) and the older ISI Export Format (.isi), also as
// Zoological Record, MEDLINE or Inspec on the same platform write it: an
// "FN ..." / "VR 1.0" header, two-letter tags followed by a space, lines
// indented by three spaces continuing the field above (one author or address
// per line), "ER" ending a record and "EF" the file. Streams over a
// LineReader (one record in memory). Not thread-safe; one reader per file.
#ifndef WINNOW_PARSE_WOS_READER_H_
#define WINNOW_PARSE_WOS_READER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "parse/line_record_reader.h"
#include "parse/tagged_record.h"

namespace parse {

// True when `head` (the first 64 KiB of a file, UTF-8) starts with an
// "FN <name>" header followed by "VR"/"PT", or, without a header, holds a
// "PT <letter>" line, a WoS field (AU/AF/TI/SO/UT) and an "ER" line.
bool LooksLikeWos(std::string_view head);

// Field mapping (WoS tag -> core::Record), where it is not obvious:
//  - source: CanonicalDatabase(FN) ("wos" for "Clarivate Analytics Web of
//    Science", "Thomson Reuters ..." and "ISI Export Format"), also for
//    records that came from another database on the platform (UT
//    "MEDLINE:", "ZOOREC:", "INSPEC:"): the file is one search on one
//    platform. Without FN: "wos" when UT starts "WOS:"/"ISI:", else "".
//  - source_id: UT as written ("WOS:000514379300001", "ZOOREC:ZOOR..."),
//    else AN; other_ids "wos:000514379300001" (ISI: too), other prefixes
//    lower-cased ("zoorec:ZOOR...", "inspec:8863438", "medline:123").
//  - kind from PT: J article, B book, S book (series), C conference-paper,
//    P (patent) and anything else other; B/S with DT "Book Chapter" are
//    book-chapter. DT (split at ';') is publication_types.
//  - authors: AF full names paired by position with AU (AU gives the
//    initials) when both lists have the same length, else AF, else AU, else
//    BF/BA; "(email)" after a name is dropped; AU "Brown, JM" has initials
//    and no given name. CA and GP are collective authors, after them.
//  - affiliations: C1 "[Name; Name] Address" goes to the named authors;
//    "Name; Address" (Zoological Record, Inspec) likewise; an address that
//    names nobody goes to the first author (as the PubMed XML reader does
//    with pre-2014 affiliations). Without C1, RP "Name (corresponding
//    author), Address" gives the named author's address. EM is not kept.
//  - orcid: OI (and RI) "Name/0000-0002-...", matched to authors by name.
//  - journal SO (else SE), journal_abbrev JI (else J9), issn SN then EI,
//    year PY (else PD), pages BP-EP, else AR article number ("UNSP "
//    dropped), else PS; keywords DE then ID (split at ';'); ISBN BN ->
//    "isbn:..."; pmid PM; doi DI.
class WosReader : public LineRecordReader {
 public:
  // Reads `path`; `display_name` names the file in locators and errors (the
  // path when empty). Never fails here: an unreadable file makes the first
  // Next() return false with status() saying why.
  explicit WosReader(std::string path, std::string display_name = "");

  // See RecordReader. A file with neither an FN header nor a record is
  // InvalidInput "NAME:1: ..."; a record over max_record is InvalidInput
  // "NAME:LINE: ...". A record missing its ER (at the end of the file, or
  // before the next PT/FN/EF) ends there.
  bool Next(core::Record* rec) override;

  // A record longer than this (bytes of its lines) is InvalidInput, so that
  // a file without record ends cannot pull itself into memory. Set before
  // the first Next().
  size_t max_record = size_t{64} << 20;

  // One tag with its lines (the first line's value, then each continuation
  // line trimmed).
  struct Field {
    std::string tag;
    std::vector<std::string> lines;
  };

 private:
  bool ReadFields(std::vector<Field>* fields, RawRecord* raw, uint64_t* first_line);

  std::string source_;  // from the last FN header
  bool saw_header_ = false;
};

}  // namespace parse

#endif  // WINNOW_PARSE_WOS_READER_H_
