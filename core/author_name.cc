#include "core/author_name.h"

#include <vector>

#include "core/normalize.h"
#include "core/utf8.h"

namespace core {

using utf8::AppendUtf8;
using utf8::DecodeOne;
using utf8::IsAlnum;
using utf8::IsLower;
using utf8::IsUpper;
using utf8::ToUpper;
using utf8::Trimmed;
using utf8::UnifyDashes;

namespace {

std::vector<std::string_view> SplitOn(std::string_view s, std::string_view seps) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && seps.find(s[i]) == std::string_view::npos) continue;
    if (i > start) out.push_back(s.substr(start, i - start));
    start = i + 1;
  }
  return out;
}

std::string Join(const std::vector<std::string_view>& parts, size_t from, size_t to) {
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
    if (!IsUpper(cp)) return -1;
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
  return !token.empty() && IsLower(DecodeOne(token, &pos));
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
  for (std::string_view part : SplitOn(std::string_view(s).substr(comma + 1), ",")) {
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
      AppendUtf8(ToUpper(cp), &out);
      break;
    }
  }
  return out;
}

}  // namespace core
