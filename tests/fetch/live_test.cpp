// Searches against the real services, for manual runs only (they need the
// internet, which no CI run has): build/release/tests/live_tests. Not
// registered with ctest. Each search is small and date-limited, so a run
// makes a few dozen requests at the services' polite rates.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "fetch/connector.h"
#include "parse/eutils_response.h"
#include "parse/formats.h"
#include "test_util.h"

namespace {

struct LiveRun {
  fetch::SearchReport report;
  core::Status status;
  int64_t records = 0;
  std::set<std::string> ids;
};

// Runs a real search and reads every payload with the real readers.
LiveRun Search(const std::string& source, const std::string& query, fetch::DateWindow window) {
  LiveRun run;
  fetch::ConnectorConfig config = fetch::ConfigFromEnv(source);
  config.eutils_reader = parse::ReadEutilsResponse;
  std::unique_ptr<fetch::Connector> connector;
  run.status = fetch::MakeConnector(source, config, &connector);
  if (!run.status.ok()) return run;
  testutil::TempDir dir;
  int n = 0;
  run.status = connector->Run(
      query, window,
      [&](fetch::Payload&& p) {
        auto path = dir / ("payload" + std::to_string(++n));
        testutil::WriteFile(path, p.body);
        std::unique_ptr<parse::RecordReader> reader;
        core::Status st = parse::OpenReader(p.format, path.string(), p.label, {}, &reader);
        if (!st.ok()) return st;
        core::Record rec;
        while (reader->Next(&rec)) {
          ++run.records;
          run.ids.insert(rec.source_id);
        }
        return reader->status();
      },
      &run.report);
  return run;
}

}  // namespace

TEST_CASE("live: PubMed search with date limits gives its translation and every record", "[.][live]") {
  LiveRun r = Search("pubmed", "peer support[tiab] AND mental health[tiab]",
                     {"2024-01-01", "2024-01-31"});
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  CHECK(r.report.hits > 0);
  CHECK_FALSE(r.report.translation.empty());
  CHECK(r.records == r.report.hits);
  CHECK(static_cast<int64_t>(r.ids.size()) == r.report.hits);
}

TEST_CASE("live: PubMed reports a phrase it does not know", "[.][live]") {
  LiveRun r = Search("pubmed", "fleeglewomp[MeSH Terms] OR peer support[ti]",
                     {"2024-01-01", "2024-01-07"});
  REQUIRE(r.status.ok());
  CHECK_FALSE(r.report.warnings.empty());
}

TEST_CASE("live: Europe PMC cursor paging", "[.][live]") {
  LiveRun r = Search("europepmc", "\"peer support\" AND \"mental health\"",
                     {"2024-01-01", "2024-01-31"});
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  CHECK(r.report.hits > 0);
  CHECK(r.records == r.report.hits);
}

TEST_CASE("live: ClinicalTrials.gov paging and the last-update window", "[.][live]") {
  LiveRun r = Search("ctgov", "peer support", {"2024-01-01", "2024-03-31"});
  INFO(r.status.message());
  REQUIRE(r.status.ok());
  CHECK(r.report.hits > 0);
  CHECK(r.records == r.report.hits);
}
