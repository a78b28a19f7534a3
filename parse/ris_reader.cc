#include "parse/ris_reader.h"

#include <algorithm>
#include <utility>

#include "core/author_name.h"
#include "core/normalize.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

// ---------------------------------------------------------------------------
// Characters and small string helpers (ASCII only; values are UTF-8).

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlpha(char c) { return IsUpper(c) || (c >= 'a' && c <= 'z'); }
bool IsBlank(char c) { return c == ' ' || c == '\t'; }
char ToUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }
char ToLower(char c) { return IsUpper(c) ? static_cast<char>(c + 32) : c; }

bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToLower(c);
  return out;
}

bool IStartsWith(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (ToLower(s[i]) != ToLower(prefix[i])) return false;
  }
  return true;
}

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
}

// The parts of `text` between any of `separators`, trimmed, empty ones dropped.
std::vector<std::string_view> Split(std::string_view text, std::string_view separators) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() &&
        std::none_of(separators.begin(), separators.end(), [&](char c) { return c == text[i]; })) {
      continue;
    }
    std::string_view part = Trim(text.substr(start, i - start));
    if (!part.empty()) out.push_back(part);
    start = i + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Tag lines.

constexpr uint16_t MakeTag(char a, char b) {
  return static_cast<uint16_t>((static_cast<unsigned char>(a) << 8) |
                               static_cast<unsigned char>(b));
}
constexpr uint16_t T(const char (&s)[3]) { return MakeTag(s[0], s[1]); }

// The standard RIS tags (and the common vendor ones): the only tags accepted
// when a line is not in the canonical "XX  - " form, so that text such as
// "IL - 6 levels" or "Co-management" stays text.
bool IsKnownTag(uint16_t tag) {
  static constexpr std::string_view kKnown =
      "TYERAUA1A2A3A4ABADANAVBTC1C2C3C4C5C6C7C8CACNCPCTCYDADBDODPEDEPETIDISJ1J2JAJFJOKWL1L2L3"
      "L4LALBLKM1M2M3N1N2NVOPPBPPPTPYRIRNRPSESNSPSTT1T2T3TATITTU1U2U3U4U5URVLVOY1Y2Y3";
  for (size_t i = 0; i + 1 < kKnown.size(); i += 2) {
    if (MakeTag(kKnown[i], kKnown[i + 1]) == tag) return true;
  }
  return false;
}

// Whether `line` is a tag line; sets *tag (upper-cased) and *value (trimmed).
bool ParseTagLine(std::string_view line, uint16_t* tag, std::string_view* value) {
  if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // a BOM of a concatenated file
  if (line.size() < 3 || !IsAlpha(line[0]) || !(IsAlpha(line[1]) || IsDigit(line[1]))) {
    return false;
  }
  *tag = MakeTag(ToUpper(line[0]), ToUpper(line[1]));
  if (IsUpper(line[0]) && (IsUpper(line[1]) || IsDigit(line[1])) && line.substr(2, 3) == "  -") {
    *value = Trim(line.substr(5));
    return true;
  }
  size_t i = 2;
  while (i < line.size() && IsBlank(line[i])) ++i;
  if (i == line.size() || line[i] != '-' || !IsKnownTag(*tag)) return false;
  bool spaced = i > 2;
  ++i;
  // "TY- JOUR" and "ER-" are tags, "ER-positive" is text.
  if (!spaced && i < line.size() && !IsBlank(line[i])) return false;
  *value = Trim(line.substr(i));
  return true;
}

// ---------------------------------------------------------------------------
// Access to a record's fields.

class Fields {
 public:
  Fields(const RisField* fields, size_t n) : fields_(fields), n_(n) {}

  // The value of field i, "" for R's "NA".
  static std::string_view Value(const RisField& f) {
    std::string_view v = f.value;
    return v == "NA" ? std::string_view() : v;
  }

  size_t size() const { return n_; }
  const RisField& at(size_t i) const { return fields_[i]; }

  // The first non-empty value of `tag`, "" when none.
  std::string_view First(uint16_t tag) const {
    for (size_t i = 0; i < n_; ++i) {
      if (fields_[i].tag == tag && !Value(fields_[i]).empty()) return Value(fields_[i]);
    }
    return {};
  }

  // The non-empty values of `tag`, or of the tags `wanted` accepts, in file
  // order, without copying: `for (std::string_view v : f.All(T("KW")))`.
  class Values {
   public:
    class Iterator {
     public:
      Iterator(const Values* values, size_t i) : values_(values), i_(values->Skip(i)) {}
      std::string_view operator*() const { return Value(values_->fields_->fields_[i_]); }
      Iterator& operator++() {
        i_ = values_->Skip(i_ + 1);
        return *this;
      }
      bool operator!=(const Iterator& other) const { return i_ != other.i_; }

     private:
      const Values* values_;
      size_t i_;
    };

    Values(const Fields* fields, uint16_t tag, bool (*wanted)(uint16_t))
        : fields_(fields), tag_(tag), wanted_(wanted) {}
    Iterator begin() const { return Iterator(this, 0); }
    Iterator end() const { return Iterator(this, fields_->n_); }
    size_t size() const {
      size_t n = 0;
      for (Iterator it = begin(); it != end(); ++it) ++n;
      return n;
    }

   private:
    // The first wanted field at or after i (n_ when none).
    size_t Skip(size_t i) const {
      const RisField* f = fields_->fields_;
      for (; i < fields_->n_; ++i) {
        bool match = wanted_ ? wanted_(f[i].tag) : f[i].tag == tag_;
        if (match && !Value(f[i]).empty()) return i;
      }
      return fields_->n_;
    }

    const Fields* fields_;
    uint16_t tag_;
    bool (*wanted_)(uint16_t);
  };

  Values All(uint16_t tag) const { return Values(this, tag, nullptr); }
  Values All(bool (*wanted)(uint16_t)) const { return Values(this, 0, wanted); }

 private:
  const RisField* fields_;
  size_t n_;
};

// Tags that hold links to the record.
bool IsUrlTag(uint16_t tag) {
  return tag == T("UR") || tag == T("L1") || tag == T("L2") || tag == T("L3") || tag == T("L4") ||
         tag == T("LK");
}
// Free "custom" and "user" fields (U1-U5, C1-C8) and ID, where vendors put
// PMIDs and PMCIDs.
bool IsCustomTag(uint16_t tag) {
  const char a = static_cast<char>(tag >> 8), b = static_cast<char>(tag & 0xFF);
  return (a == 'U' && b >= '1' && b <= '5') || (a == 'C' && b >= '1' && b <= '8') || tag == T("ID");
}
bool IsDoiTag(uint16_t tag) { return tag == T("DO") || tag == T("L3"); }

// ---------------------------------------------------------------------------
// Kind, titles, journal.

std::string KindFromType(std::string_view type) {
  std::string t = core::CollapseSpace(type);
  for (char& c : t) c = ToUpper(c);
  if (t.empty()) return "";
  static const std::pair<std::string_view, std::string_view> kKinds[] = {
      {"JOUR", "article"},
      {"JFULL", "article"},
      {"ABST", "article"},
      {"INPR", "article"},
      {"MGZN", "article"},
      {"NEWS", "article"},
      {"EJOUR", "article"},
      {"BOOK", "book"},
      {"EBOOK", "book"},
      {"EDBOOK", "book"},
      {"CHAP", "book-chapter"},
      {"ECHAP", "book-chapter"},
      {"CONF", "conference-paper"},
      {"CPAPER", "conference-paper"},
      {"THES", "thesis"},
      {"RPRT", "report"},
      {"DATA", "dataset"},
      {"DBASE", "dataset"},
      // Some tools write the type's name instead of its code.
      {"JOURNAL ARTICLE", "article"},
      {"MAGAZINE ARTICLE", "article"},
      {"NEWSPAPER ARTICLE", "article"},
      {"ELECTRONIC ARTICLE", "article"},
      {"EDITED BOOK", "book"},
      {"ELECTRONIC BOOK", "book"},
      {"BOOK SECTION", "book-chapter"},
      {"BOOK CHAPTER", "book-chapter"},
      {"CONFERENCE PAPER", "conference-paper"},
      {"CONFERENCE PROCEEDINGS", "conference-paper"},
      {"THESIS", "thesis"},
      {"REPORT", "report"},
      {"DATASET", "dataset"}};
  for (const auto& [code, kind] : kKinds) {
    if (t == code) return std::string(kind);
  }
  return "other";
}

void MapTitles(const Fields& f, core::Record* rec) {
  bool book = rec->kind == "book";
  std::string_view title = f.First(T("TI"));
  if (title.empty()) title = f.First(T("T1"));
  if (title.empty()) title = f.First(T("CT"));
  if (title.empty() && book) title = f.First(T("BT"));
  if (title.empty()) title = f.First(T("ST"));
  rec->title = title;

  std::string_view journal = f.First(T("JF"));
  if (journal.empty() && !book) journal = f.First(T("T2"));
  if (journal.empty()) journal = f.First(T("JO"));
  if (journal.empty() && !book) journal = f.First(T("BT"));
  rec->journal = core::CollapseSpace(journal);

  std::string_view abbrev;
  for (uint16_t tag : {T("JA"), T("J2"), T("J1"), T("JI"), T("JO")}) {
    abbrev = f.First(tag);
    if (!abbrev.empty()) break;
  }
  std::string a = core::CollapseSpace(abbrev);
  if (a != rec->journal) rec->journal_abbrev = std::move(a);
}

// ---------------------------------------------------------------------------
// Authors.

// Whether `token` is 1-3 capitals, maybe with dots: MEDLINE initials ("SJ").
bool IsInitials(std::string_view token) {
  size_t letters = 0;
  for (char c : token) {
    if (IsUpper(c)) {
      ++letters;
    } else if (c != '.') {
      return false;
    }
  }
  return letters >= 1 && letters <= 3;
}

// Group authors ("CORE Study Group", "World Health Organization"): several
// words without a comma, not "Family INITIALS", naming an organisation.
bool IsCollectiveName(std::string_view text) {
  if (Contains(text, ",")) return false;
  const std::string name = core::CollapseSpace(text);
  size_t last_space = name.rfind(' ');
  if (last_space == std::string::npos ||
      IsInitials(std::string_view(name).substr(last_space + 1))) {
    return false;
  }
  static constexpr std::string_view kWords[] = {
      "group",      "consortium", "collaboration", "collaborative", "committee",    "investigators",
      "network",    "society",    "association",   "organization",  "organisation", "council",
      "institute",  "foundation", "task force",    "working party", "team",         "alliance",
      "agency",     "ministry",   "department",    "trialists",     "panel",        "commission",
      "federation", "university", "centre",        "center",        "program",      "programme"};
  std::string lower = " " + Lower(name) + " ";
  for (char& c : lower) {
    if (!IsAlpha(c) && !IsDigit(c) && static_cast<unsigned char>(c) < 0x80) c = ' ';
  }
  for (std::string_view w : kWords) {
    if (Contains(lower, " " + std::string(w) + " ")) return true;
  }
  return false;
}

bool SameAuthor(const core::Author& a, const core::Author& b) {
  return a.family == b.family && a.given == b.given && a.initials == b.initials &&
         a.collective == b.collective;
}

void AddAuthor(std::string_view name, bool skip_known, core::Record* rec) {
  std::string_view trimmed = Trim(name);
  while (!trimmed.empty() && (trimmed.back() == ',' || trimmed.back() == '.')) {
    trimmed = Trim(trimmed.substr(0, trimmed.size() - 1));
  }
  for (std::string_view none : {"", "et al", "anon", "anonymous"}) {
    if (trimmed.size() == none.size() && IStartsWith(trimmed, none)) return;
  }
  core::Author a;
  if (IsCollectiveName(trimmed)) {
    a.collective = core::CollapseSpace(trimmed);
  } else {
    a = core::ParseAuthorName(name);
    if (a.family.empty() && a.given.empty()) return;
  }
  if (skip_known && std::any_of(rec->authors.begin(), rec->authors.end(),
                                [&](const core::Author& b) { return SameAuthor(a, b); })) {
    return;
  }
  rec->authors.push_back(std::move(a));
}

// One name, or a list "Smith, J.; Jones, K.".
void AddAuthors(std::string_view value, bool skip_known, core::Record* rec) {
  if (value.find(';') == std::string_view::npos) return AddAuthor(value, skip_known, rec);
  for (std::string_view part : Split(value, ";")) AddAuthor(part, skip_known, rec);
}

void MapAuthors(const Fields& f, core::Record* rec) {
  for (std::string_view v : f.All(T("AU"))) AddAuthors(v, false, rec);
  // A1 is the older spelling of AU; a record carrying both repeats the names.
  bool have_au = !rec->authors.empty();
  for (std::string_view v : f.All(T("A1"))) AddAuthors(v, have_au, rec);
}

// ---------------------------------------------------------------------------
// Abstract and keywords.

bool IsEbscoCopyright(std::string_view text) {
  return text.starts_with("Copyright of ") && Contains(text, " is the property of ");
}

// The values of `tag` joined by a space, repeats and EBSCO's copyright
// notice dropped (white space collapsed when there are several).
std::string JoinedText(const Fields& f, uint16_t tag) {
  Fields::Values values = f.All(tag);
  if (values.size() == 1) {
    std::string_view only = *values.begin();
    return IsEbscoCopyright(only) ? "" : std::string(only);
  }
  std::vector<std::string> parts;
  for (std::string_view v : values) {
    std::string text = core::CollapseSpace(v);
    if (text.empty() || IsEbscoCopyright(text)) continue;
    if (std::find(parts.begin(), parts.end(), text) == parts.end()) parts.push_back(text);
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : " ") + p;
  return out;
}

// `s` without a trailing ellipsis ("text..." or U+2026).
std::string_view WithoutEllipsis(std::string_view s) {
  for (std::string_view e : {"...", "\xE2\x80\xA6"}) {
    if (s.ends_with(e)) return Trim(s.substr(0, s.size() - e.size()));
  }
  return s;
}

// AB, else N2. When both are there and differ, a truncated copy gives way to
// the full one; two different texts are both kept.
std::string MergedAbstract(const Fields& f) {
  std::string ab = JoinedText(f, T("AB"));
  std::string n2 = JoinedText(f, T("N2"));
  if (n2.empty()) return ab;
  if (ab.empty()) return n2;
  ab = core::CollapseSpace(ab);
  n2 = core::CollapseSpace(n2);
  if (ab == n2) return ab;
  if (Contains(ab, WithoutEllipsis(n2))) return ab;
  if (Contains(n2, WithoutEllipsis(ab))) return n2;
  return ab + " " + n2;
}

void MapKeywords(const Fields& f, bool ebsco, core::Record* rec) {
  Fields::Values values = f.All(T("KW"));
  // One KW holding a list ("a; b; c") is split at ';'; several KW tags each
  // hold one keyword (EBSCO's own keywords contain ';').
  bool split_semicolons = values.size() == 1 && !ebsco;
  for (std::string_view v : values) {
    for (std::string_view k : Split(v, split_semicolons ? "\n;" : "\n")) {
      rec->keywords.emplace_back(k);  // FinishRecord collapses white space
    }
  }
}

// ---------------------------------------------------------------------------
// Numbers: year, volume, issue, pages, ISSN/ISBN, language, types.

bool HasLongNumber(std::string_view s) {
  size_t run = 0;
  for (char c : s) {
    run = IsDigit(c) ? run + 1 : 0;
    if (run >= 7) return true;
  }
  return false;
}

void MapNumbers(const Fields& f, core::Record* rec) {
  for (uint16_t tag : {T("PY"), T("Y1"), T("DA")}) {
    for (std::string_view v : f.All(tag)) {
      rec->year = core::YearFromDate(v);
      if (rec->year != 0) break;
    }
    if (rec->year != 0) break;
  }
  rec->volume = f.First(T("VL"));
  if (rec->volume.empty()) rec->volume = f.First(T("VO"));
  rec->issue = f.First(T("IS"));
  // Ovid MEDLINE's "Epub Ahead of Print" records carry the NLM journal ID
  // there ("eag, 7805975"): no issue number has seven digits.
  if (HasLongNumber(rec->issue)) rec->issue.clear();
  // CP is the issue in some RIS dialects and the city or the conference in
  // others (Web of Science): only a short value with a digit is an issue.
  std::string_view cp = f.First(T("CP"));
  if (rec->issue.empty() && cp.size() <= 12 && std::any_of(cp.begin(), cp.end(), IsDigit)) {
    rec->issue = cp;
  }
  std::string_view sp = f.First(T("SP"));
  std::string_view ep = f.First(T("EP"));
  if (sp.empty()) return;  // an end page alone is no page range
  const bool range = sp.find_first_of("-,\xE2") != std::string_view::npos;  // \xE2: en dash
  rec->pages = std::string(sp);
  if (!range && !ep.empty()) rec->pages += "-" + std::string(ep);
}

// SN holds ISSNs ("0964-6906 (Print)0964-6906", "20964129 (ISSN)") or, for
// books, ISBNs ("978-1-4822-5326-9"): runs of digits, 'X' and '-' that make
// 8 (ISSN) or 10/13 (ISBN) characters.
void MapStandardNumbers(const Fields& f, core::Record* rec) {
  for (std::string_view v : f.All(T("SN"))) {
    size_t i = 0;
    while (i < v.size()) {
      if (!IsDigit(v[i])) {
        ++i;
        continue;
      }
      std::string digits;
      while (i < v.size() && (IsDigit(v[i]) || v[i] == '-' || v[i] == 'X' || v[i] == 'x')) {
        if (v[i] != '-') digits.push_back(ToUpper(v[i]));
        ++i;
      }
      size_t x = digits.find('X');
      bool check_x_only = x == std::string::npos || x + 1 == digits.size();
      if (digits.size() == 8 && check_x_only) {
        rec->issn.push_back(core::NormalizeIssn(digits));
      } else if ((digits.size() == 10 && check_x_only) ||
                 (digits.size() == 13 && x == std::string::npos)) {
        AddUnique(&rec->other_ids, "isbn:" + digits);
      }
    }
  }
}

void MapLanguageAndTypes(const Fields& f, core::Record* rec) {
  for (std::string_view v : f.All(T("LA"))) {
    v = v.substr(0, v.find('<'));  // "English <!-- Page not cached ... -->"
    for (std::string_view lang : Split(v, ";,")) AddUnique(&rec->language, lang);
  }
  for (std::string_view v : f.All(T("PT"))) {
    for (std::string_view t : Split(v, ";\n")) rec->publication_types.emplace_back(t);
  }
  for (std::string_view v : f.All(T("M3"))) {
    // M3 is the type of work, or (Scopus, ScienceDirect) a DOI.
    if (IStartsWith(v, "doi") || v.starts_with("10.")) continue;
    if (AllDigits(v)) continue;
    rec->publication_types.emplace_back(v);
  }
}

// ---------------------------------------------------------------------------
// Links and notes, lower-cased once per record for the searches below.

struct Text {
  std::string_view text;
  std::string lower;
  uint16_t tag = 0;
};

struct IdSources {
  std::vector<Text> urls;   // UR, L1-L4, LK
  std::vector<Text> notes;  // N1

  explicit IdSources(const Fields& f) {
    for (size_t i = 0; i < f.size(); ++i) {
      std::string_view v = Fields::Value(f.at(i));
      uint16_t tag = f.at(i).tag;
      if (v.empty()) continue;
      if (IsUrlTag(tag)) {
        urls.push_back({v, Lower(v), tag});
      } else if (tag == T("N1")) {
        notes.push_back({v, Lower(v), tag});
      }
    }
  }
};

// The value of the query parameter `name` (ASCII case-insensitive) in `url`.
std::string_view QueryParam(std::string_view url, std::string_view name) {
  for (size_t i = url.find_first_of("?&#;"); i != std::string_view::npos;
       i = url.find_first_of("?&#;", i + 1)) {
    std::string_view rest = url.substr(i + 1);
    if (rest.size() > name.size() && rest[name.size()] == '=' && IStartsWith(rest, name)) {
      rest.remove_prefix(name.size() + 1);
      return rest.substr(0, rest.find_first_of("&#"));
    }
  }
  return {};
}

// EBSCOhost database codes (DB tag, "db=" in links) to database names.
std::string_view EbscoDatabase(std::string_view code) {
  static const std::pair<std::string_view, std::string_view> kCodes[] = {
      {"a9h", "Academic Search Complete"},
      {"aph", "Academic Search Premier"},
      {"ecn", "EconLit"},
      {"8gh", "GreenFILE"},
      {"egh", "Environment Index"},
      {"psyh", "APA PsycInfo"},
      {"rzh", "CINAHL Plus"},
      {"ccm", "CINAHL Complete"},
      {"cin20", "CINAHL"},
      {"cmedm", "MEDLINE"},
      {"mdc", "MEDLINE Complete"},
      {"mnh", "MEDLINE with Full Text"},
      {"eric", "ERIC"}};
  code = Trim(code);
  if (code.size() > 5) return {};
  for (const auto& [k, name] : kCodes) {
    if (code.size() == k.size() && IStartsWith(code, k)) return name;
  }
  return {};
}

// The database of an Ovid link's "D=" code ("medp", "pmnm8", "emed21", "psyc7").
std::string OvidDatabase(std::string_view code) {
  std::string c = Lower(code);
  if (c.starts_with("med") || c.starts_with("prem") || c.starts_with("pmnm")) return "medline";
  if (c.starts_with("emed") || c.starts_with("emba") || c.starts_with("emez") ||
      c.starts_with("oemez")) {
    return "embase";
  }
  if (c.starts_with("psyc")) return "psycinfo";
  if (c.starts_with("caba")) return "cab";
  return "";
}

// A record's page at its database, which names the database and the
// record's accession there.
struct VendorLink {
  std::string source;
  std::string accession;
};

// The path segment after `marker` in `url`, up to '/', '?' or '#'.
std::string_view Segment(const Text& url, std::string_view marker) {
  size_t at = url.lower.find(marker);
  if (at == std::string::npos) return {};
  std::string_view rest = url.text.substr(at + marker.size());
  return rest.substr(0, rest.find_first_of("/?#&"));
}

VendorLink LinkOf(const Text& url) {
  if (Contains(url.lower, "scopus.com")) {
    std::string_view eid = QueryParam(url.text, "eid");
    if (!eid.empty()) return {"scopus", std::string(eid)};
  }
  if (Contains(url.lower, "ebscohost.com")) {
    std::string_view an = QueryParam(url.text, "AN");
    std::string_view db = EbscoDatabase(QueryParam(url.text, "db"));
    if (!an.empty()) return {db.empty() ? "" : CanonicalDatabase(db), std::string(an)};
  }
  if (Contains(url.lower, "ovid")) {
    std::string_view an = QueryParam(url.text, "AN");
    if (!an.empty()) return {OvidDatabase(QueryParam(url.text, "D")), std::string(an)};
  }
  std::string_view pub = Segment(url, "app.dimensions.ai/details/publication/");
  if (pub.starts_with("pub.")) return {"dimensions", std::string(pub)};
  std::string_view lens = Segment(url, "lens.org/");
  if (lens.size() >= 15 && IsDigit(lens[0]) && lens[3] == '-') return {"lens", std::string(lens)};
  return {};
}

VendorLink FirstVendorLink(const IdSources& ids) {
  for (const Text& url : ids.urls) {
    VendorLink link = LinkOf(url);
    if (!link.accession.empty()) return link;
  }
  return {};
}

// ---------------------------------------------------------------------------
// DOI.

// A DOI in a link: a doi.org link, a "doi=" parameter, a ".../doi/..." path
// or a path segment "/10.NNNN/..." (link.springer.com); "" otherwise.
std::string DoiFromUrl(const Text& url) {
  size_t at = url.lower.find("doi.org/");
  if (at != std::string::npos) return core::NormalizeDoi(url.text.substr(at + 8));
  std::string_view param = QueryParam(url.text, "doi");
  if (!param.empty()) return core::NormalizeDoi(param);
  std::string_view path = url.text.substr(0, url.text.find_first_of("?#"));
  at = url.lower.find("/doi/");
  if (at != std::string::npos && at < path.size()) return core::NormalizeDoi(path.substr(at));
  for (at = url.lower.find("/10."); at != std::string::npos && at < path.size();
       at = url.lower.find("/10.", at + 1)) {
    size_t end = at + 4;
    while (end < path.size() && IsDigit(path[end])) ++end;
    if (end - at - 4 >= 4 && end < path.size() && path[end] == '/') {
      return core::NormalizeDoi(path.substr(at + 1));
    }
  }
  return "";
}

bool LooksLikeUrl(std::string_view v) {
  return Contains(v, "://") || v.starts_with("//") || IStartsWith(v, "www.");
}

std::string DoiFromValue(std::string_view v) {
  return LooksLikeUrl(v) ? DoiFromUrl({v, Lower(v), 0}) : core::NormalizeDoi(v);
}

// A DOI labelled as such in a note ("doi: 10.1063/1.1954747", a doi.org
// link); a bare DOI in a note may be a funder's or a cited work's.
std::string DoiFromNote(const Text& note) {
  for (size_t at = note.lower.find("doi"); at != std::string::npos;
       at = note.lower.find("doi", at + 3)) {
    std::string_view rest = note.text.substr(at + 3);
    if (rest.starts_with(".org/") || rest.starts_with(":") || rest.starts_with(" 10.")) {
      std::string doi = core::NormalizeDoi(rest.substr(0, rest.find_first_of("\n;")));
      if (!doi.empty()) return doi;
    }
  }
  return "";
}

std::string FindDoi(const Fields& f, const IdSources& ids) {
  for (std::string_view v : f.All(IsDoiTag)) {
    std::string doi = DoiFromValue(v);
    if (!doi.empty()) return doi;
  }
  for (std::string_view v : f.All(T("M3"))) {
    if (IStartsWith(v, "doi") || v.starts_with("10.")) {
      std::string doi = core::NormalizeDoi(v);
      if (!doi.empty()) return doi;
    }
  }
  for (const Text& url : ids.urls) {
    if (url.tag != T("UR") && url.tag != T("L4")) continue;  // L1/L2 may be a supplement's
    std::string doi = DoiFromUrl(url);
    if (!doi.empty()) return doi;
  }
  for (const Text& note : ids.notes) {
    std::string doi = DoiFromNote(note);
    if (!doi.empty()) return doi;
  }
  return "";
}

// ---------------------------------------------------------------------------
// PMID and PMCID.

// A PMID written with a label: "PMID: 123", "123[pmid]", "123 [PMID]",
// "PUBMED-123"; "" otherwise.
std::string LabelledPmid(std::string_view v) {
  v = Trim(v);
  std::string lower = Lower(v.substr(0, 12));
  size_t at = v.size() <= 24 ? Lower(v).find("[pmid]") : std::string::npos;
  if (at != std::string::npos) {
    std::string_view digits = Trim(v.substr(0, at));
    return AllDigits(digits) && digits.size() <= 9 ? std::string(digits) : "";
  }
  if (lower.starts_with("pubmed-")) {
    std::string_view digits = v.substr(7);
    return AllDigits(digits) && digits.size() <= 9 ? std::string(digits) : "";
  }
  if (lower.starts_with("pmid") || lower.starts_with("pubmed id") || lower.starts_with("pubmed:")) {
    return PmidFromText(v);
  }
  return "";
}

std::string LabelledPmcid(std::string_view v) {
  v = Trim(v);
  bool pmc = IStartsWith(v, "PMC") && v.size() > 3 && IsDigit(v[3]);
  if (pmc || IStartsWith(v, "pmcid") || (v.size() <= 24 && Contains(Lower(v), "[pmcid]"))) {
    return PmcidFromText(v);
  }
  return "";
}

bool IsPubmedSource(std::string_view source) { return source == "pubmed" || source == "medline"; }

bool IsPmid(std::string_view s) { return AllDigits(s) && s.size() <= 9; }

// A note's line or ';'-separated part that begins with `label`.
std::string_view LabelledPart(const Text& note, std::string_view label) {
  for (size_t at = note.lower.find(label); at != std::string::npos;
       at = note.lower.find(label, at + 1)) {
    size_t start = note.text.find_last_of("\n;", at);
    start = start == std::string_view::npos ? 0 : start + 1;
    if (!Trim(note.text.substr(start, at - start)).empty()) continue;
    std::string_view part = note.text.substr(at);
    return part.substr(0, part.find_first_of("\n;"));
  }
  return {};
}

std::string FindPmid(const Fields& f, const IdSources& ids, const std::string& source,
                     const VendorLink& link) {
  std::string_view an = f.First(T("AN"));
  if (IsPubmedSource(source) && IsPmid(an)) return std::string(an);
  if (IsPubmedSource(link.source) && IsPmid(link.accession)) return link.accession;
  for (std::string_view v : f.All(IsCustomTag)) {
    std::string pmid = LabelledPmid(v);
    if (!pmid.empty()) return pmid;
  }
  std::string_view c2 = f.First(T("C2"));  // Scopus writes the PubMed ID there
  if (source == "scopus" && IsPmid(c2)) return std::string(c2);
  for (const Text& url : ids.urls) {
    if (!Contains(url.lower, "pubmed") && !Contains(url.lower, "ncbi.nlm.nih.gov")) continue;
    std::string pmid = PmidFromText(url.text);
    if (!pmid.empty()) return pmid;
  }
  for (const Text& note : ids.notes) {
    for (std::string_view label : {"pmid", "pubmed id"}) {
      std::string pmid = LabelledPmid(LabelledPart(note, label));
      if (!pmid.empty()) return pmid;
    }
  }
  return "";
}

std::string FindPmcid(const Fields& f, const IdSources& ids) {
  for (std::string_view v : f.All(IsCustomTag)) {
    std::string pmcid = LabelledPmcid(v);
    if (!pmcid.empty()) return pmcid;
  }
  std::string pmcid = LabelledPmcid(f.First(T("AN")));
  if (!pmcid.empty()) return pmcid;
  for (const Text& url : ids.urls) {
    if (Contains(url.lower, "ncbi.nlm.nih.gov/pmc/") || Contains(url.lower, "europepmc.org") ||
        Contains(url.lower, "pmc.ncbi.nlm.nih.gov")) {
      pmcid = PmcidFromText(url.text);
      if (!pmcid.empty()) return pmcid;
    }
  }
  for (const Text& note : ids.notes) {
    std::string_view part = LabelledPart(note, "pmcid");
    if (!part.empty()) return PmcidFromText(part);
  }
  return "";
}

// ---------------------------------------------------------------------------
// Source and accession.

// Canonical names of databases (as opposed to platforms such as EBSCOhost,
// Ovid or ProQuest, and to Zotero's "Library Catalog" values).
bool IsDatabase(std::string_view source) {
  static constexpr std::string_view kDatabases[] = {
      "embase",     "psycinfo",  "cinahl",         "econlit", "europepmc",
      "medline",    "pubmed",    "scopus",         "wos",     "cochrane",
      "dimensions", "lens",      "google-scholar", "ctgov",   "agris",
      "cab",        "greenfile", "envindex",       "asp",     "academic-search-complete",
      "eric"};
  return std::find(std::begin(kDatabases), std::end(kDatabases), source) != std::end(kDatabases);
}

std::string DatabaseName(std::string_view name) {
  std::string_view ebsco = EbscoDatabase(name);
  return CanonicalDatabase(ebsco.empty() ? name : ebsco);
}

bool IsWosAccession(std::string_view an) {
  return IStartsWith(an, "WOS:") || IStartsWith(an, "ISI:");
}

std::string FindSource(const Fields& f, const VendorLink& link) {
  std::string_view db = f.First(T("DB"));
  if (!db.empty()) return DatabaseName(db);
  for (std::string_view dp : f.All(T("DP"))) {
    std::string source = DatabaseName(dp);
    if (IsDatabase(source)) return source;
  }
  if (IsWosAccession(f.First(T("AN")))) return "wos";
  return link.source;
}

// "<database>:<accession>" for an accession that is not a PMID or PMCID.
void AddAccessionId(std::string_view an, const VendorLink& link, core::Record* rec) {
  std::string_view accession = Trim(an.substr(0, an.find_first_of("; \n")));
  std::string source = rec->source;
  if (accession.empty() && !link.accession.empty()) {
    accession = link.accession;
    if (!link.source.empty()) source = link.source;
  }
  if (IsWosAccession(accession)) {
    source = "wos";
    accession.remove_prefix(4);
  }
  if (accession.empty() || source.empty() || IsPubmedSource(source) || source == "pmc") return;
  if (IStartsWith(accession, "PMC")) return;
  AddUnique(&rec->other_ids, source + ":" + std::string(accession));
}

void MapIdentifiers(const Fields& f, core::Record* rec) {
  const IdSources ids(f);
  const VendorLink link = FirstVendorLink(ids);
  rec->source = FindSource(f, link);
  std::string_view an = f.First(T("AN"));
  std::string_view id = f.First(T("ID"));
  // ID is the exporting tool's reference number: the database's own
  // accession, in a link to the record, is a better identifier.
  rec->source_id = core::CollapseSpace(!an.empty()               ? an
                                       : !link.accession.empty() ? std::string_view(link.accession)
                                                                 : id);
  rec->doi = FindDoi(f, ids);
  rec->pmid = FindPmid(f, ids, rec->source, link);
  rec->pmcid = FindPmcid(f, ids);
  AddAccessionId(an, link, rec);
}

// ProQuest notes carry "Date revised - 2015-12-01".
void MapDateRevised(const Fields& f, core::Record* rec) {
  for (std::string_view v : f.All(T("N1"))) {
    size_t at = v.find("Date revised - ");
    if (at == std::string_view::npos) continue;
    std::string_view date = v.substr(at + 15, 10);
    if (date.size() == 10 && AllDigits(date.substr(0, 4)) && date[4] == '-' && date[7] == '-' &&
        AllDigits(date.substr(5, 2)) && AllDigits(date.substr(8, 2))) {
      rec->date_revised = date;
      return;
    }
  }
}

void MapRecord(const Fields& f, core::Record* rec) {
  rec->kind = KindFromType(f.First(T("TY")));
  MapTitles(f, rec);
  MapAuthors(f, rec);
  rec->abstract = MergedAbstract(f);
  bool ebsco = IStartsWith(f.First(T("DP")), "EBSCO");
  MapKeywords(f, ebsco, rec);
  MapNumbers(f, rec);
  MapStandardNumbers(f, rec);
  MapLanguageAndTypes(f, rec);
  MapIdentifiers(f, rec);
  MapDateRevised(f, rec);
}

void DropTrailingBlankLines(std::string* text) {
  for (size_t nl = text->rfind('\n'); nl != std::string::npos; nl = text->rfind('\n')) {
    if (!Trim(std::string_view(*text).substr(nl + 1)).empty()) return;
    text->erase(nl);
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// RisReader.

RisReader::RisReader(std::string path, std::string display_name, RisReaderOptions options)
    : path_(std::move(path)),
      name_(display_name.empty() ? path_ : std::move(display_name)),
      options_(options) {}

RisReader::~RisReader() = default;

uint64_t RisReader::bytes_consumed() const { return lines_ ? lines_->bytes_consumed() : 0; }

bool RisReader::Fail(core::Status st) {
  status_ = std::move(st);
  done_ = true;
  return false;
}

bool RisReader::Open() {
  core::Status st = LineReader::Open(path_, name_, &lines_);
  if (!st.ok()) return Fail(st);
  return true;
}

// The end of the input while looking for a TY line.
bool RisReader::End() {
  if (!lines_->status().ok()) return Fail(lines_->status());
  done_ = true;
  if (records_ > 0) return false;
  if (lines_->line_number() == 0) {
    return Fail(core::Status::InvalidInput(name_ + ":1: empty file; expected RIS records"));
  }
  return Fail(core::Status::InvalidInput(name_ + ":1: not RIS: no 'TY  - ' line found"));
}

void RisReader::AddField(uint16_t tag, std::string_view value) {
  if (nfields_ == fields_.size()) fields_.emplace_back();
  RisField& f = fields_[nfields_++];
  f.tag = tag;
  f.value.assign(value);
}

bool RisReader::Next(core::Record* rec) {
  if (done_) return false;
  if (!lines_ && !Open()) return false;
  uint16_t tag = 0;
  std::string_view value;
  for (;;) {
    if (!lines_->Next(&line_)) return End();
    if (ParseTagLine(line_, &tag, &value) && tag == T("TY")) break;
  }
  nfields_ = 0;
  AddField(tag, value);
  return ReadRecord(rec);
}

// Reads the rest of the record whose TY line is line_ (already in fields_).
bool RisReader::ReadRecord(core::Record* rec) {
  *rec = core::Record();
  rec->format = "ris";
  rec->locator = lines_->Where();
  const uint64_t start = lines_->line_number();
  raw_ = line_;
  uint16_t tag = 0;
  std::string_view value;
  bool closed = false;
  while (!closed && lines_->Next(&line_)) {
    bool is_tag = ParseTagLine(line_, &tag, &value);
    if (is_tag && tag == T("TY")) {  // ER missing: the next record starts here
      lines_->Unread();
      break;
    }
    raw_.push_back('\n');
    raw_.append(line_);
    // Each field costs its bookkeeping too: "AB  - x" lines must not slip by.
    if (raw_.size() + nfields_ * sizeof(RisField) > options_.max_record_size) {
      return Fail(core::Status::InvalidInput(lines_->Where(start) + ": record longer than " +
                                             std::to_string(options_.max_record_size) +
                                             " bytes; is its 'ER  - ' line missing?"));
    }
    if (!is_tag) {
      std::string& last = fields_[nfields_ - 1].value;
      last.push_back('\n');
      last.append(Trim(line_));
    } else if (tag == T("ER")) {
      closed = true;
    } else {
      AddField(tag, value);
    }
  }
  if (!lines_->status().ok()) return Fail(lines_->status());
  if (!closed) DropTrailingBlankLines(&raw_);  // they lie between records
  for (size_t i = 0; i < nfields_; ++i) {
    std::string& v = fields_[i].value;  // its start is trimmed already
    while (!v.empty() && IsSpace(v.back())) v.pop_back();
  }
  rec->raw = raw_;
  MapRecord(Fields(fields_.data(), nfields_), rec);
  FinishRecord(rec);
  ++records_;
  return true;
}

bool LooksLikeRis(std::string_view head) {
  bool seen_ty = false;
  size_t pos = 0;
  while (pos < head.size()) {
    size_t end = head.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(pos, end - pos);
    pos = end + 1;
    uint16_t tag = 0;
    std::string_view value;
    if (!ParseTagLine(line, &tag, &value)) continue;
    if (seen_ty) return true;
    if (tag != T("TY")) return false;
    seen_ty = true;
  }
  return false;
}

}  // namespace parse
