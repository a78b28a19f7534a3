#include "parse/csv_reader.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <iterator>

#include "core/author_name.h"
#include "core/normalize.h"
#include "parse/text_fields.h"

namespace parse {

enum class CsvColumn : uint8_t {
  kNone,  // not recognised: ignored
  kIgnore,
  kTitle,
  kAbstract,
  kAuthors,
  kAuthorFullNames,
  kYear,
  kDate,
  kJournal,
  kJournalAbbrev,
  kVolume,
  kIssue,
  kPages,
  kStartPage,
  kEndPage,
  kArticleNumber,
  kDoi,
  kPmid,
  kPmcid,
  kId,
  kSourceId,
  kScopusEid,
  kWosId,
  kEntrezUid,
  kKeywords,
  kMesh,
  kIssn,
  kIsbn,
  kLanguage,
  kPublicationTypes,
  kSource,
  kPubmedDetails,
  kPubmedShortDetails,
  kPubmedIdentifiers
};

enum class CsvLayout : uint8_t { kGeneric, kPubmedLegacy, kWos };

namespace {

using Col = CsvColumn;

constexpr size_t kMaxRecord = size_t{64} << 20;

// Header names (lower-cased, letters and digits only: "Art. No." -> "artno")
// a column is recognised by, space-separated.
struct Alias {
  Col column;
  const char* keys;
};

constexpr Alias kAliases[] = {
    {Col::kTitle, "title articletitle documenttitle primarytitle papertitle ti t1"},
    {Col::kAbstract, "abstract abstractnote ab n2"},
    {Col::kAuthors, "authors author authornames au a1"},
    {Col::kAuthorFullNames, "authorfullnames"},
    {Col::kYear, "year publicationyear py publishedyear pubyear"},
    {Col::kDate, "date publicationdate da y1"},
    {Col::kJournal,
     "journal sourcetitle journaltitle publicationtitle secondarytitle containertitle booktitle "
     "jo jf t2"},
    {Col::kJournalAbbrev, "journalabbrev journalabbreviation abbreviatedsourcetitle ja j2"},
    {Col::kVolume, "volume vl"},
    {Col::kIssue, "issue number is"},
    {Col::kPages, "pages page"},
    {Col::kStartPage, "pagestart startpage sp"},
    {Col::kEndPage, "pageend endpage ep"},
    {Col::kArticleNumber, "artno articlenumber"},
    {Col::kDoi, "doi do"},
    {Col::kPmid, "pmid pubmedid"},
    {Col::kPmcid, "pmcid"},
    {Col::kId, "id recordid key accessionnumber an studyid"},
    {Col::kSourceId, "sourceid"},
    {Col::kScopusEid, "eid"},
    {Col::kKeywords, "keywords keyword authorkeywords indexkeywords manualtags automatictags kw"},
    {Col::kMesh, "meshterms mesh meshheadings"},
    {Col::kIssn, "issn sn eissn"},
    {Col::kIsbn, "isbn"},
    {Col::kLanguage, "language languageoforiginaldocument la"},
    {Col::kPublicationTypes,
     "documenttype itemtype publicationtype publicationtypes type ty entrytype referencetype"},
    {Col::kSource, "source db database dp nameofdatabase"},
    {Col::kIgnore, "url link"},
};

// PubMed's legacy "CSV" (the Summary view as a table).
constexpr Alias kPubmedAliases[] = {
    {Col::kTitle, "title"},
    {Col::kAuthors, "description"},
    {Col::kPubmedDetails, "details"},
    {Col::kPubmedShortDetails, "shortdetails"},
    {Col::kPubmedIdentifiers, "identifiers"},
    {Col::kSource, "db"},
    {Col::kEntrezUid, "entrezuid"},
};

// Web of Science tab-delimited export (field tags as column names; ID is
// Keywords Plus there).
constexpr Alias kWosAliases[] = {{Col::kTitle, "ti"},
                                 {Col::kAbstract, "ab"},
                                 {Col::kAuthors, "au"},
                                 {Col::kAuthorFullNames, "af"},
                                 {Col::kYear, "py"},
                                 {Col::kDate, "pd"},
                                 {Col::kJournal, "so"},
                                 {Col::kJournalAbbrev, "ji j9"},
                                 {Col::kVolume, "vl"},
                                 {Col::kIssue, "is"},
                                 {Col::kStartPage, "bp"},
                                 {Col::kEndPage, "ep"},
                                 {Col::kArticleNumber, "ar"},
                                 {Col::kDoi, "di"},
                                 {Col::kPmid, "pm"},
                                 {Col::kWosId, "ut"},
                                 {Col::kKeywords, "de id"},
                                 {Col::kIssn, "sn ei"},
                                 {Col::kIsbn, "bn"},
                                 {Col::kLanguage, "la"},
                                 {Col::kPublicationTypes, "dt"}};

struct MapField {
  const char* name;
  Col column;
};

constexpr MapField kMapFields[] = {{"title", Col::kTitle},
                                   {"abstract", Col::kAbstract},
                                   {"authors", Col::kAuthors},
                                   {"year", Col::kYear},
                                   {"journal", Col::kJournal},
                                   {"journal_abbrev", Col::kJournalAbbrev},
                                   {"volume", Col::kVolume},
                                   {"issue", Col::kIssue},
                                   {"pages", Col::kPages},
                                   {"start_page", Col::kStartPage},
                                   {"end_page", Col::kEndPage},
                                   {"doi", Col::kDoi},
                                   {"pmid", Col::kPmid},
                                   {"pmcid", Col::kPmcid},
                                   {"id", Col::kId},
                                   {"keywords", Col::kKeywords},
                                   {"mesh", Col::kMesh},
                                   {"issn", Col::kIssn},
                                   {"language", Col::kLanguage},
                                   {"publication_types", Col::kPublicationTypes},
                                   {"source", Col::kSource},
                                   {"ignore", Col::kIgnore}};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s, std::string_view chars = " \t\r\n") {
  size_t b = s.find_first_not_of(chars);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(chars) - b + 1);
}

bool IsBlank(std::string_view s) { return Trim(s).empty(); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "Art. No." -> "artno": ASCII letters and digits, lower-cased.
std::string HeaderKey(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return key;
}

template <size_t N>
Col Lookup(const Alias (&table)[N], const std::string& key) {
  if (key.empty()) return Col::kNone;
  for (const Alias& a : table) {
    std::string_view keys = a.keys;
    for (size_t at = keys.find(key); at != std::string_view::npos; at = keys.find(key, at + 1)) {
      size_t end = at + key.size();
      if ((at == 0 || keys[at - 1] == ' ') && (end == keys.size() || keys[end] == ' ')) {
        return a.column;
      }
    }
  }
  return Col::kNone;
}

CsvLayout DetectLayout(const std::vector<std::string>& names) {
  auto has = [&](std::string_view key) {
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& n) { return HeaderKey(n) == key; });
  };
  if (has("entrezuid") && has("details")) return CsvLayout::kPubmedLegacy;
  if (has("ut") && has("pt") && has("ti")) return CsvLayout::kWos;
  return CsvLayout::kGeneric;
}

Col ColumnFor(std::string_view name, CsvLayout layout) {
  std::string key = HeaderKey(name);
  if (layout == CsvLayout::kPubmedLegacy) return Lookup(kPubmedAliases, key);
  if (layout == CsvLayout::kWos) return Lookup(kWosAliases, key);
  return Lookup(kAliases, key);
}

// A column that can identify a record on its own.
bool IsKeyColumn(Col c) {
  switch (c) {
    case Col::kTitle:
    case Col::kAbstract:
    case Col::kDoi:
    case Col::kPmid:
    case Col::kPmcid:
    case Col::kId:
    case Col::kSourceId:
    case Col::kScopusEid:
    case Col::kWosId:
    case Col::kEntrezUid:
    case Col::kPubmedIdentifiers:
      return true;
    default:
      return false;
  }
}

// Splits delimited text into fields one physical line at a time, so that a
// quoted field may span lines.
class FieldSplitter {
 public:
  explicit FieldSplitter(char sep) : sep_(sep) {}

  // Feeds one line (without its terminator). True when the row is complete;
  // false while a quoted field is still open (the line break is kept as '\n').
  bool Feed(std::string_view line, uint64_t line_number) {
    for (size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (in_quotes_) {
        if (c != '"') {
          field_ += c;
        } else if (i + 1 < line.size() && line[i + 1] == '"') {
          field_ += '"';
          ++i;
        } else {
          in_quotes_ = false;
        }
      } else if (c == sep_) {
        EndField();
      } else if (c == '"' && !quoted_ && IsBlank(field_)) {
        field_.clear();
        in_quotes_ = quoted_ = true;
        quote_line_ = line_number;
      } else {
        field_ += c;
      }
    }
    if (in_quotes_) {
      field_ += '\n';
      return false;
    }
    EndField();
    return true;
  }

  std::vector<std::string>& fields() { return fields_; }
  uint64_t quote_line() const { return quote_line_; }

 private:
  void EndField() {
    fields_.push_back(std::move(field_));
    field_.clear();
    quoted_ = false;
  }

  char sep_;
  std::vector<std::string> fields_;
  std::string field_;
  bool in_quotes_ = false;
  bool quoted_ = false;  // the current field began with a quote
  uint64_t quote_line_ = 0;
};

std::vector<std::string> SplitLine(std::string_view line, char sep) {
  FieldSplitter s(sep);
  s.Feed(line, 0);
  return std::move(s.fields());
}

// The column a --map entry gives the header name `name`, or kNone.
Col MappedColumn(const CsvReaderOptions& options, std::string_view name) {
  std::string lower = Lower(Trim(name));
  std::string key = HeaderKey(name);
  for (const auto& [column, field] : options.map) {
    if (Lower(Trim(column)) != lower && (key.empty() || HeaderKey(column) != key)) continue;
    for (const MapField& f : kMapFields) {
      if (Lower(field) == f.name) return f.column;
    }
  }
  return Col::kNone;
}

// How well `sep` splits the header: recognised columns, then columns.
std::pair<int, int> SeparatorScore(std::string_view line, char sep,
                                   const CsvReaderOptions& options) {
  std::vector<std::string> names = SplitLine(line, sep);
  CsvLayout layout = DetectLayout(names);
  int recognised = 0;
  for (const std::string& n : names) {
    if (ColumnFor(n, layout) != Col::kNone || MappedColumn(options, n) != Col::kNone) ++recognised;
  }
  return {recognised, static_cast<int>(names.size())};
}

char ChooseSeparator(std::string_view line, const CsvReaderOptions& options) {
  char best = ',';
  std::pair<int, int> best_score = SeparatorScore(line, ',', options);
  for (char sep : {';', '\t'}) {
    std::pair<int, int> score = SeparatorScore(line, sep, options);
    if (score > best_score) best = sep, best_score = score;
  }
  return best;
}

// Excel's "sep=;" first line; 0 when `line` is not one.
char ExcelSeparator(std::string_view line) {
  std::string_view t = Trim(line, " \"");
  if (t.size() != 5 || Lower(t.substr(0, 4)) != "sep=") return 0;
  return std::string_view(",;\t|").find(t[4]) == std::string_view::npos ? 0 : t[4];
}

// ---- Authors ----------------------------------------------------------------

std::vector<std::string_view> Tokens(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

// "KD", "X.", "J.-P.", "Ø.": 1-3 capitals (ASCII or not) with dots or hyphens.
bool IsInitials(std::string_view token) {
  int letters = 0;
  for (size_t i = 0; i < token.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(token[i]);
    if (c == '.' || c == '-') continue;
    if (c >= 0x80) {  // a non-ASCII capital: its lead byte; skip continuation bytes
      while (i + 1 < token.size() && (static_cast<unsigned char>(token[i + 1]) & 0xC0) == 0x80) ++i;
    } else if (!std::isupper(c)) {
      return false;
    }
    ++letters;
  }
  return letters >= 1 && letters <= 3;
}

// True when the list is "Family Initials, Family Initials, ..." (PubMed's
// Description, old Scopus Authors; Publish or Perish writes "J Smith, K
// Jones") rather than "Family, Given".
bool IsInitialsList(std::string_view text) {
  std::vector<std::string> parts = SplitList(text, ",;");
  if (parts.size() < 2 || text.find(',') == std::string_view::npos) return false;
  for (const std::string& p : parts) {
    if (Tokens(Trim(p, " .")).size() < 2) return false;
  }
  std::vector<std::string_view> first = Tokens(parts[0]);
  return IsInitials(first.back()) || IsInitials(first.front());  // or "J Smith, K Jones
}

bool IsCollectiveName(std::string_view name) {
  static const char* const kWords[] = {
      "group",      "consortium", "collaboration", "collaborative", "committee",    "investigators",
      "society",    "network",    "association",   "team",          "organisation", "organization",
      "council",    "trialists",  "institute",     "foundation",    "agency",       "panel",
      "party",      "force",      "study",         "members",       "centre",       "center",
      "department", "ministry",   "programme",     "program"};
  std::string lower = Lower(name);
  std::vector<std::string> words = SplitList(lower, " ,.;:()-/&");
  for (const std::string& w : words) {
    for (const char* k : kWords) {
      if (w == k) return true;
    }
  }
  return words.size() > 6 && name.find(',') == std::string_view::npos;
}

void AddAuthor(std::string_view piece, std::vector<core::Author>* out) {
  std::string_view name = Trim(piece, " \t");
  if (StartsWith(name, "and ")) name = Trim(name.substr(4));
  size_t open = name.rfind('(');  // Scopus "Gao, Xiang (57207929231)"
  if (open != std::string_view::npos && name.back() == ')' &&
      AllDigits(name.substr(open + 1, name.size() - open - 2))) {
    name = Trim(name.substr(0, open));
  }
  if (name.empty() || (name.front() == '[' && name.back() == ']')) return;  // [No authors listed]
  core::Author a;
  if (IsCollectiveName(name)) {
    a.collective = core::CollapseSpace(Trim(name, " ."));
  } else {
    std::string n(name);  // "Lopez-Espinosa M.-J.": drop the hyphen from trailing initials
    size_t last = n.rfind(' ');
    if (last != std::string::npos && n.find(',') == std::string::npos &&
        IsInitials(std::string_view(n).substr(last + 1))) {
      n.erase(std::remove(n.begin() + last, n.end(), '-'), n.end());
    }
    a = core::ParseAuthorName(n);
  }
  if (a.family.empty() && a.given.empty() && a.collective.empty()) return;
  out->push_back(std::move(a));
}

std::vector<core::Author> ParseAuthorList(std::string_view text) {
  std::string t = core::CollapseSpace(text);
  std::vector<core::Author> out;
  std::vector<std::string> pieces;
  if (IsInitialsList(t)) {
    pieces = SplitList(t, ",;");
  } else if (t.find(';') != std::string::npos || t.find(" and ") == std::string::npos ||
             (t.find(',') == std::string::npos && IsCollectiveName(t))) {
    pieces = SplitList(t, ";");
  } else {
    for (size_t start = 0;;) {
      size_t at = t.find(" and ", start);
      pieces.push_back(t.substr(start, at == std::string::npos ? at : at - start));
      if (at == std::string::npos) break;
      start = at + 5;
    }
  }
  for (const std::string& p : pieces) AddAuthor(p, &out);
  return out;
}

// ---- Other field values -------------------------------------------------------

std::vector<std::string> SplitKeywords(std::string_view text) {
  if (text.find(';') != std::string_view::npos) return SplitList(text, ";\n");
  if (text.find('\n') != std::string_view::npos) return SplitList(text, "\n");
  return SplitList(text, ",");
}

// "Alkanesulfonic Acids / toxicity*", "*Fluorocarbons/toxicity", "Humans".
core::MeshHeading ParseMesh(std::string_view text) {
  std::vector<std::string> parts = SplitList(text, "/");
  core::MeshHeading m;
  if (parts.empty()) return m;
  std::string_view d = parts[0];
  m.major = d.front() == '*' || d.back() == '*';
  m.descriptor = core::CollapseSpace(Trim(d, " *"));
  for (size_t i = 1; i < parts.size(); ++i) {
    std::string q = std::string(Trim(parts[i], " *"));
    if (parts[i].front() == '*' || parts[i].back() == '*') q += '*';
    if (q != "*") m.qualifiers.push_back(q);
  }
  return m;
}

// Scopus "Conference Paper", Zotero "bookSection", RIS "JOUR", BibTeX
// "inproceedings" -> winnow's kind; "other" when none fits.
std::string KindFromType(std::string_view type) {
  std::vector<std::string> words = SplitList(Lower(type), " ,.;:()-/_");
  auto has = [&](std::initializer_list<std::string_view> prefixes) {
    for (const std::string& w : words) {
      for (std::string_view p : prefixes) {
        if (StartsWith(w, p)) return true;
      }
    }
    return false;
  };
  if (words.empty()) return "";
  if (has({"chap", "booksection", "section", "incollection", "inbook"})) return "book-chapter";
  if (has({"conf", "proceeding", "inproceedings", "cpaper"})) return "conference-paper";
  if (has({"thes", "dissertation", "phdthesis", "mastersthesis"})) return "thesis";
  if (has({"preprint"})) return "preprint";
  if (has({"report", "rprt", "techreport"})) return "report";
  if (has({"data"})) return "dataset";
  if (has({"book", "monograph"})) return "book";
  if (has({"article", "jour", "review", "letter", "editorial", "note", "survey", "erratum",
           "comment", "citation"})) {
    return "article";
  }
  return "other";
}

bool IsLanguageName(std::string_view word) {
  static const char* const kNames[] = {
      "Chinese",    "German",     "French",    "Spanish",  "Japanese", "Russian",   "Italian",
      "Portuguese", "Polish",     "Dutch",     "Korean",   "Turkish",  "Czech",     "Hungarian",
      "Danish",     "Norwegian",  "Swedish",   "Finnish",  "Hebrew",   "Persian",   "Croatian",
      "Greek",      "Serbian",    "Ukrainian", "Romanian", "Slovak",   "Slovenian", "Bulgarian",
      "Lithuanian", "Arabic",     "Icelandic", "Estonian", "Latvian",  "Afrikaans", "Thai",
      "Vietnamese", "Indonesian", "English"};
  return std::find(std::begin(kNames), std::end(kNames), word) != std::end(kNames);
}

void SetOnce(std::string* field, std::string_view value) {
  if (field->empty()) *field = core::CollapseSpace(value);
}

// Values of one row before they become record fields.
struct Pending {
  std::string authors, full_names, date, short_details;
  std::string pages, start_page, end_page, article_number;
  std::string id, source_id, database_id;
};

// The citation part of PubMed's Details after the journal: "2019 Jun
// 1;6(2):92-104", "2018;21(10):725-733", "2019 Jul 12:1-281", "2019 Jul 27".
void ParseCitation(std::string_view cite, core::Record* rec, Pending* p) {
  size_t semi = cite.find(';');
  size_t colon = cite.find(':', semi == std::string_view::npos ? 0 : semi);
  if (rec->year == 0) rec->year = core::YearFromDate(cite.substr(0, std::min(semi, colon)));
  if (colon != std::string_view::npos) SetOnce(&p->pages, cite.substr(colon + 1));
  if (semi == std::string_view::npos) return;
  std::string_view vol =
      cite.substr(semi + 1, colon == std::string_view::npos ? colon : colon - semi - 1);
  size_t paren = vol.find('(');
  SetOnce(&rec->volume, vol.substr(0, paren));
  if (paren == std::string_view::npos) return;
  std::string_view issue = vol.substr(paren + 1);
  SetOnce(&rec->issue, issue.substr(0, issue.find(')')));
}

// What follows the citation: "doi: 10.1/x. pii: S01. Epub 2019 May 2. Review. Chinese."
void ParseDetailsTail(std::string_view tail, core::Record* rec) {
  size_t start = 0;
  while (start < tail.size()) {
    size_t end = tail.find(". ", start);
    if (end == std::string_view::npos) end = tail.size();
    std::string part = core::CollapseSpace(tail.substr(start, end - start));
    start = end + 2;
    size_t epub = part.find("[Epub ahead of print]");
    if (epub != std::string::npos) part.erase(epub, 21);
    std::string_view t = Trim(part, " .");
    if (StartsWith(t, "doi:")) {
      if (rec->doi.empty()) rec->doi = core::NormalizeDoi(t.substr(4));
    } else if (StartsWith(t, "pii:")) {
      AddUnique(&rec->other_ids, "pii:" + std::string(Trim(t.substr(4))));
    } else if (t == "Review") {
      AddUnique(&rec->publication_types, t);
    } else {
      for (const std::string& w : SplitList(t, ",")) {
        if (IsLanguageName(w)) AddUnique(&rec->language, w);
      }
    }
  }
}

// PubMed legacy Details: "Neurospine. 2018 Sep;15(3):194-205. doi: 10.14245/ns.1836192.096.
// Epub 2018 Sep 28."
void ParsePubmedDetails(std::string_view details, core::Record* rec, Pending* p) {
  size_t at = 0;
  for (;; ++at) {  // the journal ends at ". " before a four-digit year
    at = details.find(". ", at);
    if (at == std::string_view::npos) return;
    std::string_view y = details.substr(at + 2, 4);
    if (y.size() == 4 && AllDigits(y)) break;
  }
  SetOnce(&rec->journal_abbrev, details.substr(0, at));
  SetOnce(&rec->journal, details.substr(0, at));
  std::string_view rest = details.substr(at + 2);
  size_t end = rest.find(". ");
  std::string_view cite = Trim(rest.substr(0, end), " .");
  ParseCitation(cite, rec, p);
  if (end != std::string_view::npos) ParseDetailsTail(rest.substr(end + 2), rec);
}

void ApplyIdentifiers(Col c, std::string_view v, core::Record* rec, Pending* p) {
  switch (c) {
    case Col::kDoi:
      if (rec->doi.empty()) rec->doi = core::NormalizeDoi(v);
      break;
    case Col::kPmid:  // pandas writes "10203431.0" when the column has gaps
      if (v.ends_with(".0")) v.remove_suffix(2);
      if (rec->pmid.empty()) rec->pmid = PmidFromText(v);
      break;
    case Col::kPmcid:
      if (rec->pmcid.empty()) rec->pmcid = PmcidFromText(v);
      break;
    case Col::kPubmedIdentifiers:
      if (rec->pmid.empty()) rec->pmid = PmidFromText(v);
      if (rec->pmcid.empty()) rec->pmcid = PmcidFromText(v);
      break;
    case Col::kScopusEid:
      SetOnce(&p->database_id, v);
      AddUnique(&rec->other_ids, "scopus:" + core::CollapseSpace(v));
      break;
    case Col::kIsbn:
      for (const std::string& i : SplitList(v, ";,")) AddUnique(&rec->other_ids, "isbn:" + i);
      break;
    default:
      break;
  }
}

void ApplyLists(Col c, std::string_view v, core::Record* rec) {
  switch (c) {
    case Col::kKeywords:
      for (const std::string& k : SplitKeywords(v)) AddUnique(&rec->keywords, k);
      break;
    case Col::kMesh:
      for (const std::string& m : SplitList(v, ";\n")) {
        core::MeshHeading h = ParseMesh(m);
        if (!h.descriptor.empty()) rec->mesh.push_back(std::move(h));
      }
      break;
    case Col::kIssn:
      for (const std::string& i : SplitList(v, ";, ")) {
        std::string n = core::NormalizeIssn(i);
        if (!n.empty()) AddUnique(&rec->issn, n);
      }
      break;
    case Col::kLanguage:
      for (const std::string& l : SplitList(v, ";,")) AddUnique(&rec->language, l);
      break;
    case Col::kPublicationTypes:
      for (const std::string& t : SplitList(v, ";")) AddUnique(&rec->publication_types, t);
      break;
    default:
      break;
  }
}

// The text a single-valued column fills: a record field or a pending value
// (the first non-blank column wins).
std::string* TextTarget(Col c, core::Record* rec, Pending* p) {
  switch (c) {
    case Col::kTitle:
      return &rec->title;
    case Col::kAbstract:
      return &rec->abstract;
    case Col::kJournal:
      return &rec->journal;
    case Col::kJournalAbbrev:
      return &rec->journal_abbrev;
    case Col::kVolume:
      return &rec->volume;
    case Col::kIssue:
      return &rec->issue;
    case Col::kAuthors:
      return &p->authors;
    case Col::kAuthorFullNames:
      return &p->full_names;
    case Col::kDate:
      return &p->date;
    case Col::kPages:
      return &p->pages;
    case Col::kStartPage:
      return &p->start_page;
    case Col::kEndPage:
      return &p->end_page;
    case Col::kArticleNumber:
      return &p->article_number;
    case Col::kPubmedShortDetails:
      return &p->short_details;
    case Col::kId:
      return &p->id;
    case Col::kSourceId:
      return &p->source_id;
    case Col::kWosId:
    case Col::kEntrezUid:
      return &p->database_id;
    default:
      return nullptr;
  }
}

void Apply(Col c, std::string_view v, core::Record* rec, Pending* p) {
  if (std::string* target = TextTarget(c, rec, p)) {
    SetOnce(target, v);
  } else if (c == Col::kYear) {
    if (rec->year == 0) rec->year = core::YearFromDate(v);
  } else if (c == Col::kSource) {  // a database name, not a citation ("Nature 2019;12:3")
    if (v.size() <= 60 && v.find(';') == std::string_view::npos) {
      SetOnce(&rec->source, CanonicalDatabase(v));
    }
  } else if (c == Col::kPubmedDetails) {
    ParsePubmedDetails(core::CollapseSpace(v), rec, p);
  } else {
    ApplyIdentifiers(c, v, rec, p);
    ApplyLists(c, v, rec);
  }
}

void Finish(const Pending& p, CsvLayout layout, core::Record* rec) {
  rec->authors = ParseAuthorList(p.full_names.empty() ? p.authors : p.full_names);
  if (rec->year == 0) rec->year = core::YearFromDate(p.date);
  if (rec->year == 0) rec->year = core::YearFromDate(p.short_details);
  if (rec->journal.empty() && !p.short_details.empty()) {  // "Neurospine.  2018"
    std::string_view j = p.short_details;
    size_t dot = j.rfind(". ");
    rec->journal = core::CollapseSpace(j.substr(0, dot));
  }
  rec->pages = p.pages;
  if (rec->pages.empty() && !p.start_page.empty()) {
    rec->pages = p.end_page.empty() ? p.start_page : p.start_page + "-" + p.end_page;
  }
  if (rec->pages.empty()) rec->pages = p.article_number;
  rec->source_id = !p.source_id.empty()     ? p.source_id
                   : !p.database_id.empty() ? p.database_id
                                            : p.id;
  if (layout == CsvLayout::kPubmedLegacy) {
    if (rec->pmid.empty() && (rec->source.empty() || rec->source == "pubmed")) {
      rec->pmid = PmidFromText(p.database_id);
    }
    rec->kind = "article";
  }
  if (layout == CsvLayout::kWos && rec->source.empty()) {
    rec->source = CanonicalDatabase(p.database_id.substr(0, p.database_id.find(':')));
  }
  if (rec->kind.empty() && !rec->publication_types.empty()) {
    rec->kind = KindFromType(rec->publication_types.front());
  }
  FinishRecord(rec);
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

const std::vector<std::string>& CsvMapFields() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> v;
    for (const MapField& f : kMapFields) v.push_back(f.name);
    return v;
  }();
  return kNames;
}

core::Status ParseCsvMapEntry(std::string_view entry, std::pair<std::string, std::string>* out) {
  size_t eq = entry.rfind('=');
  if (eq == std::string_view::npos) {
    return core::Status::InvalidInput("--map '" + std::string(entry) +
                                      "': expected COLUMN=FIELD, e.g. 'Article Name=title'");
  }
  std::string column(Trim(entry.substr(0, eq)));
  std::string field = Lower(Trim(entry.substr(eq + 1)));
  if (column.empty()) {
    return core::Status::InvalidInput("--map '" + std::string(entry) + "': the column is empty");
  }
  const std::vector<std::string>& fields = CsvMapFields();
  if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
    return core::Status::InvalidInput("--map '" + std::string(entry) + "': unknown field '" +
                                      field + "' (fields: " + JoinNames(fields) + ")");
  }
  *out = {column, field};
  return core::Status::Ok();
}

bool LooksLikeCsv(std::string_view head) {
  if (StartsWith(head, "\xEF\xBB\xBF")) head.remove_prefix(3);
  char sep = 0;
  size_t pos = 0;
  while (pos < head.size()) {
    size_t end = std::min(head.find_first_of("\r\n", pos), head.size());
    std::string_view line = head.substr(pos, end - pos);
    pos = end + 1;
    if (IsBlank(line)) continue;
    if (sep == 0 && (sep = ExcelSeparator(line)) != 0) continue;
    CsvReaderOptions none;
    if (sep == 0) sep = ChooseSeparator(line, none);
    std::vector<std::string> names = SplitLine(line, sep);
    CsvLayout layout = DetectLayout(names);
    int recognised = 0;
    bool key = false;
    for (const std::string& n : names) {
      if (n.size() > 200) return false;
      Col c = ColumnFor(n, layout);
      recognised += c != Col::kNone;
      key = key || IsKeyColumn(c);
    }
    return names.size() >= 2 && recognised >= 2 && key;
  }
  return false;
}

CsvReader::CsvReader(std::string path, std::string display_name, CsvReaderOptions options)
    : path_(std::move(path)),
      name_(display_name.empty() ? path_ : std::move(display_name)),
      options_(std::move(options)) {}

CsvReader::~CsvReader() = default;

uint64_t CsvReader::bytes_consumed() const { return lines_ ? lines_->bytes_consumed() : 0; }

bool CsvReader::Fail(core::Status st) {
  status_ = std::move(st);
  done_ = true;
  return false;
}

// The first non-blank line, after an Excel "sep=" line (which sets sep_).
bool CsvReader::ReadHeaderLine(std::string* line) {
  while (lines_->Next(line)) {
    if (IsBlank(*line)) continue;
    if (sep_ == 0 && (sep_ = ExcelSeparator(*line)) != 0) continue;
    return true;
  }
  if (!lines_->status().ok()) return Fail(lines_->status());
  return Fail(core::Status::InvalidInput(name_ + ":" + std::to_string(lines_->line_number() + 1) +
                                         ": empty file: expected a header row of column names"));
}

bool CsvReader::Start() {
  started_ = true;
  core::Status st = LineReader::Open(path_, name_, &lines_);
  if (!st.ok()) return Fail(st);
  for (const auto& [column, field] : options_.map) {
    std::pair<std::string, std::string> parsed;
    st = ParseCsvMapEntry(column + "=" + field, &parsed);
    if (!st.ok()) return Fail(st);
  }
  std::string line;
  if (!ReadHeaderLine(&line)) return false;
  if (sep_ == 0) sep_ = ChooseSeparator(line, options_);
  lines_->Unread();
  Row row;
  if (!ReadRow(&row)) return done_ ? false : Fail(core::Status::Internal("header vanished"));
  for (std::string& name : row.fields) {
    std::string_view n = Trim(name);
    if (StartsWith(n, "\xEF\xBB\xBF")) n.remove_prefix(3);
    header_.push_back(core::CollapseSpace(n));
  }
  return MapColumns(row.line);
}

bool CsvReader::MapColumns(uint64_t header_line) {
  std::string where = name_ + ":" + std::to_string(header_line) + ": ";
  for (const auto& entry : options_.map) {
    bool found = std::any_of(header_.begin(), header_.end(), [&](const std::string& h) {
      CsvReaderOptions one{{entry}};
      return MappedColumn(one, h) != Col::kNone;
    });
    if (!found) {
      return Fail(core::Status::InvalidInput(
          where + "--map column '" + entry.first +
          "' is not in the header (columns: " + JoinNames(header_) + ")"));
    }
  }
  layout_ = DetectLayout(header_);
  bool key = false;
  for (const std::string& h : header_) {
    Col c = MappedColumn(options_, h);
    if (c == Col::kNone) c = ColumnFor(h, layout_);
    columns_.push_back(c);
    key = key || IsKeyColumn(c);
  }
  // "Source" is the database beside Scopus' "Source title", but the journal
  // when no other column names one (Publish or Perish).
  if (std::find(columns_.begin(), columns_.end(), Col::kJournal) == columns_.end()) {
    for (size_t i = 0; i < header_.size(); ++i) {
      if (columns_[i] == Col::kSource && HeaderKey(header_[i]) == "source" &&
          MappedColumn(options_, header_[i]) == Col::kNone) {
        columns_[i] = Col::kJournal;
      }
    }
  }
  if (key) return true;
  return Fail(core::Status::InvalidInput(
      where + "no column recognised as title/abstract/id/doi/pmid (columns: " + JoinNames(header_) +
      "); name columns with --map col=field"));
}

bool CsvReader::ReadRow(Row* row) {
  std::string line;
  if (!lines_->Next(&line)) {
    if (!lines_->status().ok()) return Fail(lines_->status());
    return false;
  }
  FieldSplitter splitter(sep_);
  row->line = lines_->line_number();
  row->raw = line;
  while (!splitter.Feed(line, lines_->line_number())) {
    if (!lines_->Next(&line)) {
      if (!lines_->status().ok()) return Fail(lines_->status());
      return Fail(core::Status::InvalidInput(
          lines_->Where(splitter.quote_line()) +
          ": quoted field opened here is never closed (a '\"' is missing)"));
    }
    row->raw += '\n';
    row->raw += line;
    if (row->raw.size() > kMaxRecord) {
      return Fail(core::Status::InvalidInput(lines_->Where(row->line) +
                                             ": record longer than 64 MiB (a quoted field "
                                             "opened on line " +
                                             std::to_string(splitter.quote_line()) +
                                             " never closed?)"));
    }
  }
  row->fields = std::move(splitter.fields());
  return true;
}

bool CsvReader::CheckWidth(const Row& row) {
  if (row.fields.size() <= header_.size()) return true;
  for (size_t i = header_.size(); i < row.fields.size(); ++i) {
    if (IsBlank(row.fields[i])) continue;
    std::string sep = sep_ == '\t' ? "TAB" : std::string(1, sep_);
    return Fail(core::Status::InvalidInput(
        lines_->Where(row.line) + ": row has " + std::to_string(row.fields.size()) +
        " fields, expected " + std::to_string(header_.size()) + " as in the header (a '" + sep +
        "' inside a field that is not quoted?)"));
  }
  return true;
}

bool CsvReader::Next(core::Record* rec) {
  if (done_) return false;
  if (!started_ && !Start()) return false;
  Row row;
  for (;;) {
    if (!ReadRow(&row)) {
      done_ = true;
      return false;
    }
    if (!std::all_of(row.fields.begin(), row.fields.end(), IsBlank)) break;
  }
  if (!CheckWidth(row)) return false;
  *rec = core::Record();
  rec->format = "csv";
  rec->locator = lines_->Where(row.line);
  rec->raw = std::move(row.raw);
  Pending pending;
  for (size_t i = 0; i < columns_.size() && i < row.fields.size(); ++i) {
    if (!IsBlank(row.fields[i])) Apply(columns_[i], row.fields[i], rec, &pending);
  }
  Finish(pending, layout_, rec);
  return true;
}

}  // namespace parse
