// Saved searches, the search log and living-review updates through the real
// binary, against the local fake services: what `update` brings in, that a
// second update adds nothing, that a run killed mid-fetch leaves the review as
// it was and the next run completes it, and that failures are exit 3 and
// logged.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "core/calendar.h"
#include "fetch/corpus.h"
#include "fetch/fake_apis.h"
#include "store/store.h"
#include "app/cli_util.h"
#include "test_util.h"

namespace {

using winnow_test::FakeApis;

using Result = testutil::CliResult;
using testutil::Q;

// The environment that points winnow at the fake services, without waits.
std::string FakeEnv(const FakeApis& fake) {
  return "WINNOW_PUBMED_URL=" + fake.pubmed_url() + " WINNOW_EUROPEPMC_URL=" +
         fake.europepmc_url() + " WINNOW_CTGOV_URL=" + fake.ctgov_url() +
         " WINNOW_NCBI_RATE=1000 WINNOW_EUROPEPMC_RATE=1000 WINNOW_CTGOV_RATE=1000"
         " WINNOW_RETRY_BASE_MS=10";
}

Result Run(const testutil::TempDir& dir, const std::string& args, const std::string& env) {
  return testutil::RunWinnow(dir, args, env);
}

nlohmann::json Json(const Result& r) {
  INFO(r.err);
  return nlohmann::json::parse(r.out);
}

const nlohmann::json& Search(const nlohmann::json& summary, const std::string& name) {
  for (const auto& s : summary["searches"]) {
    if (s["search"] == name) return s;
  }
  FAIL("no search " << name << " in " << summary.dump());
  static nlohmann::json none;
  return none;
}

// The PMIDs of the review's PubMed records.
std::multiset<std::string> ReviewPmids(const std::string& db) {
  std::unique_ptr<store::Store> review;
  REQUIRE(store::Store::Open(db, &review).ok());
  std::multiset<std::string> out;
  REQUIRE(review
              ->ForEach(store::RecordSet::kRecords,
                        [&](const store::RecordRow& row) {
                          if (row.record.source == "pubmed") out.insert(row.record.pmid);
                          return core::Status::Ok();
                        })
              .ok());
  return out;
}

std::vector<store::SearchRun> Runs(const std::string& db) {
  std::unique_ptr<store::Store> review;
  REQUIRE(store::Store::Open(db, &review).ok());
  std::vector<store::SearchRun> runs;
  REQUIRE(review->ListRuns(0, &runs).ok());
  return runs;
}

// A copy of the first article of `xml` under a new PMID.
std::string ArticleWithPmid(const std::string& xml, const std::string& pmid) {
  size_t a = xml.find("<PubmedArticle>");
  size_t b = xml.find("</PubmedArticle>", a);
  std::string art = xml.substr(a, b + 16 - a);
  size_t open = art.find("<PMID");
  size_t gt = art.find('>', open);
  size_t close = art.find("</PMID>", gt);
  std::string old = art.substr(gt + 1, close - gt - 1);
  for (size_t p = art.find(">" + old + "<"); p != std::string::npos;
       p = art.find(">" + old + "<", p + 1)) {
    art.replace(p + 1, old.size(), pmid);
  }
  return art;
}

}  // namespace

TEST_CASE("search: a living review runs in full then updates bring only new records", "[search][slow]") {
  WINNOW_REQUIRE_CORPUS(corpus, 2000);
  FakeApis fake;
  // The newest records entered PubMed today, like a real search.
  std::string today = core::TodayUtc();
  fake.LoadPubmedCorpus(corpus, "2019-01-01", today);
  fake.SetQueryTranslation("\"peer group\"[MeSH Terms] OR \"peer support\"[All Fields]");
  fake.LoadEuropePmc(
      testutil::SharedData("api_responses/europepmc/epmc_search_cancer_core.json").string());
  fake.LoadCtgovStudy(
      testutil::SharedData("api_responses/clinicaltrials_gov/ctgov_v2_NCT04267848.json").string(),
      5);
  testutil::TempDir dir;
  std::string db = Q((dir / "review.db").string());
  std::string env = FakeEnv(fake);
  REQUIRE(Run(dir, "init " + db, env).code == 0);
  REQUIRE(Run(dir, "search add " + db + " pubmed-main --source pubmed --query 'peer support'", env)
              .code == 0);
  testutil::WriteFile(dir / "epmc.txt", "cancer\n  AND  (tumour OR tumor)\n");
  Result add2 = Run(dir,
                    "search add " + db + " epmc --source europepmc --query-file " +
                        Q((dir / "epmc.txt").string()) + " --json",
                    env);
  REQUIRE(add2.code == 0);
  CHECK(Json(add2)["query"] == "cancer AND (tumour OR tumor)");
  REQUIRE(Run(dir, "search add " + db + " trials --source ctgov --query covid-19", env).code == 0);
  // Saving the same search again changes nothing; another query needs --replace.
  CHECK(Run(dir, "search add " + db + " trials --source ctgov --query covid-19", env).code == 0);
  CHECK(Run(dir, "search add " + db + " trials --source ctgov --query flu", env).code == 4);

  Result list0 = Run(dir, "search list " + db + " --json", env);
  REQUIRE(list0.code == 0);
  auto l0 = Json(list0);
  REQUIRE(l0.size() == 3);
  CHECK(l0[0]["last_run"].is_null());

  // First update: every search runs in full.
  Result u1 = Run(dir, "update " + db + " --json", env);
  INFO(u1.err);
  REQUIRE(u1.code == 0);
  auto j1 = Json(u1);
  // Then dedup ran over everything the searches brought.
  REQUIRE(j1.contains("dedup"));
  CHECK(j1["dedup"]["new_records"] == j1["added"]);
  CHECK(j1["dedup"]["records"] == j1["added"]);
  const auto& pm1 = Search(j1, "pubmed-main");
  CHECK(pm1["hits"] == 2000);
  CHECK(pm1["fetched"] == 2000);
  CHECK(pm1["added"] == 2000);
  CHECK(pm1["status"] == "ok");
  CHECK(pm1["date_from"] == "");
  CHECK(pm1["query_translation"] ==
        "\"peer group\"[MeSH Terms] OR \"peer support\"[All Fields]");
  CHECK(Search(j1, "epmc")["added"] == fake.europepmc_size());
  CHECK(Search(j1, "trials")["added"] == 5);
  CHECK(j1["added"] == 2000 + static_cast<int64_t>(fake.europepmc_size()) + 5);
  CHECK(j1["read"] == j1["added"]);
  // Register records keep what the register says beyond the record fields.
  Result exp = Run(dir, "export " + db + " --set records --format json", env);
  REQUIRE(exp.code == 0);
  int trials = 0;
  for (const auto& rec : Json(exp)) {
    if (rec["source"] != "ctgov") continue;
    ++trials;
    CHECK(rec["attributes"]["overall_status"] == "RECRUITING");
    CHECK(rec["attributes"]["phase"] == "PHASE3");
    CHECK(rec["kind"] == "trial-registration");
  }
  CHECK(trials == 5);
  std::multiset<std::string> pmids = ReviewPmids((dir / "review.db").string());
  for (const std::string& id : fake.PubmedIdsBetween("", "")) {
    INFO("PMID " << id << " served but not in the review");
    CHECK(pmids.count(id) == 1);
  }
  CHECK(pmids.size() == 2000);
  CHECK(std::set<std::string>(pmids.begin(), pmids.end()).size() == 2000);

  // Second update, straight after: the window is today only, and nothing new.
  Result u2 = Run(dir, "update " + db + " --json", env);
  REQUIRE(u2.code == 0);
  auto j2 = Json(u2);
  CHECK(j2["added"] == 0);
  const auto& pm2 = Search(j2, "pubmed-main");
  CHECK(pm2["date_from"] == today);
  CHECK(pm2["date_until"] == today);
  CHECK(pm2["hits"] == static_cast<int64_t>(fake.PubmedIdsBetween(today, today).size()));
  CHECK(Search(j2, "trials")["added"] == 0);

  // Three records enter PubMed; the next update brings exactly those.
  std::string xml = testutil::ReadFile(corpus).substr(0, 400000);
  for (const char* id : {"99000001", "99000002", "99000003"}) {
    fake.AddPubmedRecord(ArticleWithPmid(xml, id), id, today);
  }
  Result u3 = Run(dir, "update " + db, env);
  REQUIRE(u3.code == 0);
  CHECK(u3.out.find("pubmed-main (PubMed, " + today + " to " + today) != std::string::npos);
  CHECK(u3.out.find("3 new record") != std::string::npos);
  pmids = ReviewPmids((dir / "review.db").string());
  CHECK(pmids.size() == 2003);
  CHECK(pmids.count("99000002") == 1);

  // The search log: nine runs, the PRISMA-S columns, in CSV and JSON.
  Result csv = Run(dir, "search log " + db + " --format csv", env);
  REQUIRE(csv.code == 0);
  auto rows = testutil::SplitCsv(csv.out);
  REQUIRE(rows.size() == 10);
  CHECK(rows[0][1] == "search");
  CHECK(rows[0][5] == "query_sent");
  CHECK(rows[0][6] == "query_translation");
  CHECK(rows[1][2] == "PubMed");
  CHECK(rows[1][5] == "peer support");
  CHECK(rows[1][11] == "2000");  // hits
  CHECK(rows[1][13] == "2000");  // new
  CHECK(rows[1][18] == "ok");
  Result log = Run(dir, "search log " + db + " --json", env);
  auto lj = Json(log);
  REQUIRE(lj.size() == 9);
  CHECK(lj[8]["search"] == "trials");
  CHECK(lj[6]["new"] == 3);
  CHECK(lj[7]["query_sent"].get<std::string>().find("FIRST_IDATE:[" + today + " TO " + today +
                                                    "]") != std::string::npos);

  Result list = Run(dir, "search list " + db, env);
  CHECK(list.out.find("pubmed-main (pubmed): peer support") != std::string::npos);
  CHECK(list.out.find("covered up to " + today) != std::string::npos);
}

TEST_CASE("search: a run killed mid-fetch leaves the review as it was and the next run completes it",
          "[search][slow]") {
  WINNOW_REQUIRE_CORPUS(corpus, 2000);
  FakeApis fake;
  fake.LoadPubmedCorpus(corpus, "2019-01-01", "2025-12-31");
  testutil::TempDir dir;
  std::string db_path = (dir / "review.db").string();
  std::string env = FakeEnv(fake);
  REQUIRE(Run(dir, "init " + Q(db_path), env).code == 0);
  REQUIRE(Run(dir, "search add " + Q(db_path) + " pm --source pubmed --query x", env).code == 0);

  fake.SetEfetchDelay(0.3);
  pid_t pid = fork();
  if (pid == 0) {
    setenv("WINNOW_PUBMED_URL", fake.pubmed_url().c_str(), 1);
    setenv("WINNOW_NCBI_RATE", "1000", 1);
    setenv("WINNOW_PAGE_SIZE", "100", 1);
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execl(WINNOW_BINARY, WINNOW_BINARY, "update", db_path.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (fake.CountRequests("efetch") < 4 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(fake.CountRequests("efetch") >= 4);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));

  // As before the run: no record, no log row.
  CHECK(ReviewPmids(db_path).empty());
  CHECK(Runs(db_path).empty());
  // The killed run's spool is still there; the next run clears it away.
  std::filesystem::path spool =
      std::filesystem::temp_directory_path() / ("winnow-run-" + std::to_string(pid) + "-0");
  CHECK(std::filesystem::exists(spool));

  fake.SetEfetchDelay(0);
  Result again = Run(dir, "update " + Q(db_path) + " --json", env);
  REQUIRE(again.code == 0);
  CHECK(Json(again)["added"] == 2000);
  std::multiset<std::string> pmids = ReviewPmids(db_path);
  CHECK(pmids.size() == 2000);
  std::vector<std::string> expected = fake.PubmedIdsBetween("", "");
  CHECK(std::set<std::string>(pmids.begin(), pmids.end()) ==
        std::set<std::string>(expected.begin(), expected.end()));
  CHECK_FALSE(std::filesystem::exists(spool));
  auto runs = Runs(db_path);
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].status == "ok");
  CHECK(runs[0].counts.added == 2000);
}

TEST_CASE("search: a service failing after retries is exit 3 and logged and changes nothing",
          "[search]") {
  WINNOW_REQUIRE_CORPUS(corpus, 2000);
  FakeApis fake;
  fake.LoadPubmedCorpus(corpus, "2019-01-01", "2025-12-31");
  testutil::TempDir dir;
  std::string db_path = (dir / "review.db").string();
  std::string env = FakeEnv(fake) + " WINNOW_RETRIES=3";
  REQUIRE(Run(dir, "init " + Q(db_path), env).code == 0);
  REQUIRE(Run(dir, "search add " + Q(db_path) + " pm --source pubmed --query x", env).code == 0);
  fake.Inject({FakeApis::Fault::Kind::k503, "efetch", 100});
  Result r = Run(dir, "search run " + Q(db_path) + " pm --json", env);
  CHECK(r.code == 3);
  CHECK(r.err.find("503") != std::string::npos);
  CHECK(Json(r)["error"]["code"] == 3);  // one JSON document: the error
  CHECK(ReviewPmids(db_path).empty());
  auto runs = Runs(db_path);
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].status == "failed");
  CHECK(runs[0].error.find("efetch") != std::string::npos);
  CHECK(runs[0].counts.added == 0);
  CHECK(runs[0].hits == 2000);
  // The failed run does not count as covered: `update` searches everything.
  fake.ClearFaults();
  Result u = Run(dir, "update " + Q(db_path) + " --json", env);
  REQUIRE(u.code == 0);
  CHECK(Json(u)["searches"][0]["date_from"] == "");
  CHECK(Json(u)["added"] == 2000);

  // Usage errors are exit 2 and name the flag.
  Result bad = Run(dir, "search run " + Q(db_path) + " pm --since yesterday", env);
  CHECK(bad.code == 2);
  CHECK(bad.err.find("--since") != std::string::npos);
  CHECK(Run(dir, "search run " + Q(db_path) + " nosuch", env).code == 2);
  CHECK(Run(dir, "search add " + Q(db_path) + " e --source embase --query x", env).code == 2);
}

TEST_CASE("search: --since and --until limit a PubMed run by Entrez date", "[search]") {
  WINNOW_REQUIRE_CORPUS(corpus, 2000);
  FakeApis fake;
  fake.LoadPubmedCorpus(corpus, "2019-01-01", "2025-12-31");
  testutil::TempDir dir;
  std::string db = Q((dir / "review.db").string());
  std::string env = FakeEnv(fake);
  REQUIRE(Run(dir, "init " + db, env).code == 0);
  REQUIRE(Run(dir, "search add " + db + " pm --source pubmed --query x", env).code == 0);
  Result r = Run(dir, "search run " + db + " pm --since 2023-01-01 --until 2023-06-30 --json", env);
  REQUIRE(r.code == 0);
  auto expected = fake.PubmedIdsBetween("2023/01/01", "2023/06/30");
  auto j = Json(r);
  CHECK(j["added"] == static_cast<int64_t>(expected.size()));
  CHECK(j["searches"][0]["date_from"] == "2023-01-01");
  CHECK(j["searches"][0]["date_until"] == "2023-06-30");
  auto reqs = fake.requests();
  CHECK(reqs[0].params.find("mindate")->second == "2023/01/01");
  CHECK(reqs[0].params.find("maxdate")->second == "2023/06/30");
  // --since last then starts where that run ended.
  Result next = Run(dir, "search run " + db + " pm --since last --until 2023-12-31 --json", env);
  REQUIRE(next.code == 0);
  CHECK(Json(next)["searches"][0]["date_from"] == "2023-06-30");
  CHECK(Json(next)["added"] ==
        static_cast<int64_t>(fake.PubmedIdsBetween("2023/07/01", "2023/12/31").size()));
}

TEST_CASE("search: a run killed while storing leaves the review as it was", "[search][slow]") {
  WINNOW_REQUIRE_CORPUS(corpus, 25000);
  FakeApis fake;
  fake.LoadPubmedCorpus(corpus, "2010-01-01", "2025-12-31");
  testutil::TempDir dir;
  std::string db_path = (dir / "review.db").string();
  std::string env = FakeEnv(fake);
  REQUIRE(Run(dir, "init " + Q(db_path), env).code == 0);
  REQUIRE(Run(dir, "search add " + Q(db_path) + " pm --source pubmed --query x", env).code == 0);
  pid_t pid = fork();
  if (pid == 0) {
    setenv("WINNOW_PUBMED_URL", fake.pubmed_url().c_str(), 1);
    setenv("WINNOW_NCBI_RATE", "1000", 1);
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execl(WINNOW_BINARY, WINNOW_BINARY, "update", db_path.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // All 50 batches fetched: the run is now storing 25,000 records in one
  // transaction (several seconds); stop it a moment in.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (fake.CountRequests("efetch") < 50 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(fake.CountRequests("efetch") == 50);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  int status = 0;
  if (waitpid(pid, &status, WNOHANG) == pid) {
    WARN("the run finished storing within a second; the kill could not land while storing");
    return;
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  CHECK(ReviewPmids(db_path).empty());
  CHECK(Runs(db_path).empty());

  Result again = Run(dir, "update " + Q(db_path) + " --json", env);
  REQUIRE(again.code == 0);
  CHECK(Json(again)["added"] == 25000);
  CHECK(ReviewPmids(db_path).size() == 25000);
  auto runs = Runs(db_path);
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].counts.added == 25000);
}

namespace {

// The <PubmedArticle> element of a one-record efetch file.
std::string ArticleOf(const std::string& rel) {
  std::string xml = testutil::ReadFile(testutil::SharedData(rel));
  size_t a = xml.find("<PubmedArticle>");
  size_t b = xml.find("</PubmedArticle>");
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  return xml.substr(a, b + 16 - a);
}

}  // namespace

TEST_CASE("query known reports the known studies a strategy misses in PubMed") {
  WINNOW_REQUIRE_SHARED_DATA();
  FakeApis fake;
  for (const char* pmid : {"26415349", "31588070", "33856845"}) {
    fake.AddPubmedRecord(
        ArticleOf(std::string("pubmed_xml/metapub_pmid_xml/metapub_pmid_") + pmid + ".xml"), pmid,
        "2021/01/01");
  }
  fake.SetQueryTranslation("\"humans\"[MeSH Terms]");
  testutil::TempDir dir;
  std::string env = FakeEnv(fake);
  testutil::WriteFile(dir / "known.txt", "26415349\n31588070, 99999999\n\n");
  Result r = Run(dir, "--json query known --query 'humans[mh]' --pmids " +
                          Q((dir / "known.txt").string()), env);
  INFO(r.err);
  REQUIRE(r.code == 0);
  auto j = Json(r);
  CHECK(j["known"] == 3);
  CHECK(j["retrieved"] == nlohmann::json::array({"26415349", "31588070"}));
  CHECK(j["missed"] == nlohmann::json::array({"99999999"}));
  CHECK(j["hits"] == 3);
  CHECK(j["query_translation"] == "\"humans\"[MeSH Terms]");
  // The strategy was sent ANDed with the known PMIDs as [uid] terms.
  bool sent = false;
  for (const auto& req : fake.requests()) {
    auto it = req.params.find("term");
    if (it != req.params.end() &&
        it->second == "(humans[mh]) AND (26415349[uid] OR 31588070[uid] OR 99999999[uid])") {
      sent = true;
    }
  }
  CHECK(sent);
  // A list that is not PMIDs is refused, naming the file and line.
  testutil::WriteFile(dir / "bad.txt", "26415349\nabc\n");
  Result bad = Run(dir, "query known --query x --pmids " + Q((dir / "bad.txt").string()), env);
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Catch::Contains("bad.txt:2"));
}

TEST_CASE("search add resolves a line-numbered strategy and rejects a bad one") {
  FakeApis fake;
  testutil::TempDir dir;
  std::string env = FakeEnv(fake);
  std::string db = Q((dir / "review.db").string());
  REQUIRE(Run(dir, "init " + db, env).code == 0);
  testutil::WriteFile(dir / "ovid.txt",
                      "Database: Ovid MEDLINE(R)\nSearch Strategy:\n"
                      "1     exp Peer Group/ (1234)\n2     peer support.ti,ab. (567)\n"
                      "3     1 or 2 (1700)\n4     limit 3 to english language (1500)\n");
  Result pm = Run(dir, "--json search add " + db + " ovid --source pubmed --query-file " +
                           Q((dir / "ovid.txt").string()), env);
  INFO(pm.err);
  REQUIRE(pm.code == 0);
  CHECK(Json(pm)["query"] == "Peer Group[mh] OR peer support[tiab] AND english[la]");
  Result ep = Run(dir, "--json search add " + db + " ovid-epmc --source europepmc --query-file " +
                           Q((dir / "ovid.txt").string()), env);
  REQUIRE(ep.code == 0);
  auto e = Json(ep);
  CHECK(e["query"] == "(MESH_HEADING:\"Peer Group\" OR TITLE_ABS:\"peer support\") AND LANG:eng");
  CHECK_FALSE(e["warnings"].empty());  // MeSH explosion is PubMed-only
  // A single PubMed query is kept as written, once it checks out.
  Result one = Run(dir, "--json search add " + db + " one --source pubmed --query 'peer support'", env);
  REQUIRE(one.code == 0);
  CHECK(Json(one)["query"] == "peer support");
  CHECK(Json(one)["canonical"] == "peer AND support");  // and a warning to quote it
  CHECK_FALSE(Json(one)["warnings"].empty());
  CHECK(Json(pm)["canonical"] == Json(pm)["query"]);
  Result list = Run(dir, "--json search list " + db, env);
  REQUIRE(list.code == 0);
  CHECK(Json(list)[0]["canonical"] == "Peer Group[mh] OR peer support[tiab] AND english[la]");
  Result bad = Run(dir, "search add " + db + " bad --source pubmed --query 'peer[tiabx]'", env);
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Catch::Contains("1:5") && Catch::Contains("[tiabx]"));
}
