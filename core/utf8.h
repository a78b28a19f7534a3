// Internal to core/: code-point level UTF-8 helpers shared by
// core/normalize.cc and core/author_name.cc. Character classes are Unicode
// general categories as utf8proc reports them. Pure and thread-safe.
#ifndef WINNOW_CORE_UTF8_H_
#define WINNOW_CORE_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace core::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// s[i] as an unsigned byte.
inline unsigned char Byte(std::string_view s, size_t i) { return static_cast<unsigned char>(s[i]); }

// Decodes the code point at s[*pos] and advances *pos. An invalid sequence
// yields U+FFFD and consumes its maximal subpart (Unicode §3.9, "U+FFFD
// Substitution of Maximal Subparts"), as Python and browsers do. Defined
// here so that it inlines: it runs once per code point of every string.
inline char32_t DecodeOne(std::string_view s, size_t* pos) {
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

// Appends cp as UTF-8.
void AppendUtf8(char32_t cp, std::string* out);

// Letters (Lu, Ll, Lt, Lm, Lo) and numbers (Nd, Nl, No).
bool IsAlnum(char32_t cp);

// ASCII white space 0x09..0x0D, U+0085 and the separators Zs, Zl, Zp.
bool IsSpace(char32_t cp);

// Upper-case (Lu) and lower-case (Ll) letters.
bool IsUpper(char32_t cp);
bool IsLower(char32_t cp);

// The simple upper-case mapping of cp (cp itself when it has none).
char32_t ToUpper(char32_t cp);

// Replaces every dash-like code point ('-', U+2010..U+2015, U+2212) with
// '-' and drops spaces around it; a run of dashes becomes one ("12--19").
// Invalid UTF-8 reads as U+FFFD.
std::string UnifyDashes(std::string_view s);

// s without the leading and trailing bytes that appear in `chars`.
std::string Trimmed(std::string_view s, std::string_view chars);

}  // namespace core::utf8

#endif  // WINNOW_CORE_UTF8_H_
