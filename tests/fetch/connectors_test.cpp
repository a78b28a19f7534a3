// The search connectors against the local fake services (tests/fetch/
// fake_apis.h) serving real records: paging, PubMed's date splitting past
// 9,999 hits, what the services say about a query, faults and rate limits.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "fetch/connector.h"
#include "fetch/corpus.h"
#include "fetch/fake_apis.h"
#include "parse/eutils_response.h"
#include "test_util.h"

namespace {

using winnow_test::FakeApis;
using Fault = FakeApis::Fault;

fetch::ConnectorConfig FastConfig(const std::string& base) {
  fetch::ConnectorConfig c;
  c.base_url = base;
  c.rate_per_second = 1000;
  c.retry.base_delay_seconds = 0.01;
  c.retry.max_delay_seconds = 2;
  c.retry.max_attempts = 4;
  c.http.total_timeout_seconds = 20;
  c.eutils_reader = parse::ReadEutilsResponse;
  return c;
}

// What a run handed to its sink.
struct Collected {
  std::vector<fetch::Payload> payloads;
  std::vector<std::string> pmids;  // first PMID of every PubmedArticle, in order
  int64_t results = 0;             // Europe PMC results / CT.gov studies
  std::vector<std::string> ids;    // Europe PMC "id" / CT.gov nctId
};

void Collect(fetch::Payload&& p, Collected* c) {
  if (p.format == "pubmed-xml") {
    const std::string& b = p.body;
    for (size_t at = b.find("<PubmedArticle>"); at != std::string::npos;
         at = b.find("<PubmedArticle>", at + 1)) {
      size_t open = b.find("<PMID", at);
      size_t gt = b.find('>', open);
      size_t close = b.find("</PMID>", gt);
      c->pmids.push_back(b.substr(gt + 1, close - gt - 1));
    }
  } else if (p.format == "europepmc-json") {
    auto j = nlohmann::json::parse(p.body);
    for (const auto& r : j["resultList"]["result"]) {
      ++c->results;
      c->ids.push_back(r["source"].get<std::string>() + ":" + r["id"].get<std::string>());
    }
  } else if (p.format == "ctgov-json") {
    auto j = nlohmann::json::parse(p.body);
    for (const auto& s : j["studies"]) {
      ++c->results;
      c->ids.push_back(s["protocolSection"]["identificationModule"]["nctId"].get<std::string>());
    }
  }
  p.body.clear();
  c->payloads.push_back(std::move(p));
}

core::Status RunConnector(const std::string& source, const fetch::ConnectorConfig& config,
                          const std::string& query, const fetch::DateWindow& window,
                          Collected* out, fetch::SearchReport* report) {
  std::unique_ptr<fetch::Connector> connector;
  core::Status st = fetch::MakeConnector(source, config, &connector);
  if (!st.ok()) return st;
  return connector->Run(
      query, window,
      [out](fetch::Payload&& p) {
        Collect(std::move(p), out);
        return core::Status::Ok();
      },
      report);
}

std::set<std::string> AsSet(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

}  // namespace

TEST_CASE("pubmed: a 25000-hit search is split by Entrez date and fetched exactly once",
          "[fetch][slow]") {
  WINNOW_REQUIRE_CORPUS(corpus, 25000);
  FakeApis fake;
  fake.LoadPubmedCorpus(corpus, "2016/01/01", "2025/12/31");
  REQUIRE(fake.pubmed_size() == 25000);
  fake.SetQueryTranslation("\"peer group\"[MeSH Terms] OR \"peer support\"[All Fields]");

  Collected got;
  fetch::SearchReport report;
  core::Status st = RunConnector("pubmed", FastConfig(fake.pubmed_url()), "peer support", {},
                                 &got, &report);
  REQUIRE(st.ok());
  CHECK(report.hits == 25000);
  CHECK(report.ids == 25000);
  CHECK(report.complete);
  CHECK(report.translation == "\"peer group\"[MeSH Terms] OR \"peer support\"[All Fields]");
  // Every record once: as many PMIDs as hits, no PMID twice, and exactly the
  // corpus.
  CHECK(got.pmids.size() == 25000);
  std::set<std::string> unique = AsSet(got.pmids);
  CHECK(unique.size() == 25000);
  std::vector<std::string> all = fake.PubmedIdsBetween("", "");
  CHECK(unique == AsSet(all));
  // Windows were needed (25,000 > 9,999) and none asked past PubMed's cap.
  int esearches = 0;
  for (const auto& r : fake.requests()) {
    if (r.path.find("esearch") == std::string::npos) continue;
    ++esearches;
    auto rs = r.params.find("retstart");
    if (rs != r.params.end()) CHECK(std::stoll(rs->second) <= 9998);
    CHECK(r.params.count("usehistory") == 1);
    CHECK(r.params.find("tool")->second == "winnow");
  }
  CHECK(esearches >= 4);  // the whole search + at least three windows
  // efetch by POST in batches of 500.
  int efetches = 0;
  for (const auto& r : fake.requests()) {
    if (r.path.find("efetch") == std::string::npos) continue;
    ++efetches;
    CHECK(r.method == "POST");
  }
  CHECK(efetches == 50);
}

TEST_CASE("pubmed: a single day over the cap is reported as a shortfall", "[fetch][slow]") {
  WINNOW_REQUIRE_CORPUS(corpus, 12000);
  FakeApis fake;
  fake.LoadPubmedCorpus(corpus, "2024/03/05", "2024/03/05");
  Collected got;
  fetch::SearchReport report;
  fetch::DateWindow window{"2024-03-01", "2024-03-10"};
  REQUIRE(RunConnector("pubmed", FastConfig(fake.pubmed_url()), "x", window, &got, &report).ok());
  CHECK(report.hits == 12000);
  CHECK(report.ids == 9999);
  CHECK_FALSE(report.complete);
  CHECK(got.pmids.size() == 9999);
  bool said = false;
  for (const std::string& w : report.warnings) {
    if (w.find("2024-03-05 alone has 12000 records") != std::string::npos) said = true;
    if (w.find("2001 missing") != std::string::npos) said = said && true;
  }
  CHECK(said);
}

TEST_CASE("pubmed: date limits and the translation and warnings PubMed gives", "[fetch]") {
  WINNOW_REQUIRE_CORPUS(corpus, 2000);
  FakeApis fake;
  fake.LoadPubmedCorpus(corpus, "2020/01/01", "2025/06/30");
  fake.SetPubmedWarning("fleegle[MeSH Terms]");
  fake.SetQueryTranslation("\"obstetrics\"[MeSH Terms]");
  Collected got;
  fetch::SearchReport report;
  fetch::DateWindow window{"2024-01-01", "2024-12-31"};
  REQUIRE(RunConnector("pubmed", FastConfig(fake.pubmed_url()),
                       "obstetrics[MeSH Terms] OR fleegle[MeSH Terms]", window, &got, &report)
              .ok());
  std::vector<std::string> expected = fake.PubmedIdsBetween("2024/01/01", "2024/12/31");
  REQUIRE(!expected.empty());
  CHECK(report.hits == static_cast<int64_t>(expected.size()));
  CHECK(AsSet(got.pmids) == AsSet(expected));
  CHECK(report.translation == "\"obstetrics\"[MeSH Terms]");
  REQUIRE(!report.warnings.empty());
  CHECK(report.warnings[0] == "PhraseNotFound: fleegle[MeSH Terms]");
  // The limits went to esearch as Entrez dates.
  const auto reqs = fake.requests();
  auto first = std::find_if(reqs.begin(), reqs.end(), [](const FakeApis::Request& r) {
    return r.path.find("esearch") != std::string::npos;
  });
  REQUIRE(first != reqs.end());
  CHECK(first->params.find("datetype")->second == "edat");
  CHECK(first->params.find("mindate")->second == "2024/01/01");
  CHECK(first->params.find("maxdate")->second == "2024/12/31");

  // No hits: no efetch at all.
  Collected none;
  fetch::SearchReport empty;
  fake.ClearRequests();
  REQUIRE(RunConnector("pubmed", FastConfig(fake.pubmed_url()), "nomatch", {}, &none, &empty)
              .ok());
  CHECK(empty.hits == 0);
  CHECK(none.payloads.empty());
  CHECK(fake.CountRequests("efetch") == 0);
}

TEST_CASE("pubmed: every fault the services produce is retried and nothing is lost", "[fetch]") {
  WINNOW_REQUIRE_CORPUS(corpus, 2000);
  FakeApis fake;
  fake.LoadPubmedCorpus(corpus, "2020/01/01", "2025/06/30");
  fake.Inject({Fault::Kind::k429RetryAfter, "esearch", 1, 1});
  fake.Inject({Fault::Kind::kErrorBody, "esearch", 1});
  fake.Inject({Fault::Kind::k503, "efetch", 1});
  fake.Inject({Fault::Kind::kTruncated, "efetch", 1});
  fake.Inject({Fault::Kind::kReset, "efetch", 1});
  fake.Inject({Fault::Kind::k429NcbiJson, "efetch", 1});
  fake.Inject({Fault::Kind::k502, "efetch", 1});
  fake.Inject({Fault::Kind::kStall, "efetch", 1, 1, 3.0});
  fetch::ConnectorConfig config = FastConfig(fake.pubmed_url());
  config.http.total_timeout_seconds = 1;
  config.retry.max_attempts = 8;
  config.page_size = 400;
  Collected got;
  fetch::SearchReport report;
  auto t0 = std::chrono::steady_clock::now();
  core::Status st = RunConnector("pubmed", config, "x", {}, &got, &report);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE(st.ok());
  CHECK(fake.pending_faults() == 0);
  CHECK(report.complete);
  CHECK(got.pmids.size() == 2000);
  CHECK(AsSet(got.pmids).size() == 2000);
  CHECK(report.retries >= 8);
  CHECK(seconds >= 1.0);  // Retry-After: 1 was honoured (and the stall timed out)
}

TEST_CASE("pubmed: a service that keeps failing gives a remote error naming it", "[fetch]") {
  WINNOW_REQUIRE_CORPUS(corpus, 2000);
  FakeApis fake;
  fake.LoadPubmedCorpus(corpus, "2020/01/01", "2025/06/30");
  fake.Inject({Fault::Kind::k500, "efetch", 100});
  fetch::ConnectorConfig config = FastConfig(fake.pubmed_url());
  config.retry.max_attempts = 3;
  config.api_key = "SECRETKEY";
  Collected got;
  fetch::SearchReport report;
  core::Status st = RunConnector("pubmed", config, "x", {}, &got, &report);
  REQUIRE(st.code() == core::Status::Code::kRemote);
  CHECK(st.message().find("efetch") != std::string::npos);
  CHECK(st.message().find("500") != std::string::npos);
  CHECK(st.message().find("SECRETKEY") == std::string::npos);
  CHECK(fake.CountRequests("efetch") == 3);
  CHECK(report.hits == 2000);
}

TEST_CASE("pubmed: requests keep to NCBI's rate limit", "[fetch][slow]") {
  WINNOW_REQUIRE_CORPUS(corpus, 2000);
  FakeApis fake;
  fake.LoadPubmedCorpus(corpus, "2020/01/01", "2025/06/30");
  fetch::ConnectorConfig config = FastConfig(fake.pubmed_url());
  config.rate_per_second = 3;  // NCBI without an API key
  config.page_size = 200;      // 1 esearch + 10 efetch
  // Two searches one after the other (as `update` runs them) share the
  // budget: the second does not start with a free request.
  for (int run = 0; run < 2; ++run) {
    Collected got;
    fetch::SearchReport report;
    REQUIRE(RunConnector("pubmed", config, "x", {}, &got, &report).ok());
  }
  auto reqs = fake.requests();
  REQUIRE(reqs.size() == 22);
  // No second holds more than three requests: the client sends them at
  // least 1/3 s apart; arrival times at the server can come a little closer
  // when one request is held up in transit on a loaded machine, hence 0.9.
  for (size_t i = 0; i + 3 < reqs.size(); ++i) {
    double gap = std::chrono::duration<double>(reqs[i + 3].at - reqs[i].at).count();
    CHECK(gap >= 0.9);
  }
  double total = std::chrono::duration<double>(reqs.back().at - reqs.front().at).count();
  CHECK(total >= 21 / 3.0 - 0.05);
}

TEST_CASE("europepmc: cursor paging visits every result once and stops on a repeated cursor",
          "[fetch]") {
  WINNOW_REQUIRE_SHARED_DATA();
  FakeApis fake;
  fake.LoadEuropePmc(testutil::SharedData("api_responses/europepmc/epmc_fetch_10pages_cancer.json"));
  size_t n = fake.europepmc_size();
  REQUIRE(n > 100);
  fetch::ConnectorConfig config = FastConfig(fake.europepmc_url());
  config.page_size = 30;
  Collected got;
  fetch::SearchReport report;
  REQUIRE(RunConnector("europepmc", config, "cancer", {}, &got, &report).ok());
  CHECK(report.hits == static_cast<int64_t>(n));
  CHECK(got.results == static_cast<int64_t>(n));
  CHECK(report.complete);
  CHECK(got.payloads.size() == (n + 29) / 30);
  int searches = fake.CountRequests("/search");
  CHECK(searches == static_cast<int>((n + 29) / 30));
  for (const auto& r : fake.requests()) {
    CHECK(r.params.find("resultType")->second == "core");
  }

  // No hits.
  Collected none;
  fetch::SearchReport empty;
  REQUIRE(RunConnector("europepmc", config, "nomatch", {}, &none, &empty).ok());
  CHECK(empty.hits == 0);
  CHECK(none.payloads.empty());
}

TEST_CASE("europepmc: the date window uses the first index date and error envelopes are retried", "[fetch]") {
  WINNOW_REQUIRE_SHARED_DATA();
  FakeApis fake;
  std::string file =
      testutil::SharedData("api_responses/europepmc/epmc_fetch_10pages_cancer.json").string();
  fake.LoadEuropePmc(file);
  // The expected results, from the file itself.
  auto pages = nlohmann::json::parse(testutil::ReadFile(file));
  std::set<std::string> in_window;
  std::string lo = "9999", hi = "0000";
  for (const auto& page : pages) {
    for (const auto& r : page["resultList"]["result"]) {
      std::string d = r.value("firstIndexDate", "");
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
  }
  REQUIRE(lo < hi);
  // A window holding some of them.
  std::string from = hi.substr(0, 8) + "01";
  for (const auto& page : pages) {
    for (const auto& r : page["resultList"]["result"]) {
      std::string d = r.value("firstIndexDate", "");
      if (d >= from && d <= hi) {
        in_window.insert(r["source"].get<std::string>() + ":" + r["id"].get<std::string>());
      }
    }
  }
  REQUIRE(!in_window.empty());
  fake.Inject({Fault::Kind::kErrorBody, "/search", 1});
  fake.Inject({Fault::Kind::kTruncated, "/search", 1});
  Collected got;
  fetch::SearchReport report;
  REQUIRE(RunConnector("europepmc", FastConfig(fake.europepmc_url()), "cancer",
                       {from, hi.substr(0, 10)}, &got, &report)
              .ok());
  CHECK(report.query_sent == "(cancer) AND (FIRST_IDATE:[" + from + " TO " + hi.substr(0, 10) +
                                 "])");
  CHECK(AsSet(got.ids) == in_window);
  CHECK(report.retries == 2);
}

TEST_CASE("ctgov: pageToken paging with totalCount and the last-update window", "[fetch]") {
  WINNOW_REQUIRE_SHARED_DATA();
  FakeApis fake;
  fake.LoadCtgovStudy(
      testutil::SharedData("api_responses/clinicaltrials_gov/ctgov_v2_NCT04267848.json"), 25);
  REQUIRE(fake.ctgov_size() == 25);
  fetch::ConnectorConfig config = FastConfig(fake.ctgov_url());
  config.page_size = 10;
  Collected got;
  fetch::SearchReport report;
  fake.Inject({Fault::Kind::k503, "/studies", 1});
  REQUIRE(RunConnector("ctgov", config, "covid-19", {}, &got, &report).ok());
  CHECK(report.hits == 25);
  CHECK(got.results == 25);
  CHECK(got.payloads.size() == 3);
  CHECK(AsSet(got.ids) == AsSet(fake.CtgovIds()));
  CHECK(report.database == "ClinicalTrials.gov");

  // Only studies updated in a window.
  Collected recent;
  fetch::SearchReport r2;
  std::string real_date;
  {
    auto study = nlohmann::json::parse(testutil::ReadFile(
        testutil::SharedData("api_responses/clinicaltrials_gov/ctgov_v2_NCT04267848.json")));
    real_date = study["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"];
  }
  REQUIRE(RunConnector("ctgov", config, "covid-19", {real_date, ""}, &recent, &r2).ok());
  CHECK(r2.query_sent == "(covid-19) AND AREA[LastUpdatePostDate]RANGE[" + real_date + ",MAX]");
  CHECK(got.results > recent.results);
  CHECK(recent.results >= 1);
}
