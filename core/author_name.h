// Splitting personal names as vendors write them into core::Author fields.
// Pure functions, thread-safe; inputs and outputs are UTF-8, and invalid
// UTF-8 input never produces invalid UTF-8 output.
#ifndef WINNOW_CORE_AUTHOR_NAME_H_
#define WINNOW_CORE_AUTHOR_NAME_H_

#include <string>
#include <string_view>

#include "core/record.h"

namespace core {

// Splits a personal name as vendors write it ("White, Sarah J.", "White SJ",
// "Sarah J. White", "White, S.J.") into family, given and initials.
// - With a comma: family before it, given after it as written ("S.J." too);
//   further comma parts (a suffix, "Jr.") are appended to given.
// - Without: trailing tokens of 1-3 capitals ("SJ", "S.J.") are MEDLINE
//   initials and given stays ""; otherwise the last token is the family name,
//   extended leftwards over lower-case particles ("Anna van der Berg").
// - One token ("Cochrane") is a family name. Never sets collective.
Author ParseAuthorName(std::string_view text);

// Initials from a given name: "Sarah Jane" -> "SJ", "Jean-Paul" -> "JP", "S. J." -> "SJ".
// The upper-cased first letter of each word (split at spaces, dots, dashes);
// a word of 2-3 capitals is taken whole ("SJ"); Jr/Sr/II/III/IV are skipped.
std::string InitialsFromGiven(std::string_view given);

}  // namespace core

#endif  // WINNOW_CORE_AUTHOR_NAME_H_
