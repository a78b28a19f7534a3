// HttpClient over one libcurl easy handle, and the URL helpers of http.h. Every Send() resets the
// handle's options (curl_easy_reset keeps live connections, the DNS and TLS session caches) and
// sets them all again, so a POST never leaks into the next GET. No proxy option is set anywhere:
// curl then reads http_proxy, https_proxy, all_proxy and no_proxy from the environment itself.
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/version.h"
#include "fetch/http.h"

namespace fetch {
namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string DefaultUserAgent() {
  return std::string("winnow/") + core::kVersion + " (+https://github.com/winnow-review)";
}

long Millis(double seconds) { return seconds > 0 ? static_cast<long>(seconds * 1000 + 0.5) : 0; }

size_t WriteBody(char* data, size_t size, size_t n, void* user) {
  static_cast<std::string*>(user)->append(data, size * n);
  return size * n;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// One header line. A status line starts a new response (redirect, 100
// Continue), whose headers replace those collected so far.
size_t WriteHeader(char* data, size_t size, size_t n, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  std::string line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon == std::string::npos) return size * n;
  std::string name = Trim(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  (*headers)[name] = Trim(line.substr(colon + 1));
  return size * n;
}

struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistFree>;

}  // namespace

std::string UrlEncode(const std::string& value) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out += '&';
    out += UrlEncode(key) + "=" + UrlEncode(value);
  }
  return out;
}

std::string HostOf(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string host = url.substr(start, end == std::string::npos ? end : end - start);
  size_t at = host.rfind('@');  // user:password@
  if (at != std::string::npos) host.erase(0, at + 1);
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return host;
}

std::string MaskApiKey(const std::string& url) {
  static const std::string kKey = "api_key=";
  std::string out = url;
  for (size_t pos = out.find(kKey); pos != std::string::npos; pos = out.find(kKey, pos + 1)) {
    if (pos > 0 && out[pos - 1] != '?' && out[pos - 1] != '&') continue;
    size_t value = pos + kKey.size();
    size_t end = out.find_first_of("&#", value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

struct HttpClient::Impl {
  HttpOptions options;
  CURL* curl = nullptr;
  char error[CURL_ERROR_SIZE] = {};

  // Sets every option of one request; returns the header list to keep alive
  // until the transfer ends.
  Slist Configure(const HttpRequest& request, HttpResponse* response);
};

Slist HttpClient::Impl::Configure(const HttpRequest& request, HttpResponse* response) {
  curl_easy_reset(curl);
  error[0] = '\0';
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // every decoder curl has
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, Millis(options.connect_timeout_seconds));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, Millis(options.total_timeout_seconds));
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response->body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, WriteHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response->headers);
  if (request.method != "POST") return nullptr;  // GET: curl's default after reset
  // "Expect:" stops curl from waiting for a 100 Continue before large bodies.
  Slist headers(curl_slist_append(nullptr, ("Content-Type: " + request.content_type).c_str()));
  headers.reset(curl_slist_append(headers.release(), "Expect:"));
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  return headers;
}

HttpClient::HttpClient(HttpOptions options) : impl_(std::make_unique<Impl>()) {
  GlobalInitOnce();
  if (options.user_agent.empty()) options.user_agent = DefaultUserAgent();
  impl_->options = std::move(options);
  impl_->curl = curl_easy_init();
}

HttpClient::~HttpClient() {
  if (impl_->curl != nullptr) curl_easy_cleanup(impl_->curl);
}

core::Status HttpClient::Send(const HttpRequest& request, HttpResponse* response) {
  *response = HttpResponse();
  std::string what = request.method + " " + MaskApiKey(request.url);
  if (request.method != "GET" && request.method != "POST") {
    return core::Status::Internal(what + ": unsupported method");
  }
  if (impl_->curl == nullptr) return core::Status::Internal(what + ": curl_easy_init failed");
  Slist headers = impl_->Configure(request, response);
  auto start = std::chrono::steady_clock::now();
  CURLcode code = curl_easy_perform(impl_->curl);
  response->seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  curl_easy_getinfo(impl_->curl, CURLINFO_RESPONSE_CODE, &response->status);
  curl_easy_reset(impl_->curl);  // drop pointers into `request` and `response`
  if (code == CURLE_OK) return core::Status::Ok();
  std::string reason = impl_->error[0] != '\0' ? impl_->error : curl_easy_strerror(code);
  return core::Status::Remote(what + ": " + MaskApiKey(reason));
}

}  // namespace fetch
