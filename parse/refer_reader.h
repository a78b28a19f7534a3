// parse::ReferReader — reads EndNote's tagged "refer" export (.enw, .ref,
// .txt: "%0 Journal Article", "%A Family, Given", "%T Title" ...) one record
// at a time. It streams: one record's lines are held, never the file.
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

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/status.h"
#include "parse/line_reader.h"
#include "parse/reader.h"

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
class ReferReader : public RecordReader {
 public:
  // Reads `path`; `display_name` names it in locators and errors (the path
  // when empty). Never fails here: a file that cannot be opened makes the
  // first Next() return false with status() saying why.
  explicit ReferReader(std::string path, std::string display_name = "");
  ~ReferReader() override;

  // See RecordReader. A file without any tag line (empty, or another format)
  // is InvalidInput "NAME:LINE: ..."; so is a record over 64 MiB.
  bool Next(core::Record* rec) override;
  core::Status status() const override { return status_; }
  uint64_t bytes_consumed() const override;

 private:
  bool Start();
  bool Fail(core::Status st);
  bool FindStart(std::string* line);
  bool Collect(std::vector<std::string>* lines);

  std::string path_;
  std::string name_;
  std::unique_ptr<LineReader> lines_;
  core::Status status_;
  bool started_ = false;
  bool done_ = false;
  bool typed_ = false;  // records start at "%0" (else: at blank lines)
  uint64_t records_ = 0;
  uint64_t first_content_ = 0;  // first non-blank line, for errors
};

}  // namespace parse

#endif  // WINNOW_PARSE_REFER_READER_H_
