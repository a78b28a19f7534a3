// The `search add|run|list|log` and `update` commands: output for people and
// for scripts (--json), over app/search.h.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/commands.h"
#include "app/json_out.h"
#include "app/search.h"
#include "export/csv_writer.h"
#include "store/store.h"

namespace app {
namespace {

// "12,345"
std::string Thousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string WindowText(const store::SearchRun& r) {
  if (r.date_from.empty() && r.date_until.empty()) return "no date limit";
  return (r.date_from.empty() ? "..." : r.date_from) + " to " +
         (r.date_until.empty() ? "..." : r.date_until);
}

nlohmann::ordered_json RunJson(const store::SearchRun& r) {
  nlohmann::ordered_json j;
  j["run_id"] = r.id;
  j["search"] = r.search_name;
  j["source"] = r.source;
  j["database"] = r.database;
  j["platform"] = r.platform;
  j["query"] = r.query;
  j["query_sent"] = r.query_sent;
  j["query_translation"] = r.translation;
  j["warnings"] = r.warnings;
  j["date_from"] = r.date_from;
  j["date_until"] = r.date_until;
  j["run_at"] = r.started_at;
  j["finished_at"] = r.finished_at;
  if (r.hits >= 0) {
    j["hits"] = r.hits;
  } else {
    j["hits"] = nullptr;
  }
  j["fetched"] = r.fetched;
  j["new"] = r.counts.added;
  store::ImportCounts counts = r.counts;
  counts.read = r.fetched;
  j.update(CountsJson(counts));
  j["status"] = r.status;
  j["error"] = r.error;
  j["requests"] = r.requests;
  j["retries"] = r.retries;
  return j;
}

// The totals of DESIGN.md's summary shape, then one entry per run.
std::string RunsJson(const std::vector<store::SearchRun>& runs) {
  store::ImportCounts total;
  for (const store::SearchRun& r : runs) {
    total.read += r.fetched;
    total.added += r.counts.added;
    total.updated += r.counts.updated;
    total.unchanged += r.counts.unchanged;
    total.deleted += r.counts.deleted;
    total.deletion_notices += r.counts.deletion_notices;
    total.skipped.insert(total.skipped.end(), r.counts.skipped.begin(), r.counts.skipped.end());
  }
  nlohmann::ordered_json j = CountsJson(total);
  j["searches"] = nlohmann::ordered_json::array();
  for (const store::SearchRun& r : runs) j["searches"].push_back(RunJson(r));
  return Dump(j);
}

std::string RunText(const store::SearchRun& r) {
  std::ostringstream out;
  out << r.search_name << " (" << r.database << ", " << WindowText(r) << "): ";
  if (r.status == "failed") {
    out << "FAILED: " << r.error;
  } else {
    out << (r.hits >= 0 ? Thousands(r.hits) : "?") << " hits, " << Thousands(r.fetched)
        << " fetched: " << Thousands(r.counts.added) << " new, " << Thousands(r.counts.updated)
        << " updated, " << Thousands(r.counts.unchanged) << " already in the review";
    if (!r.counts.skipped.empty()) out << ", " << r.counts.skipped.size() << " skipped";
    if (r.status == "incomplete") out << " — INCOMPLETE";
  }
  out << "\n  query sent: " << r.query_sent;
  if (!r.translation.empty() && r.translation != r.query_sent) {
    out << "\n  " << r.database << " read it as: " << r.translation;
  }
  for (const std::string& w : r.warnings) out << "\n  warning: " << w;
  for (const store::Skip& s : r.counts.skipped) {
    out << "\n  skipped " << s.where << ": " << s.why;
  }
  return out.str();
}

std::string RunsText(const std::vector<store::SearchRun>& runs, bool with_total) {
  std::ostringstream out;
  int64_t added = 0;
  for (const store::SearchRun& r : runs) {
    out << RunText(r) << "\n";
    added += r.counts.added;
  }
  if (with_total) {
    out << Thousands(added) << " new record" << (added == 1 ? "" : "s") << " from "
        << runs.size() << " search" << (runs.size() == 1 ? "" : "es");
  }
  std::string text = out.str();
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// Warnings a person must see even without reading the summary.
void WarnAboutRuns(const std::vector<store::SearchRun>& runs) {
  for (const store::SearchRun& r : runs) {
    if (r.status == "failed") continue;  // the error itself is reported
    for (const std::string& w : r.warnings) spdlog::warn("search {}: {}", r.search_name, w);
    if (r.status == "incomplete") {
      spdlog::warn("search {}: incomplete: fewer records fetched than {} reported",
                   r.search_name, r.database);
    }
  }
}

core::Status Run(const GlobalFlags& g, const std::string& db, const SearchRunOptions& options,
                 bool with_total) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  std::vector<store::SearchRun> runs;
  core::Status st = RunSearches(*review, options, &runs);
  if (!g.json) WarnAboutRuns(runs);
  // `update` then deduplicates what the runs brought (DESIGN.md: searches,
  // then dedup), so new duplicates of screened works join them at once.
  bool dedup = with_total && std::any_of(runs.begin(), runs.end(), [](const store::SearchRun& r) {
                 return r.status != "failed";
               });
  DedupSummary summary;
  if (dedup) {
    DedupOptions options_dedup;
    options_dedup.progress = options.progress;
    core::Status d = RunDedup(*review, options_dedup, &summary);
    if (!d.ok()) {
      if (st.ok()) st = d;
      dedup = false;
    }
  }
  // Then the review's rules (those of the latest rule run in force) screen
  // the new works.
  RulesReport rules;
  bool ruled = false;
  if (dedup) {
    core::Status r = ReapplyLatestRules(*review, &rules);
    if (!r.ok()) {
      if (st.ok()) st = r;
    } else {
      ruled = rules.run_id != 0;
    }
  }
  // With --json a failure prints only the error document (one document on
  // stdout); the runs are in the search log.
  if (st.ok() || (!g.json && !runs.empty())) {
    if (g.json) {
      nlohmann::ordered_json j = nlohmann::ordered_json::parse(RunsJson(runs));
      if (dedup) j["dedup"] = DedupSummaryJson(summary);
      if (ruled) j["rules"] = RulesReportJson(rules);
      PrintResult(g, Dump(j));
    } else {
      std::string text = RunsText(runs, with_total);
      if (dedup) text += "\n" + DedupSummaryText(summary, db);
      if (ruled) {
        text += "\nrules (run " + std::to_string(rules.run_id) + "): " +
                std::to_string(rules.excluded) + " new works excluded, " +
                std::to_string(rules.tagged) + " tagged";
      }
      PrintResult(g, text);
    }
  }
  return st;
}

const char* const kLogColumns[] = {
    "run_id",     "search",   "database", "platform",  "query",     "query_sent",
    "query_translation",      "date_from", "date_until", "run_at",  "finished_at",
    "hits",       "fetched",  "new",      "updated",   "unchanged", "deleted",
    "skipped",    "status",   "error",    "warnings",  "requests",  "retries"};

void WriteLogCsv(const std::vector<store::SearchRun>& runs, std::ostream& out) {
  bool first = true;
  for (const char* c : kLogColumns) {
    out << (first ? "" : ",") << c;
    first = false;
  }
  out << "\r\n";
  for (const store::SearchRun& r : runs) {
    std::string warnings;
    for (const std::string& w : r.warnings) warnings += (warnings.empty() ? "" : " | ") + w;
    std::vector<std::string> cells = {std::to_string(r.id),
                                      r.search_name,
                                      r.database,
                                      r.platform,
                                      r.query,
                                      r.query_sent,
                                      r.translation,
                                      r.date_from,
                                      r.date_until,
                                      r.started_at,
                                      r.finished_at,
                                      r.hits >= 0 ? std::to_string(r.hits) : "",
                                      std::to_string(r.fetched),
                                      std::to_string(r.counts.added),
                                      std::to_string(r.counts.updated),
                                      std::to_string(r.counts.unchanged),
                                      std::to_string(r.counts.deleted),
                                      std::to_string(r.counts.skipped.size()),
                                      r.status,
                                      r.error,
                                      warnings,
                                      std::to_string(r.requests),
                                      std::to_string(r.retries)};
    for (size_t i = 0; i < cells.size(); ++i) {
      out << (i ? "," : "") << exporter::CsvField(cells[i]);
    }
    out << "\r\n";
  }
}

}  // namespace

core::Status CmdSearchAdd(const GlobalFlags& g, const std::string& db,
                          const SearchAddOptions& options) {
  if (options.query.empty() == options.query_file.empty()) {
    return core::Status::Usage("give the strategy with exactly one of --query or --query-file");
  }
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  store::SavedSearch search;
  bool changed = false;
  std::vector<std::string> notes;
  WINNOW_RETURN_IF_ERROR(AddSearch(*review, options, &search, &changed, &notes));
  if (g.json) {
    nlohmann::ordered_json j = {{"search_id", search.id}, {"name", search.name},
                                {"source", search.source}, {"query", search.query},
                                {"canonical", search.canonical}, {"changed", changed},
                                {"warnings", notes}};
    PrintResult(g, Dump(j));
  } else {
    for (const std::string& n : notes) spdlog::warn("{}", n);
    PrintResult(g, std::string(changed ? "saved" : "already saved, unchanged:") + " search " +
                       search.name + " (" + search.source + "): " + search.query);
  }
  return core::Status::Ok();
}

core::Status CmdSearchRun(const GlobalFlags& g, const std::string& db,
                          const SearchRunOptions& options) {
  return Run(g, db, options, options.names.size() != 1);
}

core::Status CmdUpdate(const GlobalFlags& g, const std::string& db, bool progress) {
  SearchRunOptions options;
  options.since = "last";
  options.progress = progress;
  return Run(g, db, options, true);
}

core::Status CmdSearchList(const GlobalFlags& g, const std::string& db) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  std::vector<store::SavedSearch> searches;
  WINNOW_RETURN_IF_ERROR(review->ListSearches(&searches));
  std::vector<store::SearchRun> runs;
  WINNOW_RETURN_IF_ERROR(review->ListRuns(0, &runs));
  std::map<int64_t, const store::SearchRun*> by_id;
  for (const store::SearchRun& r : runs) by_id[r.id] = &r;
  if (g.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const store::SavedSearch& s : searches) {
      nlohmann::ordered_json j = {{"search_id", s.id},   {"name", s.name},
                                  {"source", s.source},  {"query", s.query},
                                  {"canonical", s.canonical},
                                  {"created_at", s.created_at}};
      auto it = by_id.find(s.last_run_id);
      j["last_run"] = it == by_id.end() ? nlohmann::ordered_json(nullptr) : RunJson(*it->second);
      j["covered_until"] = s.last_ok_until;
      out.push_back(j);
    }
    PrintResult(g, Dump(out));
    return core::Status::Ok();
  }
  if (searches.empty()) {
    PrintResult(g, "no saved searches; add one with `winnow search add`");
    return core::Status::Ok();
  }
  std::ostringstream out;
  for (const store::SavedSearch& s : searches) {
    out << s.name << " (" << s.source << "): " << s.query << "\n  ";
    auto it = by_id.find(s.last_run_id);
    if (it == by_id.end()) {
      out << "never run";
    } else {
      const store::SearchRun& r = *it->second;
      out << "last run " << r.started_at << ", " << r.status;
      if (r.status != "failed") {
        out << ": " << (r.hits >= 0 ? Thousands(r.hits) : "?") << " hits, "
            << Thousands(r.counts.added) << " new";
      }
      if (!s.last_ok_until.empty()) out << "; covered up to " << s.last_ok_until;
    }
    out << "\n";
  }
  std::string text = out.str();
  text.pop_back();
  PrintResult(g, text);
  return core::Status::Ok();
}

core::Status CmdSearchLog(const GlobalFlags& g, const std::string& db, const std::string& format,
                          const std::string& output) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  std::vector<store::SearchRun> runs;
  WINNOW_RETURN_IF_ERROR(review->ListRuns(0, &runs));
  std::string fmt = format.empty() ? (g.json ? "json" : "text") : format;
  std::ostringstream text;
  if (fmt == "csv") {
    WriteLogCsv(runs, text);
  } else if (fmt == "json") {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const store::SearchRun& r : runs) arr.push_back(RunJson(r));
    text << Dump(arr) << "\n";
  } else {
    for (const store::SearchRun& r : runs) {
      text << "#" << r.id << " " << r.started_at << " " << RunText(r) << "\n";
    }
    if (runs.empty()) text << "no search has been run\n";
  }
  if (output.empty() || output == "-") {
    std::cout << text.str();
    return core::Status::Ok();
  }
  std::ofstream out(output, std::ios::binary);
  out << text.str();
  out.close();
  if (!out) return core::Status::InvalidInput(output + ": cannot write there");
  spdlog::info("wrote the search log ({} runs, {}) to {}", runs.size(), fmt, output);
  return core::Status::Ok();
}

}  // namespace app
