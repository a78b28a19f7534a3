// The Boolean grammar shared by Ovid and Cochrane lines (ParseClassicExpression)
// and ParseOvidLine's line-level forms ("or/1-5", "limit 7 to ...").
//
// A run of words is one phrase, searched in the field of its suffix
// ("peer support.ti,ab.", "scoliosis:ti,ab,kw"), of the enclosing
// parenthesised group's suffix ("(a or b).ti,ab." applies .ti,ab. to each term
// inside), or else in text words (Ovid's .mp., Cochrane's default). Ovid's
// "exp X/", "X/" and "*X/" are MeSH headings. adjN / NEAR/N bind tighter than
// AND, OR and NOT, which combine left to right as in PubMed; "a adj3 (b or c)"
// becomes one proximity node per alternative.
#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "queries/parse_util.h"
#include "queries/parser.h"

namespace queries {
namespace {

using internal::Dialect;
using internal::ErrorAt;
using internal::Warn;

enum class Tok { kWord, kPhrase, kLParen, kRParen, kSuffix };

struct Token {
  Tok kind;
  std::string text;
  Position pos;
  bool fielded = false;  // kWord with an attached suffix; kSuffix
  bool heading = false;  // kWord ending in '/' (Ovid subject heading)
  Field field = Field::kAll;
};

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xA0; }
bool IsQuote(char32_t c) { return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E; }
bool IsBreak(char32_t c) { return IsSpace(c) || c == '(' || c == ')' || IsQuote(c); }

// "ti", "ti,ab,kw": two-letter codes separated by commas.
bool IsCodeList(std::string_view codes) {
  if (codes.empty()) return false;
  size_t i = 0;
  while (i < codes.size()) {
    if (i + 2 > codes.size() || !std::isalpha(static_cast<unsigned char>(codes[i])) ||
        !std::isalpha(static_cast<unsigned char>(codes[i + 1]))) {
      return false;
    }
    i += 2;
    if (i < codes.size() && codes[i++] != ',') return false;
    if (i == codes.size() && codes.back() == ',') return false;
  }
  return true;
}

core::Status ResolveSuffix(Dialect dialect, std::string_view codes, Position pos, Token* t) {
  bool ok = dialect == Dialect::kOvid ? internal::OvidFields(codes, &t->field)
                                      : internal::CochraneFields(codes, &t->field);
  if (!ok) {
    std::string shown =
        dialect == Dialect::kOvid ? "." + std::string(codes) + "." : ":" + std::string(codes);
    return ErrorAt(pos, "unknown field suffix " + shown);
  }
  t->fielded = true;
  return core::Status::Ok();
}

// Splits a trailing ".ti,ab." / ":ti,ab" or an Ovid heading slash off a word.
core::Status SplitWord(Dialect dialect, Token* t) {
  std::string& w = t->text;
  bool ovid = dialect == Dialect::kOvid;
  if (ovid && w.size() > 2 && w.front() == '.' && w.back() == '.') {
    t->kind = Tok::kSuffix;
    return ResolveSuffix(dialect, w.substr(1, w.size() - 2), t->pos, t);
  }
  if (!ovid && w.size() > 1 && w.front() == ':') {
    t->kind = Tok::kSuffix;
    return ResolveSuffix(dialect, w.substr(1), t->pos, t);
  }
  size_t mark =
      ovid ? (w.back() == '.' && w.size() > 1 ? w.rfind('.', w.size() - 2) : w.npos) : w.rfind(':');
  std::string codes = mark == w.npos ? "" : w.substr(mark + 1, w.size() - mark - (ovid ? 2 : 1));
  if (mark != w.npos && mark > 0 && IsCodeList(codes)) {
    Position at = t->pos;
    at.column += static_cast<int>(internal::CodePoints(w.substr(0, mark)));
    w.resize(mark);
    return ResolveSuffix(dialect, codes, at, t);
  }
  size_t slash = w.rfind('/');
  if (ovid && slash != w.npos && slash > 0 &&
      (slash + 1 == w.size() || IsCodeList(w.substr(slash + 1)))) {
    t->heading = true;
    w.resize(slash);
  }
  return core::Status::Ok();
}

core::Status Tokenize(std::string_view text, Dialect dialect, Position start,
                      std::vector<Token>* out) {
  internal::Scanner s(text, start);
  while (!s.AtEnd()) {
    char32_t c = s.Peek();
    Position p = s.pos();
    size_t begin = s.offset();
    if (IsSpace(c)) {
      s.Advance();
    } else if (c == '(' || c == ')') {
      out->push_back(Token{c == '(' ? Tok::kLParen : Tok::kRParen, "", p});
      s.Advance();
    } else if (IsQuote(c)) {
      s.Advance();
      while (!s.AtEnd() && !IsQuote(s.Peek())) s.Advance();
      if (s.AtEnd()) return ErrorAt(p, "unterminated quote opened at " + PositionText(p));
      out->push_back(
          Token{Tok::kPhrase, std::string(text.substr(begin + 1, s.offset() - begin - 1)), p});
      s.Advance();
    } else {
      while (!s.AtEnd() && !IsBreak(s.Peek())) s.Advance();
      out->push_back(Token{Tok::kWord, std::string(text.substr(begin, s.offset() - begin)), p});
      WINNOW_RETURN_IF_ERROR(SplitWord(dialect, &out->back()));
    }
  }
  return core::Status::Ok();
}

// Ovid '$', '$2', '*' and Cochrane '*' at the end of a term.
void Truncation(Node* term) {
  std::string& t = term->text;
  size_t dollar = t.rfind('$');
  if (dollar != std::string::npos && dollar > 0 &&
      (dollar + 1 == t.size() || internal::IsAllDigits(t.substr(dollar + 1)))) {
    t.resize(dollar);
    term->truncated = true;
  } else if (t.size() > 1 && t.back() == '*') {
    t.pop_back();
    term->truncated = true;
  }
}

Node TermIn(std::string text, Field field, bool quoted, Position pos) {
  Node n = Term(std::move(text), field, quoted);
  Truncation(&n);
  if (internal::IsDateField(field)) {
    size_t dash = n.text.find('-');
    std::string from(internal::Trim(n.text.substr(0, dash)));
    std::string to =
        dash == std::string::npos ? from : std::string(internal::Trim(n.text.substr(dash + 1)));
    n = queries::DateRange(field, from, internal::Lower(to) == "current" ? "" : to);
  }
  n.pos = pos;
  return n;
}

std::string ProximityWords(const Node& n) {
  return n.kind == Node::Kind::kTerm ? n.text + (n.truncated ? "*" : "") : n.text;
}

class ClassicParser {
 public:
  ClassicParser(std::vector<Token> tokens, Dialect dialect, const std::vector<Node>& lines,
                std::vector<Message>* warnings)
      : toks_(std::move(tokens)), dialect_(dialect), lines_(lines), warnings_(warnings) {}

  core::Status Parse(Position start, Node* out) {
    if (toks_.empty()) return ErrorAt(start, "empty line");
    WINNOW_RETURN_IF_ERROR(Sequence(std::nullopt, out));
    if (More()) return ErrorAt(toks_[k_].pos, "unexpected ')'");
    return core::Status::Ok();
  }

 private:
  using Context = std::optional<Field>;
  bool More() const { return k_ < toks_.size(); }
  bool At(Tok kind) const { return More() && toks_[k_].kind == kind; }
  bool AtBoolean(Node::Kind* kind) const {
    return At(Tok::kWord) && !toks_[k_].fielded && internal::IsBooleanWord(toks_[k_].text, kind);
  }
  bool AtProximity(int* distance) const;
  bool AtOperator() const {
    Node::Kind kind;
    int distance;
    return AtBoolean(&kind) || AtProximity(&distance);
  }
  bool IsRef(const Token& t, const Context& ctx) const;

  core::Status Sequence(const Context& ctx, Node* out);
  core::Status Operand(const Context& ctx, Node* out);
  core::Status Primary(const Context& ctx, Node* out);
  core::Status Group(const Context& ctx, Node* out);
  core::Status Reference(Node* out);
  core::Status Run(const Context& ctx, Node* out);
  core::Status Near(Node a, Node b, int distance, Position pos, Node* out);

  std::vector<Token> toks_;
  size_t k_ = 0;
  Dialect dialect_;
  const std::vector<Node>& lines_;
  std::vector<Message>* warnings_;
};

bool ClassicParser::AtProximity(int* distance) const {
  if (!At(Tok::kWord) || toks_[k_].fielded) return false;
  std::string w = internal::Lower(toks_[k_].text);
  std::string prefix = dialect_ == Dialect::kOvid ? "adj" : "near";
  if (dialect_ == Dialect::kCochrane && w == "next") {
    *distance = 0;
    return true;
  }
  if (w.rfind(prefix, 0) != 0) return false;
  std::string n = w.substr(prefix.size());
  if (dialect_ == Dialect::kCochrane && !n.empty()) {
    if (n[0] != '/') return false;
    n = n.substr(1);
  }
  if (n.empty()) {
    *distance = dialect_ == Dialect::kOvid ? 1 : 6;  // Cochrane NEAR alone is NEAR/6
    return true;
  }
  if (!internal::IsAllDigits(n) || n.size() > 3) return false;
  *distance = std::stoi(n);
  return true;
}

bool ClassicParser::IsRef(const Token& t, const Context& ctx) const {
  if (t.kind != Tok::kWord || t.fielded || t.heading) return false;
  if (dialect_ == Dialect::kCochrane) return t.text.size() > 1 && t.text[0] == '#';
  return !ctx && internal::IsAllDigits(t.text);
}

core::Status ClassicParser::Sequence(const Context& ctx, Node* out) {
  WINNOW_RETURN_IF_ERROR(Operand(ctx, out));
  bool open = false;
  while (More() && !At(Tok::kRParen)) {
    Node::Kind op;
    const Token& t = toks_[k_];
    if (!AtBoolean(&op)) {
      std::string shown = t.kind == Tok::kLParen   ? "("
                          : t.kind == Tok::kPhrase ? "\"" + t.text + "\""
                                                   : t.text;
      return ErrorAt(t.pos, "expected AND, OR or NOT before '" + shown + "'");
    }
    std::string name = internal::Lower(t.text);
    ++k_;
    if (!More() || At(Tok::kRParen) || AtOperator()) {
      return ErrorAt(t.pos, "expected a term after " + name);
    }
    Node rhs;
    WINNOW_RETURN_IF_ERROR(Operand(ctx, &rhs));
    if (op != Node::Kind::kNot && open && out->kind == op) {
      out->children.push_back(std::move(rhs));
      continue;
    }
    Node combined;
    combined.kind = op;
    combined.pos = out->pos;
    combined.children = {std::move(*out), std::move(rhs)};
    *out = std::move(combined);
    open = op != Node::Kind::kNot;
  }
  return core::Status::Ok();
}

core::Status ClassicParser::Operand(const Context& ctx, Node* out) {
  WINNOW_RETURN_IF_ERROR(Primary(ctx, out));
  int distance = 0;
  while (AtProximity(&distance)) {
    const Token& op = toks_[k_++];
    if (!More() || At(Tok::kRParen) || AtOperator()) {
      return ErrorAt(op.pos, "expected a term after " + internal::Lower(op.text));
    }
    Node rhs;
    WINNOW_RETURN_IF_ERROR(Primary(ctx, &rhs));
    Node near;
    WINNOW_RETURN_IF_ERROR(Near(std::move(*out), std::move(rhs), distance, op.pos, &near));
    *out = std::move(near);
  }
  return core::Status::Ok();
}

// a adjN b; an OR on either side gives one proximity node per alternative.
core::Status ClassicParser::Near(Node a, Node b, int distance, Position pos, Node* out) {
  for (Node* side : {&a, &b}) {
    if (side->kind != Node::Kind::kOr) continue;
    Node any = Or({});
    any.pos = a.pos;
    for (Node& c : side->children) {
      Node one;
      WINNOW_RETURN_IF_ERROR(side == &a ? Near(std::move(c), b, distance, pos, &one)
                                        : Near(a, std::move(c), distance, pos, &one));
      any.children.push_back(std::move(one));
    }
    *out = std::move(any);
    return core::Status::Ok();
  }
  auto words = [](const Node& n) {
    return n.kind == Node::Kind::kTerm || n.kind == Node::Kind::kProximity;
  };
  if (!words(a) || !words(b))
    return ErrorAt(pos, "proximity needs words or OR-groups of words on both sides");
  int d = a.kind == Node::Kind::kProximity ? std::max(a.distance, distance) : distance;
  *out = queries::Proximity(ProximityWords(a) + " " + ProximityWords(b), b.field, d);
  out->pos = a.pos;
  return core::Status::Ok();
}

core::Status ClassicParser::Primary(const Context& ctx, Node* out) {
  const Token& t = toks_[k_];
  switch (t.kind) {
    case Tok::kLParen:
      return Group(ctx, out);
    case Tok::kRParen:
      return ErrorAt(t.pos, "unexpected ')'");
    case Tok::kSuffix:
      return ErrorAt(t.pos, "field suffix '" + t.text + "' must follow a term");
    case Tok::kPhrase: {
      ++k_;
      Field field = ctx.value_or(Field::kTextWord);
      if (At(Tok::kSuffix)) field = toks_[k_++].field;
      if (internal::Trim(t.text).empty()) Warn(warnings_, t.pos, "empty quotes match nothing");
      *out = TermIn(t.text, field, true, t.pos);
      return core::Status::Ok();
    }
    case Tok::kWord:
      break;
  }
  if (AtOperator()) return ErrorAt(t.pos, "expected a term before " + internal::Lower(t.text));
  if (IsRef(t, ctx)) return Reference(out);
  return Run(ctx, out);
}

core::Status ClassicParser::Group(const Context& ctx, Node* out) {
  Position open = toks_[k_].pos;
  size_t close = k_;
  for (int depth = 0; close < toks_.size(); ++close) {
    depth += toks_[close].kind == Tok::kLParen ? 1 : toks_[close].kind == Tok::kRParen ? -1 : 0;
    if (depth == 0) break;
  }
  if (close == toks_.size())
    return ErrorAt(open, "unbalanced parenthesis opened at " + PositionText(open));
  if (close == k_ + 1) return ErrorAt(open, "empty parentheses");
  bool suffix = close + 1 < toks_.size() && toks_[close + 1].kind == Tok::kSuffix;
  Context inner = suffix ? Context(toks_[close + 1].field) : ctx;
  ++k_;
  WINNOW_RETURN_IF_ERROR(Sequence(inner, out));
  k_ = close + (suffix ? 2 : 1);
  return core::Status::Ok();
}

core::Status ClassicParser::Reference(Node* out) {
  const Token& t = toks_[k_++];
  std::string digits = dialect_ == Dialect::kCochrane ? t.text.substr(1) : t.text;
  if (!internal::IsAllDigits(digits) || digits.size() > 8) {
    return ErrorAt(t.pos, "expected a line number after '#' in '" + t.text + "'");
  }
  size_t n = std::stoul(digits);
  if (n < 1 || n > lines_.size()) {
    return ErrorAt(t.pos, "unknown line reference " + t.text + " (" +
                              std::to_string(lines_.size()) + " earlier lines)");
  }
  *out = lines_[n - 1];
  out->pos = t.pos;
  return core::Status::Ok();
}

core::Status ClassicParser::Run(const Context& ctx, Node* out) {
  std::vector<const Token*> words;
  while (At(Tok::kWord) && !AtOperator() && (words.empty() || !IsRef(toks_[k_], ctx))) {
    words.push_back(&toks_[k_++]);
    if (words.back()->fielded || words.back()->heading) break;
  }
  const Token& last = *words.back();
  Position pos = words[0]->pos;
  bool exp = last.heading && words.size() > 1 && internal::Lower(words[0]->text) == "exp";
  std::string text;
  for (size_t i = exp ? 1 : 0; i < words.size(); ++i)
    text += (text.empty() ? "" : " ") + words[i]->text;
  if (last.heading) {
    Field field = exp ? Field::kMesh : Field::kMeshNoExp;
    if (!text.empty() && text[0] == '*') {
      text.erase(0, 1);
      field = Field::kMeshMajor;
    }
    if (internal::Trim(text).empty()) return ErrorAt(pos, "expected a subject heading before '/'");
    *out = Term(std::move(text), field);
    out->pos = pos;
    return core::Status::Ok();
  }
  Field field = ctx.value_or(Field::kTextWord);
  if (last.fielded)
    field = last.field;
  else if (At(Tok::kSuffix))
    field = toks_[k_++].field;
  *out = TermIn(std::move(text), field, false, pos);
  return core::Status::Ok();
}

}  // namespace

namespace internal {

core::Status ParseClassicExpression(std::string_view text, Dialect dialect,
                                    const std::vector<Node>& lines, Position start, Node* out,
                                    std::vector<Message>* warnings) {
  std::vector<Token> tokens;
  WINNOW_RETURN_IF_ERROR(Tokenize(text, dialect, start, &tokens));
  ClassicParser parser(std::move(tokens), dialect, lines, warnings);
  return parser.Parse(start, out);
}

}  // namespace internal

namespace {

Node Combined(Node::Kind kind, std::vector<Node> children, Position pos) {
  if (children.size() == 1) return children[0];
  Node n = kind == Node::Kind::kAnd ? And(std::move(children)) : Or(std::move(children));
  n.pos = pos;
  return n;
}

core::Status LineRef(std::string_view digits, const std::vector<Node>& lines, Position pos,
                     Node* out) {
  digits = internal::Trim(digits);
  if (!internal::IsAllDigits(digits) || digits.size() > 8) {
    return ErrorAt(pos, "expected a line number, found '" + std::string(digits) + "'");
  }
  size_t n = std::stoul(std::string(digits));
  if (n < 1 || n > lines.size()) {
    return ErrorAt(pos, "unknown line reference " + std::string(digits) + " (" +
                            std::to_string(lines.size()) + " earlier lines)");
  }
  *out = lines[n - 1];
  out->pos = pos;
  return core::Status::Ok();
}

// "or/1-5", "and/1,3,4", "or/1-3,7".
core::Status LineList(std::string_view line, size_t slash, const std::vector<Node>& lines,
                      Position start, Node* out) {
  Node::Kind kind = line[0] == 'a' || line[0] == 'A' ? Node::Kind::kAnd : Node::Kind::kOr;
  std::vector<Node> refs;
  size_t begin = slash + 1;
  while (begin <= line.size()) {
    size_t end = std::min(line.find(',', begin), line.size());
    std::string_view item = line.substr(begin, end - begin);
    Position pos = internal::Advanced(start, line, begin);
    size_t dash = item.find('-');
    Node first, last;
    WINNOW_RETURN_IF_ERROR(LineRef(item.substr(0, dash), lines, pos, &first));
    refs.push_back(first);
    if (dash != std::string_view::npos) {
      WINNOW_RETURN_IF_ERROR(LineRef(item.substr(dash + 1), lines, pos, &last));
      size_t a = std::stoul(std::string(internal::Trim(item.substr(0, dash))));
      size_t b = std::stoul(std::string(internal::Trim(item.substr(dash + 1))));
      if (b < a) return ErrorAt(pos, "line range " + std::string(item) + " runs backwards");
      for (size_t n = a + 1; n <= b; ++n) refs.push_back(lines[n - 1]);
    }
    begin = end + 1;
  }
  *out = Combined(kind, std::move(refs), start);
  return core::Status::Ok();
}

bool IsPublicationTypeLimit(const std::string& item) {
  static const char* kTypes[] = {"randomized controlled trial",
                                 "clinical trial",
                                 "controlled clinical trial",
                                 "meta analysis",
                                 "systematic reviews",
                                 "review",
                                 "guideline",
                                 "practice guideline",
                                 "comparative study",
                                 "case reports",
                                 "letter",
                                 "editorial",
                                 "comment",
                                 "evaluation studies"};
  return std::find(std::begin(kTypes), std::end(kTypes), item) != std::end(kTypes);
}

// One limit of "limit 7 to english language", "yr=\"2010 - 2019\"", "humans".
core::Status LimitItem(std::string_view item, Position pos, Node* out) {
  std::string lower = internal::Lower(internal::Trim(item));
  if (lower.rfind("yr=", 0) == 0) {
    std::string value = lower.substr(3);
    value.erase(std::remove(value.begin(), value.end(), '"'), value.end());
    *out = TermIn(value, Field::kPublicationDate, false, pos);
    return core::Status::Ok();
  }
  std::vector<std::string> words = internal::SplitWords(lower);
  if (words.size() == 2 && words[1] == "language") {
    *out = Term(words[0], Field::kLanguage);
  } else if (lower == "humans" || lower == "human" || lower == "animals" || lower == "male" ||
             lower == "female") {
    *out = Term(lower, Field::kMeshNoExp);
  } else if (IsPublicationTypeLimit(lower)) {
    *out = Term(lower, Field::kPublicationType);
  } else {
    return ErrorAt(pos, "unsupported Ovid limit '" + std::string(internal::Trim(item)) + "'");
  }
  out->pos = pos;
  return core::Status::Ok();
}

// "limit 7 to (english language and humans)".
core::Status Limit(std::string_view line, const std::vector<Node>& lines, Position start,
                   Node* out) {
  std::string lower = internal::Lower(line);
  size_t to = lower.find(" to ");
  if (to == std::string::npos) return ErrorAt(start, "expected 'limit N to ...'");
  std::vector<Node> parts(1);
  WINNOW_RETURN_IF_ERROR(
      LineRef(line.substr(6, to - 6), lines, internal::Advanced(start, line, 6), &parts[0]));
  size_t begin = to + 4;
  size_t end = line.size();
  while (begin < end && (line[begin] == '(' || line[begin] == ' ')) ++begin;
  while (end > begin && (line[end - 1] == ')' || line[end - 1] == ' ')) --end;
  while (begin < end) {
    size_t next = std::min(lower.find(" and ", begin), end);
    Node item;
    WINNOW_RETURN_IF_ERROR(
        LimitItem(line.substr(begin, next - begin), internal::Advanced(start, line, begin), &item));
    parts.push_back(std::move(item));
    begin = next == end ? end : next + 5;
  }
  if (parts.size() < 2) return ErrorAt(start, "expected a limit after 'to'");
  *out = Combined(Node::Kind::kAnd, std::move(parts), start);
  return core::Status::Ok();
}

}  // namespace

namespace internal {

core::Status ParseOvidLineAt(std::string_view line, const std::vector<Node>& lines, Position start,
                             Node* out, std::vector<Message>* warnings) {
  size_t note = line.rfind(" [");
  if (note != std::string_view::npos && Trim(line).back() == ']' &&
      line.find('=', note) != std::string_view::npos) {
    line = line.substr(0, note);  // Ovid's "[mp=title, abstract, ...]" annotation
  }
  std::string_view body = Trim(line);
  if (body.empty()) return ErrorAt(start, "empty line");
  Position at = Advanced(start, line, static_cast<size_t>(body.data() - line.data()));
  std::string lower = Lower(body);
  size_t slash = lower.find('/');
  if ((lower.rfind("or/", 0) == 0 || lower.rfind("and/", 0) == 0) && slash <= 3) {
    return LineList(body, slash, lines, at, out);
  }
  if (lower.rfind("limit ", 0) == 0) return Limit(body, lines, at, out);
  if (lower.rfind("remove duplicates from ", 0) == 0) {
    Warn(warnings, at, "'remove duplicates' does not change which records match; line used as is");
    return LineRef(body.substr(23), lines, Advanced(at, body, 23), out);
  }
  return ParseClassicExpression(line, Dialect::kOvid, lines, start, out, warnings);
}

}  // namespace internal

core::Status ParseOvidLine(std::string_view line, const std::vector<Node>& lines, int line_number,
                           Node* out, std::vector<Message>* warnings) {
  return internal::ParseOvidLineAt(line, lines, Position{line_number, 1}, out, warnings);
}

}  // namespace queries
