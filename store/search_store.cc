// Saved searches and the search log.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/sqlite.h"
#include "store/store.h"
#include "store/store_impl.h"

namespace store {
namespace {

// The columns ListSearches and FindSearch read, with the last run and the
// last run that succeeded.
constexpr const char* kSearchSelect =
    "SELECT s.id, s.name, s.source, s.query, s.created_at, s.updated_at, "
    "coalesce(l.id, 0), coalesce(l.started_at, ''), coalesce(l.status, ''), "
    "coalesce(g.id, 0), coalesce(nullif(g.date_until, ''), substr(g.started_at, 1, 10), ''), "
    "s.canonical "
    "FROM searches s "
    "LEFT JOIN search_runs l ON l.id = (SELECT max(id) FROM search_runs WHERE search_id = s.id) "
    "LEFT JOIN search_runs g ON g.id = (SELECT max(id) FROM search_runs "
    "  WHERE search_id = s.id AND status IN ('ok', 'incomplete')) ";

void ReadSearch(const Statement& st, SavedSearch* s) {
  s->id = st.ColumnInt(0);
  s->name = st.ColumnText(1);
  s->source = st.ColumnText(2);
  s->query = st.ColumnText(3);
  s->created_at = st.ColumnText(4);
  s->updated_at = st.ColumnText(5);
  s->last_run_id = st.ColumnInt(6);
  s->last_run_at = st.ColumnText(7);
  s->last_status = st.ColumnText(8);
  s->last_ok_run_id = st.ColumnInt(9);
  s->last_ok_until = st.ColumnText(10);
  s->canonical = st.ColumnText(11);
}

}  // namespace

core::Status Store::AddSearch(SavedSearch* search) {
  bool found = false;
  SavedSearch existing;
  WINNOW_RETURN_IF_ERROR(FindSearch(search->name, &existing, &found));
  if (found) {
    return core::Status::Conflict("a saved search named '" + search->name + "' exists already");
  }
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      "INSERT INTO searches (name, source, query, created_at, updated_at, canonical) "
      "VALUES (?,?,?,?,?,?)"));
  search->created_at = search->updated_at = NowUtc();
  st.Bind(1, search->name).Bind(2, search->source).Bind(3, search->query);
  st.Bind(4, search->created_at).Bind(5, search->updated_at).Bind(6, search->canonical);
  WINNOW_RETURN_IF_ERROR(st.Run());
  search->id = sqlite3_last_insert_rowid(impl_->db);
  return Audit("winnow", "search.added", "search", search->id,
               JsonText({{"name", search->name}, {"source", search->source},
                         {"query", search->query}}));
}

core::Status Store::UpdateSearchQuery(int64_t search_id, const std::string& query,
                                      const std::string& canonical) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db, "UPDATE searches SET query=?, updated_at=?, canonical=? WHERE id=?"));
  st.Bind(1, query).Bind(2, NowUtc()).Bind(3, canonical).Bind(4, search_id);
  WINNOW_RETURN_IF_ERROR(st.Run());
  return Audit("winnow", "search.changed", "search", search_id, JsonText({{"query", query}}));
}

core::Status Store::FindSearch(const std::string& name, SavedSearch* search, bool* found) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(impl_->db, std::string(kSearchSelect) + "WHERE s.name=?"));
  st.Bind(1, name);
  core::Status s;
  *found = st.Step(&s);
  if (*found) ReadSearch(st, search);
  return s;
}

core::Status Store::ListSearches(std::vector<SavedSearch>* searches) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(impl_->db, std::string(kSearchSelect) + "ORDER BY s.id"));
  core::Status s;
  while (st.Step(&s)) {
    SavedSearch one;
    ReadSearch(st, &one);
    searches->push_back(std::move(one));
  }
  return s;
}

core::Status Store::BeginRun(int64_t source_id, SearchRun* run) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      "INSERT INTO search_runs (search_id, source_id, database_name, platform, query, "
      "query_sent, date_from, date_until, started_at) VALUES (?,?,?,?,?,?,?,?,?)"));
  if (run->started_at.empty()) run->started_at = NowUtc();
  st.Bind(1, run->search_id).Bind(2, source_id).Bind(3, run->database).Bind(4, run->platform);
  st.Bind(5, run->query).Bind(6, run->query_sent).Bind(7, run->date_from);
  st.Bind(8, run->date_until).Bind(9, run->started_at);
  WINNOW_RETURN_IF_ERROR(st.Run());
  run->id = sqlite3_last_insert_rowid(impl_->db);
  return core::Status::Ok();
}

core::Status Store::FinishRun(const SearchRun& run) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      "UPDATE search_runs SET database_name=?2, platform=?3, query_sent=?4, "
      "query_translation=?5, warnings=?6, finished_at=?7, hits=?8, fetched=?9, n_added=?10, "
      "n_updated=?11, n_unchanged=?12, n_deleted=?13, n_skipped=?14, skipped=?15, status=?16, "
      "error=?17, requests=?18, retries=?19 WHERE id=?1"));
  st.Bind(1, run.id).Bind(2, run.database).Bind(3, run.platform).Bind(4, run.query_sent);
  st.Bind(5, run.translation).Bind(6, JsonText(run.warnings));
  st.Bind(7, run.finished_at.empty() ? NowUtc() : run.finished_at).Bind(8, run.hits);
  st.Bind(9, run.fetched).Bind(10, run.counts.added).Bind(11, run.counts.updated);
  st.Bind(12, run.counts.unchanged).Bind(13, run.counts.deleted);
  st.Bind(14, static_cast<int64_t>(run.counts.skipped.size())).Bind(15, SkippedJson(run.counts.skipped));
  st.Bind(16, run.status).Bind(17, run.error).Bind(18, run.requests).Bind(19, run.retries);
  WINNOW_RETURN_IF_ERROR(st.Run());
  return Audit("winnow", "search.run", "search_run", run.id,
               JsonText({{"search_id", run.search_id},
                         {"status", run.status},
                         {"hits", run.hits},
                         {"fetched", run.fetched},
                         {"added", run.counts.added}}));
}

core::Status Store::ListRuns(int64_t search_id, std::vector<SearchRun>* runs) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      "SELECT r.id, r.search_id, s.name, s.source, r.database_name, r.platform, r.query, "
      "r.query_sent, r.query_translation, r.warnings, r.date_from, r.date_until, r.started_at, "
      "r.finished_at, r.hits, r.fetched, r.n_added, r.n_updated, r.n_unchanged, r.n_deleted, "
      "r.skipped, r.status, r.error, r.requests, r.retries FROM search_runs r "
      "JOIN searches s ON s.id = r.search_id WHERE ?1 = 0 OR r.search_id = ?1 ORDER BY r.id"));
  st.Bind(1, search_id);
  core::Status s;
  while (st.Step(&s)) {
    SearchRun r;
    r.id = st.ColumnInt(0);
    r.search_id = st.ColumnInt(1);
    r.search_name = st.ColumnText(2);
    r.source = st.ColumnText(3);
    r.database = st.ColumnText(4);
    r.platform = st.ColumnText(5);
    r.query = st.ColumnText(6);
    r.query_sent = st.ColumnText(7);
    r.translation = st.ColumnText(8);
    nlohmann::json w = nlohmann::json::parse(st.ColumnText(9), nullptr, false);
    if (w.is_array()) {
      for (const auto& x : w) {
        if (x.is_string()) r.warnings.push_back(x.get<std::string>());
      }
    }
    r.date_from = st.ColumnText(10);
    r.date_until = st.ColumnText(11);
    r.started_at = st.ColumnText(12);
    r.finished_at = st.ColumnText(13);
    r.hits = st.ColumnInt(14);
    r.fetched = st.ColumnInt(15);
    r.counts.read = r.fetched;
    r.counts.added = st.ColumnInt(16);
    r.counts.updated = st.ColumnInt(17);
    r.counts.unchanged = st.ColumnInt(18);
    r.counts.deleted = st.ColumnInt(19);
    r.counts.skipped = ParseSkipped(st.ColumnText(20));
    r.status = st.ColumnText(21);
    r.error = st.ColumnText(22);
    r.requests = st.ColumnInt(23);
    r.retries = st.ColumnInt(24);
    runs->push_back(std::move(r));
  }
  return s;
}

}  // namespace store
