// ClinicalTrials.gov API v2 /studies, paged with pageToken; countTotal=true
// makes the first page carry totalCount. Each study is one register record.
#include <string>
#include <utility>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "fetch/connector.h"
#include "fetch/connectors_impl.h"
#include "fetch/http.h"

namespace fetch {
namespace {

constexpr int kDefaultPageSize = 1000;  // the API's maximum

std::string EnvelopeProblem(const nlohmann::json& doc) {
  if (doc.is_object() && doc.contains("studies") && doc["studies"].is_array()) return "";
  return "ClinicalTrials.gov response without a studies list";
}

class CtgovConnector : public HttpConnector {
 public:
  explicit CtgovConnector(const ConnectorConfig& config)
      : HttpConnector(config, "ClinicalTrials.gov", "ClinicalTrials.gov API v2 (/studies)") {}

  std::string source() const override { return "ctgov"; }

 private:
  core::Status RunSearch(const std::string& query, const DateWindow& window,
                         const PayloadSink& sink, SearchReport* report) override {
    // A study is new or changed in the window when its last update was
    // posted in it.
    std::string q = query;
    if (!window.empty()) {
      q = "(" + query + ") AND AREA[LastUpdatePostDate]RANGE[" +
          (window.from.empty() ? "MIN" : window.from) + "," +
          (window.until.empty() ? "MAX" : window.until) + "]";
    }
    report->query_sent = q;
    int page_size = PageSize(kDefaultPageSize);
    std::string token;
    int64_t fetched = 0;
    for (int page = 1;; ++page) {
      std::vector<std::pair<std::string, std::string>> params = {
          {"query.term", q}, {"pageSize", std::to_string(page_size)}, {"format", "json"}};
      if (page == 1) params.emplace_back("countTotal", "true");
      if (!token.empty()) params.emplace_back("pageToken", token);
      nlohmann::json doc;
      HttpResponse res;
      WINNOW_RETURN_IF_ERROR(
          FetchJson(config_.base_url + "/studies?" + FormEncode(params), EnvelopeProblem, &doc, &res));
      if (page == 1) {
        report->hits = doc.contains("totalCount") && doc["totalCount"].is_number_integer()
                           ? doc["totalCount"].get<int64_t>()
                           : -1;
      }
      int64_t n = static_cast<int64_t>(doc["studies"].size());
      token = doc.contains("nextPageToken") && doc["nextPageToken"].is_string()
                  ? doc["nextPageToken"].get<std::string>()
                  : std::string();
      if (n > 0) {
        Payload p;
        p.format = "ctgov-json";
        p.label = "ClinicalTrials.gov page " + std::to_string(page);
        p.body = std::move(res.body);
        p.expected_records = n;
        fetched += n;
        WINNOW_RETURN_IF_ERROR(sink(std::move(p)));
      }
      if (token.empty() || n == 0) break;
      if (report->hits >= 0 && page > report->hits / page_size + 10) {
        report->warnings.push_back("ClinicalTrials.gov kept returning page tokens after " +
                                   std::to_string(page) + " pages; stopped");
        break;
      }
    }
    if (report->hits < 0) {
      report->hits = fetched;
    } else {
      CheckShortfall(fetched, report);
    }
    return core::Status::Ok();
  }

};

}  // namespace

std::unique_ptr<Connector> MakeCtgovConnector(const ConnectorConfig& config) {
  return std::make_unique<CtgovConnector>(config);
}

}  // namespace fetch
