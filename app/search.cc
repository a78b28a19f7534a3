#include "app/search.h"

#include <spdlog/spdlog.h>
#include <signal.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "app/progress.h"
#include "app/query.h"
#include "core/calendar.h"
#include "fetch/connector.h"
#include "parse/eutils_response.h"
#include "parse/formats.h"
#include "queries/parser.h"
#include "queries/printer.h"

namespace app {
namespace {

bool IsDay(const std::string& s) {
  std::chrono::sys_days day;
  return core::ParseDay(s, &day) && s[4] == '-';
}

// Payloads of one run, each in a file of a private temporary directory that
// is removed with the spool (a killed run leaves it in the temp directory).
class Spool {
 public:
  struct Entry {
    std::string path;
    fetch::Payload meta;  // body emptied once written
  };

  Spool() {
    static std::atomic<int> counter{0};
    RemoveStale();
    dir_ = std::filesystem::temp_directory_path() /
           ("winnow-run-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  }
  ~Spool() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  core::Status Add(fetch::Payload&& p) {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) return core::Status::Io(dir_.string() + ": cannot create: " + ec.message());
    Entry e;
    e.path = (dir_ / (std::to_string(entries_.size() + 1) + ".payload")).string();
    std::ofstream out(e.path, std::ios::binary);
    out.write(p.body.data(), static_cast<std::streamsize>(p.body.size()));
    out.close();
    if (!out) return core::Status::Io(e.path + ": cannot write the fetched data");
    bytes_ += p.body.size();
    p.body.clear();
    p.body.shrink_to_fit();
    e.meta = std::move(p);
    entries_.push_back(std::move(e));
    return core::Status::Ok();
  }

  const std::vector<Entry>& entries() const { return entries_; }
  uint64_t bytes() const { return bytes_; }

 private:
  // Removes the spools of runs that were killed: their process is gone.
  static void RemoveStale() {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(
             std::filesystem::temp_directory_path(), ec)) {
      std::string name = e.path().filename().string();
      if (name.rfind("winnow-run-", 0) != 0) continue;
      long pid = std::strtol(name.c_str() + 11, nullptr, 10);
      if (pid <= 0 || pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 ||
          errno != ESRCH) {
        continue;
      }
      spdlog::debug("removing {}, left by a run that was stopped", e.path().string());
      std::filesystem::remove_all(e.path(), ec);
    }
  }

  std::filesystem::path dir_;
  std::vector<Entry> entries_;
  uint64_t bytes_ = 0;
};

// The date limits of a run of `search`.
core::Status ResolveWindow(const store::SavedSearch& search, const SearchRunOptions& options,
                           fetch::DateWindow* window) {
  if (!options.until.empty() && !IsDay(options.until)) {
    return core::Status::Usage("--until: expected YYYY-MM-DD, got '" + options.until + "'");
  }
  if (options.since == "last") {
    // From the last day the last good run covered: that day again, since
    // records keep arriving after a run on the same day; overlap is harmless
    // (a record fetched twice is stored once).
    window->from = search.last_ok_until;
  } else if (!options.since.empty()) {
    if (!IsDay(options.since)) {
      return core::Status::Usage("--since: expected 'last' or YYYY-MM-DD, got '" + options.since +
                                 "'");
    }
    window->from = options.since;
  }
  window->until = options.until;
  if (!window->from.empty() && window->until.empty()) window->until = core::TodayUtc();
  if (!window->from.empty() && window->from > window->until) {
    return core::Status::Usage("--since " + window->from + " is after --until " + window->until);
  }
  return core::Status::Ok();
}

// Stores every record of the spool into the open transaction, under `run`.
core::Status StoreSpool(store::Store& review, const Spool& spool, int64_t source_id,
                        const std::string& source, store::SearchRun* run, Progress* progress) {
  for (const Spool::Entry& e : spool.entries()) {
    std::unique_ptr<parse::RecordReader> reader;
    std::string display = run->database + " " + e.meta.label;
    WINNOW_RETURN_IF_ERROR(parse::OpenReader(e.meta.format, e.path, display, {}, &reader));
    core::Record rec;
    int64_t in_payload = 0;
    while (reader->Next(&rec)) {
      rec.source = source;
      ++in_payload;
      if (rec.deleted) {
        ++run->counts.deletion_notices;
      } else {
        ++run->fetched;
        ++run->counts.read;
      }
      std::string why = UnusableRecordReason(rec);
      if (!why.empty()) {
        run->counts.skipped.push_back({rec.locator, why});
        continue;
      }
      store::UpsertOutcome outcome;
      WINNOW_RETURN_IF_ERROR(review.UpsertFetchedRecord(source_id, run->id, rec, &outcome));
      CountOutcome(outcome, &run->counts);
    }
    core::Status st = reader->status();
    if (!st.ok()) {
      // The service sent something the reader cannot use: its failure, not
      // the user's input.
      return core::Status::Remote(st.message());
    }
    if (e.meta.expected_records >= 0 && in_payload < e.meta.expected_records) {
      run->warnings.push_back(display + ": " + std::to_string(in_payload) + " records read of " +
                              std::to_string(e.meta.expected_records) + " sent");
    }
    if (progress) progress->Update(0, 0, run->fetched);
  }
  return core::Status::Ok();
}

void CopyReport(const fetch::SearchReport& report, store::SearchRun* run) {
  run->database = report.database;
  run->platform = report.platform;
  run->query_sent = report.query_sent.empty() ? run->query : report.query_sent;
  run->translation = report.translation;
  run->warnings = report.warnings;
  run->hits = report.hits;
  run->requests = report.requests;
  run->retries = report.retries;
  run->status = report.complete ? "ok" : "incomplete";
}

// Logs a run that failed, in a transaction of its own.
core::Status LogFailedRun(store::Store& review, store::SearchRun* run, const core::Status& why) {
  run->status = "failed";
  run->error = why.message();
  run->fetched = 0;
  run->counts = store::ImportCounts();
  WINNOW_RETURN_IF_ERROR(review.Begin());
  int64_t source_id = 0;
  core::Status st =
      review.EnsureSource(run->source, fetch::SourceKind(run->source), &source_id);
  if (st.ok()) st = review.BeginRun(source_id, run);
  if (st.ok()) st = review.FinishRun(*run);
  if (st.ok()) st = review.Commit();
  if (!st.ok()) review.Rollback();
  return st;
}

core::Status RunOne(store::Store& review, const store::SavedSearch& search,
                    const SearchRunOptions& options, store::SearchRun* run) {
  fetch::DateWindow window;
  WINNOW_RETURN_IF_ERROR(ResolveWindow(search, options, &window));
  run->search_id = search.id;
  run->search_name = search.name;
  run->source = search.source;
  run->query = search.query;
  run->date_from = window.from;
  run->date_until = window.until;
  run->started_at = store::NowUtc();
  std::unique_ptr<fetch::Connector> connector;
  fetch::ConnectorConfig config = fetch::ConfigFromEnv(search.source);
  config.eutils_reader = parse::ReadEutilsResponse;
  WINNOW_RETURN_IF_ERROR(fetch::MakeConnector(search.source, config, &connector));

  Progress progress("searching " + search.name, options.progress);
  auto t0 = std::chrono::steady_clock::now();
  Spool spool;
  fetch::SearchReport report;
  int64_t expected = 0;
  core::Status st = connector->Run(
      search.query, window,
      [&](fetch::Payload&& p) {
        expected += std::max<int64_t>(p.expected_records, 0);
        progress.Message("searching " + search.name + ": " + p.label + ", " +
                         std::to_string(expected) + " records");
        return spool.Add(std::move(p));
      },
      &report);
  progress.Finish();
  CopyReport(report, run);
  if (!st.ok()) {
    core::Status logged = LogFailedRun(review, run, st);
    if (!logged.ok()) spdlog::error("could not log the failed run: {}", logged.message());
    return st;
  }

  auto t1 = std::chrono::steady_clock::now();
  spdlog::debug("search {}: fetched {} payloads ({} bytes) in {:.2f} s, {} requests", search.name,
                spool.entries().size(), spool.bytes(),
                std::chrono::duration<double>(t1 - t0).count(), report.requests);

  // Everything fetched: store it and the log row in one transaction.
  Progress storing("storing " + search.name, options.progress);
  WINNOW_RETURN_IF_ERROR(review.BeginBulk());
  int64_t source_id = 0;
  st = review.EnsureSource(search.source, fetch::SourceKind(search.source), &source_id);
  if (st.ok()) st = review.BeginRun(source_id, run);
  if (st.ok()) st = StoreSpool(review, spool, source_id, search.source, run, &storing);
  if (st.ok()) {
    run->finished_at = store::NowUtc();
    st = review.FinishRun(*run);
  }
  if (st.ok()) st = review.Commit();
  storing.Finish();
  spdlog::debug("search {}: stored {} records in {:.2f} s", search.name, run->fetched,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count());
  if (!st.ok()) {
    review.Rollback();
    run->id = 0;
    core::Status logged = LogFailedRun(review, run, st);
    if (!logged.ok()) spdlog::error("could not log the failed run: {}", logged.message());
    return st;
  }
  return core::Status::Ok();
}

}  // namespace

std::string UnusableRecordReason(const core::Record& rec) {
  if (rec.deleted) return "";
  bool accession = !rec.source_id.empty() && !rec.source_id_local;
  if (rec.title.empty() && rec.pmid.empty() && rec.doi.empty() && rec.pmcid.empty() &&
      !accession) {
    return "no title and no identifier";
  }
  return "";
}

void CountOutcome(store::UpsertOutcome outcome, store::ImportCounts* c) {
  switch (outcome) {
    case store::UpsertOutcome::kAdded:
      ++c->added;
      break;
    case store::UpsertOutcome::kUpdated:
      ++c->updated;
      break;
    case store::UpsertOutcome::kUnchanged:
      ++c->unchanged;
      break;
    case store::UpsertOutcome::kDeleted:
      ++c->deleted;
      break;
    case store::UpsertOutcome::kDeleteIgnored:
      break;
  }
}

namespace {

// Whether `text` is a line-numbered strategy: two or more non-blank lines,
// most of them starting with a line label ("1.", "1 ", "#1", "S1", "A.").
bool LooksLineNumbered(const std::string& text) {
  std::istringstream in(text);
  int lines = 0, labelled = 0;
  for (std::string line; std::getline(in, line);) {
    size_t i = line.find_first_not_of(" \t\r");
    if (i == std::string::npos) continue;
    ++lines;
    size_t j = i;
    if (line[j] == '#' || line[j] == 'S') ++j;
    size_t digits = j;
    while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
    bool number = digits > j;
    bool letter = !number && std::isupper(static_cast<unsigned char>(line[i])) &&
                  i + 1 < line.size() && (line[i + 1] == '.' || line[i + 1] == '\t');
    size_t end = number ? digits : i + 1;
    if ((number || letter) && end < line.size() &&
        (line[end] == '.' || line[end] == ' ' || line[end] == '\t')) {
      ++labelled;
    }
  }
  return lines >= 2 && labelled * 2 > lines;
}

}  // namespace

core::Status AddSearch(store::Store& review, const SearchAddOptions& options,
                       store::SavedSearch* search, bool* changed, std::vector<std::string>* notes) {
  *changed = false;
  const auto& sources = fetch::SearchableSources();
  if (std::find(sources.begin(), sources.end(), options.source) == sources.end()) {
    return core::Status::Usage("--source: '" + options.source +
                               "' cannot be searched (pubmed, europepmc or ctgov)");
  }
  if (options.name.empty() || options.name.find_first_of(" \t\n") != std::string::npos) {
    return core::Status::Usage("a search name must be one word, e.g. pubmed-main");
  }
  std::string query = options.query;
  if (!options.query_file.empty()) {
    std::ifstream in(options.query_file, std::ios::binary);
    if (!in) return core::Status::InvalidInput(options.query_file + ": cannot read");
    std::stringstream ss;
    ss << in.rdbuf();
    query = ss.str();
  }
  // Strategies pasted from a file keep their line breaks; the query sent is
  // the text with runs of white space made single spaces.
  std::string flat;
  for (char c : query) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space) {
      if (!flat.empty() && flat.back() != ' ') flat += ' ';
    } else {
      flat += c;
    }
  }
  while (!flat.empty() && flat.back() == ' ') flat.pop_back();
  if (flat.empty()) {
    return core::Status::Usage(options.query_file.empty()
                                   ? std::string("--query is empty")
                                   : options.query_file + ": the query is empty");
  }
  // Check the strategy; a line-numbered one becomes one query.
  bool numbered = LooksLineNumbered(query);
  std::string canonical;
  if (numbered || options.source == "pubmed") {
    queries::Node parsed;
    std::vector<queries::Message> warnings;
    core::Status p = queries::ParseStrategy(query, &parsed, &warnings);
    std::string where = options.query_file.empty() ? "--query" : options.query_file;
    if (!p.ok()) return core::Status::InvalidInput(where + ":" + p.message());
    for (const queries::Message& w : warnings) {
      if (notes) notes->push_back(where + ":" + queries::PositionText(w.pos) + ": " + w.text);
    }
    canonical = queries::PrintPubmed(parsed);
    if (numbered) {
      queries::Translation t;
      if (options.source == "pubmed") {
        t.query = queries::PrintPubmed(parsed);
        t.warnings = PubmedCaveats(parsed);
      } else if (options.source == "europepmc") {
        t = queries::PrintEuropePmc(parsed);
      } else {
        t = queries::PrintCtgov(parsed);
      }
      flat = t.query;
      if (notes) notes->insert(notes->end(), t.warnings.begin(), t.warnings.end());
    }
  }
  bool found = false;
  WINNOW_RETURN_IF_ERROR(review.FindSearch(options.name, search, &found));
  WINNOW_RETURN_IF_ERROR(review.Begin());
  core::Status st;
  if (found) {
    if (search->source != options.source) {
      st = core::Status::Conflict("search '" + options.name + "' searches " + search->source +
                                  ", not " + options.source + "; choose another name");
    } else if (search->query != flat) {
      if (!options.replace) {
        st = core::Status::Conflict("search '" + options.name +
                                    "' exists with another query; add --replace to change it "
                                    "(its runs keep the query they sent)");
      } else {
        st = review.UpdateSearchQuery(search->id, flat, canonical);
        search->query = flat;
        search->canonical = canonical;
        *changed = true;
      }
    }
  } else {
    search->name = options.name;
    search->source = options.source;
    search->query = flat;
    search->canonical = canonical;
    st = review.AddSearch(search);
    *changed = true;
  }
  if (st.ok()) st = review.Commit();
  if (!st.ok()) review.Rollback();
  return st;
}

core::Status RunSearches(store::Store& review, const SearchRunOptions& options,
                         std::vector<store::SearchRun>* runs) {
  std::vector<store::SavedSearch> searches;
  if (options.names.empty()) {
    WINNOW_RETURN_IF_ERROR(review.ListSearches(&searches));
    if (searches.empty()) {
      return core::Status::NotFound("no saved searches; add one with `winnow search add`");
    }
  } else {
    for (const std::string& name : options.names) {
      store::SavedSearch s;
      bool found = false;
      WINNOW_RETURN_IF_ERROR(review.FindSearch(name, &s, &found));
      if (!found) return core::Status::NotFound("no saved search named '" + name + "'");
      searches.push_back(std::move(s));
    }
  }
  core::Status first_error;
  for (const store::SavedSearch& s : searches) {
    store::SearchRun run;
    core::Status st = RunOne(review, s, options, &run);
    if (!st.ok()) {
      spdlog::error("search {}: {}", s.name, st.message());
      if (first_error.ok()) first_error = st;
      if (st.code() == core::Status::Code::kUsage) return st;
    }
    if (!run.status.empty()) runs->push_back(std::move(run));
  }
  return first_error;
}

}  // namespace app
