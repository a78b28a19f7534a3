#include "screen/dedup.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "core/normalize.h"

namespace screen {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool Contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

std::vector<std::string> SplitSpaces(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool IsStopword(std::string_view w) {
  static const char* const kWords[] = {"a",  "an", "the", "of", "and", "in", "on",  "for", "to",
                                       "with", "by", "at", "from", "or", "as", "is", "are", "its"};
  for (const char* s : kWords) {
    if (w == s) return true;
  }
  return false;
}

// The leading run of ASCII digits ("108 suppl" -> "108"), or "" when none.
std::string LeadingDigits(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  std::string out(s.substr(0, i));
  size_t z = 0;
  while (z + 1 < out.size() && out[z] == '0') ++z;
  return out.substr(z);
}

// First and last page of a range in any dash style ("480‐486", "794-9").
void SplitPages(const std::string& pages, std::string* first, std::string* last) {
  std::string key = core::MatchKey(pages);  // dashes of every kind become spaces
  std::vector<std::string> parts = SplitSpaces(key);
  if (parts.empty()) return;
  *first = parts[0];
  if (parts.size() > 1) *last = parts.back();
  // "794 9": the end page written short.
  if (!last->empty() && last->size() < first->size() && LeadingDigits(*last) == *last &&
      LeadingDigits(*first) == *first) {
    *last = first->substr(0, first->size() - last->size()) + *last;
  }
}

std::vector<uint32_t> Bigrams(std::string_view key) {
  std::string compact;
  compact.reserve(key.size());
  for (char c : key) {
    if (c != ' ') compact.push_back(c);
  }
  std::vector<uint32_t> out;
  if (compact.size() < 2) {
    if (!compact.empty()) out.push_back(static_cast<unsigned char>(compact[0]));
    return out;
  }
  out.reserve(compact.size() - 1);
  for (size_t i = 0; i + 1 < compact.size(); ++i) {
    out.push_back((static_cast<uint32_t>(static_cast<unsigned char>(compact[i])) << 8) |
                  static_cast<unsigned char>(compact[i + 1]));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Dice coefficient of two sorted multisets.
double Dice(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.empty() || b.empty()) return 0;
  size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++common;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return 2.0 * common / (a.size() + b.size());
}

bool HasType(const core::Record& rec, std::initializer_list<const char*> names) {
  for (const std::string& pt : rec.publication_types) {
    std::string key = core::MatchKey(pt);
    for (const char* n : names) {
      if (key == n) return true;
    }
  }
  return false;
}

bool IsPreprintDoi(std::string_view doi) {
  if (StartsWith(doi, "10.21203/rs.") || StartsWith(doi, "10.2139/ssrn") ||
      StartsWith(doi, "10.48550/arxiv") || StartsWith(doi, "10.31234/") ||
      StartsWith(doi, "10.20944/preprints") || StartsWith(doi, "10.26434/chemrxiv")) {
    return true;
  }
  // bioRxiv and medRxiv: 10.1101/ then digits (Cold Spring Harbor journals use letters).
  if (StartsWith(doi, "10.1101/")) {
    std::string_view rest = doi.substr(8);
    return !rest.empty() && rest[0] >= '0' && rest[0] <= '9';
  }
  return false;
}

// True when a and b differ by at most one inserted, deleted or changed byte.
bool WithinOneEdit(const std::string& a, const std::string& b) {
  const std::string& s = a.size() <= b.size() ? a : b;
  const std::string& l = a.size() <= b.size() ? b : a;
  if (l.size() - s.size() > 1) return false;
  size_t i = 0;
  while (i < s.size() && s[i] == l[i]) ++i;
  if (s.size() == l.size()) return s.compare(i + 1, std::string::npos, l, i + 1, std::string::npos) == 0;
  return s.compare(i, std::string::npos, l, i + 1, std::string::npos) == 0;
}

// Families match when equal, equal without spaces ("sberro soussan" /
// "sberrosoussan"), or one is the other's first word of 3+ letters (a
// family name written with the given name fused or cut).
bool FamilyMatch(const std::string& a, const std::string& b) {
  if (a == b) return true;
  if (a.empty() || b.empty()) return false;
  auto squash = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c != ' ') out.push_back(c);
    }
    return out;
  };
  std::string sa = squash(a), sb = squash(b);
  if (sa == sb) return true;
  // One letter lost or changed ("Östensson" exported as "Stensson", "Gök" as "G?k").
  if (sa.size() >= 3 && sb.size() >= 3 && WithinOneEdit(sa, sb)) return true;
  auto first_word = [](const std::string& s) { return s.substr(0, s.find(' ')); };
  std::string fa = first_word(a), fb = first_word(b);
  if (fa.size() >= 3 && fa == fb) return true;
  auto last_word = [](const std::string& s) {
    size_t p = s.rfind(' ');
    return p == std::string::npos ? s : s.substr(p + 1);
  };
  std::string la = last_word(a), lb = last_word(b);
  return la.size() >= 4 && la == lb;
}

constexpr size_t kMaxAuthors = 12;

// Title words that say the record is a notice about another article.
RecordType NoticeType(std::string_view title_key) {
  static const char* const kRetraction[] = {"retraction notice", "retraction note",
                                            "retraction of", "retraction to",
                                            "notice of retraction", "statement of retraction",
                                            "expression of concern", "withdrawal notice"};
  static const char* const kErratum[] = {"erratum", "errata", "corrigendum", "corrigenda",
                                         "correction to", "correction for", "correction of",
                                         "author correction", "publisher correction",
                                         "publisher s note", "addendum", "correction"};
  for (const char* p : kRetraction) {
    if (StartsWith(title_key, p)) return RecordType::kRetraction;
  }
  // Letters about an article quote its title: "Title authors reply",
  // "Title Editorial Comment", "Reply to ...", "Comment on ...".
  static const char* const kCommentEnd[] = {" authors reply", " author reply", " reply",
                                            " editorial comment", " in reply"};
  for (const char* e : kCommentEnd) {
    std::string_view ev(e);
    if (title_key.size() > ev.size() + 10 &&
        title_key.substr(title_key.size() - ev.size()) == ev) {
      return RecordType::kComment;
    }
  }
  static const char* const kCommentStart[] = {"reply to ", "response to ", "comment on ",
                                              "comments on ", "in reply to "};
  for (const char* p : kCommentStart) {
    if (StartsWith(title_key, p)) return RecordType::kComment;
  }
  if (title_key == "retraction" || StartsWith(title_key, "retraction ")) {
    return RecordType::kRetraction;
  }
  for (const char* p : kErratum) {
    std::string_view pv(p);
    if (StartsWith(title_key, pv) &&
        (title_key.size() == pv.size() || title_key[pv.size()] == ' ')) {
      // "Correction of scoliosis ..." is an article, not a notice.
      if (pv == "correction" || pv == "correction of") {
        if (title_key.size() != pv.size() && title_key.size() > 80) continue;
        if (pv == "correction of") continue;
      }
      return RecordType::kErratum;
    }
  }
  return RecordType::kArticle;
}

// Trailing bracketed notes that databases append to titles ("[Review] [33
// refs]", "[Spanish]", "[Erratum appears in ...]", "[see comments]"): not part
// of the title. A title that is all brackets (a translated title) is kept.
std::string StripTitleNotes(std::string_view title) {
  std::string t(title);
  for (;;) {
    size_t end = t.find_last_not_of(" .;,");
    if (end == std::string::npos || t[end] != ']') break;
    // The '[' that opens it, counting nested brackets ("[... Note: X [added]]").
    size_t open = std::string::npos;
    int depth = 0;
    for (size_t i = end + 1; i-- > 0;) {
      if (t[i] == ']') ++depth;
      if (t[i] == '[' && --depth == 0) {
        open = i;
        break;
      }
    }
    if (open == std::string::npos) break;
    std::string_view before(t.data(), open);
    size_t text = before.find_last_not_of(" .;,");
    if (text == std::string_view::npos || text < 10) break;
    t.resize(text + 1);
  }
  return t;
}

// Correction notices that carry the corrected article's title: Web of
// Science's "Title (vol 360, pg 542, 2009)" and Embase's "Title (Journal
// (2009) 360 (2487))".
bool IsCorrectionTitle(std::string_view title) {
  std::string key = core::MatchKey(title);
  std::vector<std::string> w = SplitSpaces(key);
  auto digits = [](const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  // ... vol N pg N YYYY
  if (w.size() >= 6) {
    size_t n = w.size();
    if (w[n - 5] == "vol" && digits(w[n - 4]) && w[n - 3] == "pg" && digits(w[n - 1]) &&
        w[n - 1].size() == 4) {
      return true;
    }
  }
  // ... (Journal (YYYY) N (N)) at the end of the raw title
  size_t end = title.find_last_not_of(" .");
  if (end == std::string_view::npos || title[end] != ')') return false;
  size_t year = title.rfind(") ", end);
  if (year == std::string_view::npos || year < 6) return false;
  std::string_view y = title.substr(year - 4, 4);
  if (title[year - 5] != '(') return false;
  for (char c : y) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

const char* RecordTypeName(RecordType type) {
  switch (type) {
    case RecordType::kArticle: return "article";
    case RecordType::kErratum: return "erratum";
    case RecordType::kRetraction: return "retraction";
    case RecordType::kComment: return "comment";
    case RecordType::kPreprint: return "preprint";
    case RecordType::kConference: return "conference";
    case RecordType::kRegister: return "register";
  }
  return "article";
}

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kDistinct: return "distinct";
    case Verdict::kReview: return "review";
    case Verdict::kDuplicate: return "duplicate";
    case Verdict::kRelated: return "related";
  }
  return "distinct";
}

RecordType ClassifyRecord(const core::Record& rec, const std::string& source_kind) {
  if (source_kind == "register" || rec.kind == "trial-registration") return RecordType::kRegister;
  if (HasType(rec, {"retraction of publication", "retraction notice", "expression of concern"})) {
    return RecordType::kRetraction;
  }
  if (HasType(rec, {"published erratum", "erratum", "correction", "corrigendum"})) {
    return RecordType::kErratum;
  }
  RecordType notice = NoticeType(core::MatchKey(rec.title));
  if (notice != RecordType::kArticle) return notice;
  if (IsCorrectionTitle(rec.title)) return RecordType::kErratum;
  std::string journal = core::MatchKey(rec.journal);
  if (rec.kind == "preprint" || HasType(rec, {"preprint"}) || IsPreprintDoi(rec.doi) ||
      journal == "medrxiv" || journal == "biorxiv" || StartsWith(journal, "arxiv") ||
      StartsWith(journal, "research square") || StartsWith(journal, "ssrn") ||
      Contains(journal, "medrxiv") || Contains(journal, "biorxiv") ||
      journal == "preprints" || journal == "psyarxiv" || journal == "chemrxiv") {
    return RecordType::kPreprint;
  }
  if (rec.kind == "conference-paper" || rec.kind == "conference-proceedings" ||
      HasType(rec, {"conference abstract", "conference paper", "conference review",
                    "congress", "congresses", "meeting abstract", "proceedings paper"})) {
    return RecordType::kConference;
  }
  return RecordType::kArticle;
}

DedupRecord MakeDedupRecord(int64_t id, const core::Record& rec, const std::string& source_kind) {
  DedupRecord d;
  d.id = id;
  d.type = ClassifyRecord(rec, source_kind);
  d.title_key = core::MatchKey(StripTitleNotes(rec.title));
  // "RETRACTED: Title" is the retracted article itself.
  if (StartsWith(d.title_key, "retracted ")) d.title_key = d.title_key.substr(10);
  if (StartsWith(d.title_key, "retracted article ")) d.title_key = d.title_key.substr(18);
  d.title_tokens = SplitSpaces(d.title_key);
  d.bigrams = Bigrams(d.title_key);
  for (const core::Author& a : rec.authors) {
    if (d.families.size() >= kMaxAuthors) break;
    std::string key = core::MatchKey(a.collective.empty() ? a.family : a.collective);
    if (key.empty() || key == "et al" || key == "anonymous") continue;
    d.families.push_back(key);
    // The first initial, from the given name when there is one; "Jr", "III"
    // are not initials.
    char initial = '\0';
    std::vector<std::string> given = SplitSpaces(core::MatchKey(a.given));
    for (const std::string& g : given) {
      if (g == "jr" || g == "sr" || g == "ii" || g == "iii" || g == "iv") continue;
      initial = g[0];
      break;
    }
    if (initial == '\0' && given.empty() && !a.initials.empty()) {
      initial = core::MatchKey(a.initials).empty() ? '\0' : core::MatchKey(a.initials)[0];
    }
    d.first_initials.push_back(initial);
    std::string words = " ";
    for (const std::string& w : SplitSpaces(core::MatchKey(a.family + " " + a.given))) {
      if (w.size() >= 3) words += w + " ";
    }
    d.name_words.push_back(words);
  }
  d.year = rec.year;
  d.journal_key = core::MatchKey(rec.journal);
  d.abbrev_key = core::MatchKey(rec.journal_abbrev);
  for (std::string* k : {&d.journal_key, &d.abbrev_key}) {
    if (StartsWith(*k, "the ")) *k = k->substr(4);
  }
  d.issn = rec.issn;
  d.volume = LeadingDigits(core::MatchKey(rec.volume));
  d.issue = core::MatchKey(rec.issue);
  SplitPages(rec.pages, &d.first_page, &d.last_page);
  d.doi = rec.doi;
  d.pmid = rec.pmid;
  d.pmcid = rec.pmcid;
  for (const std::string& o : rec.other_ids) {
    if (StartsWith(o, "isbn:") || StartsWith(o, "bibkey:") || StartsWith(o, "bookaccession:")) {
      continue;
    }
    d.accessions.push_back(core::MatchKey(o));
  }
  std::sort(d.accessions.begin(), d.accessions.end());
  if (d.type == RecordType::kRegister) d.registrations = rec.registrations;
  std::sort(d.registrations.begin(), d.registrations.end());
  return d;
}

double TitleSimilarity(const DedupRecord& a, const DedupRecord& b) {
  if (a.title_key.empty() || b.title_key.empty()) return 0;
  if (a.title_key == b.title_key) return 1;
  double sim = Dice(a.bigrams, b.bigrams);
  // One title cut short or without its subtitle ("Title" / "Title: subtitle").
  if (sim >= 0.97) return sim;
  const bool a_shorter = a.title_key.size() < b.title_key.size();
  const std::string& s = a_shorter ? a.title_key : b.title_key;
  const std::string& l = a_shorter ? b.title_key : a.title_key;
  const size_t s_words = (a_shorter ? a : b).title_tokens.size();
  const size_t l_words = (a_shorter ? b : a).title_tokens.size();
  if (s.size() >= 40 && s_words >= 6 && StartsWith(l, s) && l[s.size()] == ' ') {
    sim = std::max(sim, 0.92);
  } else if (s_words >= 3 && s_words * 5 >= l_words * 3 &&
             (" " + l + " ").find(" " + s + " ") != std::string::npos) {
    // A title with a series label or heading in front ("MEDICAL PROGRESS Title",
    // "Thrombotic microangiopathy: can ...?").
    sim = std::max(sim, 0.90);
  }
  return sim;
}

double AuthorSimilarity(const DedupRecord& a, const DedupRecord& b) {
  if (a.families.empty() || b.families.empty()) return -1;
  const DedupRecord& s = a.families.size() <= b.families.size() ? a : b;
  const DedupRecord& l = a.families.size() <= b.families.size() ? b : a;
  size_t matched = 0;
  for (size_t i = 0; i < s.families.size(); ++i) {
    for (size_t j = 0; j < l.families.size(); ++j) {
      // The family name found among the other's name words: given and family
      // swapped or run together ("Luis Ferreira, Santos A" for "Santos, A L").
      if (s.families[i].size() >= 3 && l.families[j].size() >= 3 &&
          (l.name_words[j].find(" " + s.families[i] + " ") != std::string::npos ||
           s.name_words[i].find(" " + l.families[j] + " ") != std::string::npos)) {
        ++matched;
        break;
      }
      if (FamilyMatch(s.families[i], l.families[j])) {
        // Same family, different first initial: a different person.
        char x = s.first_initials[i], y = l.first_initials[j];
        if (x != '\0' && y != '\0' && x != y) continue;
        ++matched;
        break;
      }
    }
  }
  double sim = static_cast<double>(matched) / s.families.size();
  if (!FamilyMatch(a.families[0], b.families[0])) sim *= 0.8;
  return sim;
}

bool IsAbbreviationOf(const std::string& abbrev_key, const std::string& full_key) {
  if (abbrev_key.empty() || full_key.empty()) return false;
  std::vector<std::string> a = SplitSpaces(abbrev_key), f = SplitSpaces(full_key);
  auto drop = [](std::vector<std::string>* v) {
    v->erase(std::remove_if(v->begin(), v->end(),
                            [](const std::string& w) {
                              return IsStopword(w) || w == "de" || w == "la" || w == "le";
                            }),
             v->end());
  };
  drop(&a);
  drop(&f);
  if (a.empty() || a.size() != f.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const std::string& x = a[i];
    const std::string& y = f[i];
    if (x == y) continue;
    if (x.size() > y.size() || x[0] != y[0]) return false;
    // Each letter of the abbreviation in order within the word ("natl" in "national").
    size_t k = 0;
    for (char c : y) {
      if (k < x.size() && x[k] == c) ++k;
    }
    if (k != x.size()) return false;
  }
  return true;
}

namespace {

// "international journal of cancer" in "international journal of cancer
// journal international du cancer" (a subtitle), or "journal of the national
// comprehensive cancer network" in "jnccn journal of ...": the shorter name,
// at least two words besides stopwords, found whole-word inside the longer.
bool JournalContained(const std::string& x, const std::string& y) {
  const std::string& s = x.size() <= y.size() ? x : y;
  const std::string& l = x.size() <= y.size() ? y : x;
  if (s.empty()) return false;
  int words = 0;
  for (const std::string& w : SplitSpaces(s)) {
    if (!IsStopword(w)) ++words;
  }
  if (words < 2) return false;
  std::string padded = " " + l + " ";
  return padded.find(" " + s + " ") != std::string::npos;
}

}  // namespace

bool JournalsMatch(const DedupRecord& a, const DedupRecord& b) {
  for (const std::string& x : a.issn) {
    for (const std::string& y : b.issn) {
      if (!x.empty() && x == y) return true;
    }
  }
  const std::string* an[] = {&a.journal_key, &a.abbrev_key};
  const std::string* bn[] = {&b.journal_key, &b.abbrev_key};
  for (const std::string* x : an) {
    for (const std::string* y : bn) {
      if (x->empty() || y->empty()) continue;
      if (*x == *y || JournalContained(*x, *y)) return true;
      if (x->size() <= y->size() ? IsAbbreviationOf(*x, *y) : IsAbbreviationOf(*y, *x)) {
        return true;
      }
    }
  }
  return false;
}

namespace {

bool HasJournal(const DedupRecord& r) {
  return !r.journal_key.empty() || !r.abbrev_key.empty() || !r.issn.empty();
}

// "e0196716", "1234567": article numbers, not page numbers; such a first
// page cannot contradict a page range from another source.
bool IsLocator(const std::string& page) {
  if (page.empty()) return false;
  if (page[0] == 'e') return true;
  return page.size() >= 5;
}

bool SharesAny(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) return true;
    if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return false;
}

std::string Fixed(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

const char* RelationFor(RecordType a, RecordType b) {
  for (RecordType t : {a, b}) {
    if (t == RecordType::kRetraction) return "retraction";
  }
  for (RecordType t : {a, b}) {
    if (t == RecordType::kErratum) return "erratum";
  }
  for (RecordType t : {a, b}) {
    if (t == RecordType::kComment) return "comment";
  }
  for (RecordType t : {a, b}) {
    if (t == RecordType::kPreprint) return "preprint";
  }
  return "conference";
}

}  // namespace

namespace {

bool HasDigit(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "c37" -> "37": a section letter some databases keep and others drop.
std::string PageNumber(const std::string& p) {
  size_t i = 0;
  while (i < p.size() && i < 2 && !(p[i] >= '0' && p[i] <= '9')) ++i;
  return LeadingDigits(p.substr(i)) == p.substr(i) ? p.substr(i) : p;
}

// Whether two page fields agree (1), contradict each other (-1) or cannot be
// compared (0): an article number against a page range, garbage without
// digits. A first page mistyped in one source still agrees by its last page
// ("2297-2108" / "2097-2108"), and a single page inside the other's range
// agrees (an abstract's page within a supplement range).
int PagesAgree(const DedupRecord& a, const DedupRecord& b) {
  if (a.first_page.empty() || b.first_page.empty()) return 0;
  if (!HasDigit(a.first_page) || !HasDigit(b.first_page)) return 0;
  if (IsLocator(a.first_page) != IsLocator(b.first_page)) return 0;
  std::string fa = PageNumber(a.first_page), fb = PageNumber(b.first_page);
  std::string la = PageNumber(a.last_page), lb = PageNumber(b.last_page);
  if (fa == fb) return 1;
  if (!la.empty() && la == lb) return 1;
  auto number = [](const std::string& s) -> long {
    if (s.empty() || s.size() > 9 || LeadingDigits(s) != s) return -1;
    return std::stol(s);
  };
  auto inside = [&](const std::string& page, const std::string& first, const std::string& last) {
    long p = number(page), f = number(first), l = number(last);
    return p >= 0 && f >= 0 && l >= f && p >= f && p <= l;
  };
  if (la.empty() && inside(fa, fb, lb)) return 1;
  if (lb.empty() && inside(fb, fa, la)) return 1;
  return -1;
}

}  // namespace

PairResult ComparePair(const DedupRecord& a, const DedupRecord& b) {
  PairResult r;
  const bool titles = !a.title_key.empty() && !b.title_key.empty();
  const double t = titles ? TitleSimilarity(a, b) : -1;
  // Most candidate pairs (same first author and year, say) have unrelated
  // titles: with no identifier in common nothing below can make them more
  // than distinct, so stop before the costlier comparisons.
  if (titles && t < 0.5 && (a.pmid.empty() || a.pmid != b.pmid) &&
      (a.doi.empty() || a.doi != b.doi) && (a.pmcid.empty() || a.pmcid != b.pmcid) &&
      !SharesAny(a.accessions, b.accessions) && !SharesAny(a.registrations, b.registrations)) {
    return r;
  }
  const double au = AuthorSimilarity(a, b);
  const int dy = (a.year && b.year) ? std::abs(a.year - b.year) : -1;
  const bool journals_known = HasJournal(a) && HasJournal(b);
  const bool journal = journals_known && JournalsMatch(a, b);
  const bool volumes_known = !a.volume.empty() && !b.volume.empty();
  const bool volume = volumes_known && a.volume == b.volume;
  const int pages = PagesAgree(a, b);
  const bool issues_known = !a.issue.empty() && !b.issue.empty();

  // Identifiers.
  std::string shared;
  if (!a.pmid.empty() && a.pmid == b.pmid) {
    shared = "pmid";
  } else if (!a.doi.empty() && a.doi == b.doi) {
    shared = "doi";
  } else if (!a.pmcid.empty() && a.pmcid == b.pmcid) {
    shared = "pmcid";
  } else if (SharesAny(a.accessions, b.accessions)) {
    shared = "accession";
  } else if (a.type == RecordType::kRegister && b.type == RecordType::kRegister &&
             SharesAny(a.registrations, b.registrations)) {
    shared = "registration";
  }
  const bool pmid_conflict = !a.pmid.empty() && !b.pmid.empty() && a.pmid != b.pmid;
  const bool doi_conflict = !a.doi.empty() && !b.doi.empty() && a.doi != b.doi;

  // Field-by-field score: a weighted mean over the fields both records have.
  // Journal names vary so much between databases that a mismatch counts half.
  double sum = 0, weight = 0;
  std::string reason;
  auto add = [&](double w, double v, const std::string& what) {
    sum += w * v;
    weight += w;
    if (!what.empty()) reason += (reason.empty() ? "" : ", ") + what;
  };
  if (titles) add(0.60, t, "title " + Fixed(t));
  // One author each, named differently (a group and its chair): weak evidence.
  const bool lone_authors = std::min(a.families.size(), b.families.size()) == 1;
  if (au >= 0) add(lone_authors && au < 0.34 ? 0.05 : 0.15, au, "authors " + Fixed(au));
  if (dy >= 0) {
    add(0.05, dy == 0 ? 1.0 : dy == 1 ? 0.5 : 0.0,
        dy == 0 ? "year" : "years " + std::to_string(dy) + " apart");
  }
  if (journals_known) add(0.05, journal ? 1 : 0.5, journal ? "journal" : "journals differ");
  if (volumes_known) add(0.05, volume ? 1 : 0, volume ? "volume" : "volumes differ");
  if (pages != 0) add(0.07, pages > 0 ? 1 : 0, pages > 0 ? "pages" : "pages differ");
  if (issues_known) add(0.03, a.issue == b.issue ? 1 : 0, a.issue == b.issue ? "issue" : "");
  double score = weight > 0 ? sum / weight : 0;
  r.score = score;

  // A notice, a preprint or a conference version is related to the article,
  // never the same record.
  if (a.type != b.type && (a.type != RecordType::kArticle || b.type != RecordType::kArticle)) {
    auto is_notice = [](RecordType x) {
      return x == RecordType::kErratum || x == RecordType::kRetraction ||
             x == RecordType::kComment;
    };
    bool notice = is_notice(a.type) || is_notice(b.type);
    bool register_pair = a.type == RecordType::kRegister || b.type == RecordType::kRegister;
    bool conference = a.type == RecordType::kConference || b.type == RecordType::kConference;
    bool preprint = a.type == RecordType::kPreprint || b.type == RecordType::kPreprint;
    // The same title in the same place of the same journal is one record that
    // two databases typed differently (one calls it a conference abstract or
    // an erratum, the other an article): a conference record in the article's
    // issue, a notice on the notice's own pages.
    bool same_record = journal && dy == 0 && t >= 0.95 &&
                       (conference && !notice ? (volume || pages > 0) : pages > 0);
    if (!(!preprint && !register_pair && same_record)) {
      // A notice quotes the article's title inside its own ("Erratum: Title
      // (Journal (2007) 104 (240))").
      double tr = t;
      if (notice && titles) {
        const std::string& sk = a.title_key.size() < b.title_key.size() ? a.title_key : b.title_key;
        const std::string& lk = a.title_key.size() < b.title_key.size() ? b.title_key : a.title_key;
        if (SplitSpaces(sk).size() >= 4 && (" " + lk + " ").find(" " + sk + " ") != std::string::npos) {
          tr = std::max(tr, 0.9);
        }
      }
      if (!register_pair && (tr >= 0.8 || (!shared.empty() && t < 0))) {
        r.verdict = Verdict::kRelated;
        r.stage = shared.empty() ? "scored" : "identifier";
        r.relation = RelationFor(a.type, b.type);
        r.reason = std::string(RecordTypeName(a.type)) + " and " + RecordTypeName(b.type) +
                   ": related, not duplicates (" + reason + ")";
        return r;
      }
      r.reason = reason;
      return r;
    }
  }

  // Stage 1: a shared identifier, checked against the titles.
  if (!shared.empty()) {
    r.stage = "identifier";
    bool titles_agree = t < 0 || t >= 0.8;
    bool years_agree = dy <= 1;  // -1 (unknown) too
    if (titles_agree && (years_agree || shared == "pmid")) {
      r.verdict = Verdict::kDuplicate;
      r.score = std::max(score, 0.95);
      r.reason = "same " + shared + (reason.empty() ? "" : "; " + reason);
    } else {
      r.verdict = Verdict::kReview;
      r.score = std::min(score, kMergeScore - 0.01);
      r.reason = "same " + shared + " but " +
                 (!titles_agree ? "titles differ (" + Fixed(t) + ")"
                                : "years " + std::to_string(dy) + " apart") +
                 "; the identifier may be wrong";
    }
    return r;
  }

  // Stage 3: the scored comparison.
  r.stage = "scored";
  r.reason = reason;
  // Everything but the title says "the same article": journal, volume, pages
  // (both ends), year and authors.
  const bool same_place_but_authors = journal && volume && pages > 0 && dy == 0;
  const bool same_place = same_place_but_authors && au >= 0.67;
  if (!titles) {
    // No title: only a full agreement of everything else is worth a look.
    if (same_place) {
      r.verdict = Verdict::kReview;
      r.score = std::min(score, kMergeScore - 0.01);
      r.reason = "no title; " + reason;
    }
    return r;
  }
  if (dy > 1) return r;  // the same title in different years: annual editorials, reprints
  if (t < 0.80 && !(same_place && t >= 0.5)) return r;

  int conflicts = 0;
  if (doi_conflict) ++conflicts;
  if (pmid_conflict) ++conflicts;
  if (pages < 0) ++conflicts;
  if (volumes_known && !volume) ++conflicts;
  if (doi_conflict) r.reason += ", dois differ";
  if (pmid_conflict) r.reason += ", pmids differ";

  const bool bibliographic = journal || volume || pages > 0 || (!a.doi.empty() && a.doi == b.doi);
  int corroborating = 0;
  if (au >= 0.67) ++corroborating;
  if (dy == 0) ++corroborating;
  if (journal) ++corroborating;
  if (volume) ++corroborating;
  if (pages > 0) ++corroborating;

  const size_t tokens = std::min(a.title_tokens.size(), b.title_tokens.size());
  const size_t authors = std::min(a.families.size(), b.families.size());
  bool can_merge = conflicts == 0 && score >= kMergeScore && t >= 0.90;
  // Different people wrote them.
  if (au >= 0 && au < 0.34) {
    // One name each, written differently (a group vs its chair) is weak
    // evidence against a record that agrees everywhere else.
    bool weak = authors == 1 && t >= 0.97 && same_place_but_authors;
    if (!weak) can_merge = false;
  }
  // Short or generic titles ("Editorial", "Introduction") need more than the title.
  if (tokens < 5 && !(au >= 0.67 && (pages > 0 || volume))) can_merge = false;
  // With nothing but title, authors and year in common the titles must be
  // near-identical: "... in Adult Patients" is not "... in Pediatric Patients".
  if (!bibliographic && t < 0.97) can_merge = false;
  int needed = (t >= 0.97 && tokens >= 8) ? 1 : 2;
  if (corroborating < needed) can_merge = false;
  // A translated or retitled record in the same place of the same journal.
  if (!can_merge && conflicts == 0 && same_place && t >= 0.7) can_merge = true;

  if (can_merge) {
    r.verdict = Verdict::kDuplicate;
    r.score = std::max(score, kMergeScore);
    return r;
  }
  // Worth a reviewer's look: close titles, nothing hard against them, the
  // same authors (unless one name each), and either near-identical titles or
  // something bibliographic in common.
  bool reviewable = conflicts == 0 || (conflicts == 1 && t >= 0.97 && au >= 0.67);
  if (au >= 0 && au < 0.34 && !(lone_authors && same_place_but_authors)) reviewable = false;
  if (t < 0.90 && !bibliographic) reviewable = false;
  // Published in different places: different journals and a year apart, or
  // different journals and different volumes or pages (a conference abstract
  // and the article, or the same abstract at two meetings).
  if (journals_known && !journal && (dy == 1 || conflicts > 0)) reviewable = false;
  // Different DOIs in different years: a series' recurring title (annual
  // editorials, minitrack introductions), not one article.
  if (doi_conflict && dy != 0) reviewable = false;
  if (same_place && t < 0.65) reviewable = false;
  if (reviewable && (score >= kReviewScore || same_place) && corroborating >= 1) {
    r.verdict = Verdict::kReview;
    r.score = std::min(score, kMergeScore - 0.01);
  }
  return r;
}

namespace {

uint64_t Hash(std::string_view s) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::vector<uint64_t> BlockKeys(const DedupRecord& r) {
  std::vector<uint64_t> keys;
  auto add = [&](char tag, std::string_view v) {
    if (v.empty()) return;
    std::string k(1, tag);
    k.push_back(':');
    k.append(v);
    keys.push_back(Hash(k));
  };
  add('t', r.title_key);
  std::vector<std::string_view> sig;
  for (const std::string& w : r.title_tokens) {
    if (!IsStopword(w)) sig.push_back(w);
  }
  // A notice's title starts with "Erratum", "Correction to", "Reply to"...:
  // block it also by the words after them, where the article's title starts.
  if (r.type == RecordType::kErratum || r.type == RecordType::kRetraction ||
      r.type == RecordType::kComment) {
    static const char* const kLead[] = {"erratum", "errata",  "corrigendum", "correction",
                                        "retraction", "retracted", "notice", "note",
                                        "reply", "response", "comment", "comments",
                                        "author", "authors", "publisher", "for", "statement"};
    size_t skip = 0;
    while (skip < sig.size() &&
           std::any_of(std::begin(kLead), std::end(kLead),
                       [&](const char* w) { return sig[skip] == w; })) {
      ++skip;
    }
    if (skip > 0 && sig.size() >= skip + 3) {
      std::string head;
      for (size_t i = skip; i < std::min(sig.size(), skip + 4); ++i) head.append(sig[i]).push_back(' ');
      add('p', head);
    }
  }
  if (sig.size() >= 3) {
    std::string head, tail;
    size_t n = std::min<size_t>(4, sig.size());
    for (size_t i = 0; i < n; ++i) head.append(sig[i]).push_back(' ');
    for (size_t i = sig.size() - n; i < sig.size(); ++i) tail.append(sig[i]).push_back(' ');
    add('p', head);
    add('s', tail);
  }
  if (!r.families.empty() && r.year) {
    add('a', r.families[0] + "|" + std::to_string(r.year));
    add('a', r.families[0] + "|" + std::to_string(r.year + 1));
  }
  if (!r.volume.empty() && !r.first_page.empty()) add('v', r.volume + "|" + r.first_page);
  add('d', r.doi);
  add('m', r.pmid);
  add('c', r.pmcid);
  for (const std::string& x : r.accessions) add('x', x);
  for (const std::string& x : r.registrations) add('r', x);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

// Blocks larger than this are not compared all against all: their records
// are sorted by title and each is compared with its next kWindow neighbours.
constexpr size_t kMaxBlock = 40;
constexpr size_t kWindow = 12;

}  // namespace

std::vector<std::pair<uint32_t, uint32_t>> CandidatePairs(const std::vector<DedupRecord>& records,
                                                          CandidateStats* stats) {
  std::vector<std::pair<uint64_t, uint32_t>> entries;  // (key, record index)
  entries.reserve(records.size() * 8);
  for (uint32_t i = 0; i < records.size(); ++i) {
    for (uint64_t k : BlockKeys(records[i])) entries.emplace_back(k, i);
  }
  std::sort(entries.begin(), entries.end());
  std::vector<uint64_t> pairs;
  auto emit = [&](uint32_t x, uint32_t y) {
    if (x == y) return;
    if (!records[x].is_new && !records[y].is_new) return;
    if (x > y) std::swap(x, y);
    pairs.push_back((static_cast<uint64_t>(x) << 32) | y);
  };
  std::vector<uint32_t> block;
  CandidateStats local;
  for (size_t i = 0; i < entries.size();) {
    size_t j = i;
    block.clear();
    while (j < entries.size() && entries[j].first == entries[i].first) {
      block.push_back(entries[j].second);
      ++j;
    }
    i = j;
    if (block.size() < 2) continue;
    local.largest_block = std::max<int64_t>(local.largest_block, block.size());
    bool any_new = false;
    for (uint32_t x : block) any_new = any_new || records[x].is_new;
    if (!any_new) continue;
    if (block.size() <= kMaxBlock) {
      for (size_t p = 0; p < block.size(); ++p) {
        for (size_t q = p + 1; q < block.size(); ++q) emit(block[p], block[q]);
      }
    } else {
      std::sort(block.begin(), block.end(), [&](uint32_t x, uint32_t y) {
        return records[x].title_key < records[y].title_key;
      });
      for (size_t p = 0; p < block.size(); ++p) {
        for (size_t q = p + 1; q < block.size() && q <= p + kWindow; ++q) emit(block[p], block[q]);
      }
    }
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::vector<std::pair<uint32_t, uint32_t>> out;
  out.reserve(pairs.size());
  for (uint64_t p : pairs) out.emplace_back(static_cast<uint32_t>(p >> 32), static_cast<uint32_t>(p));
  local.blocked_pairs = static_cast<int64_t>(out.size());
  if (stats) *stats = local;
  return out;
}

namespace {

class Components {
 public:
  explicit Components(size_t n) : parent_(n), dois_(n), cannot_(n) {
    std::iota(parent_.begin(), parent_.end(), 0);
  }
  void SetDoi(uint32_t x, const std::string& doi) {
    if (!doi.empty()) dois_[x].push_back(doi);
  }
  // True when both components carry DOIs and share none.
  bool DoisConflict(uint32_t x, uint32_t y) {
    const std::vector<std::string>& a = dois_[Find(x)];
    const std::vector<std::string>& b = dois_[Find(y)];
    if (a.empty() || b.empty()) return false;
    for (const std::string& d : a) {
      if (std::find(b.begin(), b.end(), d) != b.end()) return false;
    }
    return true;
  }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  void AddCannot(uint32_t x, uint32_t y) {
    cannot_[x].push_back(y);
    cannot_[y].push_back(x);
  }
  // Joins the components of x and y unless a cannot-link spans them.
  bool Union(uint32_t x, uint32_t y) {
    uint32_t rx = Find(x), ry = Find(y);
    if (rx == ry) return true;
    const std::vector<uint32_t>& small = cannot_[rx].size() <= cannot_[ry].size() ? cannot_[rx] : cannot_[ry];
    uint32_t other = cannot_[rx].size() <= cannot_[ry].size() ? ry : rx;
    for (uint32_t m : small) {
      if (Find(m) == other) return false;
    }
    if (cannot_[rx].size() < cannot_[ry].size()) std::swap(rx, ry);
    parent_[ry] = rx;
    cannot_[rx].insert(cannot_[rx].end(), cannot_[ry].begin(), cannot_[ry].end());
    cannot_[ry].clear();
    cannot_[ry].shrink_to_fit();
    for (std::string& d : dois_[ry]) {
      if (std::find(dois_[rx].begin(), dois_[rx].end(), d) == dois_[rx].end()) {
        dois_[rx].push_back(std::move(d));
      }
    }
    dois_[ry].clear();
    dois_[ry].shrink_to_fit();
    return true;
  }

 private:
  std::vector<uint32_t> parent_;
  // Per root: the distinct DOIs of its members.
  std::vector<std::vector<std::string>> dois_;
  // Per root: the records its members must never be joined with.
  std::vector<std::vector<uint32_t>> cannot_;
};

}  // namespace

std::vector<int64_t> Cluster(const std::vector<int64_t>& ids, const std::vector<Link>& must,
                             std::vector<Link> auto_links, const std::vector<Link>& cannot,
                             const std::vector<std::string>& dois, std::vector<Link>* refused) {
  std::unordered_map<int64_t, uint32_t> index;
  index.reserve(ids.size() * 2);
  for (uint32_t i = 0; i < ids.size(); ++i) index.emplace(ids[i], i);
  Components comps(ids.size());
  auto idx = [&](int64_t id, uint32_t* out) {
    auto it = index.find(id);
    if (it == index.end()) return false;
    *out = it->second;
    return true;
  };
  if (dois.size() == ids.size()) {
    for (uint32_t i = 0; i < ids.size(); ++i) comps.SetDoi(i, dois[i]);
  }
  uint32_t x, y;
  for (const Link& l : cannot) {
    if (idx(l.a, &x) && idx(l.b, &y)) comps.AddCannot(x, y);
  }
  for (const Link& l : must) {
    if (idx(l.a, &x) && idx(l.b, &y)) comps.Union(x, y);
  }
  std::stable_sort(auto_links.begin(), auto_links.end(),
                   [](const Link& p, const Link& q) { return p.score > q.score; });
  for (const Link& l : auto_links) {
    if (!idx(l.a, &x) || !idx(l.b, &y)) continue;
    if (comps.Find(x) != comps.Find(y) && comps.DoisConflict(x, y)) {
      if (refused) refused->push_back(l);
      continue;
    }
    comps.Union(x, y);
  }
  // Representative: the smallest record id of each component.
  std::unordered_map<uint32_t, int64_t> smallest;
  for (uint32_t i = 0; i < ids.size(); ++i) {
    uint32_t root = comps.Find(i);
    auto it = smallest.find(root);
    if (it == smallest.end() || ids[i] < it->second) smallest[root] = ids[i];
  }
  std::vector<int64_t> out(ids.size());
  for (uint32_t i = 0; i < ids.size(); ++i) out[i] = smallest[comps.Find(i)];
  return out;
}

}  // namespace screen
