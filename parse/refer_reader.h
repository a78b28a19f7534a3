// parse::ReferReader — reads EndNote's tagged "refer" export (.enw, .ref,
// .txt: "%0 Journal Article", "%A Family, Given", "%T Title" ...) one record
// at a time (see TaggedRecordReader).
//
// Records: every "%0" line starts a record (as in EndNote, so a "%0" with no
// other fields is an empty record of its own). A file whose first record has
// no "%0" (old refer/bib files) separates records by blank lines instead.
// Lines before the first tag line are skipped; a line that is not a tag
// continues the field above it (abstracts, keywords, notes span lines).
// Lower-case tag letters are read as upper case.
// Not thread-safe; one reader per file.
#ifndef WINNOW_PARSE_REFER_READER_H_
#define WINNOW_PARSE_REFER_READER_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "parse/tagged_record.h"

namespace parse {

// True when `head` (the first 64 KiB of a file as UTF-8) is EndNote tagged
// text: its first non-blank line is a tag line ("%A ...") and some tag line
// carries a value. A lone "%0" is not enough.
bool LooksLikeRefer(std::string_view head);

// Field mapping (tag -> core::Record), where it is not obvious:
//  - kind from %0 ("Journal Article" -> article, "Book Section" -> book-chapter,
//    "Conference Paper"/"Conference Proceedings" -> conference-paper, ...,
//    unknown types -> other; a "%0" without a type -> ""); %9 (type of work)
//    -> publication_types.
//  - %A authors, one per line; a name ending in "," (EndNote's mark) or made
//    of several words with "Group", "Consortium", ... is `collective`.
//    %E (editors), %Y, %? (other contributors) are not authors.
//  - journal: %J, else %B (secondary title) unless the record is a book (where
//    %B is the series); year from %D, else %8; %N -> issue; %P -> pages.
//  - %K: one keyword per line. %X abstract. %G language.
//  - %R doi (only when it holds one), %U: PMID/PMCID from PubMed/PMC links,
//    doi from doi.org links; %@: ISSNs -> issn, ISBNs -> other_ids "isbn:...".
//  - %M (accession number) -> source_id; also the PMID when the record's
//    database (%~, or a known one in %W) is PubMed/MEDLINE. source from %~.
class ReferReader : public TaggedRecordReader {
 public:
  // Reads `path`; `display_name` names it in locators and errors (the path
  // when empty). Errors: see TaggedRecordReader.
  explicit ReferReader(std::string path, std::string display_name = "");

 private:
  bool StartsRecord(std::string_view line) override;
  bool StartsNextRecord(std::string_view line) override;
  void FillRecord(const std::vector<std::string>& record, core::Record* rec) override;

  bool typed_ = false;       // records start at "%0" (else: at blank lines)
  bool prev_blank_ = false;  // the line before was blank
};

}  // namespace parse

#endif  // WINNOW_PARSE_REFER_READER_H_
