// PrintPubmed: a Node in canonical PubMed syntax.
//
// Parenthesis rule (minimal but safe under PubMed's strict left-to-right
// reading, see queries/pubmed_parser.cc): in an AND or OR node the first child
// is bracketed only when it is the same operator (else the parser would flatten
// it into its parent), and every later child is bracketed when it is an
// operator at all. In a NOT the left side is never bracketed and the right side
// is bracketed when it is an operator. So "a OR b AND c" prints as written, and
// a OR (b AND c) keeps its brackets.
//
// Terms: quoted when written in quotes or when bare words could not be read
// back as one term (empty, brackets, quotes, an AND/OR/NOT word, a leading
// '#', a lone ':', irregular spacing). An unquoted multi-word term in all
// fields prints as `peer support[all]`, which reads back as that one term
// (quoting it would change its `quoted` flag). Open date ends print as 1000
// and 3000, which the parser reads back as open.
#include <string>

#include "queries/parse_util.h"
#include "queries/printer.h"

namespace queries {
namespace {

bool IsOperator(const Node& n) {
  return n.kind == Node::Kind::kAnd || n.kind == Node::Kind::kOr || n.kind == Node::Kind::kNot;
}

bool HasSpecial(const std::string& word) {
  static const std::string_view kSpecial = "()[]\"";
  if (word.find_first_of(kSpecial) != std::string::npos) return true;
  if (word.find("\u201C") != std::string::npos || word.find("\u201D") != std::string::npos) {
    return true;
  }
  Node::Kind kind;
  return word[0] == '#' || word == ":" || internal::IsBooleanWord(word, &kind);
}

// Whether `written` (the text with its '*') cannot be read back as bare words.
bool NeedsQuotes(const Node& term, const std::string& written) {
  if (term.quoted || term.text.empty()) return true;
  std::string joined;
  for (const std::string& w : internal::SplitWords(written)) {
    if (HasSpecial(w)) return true;
    joined += (joined.empty() ? "" : " ") + w;
  }
  return joined != written;
}

std::string Tag(Field field) { return "[" + std::string(FieldTag(field)) + "]"; }

std::string PrintTerm(const Node& n) {
  std::string star = n.truncated ? "*" : "";
  if (NeedsQuotes(n, n.text + star)) {
    std::string out = "\"" + n.text + star + "\"";
    return n.field == Field::kAll ? out : out + Tag(n.field);
  }
  std::string out = n.text + star;
  if (n.field != Field::kAll) return out + Tag(n.field);
  return n.text.find(' ') == std::string::npos ? out : out + "[all]";
}

std::string PrintDate(const Node& n) {
  std::string from = n.from.empty() ? "1000" : n.from;
  std::string to = n.to.empty() ? "3000" : n.to;
  std::string tag = Tag(n.field);
  bool plain = from.find_first_of(" :()[]\"#") == std::string::npos &&
               to.find_first_of(" :()[]\"#") == std::string::npos;
  if (!plain) return "\"" + from + "\"" + tag + " : \"" + to + "\"" + tag;
  return (n.from == n.to && !n.from.empty() ? from : from + ":" + to) + tag;
}

std::string Print(const Node& n);

std::string Child(const Node& child, bool bracket) {
  return bracket ? "(" + Print(child) + ")" : Print(child);
}

std::string PrintOperator(const Node& n) {
  const char* name = n.kind == Node::Kind::kAnd  ? " AND "
                     : n.kind == Node::Kind::kOr ? " OR "
                                                 : " NOT ";
  if (n.children.empty()) return "";
  if (n.children.size() == 1) return Print(n.children[0]);
  bool is_not = n.kind == Node::Kind::kNot;
  std::string out = Child(n.children[0], !is_not && n.children[0].kind == n.kind);
  for (size_t i = 1; i < n.children.size(); ++i) {
    out += name + Child(n.children[i], IsOperator(n.children[i]));
  }
  return out;
}

std::string Print(const Node& n) {
  switch (n.kind) {
    case Node::Kind::kTerm:
      return PrintTerm(n);
    case Node::Kind::kDateRange:
      return PrintDate(n);
    case Node::Kind::kProximity:
      return "\"" + n.text + "\"[" + FieldTag(n.field) + ":~" + std::to_string(n.distance) + "]";
    case Node::Kind::kAnd:
    case Node::Kind::kOr:
    case Node::Kind::kNot:
      return PrintOperator(n);
  }
  return "";
}

}  // namespace

std::string PrintPubmed(const Node& query) { return Print(query); }

}  // namespace queries
