// LaTeX in bibliographic fields (BibTeX values) to plain Unicode. Pure
// functions, thread-safe.
#ifndef WINNOW_PARSE_LATEX_H_
#define WINNOW_PARSE_LATEX_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace parse {

// LaTeX as BibTeX values hold it -> plain Unicode: accents (\'e, \"{o},
// {\"o}, \c{c}, \v{s}, \~n, \^o, \`a, \=a, \u{a}, \H{o}, \k{a}, \.{z}, \r{a})
// and letters (\aa, \o, \ss, \ae, \oe, \l, \i) composed; \& \% \$ \_ \# and
// \textless-style symbols to their characters; Greek letters and common math
// symbols to Unicode; math $...$ kept as text without the $ (and without ^
// and _); formatting commands ({\em x}, \emph{x}, \textit{x}) and protective
// braces dropped, keeping their text; ~ -> space; `` and '' -> “ ”. With
// `dashes`, --- -> — and -- -> – (off for page ranges). White space is not
// collapsed. Unknown commands are dropped, keeping their arguments' text.
std::string LatexToUnicode(std::string_view latex, bool dashes = true);

// Offset of the '}' closing the '{' at `open` in `s` (escaped \{ \} do not
// count), or npos.
size_t LatexGroupEnd(std::string_view s, size_t open);

}  // namespace parse

#endif  // WINNOW_PARSE_LATEX_H_
