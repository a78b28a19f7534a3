// screen::rules — a review's screening rules, read from TOML: named queries
// that exclude works (with the PRISMA reason) or tag them, and the highlight
// terms screening views show. Reading only; app/ applies a RuleSet to the
// review. Thread-safe (pure functions).
//
//   [highlight]                        # optional, for every screening view
//   include = ["peer support", "mentor*"]
//   exclude = ["rat", "mice"]
//
//   [[rule]]
//   name = "animal studies"
//   query = "(animals[mh] NOT humans[mh])"   # any strategy queries/ parses
//   action = "exclude"                       # exclude | tag
//   reason = "Animal study"                  # required to exclude: the PRISMA reason
//   highlight_include = ["..."]              # optional, per rule
//   highlight_exclude = ["rats"]
#ifndef WINNOW_SCREEN_RULES_H_
#define WINNOW_SCREEN_RULES_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "queries/ast.h"

namespace screen {

struct Rule {
  std::string name;
  std::string query_text;
  queries::Node query;
  std::string action;  // exclude | tag
  std::string reason;
  std::vector<std::string> highlight_include, highlight_exclude;
  int line = 0;  // where the rule starts in the file
};

struct RuleSet {
  std::vector<Rule> rules;
  std::vector<std::string> highlight_include, highlight_exclude;
  // Query warnings, prefixed with the rule's name.
  std::vector<std::string> warnings;
};

// Reads a rules file's text. InvalidInput names `file_name`, the line and
// the rule: "rules.toml:7: rule 'animals': action must be exclude or tag".
core::Status ParseRules(std::string_view text, const std::string& file_name, RuleSet* out);

}  // namespace screen

#endif  // WINNOW_SCREEN_RULES_H_
