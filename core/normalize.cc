#include "core/normalize.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "core/utf8.h"

namespace core {

// Defined below, next to the word-at-a-time test it uses.
size_t CollapsedAsciiEnd(std::string_view text, size_t pos);

using utf8::AppendUtf8;
using utf8::DecodeOne;
using utf8::IsAlnum;
using utf8::IsSpace;
using utf8::kReplacement;
using utf8::Trimmed;
using utf8::UnifyDashes;

namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; }

// Replaces each run of code points matching `gap` by one space, trimmed.
// Invalid UTF-8 reads as U+FFFD. With `ascii_runs` (only for gap == white
// space), ASCII text that needs no change is copied whole.
template <typename Pred>
std::string SqueezeRuns(std::string_view text, Pred gap, bool ascii_runs = false) {
  std::string out;
  out.reserve(text.size());
  bool pending = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = ascii_runs ? CollapsedAsciiEnd(text, pos) : pos;
    if (end > pos) {
      if (pending && !out.empty()) out += ' ';
      pending = false;
      out.append(text.substr(pos, end - pos));
      pos = end;
      continue;
    }
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
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(clean.data()),
                                    static_cast<utf8proc_ssize_t>(clean.size()), &mapped,
                                    static_cast<utf8proc_option_t>(options));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  if (n < 0) return clean;  // not reached for sanitised input
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<size_t>(n));
}

// Windows-1252 code points for bytes 0x80..0x9F (WHATWG encoding index; the
// five undefined bytes map to the C1 control of the same value).
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

int HexValue(char c) {
  if (IsAsciiDigit(c)) return c - '0';
  c = AsciiLower(c);
  return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
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
  for (size_t i = s.find("10."); i != std::string_view::npos; i = s.find("10.", i + 1)) {
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
  while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) {
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
    std::string full = a.digits.substr(0, a.digits.size() - b.digits.size()) + b.digits;
    if (full < a.digits) return s;  // "129-3": not a range we understand
    b.digits = full;
  }
  if (a.digits == b.digits) return a.prefix + a.digits;
  return a.prefix + a.digits + "-" + b.prefix + b.digits;
}

}  // namespace

std::string FoldText(std::string_view text) {
  return Map(text, UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                       UTF8PROC_STRIPMARK | UTF8PROC_IGNORE | UTF8PROC_LUMP);
}

std::string MatchKey(std::string_view text) {
  // ASCII text (most titles, names and journals) needs no Unicode tables:
  // NFKC leaves it as it is and case folding is lower-casing.
  bool ascii = true;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (char c : text) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (space && !out.empty()) out.push_back(' ');
        space = false;
        out.push_back(c);
      } else {
        space = true;
      }
    }
    return out;
  }
  return SqueezeRuns(FoldText(text), [](char32_t cp) { return !IsAlnum(cp); });
}

// Whether the eight bytes at `p` are ASCII from ' ' to DEL with no two
// spaces in a row (nor a space first when `after_space`).
bool PlainEight(const char* p, bool after_space) {
  constexpr uint64_t kHigh = 0x8080808080808080ULL, kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  uint64_t w;
  std::memcpy(&w, p, 8);
  if (w & kHigh) return false;                                // not ASCII
  if (~((w & kLow7) + 0x6060606060606060ULL) & kHigh) return false;  // a byte below ' '
  const uint64_t x = w ^ 0x2020202020202020ULL;               // spaces become zero bytes
  const uint64_t spaces = ~(((x & kLow7) + kLow7) | x) & kHigh;
  if (spaces & (spaces << 8)) return false;                   // two spaces in a row
  return !(after_space && (spaces & 0x80));                   // little-endian: byte 0
}

// The end of the ASCII text from `pos` that CollapseSpace keeps as it is:
// starting with a character that is not white space, and no white space but
// single ' ' between such characters.
size_t CollapsedAsciiEnd(std::string_view text, size_t pos) {
  auto plain = [&](size_t i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    return static_cast<unsigned char>(c - 0x21) < 0x5F ||  // '!'..DEL, the usual case
           (c < 0x20 && (c < 0x09 || c > 0x0D));           // control characters
  };
  if (pos >= text.size() || !plain(pos)) return pos;
  const size_t start = pos++;
  while (pos < text.size()) {
    const bool after_space = text[pos - 1] == ' ';
    if (pos + 8 <= text.size() && PlainEight(text.data() + pos, after_space)) {
      pos += 8;
    } else if (plain(pos)) {
      ++pos;
    } else if (text[pos] == ' ' && !after_space && pos + 1 < text.size() && plain(pos + 1)) {
      pos += 2;
    } else {
      break;
    }
  }
  if (text[pos - 1] == ' ' && pos - 1 > start) --pos;  // eight bytes may end with a space
  return pos;
}

std::string CollapseSpace(std::string_view text) {
  // Readers collapse every abstract: this is on the import's hot path.
  return SqueezeRuns(text, IsSpace, /*ascii_runs=*/true);
}

bool IsValidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    uint64_t eight = 0;  // eight ASCII bytes at a time: most text is ASCII
    if (pos + 8 <= text.size() && (std::memcpy(&eight, text.data() + pos, 8),
                                   (eight & 0x8080808080808080ULL) == 0)) {
      pos += 8;
      continue;
    }
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    size_t start = pos;
    if (DecodeOne(text, &pos) == kReplacement && text.substr(start, 3) != "\xEF\xBF\xBD") {
      return false;
    }
  }
  return true;
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
  std::string doi = s.substr(start, end == std::string::npos ? end : end - start);
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

std::string NormalizeIssn(std::string_view text) {
  std::string d;
  for (char c : text) {
    if (IsAsciiDigit(c) || c == 'x' || c == 'X') d += (c == 'x') ? 'X' : c;
  }
  if (d.size() != 8 || d.find('X') < 7) return "";
  return d.substr(0, 4) + "-" + d.substr(4);
}

}  // namespace core
