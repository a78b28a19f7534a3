#include "parse/pubmed_xml_reader.h"

#include <algorithm>
#include <cstring>
#include <pugixml.hpp>
#include <utility>

#include "parse/pubmed_fields.h"

namespace parse {

namespace {

// Escapes (&amp;, &#946;) decode; white-space-only text is kept because it
// separates inline elements ("<i>a</i> <b>b</b>"); nothing else is built.
constexpr unsigned kParseFlags = pugi::parse_escapes | pugi::parse_ws_pcdata | pugi::parse_cdata;

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

bool IsSetName(std::string_view n) {
  return n == "PubmedArticleSet" || n == "MedlineCitationSet" || n == "PubmedBookArticleSet";
}

bool IsRecordName(std::string_view n) {
  return n == "PubmedArticle" || n == "PubmedBookArticle" || n == "MedlineCitation" ||
         n == "DeleteCitation";
}

}  // namespace

PubmedXmlReader::PubmedXmlReader(std::string path, std::string display_name,
                                 PubmedXmlReaderOptions options)
    : path_(std::move(path)),
      name_(display_name.empty() ? path_ : std::move(display_name)),
      options_(options),
      doc_(std::make_unique<pugi::xml_document>()) {}

PubmedXmlReader::~PubmedXmlReader() = default;

uint64_t PubmedXmlReader::bytes_consumed() const { return in_ ? in_->bytes_consumed() : 0; }

uint64_t PubmedXmlReader::file_size() const { return in_ ? in_->file_size() : 0; }

std::string PubmedXmlReader::Locator(uint64_t number, uint64_t byte) const {
  return name_ + ": record " + std::to_string(number) + " (byte " + std::to_string(byte) + ")";
}

namespace {

// Whether offset `at` lies inside a comment or CDATA section of `xml`.
bool InCommentOrCdata(std::string_view xml, size_t at) {
  const std::pair<std::string_view, std::string_view> kSpans[] = {{"<!--", "-->"},
                                                                  {"<![CDATA[", "]]>"}};
  for (const auto& [open, close] : kSpans) {
    size_t start = xml.rfind(open, at);
    if (start == std::string_view::npos) continue;
    size_t end = xml.find(close, start + open.size());
    if (end == std::string_view::npos || end > at) return true;
  }
  return false;
}

// Offset of the first '&' that does not start one of XML's own entity
// references (&amp; &lt; &gt; &quot; &apos; &#...;), outside comments and
// CDATA sections, or npos. PubMed XML declares no other entities, and pugixml
// would pass an undefined one through silently.
size_t UndefinedEntity(std::string_view xml) {
  static constexpr std::string_view kKnown[] = {"#", "amp;", "lt;", "gt;", "quot;", "apos;"};
  for (size_t at = xml.find('&'); at != std::string_view::npos; at = xml.find('&', at + 1)) {
    std::string_view rest = xml.substr(at + 1);
    bool known = false;
    for (std::string_view k : kKnown) known = known || rest.starts_with(k);
    if (!known && !InCommentOrCdata(xml, at)) return at;
  }
  return std::string_view::npos;
}

}  // namespace

bool PubmedXmlReader::ParseRecord(std::string_view name, size_t end, core::Record* rec) {
  const uint64_t byte = in_->offset();
  std::string raw(in_->data(), end);  // before parsing in place changes it
  if (size_t bad = UndefinedEntity(raw); bad != std::string::npos) {
    return Fail(core::Status::InvalidInput(
        Locator(records_ + 1, byte) + ": XML error: undefined entity " +
        raw.substr(bad, std::min<size_t>(12, raw.find_first_of(" ;<", bad) - bad + 1)) +
        " at byte " + std::to_string(byte + bad)));
  }
  pugi::xml_parse_result r =
      doc_->load_buffer_inplace(in_->mutable_data(), end, kParseFlags, pugi::encoding_utf8);
  if (!r) {
    return Fail(core::Status::InvalidInput(Locator(records_ + 1, byte) +
                                           ": XML error: " + r.description() + " at byte " +
                                           std::to_string(byte + static_cast<uint64_t>(r.offset))));
  }
  pugi::xml_node node = doc_->document_element();
  in_->Consume(end);  // the bytes stay valid until the next Fill()
  if (name == "DeleteCitation") {
    deleted_ = DeletedPmids(node);
    deleted_next_ = 0;
    return !deleted_.empty() && EmitDeleted(rec);
  }
  FillRecordFromElement(node, name, rec);
  rec->raw = std::move(raw);
  rec->locator = Locator(++records_, byte);
  return true;
}

bool PubmedXmlReader::EmitDeleted(core::Record* rec) {
  *rec = core::Record();
  rec->source = "pubmed";
  rec->pmid = deleted_[deleted_next_++];
  rec->source_id = rec->pmid;
  rec->deleted = true;
  ++records_;
  return true;
}

bool PubmedXmlReader::Fail(core::Status st) {
  if (status_.ok()) status_ = std::move(st);
  state_ = State::kDone;
  return false;
}

// Adds a chunk to the window; false at the end of input or on an error.
bool PubmedXmlReader::Fill() {
  if (in_->size() > options_.max_record_size) {
    return Fail(core::Status::InvalidInput(
        Locator(records_ + 1, in_->offset()) + ": XML error: element longer than " +
        std::to_string(options_.max_record_size) + " bytes (not closed?)"));
  }
  bool eof = false;
  core::Status st = in_->Fill(&eof);
  if (!st.ok()) return Fail(st);
  return !eof;
}

bool PubmedXmlReader::Ensure(size_t n) {
  while (in_->size() < n) {
    if (!Fill()) return false;
  }
  return true;
}

// Offset of needle at or after `from`, filling as needed; npos at the end.
size_t PubmedXmlReader::Find(size_t from, std::string_view needle) {
  for (;;) {
    const std::string_view w(in_->data(), in_->size());
    const size_t p = w.find(needle, from);
    if (p != std::string_view::npos) return p;
    if (w.size() >= needle.size()) {
      from = std::max(from, w.size() - needle.size() + 1);
    }
    if (!Fill()) return std::string_view::npos;
  }
}

// The element or end-tag name starting at pos ("" when there is none).
std::string PubmedXmlReader::NameAt(size_t pos) {
  size_t i = pos;
  for (;; ++i) {
    if (i >= in_->size() && !Fill()) break;
    const char c = in_->data()[i];
    if (IsSpace(c) || c == '>' || c == '/' || i - pos > 256) break;
  }
  return std::string(in_->data() + pos, std::min(i, in_->size()) - pos);
}

// Offset just past the '>' of the tag or declaration opening at lt; quotes
// and a DOCTYPE's [internal subset] are skipped.
size_t PubmedXmlReader::TagEnd(size_t lt) {
  char quote = 0;
  int depth = 0;
  for (size_t i = lt + 1;; ++i) {
    if (i >= in_->size() && !Fill()) return std::string_view::npos;
    const char c = in_->data()[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == ']') {
      depth += c == '[' ? 1 : -1;
    } else if (c == '>' && depth <= 0) {
      return i + 1;
    }
  }
}

// Offset just past the element opening at lt, found by its end tag.
size_t PubmedXmlReader::ElementEnd(size_t lt, std::string_view name) {
  const size_t open_end = TagEnd(lt);
  if (open_end == std::string_view::npos) return open_end;
  if (in_->data()[open_end - 2] == '/') return open_end;  // <Name/>
  const std::string close = "</" + std::string(name);
  for (size_t from = open_end;;) {
    const size_t p = Find(from, close);
    if (p == std::string_view::npos || !Ensure(p + close.size() + 1)) {
      return std::string_view::npos;
    }
    const char c = in_->data()[p + close.size()];
    if (c == '>' || IsSpace(c)) return TagEnd(p);
    from = p + 1;  // "</PubmedArticleSet" is not "</PubmedArticle"
  }
}

// Offset just past a comment, processing instruction or DOCTYPE at lt.
size_t PubmedXmlReader::SkipMarkup(size_t lt) {
  Ensure(lt + 4);
  const std::string_view w(in_->data() + lt, in_->size() - lt);
  if (w.substr(0, 2) == "<?" || w.substr(0, 4) == "<!--") {
    const std::string_view end = w[1] == '?' ? "?>" : "-->";
    const size_t p = Find(lt + 2, end);
    return p == std::string_view::npos ? p : p + end.size();
  }
  return TagEnd(lt);
}

// Reads up to the root element and checks that it is PubMed XML. With
// after_root, looks past a closed root for the next one (efetch batches
// appended into one file, or concatenated gzip members): only white space,
// comments, declarations and another root may follow; a clean end of the
// file ends reading.
bool PubmedXmlReader::FindRoot(bool after_root) {
  if (Ensure(3) && std::memcmp(in_->data(), "\xEF\xBB\xBF", 3) == 0) {
    in_->Consume(3);  // UTF-8 byte order mark
  }
  for (size_t i = 0;;) {
    if (i >= in_->size() && !Fill()) {
      if (!status_.ok()) return false;
      if (after_root) {
        state_ = State::kDone;
        return false;
      }
      return Fail(core::Status::InvalidInput(name_ + ": not PubMed XML (no root element)"));
    }
    const char c = in_->data()[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    if (c != '<' || !Ensure(i + 2)) {
      const std::string at = std::to_string(in_->offset() + i);
      return Fail(core::Status::InvalidInput(
          after_root ? Locator(records_ + 1, in_->offset() + i) +
                           ": XML error: text after the end of <" + root_ + "> at byte " + at
                     : name_ + ": not PubMed XML (no XML element at byte " + at + ")"));
    }
    in_->Consume(i);
    i = 0;
    if (in_->data()[1] == '?' || in_->data()[1] == '!') {
      const size_t end = SkipMarkup(0);
      if (end == std::string_view::npos) break;
      in_->Consume(end);
      continue;
    }
    return AcceptRoot();
  }
  if (!status_.ok()) return false;
  return Fail(
      core::Status::InvalidInput(name_ + ": unexpected end of file before the root element"));
}

// The root element starts the window: a set of records, or one bare record.
bool PubmedXmlReader::AcceptRoot() {
  root_ = NameAt(1);
  if (IsRecordName(root_) && root_ != "DeleteCitation") {
    state_ = State::kBareRoot;
    return true;
  }
  if (!IsSetName(root_)) {
    return Fail(core::Status::InvalidInput(
        name_ + ": not PubMed XML (root element <" + root_.substr(0, 40) +
        ">, expected PubmedArticleSet, MedlineCitationSet or PubmedBookArticleSet)"));
  }
  const size_t end = TagEnd(0);
  if (end == std::string_view::npos) {
    if (!status_.ok()) return false;
    return Fail(core::Status::InvalidInput(name_ + ": unexpected end of file in <" + root_));
  }
  state_ = in_->data()[end - 2] == '/' ? State::kAfterRoot : State::kInRoot;
  in_->Consume(end);
  return true;
}

// Finds the next record element inside the root; it then starts at offset 0
// of the window and ends at *end. False at the root's end tag or on error.
bool PubmedXmlReader::NextElement(std::string* name, size_t* end) {
  for (;;) {
    const void* lt = std::memchr(in_->data(), '<', in_->size());
    if (lt == nullptr) {
      in_->Consume(in_->size());  // text between records
      if (Fill()) continue;
      if (!status_.ok()) return false;
      return Fail(core::Status::InvalidInput(Locator(records_ + 1, in_->offset()) +
                                             ": unexpected end of file inside <" + root_ +
                                             "> (truncated?)"));
    }
    in_->Consume(static_cast<const char*>(lt) - in_->data());
    if (!Ensure(2)) break;
    const char c = in_->data()[1];
    if (c == '?' || c == '!') {
      const size_t e = SkipMarkup(0);
      if (e == std::string_view::npos) break;
      in_->Consume(e);
      continue;
    }
    *name = NameAt(c == '/' ? 2 : 1);
    if (c == '/') return CloseRoot(*name);
    *end = ElementEnd(0, *name);
    if (*end == std::string_view::npos) break;
    if (IsRecordName(*name)) return true;
    in_->Consume(*end);  // some other element: skip it
  }
  if (!status_.ok()) return false;
  return Fail(core::Status::InvalidInput(Locator(records_ + 1, in_->offset()) + ": XML error: <" +
                                         name->substr(0, 40) +
                                         "> is not closed before the end of the file "
                                         "(truncated or malformed)"));
}

// At an end tag inside the root: it must be the root's own.
bool PubmedXmlReader::CloseRoot(const std::string& name) {
  if (name != root_) {
    return Fail(core::Status::InvalidInput(Locator(records_ + 1, in_->offset()) +
                                           ": XML error: unexpected </" + name.substr(0, 40) +
                                           "> inside <" + root_ + ">"));
  }
  const size_t end = TagEnd(0);
  if (end == std::string_view::npos) {
    if (!status_.ok()) return false;
    return Fail(core::Status::InvalidInput(name_ + ": unexpected end of file in </" + root_));
  }
  in_->Consume(end);
  state_ = State::kAfterRoot;
  return false;
}

bool PubmedXmlReader::Start() {
  core::Status st = InputStream::Open(path_, name_, &in_, options_.input);
  if (!st.ok()) return Fail(st);
  return FindRoot();
}

bool PubmedXmlReader::Next(core::Record* rec) {
  if (deleted_next_ < deleted_.size()) return EmitDeleted(rec);
  if (state_ == State::kStart && !Start()) return false;
  for (;;) {
    if (ReadInRoot(rec)) return true;
    if (state_ != State::kAfterRoot) return false;
    if (!FindRoot(/*after_root=*/true)) return false;
  }
}

// Reads the next record inside the current root; false at its end or on error.
bool PubmedXmlReader::ReadInRoot(core::Record* rec) {
  std::string name;
  size_t end = 0;
  while (state_ == State::kInRoot || state_ == State::kBareRoot) {
    if (state_ == State::kBareRoot) {
      name = root_;
      end = ElementEnd(0, name);
      if (end == std::string_view::npos) {
        if (!status_.ok()) return false;
        return Fail(core::Status::InvalidInput(Locator(1, in_->offset()) + ": XML error: <" + name +
                                               "> is not closed before the end of the file"));
      }
      state_ = State::kAfterRoot;
    } else if (!NextElement(&name, &end)) {
      break;
    }
    if (ParseRecord(name, end, rec)) return true;
    if (!status_.ok()) return false;
  }
  return false;
}

}  // namespace parse
