// What the connectors share inside fetch/ (not part of the module's API).
#ifndef WINNOW_FETCH_CONNECTORS_IMPL_H_
#define WINNOW_FETCH_CONNECTORS_IMPL_H_

#include <chrono>
#include <memory>
#include <string>

#include "fetch/connector.h"
#include "fetch/http.h"

namespace fetch {

std::unique_ptr<Connector> MakePubmedConnector(const ConnectorConfig& config);
std::unique_ptr<Connector> MakeEuropePmcConnector(const ConnectorConfig& config);
std::unique_ptr<Connector> MakeCtgovConnector(const ConnectorConfig& config);

// Fills report->requests and report->retries from the fetcher's attempts.
void CountAttempts(const Fetcher& fetcher, SearchReport* report);

// Calendar days: "YYYY-MM-DD" (or "YYYY/MM/DD") <-> sys_days; today in UTC.
bool ParseDay(const std::string& text, std::chrono::sys_days* day);
std::string FormatDay(std::chrono::sys_days day, char sep = '-');
std::string Today();

}  // namespace fetch

#endif  // WINNOW_FETCH_CONNECTORS_IMPL_H_
