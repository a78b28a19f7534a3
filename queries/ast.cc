#include "queries/ast.h"

#include <utility>

namespace queries {

std::string PositionText(const Position& pos) {
  return std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

const char* FieldTag(Field field) {
  switch (field) {
    case Field::kAll: return "all";
    case Field::kTitle: return "ti";
    case Field::kAbstract: return "ab";
    case Field::kTitleAbstract: return "tiab";
    case Field::kTextWord: return "tw";
    case Field::kMesh: return "mh";
    case Field::kMeshNoExp: return "mh:noexp";
    case Field::kMeshMajor: return "majr";
    case Field::kSubheading: return "sh";
    case Field::kPublicationType: return "pt";
    case Field::kAuthor: return "au";
    case Field::kFirstAuthor: return "1au";
    case Field::kJournal: return "ta";
    case Field::kLanguage: return "la";
    case Field::kPublicationDate: return "dp";
    case Field::kEntrezDate: return "edat";
    case Field::kUid: return "uid";
  }
  return "all";
}

bool Node::operator==(const Node& other) const {
  return kind == other.kind && field == other.field && text == other.text &&
         quoted == other.quoted && truncated == other.truncated && distance == other.distance &&
         from == other.from && to == other.to && children == other.children;
}

Node Term(std::string text, Field field, bool quoted, bool truncated) {
  Node n;
  n.kind = Node::Kind::kTerm;
  n.text = std::move(text);
  n.field = field;
  n.quoted = quoted;
  n.truncated = truncated;
  return n;
}

namespace {

Node Combine(Node::Kind kind, std::vector<Node> children) {
  Node n;
  n.kind = kind;
  n.children = std::move(children);
  return n;
}

}  // namespace

Node And(std::vector<Node> children) { return Combine(Node::Kind::kAnd, std::move(children)); }
Node Or(std::vector<Node> children) { return Combine(Node::Kind::kOr, std::move(children)); }
Node Not(Node left, Node right) {
  std::vector<Node> children;
  children.push_back(std::move(left));
  children.push_back(std::move(right));
  return Combine(Node::Kind::kNot, std::move(children));
}

Node DateRange(Field field, std::string from, std::string to) {
  Node n;
  n.kind = Node::Kind::kDateRange;
  n.field = field;
  n.from = std::move(from);
  n.to = std::move(to);
  return n;
}

Node Proximity(std::string words, Field field, int distance) {
  Node n;
  n.kind = Node::Kind::kProximity;
  n.field = field;
  n.text = std::move(words);
  n.distance = distance;
  return n;
}

}  // namespace queries
