// The connector factory and the settings every connector reads from the
// environment.
#include <cstdlib>
#include <utility>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "fetch/connector.h"
#include "fetch/connectors_impl.h"
#include "fetch/json_body.h"

namespace fetch {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

// A positive number from the environment, or `fallback` (with a warning when
// the variable is set but not a positive number).
double PositiveEnv(const char* name, double fallback) {
  std::string v = Env(name);
  if (v.empty()) return fallback;
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0' || !(d > 0)) {
    spdlog::warn("{}={:?} is not a positive number; using {}", name, v, fallback);
    return fallback;
  }
  return d;
}

}  // namespace

const std::vector<std::string>& SearchableSources() {
  static const std::vector<std::string> kSources = {"pubmed", "europepmc", "ctgov"};
  return kSources;
}

std::string SourceKind(const std::string& source) {
  return source == "ctgov" ? "register" : "database";
}

ConnectorConfig ConfigFromEnv(const std::string& source) {
  ConnectorConfig c;
  c.http = HttpOptionsFromEnv();
  c.retry = RetryPolicyFromEnv();
  c.page_size = static_cast<int>(PositiveEnv("WINNOW_PAGE_SIZE", 0));
  if (source == "pubmed") {
    c.base_url = Env("WINNOW_PUBMED_URL");
    if (c.base_url.empty()) c.base_url = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils";
    c.api_key = Env("NCBI_API_KEY");
    c.email = Env("WINNOW_EMAIL");
    // NCBI's published limits: 3 requests a second, 10 with an API key.
    c.rate_per_second = PositiveEnv("WINNOW_NCBI_RATE", c.api_key.empty() ? 3 : 10);
  } else if (source == "europepmc") {
    c.base_url = Env("WINNOW_EUROPEPMC_URL");
    if (c.base_url.empty()) c.base_url = "https://www.ebi.ac.uk/europepmc/webservices/rest";
    c.rate_per_second = PositiveEnv("WINNOW_EUROPEPMC_RATE", 3);
  } else if (source == "ctgov") {
    c.base_url = Env("WINNOW_CTGOV_URL");
    if (c.base_url.empty()) c.base_url = "https://clinicaltrials.gov/api/v2";
    // ClinicalTrials.gov asks for about 50 requests a minute at most.
    c.rate_per_second = PositiveEnv("WINNOW_CTGOV_RATE", 0.8);
  }
  while (!c.base_url.empty() && c.base_url.back() == '/') c.base_url.pop_back();
  return c;
}

core::Status MakeConnector(const std::string& source, const ConnectorConfig& config,
                           std::unique_ptr<Connector>* out) {
  if (source == "pubmed") {
    *out = MakePubmedConnector(config);
  } else if (source == "europepmc") {
    *out = MakeEuropePmcConnector(config);
  } else if (source == "ctgov") {
    *out = MakeCtgovConnector(config);
  } else {
    return core::Status::InvalidInput("unknown search source '" + source +
                                      "' (expected pubmed, europepmc or ctgov)");
  }
  return core::Status::Ok();
}

HttpConnector::HttpConnector(const ConnectorConfig& config, std::string database,
                             std::string platform)
    : config_(config),
      fetcher_(config.http, config.retry),
      database_(std::move(database)),
      platform_(std::move(platform)) {
  fetcher_.limiter().SetLimit(HostOf(config_.base_url), config_.rate_per_second);
}

core::Status HttpConnector::Run(const std::string& query, const DateWindow& window,
                                const PayloadSink& sink, SearchReport* report) {
  report->database = database_;
  report->platform = platform_;
  core::Status st = RunSearch(query, window, sink, report);
  report->requests = static_cast<int64_t>(fetcher_.attempts().size());
  report->retries = 0;
  for (const Attempt& a : fetcher_.attempts()) {
    if (!a.error.empty()) ++report->retries;
  }
  return st;
}

core::Status HttpConnector::FetchJson(
    const std::string& url, const std::function<std::string(const nlohmann::json&)>& problem,
    nlohmann::json* doc, HttpResponse* response) {
  HttpRequest req;
  req.url = url;
  auto check = [&problem, doc](const HttpResponse& r) {
    BodyVerdict v = ParseJsonBody(r.body, doc);
    if (v.kind != BodyVerdict::Kind::kOk) return v;
    std::string why = problem(*doc);
    return why.empty() ? BodyVerdict::Ok() : BodyVerdict::Retry(why);
  };
  return fetcher_.Fetch(req, check, response);
}

void HttpConnector::CheckShortfall(int64_t fetched, SearchReport* report) {
  if (fetched >= report->hits) return;
  report->complete = false;
  report->warnings.push_back(report->database + " reported " + std::to_string(report->hits) +
                             " records but paging returned " + std::to_string(fetched));
}

}  // namespace fetch
