// ParseStrategy: a pasted strategy (one query, numbered or lettered lines,
// Ovid's pasted history with hit counts, the Cochrane Library's search-manager
// table) into the node of its last line; and ParseCochraneLine.
//
// Line labels are blanked to spaces rather than cut, so columns in error
// messages stay those of the pasted text. Each line's dialect is detected on
// its own (see DetectDialect).
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <utility>

#include "queries/parse_util.h"
#include "queries/parser.h"

namespace queries {
namespace {

using internal::Advanced;
using internal::ErrorAt;
using internal::Lower;
using internal::Trim;
using internal::Warn;

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Blanks bytes [begin, end) of *text to spaces, one per code point.
void Blank(std::string* text, size_t begin, size_t end) {
  std::string spaces(internal::CodePoints(std::string_view(*text).substr(begin, end - begin)), ' ');
  text->replace(begin, end - begin, spaces);
}

// Removes a case-insensitive phrase, keeping columns; true when found.
bool BlankPhrase(std::string* text, std::string_view phrase) {
  size_t at = Lower(*text).find(phrase);
  if (at == std::string::npos) return false;
  Blank(text, at, at + phrase.size());
  return true;
}

// "#1 in Cochrane Reviews, Trials": cuts the database list, true when found.
bool CutDatabases(std::string* text) {
  static const char* kNames[] = {
      "cochrane reviews",     "cochrane protocols",  "trials",        "clinical answers",
      "editorials",           "special collections", "other reviews", "technology assessments",
      "economic evaluations", "methods studies",     "central"};
  std::string lower = Lower(*text);
  size_t in = lower.rfind(" in ");
  if (in == std::string::npos) return false;
  std::string rest = lower.substr(in + 4);
  size_t begin = 0;
  while (begin < rest.size()) {
    size_t end = std::min(rest.find(',', begin), rest.size());
    std::string name(Trim(std::string_view(rest).substr(begin, end - begin)));
    if (std::find(std::begin(kNames), std::end(kNames), name) == std::end(kNames)) return false;
    begin = end + 1;
  }
  text->resize(in);
  return true;
}

// "MeSH descriptor: [Spine] explode all trees".
core::Status MeshDescriptor(std::string_view line, size_t at, Position start, Node* out,
                            std::vector<Message>* warnings) {
  size_t open = line.find('[', at);
  size_t close = line.find(']', open == std::string_view::npos ? at : open);
  if (open == std::string_view::npos || close == std::string_view::npos) {
    return ErrorAt(Advanced(start, line, at), "expected 'MeSH descriptor: [Heading]'");
  }
  std::string rest = Lower(Trim(line.substr(close + 1)));
  Position pos = Advanced(start, line, close + 1);
  Field field = Field::kMesh;
  if (StartsWith(rest, "this term only")) {
    field = Field::kMeshNoExp;
  } else if (StartsWith(rest, "explode tree")) {
    Warn(warnings, pos, "only some trees exploded; searched as exploded in all trees");
  } else if (!StartsWith(rest, "explode all trees")) {
    return ErrorAt(pos, "expected 'explode all trees' or 'this term only'");
  }
  if (rest.find("qualifier") != std::string::npos) {
    Warn(warnings, pos, "MeSH qualifiers are ignored: the heading is searched without them");
  }
  *out = Term(std::string(Trim(line.substr(open + 1, close - open - 1))), field);
  out->pos = Advanced(start, line, at);
  return core::Status::Ok();
}

}  // namespace

namespace internal {

core::Status ParseCochraneLine(std::string_view line, const std::vector<Node>& lines,
                               Position start, Node* out, std::vector<Message>* warnings) {
  std::string text(line);
  BlankPhrase(&text, "(word variations have been searched)");
  size_t with = Lower(text).find(" with ");
  if (with != std::string::npos && Lower(text).find("date", with) != std::string::npos) {
    Warn(warnings, Advanced(start, text, with + 1),
         "Cochrane date limit ignored: add it as a date range");
    size_t in = Lower(text).find(" in ", with);
    Blank(&text, with, in == std::string::npos ? text.size() : in);
  }
  if (CutDatabases(&text)) {
    Warn(warnings, start,
         "restriction to Cochrane databases (Trials, Cochrane Reviews, ...) is not expressible; "
         "the line is used without it");
  }
  size_t mesh = Lower(text).find("mesh descriptor:");
  if (mesh != std::string::npos) return MeshDescriptor(text, mesh, start, out, warnings);
  return ParseClassicExpression(text, Dialect::kCochrane, lines, start, out, warnings);
}

}  // namespace internal

namespace {

enum class LineDialect { kPubmed, kOvid, kCochrane };

// ':' followed by Cochrane field codes ("):ti,ab,kw", "word:ti").
bool HasCochraneSuffix(const std::string& lower) {
  for (size_t at = lower.find(':'); at != std::string::npos; at = lower.find(':', at + 1)) {
    size_t end = at + 1;
    while (end < lower.size() &&
           (std::isalpha(static_cast<unsigned char>(lower[end])) || lower[end] == ','))
      ++end;
    std::string codes = lower.substr(at + 1, end - at - 1);
    Field field;
    if (codes.size() >= 2 && internal::CochraneFields(codes, &field) &&
        (end == lower.size() || !std::isalnum(static_cast<unsigned char>(lower[end])))) {
      return true;
    }
  }
  return false;
}

// ".ti,ab." style suffix followed by a space, ')' or the end.
bool HasOvidSuffix(const std::string& lower) {
  for (size_t at = lower.find('.'); at != std::string::npos; at = lower.find('.', at + 1)) {
    size_t end = at + 1;
    while (end < lower.size() &&
           (std::isalpha(static_cast<unsigned char>(lower[end])) || lower[end] == ','))
      ++end;
    if (end == at + 1 || end >= lower.size() || lower[end] != '.') continue;
    if (end + 1 != lower.size() && lower[end + 1] != ' ' && lower[end + 1] != ')') continue;
    std::string codes = lower.substr(at + 1, end - at - 1);
    bool pairs = true;  // two-letter codes, valid or not: a wrong one is an Ovid error
    for (size_t i = 0; i < codes.size(); i += 3) {
      pairs = pairs && i + 2 <= codes.size() && codes[i] != ',' && codes[i + 1] != ',' &&
              (i + 2 == codes.size() || codes[i + 2] == ',');
    }
    if (pairs) return true;
  }
  return false;
}

// Only line numbers, and/or/not and parentheses: an Ovid combination line.
bool IsNumberCombination(const std::string& lower) {
  bool digit = false;
  for (const std::string& w : internal::SplitWords(lower)) {
    std::string bare;
    for (char c : w)
      if (c != '(' && c != ')') bare += c;
    Node::Kind kind;
    if (bare.empty() || internal::IsBooleanWord(bare, &kind)) continue;
    if (!internal::IsAllDigits(bare)) return false;
    digit = true;
  }
  return digit;
}

bool HasAdj(const std::string& lower) {
  for (const std::string& w : internal::SplitWords(lower)) {
    if (StartsWith(w, "adj") && (w.size() == 3 || internal::IsAllDigits(w.substr(3)))) return true;
  }
  return false;
}

LineDialect DetectDialect(std::string_view body) {
  std::string lower = Lower(Trim(body));
  if (lower.find("mesh descriptor:") != std::string::npos || HasCochraneSuffix(lower) ||
      lower.find(" in trials") != std::string::npos ||
      lower.find(" in cochrane") != std::string::npos ||
      (lower.find('[') == std::string::npos &&  // PubMed tags: "next" is a word there
       (lower.find(" near/") != std::string::npos || lower.find(" next ") != std::string::npos))) {
    return LineDialect::kCochrane;
  }
  if ((!lower.empty() && lower.back() == '/') || HasOvidSuffix(lower) || HasAdj(lower) ||
      StartsWith(lower, "or/") || StartsWith(lower, "and/") || StartsWith(lower, "limit ") ||
      StartsWith(lower, "remove duplicates") || StartsWith(lower, "exp ") ||
      IsNumberCombination(lower) || lower.find("/ or ") != std::string::npos) {
    return LineDialect::kOvid;
  }
  return LineDialect::kPubmed;
}

bool IsHeader(std::string_view line) {
  std::string lower = Lower(Trim(line));
  static const char* kStarts[] = {
      "database:", "search strategy:", "search name:", "date run:",   "comment:",   "ovid medline",
      "ovid ",     "search history",   "id\tsearch",   "#\tsearches", "# searches", "key:",
      "results:"};
  for (const char* s : kStarts) {
    if (StartsWith(lower, s)) return true;
  }
  return !lower.empty() && lower.find_first_not_of("-=*_ \t") == std::string::npos;
}

}  // namespace

namespace {

struct Entry {
  std::string label;  // "3", "C"
  std::string body;   // the line with its label blanked and its hit count cut
  int line = 0;       // line number in the input
};

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// A line label: "1.", "1 ", "#1", "S1", "A.", "A)", "A ". Sets *end to the
// offset after the label and the blanks that follow, *letter for "A" and
// *separated when a '.', ')' or tab follows the label.
bool ReadLabel(std::string_view line, std::string* label, size_t* end, bool* letter,
               bool* separated) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string_view::npos) return false;
  size_t j = i;
  *letter = false;
  if ((line[j] == '#' || line[j] == 'S') && j + 1 < line.size() && IsDigit(line[j + 1])) ++j;
  if (IsDigit(line[j])) {
    size_t k = j;
    while (k < line.size() && IsDigit(line[k])) ++k;
    *label = std::string(line.substr(j, k - j));
    j = k;
  } else if (line[j] >= 'A' && line[j] <= 'Z' && j == i) {
    *label = std::string(1, line[j++]);
    *letter = true;
  } else {
    return false;
  }
  if (j < line.size() && (line[j] == '.' || line[j] == ')' || line[j] == ':')) ++j;
  if (j < line.size() && line[j] != ' ' && line[j] != '\t') return false;
  *separated = line[j - 1] == '.' || line[j - 1] == ')' || (j < line.size() && line[j] == '\t');
  while (j < line.size() && (line[j] == ' ' || line[j] == '\t')) ++j;
  *end = j;
  return true;
}

// Cuts Ovid's hit count: a last tab column, "(1234)" or "   1234" at the end.
void CutHits(std::string* body, size_t from) {
  size_t tab = body->find('\t', from);
  if (tab != std::string::npos) {
    body->resize(tab);
    return;
  }
  size_t end = body->find_last_not_of(" \r");
  if (end == std::string::npos) return;
  size_t k = end;
  bool paren = (*body)[k] == ')';
  if (paren) --k;
  while (k > from && (IsDigit((*body)[k]) || (*body)[k] == ',')) --k;
  if (k == end - (paren ? 1 : 0)) return;  // no digits
  if (paren && (*body)[k] == '(' && k > from && (*body)[k - 1] == ' ') {
    body->resize(k);
  } else if (!paren && k > from + 1 && (*body)[k] == ' ' && (*body)[k - 1] == ' ') {
    body->resize(k);
  }
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = std::min(text.find('\n', begin), text.size());
    std::string line(text.substr(begin, end - begin));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    begin = end + 1;
  }
  return lines;
}

// Whether the content lines are labelled; sets *letters for A, B, C.
bool IsLabelled(const std::vector<std::string>& lines, const std::vector<size_t>& content,
                bool* letters) {
  std::string label;
  size_t end;
  bool separated;
  if (content.empty() || !ReadLabel(lines[content[0]], &label, &end, letters, &separated)) {
    return false;
  }
  if (!*letters) return label == "1";
  if (label != "A") return false;
  if (separated) return true;
  std::string second;
  bool letter2;
  return content.size() > 1 && ReadLabel(lines[content[1]], &second, &end, &letter2, &separated) &&
         second == "B";
}

std::vector<Entry> Entries(const std::vector<std::string>& lines,
                           const std::vector<size_t>& content, bool letters) {
  std::vector<Entry> entries;
  for (size_t i : content) {
    std::string label;
    size_t end;
    bool letter;
    bool separated;
    std::string expected = letters ? std::string(1, static_cast<char>('A' + entries.size()))
                                   : std::to_string(entries.size() + 1);
    if (ReadLabel(lines[i], &label, &end, &letter, &separated) && letter == letters &&
        label == expected) {
      Entry e{label, lines[i], static_cast<int>(i) + 1};
      Blank(&e.body, 0, end);
      CutHits(&e.body, end);
      entries.push_back(std::move(e));
    } else if (!entries.empty()) {
      entries.back().body += "\n" + lines[i];  // a wrapped line
    }
  }
  return entries;
}

core::Status ParseLine(const std::string& body, LineDialect dialect, Position start,
                       const std::vector<Node>& nodes, const std::map<std::string, int>& labels,
                       Node* out, std::vector<Message>* warnings) {
  switch (dialect) {
    case LineDialect::kOvid:
      return internal::ParseOvidLineAt(body, nodes, start, out, warnings);
    case LineDialect::kCochrane:
      return internal::ParseCochraneLine(body, nodes, start, out, warnings);
    case LineDialect::kPubmed:
      break;
  }
  internal::PubmedContext context;
  context.lines = &nodes;
  context.labels = labels;
  context.start = start;
  return internal::ParsePubmedIn(body, context, out, warnings);
}

}  // namespace

core::Status ParseStrategy(std::string_view text, Node* out, std::vector<Message>* warnings) {
  std::vector<std::string> lines = SplitLines(text);
  std::vector<size_t> content;
  bool cochrane_table = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (Lower(Trim(lines[i])).rfind("id\tsearch", 0) == 0) cochrane_table = true;
    if (!Trim(lines[i]).empty() && !IsHeader(lines[i])) content.push_back(i);
  }
  if (content.empty()) return ErrorAt(Position{1, 1}, "empty query");
  bool letters = false;
  if (!IsLabelled(lines, content, &letters)) {
    std::string body;
    for (size_t i = content.front(); i <= content.back(); ++i) {
      body += (body.empty() ? "" : "\n") + (IsHeader(lines[i]) ? std::string() : lines[i]);
    }
    Position start{static_cast<int>(content.front()) + 1, 1};
    return ParseLine(body, DetectDialect(body), start, {}, {}, out, warnings);
  }
  std::vector<Node> nodes;
  std::map<std::string, int> labels;
  for (const Entry& e : Entries(lines, content, letters)) {
    LineDialect dialect = cochrane_table ? LineDialect::kCochrane : DetectDialect(e.body);
    Node node;
    core::Status st =
        ParseLine(e.body, dialect, Position{e.line, 1}, nodes, labels, &node, warnings);
    if (!st.ok()) {
      return core::Status::InvalidInput(st.message() + " (in strategy line " + e.label + ")");
    }
    if (letters) labels[e.label] = static_cast<int>(nodes.size());
    nodes.push_back(std::move(node));
  }
  *out = nodes.back();
  return core::Status::Ok();
}

}  // namespace queries
