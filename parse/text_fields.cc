#include "parse/text_fields.h"

#include <algorithm>
#include <cctype>

#include "core/author_name.h"
#include "core/normalize.h"
#include "parse/registrations.h"

namespace parse {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The run of digits starting at `pos`, when it is 1-9 digits long and ends
// the number (not followed by another digit).
std::string DigitsAt(std::string_view s, size_t pos) {
  size_t end = pos;
  while (end < s.size() && IsDigit(s[end])) ++end;
  if (end == pos || end - pos > 9) return "";
  return std::string(s.substr(pos, end - pos));
}

// winnow's kind for one publication type written in words.
std::string KindFromTypeWords(std::string_view type) {
  std::string t = LowerAscii(type);
  auto has = [&t](std::string_view w) { return t.find(w) != std::string::npos; };
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

}  // namespace

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimChars(std::string_view s, std::string_view chars) {
  while (!s.empty() && chars.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
  while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

bool IsValueSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

std::string_view TrimValue(std::string_view s) {
  while (!s.empty() && IsValueSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsValueSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool IsAllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
}

bool IsBlankLine(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

std::vector<std::string_view> SplitHeadLines(std::string_view head, size_t max_lines) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < head.size() && out.size() < max_lines) {
    size_t end = head.find('\n', pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    pos = end + 1;
  }
  return out;
}

std::vector<std::string_view> SplitAtLineEnds(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::string_view> out;
  while (!text.empty()) {
    const size_t end = text.find_first_of("\r\n");
    out.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

std::string PmidFromText(std::string_view text) {
  std::string_view t = Trim(text);
  std::string lower = LowerAscii(t);
  for (std::string_view prefix : {"pmid:", "pmid", "pubmed id:", "pubmed:"}) {
    if (lower.rfind(prefix, 0) == 0) {
      std::string_view rest = Trim(t.substr(prefix.size()));
      size_t n = 0;
      while (n < rest.size() && IsDigit(rest[n])) ++n;
      if (n > 0 && n <= 9) return std::string(rest.substr(0, n));
    }
  }
  if (IsAllDigits(t) && t.size() <= 9) return std::string(t);
  for (std::string_view marker :
       {"pubmed.ncbi.nlm.nih.gov/", "/pubmed/", "?term=", "&term=", "list_uids=", "/pmid/"}) {
    size_t at = lower.find(marker);
    if (at != std::string::npos) {
      std::string digits = DigitsAt(t, at + marker.size());
      if (!digits.empty()) return digits;
    }
  }
  return "";
}

std::string PmcidFromText(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  size_t at = upper.find("PMC");
  while (at != std::string::npos) {
    size_t end = at + 3;
    while (end < upper.size() && IsDigit(upper[end])) ++end;
    if (end - at > 3 && (end == upper.size() || !IsDigit(upper[end]))) {
      return upper.substr(at, end - at);
    }
    at = upper.find("PMC", at + 3);
  }
  return "";
}

std::string OrcidFromText(std::string_view text) {
  const size_t slash = text.rfind('/');
  if (slash != std::string_view::npos) text.remove_prefix(slash + 1);
  std::string bare;
  for (char c : text) {
    if (IsDigit(c) || c == 'X' || c == 'x') bare += static_cast<char>(c == 'x' ? 'X' : c);
  }
  if (bare.size() != 16 || !IsAllDigits(std::string_view(bare).substr(0, 15))) return "";
  return bare.substr(0, 4) + "-" + bare.substr(4, 4) + "-" + bare.substr(8, 4) + "-" +
         bare.substr(12, 4);
}

void AddUnique(std::vector<std::string>* list, std::string_view value) {
  std::string v = core::CollapseSpace(value);
  if (v.empty()) return;
  if (std::find(list->begin(), list->end(), v) == list->end()) list->push_back(std::move(v));
}

std::vector<std::string> SplitList(std::string_view text, std::string_view separators) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || separators.find(text[i]) != std::string_view::npos) {
      std::string part = core::CollapseSpace(text.substr(start, i - start));
      if (!part.empty()) out.push_back(std::move(part));
      start = i + 1;
    }
  }
  return out;
}

void SetIfEmpty(std::string* field, std::string value) {
  if (field->empty()) *field = std::move(value);
}

std::string CanonicalDatabase(std::string_view name) {
  std::string n = LowerAscii(Trim(name));
  if (n.empty()) return "";
  struct Rule {
    const char* needle;
    const char* source;
  };
  // First match wins: more specific names first.
  static const Rule kRules[] = {
      {"embase", "embase"},
      {"psycinfo", "psycinfo"},
      {"psyc info", "psycinfo"},
      {"cinahl", "cinahl"},
      {"econlit", "econlit"},
      {"europe pmc", "europepmc"},
      {"europepmc", "europepmc"},
      {"medline", "medline"},
      {"pubmed", "pubmed"},
      {"nlm", "pubmed"},
      {"scopus", "scopus"},
      {"web of science", "wos"},
      {"web of knowledge", "wos"},
      {"clarivate", "wos"},
      {"isi ", "wos"},
      {"zoological record", "wos"},
      {"cochrane", "cochrane"},
      {"central", "cochrane"},
      {"dimensions", "dimensions"},
      {"lens", "lens"},
      {"google scholar", "google-scholar"},
      {"clinicaltrials.gov", "ctgov"},
      {"agris", "agris"},
      {"cab abstracts", "cab"},
      {"cab direct", "cab"},
      {"greenfile", "greenfile"},
      {"environment index", "envindex"},
      {"academic search premier", "asp"},
      {"proquest", "proquest"},
      {"ebsco", "ebsco"},
      {"ovid", "ovid"},
  };
  for (const Rule& r : kRules) {
    if (n.find(r.needle) != std::string::npos) return r.source;
  }
  std::string out;
  for (char c : n) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

bool LooksLikeGroupName(std::string_view name) {
  static const char* const kWords[] = {
      "group",         "consortium", "collaboration", "collaborative", "committee",
      "investigators", "network",    "organization",  "organisation",  "association",
      "society",       "council",    "trialists",     "team",          "institute",
      "foundation",    "alliance",   "agency",        "federation",
  };
  if (name.find(',') != std::string_view::npos) return false;
  std::vector<std::string> words = SplitList(LowerAscii(name), " ");
  if (words.size() < 2) return false;
  for (const std::string& w : words) {
    for (const char* k : kWords) {
      if (w == k) return true;
    }
  }
  return false;
}

void AddPersonOrGroup(std::string_view name, core::Record* rec) {
  if (name.find_first_not_of(" ,.") == std::string_view::npos) return;
  core::Author a;
  if (LooksLikeGroupName(name)) {
    a.collective = std::string(name);
  } else {
    a = core::ParseAuthorName(name);
  }
  rec->authors.push_back(std::move(a));
}

std::string MostSpecificKind(const std::vector<std::string>& types) {
  static const char* const kOrder[] = {"conference-paper", "book-chapter", "book",
                                       "thesis",           "report",       "preprint",
                                       "dataset",          "article",      "other"};
  std::vector<std::string> kinds;
  for (const std::string& t : types) kinds.push_back(KindFromTypeWords(t));
  for (const char* k : kOrder) {
    if (std::find(kinds.begin(), kinds.end(), k) != kinds.end()) return k;
  }
  return "";
}

void AddIssnOrIsbn(std::string_view part, core::Record* rec) {
  std::string issn = core::NormalizeIssn(part);
  if (!issn.empty()) {
    AddUnique(&rec->issn, issn);
    return;
  }
  std::string_view token = TrimChars(part, " \t");
  token = token.substr(0, token.find(' '));
  size_t digits = 0;
  for (char c : token) digits += IsDigit(c) || c == 'X' || c == 'x';
  if (digits == 10 || digits == 13) AddUnique(&rec->other_ids, "isbn:" + std::string(token));
}

void AddIdsFromLink(std::string_view url, std::initializer_list<std::string_view> pubmed_markers,
                    std::string_view pmc_marker, core::Record* rec) {
  std::string lower = LowerAscii(url);
  auto has = [&lower](std::string_view marker) { return lower.find(marker) != std::string::npos; };
  if (rec->pmid.empty() && std::any_of(pubmed_markers.begin(), pubmed_markers.end(), has)) {
    rec->pmid = PmidFromText(url);
  }
  if (rec->pmcid.empty() && has(pmc_marker)) rec->pmcid = PmcidFromText(url);
  if (rec->doi.empty() && has("doi.org/")) rec->doi = core::NormalizeDoi(url);
}

void FinishRecord(core::Record* rec) {
  rec->title = core::CollapseSpace(rec->title);
  rec->abstract = core::CollapseSpace(rec->abstract);
  rec->journal = core::CollapseSpace(rec->journal);
  rec->journal_abbrev = core::CollapseSpace(rec->journal_abbrev);
  rec->volume = core::CollapseSpace(rec->volume);
  rec->issue = core::CollapseSpace(rec->issue);
  if (!rec->doi.empty()) rec->doi = core::NormalizeDoi(rec->doi);
  if (!rec->pages.empty()) rec->pages = core::NormalizePages(rec->pages);
  std::vector<std::string> issn;
  for (const std::string& i : rec->issn) {
    std::string n = core::NormalizeIssn(i);
    AddUnique(&issn, n.empty() ? std::string_view(i) : std::string_view(n));
  }
  rec->issn = std::move(issn);
  std::vector<std::string> unique;
  for (const std::string& k : rec->keywords) AddUnique(&unique, k);
  rec->keywords = std::move(unique);
  unique.clear();
  for (const std::string& p : rec->publication_types) AddUnique(&unique, p);
  rec->publication_types = std::move(unique);
  FindRegistrations(rec->title, &rec->registrations);
  FindRegistrations(rec->abstract, &rec->registrations);
}

}  // namespace parse
