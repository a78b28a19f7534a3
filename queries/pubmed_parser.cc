// ParsePubmed: PubMed's query syntax into a queries::Node.
//
// Operators combine strictly left to right with no precedence, as PubMed
// does: "a OR b AND c" is (a OR b) AND c. Runs of the same AND/OR flatten into
// one node; a parenthesised group, a #n reference and a run of untagged words
// stay one operand ("(a AND b) AND c" keeps its inner AND). NOT is binary and
// left-associative.
#include <utility>

#include "queries/parse_util.h"
#include "queries/parser.h"

namespace queries {
namespace {

using internal::ErrorAt;
using internal::Warn;

enum class Tok { kWord, kPhrase, kTag, kLParen, kRParen, kColon };

struct Token {
  Tok kind;
  std::string text;
  Position pos;
};

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0; }
bool IsOpenQuote(char32_t c) { return c == '"' || c == 0x201C || c == 0x201E; }
bool IsCloseQuote(char32_t c) { return c == '"' || c == 0x201D || c == 0x201C; }
bool IsBreak(char32_t c) {
  return IsSpace(c) || c == '(' || c == ')' || c == '[' || c == ']' || IsOpenQuote(c) ||
         IsCloseQuote(c);
}

// Reads up to (not including) a code point for which `stop` holds.
template <typename Stop>
std::string ReadUntil(internal::Scanner* s, std::string_view text, Stop stop) {
  size_t begin = s->offset();
  while (!s->AtEnd() && !stop(s->Peek())) s->Advance();
  return std::string(text.substr(begin, s->offset() - begin));
}

core::Status ReadDelimited(internal::Scanner* s, std::string_view text, Tok kind,
                           std::vector<Token>* out) {
  Position open = s->pos();
  s->Advance();
  std::string inner = kind == Tok::kTag ? ReadUntil(s, text, [](char32_t c) { return c == ']'; })
                                        : ReadUntil(s, text, IsCloseQuote);
  if (s->AtEnd()) {
    const char* what =
        kind == Tok::kTag ? "unterminated field tag opened at " : "unterminated quote opened at ";
    return ErrorAt(open, what + PositionText(open));
  }
  s->Advance();
  out->push_back(Token{kind, std::move(inner), open});
  return core::Status::Ok();
}

core::Status Tokenize(std::string_view text, Position start, std::vector<Token>* out) {
  internal::Scanner s(text, start);
  while (!s.AtEnd()) {
    char32_t c = s.Peek();
    Position p = s.pos();
    if (IsSpace(c)) {
      s.Advance();
    } else if (c == '(' || c == ')') {
      out->push_back(Token{c == '(' ? Tok::kLParen : Tok::kRParen, "", p});
      s.Advance();
    } else if (c == '[') {
      WINNOW_RETURN_IF_ERROR(ReadDelimited(&s, text, Tok::kTag, out));
    } else if (IsOpenQuote(c)) {
      WINNOW_RETURN_IF_ERROR(ReadDelimited(&s, text, Tok::kPhrase, out));
    } else if (c == ']' || IsCloseQuote(c)) {
      return ErrorAt(p, c == ']' ? "unexpected ']'" : "unexpected closing quote");
    } else {
      std::string word = ReadUntil(&s, text, IsBreak);
      out->push_back(Token{word == ":" ? Tok::kColon : Tok::kWord, std::move(word), p});
    }
  }
  return core::Status::Ok();
}

// Strips a trailing '*' into node->truncated; a lone '*' is an error.
core::Status Truncation(Node* term, Position pos, std::vector<Message>* warnings) {
  std::string& t = term->text;
  if (t.empty() || t.back() != '*') return core::Status::Ok();
  t.pop_back();
  term->truncated = true;
  if (t.empty() || t.back() == ' ' || t.back() == '\n') {
    return ErrorAt(pos, "truncation '*' needs a word before it");
  }
  std::vector<std::string> words = internal::SplitWords(t);
  if (internal::CodePoints(words.back()) < 4) {
    Warn(warnings, pos,
         "truncated term '" + words.back() +
             "*' is shorter than 4 characters: PubMed needs at "
             "least 4 characters before '*'");
  }
  return core::Status::Ok();
}

class PubmedParser {
 public:
  PubmedParser(std::vector<Token> tokens, const internal::PubmedContext& context,
               std::vector<Message>* warnings)
      : toks_(std::move(tokens)), ctx_(context), warnings_(warnings) {}

  core::Status Parse(Node* out) {
    if (toks_.empty()) return ErrorAt(ctx_.start, "empty query");
    WINNOW_RETURN_IF_ERROR(Sequence(0, out));
    if (k_ < toks_.size()) return ErrorAt(toks_[k_].pos, "unexpected ')'");
    return core::Status::Ok();
  }

 private:
  bool More() const { return k_ < toks_.size(); }
  bool At(Tok kind) const { return More() && toks_[k_].kind == kind; }
  bool AtOperator(Node::Kind* kind) const {
    return At(Tok::kWord) && internal::IsBooleanWord(toks_[k_].text, kind);
  }
  bool IsRef(const Token& t) const {
    return t.kind == Tok::kWord && (t.text[0] == '#' || ctx_.labels.count(t.text) != 0);
  }

  core::Status Sequence(int depth, Node* out);
  core::Status Operand(Node* out, int depth);
  core::Status Group(Node* out, int depth);
  core::Status Reference(Node* out);
  core::Status Words(Node* out);
  core::Status Phrase(Node* out);
  core::Status Tagged(std::string text, bool quoted, Position pos, Node* out);
  core::Status DateEnd(Node* range);

  std::vector<Token> toks_;
  size_t k_ = 0;
  bool warned_not_ = false;
  const internal::PubmedContext& ctx_;
  std::vector<Message>* warnings_;
};

void Combine(Node::Kind op, Node rhs, Node* acc, bool* open) {
  if (op != Node::Kind::kNot && *open && acc->kind == op) {
    acc->children.push_back(std::move(rhs));
    return;
  }
  Node n;
  n.kind = op;
  n.pos = acc->pos;
  n.children.push_back(std::move(*acc));
  n.children.push_back(std::move(rhs));
  *acc = std::move(n);
  *open = op != Node::Kind::kNot;
}

core::Status PubmedParser::Sequence(int depth, Node* out) {
  WINNOW_RETURN_IF_ERROR(Operand(out, depth));
  bool open = false;
  while (More() && !At(Tok::kRParen)) {
    Node::Kind op = Node::Kind::kAnd;
    Position op_pos = toks_[k_].pos;
    if (AtOperator(&op)) {
      std::string name = internal::Lower(toks_[k_++].text);
      for (char& c : name) c = static_cast<char>(c - 'a' + 'A');
      Node::Kind next;
      if (!More() || At(Tok::kRParen) || AtOperator(&next)) {
        return ErrorAt(op_pos, "expected a term after " + name);
      }
      if (op == Node::Kind::kNot && depth == 0 && !warned_not_) {
        warned_not_ = true;
        Warn(warnings_, op_pos,
             "NOT at the top level removes every record that matches its right-hand side from "
             "everything before it; check that this is intended");
      }
    } else {
      Warn(warnings_, op_pos, "no operator before this term: PubMed combines it with AND");
    }
    Node rhs;
    WINNOW_RETURN_IF_ERROR(Operand(&rhs, depth));
    Combine(op, std::move(rhs), out, &open);
  }
  return core::Status::Ok();
}

core::Status PubmedParser::Operand(Node* out, int depth) {
  const Token& t = toks_[k_];
  Node::Kind op;
  switch (t.kind) {
    case Tok::kLParen:
      return Group(out, depth);
    case Tok::kRParen:
      return ErrorAt(t.pos, "unexpected ')'");
    case Tok::kTag:
      return ErrorAt(t.pos, "field tag [" + t.text + "] must follow a term");
    case Tok::kColon:
      return ErrorAt(t.pos, "unexpected ':'");
    case Tok::kPhrase:
      return Phrase(out);
    case Tok::kWord:
      break;
  }
  if (internal::IsBooleanWord(t.text, &op))
    return ErrorAt(t.pos, "expected a term before " + t.text);
  if (IsRef(t)) return Reference(out);
  return Words(out);
}

core::Status PubmedParser::Group(Node* out, int depth) {
  Position open = toks_[k_++].pos;
  std::string unbalanced = "unbalanced parenthesis opened at " + PositionText(open);
  if (!More()) return ErrorAt(open, unbalanced);
  if (At(Tok::kRParen)) return ErrorAt(open, "empty parentheses");
  WINNOW_RETURN_IF_ERROR(Sequence(depth + 1, out));
  if (!More()) return ErrorAt(open, unbalanced);
  ++k_;
  if (At(Tok::kTag)) {
    return ErrorAt(toks_[k_].pos, "field tag [" + toks_[k_].text +
                                      "] cannot follow ')': PubMed tags each term, not groups");
  }
  return core::Status::Ok();
}

core::Status PubmedParser::Reference(Node* out) {
  const Token& t = toks_[k_++];
  auto label = ctx_.labels.find(t.text);
  size_t count = ctx_.lines ? ctx_.lines->size() : 0;
  size_t n = 0;
  if (label != ctx_.labels.end()) {
    n = static_cast<size_t>(label->second) + 1;
  } else if (internal::IsAllDigits(t.text.substr(1)) && t.text.size() < 9) {
    n = std::stoul(t.text.substr(1));
  } else {
    return ErrorAt(t.pos, "expected a line number after '#' in '" + t.text + "'");
  }
  if (n < 1 || n > count) {
    return ErrorAt(t.pos, "unknown line reference " + t.text + " (" + std::to_string(count) +
                              " earlier lines)");
  }
  *out = (*ctx_.lines)[n - 1];
  out->pos = t.pos;
  return core::Status::Ok();
}

core::Status PubmedParser::Words(Node* out) {
  std::vector<const Token*> words;
  Node::Kind op;
  while (At(Tok::kWord) && !internal::IsBooleanWord(toks_[k_].text, &op) && !IsRef(toks_[k_])) {
    words.push_back(&toks_[k_++]);
  }
  std::string text;
  for (const Token* w : words) text += (text.empty() ? "" : " ") + w->text;
  Position pos = words[0]->pos;
  if (At(Tok::kTag)) return Tagged(std::move(text), false, pos, out);
  if (words.size() == 1) {
    *out = Term(std::move(text));
    out->pos = pos;
    return Truncation(out, pos, warnings_);
  }
  std::vector<Node> terms;
  for (const Token* w : words) {
    terms.push_back(Term(w->text));
    terms.back().pos = w->pos;
    WINNOW_RETURN_IF_ERROR(Truncation(&terms.back(), w->pos, warnings_));
  }
  Warn(warnings_, pos,
       "unquoted words '" + text +
           "' without a field tag: PubMed maps or splits them into "
           "separate terms; quote them (\"" +
           text + "\") to search the phrase");
  *out = And(std::move(terms));
  out->pos = pos;
  return core::Status::Ok();
}

core::Status PubmedParser::Phrase(Node* out) {
  const Token& t = toks_[k_++];
  if (internal::Trim(t.text).empty()) {
    Warn(warnings_, t.pos, "empty quotes match nothing");
  }
  if (At(Tok::kTag)) return Tagged(t.text, true, t.pos, out);
  *out = Term(t.text, Field::kAll, true);
  out->pos = t.pos;
  return Truncation(out, t.pos, warnings_);
}

// A term or phrase followed by the tag at toks_[k_].
core::Status PubmedParser::Tagged(std::string text, bool quoted, Position pos, Node* out) {
  const Token& tag = toks_[k_++];
  internal::TagInfo info = internal::LookupPubmedTag(tag.text);
  using K = internal::TagInfo::Kind;
  if (info.kind == K::kUnknown) return ErrorAt(tag.pos, "unknown field tag [" + tag.text + "]");
  if (info.kind == K::kUnsupported) {
    Warn(warnings_, tag.pos,
         "field tag [" + tag.text + "] is not supported: searched in all fields");
  }
  if (info.kind == K::kProximity) {
    if (internal::SplitWords(text).size() < 2) {
      Warn(warnings_, pos, "proximity search needs two or more words");
    }
    Field f = info.field;
    if (f != Field::kTitle && f != Field::kAbstract && f != Field::kTitleAbstract) {
      Warn(warnings_, tag.pos, "PubMed supports proximity only in [ti], [ab] and [tiab]");
    }
    *out = queries::Proximity(std::move(text), f, info.distance);
    out->pos = pos;
    return core::Status::Ok();
  }
  if (internal::IsDateField(info.field)) {
    if (internal::Trim(text).empty())
      return ErrorAt(pos, "expected a date before [" + tag.text + "]");
    size_t colon = text.find(':');
    if (colon == std::string::npos) {
      *out = queries::DateRange(info.field, text, text);
    } else {  // 1000 and 3000 stand for open ends
      std::string from = text.substr(0, colon);
      std::string to = text.substr(colon + 1);
      *out = queries::DateRange(info.field, from == "1000" ? "" : from, to == "3000" ? "" : to);
    }
    out->pos = pos;
    return At(Tok::kColon) ? DateEnd(out) : core::Status::Ok();
  }
  *out = Term(std::move(text), info.field, quoted);
  out->pos = pos;
  return Truncation(out, pos, warnings_);
}

// "2010"[dp] : "2019"[dp] — the ':' and the end date.
core::Status PubmedParser::DateEnd(Node* range) {
  const Token& colon = toks_[k_++];
  std::string expected =
      "expected a date tagged [" + std::string(FieldTag(range->field)) + "] after ':'";
  if (!At(Tok::kWord) && !At(Tok::kPhrase)) return ErrorAt(colon.pos, expected);
  std::string to = toks_[k_++].text;
  if (!At(Tok::kTag) || internal::Trim(to).empty()) return ErrorAt(colon.pos, expected);
  internal::TagInfo info = internal::LookupPubmedTag(toks_[k_].text);
  if (info.kind != internal::TagInfo::Kind::kField || info.field != range->field) {
    return ErrorAt(toks_[k_].pos, expected);
  }
  ++k_;
  if (range->from == "1000") range->from.clear();
  range->to = to == "3000" ? "" : to;
  return core::Status::Ok();
}

}  // namespace

namespace internal {

core::Status ParsePubmedIn(std::string_view text, const PubmedContext& context, Node* out,
                           std::vector<Message>* warnings) {
  std::vector<Token> tokens;
  WINNOW_RETURN_IF_ERROR(Tokenize(text, context.start, &tokens));
  PubmedParser parser(std::move(tokens), context, warnings);
  return parser.Parse(out);
}

}  // namespace internal

core::Status ParsePubmed(std::string_view text, Node* out, std::vector<Message>* warnings,
                         const std::vector<Node>& lines, int first_line) {
  internal::PubmedContext context;
  context.lines = &lines;
  context.start = Position{first_line, 1};
  return internal::ParsePubmedIn(text, context, out, warnings);
}

}  // namespace queries
