// `winnow dedup` end to end on a real review's database exports (CiteSource's
// MEDLINE and Web of Science stages of one search): incremental runs after a
// new import, screened works keeping new duplicates, reviewers' merges and
// splits surviving later runs, undo, the review queue and the exports.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <thread>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/cli_util.h"
#include "test_util.h"

using testutil::Q;
using testutil::RunWinnow;

namespace {

const char* kMedline = "exports/citesource_stages/citesource_stage_medline_84.ris";
const char* kWos = "exports/citesource_stages/citesource_stage_wos_278.ris";

nlohmann::json Json(const testutil::CliResult& r) {
  INFO(r.err);
  REQUIRE(r.code == 0);
  return nlohmann::json::parse(r.out);
}

// record_id -> work_id, and record_id -> source, from the records export.
struct Records {
  std::map<int64_t, int64_t> work;
  std::map<int64_t, std::string> source;
  std::map<int64_t, std::string> doi;
};

Records Export(const testutil::TempDir& dir, const std::string& db) {
  Records out;
  for (const auto& r :
       Json(RunWinnow(dir, "--json export " + Q(db) + " --set records --format json"))) {
    int64_t id = r["record_id"];
    REQUIRE(r.contains("work_id"));
    REQUIRE(r.contains("source_id"));
    out.work[id] = r["work_id"];
    out.source[id] = r["source"];
    out.doi[id] = r.value("doi", "");
  }
  return out;
}

size_t Works(const Records& r) {
  std::set<int64_t> works;
  for (const auto& [id, w] : r.work) works.insert(w);
  return works.size();
}

void Sql(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err);
  INFO((err ? err : ""));
  sqlite3_free(err);
  sqlite3_close(h);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE("dedup is incremental and a new duplicate joins an already screened work") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  std::string db = (dir / "r.db").string();
  REQUIRE(RunWinnow(dir, "init " + Q(db)).code == 0);
  REQUIRE(RunWinnow(dir, "-q import " + Q(db) + " " + Q(testutil::SharedData(kMedline).string()) +
                             " --source medline").code == 0);
  auto first = Json(RunWinnow(dir, "--json dedup " + Q(db)));
  CHECK(first["records"] == 84);
  CHECK(first["new_records"] == 84);
  Records before = Export(dir, db);

  // A lead includes every MEDLINE work (screening arrives later; set directly).
  Sql(db, "UPDATE works SET status = 'included'");

  REQUIRE(RunWinnow(dir, "-q import " + Q(db) + " " + Q(testutil::SharedData(kWos).string()) +
                             " --source wos").code == 0);
  auto second = Json(RunWinnow(dir, "--json dedup " + Q(db)));
  int64_t total = second["records"];
  CHECK(second["new_records"] == total - 84);  // only the Web of Science records were compared
  CHECK(second["works"] < total);
  Records after = Export(dir, db);

  // Every MEDLINE record kept its work; Web of Science records that duplicate
  // one joined that (included) work instead of being screened again.
  for (const auto& [id, work] : before.work) CHECK(after.work.at(id) == work);
  std::set<int64_t> medline_works;
  for (const auto& [id, work] : before.work) medline_works.insert(work);
  int joined = 0;
  for (const auto& [id, work] : after.work) {
    if (after.source.at(id) == "wos" && medline_works.count(work)) ++joined;
  }
  CHECK(joined >= 40);  // the MEDLINE stage is largely inside the WoS stage
  size_t included = 0;
  for (const auto& w : Json(RunWinnow(dir, "--json export " + Q(db) + " --set all --format json"))) {
    if (w["status"] == "included") ++included;
  }
  CHECK(included == medline_works.size());

  // Records sharing a DOI across the two databases are one work.
  std::map<std::string, std::set<int64_t>> works_by_doi;
  for (const auto& [id, doi] : after.doi) {
    if (!doi.empty()) works_by_doi[doi].insert(after.work.at(id));
  }
  for (const auto& [doi, works] : works_by_doi) {
    INFO(doi);
    CHECK(works.size() == 1);
  }

  // Nothing new: a re-run compares nothing and changes nothing.
  auto third = Json(RunWinnow(dir, "--json dedup " + Q(db)));
  CHECK(third["new_records"] == 0);
  CHECK(third["records_moved"] == 0);
  CHECK(Export(dir, db).work == after.work);
  // Each work exports once, as its canonical record.
  auto works = Json(RunWinnow(dir, "--json export " + Q(db) + " --set all --format json"));
  CHECK(works.size() == Works(after));
  // ... naming every source record of the work, so every database that found it.
  size_t listed = 0;
  for (const auto& w : works) {
    if (!w.contains("source_records")) {
      ++listed;
      continue;
    }
    listed += w["source_records"].size();
    CHECK(w["source_records"][0]["source"] == w["source"]);
    std::set<std::string> sources;
    for (const auto& m : w["source_records"]) sources.insert(m["source"].get<std::string>());
    CHECK(sources.size() >= 1);
  }
  CHECK(listed == after.work.size());
}

TEST_CASE("reviewers' merges and splits survive later runs and can be undone") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  std::string db = (dir / "r.db").string();
  REQUIRE(RunWinnow(dir, "init " + Q(db)).code == 0);
  REQUIRE(RunWinnow(dir, "-q import " + Q(db) + " " + Q(testutil::SharedData(kMedline).string()) +
                             " --source medline").code == 0);
  REQUIRE(RunWinnow(dir, "-q import " + Q(db) + " " + Q(testutil::SharedData(kWos).string()) +
                             " --source wos").code == 0);
  Json(RunWinnow(dir, "--json dedup " + Q(db)));
  Records r = Export(dir, db);
  // A work of two or more records, and two records in different works.
  std::map<int64_t, std::vector<int64_t>> members;
  for (const auto& [id, w] : r.work) members[w].push_back(id);
  int64_t dup_record = 0, dup_partner = 0;
  for (const auto& [w, ids] : members) {
    if (ids.size() >= 2) {
      dup_record = ids[1];
      dup_partner = ids[0];
      break;
    }
  }
  REQUIRE(dup_record != 0);
  int64_t a = members.begin()->second[0];
  int64_t b = std::next(members.begin())->second[0];
  REQUIRE(r.work.at(a) != r.work.at(b));

  // Split: the record leaves its work, and stays out after a full re-run.
  auto split = Json(RunWinnow(dir, "--json dedup split " + Q(db) + " " +
                                       std::to_string(dup_record) + " --reviewer ana --note 'two trials'"));
  CHECK(split["action"] == "split");
  CHECK(split["reviewer"] == "ana");
  Json(RunWinnow(dir, "--json dedup " + Q(db) + " --full"));
  r = Export(dir, db);
  CHECK(r.work.at(dup_record) != r.work.at(dup_partner));
  // Merge two different works; stays merged after a full re-run.
  auto merge = Json(RunWinnow(dir, "--json dedup merge " + Q(db) + " " + std::to_string(a) + " " +
                                       std::to_string(b) + " --reviewer ben"));
  CHECK(merge["action"] == "merge");
  Json(RunWinnow(dir, "--json dedup " + Q(db) + " --full"));
  r = Export(dir, db);
  CHECK(r.work.at(a) == r.work.at(b));
  CHECK(r.work.at(dup_record) != r.work.at(dup_partner));

  // The decisions, with who made them; undoing the split rejoins the record.
  auto decisions = Json(RunWinnow(dir, "--json dedup decisions " + Q(db)));
  REQUIRE(decisions.size() == 2);
  CHECK(decisions[0]["reviewer"] == "ana");
  CHECK(decisions[0]["note"] == "two trials");
  CHECK(decisions[1]["reviewer"] == "ben");
  int64_t split_id = decisions[0]["decision_id"];
  Json(RunWinnow(dir, "--json dedup undo " + Q(db) + " " + std::to_string(split_id) +
                          " --reviewer ana"));
  r = Export(dir, db);
  CHECK(r.work.at(dup_record) == r.work.at(dup_partner));
  CHECK(r.work.at(a) == r.work.at(b));
  decisions = Json(RunWinnow(dir, "--json dedup decisions " + Q(db)));
  CHECK(decisions[0]["undone_by"] == decisions[2]["decision_id"]);

  // State conflicts are exit 4, bad references exit 2; nothing changes.
  CHECK(RunWinnow(dir, "dedup undo " + Q(db) + " " + std::to_string(split_id)).code == 4);
  CHECK(RunWinnow(dir, "dedup merge " + Q(db) + " " + std::to_string(a) + " " +
                           std::to_string(b)).code == 4);
  CHECK(RunWinnow(dir, "dedup split " + Q(db) + " 999999").code == 2);
  CHECK(RunWinnow(dir, "dedup merge " + Q(db) + " pmid:0 1").code == 2);
  CHECK(Export(dir, db).work == r.work);
}

TEST_CASE("dedup pairs lists the review queue with both records") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  std::string db = (dir / "r.db").string();
  REQUIRE(RunWinnow(dir, "init " + Q(db)).code == 0);
  REQUIRE(RunWinnow(dir, "-q import " + Q(db) + " " +
                             Q(testutil::SharedData("dedup/bib_dedupe_haematology/records_pre_merged.csv").string()) +
                             " --source embase").code == 0);
  auto run = Json(RunWinnow(dir, "--json dedup " + Q(db)));
  auto queue = Json(RunWinnow(dir, "--json dedup pairs " + Q(db)));
  REQUIRE(queue.is_array());
  CHECK(static_cast<int64_t>(queue.size()) == run["review_queue"]);
  REQUIRE_FALSE(queue.empty());
  for (const auto& p : queue) {
    CHECK(p["verdict"] == "review");
    CHECK(p["score"] < 0.9);
    CHECK(p["a"]["work_id"] != p["b"]["work_id"]);
    CHECK_FALSE(p["reason"].get<std::string>().empty());
  }
  // Deciding a pair takes it off the queue.
  int64_t a = queue[0]["record_a"], b = queue[0]["record_b"];
  auto why = Json(RunWinnow(dir, "--json dedup explain " + Q(db) + " " + std::to_string(a) + " " +
                                     std::to_string(b)));
  CHECK(why["verdict"] == "review");
  CHECK(why["stored_verdict"] == "review");
  CHECK(why["same_work"] == false);
  CHECK(why["reason"] == queue[0]["reason"]);
  Json(RunWinnow(dir, "--json dedup merge " + Q(db) + " " + std::to_string(a) + " " +
                          std::to_string(b)));
  auto after = Json(RunWinnow(dir, "--json dedup pairs " + Q(db)));
  CHECK(after.size() < queue.size());
  for (const auto& p : after) CHECK_FALSE((p["record_a"] == a && p["record_b"] == b));
  why = Json(RunWinnow(dir, "--json dedup explain " + Q(db) + " " + std::to_string(a) + " " +
                                std::to_string(b)));
  CHECK(why["same_work"] == true);
  CHECK(why["reviewer_ruling"]["same"] == true);
  // Related pairs (errata, replies to letters) are listed apart.
  auto related = Json(RunWinnow(dir, "--json dedup pairs --related " + Q(db)));
  std::set<std::string> relations;
  for (const auto& p : related) {
    relations.insert(p["relation"].get<std::string>());
    CHECK(p["verdict"] == "related");
  }
  CHECK(relations.count("erratum") == 1);
  CHECK(relations.count("comment") == 1);
}

TEST_CASE("a record changed by a re-export is compared again on its own") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  std::string db = (dir / "r.db").string();
  REQUIRE(RunWinnow(dir, "init " + Q(db)).code == 0);
  REQUIRE(RunWinnow(dir, "-q import " + Q(db) + " " + Q(testutil::SharedData(kMedline).string()) +
                             " --source medline").code == 0);
  REQUIRE(RunWinnow(dir, "-q import " + Q(db) + " " + Q(testutil::SharedData(kWos).string()) +
                             " --source wos").code == 0);
  Json(RunWinnow(dir, "--json dedup " + Q(db)));
  Records r = Export(dir, db);
  // A Web of Science record with a DOI that joined a MEDLINE record's work.
  int64_t wos_id = 0, medline_id = 0;
  for (const auto& [id, w] : r.work) {
    if (r.source.at(id) != "wos" || r.doi.at(id).empty()) continue;
    for (const auto& [other, w2] : r.work) {
      if (other != id && w2 == w && r.source.at(other) == "medline") {
        wos_id = id;
        medline_id = other;
      }
    }
    if (wos_id) break;
  }
  REQUIRE(wos_id != 0);
  // The database re-exports it with another title and no DOI (say, a
  // corrected record): change that record in a copy of the file.
  std::string text = testutil::ReadFile(testutil::SharedData(kWos));
  std::string doi = r.doi.at(wos_id);
  size_t at = std::string::npos;
  for (size_t p = text.find("DO  - "); p != std::string::npos; p = text.find("DO  - ", p + 1)) {
    size_t eol = text.find('\n', p);
    std::string value = text.substr(p + 6, eol - p - 6);
    while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
    std::transform(value.begin(), value.end(), value.begin(), ::tolower);
    if (value == doi) {
      at = p;
      break;
    }
  }
  REQUIRE(at != std::string::npos);
  size_t start = text.rfind("TY  - ", at);
  size_t ti = text.find("TI  - ", start);
  REQUIRE(ti < at);
  text.replace(ti + 6, text.find('\n', ti) - ti - 6,
               "Soil microbial communities of alpine meadows under grazing");
  at = text.find("DO  - ", ti);
  text.erase(at, text.find('\n', at) + 1 - at);
  std::string changed = (dir / "wos_reexport.ris").string();
  testutil::WriteFile(changed, text);
  auto imp = Json(RunWinnow(dir, "--json import " + Q(db) + " " + Q(changed) + " --source wos"));
  CHECK(imp["updated"] == 1);

  auto run = Json(RunWinnow(dir, "--json dedup " + Q(db)));
  CHECK(run["new_records"] == 1);
  Records after = Export(dir, db);
  CHECK(after.work.at(wos_id) != after.work.at(medline_id));
  CHECK(after.work.at(medline_id) == r.work.at(medline_id));
  // Everything else stayed where it was.
  for (const auto& [id, w] : r.work) {
    if (id != wos_id && r.work.at(id) != r.work.at(wos_id)) CHECK(after.work.at(id) == w);
  }
}

namespace {

pid_t SpawnQuiet(const std::vector<std::string>& args) {
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

uintmax_t FileSizeOr0(const std::string& p) {
  std::error_code ec;
  uintmax_t n = std::filesystem::file_size(p, ec);
  return ec ? 0 : n;
}

}  // namespace

TEST_CASE("a dedup killed mid-write leaves the review as it was and the re-run is exact",
          "[dedup][slow]") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  // 12,000 real PubMed records, each real record repeated about twelve times
  // under fresh PMIDs: thousands of look-alike pairs to store.
  std::string corpus = (dir / "corpus.xml.gz").string();
  std::string tool = testutil::SharedData("../tools/make-pubmed-corpus").string();
  REQUIRE(std::system(("python3 '" + tool + "' 12000 '" + corpus + "' > /dev/null").c_str()) == 0);
  std::string db = (dir / "r.db").string();
  REQUIRE(RunWinnow(dir, "init " + Q(db)).code == 0);
  REQUIRE(RunWinnow(dir, "-q import " + Q(db) + " " + Q(corpus) + " --source pubmed").code == 0);
  Records before = Export(dir, db);
  // The same review, to deduplicate without interruption for comparison.
  std::string twin = (dir / "twin.db").string();
  REQUIRE(RunWinnow(dir, "init " + Q(twin)).code == 0);
  REQUIRE(RunWinnow(dir, "-q import " + Q(twin) + " " + Q(corpus) + " --source pubmed").code == 0);

  uintmax_t wal_start = FileSizeOr0(db + "-wal");
  pid_t pid = SpawnQuiet({WINNOW_BINARY, "dedup", db});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (FileSizeOr0(db + "-wal") < wal_start + (1u << 20) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));  // killed while writing, not finished

  // Nothing of the run is visible: no run logged, no pair, no record moved.
  CHECK(Export(dir, db).work == before.work);
  auto pairs = Json(RunWinnow(dir, "--json dedup pairs " + Q(db)));
  CHECK(pairs.empty());
  // Running it again gives exactly what an uninterrupted run gives.
  auto rerun = Json(RunWinnow(dir, "--json dedup " + Q(db)));
  auto clean = Json(RunWinnow(dir, "--json dedup " + Q(twin)));
  CHECK(rerun["run_id"] == 1);
  CHECK(rerun["works"] == clean["works"]);
  CHECK(rerun["review_queue"] == clean["review_queue"]);
  CHECK(rerun["duplicate_pairs"] == clean["duplicate_pairs"]);
  CHECK(Export(dir, db).work == Export(dir, twin).work);
}
