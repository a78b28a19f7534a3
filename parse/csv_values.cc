// The CSV reader's values (see csv_columns.h): author lists, keywords,
// MeSH, types, PubMed's legacy Details, and how a row's values fill a
// record.
#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <iterator>

#include "core/author_name.h"
#include "core/normalize.h"
#include "parse/csv_columns.h"

namespace parse::csv {
namespace {

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
  std::string lower = LowerAscii(name);
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
  if (name.starts_with("and ")) name = Trim(name.substr(4));
  size_t open = name.rfind('(');  // Scopus "Gao, Xiang (57207929231)"
  if (open != std::string_view::npos && name.back() == ')' &&
      IsAllDigits(name.substr(open + 1, name.size() - open - 2))) {
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
  std::vector<std::string> words = SplitList(LowerAscii(type), " ,.;:()-/_");
  auto has = [&](std::initializer_list<std::string_view> prefixes) {
    for (const std::string& w : words) {
      for (std::string_view p : prefixes) {
        if (w.starts_with(p)) return true;
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
    if (t.starts_with("doi:")) {
      if (rec->doi.empty()) rec->doi = core::NormalizeDoi(t.substr(4));
    } else if (t.starts_with("pii:")) {
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
    if (y.size() == 4 && IsAllDigits(y)) break;
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

}  // namespace

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
  // A bare id / record_id / key column numbers the rows of the exporting
  // tool; it does not identify the record across files.
  rec->source_id_local = p.source_id.empty() && p.database_id.empty() && !p.id.empty();
  if (layout == CsvLayout::kPubmedLegacy) {
    if (rec->pmid.empty() && (rec->source.empty() || rec->source == "pubmed")) {
      rec->pmid = PmidFromText(p.database_id);
    }
    rec->kind = "article";
  }
  if (layout == CsvLayout::kWos && rec->source.empty()) {
    rec->source = CanonicalDatabase(p.database_id.substr(0, p.database_id.find(':')));
  }
  // The first type that says what the record is ("Journal Article" after
  // "English Abstract"); "other" only when no type is recognised.
  if (rec->kind.empty()) {
    for (const std::string& type : rec->publication_types) {
      std::string kind = KindFromType(type);
      if (kind == "other" && !rec->kind.empty()) continue;
      rec->kind = kind;
      if (kind != "other") break;
    }
  }
  FinishRecord(rec);
}

}  // namespace parse::csv
