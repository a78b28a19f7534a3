// Internal helpers shared by the query parsers and the PubMed printer: a
// UTF-8 scanner that counts lines and columns, positioned errors, the tables
// of PubMed tags and Ovid/Cochrane field codes, and the entry points of each
// dialect's parser that ParseStrategy calls. Not part of the module's
// interface (queries/parser.h is). Pure functions, thread-safe.
#ifndef WINNOW_QUERIES_PARSE_UTIL_H_
#define WINNOW_QUERIES_PARSE_UTIL_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "queries/ast.h"

namespace queries::internal {

// Walks UTF-8 text one code point at a time; columns count code points.
class Scanner {
 public:
  Scanner(std::string_view text, Position start) : text_(text), pos_(start) {}
  bool AtEnd() const { return offset_ >= text_.size(); }
  size_t offset() const { return offset_; }
  Position pos() const { return pos_; }
  char32_t Peek() const;  // the code point at the cursor, 0 at the end
  void Advance();         // past one code point; a '\n' starts a new line

 private:
  size_t Length() const;  // bytes of the code point at the cursor
  std::string_view text_;
  size_t offset_ = 0;
  Position pos_;
};

// InvalidInput "LINE:COL: what".
core::Status ErrorAt(Position pos, const std::string& what);
// Appends a warning; `warnings` may be null.
void Warn(std::vector<Message>* warnings, Position pos, std::string text);
// The position of byte `offset` of `line`, which starts at `start`.
Position Advanced(Position start, std::string_view line, size_t offset);

std::string Lower(std::string_view text);  // ASCII only
std::string_view Trim(std::string_view text);
size_t CodePoints(std::string_view text);
bool IsAllDigits(std::string_view text);
std::vector<std::string> SplitWords(std::string_view text);
// Word is AND/OR/NOT in any case; sets *kind.
bool IsBooleanWord(std::string_view word, Node::Kind* kind);

bool IsDateField(Field field);

// What a PubMed tag (without brackets) names.
struct TagInfo {
  enum class Kind { kUnknown, kField, kProximity, kUnsupported };
  Kind kind = Kind::kUnknown;
  Field field = Field::kAll;
  int distance = 0;  // kProximity
};
TagInfo LookupPubmedTag(std::string_view tag);

// Ovid ".ti,ab." and Cochrane ":ti,ab,kw" code lists (without the dots or
// colon); false when a code is unknown or the codes cannot be combined.
bool OvidFields(std::string_view codes, Field* field);
bool CochraneFields(std::string_view codes, Field* field);

// ParsePubmed with letter labels ("A" -> lines[labels["A"]]) for lettered
// strategies, and the column of text's first character.
struct PubmedContext {
  const std::vector<Node>* lines = nullptr;
  std::map<std::string, int> labels;
  Position start{1, 1};
};
core::Status ParsePubmedIn(std::string_view text, const PubmedContext& context, Node* out,
                           std::vector<Message>* warnings);

// Ovid and Cochrane Boolean lines share one expression grammar; they differ in
// field suffixes (".ti,ab." vs ":ti,ab"), line references ("3" vs "#3") and
// proximity operators ("adj3" vs "NEAR/3", "NEXT").
enum class Dialect { kOvid, kCochrane };
core::Status ParseClassicExpression(std::string_view text, Dialect dialect,
                                    const std::vector<Node>& lines, Position start, Node* out,
                                    std::vector<Message>* warnings);
// ParseOvidLine with the position of the line's first character.
core::Status ParseOvidLineAt(std::string_view line, const std::vector<Node>& lines, Position start,
                             Node* out, std::vector<Message>* warnings);
// One line of the Cochrane Library's search manager ("MeSH descriptor: [X]
// explode all trees", "(scoliosis):ti,ab,kw", "#1 in Trials").
core::Status ParseCochraneLine(std::string_view line, const std::vector<Node>& lines,
                               Position start, Node* out, std::vector<Message>* warnings);

}  // namespace queries::internal

#endif  // WINNOW_QUERIES_PARSE_UTIL_H_
