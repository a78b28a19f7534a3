// ParseOvidSource (see ovid_reader.h): the parts of an Ovid "SO"/"Source"
// citation.
#include <algorithm>
#include <cctype>
#include <string>

#include "core/normalize.h"
#include "parse/ovid_reader.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

constexpr size_t npos = std::string_view::npos;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsPlausibleYear(std::string_view t) {
  if (t.size() != 4 || !IsAllDigits(t)) return false;
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
  std::string l = LowerAscii(t);
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
  return TrimChars(inner);
}

// "pp. 103-106." -> "103-106".
std::string StripPp(std::string_view s) {
  s = TrimChars(s, " .");
  std::string l = LowerAscii(s);
  if (l.rfind("pp", 0) == 0) s.remove_prefix(2);
  return std::string(TrimChars(s, " ."));
}

// What follows volume/issue/pages: "(pp 1234-1240), 2019.", "(no
// pagination), 2018.", " April 2015, 103-106.", ", Apr 2015, pp. 103-106."
void ParseRest(std::string_view rest, OvidSource* out) {
  size_t i = 0;
  SkipSpaces(rest, &i);
  while (i < rest.size() && rest[i] == '(') {
    std::string_view inner = ReadParen(rest, &i);
    if (out->pages.empty() && LowerAscii(inner).rfind("pp", 0) == 0) out->pages = StripPp(inner);
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
  std::string w = LowerAscii(TrimChars(word, " .,"));
  std::vector<std::string> parts = SplitList(w, "/-");
  if (parts.empty()) return false;
  for (const std::string& part : parts) {
    bool known = part.size() <= 2 && IsAllDigits(part);
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
  std::string_view title = TrimChars(s.substr(open + 7));
  out->journal =
      std::string(TrimChars(title.substr(0, std::min(title.find(". "), title.find(" (pp"))), " ."));
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
    s = std::string(TrimChars(std::string_view(s).substr(0, dop)));
  }
  size_t conf = s.find(". Conference:");
  size_t tail = FindTail(s, conf == npos ? 0 : conf + 2);
  size_t ysemi = FindYearSemicolon(s);
  if (tail != npos) {
    out.journal = std::string(TrimChars(std::string_view(s).substr(0, std::min(conf, tail)), " ."));
    ParseTail(std::string_view(s).substr(tail), &out);
  } else if (conf != npos) {
    out.journal = s.substr(0, conf);
    out.year = core::YearFromDate(s.substr(conf));
  } else if (ysemi != npos) {
    out.journal = StripDateWords(std::string_view(s).substr(0, ysemi));
    ParseTail(std::string_view(s).substr(ysemi), &out);
  } else if (!ParseBookSource(s, &out)) {
    bool digits = s.find_first_of("0123456789") != npos;
    if (!digits) out.journal = std::string(TrimChars(s, " ."));
    if (digits) out.year = core::YearFromDate(s);
  }
  if (out.year == 0) out.year = core::YearFromDate(pub_date);
  return out;
}

}  // namespace parse
