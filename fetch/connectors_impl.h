// What the connectors share inside fetch/ (not part of the module's API).
#ifndef WINNOW_FETCH_CONNECTORS_IMPL_H_
#define WINNOW_FETCH_CONNECTORS_IMPL_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "fetch/connector.h"
#include "fetch/http.h"

namespace fetch {

std::unique_ptr<Connector> MakePubmedConnector(const ConnectorConfig& config);
std::unique_ptr<Connector> MakeEuropePmcConnector(const ConnectorConfig& config);
std::unique_ptr<Connector> MakeCtgovConnector(const ConnectorConfig& config);

// What every connector shares: its configuration, a Fetcher held to the
// service's rate limit, and Run() naming the database and platform in the
// report and counting the requests around the connector's own search.
class HttpConnector : public Connector {
 public:
  core::Status Run(const std::string& query, const DateWindow& window, const PayloadSink& sink,
                   SearchReport* report) final;

 protected:
  HttpConnector(const ConnectorConfig& config, std::string database, std::string platform);
  virtual core::Status RunSearch(const std::string& query, const DateWindow& window,
                                 const PayloadSink& sink, SearchReport* report) = 0;
  // The configured page (or batch) size, else the service's own default.
  int PageSize(int fallback) const { return config_.page_size > 0 ? config_.page_size : fallback; }
  // GETs `url` until its body is complete JSON (parsed once, into *doc)
  // whose envelope `problem` accepts: it returns "" for a good page, else
  // why not, and such a page is retried like a 5xx.
  core::Status FetchJson(const std::string& url,
                         const std::function<std::string(const nlohmann::json&)>& problem,
                         nlohmann::json* doc, HttpResponse* response);
  // Notes a shortfall between what the service reported and what paging gave.
  static void CheckShortfall(int64_t fetched, SearchReport* report);

  ConnectorConfig config_;
  Fetcher fetcher_;

 private:
  std::string database_;
  std::string platform_;
};


}  // namespace fetch

#endif  // WINNOW_FETCH_CONNECTORS_IMPL_H_
