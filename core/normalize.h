// Text normalisation shared by every reader and by deduplication. All
// functions are pure and thread-safe; inputs and outputs are UTF-8. Invalid
// UTF-8 input never produces invalid UTF-8 output. Personal names are split
// by core/author_name.h.
#ifndef WINNOW_CORE_NORMALIZE_H_
#define WINNOW_CORE_NORMALIZE_H_

#include <string>
#include <string_view>

namespace core {

// Key for matching: FoldText, then every code point that is not a letter or
// number (punctuation, symbols, U+FFFD) becomes a space; runs of spaces
// collapse and the ends are trimmed. "Ünïcode—Title!" -> "unicode title",
// "Straße" -> "strasse", "ﬁ" -> "fi", "ＡＢＣ" -> "abc"; CJK passes through.
std::string MatchKey(std::string_view text);

// NFKC + case fold + strip diacritics, keeping punctuation and spacing.
// Every combining mark is stripped (so also Japanese dakuten and Indic vowel
// signs), default-ignorable code points (soft hyphen, ZWJ) are dropped, and
// utf8proc's LUMP folds dashes, ’ and ⁄ to ASCII ("—" -> "-"); “” stay.
std::string FoldText(std::string_view text);

// Collapses runs of white space (incl. newlines, tabs, NBSP) into one space and trims.
std::string CollapseSpace(std::string_view text);

// Replaces invalid UTF-8 sequences with U+FFFD, one per maximal subpart (as
// Python's and browsers' decoders do: "\xE2\x80A" -> "\uFFFDA"). Overlongs,
// surrogates and code points past U+10FFFF are invalid. Valid input is
// returned unchanged.
std::string SanitizeUtf8(std::string_view text);

// True when `text` is valid UTF-8 (same rules as SanitizeUtf8).
bool IsValidUtf8(std::string_view text);

// Latin-1 (ISO-8859-1 / Windows-1252) bytes to UTF-8. Bytes 0x80..0x9F are
// read as Windows-1252 (0x93 -> “, 0x80 -> €); its five undefined bytes map to
// the C1 control of the same value, as in the WHATWG encoding standard.
std::string Latin1ToUtf8(std::string_view text);

// "https://doi.org/10.1000/ABC" / "doi:10.1000/abc" / "DOI 10.1000/abc." -> "10.1000/abc".
// Percent-escapes are decoded first ("%2F"); the DOI is the first
// "10.<digits>/<suffix>" not preceded by a digit, up to white space, ASCII
// lower-cased, without trailing ".,;:'\"" or unbalanced closing brackets.
// Returns "" when no DOI (a "10." prefix with a slash) can be found.
std::string NormalizeDoi(std::string_view text);

// "123-9" -> "123-129", "1865-76" -> "1865-1876", "e1234" kept, "S12-S19" kept,
// "123" kept. En/em dashes (and "--") read as hyphens; spaces around them,
// a leading "p." / "pp." / "pages" and trailing punctuation are dropped;
// "123-123" -> "123". A letter prefix of at most two letters is carried to
// the end page ("S12-9" -> "S12-S19"). Anything else ("iii-xii", "12a-15b",
// "129-3") is returned cleaned but unexpanded.
std::string NormalizePages(std::string_view text);

// Year from messy dates: "2019 Jun-Jul", "Spring 2003", "2003-2004", "1998 Dec 15",
// "15/06/2019". The first run of exactly four ASCII digits that is a
// plausible year (1500..2200); returns 0 when none ("12345" -> 0).
int YearFromDate(std::string_view text);

// ISSN "1471244x" / "1471-244x" -> "1471-244X"; "" when not 8 chars of digits/X.
// Every other character is ignored; X is allowed only as the check digit,
// which is not verified (real records carry wrong ones).
std::string NormalizeIssn(std::string_view text);

}  // namespace core

#endif  // WINNOW_CORE_NORMALIZE_H_
