// Reading a JSON response body once, for the Fetcher's check and for the
// connectors that need the document (fetch-internal).
#ifndef WINNOW_FETCH_JSON_BODY_H_
#define WINNOW_FETCH_JSON_BODY_H_

#include <nlohmann/json.hpp>
#include <string>

#include "fetch/http.h"

namespace fetch {

// Parses `body` into *doc. Retry, naming the parser's complaint, when the body
// is empty, truncated or not JSON.
BodyVerdict ParseJsonBody(const std::string& body, nlohmann::json* doc);

}  // namespace fetch

#endif  // WINNOW_FETCH_JSON_BODY_H_
