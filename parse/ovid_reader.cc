#include "parse/ovid_reader.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <utility>

#include "core/author_name.h"
#include "core/normalize.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

constexpr size_t kMaxRecordBytes = size_t{64} << 20;
constexpr size_t npos = std::string_view::npos;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t") == npos; }
bool IsIndented(std::string_view s) { return !s.empty() && (s[0] == ' ' || s[0] == '\t'); }

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s, std::string_view chars = " \t") {
  while (!s.empty() && chars.find(s.front()) != npos) s.remove_prefix(1);
  while (!s.empty() && chars.find(s.back()) != npos) s.remove_suffix(1);
  return s;
}

// "Language: English." -> "English": trailing white space and dots go.
std::string NoFinalDot(std::string_view s) {
  return std::string(Trim(core::CollapseSpace(s), " ."));
}

// ---------------------------------------------------------------------------
// Lines: record numbers, tags, long field names.

// "<1. >", "<3001. >", "<1>", "<1337>  ".
bool IsMarker(std::string_view line) {
  line = Trim(line);
  if (line.size() < 3 || line.front() != '<' || line.back() != '>') return false;
  std::string_view inner = Trim(line.substr(1, line.size() - 2));
  if (!inner.empty() && inner.back() == '.') inner.remove_suffix(1);
  inner = Trim(inner);
  return IsDigits(inner) && inner.size() <= 9;
}

// The tag of a tagged line "TI  - Title" (2-4 capitals or digits after a
// capital, one or two spaces, '-', then a space or the end); "" otherwise.
std::string_view TagOf(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && n < 5 && (IsUpper(line[n]) || (n > 0 && IsDigit(line[n])))) ++n;
  if (n < 2 || n > 4) return "";
  size_t i = n;
  while (i < line.size() && line[i] == ' ') ++i;
  if (i == n || i > n + 2 || i >= line.size() || line[i] != '-') return "";
  if (i + 1 < line.size() && line[i + 1] != ' ') return "";
  return line.substr(0, n);
}

std::string_view TagValue(std::string_view line) {
  size_t dash = line.find('-');
  return dash + 2 <= line.size() ? line.substr(dash + 2) : std::string_view();
}

// Long field names and the tag each stands for; "" for names that are read
// but not mapped.
struct LongField {
  const char* name;
  const char* tag;
};
// clang-format off
constexpr LongField kLongFields[] = {
    {"unique identifier", "UI"}, {"accession number", "AN"}, {"database", "DB"},
    {"author", "AUL"}, {"authors", "AUL"}, {"author(s)", "AUL"}, {"authors full name", "FAL"},
    {"full author name", "FAL"}, {"title", "TI"}, {"chapter title", "CT"}, {"source", "SO"},
    {"abstract", "AB"}, {"publication type", "PT"}, {"document type", "PT"},
    {"language", "LG"}, {"issn", "IS"}, {"print issn", "IS"}, {"electronic issn", "IS"},
    {"isbn", "IB"}, {"doi number", "DO"}, {"digital object identifier", "DO"}, {"doi", "DO"},
    {"author keywords", "KW"}, {"keywords", "KW"}, {"keyword heading", "KW"},
    {"mesh subject headings", "MESH"}, {"year of publication", "YR"},
    {"publication year", "YR"}, {"journal name", "JN"}, {"volume", "VO"}, {"issue", "IP"},
    {"issue/part", "IP"}, {"page", "PG"}, {"pagination", "PG"}, {"pubmed id", "PM"},
    {"pmid", "PM"}, {"url", "UR"}, {"link to the ovid full text or citation", "XL"},
    {"score", ""}, {"institution", ""}, {"status", ""}, {"journal subset", ""},
    {"nlm journal code", ""}, {"author e-mail", ""}, {"references", ""},
    {"country of publication", ""}, {"entry date", ""}, {"publisher", ""},
};
// clang-format on

const LongField* FindLongField(std::string_view line) {
  if (IsIndented(line) || line.size() > 64) return nullptr;
  std::string name = Lower(core::CollapseSpace(line));
  for (const LongField& f : kLongFields) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

struct Field {
  std::string tag;
  std::string value;  // lines joined by '\n'
};

// The record's fields; lines[0] is the record number line.
std::vector<Field> SplitFields(const std::vector<std::string>& lines) {
  std::vector<Field> fields;
  size_t first = 1;
  while (first < lines.size() && IsBlank(lines[first])) ++first;
  bool tagged = first < lines.size() && !TagOf(lines[first]).empty();
  for (size_t i = first; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (IsBlank(line)) continue;
    if (tagged && !TagOf(line).empty()) {
      fields.push_back({std::string(TagOf(line)), std::string(Trim(TagValue(line)))});
    } else if (!tagged && !IsIndented(line)) {
      const LongField* f = FindLongField(line);
      fields.push_back({f ? f->tag : "", ""});
    } else if (!fields.empty()) {
      std::string& v = fields.back().value;
      v += (v.empty() ? "" : "\n") + std::string(Trim(line));
    }
  }
  return fields;
}

// ---------------------------------------------------------------------------
// Source ("SO") citations.

bool IsPlausibleYear(std::string_view t) {
  if (t.size() != 4 || !IsDigits(t)) return false;
  int y = std::stoi(std::string(t));
  return y >= 1800 && y <= 2100;
}

bool IsVolumeToken(std::string_view t) {
  if (t.empty() || t.size() > 16) return false;
  bool digit = false;
  for (char c : t) {
    if (IsDigit(c)) {
      digit = true;
    } else if (!std::isalpha(static_cast<unsigned char>(c)) && c != '-' && c != '/') {
      return false;
    }
  }
  std::string l = Lower(t);
  return digit && !(l.size() >= 2 && l.compare(l.size() - 2, 2, "pp") == 0);
}

// A page range as citations write it: "103-106", "S12-S19", "e1234-e1240".
bool LooksLikePages(std::string_view s) {
  if (s.empty() || s.size() > 24 || s.find('-') == npos) return false;
  bool digit = false;
  for (char c : s) {
    if (IsDigit(c)) {
      digit = true;
    } else if (!std::isalpha(static_cast<unsigned char>(c)) && c != '-') {
      return false;
    }
  }
  return digit;
}

std::string_view ReadUntil(std::string_view t, size_t* i, std::string_view stops) {
  size_t start = *i;
  while (*i < t.size() && stops.find(t[*i]) == npos) ++*i;
  return t.substr(start, *i - start);
}

void SkipSpaces(std::string_view t, size_t* i) {
  while (*i < t.size() && t[*i] == ' ') ++*i;
}

// The text inside the parenthesis at t[*i] == '('; *i moves past the ')'.
std::string_view ReadParen(std::string_view t, size_t* i) {
  size_t close = t.find(')', *i);
  if (close == npos) close = t.size();
  std::string_view inner = t.substr(*i + 1, close - *i - 1);
  *i = close < t.size() ? close + 1 : t.size();
  return Trim(inner);
}

// "pp. 103-106." -> "103-106".
std::string StripPp(std::string_view s) {
  s = Trim(s, " .");
  std::string l = Lower(s);
  if (l.rfind("pp", 0) == 0) s.remove_prefix(2);
  return std::string(Trim(s, " ."));
}

// What follows volume/issue/pages: "(pp 1234-1240), 2019.", "(no
// pagination), 2018.", " April 2015, 103-106.", ", Apr 2015, pp. 103-106."
void ParseRest(std::string_view rest, OvidSource* out) {
  size_t i = 0;
  SkipSpaces(rest, &i);
  while (i < rest.size() && rest[i] == '(') {
    std::string_view inner = ReadParen(rest, &i);
    if (out->pages.empty() && Lower(inner).rfind("pp", 0) == 0) out->pages = StripPp(inner);
    SkipSpaces(rest, &i);
  }
  std::string_view date = rest.substr(i);
  size_t comma = date.rfind(',');
  if (out->pages.empty() && comma != npos) {
    std::string pages = StripPp(date.substr(comma + 1));
    if (LooksLikePages(pages)) {
      out->pages = pages;
      date = date.substr(0, comma);
    }
  }
  if (out->year == 0) out->year = core::YearFromDate(date);
}

// "12 (Supplement 3) (no pagination), 2018.", "45(3):123-130, 2019 Mar.",
// "Vol 28(2) April 2015, 103-106.", "2010;14(1):56", "2007 15 June; 433-441."
void ParseTail(std::string_view t, OvidSource* out) {
  size_t i = 0;
  if (t.rfind("Vol", 0) == 0) {
    i = 3;
    if (i < t.size() && t[i] == '.') ++i;
    SkipSpaces(t, &i);
  }
  std::string_view vol = ReadUntil(t, &i, " (:,;");
  if (IsPlausibleYear(vol) && i < t.size() && t[i] == ';') {
    out->year = std::stoi(std::string(vol));
    ++i;
    SkipSpaces(t, &i);
    vol = ReadUntil(t, &i, " (:,;");
  } else if (IsPlausibleYear(vol) && i + 1 < t.size() && t[i] == ' ' && t[i + 1] != '(') {
    out->year = std::stoi(std::string(vol));  // a date, not a volume
    size_t semi = t.find(';', i);
    std::string pages = semi == npos ? "" : StripPp(t.substr(semi + 1));
    if (LooksLikePages(pages)) out->pages = pages;
    return;
  }
  if (!IsVolumeToken(vol)) return;
  out->volume = std::string(vol);
  SkipSpaces(t, &i);
  if (i < t.size() && t[i] == '(') out->issue = std::string(ReadParen(t, &i));
  SkipSpaces(t, &i);
  if (i < t.size() && t[i] == ':') {
    ++i;
    out->pages = StripPp(ReadUntil(t, &i, ",;"));
  }
  ParseRest(t.substr(i), out);
}

// Where the volume part starts: after the first ". " followed by a digit or
// "Vol" at or after `from`.
size_t FindTail(std::string_view s, size_t from) {
  for (size_t i = std::max<size_t>(from, 1); i + 2 < s.size(); ++i) {
    if (s[i] != '.' || s[i + 1] != ' ') continue;
    if (!IsDigit(s[i + 2]) && s.compare(i + 2, 3, "Vol") != 0) continue;
    size_t word = s.find_last_of(" (", i - 1);
    std::string_view before =
        s.substr(word == npos ? 0 : word + 1, i - (word == npos ? 0 : word + 1));
    if (before != "pp" && before != "p") return i + 2;  // not "(pp. 103-106)"
  }
  return npos;
}

// Journals@Ovid: "... August 2011;43(8):647-653": where "2011;" starts.
size_t FindYearSemicolon(std::string_view s) {
  for (size_t i = 1; i + 4 < s.size(); ++i) {
    if (s[i - 1] == ' ' && s[i + 4] == ';' && IsPlausibleYear(s.substr(i, 4))) return i;
  }
  return npos;
}

bool IsDateWord(std::string_view word) {
  static const char* const kWords[] = {
      "jan",    "january",   "feb",    "february", "mar",   "march",    "apr",    "april",
      "may",    "jun",       "june",   "jul",      "july",  "aug",      "august", "sep",
      "sept",   "september", "oct",    "october",  "nov",   "november", "dec",    "december",
      "spring", "summer",    "autumn", "fall",     "winter"};
  std::string w = Lower(Trim(word, " .,"));
  std::vector<std::string> parts = SplitList(w, "/-");
  if (parts.empty()) return false;
  for (const std::string& part : parts) {
    bool known = part.size() <= 2 && IsDigits(part);
    for (const char* k : kWords) known = known || part == k;
    if (!known) return false;
  }
  return true;
}

// "ACSM'S Health & Fitness Journal January/February " -> the journal.
std::string StripDateWords(std::string_view s) {
  std::vector<std::string> words = SplitList(s, " ");
  while (!words.empty() && IsDateWord(words.back())) words.pop_back();
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// PsycInfo books: "Editor(2015). Book Title. (pp. 103-106) 300 pp. Place: Pub".
bool ParseBookSource(std::string_view s, OvidSource* out) {
  size_t open = npos;
  for (size_t i = 0; i + 6 < s.size() && open == npos; ++i) {
    if (s[i] == '(' && s[i + 5] == ')' && s[i + 6] == '.' && IsPlausibleYear(s.substr(i + 1, 4))) {
      open = i;
    }
  }
  if (open == npos) return false;
  out->year = std::stoi(std::string(s.substr(open + 1, 4)));
  size_t pp = s.find("(pp", open);
  if (pp == npos) return true;
  out->pages = StripPp(ReadParen(s, &pp));
  std::string_view title = Trim(s.substr(open + 7));
  out->journal =
      std::string(Trim(title.substr(0, std::min(title.find(". "), title.find(" (pp"))), " ."));
  return true;
}

}  // namespace

OvidSource ParseOvidSource(std::string_view text) {
  OvidSource out;
  std::string s = core::CollapseSpace(text);
  std::string pub_date;
  size_t dop = s.find("Date of Publication:");
  if (dop != npos) {
    pub_date = s.substr(dop + 20);
    s = std::string(Trim(std::string_view(s).substr(0, dop)));
  }
  size_t conf = s.find(". Conference:");
  size_t tail = FindTail(s, conf == npos ? 0 : conf + 2);
  size_t ysemi = FindYearSemicolon(s);
  if (tail != npos) {
    out.journal = std::string(Trim(std::string_view(s).substr(0, std::min(conf, tail)), " ."));
    ParseTail(std::string_view(s).substr(tail), &out);
  } else if (conf != npos) {
    out.journal = s.substr(0, conf);
    out.year = core::YearFromDate(s.substr(conf));
  } else if (ysemi != npos) {
    out.journal = StripDateWords(std::string_view(s).substr(0, ysemi));
    ParseTail(std::string_view(s).substr(ysemi), &out);
  } else if (!ParseBookSource(s, &out)) {
    bool digits = s.find_first_of("0123456789") != npos;
    if (!digits) out.journal = std::string(Trim(s, " ."));
    if (digits) out.year = core::YearFromDate(s);
  }
  if (out.year == 0) out.year = core::YearFromDate(pub_date);
  return out;
}

namespace {

// ---------------------------------------------------------------------------
// Authors.

bool IsDegree(std::string_view token) {
  static const char* const kDegrees[] = {
      "MD",   "PhD",   "DPhil", "MPhil", "RN",   "BSN",    "MSN",  "DNP",   "NP",   "APRN",
      "CNM",  "CRNA",  "FAAN",  "FACSM", "FACS", "FACP",   "FACC", "FAHA",  "FRCP", "FRCPC",
      "FRCS", "FRCSC", "FRACP", "FRCR",  "MRCP", "MS",     "MSc",  "BSc",   "BS",   "BA",
      "MA",   "MPH",   "MSPH",  "DrPH",  "MBA",  "MB",     "MBBS", "MBChB", "ChB",  "BCh",
      "BM",   "BMBS",  "DDS",   "DMD",   "DVM",  "PharmD", "RPh",  "ScD",   "DSc",  "EdD",
      "PsyD", "LCSW",  "MSW",   "OTR",   "PT",   "DPT",    "MHS",  "MHSc",  "CCRN", "FNP",
      "MMed", "MCh",   "MScN",  "BScN",  "RD",   "CPNP",   "Dr",   "Prof"};
  std::string t;
  for (char c : token) {
    if (c != '.' && c != ',') t += c;
  }
  for (const char* d : kDegrees) {
    if (t == d) return true;
  }
  return false;
}

bool HasLower(std::string_view s) {
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return true;
  }
  return false;
}

// Affiliation marks after a name: "1,2,+", "*", "†".
std::string StripMarks(std::string s) {
  for (;;) {
    while (!s.empty() && (IsDigit(s.back()) || std::string_view(",*+#; ").find(s.back()) != npos)) {
      s.pop_back();
    }
    bool mark = false;
    for (std::string_view m : {"\u2020", "\u2021", "\u00a7", "\u00b6"}) {
      if (s.size() >= m.size() && s.compare(s.size() - m.size(), m.size(), m) == 0) {
        s.resize(s.size() - m.size());
        mark = true;
      }
    }
    if (!mark) return s;
  }
}

bool LooksCollective(std::string_view name) {
  static const char* const kWords[] = {
      "group",         "consortium", "collaboration", "collaborative", "committee",
      "investigators", "network",    "organization",  "organisation",  "association",
      "society",       "council",    "trialists",     "team",          "institute",
      "foundation",    "alliance",   "agency",        "federation"};
  if (name.find(',') != npos) return false;
  std::vector<std::string> words = SplitList(Lower(name), " ");
  if (words.size() < 2) return false;
  for (const std::string& w : words) {
    for (const char* k : kWords) {
      if (w == k) return true;
    }
  }
  return false;
}

// "Verbeek, Jan MD *" -> "Verbeek, Jan"; "Walsdorf, Neill B. [Inventor]" ->
// "Walsdorf, Neill B."; "" for an editor ("Max [Ed]").
std::string CleanAuthor(std::string_view raw) {
  std::string s = core::CollapseSpace(raw);
  size_t bracket = s.find('[');
  if (bracket != npos) {
    std::string note = Lower(s.substr(bracket));
    bool editor =
        note.find("ed]") != npos || note.find("ed.]") != npos || note.find("editor") != npos;
    if (editor && note.find("author") == npos) return "";
    s.resize(bracket);
  }
  s = StripMarks(s);
  size_t comma = s.find(',');
  std::vector<std::string> tokens =
      SplitList(comma == npos ? std::string_view(s) : std::string_view(s).substr(comma + 1), " ,");
  std::string given;
  for (const std::string& t : tokens) {
    // Without a comma "Smith MA" is MEDLINE initials: only mixed-case
    // degrees ("PhD") are safe to drop there.
    if (IsDegree(t) && (comma != npos || HasLower(t))) continue;
    given += (given.empty() ? "" : " ") + t;
  }
  if (comma == npos) return given;
  return std::string(Trim(std::string_view(s).substr(0, comma))) + ", " + given;
}

bool OnlyDegrees(std::string_view part) {
  std::vector<std::string> tokens = SplitList(StripMarks(std::string(part)), " ,");
  if (tokens.empty()) return true;
  for (const std::string& t : tokens) {
    if (!IsDegree(t)) return false;
  }
  return true;
}

// A long "Author" value: "Verbeek, Jan MD *;  Hermans, Erik MD +" (a part
// of degrees only, "RN; PhD; FAAN 1", belongs to the name before it) or
// "Mustermann  Musterfrau" (family first, names two spaces apart).
std::vector<std::string> SplitLongAuthors(std::string_view value) {
  std::string v(value);
  for (char& c : v) c = c == '\n' ? ';' : c;
  std::vector<std::string> parts;
  if (v.find(';') != npos) {
    for (const std::string& part : SplitList(v, ";")) {
      if (parts.empty() || !OnlyDegrees(part)) parts.push_back(part);
    }
  } else {
    for (size_t start = 0, gap = 0; gap != npos; start = gap + 2) {
      gap = v.find("  ", start);
      parts.push_back(core::CollapseSpace(std::string_view(v).substr(start, gap - start)));
    }
  }
  std::vector<std::string> names;
  for (std::string& name : parts) {
    size_t space = name.find(' ');
    bool plain = name.find_first_of(",[") == npos && !LooksCollective(name);
    if (plain && space != npos) name.replace(space, 1, ", ");  // "Family Given"
    if (!name.empty()) names.push_back(std::move(name));
  }
  return names;
}

void AddAuthor(std::string_view raw, core::Record* rec) {
  std::string name = CleanAuthor(raw);
  if (name.find_first_not_of(" ,.") == npos) return;
  core::Author a;
  if (LooksCollective(name)) {
    a.collective = name;
  } else {
    a = core::ParseAuthorName(name);
  }
  rec->authors.push_back(std::move(a));
}

// ---------------------------------------------------------------------------
// Subject headings, types, identifiers.

// "*Breast Neoplasms/dt, pa [Drug Therapy, Pathology]": descriptor, '*'
// (major), qualifiers (full names when given, lower case as PubMed has them).
void AddMesh(std::string_view raw, core::Record* rec) {
  std::string s = core::CollapseSpace(raw);
  bool star = !s.empty() && s[0] == '*';
  if (star) s.erase(0, 1);
  std::vector<std::string> quals;
  size_t bracket = s.find(" [");
  if (bracket != npos && s.back() == ']') {
    quals = SplitList(Lower(std::string_view(s).substr(bracket + 2, s.size() - bracket - 3)), ",");
    s.resize(bracket);
  }
  size_t slash = s.find('/');
  if (slash != npos) {
    if (quals.empty()) quals = SplitList(std::string_view(s).substr(slash + 1), ",");
    s.resize(slash);
  }
  std::string descriptor = core::CollapseSpace(s);
  if (descriptor.empty()) return;
  core::MeshHeading* h = nullptr;
  for (core::MeshHeading& m : rec->mesh) h = m.descriptor == descriptor ? &m : h;
  if (!h) {
    rec->mesh.push_back(core::MeshHeading());
    h = &rec->mesh.back();
    h->descriptor = descriptor;
  }
  if (quals.empty()) h->major = h->major || star;
  for (const std::string& q : quals) AddUnique(&h->qualifiers, star ? q + "*" : q);
}

// An Emtree, APA or CINAHL heading as a keyword: "*Kartagener syndrome" ->
// "Kartagener syndrome".
void AddHeadingKeyword(std::string_view raw, core::Record* rec) {
  std::string s = core::CollapseSpace(raw);
  size_t start = s.find_first_not_of('*');
  if (start == npos) return;
  s.erase(0, start);
  size_t bracket = s.find(" [");
  if (bracket != npos && s.back() == ']') s.resize(bracket);
  AddUnique(&rec->keywords, s.substr(0, s.find('/')));
}

std::string KindFromType(std::string_view type) {
  std::string t = Lower(type);
  auto has = [&t](std::string_view w) { return t.find(w) != npos; };
  if (has("registry")) return "other";
  if (has("conference") || has("congress") || has("meeting") || has("proceeding")) {
    return "conference-paper";
  }
  if (has("chapter") || has("book section")) return "book-chapter";
  if (has("book")) return "book";
  if (has("thesis") || has("dissertation")) return "thesis";
  if (has("case report")) return "article";
  if (has("report")) return "report";
  if (has("preprint")) return "preprint";
  if (has("dataset") || has("data set")) return "dataset";
  for (std::string_view w : {"journal", "article", "review", "trial", "letter", "editorial",
                             "comment", "abstract", "study", "note", "erratum", "survey"}) {
    if (has(w)) return "article";
  }
  return "other";
}

// The most specific kind among the record's publication types.
std::string KindFromTypes(const std::vector<std::string>& types) {
  static const char* const kOrder[] = {"conference-paper", "book-chapter", "book",
                                       "thesis",           "report",       "preprint",
                                       "dataset",          "article",      "other"};
  for (const char* k : kOrder) {
    for (const std::string& t : types) {
      if (KindFromType(t) == k) return k;
    }
  }
  return "";
}

// "Original Article:  PDF Only." -> "Original Article"; "-" -> "".
void AddType(std::string_view raw, core::Record* rec) {
  std::string t = core::CollapseSpace(raw);
  size_t colon = t.find(": ");
  if (colon != npos) t.resize(colon);
  t = NoFinalDot(t);
  if (t.empty() || t == "-") return;
  for (const std::string& have : rec->publication_types) {
    if (Lower(have) == Lower(t)) return;
  }
  rec->publication_types.push_back(t);
}

void AddUrl(std::string_view url, core::Record* rec) {
  std::string lower = Lower(url);
  if (rec->pmid.empty() && (lower.find("pubmed") != npos || lower.find("ncbi.nlm") != npos)) {
    rec->pmid = PmidFromText(url);
  }
  if (rec->pmcid.empty() && lower.find("/pmc") != npos) rec->pmcid = PmcidFromText(url);
  if (rec->doi.empty() && lower.find("doi.org/") != npos) rec->doi = core::NormalizeDoi(url);
}

void AddIssnOrIsbn(std::string_view part, core::Record* rec) {
  std::string issn = core::NormalizeIssn(part);
  if (!issn.empty()) {
    AddUnique(&rec->issn, issn);
    return;
  }
  std::string_view token = Trim(part);
  token = token.substr(0, token.find(' '));
  size_t digits = 0;
  for (char c : token) digits += IsDigit(c) || c == 'X' || c == 'x';
  if (digits == 10 || digits == 13) AddUnique(&rec->other_ids, "isbn:" + std::string(token));
}

// "Title.[Article]" / "Title.  [Miscellaneous]": Journals@Ovid's type label
// after the title's final dot. Returns the label and drops it (and the dot).
std::string StripTitleLabel(std::string* title) {
  std::string_view s = *title;
  if (s.empty() || s.back() != ']') return "";
  size_t open = s.rfind('[');
  if (open == npos || s.size() - open > 40) return "";
  std::string_view label = s.substr(open + 1, s.size() - open - 2);
  std::string_view before = Trim(s.substr(0, open));
  if (label.empty() || before.size() < 2 || before.back() != '.') return "";
  for (const std::string& word : SplitList(label, " ")) {
    if (!IsUpper(word[0])) return "";
    for (char c : word) {
      if (!std::isalpha(static_cast<unsigned char>(c)) && c != '-') return "";
    }
  }
  std::string out(label);
  *title = std::string(before.substr(0, before.size() - 1));
  return out;
}

// ---------------------------------------------------------------------------
// Field mapping.

// What single fields leave for the end: they combine with other fields.
struct Pending {
  std::vector<std::string> authors;  // AU values or long-format names
  std::vector<std::string> full;     // full names (FA/AF)
  std::vector<std::string> st;       // Embase ST, after PT (same types in capitals)
  std::string ui, an, so, as, chapter_title, date;
};

bool FromMedline(const core::Record& rec) {
  return rec.source == "medline" || rec.source == "pubmed";
}

void SetOnce(std::string* field, std::string value) {
  if (field->empty()) *field = std::move(value);
}

// Tags whose value goes, white space collapsed, to one text field of the
// record or of Pending; the first value wins. `dot`: drop a final dot.
template <typename T>
struct TextTag {
  const char* tag;
  std::string T::*field;
  bool dot;
};
constexpr TextTag<core::Record> kRecordText[] = {
    {"TI", &core::Record::title, false},         {"AB", &core::Record::abstract, false},
    {"JN", &core::Record::journal, true},        {"JT", &core::Record::journal, true},
    {"JA", &core::Record::journal_abbrev, true}, {"TA", &core::Record::journal_abbrev, true},
    {"VO", &core::Record::volume, false},        {"VI", &core::Record::volume, false},
    {"VL", &core::Record::volume, false},        {"IP", &core::Record::issue, false},
    {"PG", &core::Record::pages, false}};
constexpr TextTag<Pending> kPendingText[] = {{"CT", &Pending::chapter_title, false},
                                             {"SO", &Pending::so, false},
                                             {"AS", &Pending::as, false},
                                             {"UI", &Pending::ui, true},
                                             {"AN", &Pending::an, true}};

template <typename T, size_t N>
bool MapText(const TextTag<T> (&table)[N], const Field& f, T* target) {
  for (const TextTag<T>& t : table) {
    if (f.tag != t.tag) continue;
    std::string v = t.dot ? NoFinalDot(f.value) : core::CollapseSpace(f.value);
    SetOnce(&(target->*t.field), std::move(v));
    return true;
  }
  return false;
}

// Single-valued fields; false for the others.
bool MapSingle(const Field& f, Pending* p, core::Record* rec) {
  if (MapText(kRecordText, f, rec) || MapText(kPendingText, f, p)) return true;
  const std::string& t = f.tag;
  int year = core::YearFromDate(f.value);
  if (t == "YR" || t == "PY") {
    if (rec->year == 0) rec->year = year;
  } else if (t == "DP" || t == "DT" || t == "DG") {
    if (year != 0) SetOnce(&p->date, f.value);
  } else if (t == "DO" || t == "DI") {
    if (rec->doi.empty()) rec->doi = core::NormalizeDoi(f.value);
  } else if (t == "PM" || t == "PMID") {
    if (rec->pmid.empty()) rec->pmid = PmidFromText(core::CollapseSpace(f.value));
  } else {
    return false;
  }
  return true;
}

// Fields with several values (one per line, or ';'-separated).
void MapList(const Field& f, Pending* p, core::Record* rec) {
  const std::string& t = f.tag;
  std::vector<std::string> lines = SplitList(f.value, "\n");
  if (t == "AU") p->authors.push_back(core::CollapseSpace(f.value));
  if (t == "FA" || t == "AF") p->full.push_back(core::CollapseSpace(f.value));
  if (t == "AUL") {
    for (const std::string& n : SplitLongAuthors(f.value)) p->authors.push_back(n);
  }
  if (t == "FAL") {
    for (const std::string& n : SplitList(f.value, ";\n")) p->full.push_back(n);
  }
  if (t == "PT") {
    for (const std::string& l : lines) AddType(l, rec);
  }
  if (t == "ST" && rec->source == "embase") p->st.push_back(f.value);
  if (t == "MH" && FromMedline(*rec)) AddMesh(f.value, rec);
  if (t == "MH" && !FromMedline(*rec)) AddHeadingKeyword(f.value, rec);
  if (t == "MESH") {
    for (const std::string& l : lines) AddMesh(l, rec);
  }
  if (t == "KW" || t == "DE") {
    for (const std::string& k : SplitList(NoFinalDot(f.value), ";\n")) AddUnique(&rec->keywords, k);
  }
  for (const std::string& l : lines) {
    if (t == "IS" || t == "SN") {
      for (const std::string& part : SplitList(l, ";")) AddIssnOrIsbn(part, rec);
    }
    if (t == "IB") AddIssnOrIsbn(l, rec);
    if (t == "LG" || t == "LA") AddUnique(&rec->language, NoFinalDot(l));
    if (t == "UR" || t == "XL" || t == "LK") AddUrl(l, rec);
  }
}

void FinishAuthors(const Pending& p, core::Record* rec) {
  const std::vector<std::string>& names = p.full.empty() ? p.authors : p.full;
  for (const std::string& n : names) AddAuthor(n, rec);
}

void FinishSource(const Pending& p, core::Record* rec) {
  if (!p.chapter_title.empty()) {  // a chapter: "Title" is the book's
    SetOnce(&rec->journal, rec->title);
    rec->title = p.chapter_title;
  }
  OvidSource so = ParseOvidSource(p.so);
  SetOnce(&rec->journal, so.journal);
  SetOnce(&rec->volume, so.volume);
  SetOnce(&rec->issue, so.issue);
  SetOnce(&rec->pages, so.pages);
  if (rec->year == 0) rec->year = so.year;
  if (rec->year == 0) rec->year = core::YearFromDate(p.date);
  if (!p.as.empty()) SetOnce(&rec->journal_abbrev, ParseOvidSource(p.as).journal);
}

void FinishIds(const Pending& p, core::Record* rec) {
  std::string id = p.ui.empty() ? p.an : p.ui;
  rec->source_id = id;
  if (id.empty()) return;
  if (FromMedline(*rec) && IsDigits(id) && id.size() <= 9) {
    SetOnce(&rec->pmid, id);
  } else if (!rec->source.empty()) {
    AddUnique(&rec->other_ids, rec->source + ":" + id);
  }
}

void FillRecord(const std::vector<std::string>& lines, core::Record* rec) {
  std::vector<Field> fields = SplitFields(lines);
  for (const Field& f : fields) {
    if (f.tag == "DB" && rec->source.empty()) rec->source = CanonicalDatabase(f.value);
  }
  Pending p;
  for (const Field& f : fields) {
    if (!MapSingle(f, &p, rec)) MapList(f, &p, rec);
  }
  for (const std::string& t : p.st) AddType(t, rec);
  std::string label = StripTitleLabel(&rec->title);
  FinishAuthors(p, rec);
  FinishSource(p, rec);
  FinishIds(p, rec);
  if (rec->publication_types.empty() && !label.empty()) rec->publication_types.push_back(label);
  rec->kind = KindFromTypes(rec->publication_types);
  if (!p.chapter_title.empty() && (rec->kind.empty() || rec->kind == "book")) {
    rec->kind = "book-chapter";
  }
}

std::vector<std::string_view> HeadLines(std::string_view head) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < head.size()) {
    size_t end = head.find('\n', pos);
    if (end == npos) end = head.size();
    std::string_view line = head.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    pos = end + 1;
  }
  return out;
}

}  // namespace

bool LooksLikeOvid(std::string_view head) {
  std::vector<std::string_view> lines = HeadLines(head);
  int long_fields = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (TagOf(line) == "VN" && TagValue(line).rfind("Ovid Technologies", 0) == 0) return true;
    if (IsMarker(line)) {
      size_t next = i + 1;
      while (next < lines.size() && IsBlank(lines[next])) ++next;
      if (next < lines.size() && (!TagOf(lines[next]).empty() || FindLongField(lines[next]))) {
        return true;
      }
    }
    bool valued = i + 1 < lines.size() && IsIndented(lines[i + 1]) && !IsBlank(lines[i + 1]);
    if (valued && FindLongField(line)) ++long_fields;
  }
  return long_fields >= 4;
}

OvidReader::OvidReader(std::string path, std::string display_name)
    : path_(std::move(path)), name_(display_name.empty() ? path_ : std::move(display_name)) {}

OvidReader::~OvidReader() = default;

uint64_t OvidReader::bytes_consumed() const { return lines_ ? lines_->bytes_consumed() : 0; }

bool OvidReader::Fail(core::Status st) {
  status_ = std::move(st);
  done_ = true;
  return false;
}

bool OvidReader::Start() {
  if (started_) return !done_;
  started_ = true;
  core::Status st = LineReader::Open(path_, name_, &lines_);
  if (!st.ok()) return Fail(st);
  return true;
}

// Skips to the next record number line (before the first record: over a
// search history or other header). False at the end or on an error.
bool OvidReader::FindStart(std::string* line) {
  while (lines_->Next(line)) {
    if (IsMarker(*line)) return true;
    if (first_content_ == 0 && !IsBlank(*line)) first_content_ = lines_->line_number();
  }
  if (!lines_->status().ok()) return Fail(lines_->status());
  if (records_ > 0) {
    done_ = true;
    return false;
  }
  if (first_content_ == 0) {
    return Fail(core::Status::InvalidInput(
        name_ +
        ":1: the file is empty; expected Ovid records, each starting with a record "
        "number line such as \"<1. >\""));
  }
  return Fail(core::Status::InvalidInput(
      lines_->Where(first_content_) +
      ": no Ovid record number line (\"<1>\" or \"<1. >\") in the file; each record must start "
      "with one, or its boundaries cannot be told (save the records with Ovid's Export, not "
      "copied from the screen)"));
}

// Appends the record's remaining lines; stops before the next record number.
bool OvidReader::Collect(std::vector<std::string>* lines) {
  size_t bytes = lines->front().size();
  std::string line;
  while (lines_->Next(&line)) {
    if (IsMarker(line)) {
      lines_->Unread();
      break;
    }
    bytes += line.size() + 1;
    if (bytes > kMaxRecordBytes) {
      return Fail(core::Status::InvalidInput(
          lines_->Where() + ": record longer than 64 MiB; is this an Ovid export?"));
    }
    lines->push_back(std::move(line));
  }
  if (!lines_->status().ok()) return Fail(lines_->status());
  while (lines->size() > 1 && IsBlank(lines->back())) lines->pop_back();
  return true;
}

bool OvidReader::Next(core::Record* rec) {
  if (!Start()) return false;
  std::string first;
  if (!FindStart(&first)) return false;
  uint64_t start = lines_->line_number();
  std::vector<std::string> lines{std::move(first)};
  if (!Collect(&lines)) return false;
  *rec = core::Record();
  rec->format = "ovid";
  rec->locator = lines_->Where(start);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) rec->raw += '\n';
    rec->raw += lines[i];
  }
  FillRecord(lines, rec);
  FinishRecord(rec);
  ++records_;
  return true;
}

}  // namespace parse
