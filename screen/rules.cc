#include "screen/rules.h"

#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "queries/parser.h"

namespace screen {
namespace {

std::string Where(const std::string& file, const toml::node& node) {
  return file + ":" + std::to_string(node.source().begin.line);
}

core::Status StringList(const toml::node* node, const std::string& file, const std::string& what,
                        std::vector<std::string>* out) {
  if (!node) return core::Status::Ok();
  const toml::array* arr = node->as_array();
  if (!arr) return core::Status::InvalidInput(Where(file, *node) + ": " + what + " must be a list of strings");
  for (const toml::node& item : *arr) {
    const auto* s = item.as_string();
    if (!s) return core::Status::InvalidInput(Where(file, item) + ": " + what + " must hold strings");
    out->push_back(s->get());
  }
  return core::Status::Ok();
}

}  // namespace

core::Status ParseRules(std::string_view text, const std::string& file_name, RuleSet* out) {
  *out = RuleSet{};
  toml::table root;
  try {
    root = toml::parse(text, file_name);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << file_name << ":" << e.source().begin.line << ":" << e.source().begin.column << ": "
        << e.description();
    return core::Status::InvalidInput(msg.str());
  }
  static const std::set<std::string> kTop = {"highlight", "rule"};
  for (const auto& [key, node] : root) {
    if (!kTop.count(std::string(key.str()))) {
      return core::Status::InvalidInput(Where(file_name, node) + ": unknown key '" +
                                        std::string(key.str()) + "' (expected [highlight] or [[rule]])");
    }
  }
  if (const toml::table* h = root["highlight"].as_table()) {
    WINNOW_RETURN_IF_ERROR(StringList(h->get("include"), file_name, "highlight.include",
                                      &out->highlight_include));
    WINNOW_RETURN_IF_ERROR(StringList(h->get("exclude"), file_name, "highlight.exclude",
                                      &out->highlight_exclude));
  }
  const toml::array* rules = root["rule"].as_array();
  if (!rules || rules->empty()) {
    return core::Status::InvalidInput(file_name + ": no [[rule]] in it");
  }
  std::set<std::string> names;
  int index = 0;
  for (const toml::node& node : *rules) {
    ++index;
    const toml::table* t = node.as_table();
    if (!t) return core::Status::InvalidInput(Where(file_name, node) + ": [[rule]] must be a table");
    Rule rule;
    rule.line = static_cast<int>(node.source().begin.line);
    std::string where = file_name + ":" + std::to_string(rule.line);
    static const std::set<std::string> kKeys = {"name",   "query",  "action", "reason",
                                                "highlight_include", "highlight_exclude"};
    for (const auto& [key, value] : *t) {
      if (!kKeys.count(std::string(key.str()))) {
        return core::Status::InvalidInput(Where(file_name, value) + ": rule " + std::to_string(index) +
                                          ": unknown key '" + std::string(key.str()) + "'");
      }
    }
    rule.name = t->get("name") && t->get("name")->as_string() ? t->get("name")->as_string()->get() : "";
    if (rule.name.empty()) {
      return core::Status::InvalidInput(where + ": rule " + std::to_string(index) + ": no name");
    }
    std::string label = where + ": rule '" + rule.name + "'";
    if (!names.insert(rule.name).second) {
      return core::Status::InvalidInput(label + ": the name is used by an earlier rule");
    }
    const toml::node* q = t->get("query");
    if (!q || !q->as_string() || q->as_string()->get().empty()) {
      return core::Status::InvalidInput(label + ": no query");
    }
    rule.query_text = q->as_string()->get();
    std::vector<queries::Message> warnings;
    core::Status st = queries::ParseStrategy(rule.query_text, &rule.query, &warnings);
    if (!st.ok()) return core::Status::InvalidInput(label + ": query " + st.message());
    for (const queries::Message& w : warnings) {
      out->warnings.push_back("rule '" + rule.name + "': " + queries::PositionText(w.pos) + ": " + w.text);
    }
    const toml::node* action = t->get("action");
    rule.action = action && action->as_string() ? action->as_string()->get() : "";
    if (rule.action != "exclude" && rule.action != "tag") {
      return core::Status::InvalidInput(label + ": action must be exclude or tag");
    }
    const toml::node* reason = t->get("reason");
    if (reason && !reason->as_string()) {
      return core::Status::InvalidInput(label + ": reason must be a string");
    }
    rule.reason = reason ? reason->as_string()->get() : "";
    if (rule.action == "exclude" && rule.reason.empty()) {
      return core::Status::InvalidInput(label + ": an exclude rule needs a reason (it is reported in PRISMA)");
    }
    WINNOW_RETURN_IF_ERROR(StringList(t->get("highlight_include"), file_name,
                                      "rule '" + rule.name + "' highlight_include",
                                      &rule.highlight_include));
    WINNOW_RETURN_IF_ERROR(StringList(t->get("highlight_exclude"), file_name,
                                      "rule '" + rule.name + "' highlight_exclude",
                                      &rule.highlight_exclude));
    out->rules.push_back(std::move(rule));
  }
  return core::Status::Ok();
}

}  // namespace screen
