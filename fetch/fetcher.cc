// Fetcher: HttpClient + RateLimiter + retries, the settings read from the
// environment, and the XML/JSON body checks the connectors share.
#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "fetch/http.h"
#include "fetch/json_body.h"

namespace fetch {
namespace {

constexpr size_t kQuoteLimit = 200;  // bytes of a body or error quoted in a message

// A non-negative finite number from the environment; unset, empty and invalid
// values (the latter with a warning) give nullopt.
std::optional<double> EnvNumber(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return std::nullopt;
  double value = 0;
  const char* end = text + std::strlen(text);
  auto [ptr, ec] = std::from_chars(text, end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value) || value < 0) {
    spdlog::warn("ignoring {}='{}': not a non-negative number", name, text);
    return std::nullopt;
  }
  return value;
}

// The first non-blank line of `text`, trimmed and cut to kQuoteLimit bytes
// (on a UTF-8 character boundary).
std::string FirstLine(const std::string& text) {
  size_t b = text.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = text.find_first_of("\r\n", b);
  std::string line = text.substr(b, e == std::string::npos ? e : e - b);
  line.erase(line.find_last_not_of(" \t") + 1);
  if (line.size() <= kQuoteLimit) return line;
  size_t cut = kQuoteLimit;
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
  return line.substr(0, cut) + "...";
}

// Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date;
// nullopt when absent or unreadable.
std::optional<double> RetryAfter(const HttpResponse& response) {
  auto it = response.headers.find("retry-after");
  if (it == response.headers.end() || it->second.empty()) return std::nullopt;
  const std::string& v = it->second;
  double seconds = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
  if (ec == std::errc() && ptr == v.data() + v.size() && std::isfinite(seconds)) {
    return std::max(0.0, seconds);
  }
  std::tm tm{};
  const char* end = strptime(v.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  double delta = std::difftime(timegm(&tm), std::time(nullptr));
  return std::max(0.0, delta);
}

// NCBI's over-the-limit reply, {"error":"API rate limit exceeded",...}: small
// JSON with that error, whatever the HTTP status.
bool IsRateLimitBody(const std::string& body) {
  if (body.size() > 4096 || body.find("rate limit") == std::string::npos) return false;
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return false;
  auto it = json.find("error");
  return it != json.end() && it->is_string() &&
         it->get<std::string>().find("rate limit") != std::string::npos;
}

// "2.1 s", or "40 ms" below a second.
std::string FormatDelay(double seconds) {
  return seconds < 1 ? fmt::format("{:.0f} ms", seconds * 1000) : fmt::format("{:.1f} s", seconds);
}

bool IsRetryableStatus(long status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

double Uniform(double lo, double hi) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(lo, hi)(rng);
}

// The sleep before retry n (1 = the first retry): the server's Retry-After
// when it gave one, else base * 2^(n-1) with jitter; capped either way.
double Backoff(const RetryPolicy& policy, int n, std::optional<double> retry_after) {
  if (retry_after) return std::min(*retry_after, policy.max_delay_seconds);
  double delay = policy.base_delay_seconds * std::pow(2.0, n - 1) *
                 (1 + (policy.jitter > 0 ? Uniform(0, policy.jitter) : 0));
  return std::min(delay, policy.max_delay_seconds);
}

// How one attempt ended.
struct Judgement {
  enum class Kind { kDone, kRetry, kStop } kind = Kind::kDone;
  core::Status status;                // for kStop
  std::string reason;                 // for kRetry and kStop: what went wrong
  std::optional<double> retry_after;  // for kRetry: the server's wish
};

Judgement Retry(std::string reason, std::optional<double> after = std::nullopt) {
  return {Judgement::Kind::kRetry, core::Status::Ok(), std::move(reason), after};
}

Judgement Stop(core::Status status, std::string reason) {
  return {Judgement::Kind::kStop, std::move(status), std::move(reason), std::nullopt};
}

Judgement Judge(const core::Status& sent, const HttpResponse& response, const BodyCheck& check,
                const std::string& what) {
  if (!sent.ok()) {
    std::string reason = sent.message();
    if (reason.rfind(what + ": ", 0) == 0) reason.erase(0, what.size() + 2);
    return Retry(reason);
  }
  const long status = response.status;
  const std::string http = "HTTP " + std::to_string(status);
  if (IsRateLimitBody(response.body)) {
    return Retry(http + ": API rate limit exceeded", RetryAfter(response));
  }
  if (IsRetryableStatus(status)) return Retry(http, RetryAfter(response));
  if (status >= 200 && status < 300) {
    BodyVerdict verdict = check ? check(response) : BodyVerdict::Ok();
    if (verdict.kind == BodyVerdict::Kind::kOk) return {};
    if (verdict.kind == BodyVerdict::Kind::kRetry) return Retry(verdict.why);
    return Stop(core::Status::Remote(what + ": " + verdict.why), verdict.why);
  }
  std::string line = FirstLine(response.body);
  std::string reason = line.empty() ? http : http + ": " + line;
  if (status == 400) return Stop(core::Status::InvalidInput(what + ": " + reason), reason);
  return Stop(core::Status::Remote(what + ": " + reason), reason);
}

}  // namespace

namespace {

// A timeout from the environment: a number of seconds above zero.
void ReadTimeout(const char* name, double* seconds) {
  std::optional<double> v = EnvNumber(name);
  if (!v) return;
  if (*v > 0) {
    *seconds = *v;
  } else {
    spdlog::warn("ignoring {}={}: a timeout must be above 0 seconds", name, *v);
  }
}

}  // namespace

HttpOptions HttpOptionsFromEnv() {
  HttpOptions options;
  ReadTimeout("WINNOW_CONNECT_TIMEOUT", &options.connect_timeout_seconds);
  ReadTimeout("WINNOW_HTTP_TIMEOUT", &options.total_timeout_seconds);
  return options;
}

RetryPolicy RetryPolicyFromEnv() {
  RetryPolicy policy;
  if (auto v = EnvNumber("WINNOW_RETRIES")) {
    if (*v >= 1 && *v == std::floor(*v) && *v <= 100) {
      policy.max_attempts = static_cast<int>(*v);
    } else {
      spdlog::warn("ignoring WINNOW_RETRIES={}: not a whole number from 1 to 100", *v);
    }
  }
  if (auto v = EnvNumber("WINNOW_RETRY_BASE_MS")) policy.base_delay_seconds = *v / 1000;
  return policy;
}

Fetcher::Fetcher(HttpOptions http, RetryPolicy retry)
    : client_(std::move(http)), retry_(std::move(retry)) {}

core::Status Fetcher::Fetch(const HttpRequest& request, const BodyCheck& check,
                            HttpResponse* response) {
  const std::string url = MaskApiKey(request.url);
  const std::string what = request.method + " " + url;
  const std::string host = HostOf(request.url);
  const int max_attempts = std::max(1, retry_.max_attempts);
  double backoff = 0;
  std::string last_reason;
  for (int n = 1; n <= max_attempts; ++n) {
    Attempt attempt{url, 0, "", backoff + limiter_->Acquire(host)};
    core::Status sent = client_.Send(request, response);
    Judgement judgement = Judge(sent, *response, check, what);
    attempt.status = response->status;
    attempt.error = judgement.reason;
    attempts_.push_back(attempt);
    if (judgement.kind == Judgement::Kind::kDone) return core::Status::Ok();
    if (judgement.kind == Judgement::Kind::kStop) return judgement.status;
    last_reason = judgement.reason;
    if (n == max_attempts) break;
    backoff = Backoff(retry_, n, judgement.retry_after);
    spdlog::warn("{}: {}, retrying in {} (attempt {} of {})", host, last_reason,
                 FormatDelay(backoff), n + 1, max_attempts);
    std::this_thread::sleep_for(std::chrono::duration<double>(backoff));
  }
  return core::Status::Remote(what + ": gave up after " + std::to_string(max_attempts) +
                              (max_attempts == 1 ? " attempt: " : " attempts: ") + last_reason);
}

BodyVerdict CheckXmlBody(const HttpResponse& response, core::EutilsReader reader,
                         core::EutilsResponse* facts) {
  const std::string& body = response.body;
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return BodyVerdict::Retry("truncated or malformed XML: empty body");
  }
  if (reader == nullptr) return BodyVerdict::Fail("no XML reader configured");
  core::EutilsResponse local;
  core::EutilsResponse* out = facts ? facts : &local;
  std::string why;
  if (!reader(body, out, &why)) return BodyVerdict::Retry("truncated or malformed XML: " + why);
  if (out->error.empty()) return BodyVerdict::Ok();
  return BodyVerdict::Retry("NCBI error: " + FirstLine(out->error));
}

BodyVerdict ParseJsonBody(const std::string& body, nlohmann::json* doc) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return BodyVerdict::Retry("truncated or malformed JSON: empty body");
  }
  try {
    *doc = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    size_t bracket = what.find("] ");  // drop "[json.exception.parse_error.101] "
    if (bracket != std::string::npos) what.erase(0, bracket + 2);
    return BodyVerdict::Retry("truncated or malformed JSON: " + what);
  }
  return BodyVerdict::Ok();
}

BodyVerdict CheckJsonBody(const HttpResponse& response) {
  nlohmann::json doc;
  return ParseJsonBody(response.body, &doc);
}

}  // namespace fetch
