#include "parse/endnote_xml_reader.h"

#include <algorithm>
#include <cstring>
#include <pugixml.hpp>
#include <utility>

#include "core/author_name.h"
#include "core/normalize.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

constexpr std::string_view kRecordOpen = "<record";
constexpr std::string_view kRecordClose = "</record";

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

bool IsBlank(std::string_view s) { return std::all_of(s.begin(), s.end(), IsSpace); }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

// All text inside `node` in document order, without descending recursively
// (a hostile file may nest deeply). Blank text that holds a line end is the
// layout of a pretty-printed file, except inside a <style> run.
std::string RawText(pugi::xml_node node) {
  std::string out;
  pugi::xml_node cur = node.first_child();
  while (cur) {
    const pugi::xml_node_type t = cur.type();
    if (t == pugi::node_pcdata || t == pugi::node_cdata) {
      std::string_view v = cur.value();
      const bool layout = IsBlank(v) && v.find_first_of("\r\n") != std::string_view::npos;
      if (!layout || std::strcmp(cur.parent().name(), "style") == 0) out.append(v);
    }
    if (cur.first_child()) {
      cur = cur.first_child();
      continue;
    }
    while (cur != node && !cur.next_sibling()) cur = cur.parent();
    if (cur == node) break;
    cur = cur.next_sibling();
  }
  return out;
}

std::string Text(pugi::xml_node node) { return core::CollapseSpace(RawText(node)); }

// CRLF and CR line ends as LF, as XML reads them.
std::string UnixLineEnds(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\r') {
      out += s[i];
    } else if (i + 1 == s.size() || s[i + 1] != '\n') {
      out += '\n';
    }
  }
  return out;
}

// The first non-empty text among `paths` ("periodical/abbr-1", ...).
std::string FirstText(pugi::xml_node rec, std::initializer_list<const char*> paths) {
  for (const char* path : paths) {
    std::string t = Text(rec.first_element_by_path(path));
    if (!t.empty()) return t;
  }
  return "";
}

std::string KindOf(pugi::xml_node ref_type) {
  struct Rule {
    const char* name;
    int number;
    const char* kind;
  };
  static const Rule kRules[] = {
      {"journal article", 17, "article"},
      {"electronic article", 43, "article"},
      {"book", 6, "book"},
      {"edited book", 28, "book"},
      {"electronic book", 44, "book"},
      {"book section", 5, "book-chapter"},
      {"conference proceedings", 10, "conference-paper"},
      {"conference paper", 47, "conference-paper"},
      {"thesis", 32, "thesis"},
      {"report", 27, "report"},
      {"dataset", 59, "dataset"},
  };
  const std::string name = Lower(core::CollapseSpace(ref_type.attribute("name").value()));
  for (const Rule& r : kRules) {
    if (name == r.name) return r.kind;
  }
  const std::string number = Text(ref_type);
  for (const Rule& r : kRules) {
    if (number == std::to_string(r.number)) return r.kind;
  }
  return ref_type ? "other" : "";
}

void AddAuthors(pugi::xml_node authors, core::Record* rec) {
  for (pugi::xml_node a : authors.children("author")) {
    std::string name = Text(a);
    if (name.empty()) continue;
    if (name.back() == ',') {  // EndNote's mark of a corporate author
      core::Author group;
      group.collective = core::CollapseSpace(name.substr(0, name.size() - 1));
      if (!group.collective.empty()) rec->authors.push_back(std::move(group));
      continue;
    }
    rec->authors.push_back(core::ParseAuthorName(name));
  }
}

// The ISBN field holds ISSNs and ISBNs, one after another, with notes such as
// "(Print)" or "(Linking)" between them.
void AddIsbnField(std::string_view text, core::Record* rec) {
  for (const std::string& token : SplitList(text, " \t\r\n;,")) {
    std::string compact;
    for (char c : token) {
      if ((c >= '0' && c <= '9') || c == 'X' || c == 'x') compact.push_back(c == 'x' ? 'X' : c);
    }
    if (compact.empty() || compact.find('X') < compact.size() - 1) continue;
    if (compact.size() == 8) {
      rec->issn.push_back(core::NormalizeIssn(compact));
    } else if (compact.size() == 10 || compact.size() == 13) {
      AddUnique(&rec->other_ids, "isbn:" + compact);
    }
  }
}

void AddUrls(pugi::xml_node urls, core::Record* rec) {
  for (pugi::xml_node url_node : urls.child("related-urls").children("url")) {
    const std::string url = Text(url_node);
    const std::string lower = Lower(url);
    if (rec->doi.empty() && Contains(lower, "doi.org/")) rec->doi = core::NormalizeDoi(url);
    if (!Contains(lower, "ncbi.nlm.nih.gov") && !Contains(lower, "pubmed")) continue;
    if (rec->pmid.empty() && !Contains(lower, "/pmc")) rec->pmid = PmidFromText(url);
    if (rec->pmcid.empty()) rec->pmcid = PmcidFromText(url);
  }
}

// PubMed records imported into EndNote carry "PMID: 123" in their notes.
void AddNoteIds(std::string_view notes, core::Record* rec) {
  const size_t pmid = notes.find("PMID");
  if (rec->pmid.empty() && pmid != std::string_view::npos) {
    rec->pmid = PmidFromText(notes.substr(pmid, notes.find_first_of("\r\n;", pmid) - pmid));
  }
  const size_t pmcid = notes.find("PMCID");
  if (rec->pmcid.empty() && pmcid != std::string_view::npos) {
    rec->pmcid = PmcidFromText(notes.substr(pmcid, 24));
  }
}

void AddAccession(pugi::xml_node record, core::Record* rec) {
  std::string db = Text(record.child("remote-database-name"));
  if (db.empty()) db = Text(record.child("remote-database-provider"));
  rec->source = CanonicalDatabase(db);
  const std::string acc = Text(record.child("accession-num"));
  rec->source_id = acc;
  if (acc.empty()) return;
  const std::string lower = Lower(acc);
  if (lower.starts_with("isi:") || lower.starts_with("wos:")) {
    AddUnique(&rec->other_ids, "wos:" + acc.substr(4));
  } else if (rec->source == "embase") {
    AddUnique(&rec->other_ids, "embase:" + acc);
  } else if (rec->source == "pubmed" || rec->source == "medline") {
    rec->pmid = PmidFromText(acc);
  }
}

void FillRecord(pugi::xml_node r, core::Record* rec) {
  rec->kind = KindOf(r.child("ref-type"));
  AddAuthors(r.child("contributors").child("authors"), rec);
  rec->title = Text(r.child("titles").child("title"));
  rec->journal = rec->kind == "article" || rec->kind.empty()
                     ? FirstText(r, {"periodical/full-title", "titles/secondary-title"})
                     : FirstText(r, {"titles/secondary-title", "periodical/full-title"});
  rec->journal_abbrev = FirstText(r, {"periodical/abbr-1", "alt-periodical/full-title",
                                      "alt-periodical/abbr-1", "titles/alt-title"});
  rec->pages = Text(r.child("pages"));
  rec->volume = Text(r.child("volume"));
  rec->issue = FirstText(r, {"number", "issue"});
  rec->year = core::YearFromDate(Text(r.child("dates").child("year")));
  if (rec->year == 0) rec->year = core::YearFromDate(FirstText(r, {"dates/pub-dates/date"}));
  for (pugi::xml_node k : r.child("keywords").children("keyword")) {
    for (std::string& part : SplitList(RawText(k), ";\r\n")) rec->keywords.push_back(part);
  }
  rec->abstract = Text(r.child("abstract"));
  AddIsbnField(RawText(r.child("isbn")), rec);
  rec->doi = core::NormalizeDoi(Text(r.child("electronic-resource-num")));
  AddAccession(r, rec);
  AddUrls(r.child("urls"), rec);
  AddNoteIds(RawText(r.child("notes")), rec);
  for (pugi::xml_node l : r.children("language")) AddUnique(&rec->language, Text(l));
  rec->format = "endnote-xml";
  FinishRecord(rec);
}

}  // namespace

EndnoteXmlReader::EndnoteXmlReader(std::string path, std::string display_name,
                                   EndnoteXmlReaderOptions options)
    : path_(std::move(path)),
      name_(display_name.empty() ? path_ : std::move(display_name)),
      options_(options) {}

EndnoteXmlReader::~EndnoteXmlReader() = default;

uint64_t EndnoteXmlReader::bytes_consumed() const { return in_ ? in_->bytes_consumed() : 0; }

std::string EndnoteXmlReader::Where() const {
  return name_ + ":record " + std::to_string(records_ + 1) + " (line " + std::to_string(line_) +
         ")";
}

bool EndnoteXmlReader::Fail(const std::string& where, const std::string& why) {
  if (status_.ok()) status_ = core::Status::InvalidInput(where + ": " + why);
  done_ = true;
  return false;
}

// Adds a chunk to the window; false at the end of the input or on an error.
bool EndnoteXmlReader::Fill() {
  if (in_->size() > options_.max_record_size) {
    return Fail(Where(), "record longer than " + std::to_string(options_.max_record_size) +
                             " bytes (<record> not closed?)");
  }
  bool eof = false;
  core::Status st = in_->Fill(&eof);
  if (!st.ok()) {
    status_ = st;
    done_ = true;
    return false;
  }
  return !eof;
}

// Drops n bytes from the window, counting the line ends (LF, CRLF, CR) in them.
void EndnoteXmlReader::Consume(size_t n) {
  for (const char* p = in_->data(); p < in_->data() + n; ++p) {
    if (*p == '\n' && !after_cr_) ++line_;
    if (*p == '\r') ++line_;
    after_cr_ = *p == '\r';
  }
  in_->Consume(n);
}

// Offset of `needle` at or after `from`, filling as needed; npos at the end.
size_t EndnoteXmlReader::Find(size_t from, std::string_view needle) {
  for (;;) {
    const std::string_view w(in_->data(), in_->size());
    const size_t p = w.find(needle, from);
    if (p != std::string_view::npos) return p;
    if (w.size() >= needle.size()) from = std::max(from, w.size() - needle.size() + 1);
    if (!Fill()) return std::string_view::npos;
  }
}

// Reads the encoding from the XML declaration that ends at `end`.
bool EndnoteXmlReader::ReadDeclaration(size_t end) {
  const std::string decl = Lower(std::string_view(in_->data(), end));
  const size_t at = decl.find("encoding");
  if (at == std::string::npos) return true;
  const size_t q = decl.find_first_of("\"'", at);
  if (q == std::string::npos) return true;
  const std::string enc = decl.substr(q + 1, decl.find(decl[q], q + 1) - q - 1);
  if (enc.starts_with("utf-16") || enc.starts_with("utf-32") || enc.starts_with("ucs")) {
    return Fail(name_ + ":" + std::to_string(line_),
                "the file is " + enc + "; save it as UTF-8 and import again");
  }
  if (enc == "iso-8859-1" || enc == "latin1" || enc == "latin-1" || enc == "windows-1252" ||
      enc == "cp1252" || enc == "iso-8859-15") {
    encoding_ = Encoding::kLatin1;
  }
  return true;
}

// Skips the byte order mark, declaration, comments and DOCTYPE up to the root
// element, which must be <xml> (or a bare <records>).
bool EndnoteXmlReader::SkipProlog() {
  const std::string where = name_ + ":1";
  while (in_->size() < 4 && Fill()) {
  }
  if (!status_.ok()) return false;
  if (in_->size() == 0) return Fail(where, "empty file (expected EndNote XML)");
  const std::string_view head(in_->data(), std::min<size_t>(in_->size(), 3));
  if (head == "\xEF\xBB\xBF") in_->Consume(3);
  if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF")) {
    return Fail(where, "the file is UTF-16; save it as UTF-8 and import again");
  }
  for (;;) {
    size_t i = 0;
    while (i < in_->size() && IsSpace(in_->data()[i])) ++i;
    Consume(i);
    if (in_->size() < 12 && Fill()) continue;
    if (!status_.ok()) return false;
    const std::string_view w(in_->data(), in_->size());
    const std::string here = name_ + ":" + std::to_string(line_);
    if (w.empty()) return Fail(here, "no root element (expected <xml><records>)");
    if (w[0] != '<') return Fail(here, "not EndNote XML (text before the root element)");
    const bool comment = w.starts_with("<!--");
    if (comment || w.starts_with("<?") || w.starts_with("<!")) {
      const bool declaration = w.starts_with("<?xml ");
      const std::string_view close = comment ? "-->" : (w[1] == '?' ? "?>" : ">");
      const size_t end = Find(2, close);  // may refill: w is stale after this
      if (end == std::string_view::npos) {
        if (!status_.ok()) return false;
        return Fail(here, "markup not closed before the end of the file");
      }
      if (declaration && !ReadDeclaration(end)) return false;
      Consume(end + close.size());
      continue;
    }
    const size_t name_end = w.find_first_of(" \t\r\n>/", 1);
    const std::string root(w.substr(1, std::min<size_t>(name_end, 41) - 1));
    if (root == "xml" || root == "records") return true;
    return Fail(here, "not EndNote XML (root element <" + root + ">, expected <xml>)");
  }
}

// Moves the window to the next <record> start tag, dropping what comes
// before it (other markup, comments, CDATA); false at the end of the input or
// on an error.
bool EndnoteXmlReader::FindRecordStart() {
  for (;;) {
    const void* lt = std::memchr(in_->data(), '<', in_->size());
    if (lt == nullptr) {
      Consume(in_->size());
      if (!Fill()) return false;
      continue;
    }
    Consume(static_cast<size_t>(static_cast<const char*>(lt) - in_->data()));
    while (in_->size() < 9 && Fill()) {
    }
    if (!status_.ok()) return false;
    const std::string_view w(in_->data(), in_->size());
    const bool comment = w.starts_with("<!--");
    if (comment || w.starts_with("<![CDATA[")) {
      const std::string_view close = comment ? "-->" : "]]>";
      const size_t end = Find(4, close);
      if (end == std::string_view::npos) {
        if (!status_.ok()) return false;
        return Fail(name_ + ":" + std::to_string(line_), "comment or CDATA section not closed");
      }
      Consume(end + close.size());
      continue;
    }
    if (w.starts_with(kRecordOpen)) {
      if (w.size() == kRecordOpen.size()) {
        return Fail(Where(), "<record> is not closed before the end of the file (truncated?)");
      }
      const char c = w[kRecordOpen.size()];
      if (IsSpace(c) || c == '>' || c == '/') return true;
      saw_records_ = saw_records_ || c == 's';
    }
    Consume(1);
  }
}

// Offset just past the </record> of the record starting the window, or npos.
size_t EndnoteXmlReader::RecordEnd() {
  const size_t gt = Find(kRecordOpen.size(), ">");
  if (gt == std::string_view::npos) return gt;
  if (in_->data()[gt - 1] == '/') return gt + 1;  // <record/>
  for (size_t from = gt;;) {
    const size_t p = Find(from, kRecordClose);
    if (p == std::string_view::npos) return p;
    size_t i = p + kRecordClose.size();
    for (;; ++i) {
      while (i >= in_->size()) {
        if (!Fill()) return std::string_view::npos;
      }
      if (!IsSpace(in_->data()[i])) break;
    }
    if (in_->data()[i] == '>') return i + 1;
    from = p + 1;  // </records>
  }
}

bool EndnoteXmlReader::ParseRecord(size_t end, core::Record* rec) {
  const std::string where = Where();
  const uint64_t line = line_;
  std::string raw(in_->data(), end);
  if (raw.find('\0') != std::string::npos) {
    return Fail(where, "NUL byte in the record (binary or UTF-16 file?)");
  }
  if (encoding_ == Encoding::kLatin1) {
    raw = core::Latin1ToUtf8(raw);
  } else if (!core::IsValidUtf8(raw)) {
    raw = core::SanitizeUtf8(raw);
  }
  Consume(end);
  raw = UnixLineEnds(raw);
  pugi::xml_document doc;
  const pugi::xml_parse_result r = doc.load_buffer(
      raw.data(), raw.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
  if (!r) {
    const size_t at = std::min(raw.size(), static_cast<size_t>(std::max<ptrdiff_t>(r.offset, 0)));
    const auto nl = std::count(raw.begin(), raw.begin() + static_cast<ptrdiff_t>(at), '\n');
    return Fail(where, std::string("XML error: ") + r.description() + " at line " +
                           std::to_string(line + static_cast<uint64_t>(nl)));
  }
  *rec = core::Record();
  FillRecord(doc.document_element(), rec);
  rec->raw = std::move(raw);
  rec->locator = where;
  ++records_;
  return true;
}

bool EndnoteXmlReader::Start() {
  started_ = true;
  core::Status st = InputStream::Open(path_, name_, &in_, options_.input);
  if (!st.ok()) {
    status_ = st;
    done_ = true;
    return false;
  }
  return SkipProlog();
}

bool EndnoteXmlReader::Next(core::Record* rec) {
  if (done_ || (!started_ && !Start())) return false;
  if (!FindRecordStart()) {
    if (status_.ok() && records_ == 0 && !saw_records_) {
      return Fail(name_ + ":" + std::to_string(line_),
                  "no <records> element before the end of the file (truncated?)");
    }
    done_ = true;
    return false;
  }
  const size_t end = RecordEnd();
  if (end == std::string_view::npos) {
    if (!status_.ok()) return false;
    return Fail(Where(), "<record> is not closed before the end of the file (truncated?)");
  }
  return ParseRecord(end, rec);
}

bool LooksLikeEndnoteXml(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  for (;;) {
    while (!head.empty() && IsSpace(head.front())) head.remove_prefix(1);
    if (!head.starts_with("<?") && !head.starts_with("<!")) break;
    const std::string_view close = head.starts_with("<!--") ? "-->" : ">";
    const size_t end = head.find(close);
    if (end == std::string_view::npos) return false;
    head.remove_prefix(end + close.size());
  }
  if (!head.starts_with("<xml>") && !head.starts_with("<xml ")) return false;
  head.remove_prefix(head.find('>') + 1);
  while (!head.empty() && IsSpace(head.front())) head.remove_prefix(1);
  return head.starts_with("<records>") || head.starts_with("<records ") ||
         head.starts_with("<records/>");
}

}  // namespace parse
