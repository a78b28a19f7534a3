// fetch::Connector — runs one search against one bibliographic API and hands
// the raw response bodies that hold records (efetch XML, Europe PMC JSON
// pages, ClinicalTrials.gov JSON pages) to a sink, in order. Connectors do not
// parse records into core::Record: parse/ does that, as for imported files.
// What the service said about the search (hits, query translation, warnings,
// shortfalls) comes back in a SearchReport for the search log.
#ifndef WINNOW_FETCH_CONNECTOR_H_
#define WINNOW_FETCH_CONNECTOR_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/eutils.h"
#include "core/status.h"
#include "fetch/http.h"

namespace fetch {

// Inclusive date limits, "YYYY-MM-DD"; empty = open. PubMed limits by Entrez
// date (when PubMed first listed a record), Europe PMC by first index date,
// ClinicalTrials.gov by last update posted.
struct DateWindow {
  std::string from;
  std::string until;
  bool empty() const { return from.empty() && until.empty(); }
};

struct Payload {
  std::string format;  // a parse format name: pubmed-xml, europepmc-json, ctgov-json
  std::string label;   // "efetch batch 3", "page 2": names it in errors
  std::string body;
  int64_t expected_records = -1;  // when the connector knows (ids asked for)
};
using PayloadSink = std::function<core::Status(Payload&& payload)>;

struct SearchReport {
  std::string database;     // "PubMed", "Europe PMC", "ClinicalTrials.gov"
  std::string platform;     // "NCBI E-utilities", ...
  std::string query_sent;   // the exact query text the service was sent
  std::string translation;  // how the service read it, when it says
  std::vector<std::string> warnings;  // from the service, and our own checks
  int64_t hits = -1;        // what the service reported for the whole window
  int64_t ids = -1;         // PubMed: distinct PMIDs gathered (== hits when complete)
  bool complete = true;     // false when fewer records could be fetched than reported
  int64_t requests = 0;     // HTTP attempts made, retries included
  int64_t retries = 0;
};

// Settings every connector reads from the environment: base URL
// (WINNOW_PUBMED_URL, WINNOW_EUROPEPMC_URL, WINNOW_CTGOV_URL), NCBI_API_KEY,
// WINNOW_EMAIL, rate limits (WINNOW_NCBI_RATE, WINNOW_EUROPEPMC_RATE,
// WINNOW_CTGOV_RATE, requests per second), page and batch sizes
// (WINNOW_PAGE_SIZE), timeouts and retries (see http.h).
struct ConnectorConfig {
  std::string base_url;
  double rate_per_second = 0;
  std::string api_key;   // NCBI only
  std::string email;     // NCBI only
  int page_size = 0;     // records per page / efetch batch; 0 = the connector's default
  HttpOptions http;
  RetryPolicy retry;
  // Reads E-utilities XML (PubMed only): parse::ReadEutilsResponse, set by
  // app/ since pugixml lives in parse/.
  core::EutilsReader eutils_reader = nullptr;
};

class Connector {
 public:
  virtual ~Connector() = default;
  // "pubmed", "europepmc", "ctgov": the source name records are stored under.
  virtual std::string source() const = 0;
  // Runs `query` limited to `window`, handing every record-bearing body to
  // `sink` (a sink error stops the run and is returned). Remote after the
  // transport gave up (exit 3), InvalidInput when the service rejected the
  // query. *report is filled as far as the run got, also on error.
  virtual core::Status Run(const std::string& query, const DateWindow& window,
                           const PayloadSink& sink, SearchReport* report) = 0;
};

// The sources winnow can search: pubmed, europepmc, ctgov.
const std::vector<std::string>& SearchableSources();
// "register" for ctgov, "database" otherwise (PRISMA counts them apart).
std::string SourceKind(const std::string& source);

// The configuration of `source` from the environment (see ConnectorConfig).
ConnectorConfig ConfigFromEnv(const std::string& source);

// A connector for `source`; InvalidInput for an unknown source.
core::Status MakeConnector(const std::string& source, const ConnectorConfig& config,
                           std::unique_ptr<Connector>* out);

// The PubMed connector's own steps, public for tests.
namespace pubmed {
// PubMed's limit of ids one esearch returns.
inline constexpr int64_t kMaxIds = 9999;
// Splits [from, until] into two halves by days; false when it is one day.
bool SplitWindow(const std::string& from, const std::string& until, std::string* first_until,
                 std::string* second_from);
// One esearch of `query` (POST, retries and rate limit as every call): Count,
// QueryTranslation, errors and up to `retmax` PMIDs. For search validation.
core::Status Search(const ConnectorConfig& config, const std::string& query, int64_t retmax,
                    core::EutilsResponse* out);
}  // namespace pubmed

}  // namespace fetch

#endif  // WINNOW_FETCH_CONNECTOR_H_
