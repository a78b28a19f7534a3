// fetch::HttpClient, fetch::RateLimiter, fetch::Fetcher — the transport every
// connector uses. HttpClient is the only code that includes curl: one handle
// per client, so connections are reused; gzip/deflate accepted; connect and
// total timeouts; a User-Agent naming winnow and its version; proxies from the
// usual environment variables (http_proxy, https_proxy, no_proxy, as curl
// reads them). RateLimiter spaces requests per host with a token bucket.
// Fetcher = client + limiter + retries with exponential backoff and jitter on
// network errors, 429 (honouring Retry-After), 500/502/503/504 and on bodies
// that a caller-supplied check calls retryable (NCBI's error envelopes that
// arrive with status 200, truncated XML/JSON). None of these classes is
// thread-safe; one per thread.
#ifndef WINNOW_FETCH_HTTP_H_
#define WINNOW_FETCH_HTTP_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/eutils.h"
#include "core/status.h"

namespace fetch {

struct HttpRequest {
  std::string method = "GET";  // GET or POST
  std::string url;             // full URL, query string already encoded
  std::string body;            // POST body
  std::string content_type = "application/x-www-form-urlencoded";
};

struct HttpResponse {
  long status = 0;                             // HTTP status; 0 when no status line arrived
  std::map<std::string, std::string> headers;  // names lower-cased; last value wins
  std::string body;                            // decoded (gzip undone)
  double seconds = 0;                          // time the request took
};

struct HttpOptions {
  double connect_timeout_seconds = 15;
  double total_timeout_seconds = 300;  // a whole request, body included
  std::string user_agent;              // "" = "winnow/<version> (+...)"
};

// Reads timeouts from WINNOW_CONNECT_TIMEOUT and WINNOW_HTTP_TIMEOUT (seconds,
// fractions allowed) over the defaults; invalid values are ignored with a
// warning.
HttpOptions HttpOptionsFromEnv();

// "%20"-style encoding of a query-string value (RFC 3986 unreserved kept).
std::string UrlEncode(const std::string& value);
// "k1=v1&k2=v2" with both sides encoded, in the given order.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& params);
// The host[:port] of a URL ("eutils.ncbi.nlm.nih.gov", "127.0.0.1:8080"),
// lower-cased.
std::string HostOf(const std::string& url);
// `url` with the value of every api_key parameter replaced by "***", for
// messages and logs ("...&api_key=***&...").
std::string MaskApiKey(const std::string& url);

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // One attempt, following up to 5 redirects. Ok with any HTTP status in
  // *response (the caller judges the status); Remote "GET <url>: <curl's
  // reason>" (api_key masked) when no complete response arrived (connection
  // refused/reset, timeout, bad gzip). Internal for a method other than
  // GET/POST.
  core::Status Send(const HttpRequest& request, HttpResponse* response);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Token bucket per host (the key is HostOf(url)): `per_second` tokens a
// second, at most `burst` (>= 1) saved up; a bucket starts full, so the first
// request goes at once, and with burst 1 requests are at least 1/per_second
// apart. Acquire() blocks until a token is there. A host without a limit set,
// or with per_second <= 0, is not limited. Steady clock.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // The process-wide limiter every Fetcher uses, so that searches run one
  // after another (or on several threads) share each host's budget.
  static RateLimiter& Shared();

  // Thread-safe: a caller reserves its slot under a lock and sleeps outside it.
  void SetLimit(const std::string& host, double per_second, double burst = 1);
  // Blocks until `host` may be sent a request; returns the seconds waited.
  double Acquire(const std::string& host);

 private:
  struct Bucket {
    double per_second = 0;
    double burst = 1;
    double tokens = 1;  // below zero: slots already promised to waiting callers
    Clock::time_point last;
    bool started = false;
  };
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

struct RetryPolicy {
  int max_attempts = 6;           // attempts in all, the first included
  double base_delay_seconds = 1;  // delay before retry n: base * 2^(n-1), plus jitter
  double max_delay_seconds = 60;  // cap of one delay (Retry-After included)
  double jitter = 0.5;            // delay *= 1 + uniform[0, jitter)
};

// Reads WINNOW_RETRIES (attempts in all, 1 to 100) and WINNOW_RETRY_BASE_MS
// over the defaults, so tests and impatient users can shorten the waits;
// invalid values are ignored with a warning.
RetryPolicy RetryPolicyFromEnv();

// What a body check says about a response with a 2xx status.
struct BodyVerdict {
  enum class Kind { kOk, kRetry, kFail } kind = Kind::kOk;
  std::string why;  // for kRetry/kFail: what is wrong with the body
  static BodyVerdict Ok() { return {}; }
  static BodyVerdict Retry(std::string why) { return {Kind::kRetry, std::move(why)}; }
  static BodyVerdict Fail(std::string why) { return {Kind::kFail, std::move(why)}; }
};
using BodyCheck = std::function<BodyVerdict(const HttpResponse&)>;

// One line per attempt, for the log and for tests.
struct Attempt {
  std::string url;    // api_key masked
  long status = 0;    // 0 when no status line arrived
  std::string error;  // "" when the attempt succeeded, else why it failed
  double waited = 0;  // seconds slept before this attempt (backoff + rate limit)
};

class Fetcher {
 public:
  Fetcher(HttpOptions http, RetryPolicy retry);

  RateLimiter& limiter() { return *limiter_; }
  const RetryPolicy& retry() const { return retry_; }

  // Sends `request` (waiting for the host's rate limit before each attempt)
  // until a 2xx response passes `check` (null = any body passes). Retries
  // network errors, 429 and 500/502/503/504 (sleeping Retry-After — seconds
  // or an HTTP-date — when given, capped at max_delay), a 429-style JSON body
  // ({"error":"API rate limit exceeded"}) whatever its status, and check's
  // kRetry; each retry is logged as a warning. check's kFail: Remote quoting
  // its reason. Other statuses: InvalidInput for 400 (the service rejected
  // the query; the message quotes the body's first line), Remote otherwise,
  // without retrying. After the last attempt: Remote "GET <url>: gave up
  // after N attempts: <last reason>" (api_key masked). *response holds the
  // last response either way.
  core::Status Fetch(const HttpRequest& request, const BodyCheck& check, HttpResponse* response);

  // Every attempt made so far.
  const std::vector<Attempt>& attempts() const { return attempts_; }

 private:
  HttpClient client_;
  RetryPolicy retry_;
  RateLimiter* limiter_ = &RateLimiter::Shared();
  std::vector<Attempt> attempts_;
};

// Checks shared by the connectors: a body that must be complete XML / JSON.
// Retry when it is empty or truncated (does not parse; the reason names the
// parser's complaint and where), and for XML when the root is or holds an
// <ERROR> element (NCBI relays backend failures this way: "NCBI error:
// <text>"). An eSearchResult's <ErrorList> (e.g. <PhraseNotFound>) is a
// normal answer, not an error. XML is read by `reader` (parse::
// ReadEutilsResponse, handed over by app/: pugixml stays in parse/), which
// also fills *facts when given.
BodyVerdict CheckXmlBody(const HttpResponse& response, core::EutilsReader reader,
                         core::EutilsResponse* facts = nullptr);
BodyVerdict CheckJsonBody(const HttpResponse& response);

}  // namespace fetch

#endif  // WINNOW_FETCH_HTTP_H_
