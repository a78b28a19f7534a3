#include "parse/bibtex_reader.h"

#include <algorithm>
#include <memory>
#include <sstream>
#include <utility>
#include <vector>

#include "core/author_name.h"
#include "core/normalize.h"
#include "parse/latex.h"
#include "parse/line_reader.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

using Fields = std::map<std::string, std::string>;

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Bytes of the UTF-8 sequence that `lead` starts.
size_t Utf8Length(char lead) {
  const auto b = static_cast<unsigned char>(lead);
  return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

// Characters of a field, macro or entry-type name.
bool IsNameChar(char c) {
  return !IsSpace(c) && std::string_view("\"#%'(),={}@").find(c) == std::string_view::npos;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Offset of the '"' closing the quoted value opening at `open`, or npos.
size_t QuoteEnd(std::string_view s, size_t open) {
  int depth = 0;
  for (size_t i = open + 1; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '{') {
      ++depth;
    } else if (s[i] == '}') {
      depth = std::max(0, depth - 1);
    } else if (s[i] == '"' && depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

// Offset of the delimiter closing the @comment / @preamble body that opens
// at `open` ('{' or '('), or npos.
size_t BodyEnd(std::string_view s, size_t open) {
  if (s[open] == '{') return LatexGroupEnd(s, open);
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && --depth == 0) return i;
  }
  return std::string_view::npos;
}

// Identifiers and URLs: braces dropped and \_ \% \& \# \$ \~ unescaped, no
// other LaTeX.
std::string Verbatim(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '{' || s[i] == '}') continue;
    if (s[i] == '\\' && i + 1 < s.size() &&
        std::string_view("_%&#$~{}").find(s[i + 1]) != std::string_view::npos) {
      ++i;
    }
    out += s[i];
  }
  return core::CollapseSpace(out);
}

}  // namespace

namespace {

// --- Fields to core::Record ---------------------------------------------

std::string Raw(const Fields& f, const char* name) {
  auto it = f.find(name);
  return it == f.end() ? std::string() : it->second;
}

std::string Text(const Fields& f, const char* name) {
  return core::CollapseSpace(LatexToUnicode(Raw(f, name)));
}

std::string FirstText(const Fields& f, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    std::string t = Text(f, name);
    if (!t.empty()) return t;
  }
  return "";
}

std::string KindOf(const std::string& type) {
  static const std::map<std::string_view, std::string_view> kKinds = {
      {"article", "article"},
      {"book", "book"},
      {"booklet", "book"},
      {"collection", "book"},
      {"inbook", "book-chapter"},
      {"incollection", "book-chapter"},
      {"inproceedings", "conference-paper"},
      {"conference", "conference-paper"},
      {"proceedings", "conference-paper"},
      {"phdthesis", "thesis"},
      {"mastersthesis", "thesis"},
      {"thesis", "thesis"},
      {"techreport", "report"},
      {"report", "report"},
      {"dataset", "dataset"},
  };
  auto it = kKinds.find(type);
  return std::string(it == kKinds.end() ? "other" : it->second);
}

// The names of an author field: split at "and" outside braces.
std::vector<std::string_view> SplitNames(std::string_view s) {
  std::vector<std::string_view> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '{') ++depth;
    if (s[i] == '}') depth = std::max(0, depth - 1);
    if (depth > 0 || i == 0 || i + 4 > s.size() || !IsSpace(s[i - 1]) || !IsSpace(s[i + 3]) ||
        Lower(s.substr(i, 3)) != "and") {
      continue;
    }
    out.push_back(s.substr(start, i - start));
    start = i + 3;
  }
  out.push_back(s.substr(start));
  return out;
}

// The parts of one name between commas outside braces, decoded; empty
// parts kept (a trailing comma matters).
std::vector<std::string> CommaParts(std::string_view s) {
  std::vector<std::string> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] == '{') ++depth;
    if (i < s.size() && s[i] == '}') depth = std::max(0, depth - 1);
    if (i == s.size() || (s[i] == ',' && depth == 0)) {
      out.push_back(core::CollapseSpace(LatexToUnicode(s.substr(start, i - start))));
      start = i + 1;
    }
  }
  return out;
}

bool IsSuffix(std::string_view s) {
  for (std::string_view x : {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"}) {
    if (s == x) return true;
  }
  return false;
}

void AddName(std::string_view raw, std::vector<core::Author>* authors) {
  const std::string trimmed = core::CollapseSpace(raw);
  const std::string_view name = trimmed;
  if (name.empty() || Lower(name) == "others") return;
  if (name.front() == '{' && LatexGroupEnd(name, 0) == name.size() - 1) {
    core::Author group;
    group.collective = core::CollapseSpace(LatexToUnicode(name.substr(1, name.size() - 2)));
    if (!group.collective.empty()) authors->push_back(std::move(group));
    return;
  }
  std::vector<std::string> parts = CommaParts(name);
  const bool trailing = parts.size() > 1 && parts.back().empty();
  if (trailing) parts.pop_back();
  if (parts.size() % 2 == 0 && (parts.size() >= 4 || trailing)) {
    // The Cochrane Library's "Smith, J, Jones, K, and Lee, M".
    for (size_t i = 0; i < parts.size(); i += 2) {
      authors->push_back(core::ParseAuthorName(parts[i] + ", " + parts[i + 1]));
    }
    return;
  }
  if (parts.size() == 3 && IsSuffix(parts[1])) {  // "von Last, Jr, First"
    authors->push_back(core::ParseAuthorName(parts[0] + ", " + parts[2] + ", " + parts[1]));
    return;
  }
  std::string joined;
  for (const std::string& p : parts) joined += (joined.empty() ? "" : ", ") + p;
  core::Author a = core::ParseAuthorName(joined);
  if (!a.family.empty() || !a.given.empty()) authors->push_back(std::move(a));
}

void AddKeywords(const std::string& text, core::Record* rec) {
  const char* separators = text.find(';') != std::string::npos ? ";" : ",";
  for (std::string& k : SplitList(text, separators)) rec->keywords.push_back(std::move(k));
}

void AddIssnIsbn(const Fields& f, core::Record* rec) {
  for (const std::string& token : SplitList(Verbatim(Raw(f, "issn")), " ,;")) {
    std::string issn = core::NormalizeIssn(token);
    if (!issn.empty()) rec->issn.push_back(std::move(issn));
  }
  for (const std::string& token : SplitList(Verbatim(Raw(f, "isbn")), " ,;")) {
    std::string digits;
    for (char c : token) {
      if (IsDigit(c) || c == 'X' || c == 'x') digits += static_cast<char>(std::toupper(c));
    }
    if (digits.size() == 10 || digits.size() == 13) AddUnique(&rec->other_ids, "isbn:" + digits);
  }
}

// doi, pmid, pmcid and a Scopus EID from the url field.
void AddUrlIds(const std::string& url, core::Record* rec, std::string* eid) {
  const std::string lower = Lower(url);
  if (rec->doi.empty() && lower.find("doi.org/") != std::string::npos) {
    rec->doi = core::NormalizeDoi(url);
  }
  if (lower.find("ncbi.nlm.nih.gov") != std::string::npos ||
      lower.find("pubmed") != std::string::npos) {
    if (rec->pmid.empty() && lower.find("/pmc") == std::string::npos) rec->pmid = PmidFromText(url);
    if (rec->pmcid.empty()) rec->pmcid = PmcidFromText(url);
  }
  const size_t at = lower.find("eid=");
  if (lower.find("scopus.com") != std::string::npos && at != std::string::npos) {
    *eid = url.substr(at + 4, url.find('&', at) - at - 4);
  }
}

void AddIds(const Fields& f, core::Record* rec) {
  rec->doi = core::NormalizeDoi(Verbatim(Raw(f, "doi")));
  for (const char* name : {"pmid", "pubmed_id", "pubmed"}) {
    if (rec->pmid.empty()) rec->pmid = PmidFromText(Verbatim(Raw(f, name)));
  }
  if (rec->pmid.empty() && Lower(Verbatim(Raw(f, "eprinttype"))) == "pubmed") {
    rec->pmid = PmidFromText(Verbatim(Raw(f, "eprint")));
  }
  rec->pmcid = PmcidFromText(Verbatim(Raw(f, "pmcid")));
  const std::string note = Text(f, "note");
  if (const size_t at = note.find("PMID"); rec->pmid.empty() && at != std::string::npos) {
    rec->pmid = PmidFromText(note.substr(at, note.find_first_of(";,", at) - at));
  }
  AddIssnIsbn(f, rec);
}

// The database a "source" field names: Scopus writes source = {Scopus}, but
// JabRef's MEDLINE import keeps the citation ("Adv Biomed Res. 2016 ...")
// there, so only a known database name counts.
std::string DatabaseOf(const std::string& source) {
  static const std::string_view kKnown[] = {
      "scopus", "wos",      "pubmed",    "medline",        "embase", "psycinfo",
      "cinahl", "cochrane", "europepmc", "google-scholar", "lens",   "dimensions"};
  const std::string db = CanonicalDatabase(source);
  if (source.size() > 40 ||
      std::find(std::begin(kKnown), std::end(kKnown), db) == std::end(kKnown)) {
    return "";
  }
  return db;
}

void FillRecord(const std::string& type, const std::string& key, const Fields& f,
                core::Record* rec) {
  rec->format = "bibtex";
  rec->kind = KindOf(type);
  rec->title = Text(f, "title");
  const std::string authors = Raw(f, "author");
  for (std::string_view name : SplitNames(authors)) AddName(name, &rec->authors);
  rec->journal = FirstText(f, {"journal", "journaltitle", "booktitle"});
  rec->journal_abbrev = FirstText(f, {"abbrev_source_title", "shortjournal"});
  rec->year = core::YearFromDate(Text(f, "year"));
  if (rec->year == 0) rec->year = core::YearFromDate(Text(f, "date"));
  rec->volume = Text(f, "volume");
  rec->issue = FirstText(f, {"number", "issue"});
  rec->pages = core::CollapseSpace(LatexToUnicode(Raw(f, "pages"), /*dashes=*/false));
  if (rec->pages.empty()) rec->pages = Text(f, "art_number");  // Scopus: the e-locator
  rec->abstract = Text(f, "abstract");
  AddKeywords(Text(f, "keywords"), rec);
  AddKeywords(Text(f, "author_keywords"), rec);
  AddUnique(&rec->language, Text(f, "language"));
  AddUnique(&rec->publication_types, Text(f, "document_type"));
  AddIds(f, rec);
  std::string eid;
  AddUrlIds(Verbatim(Raw(f, "url")), rec, &eid);
  rec->source = DatabaseOf(Text(f, "source"));
  if (rec->source == "scopus" && !eid.empty()) {
    rec->source_id = eid;
  } else if ((rec->source == "pubmed" || rec->source == "medline") && !rec->pmid.empty()) {
    rec->source_id = rec->pmid;
  } else if (!key.empty()) {
    rec->source_id = key;
    rec->source_id_local = true;
  }
  if (!key.empty()) rec->other_ids.push_back("bibkey:" + key);
  FinishRecord(rec);
}

// Months as BibTeX's standard styles define them.
std::map<std::string, std::string> MonthMacros() {
  static const char* const kMonths[] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};
  std::map<std::string, std::string> m;
  for (const char* month : kMonths) m[Lower(std::string_view(month).substr(0, 3))] = month;
  return m;
}

}  // namespace

// --- The reader ------------------------------------------------------------

BibtexReader::BibtexReader(std::string path, std::string display_name, BibtexReaderOptions options)
    : path_(std::move(path)),
      name_(display_name.empty() ? path_ : std::move(display_name)),
      options_(options) {}

uint64_t BibtexReader::bytes_consumed() const {
  if (text_.empty()) return file_bytes_;
  return static_cast<uint64_t>(static_cast<double>(file_bytes_) * static_cast<double>(pos_) /
                               static_cast<double>(text_.size()));
}

bool BibtexReader::Fail(uint64_t line, const std::string& why) {
  if (status_.ok()) {
    status_ = core::Status::InvalidInput(name_ + ":" + std::to_string(line) + ": " + why);
  }
  done_ = true;
  return false;
}

uint64_t BibtexReader::LineAt(size_t pos) const {
  const size_t end = std::min(pos, text_.size());
  return line_ +
         static_cast<uint64_t>(std::count(text_.begin() + static_cast<ptrdiff_t>(pos_),
                                          text_.begin() + static_cast<ptrdiff_t>(end), '\n'));
}

void BibtexReader::Advance(size_t to) {
  line_ = LineAt(to);
  pos_ = std::max(pos_, std::min(to, text_.size()));
}

// Reads the whole file (see the header: BibTeX is not line-based).
bool BibtexReader::Start() {
  started_ = true;
  macros_ = MonthMacros();
  std::unique_ptr<LineReader> lines;
  core::Status st = LineReader::Open(path_, name_, &lines);
  std::string line;
  for (bool first = true; st.ok() && lines->Next(&line); first = false) {
    if (!first) text_ += '\n';
    text_ += line;
    if (text_.size() > options_.max_file_size) {
      return Fail(lines->line_number(),
                  "file larger than " + std::to_string(options_.max_file_size) + " bytes");
    }
  }
  if (st.ok()) st = lines->status();
  if (!st.ok()) {
    status_ = st;
    done_ = true;
    return false;
  }
  file_bytes_ = lines->bytes_consumed();
  if (text_.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Fail(1, "empty file (expected BibTeX entries such as @article{key, ...})");
  }
  return true;
}

bool BibtexReader::Unterminated(size_t start) {
  return Fail(LineAt(start),
              "entry not closed before the end of the file "
              "(unbalanced braces or quotes, or a missing '}')");
}

bool BibtexReader::Expected(size_t p, size_t start, const std::string& what) {
  if (p >= text_.size()) return Unterminated(start);
  std::string found = text_.substr(p, Utf8Length(text_[p]));
  if (found == "\n") found = "a line end";
  return Fail(LineAt(p), "expected " + what + ", found '" + found +
                             "' (in the entry starting at line " + std::to_string(LineAt(start)) +
                             ")");
}

bool BibtexReader::ParseValue(size_t* p, char close, size_t start, std::string* out) {
  for (;;) {
    while (*p < text_.size() && IsSpace(text_[*p])) ++*p;
    if (*p >= text_.size()) return Unterminated(start);
    const char c = text_[*p];
    if (c == '{' || c == '"') {
      const size_t end = c == '{' ? LatexGroupEnd(text_, *p) : QuoteEnd(text_, *p);
      if (end == std::string::npos) return Unterminated(start);
      out->append(text_, *p + 1, end - *p - 1);
      *p = end + 1;
    } else if (IsNameChar(c) && c != close) {
      const size_t from = *p;
      while (*p < text_.size() && IsNameChar(text_[*p]) && text_[*p] != close) ++*p;
      const std::string word = text_.substr(from, *p - from);
      auto it = macros_.find(Lower(word));
      if (IsDigit(c)) {
        out->append(word);
      } else if (it != macros_.end()) {
        out->append(it->second);
      }
    } else {
      return Expected(*p, start, "a value ({...}, \"...\", a number or a @string name)");
    }
    while (*p < text_.size() && IsSpace(text_[*p])) ++*p;
    if (*p >= text_.size() || text_[*p] != '#') return true;
    ++*p;
  }
}

// Reads "name = value" pairs up to the entry's closing delimiter.
bool BibtexReader::ParseFields(size_t* p, char close, size_t start, Fields* fields) {
  for (;;) {
    while (*p < text_.size() && (IsSpace(text_[*p]) || text_[*p] == ',')) ++*p;
    if (*p >= text_.size()) return Unterminated(start);
    if (text_[*p] == close) {
      ++*p;
      return true;
    }
    std::string name;  // Scopus writes "funding_text 1 = {...}"
    while (*p < text_.size() && IsNameChar(text_[*p]) && text_[*p] != close) {
      const size_t from = *p;
      while (*p < text_.size() && IsNameChar(text_[*p]) && text_[*p] != close) ++*p;
      name += (name.empty() ? "" : " ") + Lower(std::string_view(text_).substr(from, *p - from));
      while (*p < text_.size() && IsSpace(text_[*p])) ++*p;
    }
    if (name.empty()) return Expected(*p, start, "a field name");
    if (*p >= text_.size() || text_[*p] != '=') {
      return Expected(*p, start, "'=' after the field name '" + name + "'");
    }
    ++*p;
    std::string value;
    if (!ParseValue(p, close, start, &value)) return false;
    fields->emplace(name, std::move(value));  // the first of two same-named fields wins
    while (*p < text_.size() && IsSpace(text_[*p])) ++*p;
    if (*p < text_.size() && text_[*p] != ',' && text_[*p] != close) {
      return Expected(*p, start,
                      std::string("',' or '") + close + "' after the field '" + name + "'");
    }
  }
}

bool BibtexReader::ParseStringMacro(size_t* p, char close, size_t start) {
  Fields defined;
  if (!ParseFields(p, close, start, &defined)) return false;
  for (auto& [name, value] : defined) macros_[name] = std::move(value);
  return true;
}

// Reads the entry whose '@' is at `at`. True with *rec filled for a record;
// false for anything else (not an entry, @string, @comment, or an error).
bool BibtexReader::ReadEntry(size_t at, core::Record* rec) {
  Advance(at);
  size_t p = at + 1;
  while (p < text_.size() && IsSpace(text_[p])) ++p;
  const size_t type_start = p;
  while (p < text_.size() && (IsLetter(text_[p]) || IsDigit(text_[p]) || text_[p] == '_')) ++p;
  const std::string type = Lower(std::string_view(text_).substr(type_start, p - type_start));
  while (p < text_.size() && IsSpace(text_[p])) ++p;
  if (type.empty() || !IsLetter(type[0]) || p >= text_.size() ||
      (text_[p] != '{' && text_[p] != '(')) {
    pos_ = at + 1;  // an '@' in the text between entries
    return false;
  }
  saw_entry_ = true;
  const char close = text_[p++] == '{' ? '}' : ')';
  if (type == "comment" || type == "preamble") {
    // Once a @comment body ran to the end of the file, later ones would too
    // (scanning each to the end again would be quadratic): their word alone
    // is ignored, as BibTeX itself does.
    const bool skip_body = type == "preamble" || !unclosed_comment_;
    const size_t end = skip_body ? BodyEnd(text_, p - 1) : std::string::npos;
    if (end != std::string::npos) {
      Advance(end + 1);
    } else if (type == "comment") {
      unclosed_comment_ = true;
      Advance(p);
    } else {
      return Unterminated(at);
    }
    return false;
  }
  if (type == "string") {
    if (ParseStringMacro(&p, close, at)) Advance(p);
    return false;
  }
  // The key runs to the first comma; it may hold blanks (the Cochrane
  // Library writes "@article{Alves Galvão14,"). Without a key the entry starts
  // with "name =".
  size_t key_end = p;
  while (key_end < text_.size() &&
         std::string_view(",=\n").find(text_[key_end]) == std::string_view::npos &&
         text_[key_end] != close) {
    ++key_end;
  }
  std::string key;
  if (key_end >= text_.size() || text_[key_end] != '=') {
    key = core::CollapseSpace(std::string_view(text_).substr(p, key_end - p));
    p = key_end;
  }
  Fields fields;
  if (!ParseFields(&p, close, at, &fields)) return false;
  if (p - at > options_.max_entry_size) {
    return Fail(line_, "entry longer than " + std::to_string(options_.max_entry_size) + " bytes");
  }
  *rec = core::Record();
  FillRecord(type, key, fields, rec);
  rec->raw = text_.substr(at, p - at);
  rec->locator = name_ + ":" + std::to_string(line_);
  Advance(p);
  return true;
}

bool BibtexReader::Next(core::Record* rec) {
  if (done_ || (!started_ && !Start())) return false;
  for (;;) {
    const size_t at = text_.find('@', pos_);
    if (at == std::string::npos) {
      done_ = true;
      Advance(text_.size());
      if (!saw_entry_) return Fail(1, "no BibTeX entry found (expected @article{key, ...})");
      return false;
    }
    if (ReadEntry(at, rec)) return true;
    if (done_) return false;
  }
}

bool LooksLikeBibtex(std::string_view head) {
  static const std::string_view kTypes[] = {
      "article",      "book",          "booklet",    "conference",    "inbook",
      "incollection", "inproceedings", "manual",     "mastersthesis", "misc",
      "phdthesis",    "proceedings",   "techreport", "unpublished",   "online",
      "report",       "thesis",        "dataset",    "collection",    "patent",
      "electronic",   "software",      "string",     "comment",       "preamble"};
  for (size_t line = 0; line < head.size();) {
    size_t i = line;
    while (i < head.size() && (head[i] == ' ' || head[i] == '\t')) ++i;
    const size_t eol = std::min(head.find('\n', line), head.size());
    if (i < head.size() && head[i] == '@') {
      size_t j = i + 1;
      while (j < eol && IsLetter(head[j])) ++j;
      const std::string type = Lower(head.substr(i + 1, j - i - 1));
      while (j < eol && (head[j] == ' ' || head[j] == '\t')) ++j;
      const bool open = j < eol && (head[j] == '{' || head[j] == '(');
      if (open && std::find(std::begin(kTypes), std::end(kTypes), type) != std::end(kTypes)) {
        return true;
      }
    }
    line = eol + 1;
  }
  return false;
}

}  // namespace parse
