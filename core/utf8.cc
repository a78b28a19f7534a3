#include "core/utf8.h"

#include <utf8proc.h>

namespace core::utf8 {
namespace {

utf8proc_category_t Category(char32_t cp) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp));
}

bool IsDash(char32_t cp) { return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212; }

}  // namespace

void AppendUtf8(char32_t cp, std::string* out) {
  utf8proc_uint8_t buf[4];
  utf8proc_ssize_t n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
  out->append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
}

bool IsAlnum(char32_t cp) {
  utf8proc_category_t c = Category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

bool IsSpace(char32_t cp) {
  if ((cp >= 0x09 && cp <= 0x0D) || cp == 0x85) return true;
  utf8proc_category_t c = Category(cp);
  return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

bool IsUpper(char32_t cp) { return Category(cp) == UTF8PROC_CATEGORY_LU; }

bool IsLower(char32_t cp) { return Category(cp) == UTF8PROC_CATEGORY_LL; }

char32_t ToUpper(char32_t cp) {
  return static_cast<char32_t>(utf8proc_toupper(static_cast<utf8proc_int32_t>(cp)));
}

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

std::string Trimmed(std::string_view s, std::string_view chars) {
  size_t b = s.find_first_not_of(chars);
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(chars);
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace core::utf8
