// The `query` commands: check, translate, run over a review, and validate a
// strategy against known relevant studies through PubMed.
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "app/commands.h"
#include "app/json_out.h"
#include "app/query.h"
#include "fetch/connector.h"
#include "parse/eutils_response.h"
#include "queries/printer.h"
#include "store/store.h"

namespace app {
namespace {

nlohmann::ordered_json MessagesJson(const std::vector<queries::Message>& messages) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const queries::Message& m : messages) {
    arr.push_back({{"line", m.pos.line}, {"column", m.pos.column}, {"message", m.text}});
  }
  return arr;
}

std::string MessagesText(const std::string& source, const std::vector<queries::Message>& messages) {
  std::string out;
  for (const queries::Message& m : messages) {
    out += "\nwarning: " + source + ":" + queries::PositionText(m.pos) + ": " + m.text;
  }
  return out;
}

}  // namespace

core::Status CmdQueryCheck(const GlobalFlags& g, const QueryOptions& o) {
  ParsedStrategy p;
  WINNOW_RETURN_IF_ERROR(ParseStrategyInput(o.query, o.file, &p));
  std::string canonical = queries::PrintPubmed(p.query);
  if (g.json) {
    nlohmann::ordered_json j;
    j["source"] = p.source;
    j["canonical"] = canonical;
    j["warnings"] = MessagesJson(p.warnings);
    PrintResult(g, Dump(j));
  } else {
    PrintResult(g, canonical + MessagesText(p.source, p.warnings));
  }
  return core::Status::Ok();
}

core::Status CmdQueryTranslate(const GlobalFlags& g, const QueryOptions& o) {
  ParsedStrategy p;
  WINNOW_RETURN_IF_ERROR(ParseStrategyInput(o.query, o.file, &p));
  queries::Translation t;
  if (o.to == "pubmed") {
    t.query = queries::PrintPubmed(p.query);
    t.warnings = PubmedCaveats(p.query);
  } else if (o.to == "europepmc") {
    t = queries::PrintEuropePmc(p.query);
  } else if (o.to == "ctgov") {
    t = queries::PrintCtgov(p.query);
  } else {
    return core::Status::Usage("--to must be pubmed, europepmc or ctgov");
  }
  if (g.json) {
    nlohmann::ordered_json j;
    j["to"] = o.to;
    j["query"] = t.query;
    j["warnings"] = t.warnings;
    j["parse_warnings"] = MessagesJson(p.warnings);
    PrintResult(g, Dump(j));
  } else {
    std::string text = t.query;
    for (const std::string& w : t.warnings) text += "\nwarning: " + w;
    PrintResult(g, text + MessagesText(p.source, p.warnings));
  }
  return core::Status::Ok();
}

core::Status CmdQueryRun(const GlobalFlags& g, const std::string& db, const QueryOptions& o) {
  ParsedStrategy p;
  WINNOW_RETURN_IF_ERROR(ParseStrategyInput(o.query, o.file, &p));
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  std::vector<int64_t> records, works;
  std::vector<std::string> notes;
  WINNOW_RETURN_IF_ERROR(MatchWorks(*review, p.query, &records, &works, &notes));
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  std::ostringstream text;
  text << works.size() << " work(s) match (" << records.size() << " source records): "
       << queries::PrintPubmed(p.query);
  size_t shown = 0;
  for (int64_t w : works) {
    std::vector<int64_t> members;
    WINNOW_RETURN_IF_ERROR(review->WorkMembers(w, &members));
    if (members.empty()) continue;
    store::RecordRow row;
    WINNOW_RETURN_IF_ERROR(review->LoadRecordRow(members[0], &row));
    if (g.json) {
      nlohmann::ordered_json j = {{"work_id", w}, {"title", row.record.title}};
      if (row.record.year) j["year"] = row.record.year;
      if (!row.record.pmid.empty()) j["pmid"] = row.record.pmid;
      j["status"] = row.status;
      list.push_back(j);
    } else if (shown++ < static_cast<size_t>(o.limit)) {
      text << "\n  " << w << "  " << (row.record.year ? std::to_string(row.record.year) + "  " : "")
           << row.record.title;
    }
  }
  if (!g.json && works.size() > static_cast<size_t>(o.limit)) {
    text << "\n  ... " << works.size() - o.limit << " more (--limit N, or --json for all)";
  }
  for (const std::string& n : notes) text << "\nnote: " << n;
  if (g.json) {
    nlohmann::ordered_json j;
    j["query"] = queries::PrintPubmed(p.query);
    j["records"] = records.size();
    j["works"] = list;
    j["notes"] = notes;
    j["warnings"] = MessagesJson(p.warnings);
    PrintResult(g, Dump(j));
  } else {
    PrintResult(g, text.str() + MessagesText(p.source, p.warnings));
  }
  return core::Status::Ok();
}

core::Status CmdQueryKnown(const GlobalFlags& g, const QueryOptions& o) {
  ParsedStrategy p;
  WINNOW_RETURN_IF_ERROR(ParseStrategyInput(o.query, o.file, &p));
  if (o.pmids_file.empty()) return core::Status::Usage("query known needs --pmids FILE");
  std::ifstream in(o.pmids_file);
  if (!in) return core::Status::InvalidInput(o.pmids_file + ": cannot read the PMID list");
  // One PMID per line (or separated by spaces/commas); anything else is an error.
  std::vector<std::string> known;
  std::set<std::string> seen;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    for (char& c : line) {
      if (c == ',' || c == ';' || c == '\t' || c == '\r') c = ' ';
    }
    std::istringstream words(line);
    for (std::string w; words >> w;) {
      if (w.rfind("pmid:", 0) == 0) w = w.substr(5);
      if (w.empty() || w.size() > 9 || w.find_first_not_of("0123456789") != std::string::npos) {
        return core::Status::InvalidInput(o.pmids_file + ":" + std::to_string(n) + ": '" + w +
                                          "' is not a PMID");
      }
      if (seen.insert(w).second) known.push_back(w);
    }
  }
  if (known.empty()) return core::Status::InvalidInput(o.pmids_file + ": no PMIDs in it");
  std::string strategy = queries::PrintPubmed(p.query);
  std::string uids;
  for (size_t i = 0; i < known.size(); ++i) uids += (i ? " OR " : "") + known[i] + "[uid]";
  std::string term = "(" + strategy + ") AND (" + uids + ")";
  fetch::ConnectorConfig config = fetch::ConfigFromEnv("pubmed");
  config.eutils_reader = &parse::ReadEutilsResponse;
  core::EutilsResponse found, alone;
  WINNOW_RETURN_IF_ERROR(fetch::pubmed::Search(config, term, static_cast<int64_t>(known.size()),
                                               &found));
  WINNOW_RETURN_IF_ERROR(fetch::pubmed::Search(config, strategy, 0, &alone));
  std::set<std::string> hit(found.ids.begin(), found.ids.end());
  std::vector<std::string> retrieved, missed;
  for (const std::string& id : known) (hit.count(id) ? retrieved : missed).push_back(id);
  if (g.json) {
    nlohmann::ordered_json j;
    j["query"] = strategy;
    j["hits"] = alone.count;
    j["query_translation"] = alone.translation;
    j["known"] = known.size();
    j["retrieved"] = retrieved;
    j["missed"] = missed;
    j["recall"] = static_cast<double>(retrieved.size()) / known.size();
    PrintResult(g, Dump(j));
  } else {
    std::ostringstream out;
    out << "the strategy finds " << retrieved.size() << " of " << known.size()
        << " known relevant studies (" << alone.count << " hits in all)";
    if (!missed.empty()) {
      out << "\nmissed:";
      for (const std::string& m : missed) out << " " << m;
    }
    out << "\nPubMed read it as: " << alone.translation;
    PrintResult(g, out.str() + MessagesText(p.source, p.warnings));
  }
  return core::Status::Ok();
}

}  // namespace app
