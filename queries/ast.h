// queries::Node — a search strategy as a tree, whatever syntax it was written
// in (PubMed, Ovid line-numbered strategies). Parsers build it, printers turn
// it into each database's syntax, the evaluator runs it over stored records
// and rule screening uses it. Plain value type; thread-safe to share.
#ifndef WINNOW_QUERIES_AST_H_
#define WINNOW_QUERIES_AST_H_

#include <string>
#include <vector>

namespace queries {

// Where something starts in the input, 1-based (0 = unknown).
struct Position {
  int line = 0;
  int column = 0;
};

// "3:14"
std::string PositionText(const Position& pos);

// The fields a term can be searched in (PubMed's tags; Ovid's map onto them).
enum class Field {
  kAll,              // no tag, [all], [All Fields]
  kTitle,            // [ti], [title]                 Ovid .ti.
  kAbstract,         // [ab], [abstract]              Ovid .ab.
  kTitleAbstract,    // [tiab], [title/abstract]      Ovid .ti,ab.
  kTextWord,         // [tw], [text word]             Ovid .tw. / .mp.
  kMesh,             // [mh], [mesh], [mesh terms]    Ovid exp X/  (exploded)
  kMeshNoExp,        // [mh:noexp], [mesh:noexp]      Ovid X/
  kMeshMajor,        // [majr], [mesh major topic]    Ovid *X/ or exp *X/
  kSubheading,       // [sh], [subheading]            Ovid .fs.
  kPublicationType,  // [pt], [publication type]      Ovid .pt.
  kAuthor,           // [au], [author]                Ovid .au.
  kFirstAuthor,      // [1au], [author - first]
  kJournal,          // [ta], [journal]               Ovid .jn. / .jx.
  kLanguage,         // [la], [language]              Ovid .lg. / limit to english language
  kPublicationDate,  // [dp], [publication date]      Ovid .yr.
  kEntrezDate,       // [edat], [entrez date]
  kUid,              // [uid], [pmid]                 Ovid .ui.
};

// The canonical PubMed tag without brackets: "tiab", "mh", "mh:noexp", "majr", ...
const char* FieldTag(Field field);

struct Node {
  enum class Kind {
    kTerm,       // a word or words: text, field, quoted, truncated
    kAnd,        // children, 2 or more
    kOr,         // children, 2 or more
    kNot,        // children[0] NOT children[1] (binary, as in PubMed)
    kDateRange,  // field (kPublicationDate or kEntrezDate), from and to
    kProximity,  // the words of text within `distance` words of each other, in field
  };
  Kind kind = Kind::kTerm;
  Field field = Field::kAll;
  // kTerm: the word(s) as written, without quotes and without a trailing '*';
  // several words are a phrase. kProximity: the words.
  std::string text;
  bool quoted = false;     // kTerm: written in quotes (straight or typographic)
  bool truncated = false;  // kTerm: ended in '*' (Ovid '$' or '*')
  int distance = 0;        // kProximity: [tiab:~3] -> 3; Ovid adj3 -> 3
  std::string from, to;    // kDateRange: "2010", "2019/12/31"; "" = open end
  std::vector<Node> children;
  Position pos;            // where the node starts; not compared by ==

  // Structural equality (ignores pos).
  bool operator==(const Node& other) const;
  bool operator!=(const Node& other) const { return !(*this == other); }
};

// A warning (legal but suspicious) or the place of an error.
struct Message {
  Position pos;
  std::string text;
};

// Builders, for tests and the other modules.
Node Term(std::string text, Field field = Field::kAll, bool quoted = false, bool truncated = false);
Node And(std::vector<Node> children);
Node Or(std::vector<Node> children);
Node Not(Node left, Node right);
Node DateRange(Field field, std::string from, std::string to);
Node Proximity(std::string words, Field field, int distance);

}  // namespace queries

#endif  // WINNOW_QUERIES_AST_H_
