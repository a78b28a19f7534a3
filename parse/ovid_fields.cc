// The Ovid reader's field mapping (see ovid_fields.h): authors, subject
// headings, types and identifiers, and how fields combine into a record.
#include "parse/ovid_fields.h"

#include <cctype>
#include <string>
#include <utility>

#include "core/author_name.h"
#include "core/normalize.h"
#include "parse/ovid_reader.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

constexpr size_t npos = std::string_view::npos;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// "Language: English." -> "English": trailing white space and dots go.
std::string NoFinalDot(std::string_view s) {
  return std::string(TrimChars(core::CollapseSpace(s), " ."));
}

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

// "Verbeek, Jan MD *" -> "Verbeek, Jan"; "Walsdorf, Neill B. [Inventor]" ->
// "Walsdorf, Neill B."; "" for an editor ("Max [Ed]").
std::string CleanAuthor(std::string_view raw) {
  std::string s = core::CollapseSpace(raw);
  size_t bracket = s.find('[');
  if (bracket != npos) {
    std::string note = LowerAscii(s.substr(bracket));
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
  return std::string(TrimChars(std::string_view(s).substr(0, comma))) + ", " + given;
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
    bool plain = name.find_first_of(",[") == npos && !LooksLikeGroupName(name);
    if (plain && space != npos) name.replace(space, 1, ", ");  // "Family Given"
    if (!name.empty()) names.push_back(std::move(name));
  }
  return names;
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
    quals =
        SplitList(LowerAscii(std::string_view(s).substr(bracket + 2, s.size() - bracket - 3)), ",");
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

// "Original Article:  PDF Only." -> "Original Article"; "-" -> "".
void AddType(std::string_view raw, core::Record* rec) {
  std::string t = core::CollapseSpace(raw);
  size_t colon = t.find(": ");
  if (colon != npos) t.resize(colon);
  t = NoFinalDot(t);
  if (t.empty() || t == "-") return;
  for (const std::string& have : rec->publication_types) {
    if (LowerAscii(have) == LowerAscii(t)) return;
  }
  rec->publication_types.push_back(t);
}

// "Title.[Article]" / "Title.  [Miscellaneous]": Journals@Ovid's type label
// after the title's final dot. Returns the label and drops it (and the dot).
std::string StripTitleLabel(std::string* title) {
  std::string_view s = *title;
  if (s.empty() || s.back() != ']') return "";
  size_t open = s.rfind('[');
  if (open == npos || s.size() - open > 40) return "";
  std::string_view label = s.substr(open + 1, s.size() - open - 2);
  std::string_view before = TrimChars(s.substr(0, open));
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
bool MapText(const TextTag<T> (&table)[N], const OvidField& f, T* target) {
  for (const TextTag<T>& t : table) {
    if (f.tag != t.tag) continue;
    std::string v = t.dot ? NoFinalDot(f.value) : core::CollapseSpace(f.value);
    SetIfEmpty(&(target->*t.field), std::move(v));
    return true;
  }
  return false;
}

// Single-valued fields; false for the others.
bool MapSingle(const OvidField& f, Pending* p, core::Record* rec) {
  if (MapText(kRecordText, f, rec) || MapText(kPendingText, f, p)) return true;
  const std::string& t = f.tag;
  int year = core::YearFromDate(f.value);
  if (t == "YR" || t == "PY") {
    if (rec->year == 0) rec->year = year;
  } else if (t == "DP" || t == "DT" || t == "DG") {
    if (year != 0) SetIfEmpty(&p->date, f.value);
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
void MapList(const OvidField& f, Pending* p, core::Record* rec) {
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
    if (t == "UR" || t == "XL" || t == "LK") AddIdsFromLink(l, {"pubmed", "ncbi.nlm"}, "/pmc", rec);
  }
}

void FinishAuthors(const Pending& p, core::Record* rec) {
  const std::vector<std::string>& names = p.full.empty() ? p.authors : p.full;
  for (const std::string& n : names) AddPersonOrGroup(CleanAuthor(n), rec);
}

void FinishSource(const Pending& p, core::Record* rec) {
  if (!p.chapter_title.empty()) {  // a chapter: "Title" is the book's
    SetIfEmpty(&rec->journal, rec->title);
    rec->title = p.chapter_title;
  }
  OvidSource so = ParseOvidSource(p.so);
  SetIfEmpty(&rec->journal, so.journal);
  SetIfEmpty(&rec->volume, so.volume);
  SetIfEmpty(&rec->issue, so.issue);
  SetIfEmpty(&rec->pages, so.pages);
  if (rec->year == 0) rec->year = so.year;
  if (rec->year == 0) rec->year = core::YearFromDate(p.date);
  if (!p.as.empty()) SetIfEmpty(&rec->journal_abbrev, ParseOvidSource(p.as).journal);
}

void FinishIds(const Pending& p, core::Record* rec) {
  std::string id = p.ui.empty() ? p.an : p.ui;
  rec->source_id = id;
  if (id.empty()) return;
  if (FromMedline(*rec) && IsAllDigits(id) && id.size() <= 9) {
    SetIfEmpty(&rec->pmid, id);
  } else if (!rec->source.empty()) {
    AddUnique(&rec->other_ids, rec->source + ":" + id);
  }
}

}  // namespace

void FillOvidRecord(const std::vector<OvidField>& fields, core::Record* rec) {
  for (const OvidField& f : fields) {
    if (f.tag == "DB" && rec->source.empty()) rec->source = CanonicalDatabase(f.value);
  }
  Pending p;
  for (const OvidField& f : fields) {
    if (!MapSingle(f, &p, rec)) MapList(f, &p, rec);
  }
  for (const std::string& t : p.st) AddType(t, rec);
  std::string label = StripTitleLabel(&rec->title);
  FinishAuthors(p, rec);
  FinishSource(p, rec);
  FinishIds(p, rec);
  if (rec->publication_types.empty() && !label.empty()) rec->publication_types.push_back(label);
  rec->kind = MostSpecificKind(rec->publication_types);
  if (!p.chapter_title.empty() && (rec->kind.empty() || rec->kind == "book")) {
    rec->kind = "book-chapter";
  }
}

}  // namespace parse
