// Text normalisation shared by every reader and by deduplication. All
// functions are pure and thread-safe; inputs and outputs are UTF-8. Invalid
// UTF-8 input never produces invalid UTF-8 output.
#ifndef WINNOW_CORE_NORMALIZE_H_
#define WINNOW_CORE_NORMALIZE_H_

#include <string>
#include <string_view>

#include "core/record.h"

namespace core {

// Key for matching: Unicode NFKC, case fold, diacritics removed, punctuation
// turned into single spaces, trimmed. "Ünïcode—Title!" -> "unicode title".
std::string MatchKey(std::string_view text);

// NFKC + case fold + strip diacritics, keeping punctuation and spacing.
std::string FoldText(std::string_view text);

// Collapses runs of white space (incl. newlines, tabs, NBSP) into one space and trims.
std::string CollapseSpace(std::string_view text);

// Replaces invalid UTF-8 sequences with U+FFFD. Valid input is returned unchanged.
std::string SanitizeUtf8(std::string_view text);

// Latin-1 (ISO-8859-1 / Windows-1252) bytes to UTF-8.
std::string Latin1ToUtf8(std::string_view text);

// "https://doi.org/10.1000/ABC" / "doi:10.1000/abc" / "DOI 10.1000/abc." -> "10.1000/abc".
// Returns "" when no DOI (a "10." prefix with a slash) can be found.
std::string NormalizeDoi(std::string_view text);

// "123-9" -> "123-129", "1865-76" -> "1865-1876", "e1234" kept, "S12-S19" kept,
// "123" kept. En/em dashes read as hyphens.
std::string NormalizePages(std::string_view text);

// Year from messy dates: "2019 Jun-Jul", "Spring 2003", "2003-2004", "1998 Dec 15",
// "15/06/2019". Returns 0 when none found (a plausible year: 1500..2200).
int YearFromDate(std::string_view text);

// Splits a personal name as vendors write it ("White, Sarah J.", "White SJ",
// "Sarah J. White", "White, S.J.") into family, given and initials.
Author ParseAuthorName(std::string_view text);

// Initials from a given name: "Sarah Jane" -> "SJ", "Jean-Paul" -> "JP", "S. J." -> "SJ".
std::string InitialsFromGiven(std::string_view given);

// ISSN "1471244x" / "1471-244x" -> "1471-244X"; "" when not 8 chars of digits/X.
std::string NormalizeIssn(std::string_view text);

}  // namespace core

#endif  // WINNOW_CORE_NORMALIZE_H_
