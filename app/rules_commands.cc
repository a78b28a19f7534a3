// The `rules` commands: apply (or dry-run) a rules file, undo a run.
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/commands.h"
#include "app/json_out.h"
#include "app/rules.h"
#include "store/store.h"

namespace app {

nlohmann::ordered_json RulesReportJson(const RulesReport& r) {
  nlohmann::ordered_json j;
  j["dry_run"] = r.dry_run;
  j["run_id"] = r.run_id ? nlohmann::ordered_json(r.run_id) : nlohmann::ordered_json(nullptr);
  j["excluded"] = r.excluded;
  j["tagged"] = r.tagged;
  j["rules"] = nlohmann::ordered_json::array();
  for (const RuleOutcome& o : r.rules) {
    nlohmann::ordered_json rj;
    rj["name"] = o.name;
    rj["action"] = o.action;
    if (!o.reason.empty()) rj["reason"] = o.reason;
    rj["matched_works"] = o.matched_works;
    rj[o.action == "exclude" ? "excluded" : "tagged"] = o.applied;
    rj["already_decided"] = o.skipped_decided;
    rj["sample"] = o.sample;
    rj["notes"] = o.notes;
    j["rules"].push_back(rj);
  }
  j["warnings"] = r.warnings;
  return j;
}

std::string RulesReportText(const RulesReport& r, const std::string& db) {
  std::ostringstream out;
  for (const RuleOutcome& o : r.rules) {
    out << o.name << " (" << o.action << (o.reason.empty() ? "" : ": " + o.reason) << "): "
        << o.matched_works << " works match, " << o.applied
        << (r.dry_run ? (o.action == "exclude" ? " would be excluded" : " would be tagged")
                      : (o.action == "exclude" ? " excluded" : " tagged"));
    if (o.skipped_decided) {
      out << ", " << o.skipped_decided
          << " left alone (decided already, excluded by an earlier rule, or tagged before)";
    }
    out << "\n";
    for (const std::string& t : o.sample) out << "    " << t << "\n";
    for (const std::string& n : o.notes) out << "    note: " << n << "\n";
  }
  for (const std::string& w : r.warnings) out << "warning: " << w << "\n";
  if (r.dry_run) {
    out << "dry run: nothing recorded; " << r.excluded << " works would be excluded, " << r.tagged
        << " tagged";
  } else {
    out << "rule run " << r.run_id << ": " << r.excluded << " works excluded, " << r.tagged
        << " tagged; undo with `winnow rules undo " << db << " " << r.run_id << "`";
  }
  return out.str();
}

core::Status CmdRules(const GlobalFlags& g, const std::string& db, const std::string& file,
                      bool dry_run) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return core::Status::InvalidInput(file + ": cannot read the rules file");
  std::ostringstream text;
  text << in.rdbuf();
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  RulesOptions options;
  options.dry_run = dry_run;
  options.file_name = file;
  RulesReport report;
  WINNOW_RETURN_IF_ERROR(ApplyRules(*review, text.str(), options, &report));
  PrintResult(g, g.json ? Dump(RulesReportJson(report)) : RulesReportText(report, db));
  return core::Status::Ok();
}

core::Status CmdRulesUndo(const GlobalFlags& g, const std::string& db, int64_t run_id) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  int64_t undone = 0, restored = 0;
  WINNOW_RETURN_IF_ERROR(UndoRules(*review, run_id, "rules undo", &undone, &restored));
  if (g.json) {
    PrintResult(g, Dump({{"run_id", undone}, {"works_restored", restored}}));
  } else {
    PrintResult(g, "undid rule run " + std::to_string(undone) + ": " + std::to_string(restored) +
                       " works back to what they were");
  }
  return core::Status::Ok();
}

}  // namespace app
