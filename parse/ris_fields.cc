// The RIS reader's field mapping (see ris_fields.h): kind, titles, authors,
// abstract, keywords, numbers, languages and types; identifiers are in
// ris_ids.cc.
#include "parse/ris_fields.h"

#include <algorithm>
#include <utility>

#include "core/author_name.h"
#include "core/normalize.h"
#include "parse/text_fields.h"

namespace parse::ris {

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

bool IStartsWith(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  return LowerAscii(s.substr(0, prefix.size())) == LowerAscii(prefix);
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

namespace {

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
  for (uint16_t tag : {T("JA"), T("J2"), T("J1"), T("JI")}) {
    abbrev = f.First(tag);
    if (!abbrev.empty()) break;
  }
  std::string a = core::CollapseSpace(abbrev);
  if (a.empty()) {  // JO is the abbreviation only when the journal is named elsewhere
    a = core::CollapseSpace(f.First(T("JO")));
    if (a == rec->journal) a.clear();
  }
  rec->journal_abbrev = std::move(a);
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
  std::string lower = " " + LowerAscii(name) + " ";
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
  if (sp.empty()) {
    // C7 is the article number (Scopus, EndNote): the e-locator of
    // journals without page numbers. An end page alone is no page range.
    std::string_view c7 = f.First(T("C7"));
    if (!c7.empty() && c7.size() <= 20) rec->pages = std::string(c7);
    return;
  }
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
    if (IsAllDigits(v)) continue;
    rec->publication_types.emplace_back(v);
  }
}

}  // namespace

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

}  // namespace parse::ris
