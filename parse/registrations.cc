#include "parse/registrations.h"

#include <strings.h>

#include <algorithm>
#include <array>
#include <utility>

namespace parse {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsAlnum(char c) { return IsDigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return out;
}

bool StartsNoCase(std::string_view s, std::string_view prefix) {
  return s.size() > prefix.size() && strncasecmp(s.data(), prefix.data(), prefix.size()) == 0;
}

// NCT, ISRCTN, ACTRN, DRKS or CRD4 and its digits at the start of `rest`, or "".
std::string NumberedAt(std::string_view rest) {
  struct Kind {
    std::string_view prefix;
    size_t min_digits, max_digits;
  };
  static constexpr Kind kKinds[] = {
      {"NCT", 8, 8}, {"ISRCTN", 8, 8}, {"ACTRN", 14, 14}, {"DRKS", 8, 8}, {"CRD4", 9, 10}};
  for (const Kind& k : kKinds) {
    if (!StartsNoCase(rest, k.prefix)) continue;
    size_t j = k.prefix.size() + (rest[k.prefix.size()] == ' ' ? 1 : 0);
    size_t n = 0;
    while (j + n < rest.size() && IsDigit(rest[j + n])) ++n;
    if (n >= k.min_digits && n <= k.max_digits) {
      return std::string(k.prefix) + std::string(rest.substr(j, n));
    }
  }
  return {};
}

// `rest` starts with "ChiCTR": the number up to the first character that is
// not a letter, digit or dash, or "" when it holds no digit.
std::string ChictrAt(std::string_view rest) {
  size_t n = 6;
  while (n < rest.size() && (IsAlnum(rest[n]) || rest[n] == '-')) ++n;
  while (n > 6 && rest[n - 1] == '-') --n;
  const std::string_view id = rest.substr(6, n - 6);
  if (std::any_of(id.begin(), id.end(), IsDigit)) return "CHICTR" + Upper(id);
  return {};
}

// `rest` starts with "EudraCT": up to 20 bytes without a digit, then
// 20##-######-## not followed by a digit; "" otherwise.
std::string EudractAt(std::string_view rest) {
  size_t j = 7;
  while (j < rest.size() && j < 27 && !IsDigit(rest[j])) ++j;
  const std::string_view id = rest.substr(j, 14);
  static constexpr std::string_view kShape = "20##-######-##";
  bool ok = id.size() == kShape.size() && (j + 14 == rest.size() || !IsDigit(rest[j + 14]));
  for (size_t k = 0; ok && k < kShape.size(); ++k) {
    ok = kShape[k] == '#' ? IsDigit(id[k]) : id[k] == kShape[k];
  }
  if (ok) return "EUDRACT" + std::string(id);
  return {};
}

// The registration number whose prefix starts at t[i], or "".
std::string RegistrationAt(std::string_view t, size_t i) {
  const std::string_view rest = t.substr(i);
  std::string id = NumberedAt(rest);
  if (id.empty() && StartsNoCase(rest, "ChiCTR")) id = ChictrAt(rest);
  if (id.empty() && StartsNoCase(rest, "EudraCT")) id = EudractAt(rest);
  return id;
}

}  // namespace

// Every pattern holds a run of at least six digits, so the text is scanned
// for such runs and the prefixes are only looked for just before one.
void FindRegistrations(std::string_view text, std::vector<std::string>* out) {
  static const auto kFirst = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : std::string_view("NIADCEniadce")) t[c] = true;
    return t;
  }();
  size_t run = 0;
  size_t tried = 0;  // prefixes before this offset were tried already
  for (size_t i = 0; i < text.size(); ++i) {
    run = IsDigit(text[i]) ? run + 1 : 0;
    if (run != 6) continue;
    const size_t digits = i - 5;
    for (size_t j = std::max(tried, digits > 40 ? digits - 40 : 0); j < digits; ++j) {
      if (!kFirst[static_cast<unsigned char>(text[j])]) continue;
      if (j > 0 && IsAlnum(text[j - 1])) continue;  // not at a word start
      std::string id = RegistrationAt(text, j);
      if (id.empty() || std::find(out->begin(), out->end(), id) != out->end()) continue;
      out->push_back(std::move(id));
    }
    tried = digits;
  }
}

}  // namespace parse
