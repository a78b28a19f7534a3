// parse::PubmedXmlReader — reads PubMed XML (efetch output, "Save as XML"
// exports, the annual baseline and the daily update files, plain or gzip) one
// record at a time. It streams: top-level <PubmedArticle>, <PubmedBookArticle>,
// <MedlineCitation> (legacy MedlineCitationSet files) and <DeleteCitation>
// elements are cut out of the decompressed bytes and parsed one by one, so
// memory holds a few input chunks and one record whatever the file size.
//
// Accepted roots: PubmedArticleSet, MedlineCitationSet, PubmedBookArticleSet,
// or a single bare PubmedArticle / PubmedBookArticle. Anything else is
// InvalidInput. Each <DeleteCitation> yields one deleted Record per PMID.
// Not thread-safe; one reader per file (gzip is inflated on a helper thread
// the reader owns, see InputStreamOptions).
#ifndef WINNOW_PARSE_PUBMED_XML_READER_H_
#define WINNOW_PARSE_PUBMED_XML_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/status.h"
#include "parse/input_stream.h"
#include "parse/reader.h"

namespace pugi {
class xml_document;
}  // namespace pugi

namespace parse {

struct PubmedXmlReaderOptions {
  // How the file is read: chunk size (default 1 MiB) and whether gzip is
  // inflated on a helper thread (default yes).
  InputStreamOptions input;
  // A record (or any top-level element) longer than this is an error, so that
  // an unclosed element cannot pull the rest of a huge file into memory.
  // Default: 256 MiB; the largest real PubmedArticle is a few MiB.
  size_t max_record_size = size_t{256} << 20;
};

// Field mapping (PubMed element -> core::Record), where it is not obvious:
//  - title: ArticleTitle; for a book, BookTitle (kind "book"), or the
//    chapter's ArticleTitle (kind "book-chapter", BookTitle then goes to
//    `journal`). Inline markup (<i>, <sup>, MathML, ...) is reduced to its
//    text, white space collapsed.
//  - abstract: AbstractText sections "LABEL: text" joined by one space
//    (Label="UNLABELLED" counts as no label); OtherAbstract is ignored.
//  - authors: AuthorList without Type or Type="authors" (editors skipped);
//    ValidYN="N" authors are skipped; a Suffix ("Jr") is appended to `given`
//    as MEDLINE's FAU field does; an old-style Article/Affiliation goes to
//    the first author.
//  - pages: MedlinePgn, else StartPage-EndPage; never an ELocationID.
//  - other_ids: "pii:...", "bookaccession:NBK...", "isbn:...".
//  - pmcid: ArticleId IdType="pmc", else OtherID Source="NLM" "PMC...".
//  - registrations: DataBank accession numbers and numbers in the title and
//    abstract that look like trial/review registrations (see
//    FindRegistrations in parse/registrations.h).
// The mapping itself is in parse/pubmed_fields.cc.
class PubmedXmlReader : public RecordReader {
 public:
  // Reads `path`; `display_name` names the file in locators and errors (the
  // path when empty). Never fails here: a missing or unreadable file makes
  // the first Next() return false with status() saying why.
  explicit PubmedXmlReader(std::string path, std::string display_name = "",
                           PubmedXmlReaderOptions options = {});
  ~PubmedXmlReader() override;

  // See RecordReader. On malformed XML, status() is InvalidInput
  // "NAME: record N (byte B): XML error: ..." where N counts records from 1
  // and B is the record's offset in the decompressed stream.
  bool Next(core::Record* rec) override;
  core::Status status() const override { return status_; }
  uint64_t bytes_consumed() const override;

  // Size of the file in bytes (compressed size for .gz); 0 before the first
  // Next() or when the file could not be opened.
  uint64_t file_size() const;
  // Records handed out so far.
  uint64_t records_read() const { return records_; }

 private:
  enum class State { kStart, kBareRoot, kInRoot, kAfterRoot, kDone };

  bool Start();
  bool Fail(core::Status st);
  bool Fill();
  size_t Find(size_t from, std::string_view needle);
  size_t TagEnd(size_t lt);
  size_t ElementEnd(size_t lt, std::string_view name);
  size_t SkipMarkup(size_t lt);
  bool FindRoot(bool after_root = false);
  bool ReadInRoot(core::Record* rec);
  bool AcceptRoot();
  bool CloseRoot(const std::string& name);
  bool NextElement(std::string* name, size_t* end);
  bool ParseRecord(std::string_view name, size_t end, core::Record* rec);
  bool EmitDeleted(core::Record* rec);
  bool Ensure(size_t n);
  std::string NameAt(size_t pos);
  std::string Locator(uint64_t number, uint64_t byte) const;

  std::string path_;
  std::string name_;
  PubmedXmlReaderOptions options_;
  std::unique_ptr<InputStream> in_;
  std::unique_ptr<pugi::xml_document> doc_;
  State state_ = State::kStart;
  core::Status status_;
  std::string root_;
  uint64_t records_ = 0;
  // PMIDs of the current <DeleteCitation> still to hand out.
  std::vector<std::string> deleted_;
  size_t deleted_next_ = 0;
};

}  // namespace parse

#endif  // WINNOW_PARSE_PUBMED_XML_READER_H_
