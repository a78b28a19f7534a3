#include "parse/text_fields.h"

#include <algorithm>
#include <cctype>

#include "core/normalize.h"
#include "parse/registrations.h"

namespace parse {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

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

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
}

}  // namespace

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
  if (AllDigits(t) && t.size() <= 9) return std::string(t);
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
  if (bare.size() != 16 || !AllDigits(std::string_view(bare).substr(0, 15))) return "";
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

std::string CanonicalDatabase(std::string_view name) {
  std::string n = LowerAscii(Trim(name));
  if (n.empty()) return "";
  struct Rule {
    const char* needle;
    const char* source;
  };
  // First match wins: more specific names first.
  static const Rule kRules[] = {
      {"embase", "embase"},       {"psycinfo", "psycinfo"},    {"psyc info", "psycinfo"},
      {"cinahl", "cinahl"},       {"econlit", "econlit"},      {"europe pmc", "europepmc"},
      {"europepmc", "europepmc"}, {"medline", "medline"},      {"pubmed", "pubmed"},
      {"nlm", "pubmed"},          {"scopus", "scopus"},        {"web of science", "wos"},
      {"web of knowledge", "wos"}, {"clarivate", "wos"},       {"isi ", "wos"},
      {"zoological record", "wos"}, {"cochrane", "cochrane"},  {"central", "cochrane"},
      {"dimensions", "dimensions"}, {"lens", "lens"},          {"google scholar", "google-scholar"},
      {"clinicaltrials.gov", "ctgov"}, {"agris", "agris"},     {"cab abstracts", "cab"},
      {"cab direct", "cab"},      {"greenfile", "greenfile"},  {"environment index", "envindex"},
      {"academic search premier", "asp"}, {"proquest", "proquest"}, {"ebsco", "ebsco"},
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
