// Self-test of tests/fetch/fake_apis.h: a real HTTP client (httplib::Client)
// checks what the connectors will rely on — esearch counts, date windows,
// paging and the 9,999 cap, efetch order, Europe PMC cursors, CT.gov page
// tokens, every fault kind and the request log. The PubMed corpus is made by
// shared/tools/make-pubmed-corpus from the real records of shared/data.
#include "tests/fetch/fake_apis.h"

#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_util.h"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using winnow_test::FakeApis;
using Kind = FakeApis::Fault::Kind;

const char kEpmcCore[] = "api_responses/europepmc/epmc_search_cancer_core.json";
const char kEpmcPages[] = "api_responses/europepmc/epmc_fetch_10pages_cancer.json";
const char kEpmcEmpty[] = "api_responses/europepmc/epmc_search_no_results.json";
const char kCtgovStudy[] = "api_responses/clinicaltrials_gov/ctgov_v2_NCT04267848_complex.json";

// A 2,000-record corpus, made once per test run; "" when it cannot be made.
std::string Corpus() {
  static testutil::TempDir dir;
  static std::string path = [] {
    fs::path tool = testutil::SharedData("../tools/make-pubmed-corpus");
    fs::path out = dir / "corpus.xml";
    if (!testutil::HaveSharedData() || !fs::exists(tool)) return std::string();
    std::string cmd = "python3 '" + tool.string() + "' 2000 '" + out.string() + "' >/dev/null";
    return std::system(cmd.c_str()) == 0 ? out.string() : std::string();
  }();
  return path;
}

#define REQUIRE_CORPUS()                                                          \
  if (Corpus().empty()) {                                                         \
    WARN("SKIPPED: cannot make a PubMed corpus from " << testutil::SharedData()); \
    SUCCEED();                                                                    \
    return;                                                                       \
  }

int Count(const std::string& hay, const std::string& needle) {
  int n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

std::string Between(const std::string& s, const std::string& open, const std::string& close) {
  size_t a = s.find(open);
  if (a == std::string::npos) return "";
  a += open.size();
  return s.substr(a, s.find(close, a) - a);
}

// The first <PubmedArticle> of a file, read without loading the whole file.
std::string FirstArticle(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(4 << 20, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  size_t a = head.find("<PubmedArticle>"), b = head.find("</PubmedArticle>");
  return a < b && b != std::string::npos ? head.substr(a, b + 16 - a) : "";
}

std::vector<std::string> Ids(const std::string& xml) {
  std::vector<std::string> ids;
  for (size_t at = xml.find("<Id>"); at != std::string::npos; at = xml.find("<Id>", at + 1)) {
    ids.push_back(xml.substr(at + 4, xml.find("</Id>", at) - at - 4));
  }
  return ids;
}

httplib::Result Get(FakeApis& fake, const std::string& path, const httplib::Params& params,
                    double timeout = 10) {
  httplib::Client cli(fake.base_url());
  cli.set_read_timeout(std::chrono::duration<double>(timeout));
  return cli.Get(path.c_str(), params, httplib::Headers{});
}

// The status of a GET, -1 when no response came.
int Status(FakeApis& fake, const std::string& path, const httplib::Params& params) {
  auto res = Get(fake, path, params);
  return res ? res->status : -1;
}

std::string Esearch(FakeApis& fake, const httplib::Params& params) {
  auto res = Get(fake, "/entrez/eutils/esearch.fcgi", params);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return res->body;
}

// Every id of a window, fetched in pages of `retmax`.
std::vector<std::string> PageAll(FakeApis& fake, const std::string& mindate,
                                 const std::string& maxdate, int retmax) {
  std::vector<std::string> all;
  for (int start = 0;; start += retmax) {
    std::string xml = Esearch(fake, {{"db", "pubmed"},
                                     {"term", "peer support"},
                                     {"datetype", "edat"},
                                     {"mindate", mindate},
                                     {"maxdate", maxdate},
                                     {"retstart", std::to_string(start)},
                                     {"retmax", std::to_string(retmax)}});
    std::vector<std::string> ids = Ids(xml);
    if (ids.empty()) return all;
    all.insert(all.end(), ids.begin(), ids.end());
  }
}

TEST_CASE("esearch counts every record of the EDAT window and pages in EDAT order") {
  REQUIRE_CORPUS();
  FakeApis fake;
  fake.LoadPubmedCorpus(Corpus(), "2020/01/01", "2020-12-31");
  REQUIRE(fake.pubmed_size() == 2000);

  std::string all = Esearch(fake, {{"db", "pubmed"}, {"term", "a & b"}});
  CHECK(Between(all, "<Count>", "</") == "2000");
  CHECK(Between(all, "<RetMax>", "</") == "20");
  CHECK(Ids(all).size() == 20);
  CHECK(Between(all, "<QueryTranslation>", "</") == "a &amp; b");
  CHECK(all.find("<QueryKey>") == std::string::npos);
  CHECK(all.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<!DOCTYPE eSearchResult", 0) == 0);

  // First and last day get records; a window is inclusive on both ends.
  CHECK(fake.PubmedIdsBetween("2020/01/01", "2020/01/01").size() >= 1);
  CHECK(fake.PubmedIdsBetween("2020/12/31", "2020/12/31").size() >= 1);
  CHECK(fake.PubmedIdsBetween("", "").size() == 2000);
  std::vector<std::string> march = fake.PubmedIdsBetween("2020/03/01", "2020/03/31");
  CHECK(march.size() > 100);
  CHECK(march.size() < 250);
  std::string m =
      Esearch(fake, {{"term", "x"}, {"mindate", "2020/03/01"}, {"maxdate", "2020/03/31"}});
  CHECK(Between(m, "<Count>", "</") == std::to_string(march.size()));
  CHECK(PageAll(fake, "2020/03/01", "2020/03/31", 37) == march);
  // Partial dates cover their whole period; one bound alone is ignored.
  CHECK(Between(Esearch(fake, {{"term", "x"}, {"mindate", "2020/03"}, {"maxdate", "2020/03"}}),
                "<Count>", "</") == std::to_string(march.size()));
  CHECK(Between(Esearch(fake, {{"term", "x"}, {"mindate", "2020/03/01"}}), "<Count>", "</") ==
        "2000");

  // Ids: EDAT descending, then PMID descending.
  std::vector<std::string> every = PageAll(fake, "2020/01/01", "2020/12/31", 500);
  REQUIRE(every.size() == 2000);
  CHECK(std::set<std::string>(every.begin(), every.end()).size() == 2000);
  CHECK(every.front() == "40002000");
  CHECK(every.back() == "40000001");

  // Past the end: Count stays, no ids.
  std::string past = Esearch(fake, {{"term", "x"}, {"retstart", "5000"}});
  CHECK(Between(past, "<Count>", "</") == "2000");
  CHECK(past.find("<IdList/>") != std::string::npos);
  std::string none = Esearch(fake, {{"term", "nomatch[tiab]"}});
  CHECK(Between(none, "<Count>", "</") == "0");

  fake.SetQueryTranslation("\"peer\"[All Fields]");
  fake.SetPubmedWarning("zzzq");
  std::string w = Esearch(fake, {{"term", "nomatch zzzq"}});
  CHECK(Between(w, "<QueryTranslation>", "</") == "&quot;peer&quot;[All Fields]");
  CHECK(w.find("<ErrorList><PhraseNotFound>zzzq</PhraseNotFound></ErrorList><WarningList>"
               "<OutputMessage>No items found.</OutputMessage></WarningList></eSearchResult>") !=
        std::string::npos);
}

TEST_CASE("esearch caps retstart at 9998 and never returns ids past position 9,999") {
  REQUIRE_CORPUS();
  FakeApis fake;
  fake.LoadPubmedCorpus(Corpus(), "2021/01/01", "2021/01/31");
  std::string article = FirstArticle(Corpus());
  REQUIRE(!article.empty());
  for (int i = 0; i < 8100; ++i) {
    fake.AddPubmedRecord(article, std::to_string(30000000 + i), "2020/06/01");
  }
  REQUIRE(fake.pubmed_size() == 10100);

  std::string near = Esearch(fake, {{"term", "x"}, {"retstart", "9990"}, {"retmax", "100"}});
  CHECK(Between(near, "<Count>", "</") == "10100");
  CHECK(Ids(near).size() == 9);
  CHECK(Between(near, "<RetMax>", "</") == "9");
  CHECK(Ids(Esearch(fake, {{"term", "x"}, {"retstart", "9998"}, {"retmax", "5"}})).size() == 1);
  std::string over = Esearch(fake, {{"term", "x"}, {"retstart", "9999"}});
  CHECK(over.find("<eSearchResult><ERROR>Search Backend failed: Exception:\n'retstart' cannot be "
                  "larger than 9998.") != std::string::npos);
  CHECK(over.find("<Count>") == std::string::npos);

  // A new record arriving later is first in the list and in its own window.
  fake.AddPubmedRecord(article, "", "2021/02/15");
  CHECK(fake.pubmed_size() == 10100);  // the article's own PMID was already there: replaced
  std::vector<std::string> feb = fake.PubmedIdsBetween("2021/02/01", "2021/02/28");
  REQUIRE(feb.size() == 1);
  CHECK(Ids(Esearch(fake, {{"term", "x"}, {"retmax", "1"}})) == feb);
  fake.RemoveAllPubmed();
  CHECK(fake.pubmed_size() == 0);
}

TEST_CASE("efetch returns the requested articles in request order, history included") {
  REQUIRE_CORPUS();
  FakeApis fake;
  fake.LoadPubmedCorpus(Corpus(), "2020/01/01", "2020/12/31");
  httplib::Client cli(fake.base_url());
  std::string ids = "40000007,40001999, 99999999 ,40000001";
  auto res =
      cli.Post("/entrez/eutils/efetch.fcgi", "db=pubmed&retmode=xml&rettype=abstract&id=" + ids,
               "application/x-www-form-urlencoded");
  REQUIRE(res);
  CHECK(res->status == 200);
  const std::string& body = res->body;
  CHECK(Count(body, "<PubmedArticle>") == 3);
  CHECK(body.rfind("<?xml", 0) == 0);
  CHECK(body.find("<!DOCTYPE PubmedArticleSet") != std::string::npos);
  CHECK(body.find("</PubmedArticleSet>") != std::string::npos);
  size_t a = body.find(">40000007</PMID>"), b = body.find(">40001999</PMID>"),
         c = body.find(">40000001</PMID>");
  CHECK(a < b);
  CHECK(b < c);
  CHECK(c != std::string::npos);

  auto get = Get(fake, "/entrez/eutils/efetch.fcgi", {{"db", "pubmed"}, {"id", "40000002"}});
  REQUIRE(get);
  CHECK(Count(get->body, "<PubmedArticle>") == 1);
  auto empty = Get(fake, "/entrez/eutils/efetch.fcgi", {{"db", "pubmed"}, {"id", ""}});
  REQUIRE(empty);
  CHECK(empty->status == 400);

  std::string s = Esearch(
      fake,
      {{"term", "x"}, {"usehistory", "y"}, {"mindate", "2020/03/01"}, {"maxdate", "2020/03/31"}});
  CHECK(Between(s, "<QueryKey>", "</") == "1");
  std::string webenv = Between(s, "<WebEnv>", "</");
  CHECK(webenv.rfind("MCID_", 0) == 0);
  auto h = Get(fake, "/entrez/eutils/efetch.fcgi",
               {{"db", "pubmed"},
                {"query_key", "1"},
                {"WebEnv", webenv},
                {"retstart", "10"},
                {"retmax", "30"}});
  REQUIRE(h);
  CHECK(Count(h->body, "<PubmedArticle>") == 30);
  CHECK(h->body.find(">" + fake.PubmedIdsBetween("2020/03/01", "2020/03/31")[10] + "</PMID>") <
        h->body.find("</PubmedArticle>"));
  auto stale = Get(fake, "/entrez/eutils/efetch.fcgi", {{"query_key", "1"}, {"WebEnv", "MCID_x"}});
  REQUIRE(stale);
  CHECK(stale->status == 400);
}

json EpmcPage(FakeApis& fake, const std::string& query, const std::string& cursor, int size) {
  auto res = Get(fake, "/europepmc/webservices/rest/search",
                 {{"query", query},
                  {"resultType", "core"},
                  {"cursorMark", cursor},
                  {"pageSize", std::to_string(size)},
                  {"format", "json"}});
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return json::parse(res->body);
}

TEST_CASE("Europe PMC cursor paging visits every result once and repeats the last cursor") {
  WINNOW_REQUIRE_SHARED_DATA();
  FakeApis fake;
  fake.LoadEuropePmc(testutil::SharedData(kEpmcCore).string());
  REQUIRE(fake.europepmc_size() == 25);
  fake.LoadEuropePmc(testutil::SharedData(kEpmcPages).string());
  REQUIRE(fake.europepmc_size() == 1025);

  std::vector<std::string> seen;
  std::string cursor = "*";
  int pages = 0;
  for (;; ++pages) {
    json page = EpmcPage(fake, "cancer", cursor, 100);
    CHECK(page["hitCount"] == 1025);
    CHECK(page["version"] == "6.9");
    for (const json& r : page["resultList"]["result"]) seen.push_back(r["id"].get<std::string>());
    if (page["nextCursorMark"] == cursor) break;
    CHECK(page.contains("nextPageUrl"));
    cursor = page["nextCursorMark"].get<std::string>();
  }
  CHECK(pages == 10);
  REQUIRE(seen.size() == 1025);
  json core = json::parse(testutil::ReadFile(testutil::SharedData(kEpmcCore)));
  CHECK(seen[0] == core["resultList"]["result"][0]["id"]);
  // Sending the last page's cursor again gives that page again, same cursor.
  json last = EpmcPage(fake, "cancer", cursor, 100);
  CHECK(last["resultList"]["result"].size() == 25);
  CHECK(last["nextCursorMark"] == cursor);
  // An exhausted cursor (offset 1000 of a 1-hit query) stays put with no results.
  std::string far = EpmcPage(fake, "cancer", "*", 1000)["nextCursorMark"];
  json exhausted = EpmcPage(fake, "FIRST_IDATE:[2024-04-13 TO 2024-04-13]", far, 5);
  CHECK(exhausted["hitCount"] == 1);
  CHECK(exhausted["resultList"]["result"].empty());
  CHECK(exhausted["nextCursorMark"] == far);

  auto bad =
      Get(fake, "/europepmc/webservices/rest/search", {{"query", "x"}, {"cursorMark", "AoIzzz"}});
  REQUIRE(bad);
  CHECK(bad->status == 400);
}

TEST_CASE("Europe PMC FIRST_IDATE filters on firstIndexDate, nomatch gives the real empty shape") {
  WINNOW_REQUIRE_SHARED_DATA();
  FakeApis fake;
  fake.LoadEuropePmc(testutil::SharedData(kEpmcPages).string());
  json pages = json::parse(testutil::ReadFile(testutil::SharedData(kEpmcPages)));
  int expected = 0;
  for (const json& p : pages) {
    for (const json& r : p["resultList"]["result"]) {
      std::string d = r.value("firstIndexDate", "");
      expected += d >= "2025-06-01" && d <= "2025-06-10";
    }
  }
  REQUIRE(expected > 0);
  json page = EpmcPage(fake, "(cancer) AND (FIRST_IDATE:[2025-06-01 TO 2025-06-10])", "*", 1000);
  CHECK(page["hitCount"] == expected);
  for (const json& r : page["resultList"]["result"]) {
    CHECK(r["firstIndexDate"] >= "2025-06-01");
    CHECK(r["firstIndexDate"] <= "2025-06-10");
  }
  json open = EpmcPage(fake, "cancer AND FIRST_IDATE:[2025-06-01 TO *]", "*", 5);
  CHECK(open["hitCount"] > expected);

  json none = EpmcPage(fake, "nomatch", "*", 25);
  json real = json::parse(testutil::ReadFile(testutil::SharedData(kEpmcEmpty)));
  std::set<std::string> keys, real_keys;
  for (auto& [k, v] : none.items()) keys.insert(k);
  for (auto& [k, v] : real.items()) real_keys.insert(k);
  CHECK(keys == real_keys);
  CHECK(none["hitCount"] == 0);
  CHECK(none["resultList"]["result"].empty());
  CHECK(none["request"]["cursorMark"] == "%2A");
}

json CtgovPage(FakeApis& fake, const std::string& term, const std::string& token) {
  httplib::Params params{
      {"query.term", term}, {"pageSize", "10"}, {"countTotal", "true"}, {"format", "json"}};
  if (!token.empty()) params.emplace("pageToken", token);
  auto res = Get(fake, "/ctgov/api/v2/studies", params);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return json::parse(res->body);
}

TEST_CASE("ClinicalTrials.gov pageToken paging, totalCount and the date RANGE filter") {
  WINNOW_REQUIRE_SHARED_DATA();
  FakeApis fake;
  fake.LoadCtgovStudy(testutil::SharedData(kCtgovStudy).string(), 25);
  REQUIRE(fake.ctgov_size() == 25);
  std::vector<std::string> ids = fake.CtgovIds();
  CHECK(ids[0] == "NCT04267848");
  CHECK(ids[1] == "NCT90000001");
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 25);

  std::vector<std::string> seen;
  std::string token;
  std::vector<size_t> sizes;
  do {
    json page = CtgovPage(fake, "peer support", token);
    CHECK(page.contains("totalCount") == token.empty());
    if (token.empty()) CHECK(page["totalCount"] == 25);
    sizes.push_back(page["studies"].size());
    for (const json& s : page["studies"]) {
      seen.push_back(s["protocolSection"]["identificationModule"]["nctId"]);
    }
    token = page.value("nextPageToken", "");
  } while (!token.empty());
  CHECK(sizes == std::vector<size_t>{10, 10, 5});
  CHECK(seen == ids);

  // The real study was last updated 2023-09-10; clone k is k days older.
  json recent = CtgovPage(fake, "AREA[LastUpdatePostDate]RANGE[2023-09-01,MAX]", "");
  CHECK(recent["totalCount"] == 10);
  json mid = CtgovPage(fake, "cancer AND AREA[LastUpdatePostDate]RANGE[2023-08-20,2023-08-31]", "");
  CHECK(mid["totalCount"] == 12);
  json none = CtgovPage(fake, "nomatch", "");
  CHECK(none["totalCount"] == 0);
  CHECK(none["studies"].empty());
  CHECK(!none.contains("nextPageToken"));
}

// ---- faults

struct FaultCase {
  Kind kind;
  int status;  // 0 = no response expected
  const char* body_has;
};

TEST_CASE("each fault kind is seen by a client, then the next request is normal") {
  FakeApis fake;
  fake.AddPubmedRecord(
      "<PubmedArticle><MedlineCitation><PMID Version=\"1\">123</PMID>"
      "</MedlineCitation></PubmedArticle>",
      "", "2020/01/01");
  const httplib::Params q{{"db", "pubmed"}, {"term", "x"}};
  const std::string normal = Esearch(fake, q);
  const FaultCase cases[] = {
      {Kind::k429RetryAfter, 429, "API rate limit exceeded"},
      {Kind::k429NoRetryAfter, 429, "\"limit\":\"3\""},
      {Kind::k429NcbiJson, 429, "\"api-key\""},
      {Kind::k500, 500, "<h1>500 Internal Server Error</h1>"},
      {Kind::k502, 502, "<h1>502 Bad Gateway</h1>"},
      {Kind::k503, 503, "<h1>503"},
      {Kind::k504, 504, "<h1>504"},
      {Kind::kErrorBody, 200,
       "<eSearchResult><ERROR>Search Backend failed: Database is not supported"},
      {Kind::kTruncated, 200, "<?xml version="},
      {Kind::k400, 400, "Invalid query syntax"},
      {Kind::kReset, 0, ""},
  };
  for (const FaultCase& c : cases) {
    CAPTURE(static_cast<int>(c.kind));
    fake.Inject({c.kind, "esearch", 1, 7, 3});
    auto res = Get(fake, "/entrez/eutils/esearch.fcgi", q);
    if (c.status == 0) {
      CHECK(!res);
    } else {
      REQUIRE(res);
      CHECK(res->status == c.status);
      CHECK(res->body.find(c.body_has) != std::string::npos);
      CHECK(res->has_header("Retry-After") == (c.kind == Kind::k429RetryAfter));
      if (c.kind == Kind::k429RetryAfter) CHECK(res->get_header_value("Retry-After") == "7");
      if (c.kind == Kind::kTruncated) CHECK(res->body.size() == normal.size() / 2);
    }
    CHECK(fake.pending_faults() == 0);
    CHECK(Esearch(fake, q) == normal);
  }
  CHECK(fake.requests().back().status == 200);
  CHECK(fake.requests()[fake.requests().size() - 2].status == 200);  // the reset one: headers sent
}

TEST_CASE("faults apply to matching paths only, `times` times, and JSON APIs get JSON errors") {
  FakeApis fake;
  fake.Inject({Kind::k503, "efetch", 2});
  fake.Inject({Kind::kErrorBody, "/search"});
  fake.Inject({Kind::kErrorBody, "/studies"});
  CHECK(fake.pending_faults() == 4);
  CHECK(Status(fake, "/entrez/eutils/esearch.fcgi", {{"term", "x"}}) == 200);
  CHECK(Status(fake, "/entrez/eutils/efetch.fcgi", {{"id", "1"}}) == 503);
  CHECK(Status(fake, "/entrez/eutils/efetch.fcgi", {{"id", "1"}}) == 503);
  CHECK(Status(fake, "/entrez/eutils/efetch.fcgi", {{"id", "1"}}) == 200);
  auto epmc = Get(fake, "/europepmc/webservices/rest/search", {{"query", "x"}});
  REQUIRE(epmc);
  json e = json::parse(epmc->body);
  CHECK(e.contains("errMsg"));
  CHECK(!e.contains("resultList"));
  auto ctgov = Get(fake, "/ctgov/api/v2/studies", {{"query.term", "x"}});
  REQUIRE(ctgov);
  json c = json::parse(ctgov->body);
  CHECK(c.contains("errCode"));
  CHECK(!c.contains("studies"));
  CHECK(fake.pending_faults() == 0);

  fake.Inject({Kind::k500, "", 1});
  fake.ClearFaults();
  CHECK(Status(fake, "/ctgov/api/v2/studies", {}) == 200);
  CHECK(Status(fake, "/no/such/path", {}) == 404);
}

TEST_CASE("a stall makes a short-timeout client give up without blocking other requests") {
  FakeApis fake;
  fake.Inject({Kind::kStall, "/studies", 2, 1, 1.0});
  auto start = std::chrono::steady_clock::now();
  auto timed_out = Get(fake, "/ctgov/api/v2/studies", {}, 0.2);
  CHECK(!timed_out);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(900));

  int patient_status = 0;
  std::thread slow([&] {
    auto res = Get(fake, "/ctgov/api/v2/studies", {}, 5);
    patient_status = res ? res->status : -1;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto quick_start = std::chrono::steady_clock::now();
  CHECK(Status(fake, "/entrez/eutils/esearch.fcgi", {{"term", "x"}}) == 200);
  CHECK(std::chrono::steady_clock::now() - quick_start < std::chrono::milliseconds(500));
  slow.join();
  CHECK(patient_status == 200);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::seconds(1));
}

TEST_CASE("the request log keeps arrival times, merged params and statuses") {
  FakeApis fake;
  auto before = std::chrono::steady_clock::now();
  httplib::Client cli(fake.base_url());
  auto res = cli.Post("/entrez/eutils/esearch.fcgi?db=pubmed&tool=winnow",
                      "term=peer%20support&api_key=K&email=a%40b.org",
                      "application/x-www-form-urlencoded");
  REQUIRE(res);
  fake.Inject({Kind::k429RetryAfter, "esearch"});
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  Get(fake, "/entrez/eutils/esearch.fcgi", {{"term", "y"}});
  auto after = std::chrono::steady_clock::now();

  std::vector<FakeApis::Request> log = fake.requests();
  REQUIRE(log.size() == 2);
  CHECK(log[0].method == "POST");
  CHECK(log[0].path == "/entrez/eutils/esearch.fcgi");
  CHECK(log[0].params.find("db")->second == "pubmed");
  CHECK(log[0].params.find("term")->second == "peer support");
  CHECK(log[0].params.find("email")->second == "a@b.org");
  CHECK(log[0].status == 200);
  CHECK(log[1].status == 429);
  CHECK(log[0].at >= before);
  CHECK(log[1].at - log[0].at >= std::chrono::milliseconds(20));
  CHECK(log[1].at <= after);
  CHECK(fake.CountRequests("esearch") == 2);
  CHECK(fake.CountRequests("efetch") == 0);
  fake.ClearRequests();
  CHECK(fake.requests().empty());
}

TEST_CASE("efetch delay holds the answer, and the destructor does not wait it out") {
  auto fake = std::make_unique<FakeApis>();
  fake->SetEfetchDelay(0.3);
  auto start = std::chrono::steady_clock::now();
  CHECK(Status(*fake, "/entrez/eutils/efetch.fcgi", {{"id", "1"}}) == 200);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(300));

  fake->SetEfetchDelay(30);
  std::thread stuck([&] { Get(*fake, "/entrez/eutils/efetch.fcgi", {{"id", "1"}}, 0.2); });
  stuck.join();
  CHECK(fake->requests().back().status == 0);  // still sleeping
  start = std::chrono::steady_clock::now();
  fake.reset();
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
}

}  // namespace
