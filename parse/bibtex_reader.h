// parse::BibtexReader — reads BibTeX (.bib) as Zotero, JabRef, Mendeley,
// Scopus, Google Scholar and the Cochrane Library write it, one entry at a
// time. BibTeX is not line-based (an entry may span any lines, or share one),
// so the reader reads the whole file into memory first (through LineReader:
// valid UTF-8, any line ends, gzip looked through) and hands out entries from
// it; the file may be at most max_file_size bytes.
//
// Syntax: @type{key, field = {value}, field = "value", field = 123 } or the
// same with ( ); nested braces, '#' concatenation, @string macros (and the
// month macros jan..dec); @comment and @preamble are skipped, and text
// outside entries is a comment. Lenient where exporters are sloppy: a key
// with blanks ("@article{Alves Galvão14,"), no key, a field name with a blank
// ("funding_text 1"), a trailing comma. An entry never closed is InvalidInput
// naming the line where it starts; a syntax error inside an entry names its
// own line and the entry's ("expected '=' after the field name 'title' ...").
// Records before the error are handed out first. Not thread-safe; one
// reader per file.
#ifndef WINNOW_PARSE_BIBTEX_READER_H_
#define WINNOW_PARSE_BIBTEX_READER_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/record.h"
#include "core/status.h"
#include "parse/latex.h"
#include "parse/reader.h"

namespace parse {

struct BibtexReaderOptions {
  // A larger file is refused. Default: 1 GiB.
  size_t max_file_size = size_t{1} << 30;
  // A larger entry is an error. Default: 64 MiB.
  size_t max_entry_size = size_t{64} << 20;
};

// Field mapping (BibTeX field -> core::Record), values converted from LaTeX
// by LatexToUnicode:
//  - kind from the entry type: article; book/booklet; inbook/incollection ->
//    book-chapter; inproceedings/conference/proceedings -> conference-paper;
//    phdthesis/mastersthesis/thesis; techreport/report; dataset; else other.
//  - authors: author split at "and" outside braces; "Family, Given",
//    "Given Family", "von Family, Jr, Given"; a name wholly in braces is a
//    collective; "others" is dropped. The Cochrane Library's
//    "Smith, J, Jones, K, and Lee, M" is read as three names. Editors are not
//    authors.
//  - journal: journal / journaltitle, else booktitle (the container of an
//    inproceedings or incollection); journal_abbrev: abbrev_source_title
//    (Scopus) or shortjournal.
//  - year: year, else date; issue: number, else issue; pages with "--" as
//    the range, else Scopus's art_number (the e-locator).
//  - keywords: keywords and author_keywords, split at ';' when there is one,
//    else at ','.
//  - identifiers: doi (and doi.org links in url); pmid / pubmed_id / eprint
//    with eprinttype = pubmed, PubMed links, "PMID:" in note -> pmid; pmcid;
//    issn; isbn -> "isbn:..."; the citation key -> "bibkey:...".
//  - source: the "source" field when it names a known database (Scopus
//    writes source = {Scopus}), through CanonicalDatabase; source_id: the
//    Scopus EID of the url when the source is Scopus, the PMID when it is
//    PubMed/MEDLINE, else the citation key (source_id_local set).
//  - publication_types: document_type (Scopus). Editors, publisher,
//    address, series and notes are not kept: core::Record has no place for
//    them.
//  - locator: "NAME:LINE" of the '@'; raw: the entry's text from '@' to its
//    closing brace.
class BibtexReader : public RecordReader {
 public:
  // Reads `path`; `display_name` names the file in locators and errors (the
  // path when empty). Never fails here: a missing or unreadable file makes
  // the first Next() return false with status() saying why.
  explicit BibtexReader(std::string path, std::string display_name = "",
                        BibtexReaderOptions options = {});

  bool Next(core::Record* rec) override;
  core::Status status() const override { return status_; }
  // The file's size once it has been read (it is read whole by the first
  // Next()), scaled by the share of the text handed out so far.
  uint64_t bytes_consumed() const override;

 private:
  bool Start();
  bool Fail(uint64_t line, const std::string& why);
  void Advance(size_t to);
  uint64_t LineAt(size_t pos) const;
  bool ReadEntry(size_t at, core::Record* rec);
  bool ParseStringMacro(size_t* p, char close, size_t start);
  bool ParseValue(size_t* p, char close, size_t start, std::string* out);
  bool ParseFields(size_t* p, char close, size_t start, std::map<std::string, std::string>* f);
  bool Expected(size_t p, size_t start, const std::string& what);
  bool Unterminated(size_t start);

  std::string path_;
  std::string name_;
  BibtexReaderOptions options_;
  core::Status status_;
  bool started_ = false;
  bool done_ = false;
  std::string text_;
  uint64_t file_bytes_ = 0;
  size_t pos_ = 0;     // where reading resumes
  uint64_t line_ = 1;  // line of text_[pos_]
  bool saw_entry_ = false;
  bool unclosed_comment_ = false;  // a @comment{ never closed was seen
  std::map<std::string, std::string> macros_;
};

// Whether `head` (the first 64 KiB of a file, as UTF-8) is BibTeX: some line
// starts (after blanks) with '@' and a BibTeX entry type ("@article{",
// "@ARTICLE{", "@book(", "@string{", ...).
bool LooksLikeBibtex(std::string_view head);


}  // namespace parse

#endif  // WINNOW_PARSE_BIBTEX_READER_H_
