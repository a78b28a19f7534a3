#include "core/normalize.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace core {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

unsigned char Byte(std::string_view s, size_t i) {
  return static_cast<unsigned char>(s[i]);
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }

// Decodes the code point at s[*pos] and advances *pos. An invalid sequence
// yields U+FFFD and consumes its maximal subpart (Unicode §3.9, "U+FFFD
// Substitution of Maximal Subparts"), as Python and browsers do.
char32_t DecodeOne(std::string_view s, size_t* pos) {
  unsigned char b0 = Byte(s, *pos);
  int need = 0;
  char32_t cp = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 < 0x80) {
    ++*pos;
    return b0;
  } else if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2, cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3, cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // beyond U+10FFFF
  } else {
    ++*pos;
    return kReplacement;
  }
  size_t i = *pos + 1;
  for (int k = 0; k < need; ++k, ++i) {
    if (i >= s.size() || Byte(s, i) < lo || Byte(s, i) > hi) {
      *pos = i;
      return kReplacement;
    }
    cp = (cp << 6) | (Byte(s, i) & 0x3F);
    lo = 0x80, hi = 0xBF;
  }
  *pos = i;
  return cp;
}

void AppendUtf8(char32_t cp, std::string* out) {
  utf8proc_uint8_t buf[4];
  utf8proc_ssize_t n =
      utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
  out->append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

utf8proc_category_t Category(char32_t cp) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp));
}

// Letters (Lu, Ll, Lt, Lm, Lo) and numbers (Nd, Nl, No).
bool IsAlnum(char32_t cp) {
  utf8proc_category_t c = Category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

bool IsSpace(char32_t cp) {
  if ((cp >= 0x09 && cp <= 0x0D) || cp == 0x85) return true;
  utf8proc_category_t c = Category(cp);
  return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL ||
         c == UTF8PROC_CATEGORY_ZP;
}

bool IsDash(char32_t cp) {
  return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212;
}

// Replaces each run of code points matching `gap` by one space, trimmed.
// Invalid UTF-8 reads as U+FFFD.
template <typename Pred>
std::string SqueezeRuns(std::string_view text, Pred gap) {
  std::string out;
  bool pending = false;
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = DecodeOne(text, &pos);
    if (gap(cp)) {
      pending = true;
      continue;
    }
    if (pending && !out.empty()) out += ' ';
    pending = false;
    AppendUtf8(cp, &out);
  }
  return out;
}

// utf8proc_map over sanitised input; the result is owned by a std::string.
std::string Map(std::string_view text, int options) {
  std::string clean = SanitizeUtf8(text);
  utf8proc_uint8_t* mapped = nullptr;
  utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(clean.data()),
                   static_cast<utf8proc_ssize_t>(clean.size()), &mapped,
                   static_cast<utf8proc_option_t>(options));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped,
                                                                &std::free);
  if (n < 0) return clean;  // not reached for sanitised input
  return std::string(reinterpret_cast<const char*>(mapped),
                     static_cast<size_t>(n));
}

// Windows-1252 code points for bytes 0x80..0x9F (WHATWG encoding index; the
// five undefined bytes map to the C1 control of the same value).
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

int HexValue(char c) {
  if (IsAsciiDigit(c)) return c - '0';
  c = AsciiLower(c);
  return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
        HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Offset of the first "10.<digits>[.<digits>]/<suffix>" in s, or npos.
size_t FindDoiStart(std::string_view s) {
  for (size_t i = s.find("10."); i != std::string_view::npos;
       i = s.find("10.", i + 1)) {
    if (i > 0 && IsAsciiDigit(s[i - 1])) continue;
    size_t j = i + 3;
    if (j >= s.size() || !IsAsciiDigit(s[j])) continue;
    while (j < s.size() && (IsAsciiDigit(s[j]) || s[j] == '.')) ++j;
    if (j + 1 < s.size() && s[j] == '/' && s[j + 1] != ' ') return i;
  }
  return std::string_view::npos;
}

// Drops trailing sentence punctuation and closing brackets that have no
// opening partner inside the DOI: "(doi:10.1000/x)." -> "10.1000/x".
void TrimDoiTail(std::string* doi) {
  static constexpr std::string_view kOpen = "([{<", kClose = ")]}>";
  while (!doi->empty()) {
    char c = doi->back();
    size_t k = kClose.find(c);
    bool strip = std::string_view(".,;:'\"").find(c) != std::string_view::npos;
    if (k != std::string_view::npos) {
      auto opens = std::count(doi->begin(), doi->end(), kOpen[k]);
      auto closes = std::count(doi->begin(), doi->end(), c);
      strip = closes > opens;
    }
    if (!strip) return;
    doi->pop_back();
  }
}

// Replaces every dash-like code point with '-' and drops spaces around it.
std::string UnifyDashes(std::string_view s) {
  std::string out;
  size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp = DecodeOne(s, &pos);
    if (!IsDash(cp)) {
      AppendUtf8(cp, &out);
      continue;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.empty() || out.back() != '-') out += '-';  // "12--19" too
    while (pos < s.size() && s[pos] == ' ') ++pos;
  }
  return out;
}

// "pp. 12-19" -> "12-19"; the prefix must be followed by a space or a dot.
std::string_view StripPagePrefix(std::string_view s) {
  for (std::string_view p : {"pages", "page", "pp", "p"}) {
    if (s.size() <= p.size()) continue;
    bool match = true;
    for (size_t i = 0; i < p.size() && match; ++i) {
      match = AsciiLower(s[i]) == p[i];
    }
    char next = s[p.size()];
    if (!match || (next != '.' && next != ' ')) continue;
    s.remove_prefix(p.size() + 1);
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    return s;
  }
  return s;
}

// A page number split into letter prefix and digits: "S12" -> {"S", "12"}.
struct PagePart {
  std::string prefix;
  std::string digits;
};

bool SplitPage(std::string_view s, PagePart* part) {
  size_t i = 0;
  while (i < s.size() &&
         ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) {
    ++i;
  }
  if (i == s.size() || i > 2) return false;
  for (size_t j = i; j < s.size(); ++j) {
    if (!IsAsciiDigit(s[j])) return false;
  }
  part->prefix = std::string(s.substr(0, i));
  part->digits = std::string(s.substr(i));
  return true;
}

// "123-9" -> "123-129", "S12-9" -> "S12-S19", "123-123" -> "123".
std::string ExpandRange(const std::string& s) {
  size_t dash = s.find('-');
  if (dash == std::string::npos || s.find('-', dash + 1) != std::string::npos) {
    return s;
  }
  if (dash == 0) return s;
  if (dash + 1 == s.size()) return s.substr(0, dash);  // "123-"
  PagePart a, b;
  if (!SplitPage(s.substr(0, dash), &a) || !SplitPage(s.substr(dash + 1), &b)) {
    return s;
  }
  if (b.prefix.empty()) b.prefix = a.prefix;
  if (b.prefix != a.prefix) return s;
  if (b.digits.size() < a.digits.size()) {
    std::string full =
        a.digits.substr(0, a.digits.size() - b.digits.size()) + b.digits;
    if (full < a.digits) return s;  // "129-3": not a range we understand
    b.digits = full;
  }
  if (a.digits == b.digits) return a.prefix + a.digits;
  return a.prefix + a.digits + "-" + b.prefix + b.digits;
}

std::vector<std::string_view> SplitOn(std::string_view s,
                                      std::string_view seps) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && seps.find(s[i]) == std::string_view::npos) continue;
    if (i > start) out.push_back(s.substr(start, i - start));
    start = i + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string_view>& parts, size_t from,
                 size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) {
    if (!out.empty()) out += ' ';
    out += parts[i];
  }
  return out;
}

// Counts upper-case letters in a token made only of them and dots ("S.J."),
// or returns -1 when anything else appears.
int UpperLetters(std::string_view token) {
  int letters = 0;
  size_t pos = 0;
  while (pos < token.size()) {
    char32_t cp = DecodeOne(token, &pos);
    if (cp == '.') continue;
    if (Category(cp) != UTF8PROC_CATEGORY_LU) return -1;
    ++letters;
  }
  return letters;
}

// MEDLINE-style initials: "SJ", "S.J.", "S" (1..3 capitals).
bool IsInitialsToken(std::string_view token) {
  int n = UpperLetters(token);
  return n >= 1 && n <= 3;
}

bool IsNameSuffix(std::string_view token) {
  for (std::string_view s : {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"}) {
    if (token == s) return true;
  }
  return false;
}

bool StartsLower(std::string_view token) {
  size_t pos = 0;
  return !token.empty() &&
         Category(DecodeOne(token, &pos)) == UTF8PROC_CATEGORY_LL;
}

std::string Trimmed(std::string_view s, std::string_view chars) {
  size_t b = s.find_first_not_of(chars);
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(chars);
  return std::string(s.substr(b, e - b + 1));
}

// "White SJ", "Sarah J. White", "Cochrane": names written without a comma.
Author ParseNameWithoutComma(const std::vector<std::string_view>& tokens) {
  Author a;
  size_t n = tokens.size();
  size_t first_initial = n;
  while (first_initial > 1 && IsInitialsToken(tokens[first_initial - 1])) {
    --first_initial;
  }
  if (first_initial < n) {  // MEDLINE "White SJ": family then initials
    a.family = Join(tokens, 0, first_initial);
    a.initials = InitialsFromGiven(Join(tokens, first_initial, n));
    return a;
  }
  size_t family_start = n - 1;  // "Anna van der Berg": particles join family
  for (size_t i = 1; i + 1 < n; ++i) {
    if (StartsLower(tokens[i])) {
      family_start = i;
      break;
    }
  }
  a.family = Join(tokens, family_start, n);
  a.given = Join(tokens, 0, family_start);
  a.initials = InitialsFromGiven(a.given);
  return a;
}

}  // namespace

std::string FoldText(std::string_view text) {
  return Map(text, UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                       UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                       UTF8PROC_IGNORE | UTF8PROC_LUMP);
}

std::string MatchKey(std::string_view text) {
  return SqueezeRuns(FoldText(text), [](char32_t cp) { return !IsAlnum(cp); });
}

std::string CollapseSpace(std::string_view text) {
  return SqueezeRuns(text, IsSpace);
}

std::string SanitizeUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = pos;
    char32_t cp = DecodeOne(text, &pos);
    if (cp == kReplacement && text.substr(start, 3) != "\xEF\xBF\xBD") {
      AppendUtf8(kReplacement, &out);
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

std::string Latin1ToUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    unsigned char b = static_cast<unsigned char>(c);
    char32_t cp = (b >= 0x80 && b <= 0x9F) ? kCp1252High[b - 0x80] : b;
    AppendUtf8(cp, &out);
  }
  return out;
}

std::string NormalizeDoi(std::string_view text) {
  std::string s = CollapseSpace(PercentDecode(text));
  size_t start = FindDoiStart(s);
  if (start == std::string::npos) return "";
  size_t end = s.find(' ', start);
  std::string doi =
      s.substr(start, end == std::string::npos ? end : end - start);
  TrimDoiTail(&doi);
  size_t slash = doi.find('/');
  if (slash == std::string::npos || slash + 1 == doi.size()) return "";
  for (char& c : doi) c = AsciiLower(c);
  return doi;
}

std::string NormalizePages(std::string_view text) {
  std::string s = UnifyDashes(CollapseSpace(text));
  std::string_view v = StripPagePrefix(s);
  return ExpandRange(Trimmed(v, " .,;:-"));
}

int YearFromDate(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && IsAsciiDigit(text[j])) ++j;
    if (j - i == 4) {
      int year = std::stoi(std::string(text.substr(i, 4)));
      if (year >= 1500 && year <= 2200) return year;
    }
    i = (j == i) ? i + 1 : j;
  }
  return 0;
}

Author ParseAuthorName(std::string_view text) {
  std::string s = Trimmed(CollapseSpace(text), " ,;");
  size_t comma = s.find(',');
  if (comma == std::string::npos) {
    std::vector<std::string_view> tokens = SplitOn(s, " ");
    if (tokens.empty()) return Author();
    return ParseNameWithoutComma(tokens);
  }
  Author a;
  a.family = Trimmed(std::string_view(s).substr(0, comma), " ");
  // Given name, then any suffix: "Smith, John, Jr." -> given "John Jr.".
  for (std::string_view part :
       SplitOn(std::string_view(s).substr(comma + 1), ",")) {
    std::string t = Trimmed(part, " ");
    if (t.empty()) continue;
    if (!a.given.empty()) a.given += ' ';
    a.given += t;
  }
  a.initials = InitialsFromGiven(a.given);
  return a;
}

std::string InitialsFromGiven(std::string_view given) {
  std::string s = UnifyDashes(CollapseSpace(given));
  std::string out;
  for (std::string_view token : SplitOn(s, " .-")) {
    if (IsNameSuffix(token)) continue;
    int caps = UpperLetters(token);
    if (caps >= 2 && caps <= 3) {  // "SJ" written as initials
      out += token;
      continue;
    }
    size_t pos = 0;
    while (pos < token.size()) {
      char32_t cp = DecodeOne(token, &pos);
      if (!IsAlnum(cp)) continue;
      AppendUtf8(static_cast<char32_t>(
                     utf8proc_toupper(static_cast<utf8proc_int32_t>(cp))),
                 &out);
      break;
    }
  }
  return out;
}

std::string NormalizeIssn(std::string_view text) {
  std::string d;
  for (char c : text) {
    if (IsAsciiDigit(c) || c == 'x' || c == 'X') d += (c == 'x') ? 'X' : c;
  }
  if (d.size() != 8 || d.find('X') < 7) return "";
  return d.substr(0, 4) + "-" + d.substr(4);
}

}  // namespace core
