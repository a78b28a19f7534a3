// queries parsers: PubMed syntax and line-numbered strategies (PubMed
// history lines, numbered or lettered lines, Ovid MEDLINE/Embase dialect)
// into one queries::Node. Pure functions, thread-safe.
//
// Errors are core::Status::InvalidInput whose message starts with the
// position, "LINE:COLUMN: ", and says what was expected, e.g.
// "3:14: unbalanced parenthesis opened at 3:14", "1:22: unknown field tag
// [tiabx]". Warnings are for things legal but suspicious: an unquoted
// multi-word term without a tag (PubMed splits it), a top-level NOT.
#ifndef WINNOW_QUERIES_PARSER_H_
#define WINNOW_QUERIES_PARSER_H_

#include <string_view>
#include <vector>

#include "core/status.h"
#include "queries/ast.h"

namespace queries {

// One PubMed query (may span lines). `#n` refers to lines[n - 1] (pass the
// strategy's earlier lines; an unknown #n is an error). `first_line` is the
// line number of text's first line in the whole input, for positions.
core::Status ParsePubmed(std::string_view text, Node* out, std::vector<Message>* warnings,
                         const std::vector<Node>& lines = {}, int first_line = 1);

// One Ovid line: "exp Peer Group/", "Peer Group/", "*Peer Group/",
// "peer support.ti,ab.", "(peer adj3 support).tw.", "peer$.tw.", "1 and (2 or 3)",
// "or/1-5", "limit 7 to english language". Numbers refer to lines[n - 1].
core::Status ParseOvidLine(std::string_view line, const std::vector<Node>& lines, int line_number,
                           Node* out, std::vector<Message>* warnings);

// A whole strategy as a searcher pastes it: either one query, or numbered
// ("1.", "1 ", "#1", "S1") or lettered ("A.", "A ") lines, each a PubMed or
// Ovid line, later lines combining earlier ones ("1 and (2 or 3) not 5",
// "A or B", "or/1-5", "#1 AND #2"). Blank lines and header lines such as
// "Database: Ovid MEDLINE(R) ..." or "Search Strategy:" are skipped. The
// strategy resolves to its last line. Dialect is detected per line.
core::Status ParseStrategy(std::string_view text, Node* out, std::vector<Message>* warnings);

}  // namespace queries

#endif  // WINNOW_QUERIES_PARSER_H_
