// Tests of fetch/http.h against a real local HTTP server (cpp-httplib on
// 127.0.0.1, a port chosen by the OS): what arrives on the wire, gzip,
// connection reuse, every retry rule with its fault injected, rate limits with
// the server's own clock. Delays are shortened through RetryPolicy.
#include "fetch/http.h"
#include "parse/eutils_response.h"

#include <httplib.h>
#include <zlib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// An httplib::Server on 127.0.0.1 in its own thread. Register handlers on
// server() before Start(); the destructor stops the server and joins.
class TestServer {
 public:
  TestServer() {
    std::signal(SIGPIPE, SIG_IGN);  // a handler may write to a socket the client closed
    setenv("no_proxy", "127.0.0.1,localhost", 1);
    setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    server_.set_keep_alive_max_count(100);
    server_.set_keep_alive_timeout(1);
    server_.set_tcp_nodelay(true);  // no 40 ms Nagle/delayed-ACK stalls between requests
  }
  ~TestServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  httplib::Server& server() { return server_; }
  void Start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

struct Reply {
  using Headers = std::vector<std::pair<std::string, std::string>>;
  Reply(int s = 200, std::string b = "ok", std::string t = "text/plain", Headers h = {})
      : status(s), body(std::move(b)), type(std::move(t)), headers(std::move(h)) {}
  int status;
  std::string body;
  std::string type;
  Headers headers;
};

// Serves `replies` in order (the last one again when they run out) and notes
// when each request arrived.
class Script {
 public:
  explicit Script(std::vector<Reply> replies) : replies_(std::move(replies)) {}
  void Serve(const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu_);
    times_.push_back(Clock::now());
    const Reply& r = replies_[std::min(times_.size(), replies_.size()) - 1];
    res.status = r.status;
    for (const auto& [name, value] : r.headers) res.set_header(name, value);
    res.set_content(r.body, r.type);
  }
  // Seconds between request i-1 and request i, for i >= 1.
  double Gap(size_t i) {
    std::lock_guard<std::mutex> lock(mu_);
    return std::chrono::duration<double>(times_.at(i) - times_.at(i - 1)).count();
  }
  size_t hits() {
    std::lock_guard<std::mutex> lock(mu_);
    return times_.size();
  }

 private:
  std::mutex mu_;
  std::vector<Reply> replies_;
  std::vector<Clock::time_point> times_;
};

void Route(TestServer& ts, const std::string& path, Script& script) {
  ts.server().Get(path, [&script](const httplib::Request& req, httplib::Response& res) {
    script.Serve(req, res);
  });
}

fetch::RetryPolicy FastRetry(int attempts = 4) {
  fetch::RetryPolicy p;
  p.max_attempts = attempts;
  p.base_delay_seconds = 0.02;
  p.max_delay_seconds = 5;
  return p;
}

fetch::HttpRequest Get(const std::string& url) {
  fetch::HttpRequest r;
  r.url = url;
  return r;
}

std::string Gzip(const std::string& text) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, text.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

const char kNcbiRateLimit[] =
    R"({"error":"API rate limit exceeded","api-key":"1.2.3.4","count":"11","limit":"10"})";
const char kGoodXml[] =
    "<eSearchResult><Count>2</Count><IdList><Id>1</Id></IdList></eSearchResult>";

}  // namespace

TEST_CASE("UrlEncode, FormEncode, HostOf and MaskApiKey", "[http]") {
  CHECK(fetch::UrlEncode("peer support[tiab] AND 2019/06/13") ==
        "peer%20support%5Btiab%5D%20AND%202019%2F06%2F13");
  CHECK(fetch::UrlEncode("a-b_c.d~e") == "a-b_c.d~e");
  CHECK(fetch::UrlEncode("\"Müller\"&=+") == "%22M%C3%BCller%22%26%3D%2B");
  CHECK(fetch::UrlEncode("") == "");
  CHECK(fetch::FormEncode({{"db", "pubmed"}, {"term", "a b"}, {"id", "1,2"}}) ==
        "db=pubmed&term=a%20b&id=1%2C2");
  CHECK(fetch::FormEncode({}) == "");
  const std::vector<std::pair<std::string, std::string>> hosts = {
      {"https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi?db=pubmed",
       "eutils.ncbi.nlm.nih.gov"},
      {"http://127.0.0.1:8080/x", "127.0.0.1:8080"},
      {"https://www.EBI.ac.uk?query=x", "www.ebi.ac.uk"},
      {"http://user:pw@example.org#frag", "example.org"},
      {"http://[::1]:9000/", "[::1]:9000"},
      {"clinicaltrials.gov/api/v2/studies", "clinicaltrials.gov"},
  };
  for (const auto& [url, host] : hosts) CHECK(fetch::HostOf(url) == host);
  CHECK(fetch::MaskApiKey("https://h/e?db=pubmed&api_key=abc123&term=x") ==
        "https://h/e?db=pubmed&api_key=***&term=x");
  CHECK(fetch::MaskApiKey("https://h/e?api_key=abc123") == "https://h/e?api_key=***");
  CHECK(fetch::MaskApiKey("https://h/e?my_api_key=abc") == "https://h/e?my_api_key=abc");
}

fetch::BodyVerdict CheckXml(const fetch::HttpResponse& r) {
  return fetch::CheckXmlBody(r, parse::ReadEutilsResponse);
}

TEST_CASE("CheckXmlBody and CheckJsonBody", "[http]") {
  using Kind = fetch::BodyVerdict::Kind;
  struct Case {
    std::string body;
    Kind kind;
    std::string why;  // a part of the reason
  };
  const std::vector<Case> xml = {
      {kGoodXml, Kind::kOk, ""},
      {"<eSearchResult><Count>0</Count><ErrorList><PhraseNotFound>zzqx</PhraseNotFound>"
       "</ErrorList></eSearchResult>",
       Kind::kOk, ""},
      {"<eSearchResult><ERROR>Search Backend failed: Database is not supported: pubmed"
       "</ERROR></eSearchResult>",
       Kind::kRetry, "NCBI error: Search Backend failed: Database is not supported"},
      {"<ERROR>Unable to obtain query #1</ERROR>", Kind::kRetry, "NCBI error: Unable to obtain"},
      {"<PubmedArticleSet><PubmedArticle><MedlineCitation>", Kind::kRetry,
       "truncated or malformed XML: "},
      {"<eSearchResult><Count>2</Cou", Kind::kRetry, "at byte"},
      {"", Kind::kRetry, "truncated or malformed XML: empty body"},
      {"  \n", Kind::kRetry, "empty body"},
  };
  for (const Case& c : xml) {
    INFO("xml: " << c.body);
    fetch::HttpResponse r;
    r.body = c.body;
    fetch::BodyVerdict v = fetch::CheckXmlBody(r, parse::ReadEutilsResponse);
    CHECK(v.kind == c.kind);
    CHECK_THAT(v.why, Catch::Contains(c.why));
  }
  const std::vector<Case> json = {
      {R"({"hitCount": 3, "resultList": {"result": []}})", Kind::kOk, ""},
      {R"({"hitCount": 3, "resultList": {"res)", Kind::kRetry, "truncated or malformed JSON: "},
      {"", Kind::kRetry, "truncated or malformed JSON: empty body"},
  };
  for (const Case& c : json) {
    INFO("json: " << c.body);
    fetch::HttpResponse r;
    r.body = c.body;
    fetch::BodyVerdict v = fetch::CheckJsonBody(r);
    CHECK(v.kind == c.kind);
    CHECK_THAT(v.why, Catch::Contains(c.why));
  }
}

TEST_CASE("HttpOptionsFromEnv and RetryPolicyFromEnv", "[http]") {
  setenv("WINNOW_CONNECT_TIMEOUT", "2.5", 1);
  setenv("WINNOW_HTTP_TIMEOUT", "soon", 1);  // invalid values are ignored
  setenv("WINNOW_RETRIES", "3", 1);
  setenv("WINNOW_RETRY_BASE_MS", "50", 1);
  fetch::HttpOptions http = fetch::HttpOptionsFromEnv();
  fetch::RetryPolicy retry = fetch::RetryPolicyFromEnv();
  CHECK(http.connect_timeout_seconds == 2.5);
  CHECK(http.total_timeout_seconds == fetch::HttpOptions().total_timeout_seconds);
  CHECK(retry.max_attempts == 3);
  CHECK(retry.base_delay_seconds == Approx(0.05));
  setenv("WINNOW_RETRIES", "2.5", 1);
  CHECK(fetch::RetryPolicyFromEnv().max_attempts == fetch::RetryPolicy().max_attempts);
  setenv("WINNOW_HTTP_TIMEOUT", "0", 1);
  setenv("WINNOW_CONNECT_TIMEOUT", "-1", 1);
  CHECK(fetch::HttpOptionsFromEnv().total_timeout_seconds ==
        fetch::HttpOptions().total_timeout_seconds);
  CHECK(fetch::HttpOptionsFromEnv().connect_timeout_seconds ==
        fetch::HttpOptions().connect_timeout_seconds);
  for (const char* name : {"WINNOW_CONNECT_TIMEOUT", "WINNOW_HTTP_TIMEOUT", "WINNOW_RETRIES",
                           "WINNOW_RETRY_BASE_MS"}) {
    unsetenv(name);
  }
}

TEST_CASE("HttpClient sends GET and POST with their bodies and headers", "[http]") {
  TestServer ts;
  std::mutex mu;
  std::vector<std::string> seen;  // "METHOD|user-agent|content-type|body"
  auto record = [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    seen.push_back(req.method + "|" + req.get_header_value("User-Agent") + "|" +
                   req.get_header_value("Content-Type") + "|" + req.body);
    res.set_header("X-Winnow-Test", "yes");
    res.set_content("reply to " + req.method, "text/plain");
  };
  ts.server().Get("/echo", record);
  ts.server().Post("/echo", record);
  ts.server().Get(
      "/moved", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/echo"); });
  ts.Start();

  fetch::HttpClient client;
  fetch::HttpResponse res;
  fetch::HttpRequest post = Get(ts.Url("/echo"));
  post.method = "POST";
  post.body = fetch::FormEncode({{"db", "pubmed"}, {"id", "33176729,31234567"}});
  REQUIRE(client.Send(post, &res).ok());
  CHECK(res.status == 200);
  CHECK(res.body == "reply to POST");
  CHECK(res.headers["x-winnow-test"] == "yes");
  CHECK(res.headers["content-type"] == "text/plain");
  REQUIRE(client.Send(Get(ts.Url("/echo")), &res).ok());  // POST options must not linger
  CHECK(res.body == "reply to GET");
  REQUIRE(client.Send(Get(ts.Url("/moved")), &res).ok());
  CHECK(res.status == 200);
  CHECK(res.body == "reply to GET");
  CHECK(res.headers.count("location") == 0);  // the redirect's own headers are gone
  CHECK(res.seconds > 0);

  std::lock_guard<std::mutex> lock(mu);
  REQUIRE(seen.size() == 3);
  CHECK_THAT(seen[0], Catch::StartsWith("POST|winnow/"));
  CHECK_THAT(seen[0], Catch::EndsWith(
                          "|application/x-www-form-urlencoded|db=pubmed&id=33176729%2C31234567"));
  CHECK_THAT(seen[1], Catch::StartsWith("GET|winnow/"));
  CHECK_THAT(seen[1], Catch::EndsWith("||"));
}

TEST_CASE("HttpClient decodes a gzip-compressed body", "[http]") {
  TestServer ts;
  const std::string xml = std::string(kGoodXml) + std::string(5000, '\n');
  std::string accept_encoding;
  ts.server().Get("/gz", [&](const httplib::Request& req, httplib::Response& res) {
    accept_encoding = req.get_header_value("Accept-Encoding");
    res.set_header("Content-Encoding", "gzip");
    res.set_content(Gzip(xml), "application/octet-stream");  // a type httplib leaves alone
  });
  ts.Start();
  fetch::HttpClient client;
  fetch::HttpResponse res;
  REQUIRE(client.Send(Get(ts.Url("/gz")), &res).ok());
  CHECK(res.body == xml);
  CHECK_THAT(accept_encoding, Catch::Contains("gzip"));
}

TEST_CASE("HttpClient reuses one connection", "[http]") {
  TestServer ts;
  std::mutex mu;
  std::set<int> ports;
  ts.server().Get("/n", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    ports.insert(req.remote_port);
    res.set_content("ok", "text/plain");
  });
  ts.Start();
  fetch::HttpClient client;
  fetch::HttpResponse res;
  for (int i = 0; i < 5; ++i) REQUIRE(client.Send(Get(ts.Url("/n")), &res).ok());
  std::lock_guard<std::mutex> lock(mu);
  CHECK(ports.size() == 1);
}

TEST_CASE("HttpClient reports a refused connection as Remote", "[http]") {
  fetch::HttpClient client;
  fetch::HttpResponse res;
  core::Status st = client.Send(Get("http://127.0.0.1:1/x?api_key=SECRET"), &res);
  CHECK(st.code() == core::Status::Code::kRemote);
  CHECK_THAT(st.message(), Catch::StartsWith("GET http://127.0.0.1:1/x?api_key=***: "));
  CHECK(res.status == 0);
}

TEST_CASE("Fetcher retries transient failures until one succeeds", "[http]") {
  struct Case {
    std::string name;
    std::vector<Reply> replies;
    fetch::BodyCheck check;
    size_t want_hits;
  };
  const Reply ok{200, kGoodXml, "application/xml", {}};
  const std::vector<Case> cases = {
      {"429 then 503", {{429, "slow down"}, {503, "busy"}, ok}, nullptr, 3},
      {"500, 502, 504", {{500, "x"}, {502, "x"}, {504, "x"}, ok}, nullptr, 4},
      {"NCBI rate limit with 429", {{429, kNcbiRateLimit, "application/json"}, ok}, nullptr, 2},
      {"NCBI rate limit with 200", {{200, kNcbiRateLimit, "application/json"}, ok}, nullptr, 2},
      {"NCBI ERROR envelope",
       {{200, "<eSearchResult><ERROR>Search Backend failed: timeout</ERROR></eSearchResult>",
         "text/xml"},
        ok},
       CheckXml,
       2},
      {"truncated XML",
       {{200, "<eSearchResult><Count>2</Cou", "text/xml"}, ok},
       CheckXml,
       2},
      {"truncated JSON",
       {{200, R"({"hitCount": 3, "res)", "application/json"}, {200, "{}"}},
       fetch::CheckJsonBody,
       2},
      {"check says retry",
       {{200, "partial"}, {200, "complete"}},
       [](const fetch::HttpResponse& r) {
         return r.body == "complete" ? fetch::BodyVerdict::Ok()
                                     : fetch::BodyVerdict::Retry("body incomplete");
       },
       2},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    TestServer ts;
    Script script(c.replies);
    Route(ts, "/r", script);
    ts.Start();
    fetch::Fetcher fetcher({}, FastRetry(5));
    fetch::HttpResponse res;
    core::Status st = fetcher.Fetch(Get(ts.Url("/r")), c.check, &res);
    CHECK(st.ok());
    CHECK(res.status == 200);
    CHECK(script.hits() == c.want_hits);
    REQUIRE(fetcher.attempts().size() == c.want_hits);
    CHECK(fetcher.attempts().back().error.empty());
    for (size_t i = 0; i + 1 < c.want_hits; ++i) CHECK_FALSE(fetcher.attempts()[i].error.empty());
  }
}

TEST_CASE("Fetcher backs off exponentially with jitter", "[http]") {
  TestServer ts;
  Script script({{429, "slow down"}, {503, "busy"}, {200, "ok"}});
  Route(ts, "/r", script);
  ts.Start();
  fetch::Fetcher fetcher({}, FastRetry());  // base 20 ms, jitter 0.5
  fetch::HttpResponse res;
  REQUIRE(fetcher.Fetch(Get(ts.Url("/r")), nullptr, &res).ok());
  const auto& a = fetcher.attempts();
  REQUIRE(a.size() == 3);
  CHECK(a[0].status == 429);
  CHECK(a[0].error == "HTTP 429");
  CHECK(a[1].status == 503);
  CHECK(a[0].waited == Approx(0).margin(0.005));
  CHECK(a[1].waited >= 0.02);
  CHECK(a[1].waited < 0.03);
  CHECK(a[2].waited >= 0.04);
  CHECK(a[2].waited < 0.06);
  CHECK(script.Gap(1) >= 0.019);
  CHECK(script.Gap(2) >= 0.039);
}

TEST_CASE("Fetcher caps Retry-After and reads its HTTP-date form", "[http]") {
  TestServer ts;
  Script script({{429, "wait", "text/plain", {{"Retry-After", "120"}}},
                 {503, "busy", "text/plain", {{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}}},
                 {200, "ok"}});
  Route(ts, "/r", script);
  ts.Start();
  fetch::RetryPolicy retry = FastRetry();
  retry.max_delay_seconds = 0.05;
  fetch::Fetcher fetcher({}, retry);
  fetch::HttpResponse res;
  REQUIRE(fetcher.Fetch(Get(ts.Url("/r")), nullptr, &res).ok());
  REQUIRE(fetcher.attempts().size() == 3);
  CHECK(fetcher.attempts()[1].waited == Approx(0.05));  // 120 s capped
  CHECK(fetcher.attempts()[2].waited == 0);             // a date in the past: at once
}

TEST_CASE("Fetcher honours Retry-After", "[http]") {
  TestServer ts;
  Script script({{429, "wait", "text/plain", {{"Retry-After", "1"}}}, {200, "ok"}});
  Route(ts, "/r", script);
  ts.Start();
  fetch::Fetcher fetcher({}, FastRetry());
  fetch::HttpResponse res;
  REQUIRE(fetcher.Fetch(Get(ts.Url("/r")), nullptr, &res).ok());
  REQUIRE(fetcher.attempts().size() == 2);
  CHECK(fetcher.attempts()[1].waited == Approx(1).margin(0.01));
  CHECK(script.Gap(1) >= 0.98);
  CHECK(script.Gap(1) < 1.5);
}

TEST_CASE("Fetcher retries after a stall longer than the total timeout", "[http]") {
  TestServer ts;
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  int calls = 0;
  ts.server().Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
    std::unique_lock<std::mutex> lock(mu);
    if (++calls == 1) cv.wait_for(lock, std::chrono::seconds(2), [&] { return release; });
    res.set_content("ok", "text/plain");
  });
  ts.Start();
  fetch::HttpOptions http;
  http.total_timeout_seconds = 0.5;
  {
    fetch::Fetcher fetcher(http, FastRetry());
    fetch::HttpResponse res;
    auto start = Clock::now();
    REQUIRE(fetcher.Fetch(Get(ts.Url("/slow")), nullptr, &res).ok());
    CHECK(SecondsSince(start) < 1.5);
    REQUIRE(fetcher.attempts().size() == 2);
    CHECK_THAT(fetcher.attempts()[0].error, Catch::Contains("timed out"));
    CHECK(res.body == "ok");
  }
  std::lock_guard<std::mutex> lock(mu);
  release = true;
  cv.notify_all();
}

TEST_CASE("Fetcher retries a connection cut mid-body", "[http]") {
  TestServer ts;
  std::atomic<int> calls{0};
  ts.server().Get("/cut", [&](const httplib::Request&, httplib::Response& res) {
    if (++calls > 1) {
      res.set_content(std::string(1000, 'x'), "application/octet-stream");
      return;
    }
    res.set_content_provider(1000, "application/octet-stream",
                             [](size_t, size_t, httplib::DataSink& sink) {
                               sink.write(std::string(100, 'x').data(), 100);
                               return false;  // httplib then drops the connection
                             });
  });
  ts.Start();
  fetch::Fetcher fetcher({}, FastRetry());
  fetch::HttpResponse res;
  REQUIRE(fetcher.Fetch(Get(ts.Url("/cut")), nullptr, &res).ok());
  CHECK(res.body.size() == 1000);
  REQUIRE(fetcher.attempts().size() == 2);
  CHECK_FALSE(fetcher.attempts()[0].error.empty());
}

TEST_CASE("Fetcher gives up after max_attempts naming the URL and the reason", "[http]") {
  TestServer ts;
  Script script({{503, "busy"}});
  Route(ts, "/esearch.fcgi", script);
  ts.Start();
  fetch::Fetcher fetcher({}, FastRetry(3));
  fetch::HttpResponse res;
  core::Status st =
      fetcher.Fetch(Get(ts.Url("/esearch.fcgi?db=pubmed&api_key=SECRET&term=x")), nullptr, &res);
  CHECK(st.code() == core::Status::Code::kRemote);
  CHECK(st.message() == "GET " + ts.Url("/esearch.fcgi?db=pubmed&api_key=***&term=x") +
                            ": gave up after 3 attempts: HTTP 503");
  CHECK(script.hits() == 3);
  CHECK(fetcher.attempts().size() == 3);
  CHECK(fetcher.attempts()[0].url.find("SECRET") == std::string::npos);
}

TEST_CASE("Fetcher does not retry 400, 404 or a failed body check", "[http]") {
  struct Case {
    Reply reply;
    fetch::BodyCheck check;
    core::Status::Code code;
    std::string message_end;
  };
  const std::vector<Case> cases = {
      {{400, "  Invalid query: unbalanced parentheses\nat position 7\n"},
       nullptr,
       core::Status::Code::kInvalidInput,
       ": HTTP 400: Invalid query: unbalanced parentheses"},
      {{400, std::string(300, 'q')},
       nullptr,
       core::Status::Code::kInvalidInput,
       ": HTTP 400: " + std::string(200, 'q') + "..."},
      {{404, "Not Found"}, nullptr, core::Status::Code::kRemote, ": HTTP 404: Not Found"},
      {{200, "nonsense"},
       [](const fetch::HttpResponse&) { return fetch::BodyVerdict::Fail("not a study"); },
       core::Status::Code::kRemote,
       ": not a study"},
  };
  for (const Case& c : cases) {
    INFO(c.message_end);
    TestServer ts;
    Script script({c.reply});
    Route(ts, "/q", script);
    ts.Start();
    fetch::Fetcher fetcher({}, FastRetry());
    fetch::HttpResponse res;
    core::Status st = fetcher.Fetch(Get(ts.Url("/q")), c.check, &res);
    CHECK(st.code() == c.code);
    CHECK_THAT(st.message(), Catch::StartsWith("GET " + ts.Url("/q")));
    CHECK_THAT(st.message(), Catch::EndsWith(c.message_end));
    CHECK(script.hits() == 1);
    CHECK(fetcher.attempts().size() == 1);
  }
}

TEST_CASE("RateLimiter spaces requests", "[http]") {
  fetch::RateLimiter limiter;
  CHECK(limiter.Acquire("unlimited") == 0);
  limiter.SetLimit("h", 20);
  auto start = Clock::now();
  std::vector<double> at;
  for (int i = 0; i < 6; ++i) {
    double waited = limiter.Acquire("h");
    at.push_back(SecondsSince(start));
    if (i == 0) CHECK(waited < 0.005);
  }
  for (size_t i = 1; i < at.size(); ++i) CHECK(at[i] - at[i - 1] >= 0.0499);
  CHECK(at.back() >= 0.25);
  CHECK(at.back() < 0.4);

  limiter.SetLimit("burst", 10, 3);
  start = Clock::now();
  for (int i = 0; i < 3; ++i) limiter.Acquire("burst");
  CHECK(SecondsSince(start) < 0.01);
  limiter.Acquire("burst");
  CHECK(SecondsSince(start) >= 0.099);
}

TEST_CASE("Fetcher keeps to a host's rate limit", "[http][slow]") {
  for (double rate : {3.0, 10.0}) {
    INFO("rate " << rate);
    TestServer ts;
    std::mutex mu;
    std::vector<Clock::time_point> times;
    ts.server().Get("/r", [&](const httplib::Request&, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu);
      times.push_back(Clock::now());
      res.set_content("ok", "text/plain");
    });
    ts.server().Get("/warm", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("ok", "text/plain");
    });
    ts.Start();
    fetch::Fetcher fetcher({}, FastRetry());
    fetch::HttpResponse res;
    // Open the connection first: otherwise the first request arrives later
    // by the connect time, and the server sees the next ones closer together.
    REQUIRE(fetcher.Fetch(Get(ts.Url("/warm")), nullptr, &res).ok());
    fetcher.limiter().SetLimit(fetch::HostOf(ts.Url("/")), rate);
    auto start = Clock::now();
    for (int i = 0; i < 10; ++i) REQUIRE(fetcher.Fetch(Get(ts.Url("/r")), nullptr, &res).ok());
    double total = SecondsSince(start);
    CHECK(total >= 9 / rate);
    CHECK(total < 9 / rate + 0.5);
    std::lock_guard<std::mutex> lock(mu);
    REQUIRE(times.size() == 10);
    // Any window of 1 s holds at most `rate` requests, by the server's clock.
    // The client spaces its sends exactly; arrivals can come closer when one
    // request is held up in transit while ctest loads both cores, so 10 %
    // is allowed (the total time above checks the rate itself).
    const size_t n = static_cast<size_t>(rate);
    for (size_t i = 0; i + n < times.size(); ++i) {
      CHECK(std::chrono::duration<double>(times[i + n] - times[i]).count() >= 0.9);
    }
  }
}

TEST_CASE("HttpClient goes through the proxy named by http_proxy", "[http]") {
  TestServer proxy;
  std::mutex mu;
  std::string seen_target, seen_host;
  // A proxy is sent the absolute URL; this one answers for any host.
  proxy.server().Get(R"(.*)", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    seen_target = req.target.empty() ? req.path : req.target;
    seen_host = req.get_header_value("Host");
    res.set_content("via proxy", "text/plain");
  });
  proxy.Start();
  setenv("http_proxy", proxy.Url("").c_str(), 1);
  fetch::HttpClient client;
  fetch::HttpResponse res;
  core::Status st =
      client.Send(Get("http://eutils.example.invalid/entrez/eutils/esearch.fcgi?db=pubmed"), &res);
  unsetenv("http_proxy");
  REQUIRE(st.ok());
  CHECK(res.status == 200);
  CHECK(res.body == "via proxy");
  std::lock_guard<std::mutex> lock(mu);
  CHECK_THAT(seen_target, Catch::Contains("esearch.fcgi"));
  CHECK(seen_host == "eutils.example.invalid");
}
