// Europe PMC REST search, resultType=core, paged with cursorMark. The service
// marks the last page by returning the cursor it was sent; a page without
// hitCount or resultList is an error envelope, retried like a 5xx.
#include <string>
#include <utility>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "fetch/connector.h"
#include "fetch/connectors_impl.h"
#include "fetch/http.h"

namespace fetch {
namespace {

constexpr int kDefaultPageSize = 1000;  // the service's maximum

// A page without hitCount or resultList is an error envelope ({"errMsg"}).
std::string EnvelopeProblem(const nlohmann::json& doc) {
  if (doc.is_object() && doc.contains("hitCount") && doc.contains("resultList") &&
      doc["resultList"].is_object()) {
    return "";
  }
  std::string msg = "Europe PMC response without hitCount/resultList";
  if (doc.is_object() && doc.contains("errMsg") && doc["errMsg"].is_string()) {
    msg += ": " + doc["errMsg"].get<std::string>();
  }
  return msg;
}

class EuropePmcConnector : public HttpConnector {
 public:
  explicit EuropePmcConnector(const ConnectorConfig& config)
      : HttpConnector(config, "Europe PMC", "Europe PMC REST API (search, resultType=core)") {}

  std::string source() const override { return "europepmc"; }

 private:
  core::Status RunSearch(const std::string& query, const DateWindow& window,
                         const PayloadSink& sink, SearchReport* report) override {
    // Date limits go into the query itself, on the date Europe PMC first
    // indexed the record.
    std::string q = query;
    if (!window.empty()) {
      q = "(" + query + ") AND (FIRST_IDATE:[" + (window.from.empty() ? "1900-01-01" : window.from) +
          " TO " + (window.until.empty() ? core::TodayUtc() : window.until) + "])";
    }
    report->query_sent = q;
    int page_size = PageSize(kDefaultPageSize);
    std::string cursor = "*";
    int64_t fetched = 0;
    for (int page = 1;; ++page) {
      std::string url = config_.base_url + "/search?" +
                        FormEncode({{"query", q},
                                    {"resultType", "core"},
                                    {"format", "json"},
                                    {"pageSize", std::to_string(page_size)},
                                    {"cursorMark", cursor}});
      nlohmann::json doc;
      HttpResponse res;
      WINNOW_RETURN_IF_ERROR(FetchJson(url, EnvelopeProblem, &doc, &res));
      int64_t hits = doc["hitCount"].is_number_integer() ? doc["hitCount"].get<int64_t>() : 0;
      if (page == 1) report->hits = hits;
      const nlohmann::json& results = doc["resultList"].value("result", nlohmann::json::array());
      int64_t n = results.is_array() ? static_cast<int64_t>(results.size()) : 0;
      std::string next;
      if (doc.contains("nextCursorMark") && doc["nextCursorMark"].is_string()) {
        next = doc["nextCursorMark"].get<std::string>();
      }
      if (n > 0) {
        Payload p;
        p.format = "europepmc-json";
        p.label = "Europe PMC page " + std::to_string(page);
        p.body = std::move(res.body);
        p.expected_records = n;
        fetched += n;
        WINNOW_RETURN_IF_ERROR(sink(std::move(p)));
      }
      // The last page returns the cursor it was sent (or none); an empty page
      // or having all the hits also ends it.
      if (n == 0 || next.empty() || next == cursor || fetched >= report->hits) break;
      if (page > report->hits / page_size + 10) {
        report->warnings.push_back("Europe PMC kept returning new cursors after " +
                                   std::to_string(page) + " pages; stopped");
        break;
      }
      cursor = next;
    }
    CheckShortfall(fetched, report);
    return core::Status::Ok();
  }

};

}  // namespace

std::unique_ptr<Connector> MakeEuropePmcConnector(const ConnectorConfig& config) {
  return std::make_unique<EuropePmcConnector>(config);
}

}  // namespace fetch
