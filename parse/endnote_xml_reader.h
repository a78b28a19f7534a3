// parse::EndnoteXmlReader — reads EndNote XML (<xml><records><record>...), as
// written by EndNote, Zotero, Mendeley and Bookends, one record at a time. It
// streams: each <record>...</record> is cut out of the bytes and parsed on its
// own with pugixml, so memory holds a few input chunks and one record.
//
// Encoding: the XML declaration's encoding is honoured for UTF-8 (the default)
// and ISO-8859-1 / Windows-1252; invalid UTF-8 bytes become U+FFFD. A UTF-16
// file, a NUL byte, a root element other than <xml>, a file without
// <records>, a <record> never closed or not well-formed, and a record longer
// than max_record_size are InvalidInput. A missing </records></xml> at the
// end of the file is accepted, and so is an empty <records/>.
// Not thread-safe; one reader per file.
#ifndef WINNOW_PARSE_ENDNOTE_XML_READER_H_
#define WINNOW_PARSE_ENDNOTE_XML_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/record.h"
#include "core/status.h"
#include "parse/input_stream.h"
#include "parse/reader.h"

namespace parse {

struct EndnoteXmlReaderOptions {
  // How the file is read (chunk size, gzip on a helper thread).
  InputStreamOptions input;
  // A <record> longer than this is an error, so that an unclosed record
  // cannot pull a whole file into memory. Default: 64 MiB.
  size_t max_record_size = size_t{64} << 20;
};

// Field mapping (EndNote XML element -> core::Record). A field's text is all
// the text inside it: its <style> runs concatenated (white space between
// elements of a pretty-printed file is dropped), or bare text.
//  - kind: ref-type's name attribute (its number when the name is unknown):
//    Journal Article 17 -> article, Book 6 -> book, Book Section 5 ->
//    book-chapter, Conference Proceedings 10 / Conference Paper 47 ->
//    conference-paper, Thesis 32, Report 27; anything else -> other.
//  - authors: contributors/authors/author (ParseAuthorName; a name ending in
//    ',' is EndNote's mark of a group author -> collective). Editors
//    (secondary-authors) are not authors.
//  - journal: periodical/full-title, else titles/secondary-title (for
//    non-articles secondary-title first: the book of a book section);
//    journal_abbrev: periodical/abbr-1, alt-periodical, titles/alt-title.
//  - issue: number, else issue; year: dates/year, else pub-dates/date.
//  - keywords: one per keyword element, ';'-separated lists split.
//  - isbn: ISSNs (1234-5678) -> issn; ISBNs (10/13 digits) -> "isbn:...".
//  - doi: electronic-resource-num, else a doi.org link in urls.
//  - source: remote-database-name, else remote-database-provider
//    (CanonicalDatabase); source_id: accession-num, which is also the pmid
//    when the source is PubMed/MEDLINE, "embase:..." for Embase, "wos:..."
//    for an "ISI:"/"WOS:" accession. pmid/pmcid also from PubMed links in
//    urls and from "PMID:"/"PMCID:" in notes.
//  - locator: "NAME:record N (line L)", N counting records from 1; raw: the
//    record's text from <record> to </record>, line ends as LF.
//  Labels, custom fields, auth-address and research notes are ignored.
class EndnoteXmlReader : public RecordReader {
 public:
  // Reads `path`; `display_name` names the file in locators and errors (the
  // path when empty). Never fails here: a missing or unreadable file makes
  // the first Next() return false with status() saying why.
  explicit EndnoteXmlReader(std::string path, std::string display_name = "",
                            EndnoteXmlReaderOptions options = {});
  ~EndnoteXmlReader() override;

  bool Next(core::Record* rec) override;
  core::Status status() const override { return status_; }
  uint64_t bytes_consumed() const override;

 private:
  enum class Encoding { kUtf8, kLatin1 };

  bool Start();
  bool Fail(const std::string& where, const std::string& why);
  bool Fill();
  void Consume(size_t n);
  size_t Find(size_t from, std::string_view needle);
  bool SkipProlog();
  bool ReadDeclaration(size_t end);
  bool FindRecordStart();
  size_t RecordEnd();
  bool ParseRecord(size_t end, core::Record* rec);
  std::string Where() const;

  std::string path_;
  std::string name_;
  EndnoteXmlReaderOptions options_;
  std::unique_ptr<InputStream> in_;
  core::Status status_;
  bool started_ = false;
  bool done_ = false;
  Encoding encoding_ = Encoding::kUtf8;
  uint64_t line_ = 1;         // line of data()[0]
  bool after_cr_ = false;     // the last byte consumed was a CR
  bool saw_records_ = false;  // a <records> element was seen
  uint64_t records_ = 0;
};

// Whether `head` (the first 64 KiB of a file, as UTF-8) is EndNote XML: after
// an optional XML declaration and comments, the root <xml> element followed by
// <records>.
bool LooksLikeEndnoteXml(std::string_view head);

}  // namespace parse

#endif  // WINNOW_PARSE_ENDNOTE_XML_READER_H_
