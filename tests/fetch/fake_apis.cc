// The fake E-utilities / Europe PMC / ClinicalTrials.gov server of
// fake_apis.h. Impl holds every corpus behind one mutex; handlers copy what
// they need under the lock, and sleep (stalls, efetch delay) outside it on a
// condition variable that the destructor wakes.
#include "tests/fetch/fake_apis.h"

#include <httplib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <pugixml.hpp>
#include <regex>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace winnow_test {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr char kPubmedPrefix[] = "/entrez/eutils";
constexpr char kEpmcPrefix[] = "/europepmc/webservices/rest";
constexpr char kCtgovPrefix[] = "/ctgov/api/v2";
constexpr size_t kEsearchMaxPositions = 9999;  // ids at positions >= this are never returned
constexpr char kEsearchHead[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
    "<!DOCTYPE eSearchResult PUBLIC \"-//NLM//DTD esearch 20060628//EN\" "
    "\"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd\">\n";
constexpr char kEfetchErrorHead[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
    "<!DOCTYPE eFetchResult PUBLIC \"-//NLM//DTD efetch 20131226//EN\" "
    "\"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd\">\n";
constexpr char kPubmedSetHead[] =
    "<?xml version=\"1.0\" ?>\n"
    "<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2025//EN\" "
    "\"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">\n<PubmedArticleSet>\n";
constexpr char kRetstartError[] =
    "Search Backend failed: Exception:\n'retstart' cannot be larger than 9998. For PubMed, "
    "ESearch can only retrieve the first 9,999 records matching the query. To obtain more than "
    "9,999 PubMed records, consider using EDirect that contains additional logic to batch PubMed "
    "search results automatically so that an arbitrary number can be retrieved. For details see "
    "https://www.ncbi.nlm.nih.gov/books/NBK25499/";
constexpr char kNcbi429Body[] =
    R"({"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"4","limit":"3"})";
// cpp-httplib compresses text/*, and exactly "application/json" or
// "application/xml", whenever the client accepts it — with brotli at its
// slowest setting, which would make the fake, not winnow, the bottleneck.
// Types with a charset parameter are sent as they are.
constexpr char kXmlType[] = "application/xml; charset=UTF-8";
constexpr char kJsonType[] = "application/json;charset=UTF-8";

// ---- small text helpers

// memmem: far faster than string_view::find on XML, where every other byte is '<'.
size_t Find(std::string_view hay, std::string_view needle, size_t from) {
  if (from > hay.size()) return std::string_view::npos;
  const void* at = memmem(hay.data() + from, hay.size() - from, needle.data(), needle.size());
  return at ? static_cast<size_t>(static_cast<const char*>(at) - hay.data())
            : std::string_view::npos;
}

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string PercentEncode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// Bytes that records point into: a whole corpus file or one added article.
// A corpus is read into prefaulted anonymous memory — four times faster than
// a plain buffer on 300 MB — and not mapped from the file, so tests may
// rewrite the file afterwards.
struct Blob {
  Blob() = default;
  Blob(const Blob&) = delete;
  Blob& operator=(const Blob&) = delete;
  ~Blob() {
    if (map != MAP_FAILED) munmap(map, map_size);
  }
  void* map = MAP_FAILED;
  size_t map_size = 0;
  std::string owned;
  std::string_view bytes;
};

std::shared_ptr<const Blob> ReadBlob(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  struct stat st;
  if (!f || fstat(fileno(f.get()), &st) != 0)
    throw std::runtime_error("FakeApis: cannot read " + path);
  auto blob = std::make_shared<Blob>();
  if (st.st_size == 0) return blob;
  blob->map_size = static_cast<size_t>(st.st_size);
  blob->map = mmap(nullptr, blob->map_size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (blob->map == MAP_FAILED) throw std::runtime_error("FakeApis: out of memory reading " + path);
  size_t got = 0;
  while (got < blob->map_size) {
    ssize_t n = read(fileno(f.get()), static_cast<char*>(blob->map) + got, blob->map_size - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  blob->bytes = std::string_view(static_cast<const char*>(blob->map), got);
  return blob;
}

json ParseJsonFile(const std::string& path) {
  json doc = json::parse(ReadBlob(path)->bytes, nullptr, false);
  if (doc.is_discarded()) throw std::runtime_error("FakeApis: bad JSON in " + path);
  return doc;
}

std::string Param(const httplib::Request& req, const char* name, std::string fallback = "") {
  return req.has_param(name) ? req.get_param_value(name) : fallback;
}

// A non-negative integer parameter; `fallback` when absent or not a number.
size_t SizeParam(const httplib::Request& req, const char* name, size_t fallback) {
  std::string v = Param(req, name);
  if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos || v.size() > 9) {
    return fallback;
  }
  return std::stoul(v);
}

// ---- dates: day numbers since 1970-01-01

// "YYYY", "YYYY/MM", "YYYY/MM/DD" (or with '-'); a partial date is the first
// day of its period, or the last one when `end_of_period`.
std::optional<int> ParseDay(std::string_view s, bool end_of_period) {
  using namespace std::chrono;
  int parts[3] = {0, 1, 1};
  int n = 0;
  size_t i = 0;
  while (i < s.size() && n < 3) {
    size_t j = i;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
    if (j == i || j - i > 4) return std::nullopt;
    parts[n++] = std::stoi(std::string(s.substr(i, j - i)));
    if (j < s.size() && s[j] != '/' && s[j] != '-') return std::nullopt;
    i = j + 1;
  }
  if (n == 0 || i < s.size()) return std::nullopt;
  year_month_day ymd{year{parts[0]}, month{static_cast<unsigned>(parts[1])},
                     day{static_cast<unsigned>(parts[2])}};
  if (end_of_period && n == 1) ymd = year{parts[0]} / December / 31;
  if (end_of_period && n == 2) {
    ymd = year_month_day{
        year_month_day_last{year{parts[0]} / month{static_cast<unsigned>(parts[1])} / last}};
  }
  if (!ymd.ok()) return std::nullopt;
  return static_cast<int>(sys_days{ymd}.time_since_epoch().count());
}

int DayOrThrow(const std::string& s) {
  std::optional<int> d = ParseDay(s, false);
  if (!d) throw std::runtime_error("FakeApis: bad date '" + s + "'");
  return *d;
}

std::string FormatDay(int days) {
  using namespace std::chrono;
  year_month_day ymd{sys_days{std::chrono::days{days}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

// ---- opaque paging tokens: base64 (no padding) of "<kind>:<offset>"

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string EncodeToken(std::string_view kind, size_t offset) {
  std::string raw = std::string(kind) + ":" + std::to_string(offset) + ":fake";
  std::string out = "AoI";
  unsigned bits = 0;
  int nbits = 0;
  for (unsigned char c : raw) {
    bits = (bits << 8) | c;
    nbits += 8;
    while (nbits >= 6) out += kB64[(bits >> (nbits -= 6)) & 63];
  }
  if (nbits > 0) out += kB64[(bits << (6 - nbits)) & 63];
  return out;
}

std::optional<size_t> DecodeToken(std::string_view kind, std::string_view token) {
  if (token.substr(0, 3) != "AoI") return std::nullopt;
  std::string raw;
  unsigned bits = 0;
  int nbits = 0;
  for (char c : token.substr(3)) {
    const char* p = std::strchr(kB64, c);
    if (c == '\0' || p == nullptr) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned>(p - kB64);
    nbits += 6;
    if (nbits >= 8) raw += static_cast<char>((bits >> (nbits -= 8)) & 255);
  }
  std::string prefix = std::string(kind) + ":";
  if (raw.rfind(prefix, 0) != 0 || raw.size() < prefix.size() + 6) return std::nullopt;
  std::string digits = raw.substr(prefix.size(), raw.size() - prefix.size() - 5);
  if (raw.substr(raw.size() - 5) != ":fake" || digits.empty() ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoul(digits);
}

// ---- query filters

struct Range {
  std::string lo, hi;  // "" = open
  bool Holds(const std::string& v) const {
    return !v.empty() && (lo.empty() || v >= lo) && (hi.empty() || v <= hi);
  }
};

std::optional<Range> EpmcDateFilter(const std::string& query) {
  static const std::regex re(R"(FIRST_IDATE\s*:\s*\[\s*(\S+)\s+TO\s+([^\]\s]+)\s*\])",
                             std::regex::icase);
  std::smatch m;
  if (!std::regex_search(query, m, re)) return std::nullopt;
  auto bound = [](std::string v) { return v == "*" ? std::string() : v; };
  return Range{bound(m[1]), bound(m[2])};
}

std::optional<Range> CtgovDateFilter(const std::string& query) {
  static const std::regex re(R"(RANGE\s*\[\s*([^,\]]*?)\s*,\s*([^\]]*?)\s*\])", std::regex::icase);
  std::smatch m;
  if (!std::regex_search(query, m, re)) return std::nullopt;
  auto bound = [](std::string v) { return (v == "MIN" || v == "MAX") ? std::string() : v; };
  return Range{bound(m[1]), bound(m[2])};
}

// Appends the non-empty, trimmed items of a comma-separated list.
void SplitIds(const std::string& list, std::vector<std::string>* ids) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = std::min(list.find(',', start), list.size());
    size_t b = list.find_first_not_of(" \t\r\n", start);
    size_t e = list.find_last_not_of(" \t\r\n", comma - 1);
    if (b < comma && e != std::string::npos && e >= b) ids->push_back(list.substr(b, e - b + 1));
    start = comma + 1;
  }
}

// Serves one page of the records that pass `keep`: joins the JSON of the
// records at positions [offset, offset + size) of the passing ones, and counts
// them all in *hits.
template <typename Rec, typename Keep>
std::string JsonPage(const std::vector<Rec>& recs, Keep keep, size_t offset, size_t size,
                     size_t* hits) {
  std::string page;
  *hits = 0;
  for (const Rec& r : recs) {
    if (!keep(r)) continue;
    if (*hits >= offset && *hits - offset < size) {
      if (!page.empty()) page += ',';
      page += r.json;
    }
    ++*hits;
  }
  return page;
}

std::string EfetchError(const std::string& msg) {
  return std::string(kEfetchErrorHead) + "<eFetchResult>\n\t<ERROR>" + XmlEscape(msg) +
         "</ERROR>\n</eFetchResult>\n";
}

std::string HtmlErrorPage(int status) {
  const char* reason = status == 500   ? "Internal Server Error"
                       : status == 502 ? "Bad Gateway"
                       : status == 503 ? "Service Temporarily Unavailable"
                                       : "Gateway Time-out";
  std::string title = std::to_string(status) + " " + reason;
  return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
         "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
}

}  // namespace

// ---------------------------------------------------------------------------

struct FakeApis::Impl {
  struct PubmedRec {
    std::string pmid;
    int edat = 0;
    std::shared_ptr<const Blob> blob;  // the file (or the one article) it lives in
    size_t off = 0, len = 0;
    std::string_view xml() const { return blob->bytes.substr(off, len); }
  };
  struct EpmcRec {
    std::string json, first_index_date;
  };
  struct CtgovRec {
    std::string json, nct, updated;
  };
  enum class Endpoint { kEsearch, kEfetch, kEpmcSearch, kCtgovStudies, kUnknown };

  mutable std::mutex mu;
  std::condition_variable wake;
  bool stopping = false;

  std::unordered_map<std::string, PubmedRec> pubmed;
  std::vector<const PubmedRec*> order;  // EDAT desc, PMID desc
  std::string translation, warning;
  std::string history_webenv;
  std::vector<std::string> history_ids;
  int webenv_seq = 0;
  double efetch_delay = 0;

  std::vector<EpmcRec> epmc;
  std::vector<CtgovRec> ctgov;
  std::unordered_set<std::string> nct_ids;
  int clone_seq = 0;

  std::deque<Fault> faults;
  std::vector<std::pair<uint64_t, Request>> log;
  uint64_t next_seq = 0;

  httplib::Server server;
  std::thread thread;
  int port = 0;

  // -- state helpers (callers hold mu)
  static bool Later(const PubmedRec* a, const PubmedRec* b) {
    if (a->edat != b->edat) return a->edat > b->edat;
    if (a->pmid.size() != b->pmid.size()) return a->pmid.size() > b->pmid.size();
    return a->pmid > b->pmid;
  }
  static std::vector<PubmedRec> SplitArticles(std::shared_ptr<const Blob> blob,
                                              const std::string& path);
  void PutPubmed(PubmedRec rec);                    // keeps `order` sorted
  void PutPubmedBulk(std::vector<PubmedRec> recs);  // rebuilds `order`
  std::pair<size_t, size_t> Window(std::optional<int> min_day, std::optional<int> max_day) const;
  void AddCtgov(json study, const std::string& nct);
  static EpmcRec MakeEpmc(const json& result) {
    auto date = result.find("firstIndexDate");
    bool has = date != result.end() && date->is_string();
    return {result.dump(), has ? date->get<std::string>() : std::string()};
  }

  // -- serving
  void Route(Endpoint ep, const char* pattern);
  void Serve(Endpoint ep, const httplib::Request& req, httplib::Response& res);
  std::optional<Fault> TakeFault(const std::string& path);
  void ApplyFault(const Fault& f, Endpoint ep, const httplib::Request& req, httplib::Response& res);
  void Answer(Endpoint ep, const httplib::Request& req, httplib::Response& res);
  void Esearch(const httplib::Request& req, httplib::Response& res);
  void Efetch(const httplib::Request& req, httplib::Response& res);
  void EpmcSearch(const httplib::Request& req, httplib::Response& res);
  void CtgovStudies(const httplib::Request& req, httplib::Response& res);
  void Sleep(double seconds);
};

// ---- state

// The <PubmedArticle>s of a PubmedArticleSet, keyed by their first <PMID>
// (MedlineCitation's); EDATs are left 0.
std::vector<FakeApis::Impl::PubmedRec> FakeApis::Impl::SplitArticles(
    std::shared_ptr<const Blob> blob, const std::string& path) {
  constexpr std::string_view kOpen = "<PubmedArticle>", kClose = "</PubmedArticle>";
  std::string_view text = blob->bytes;
  std::vector<PubmedRec> recs;
  for (size_t at = Find(text, kOpen, 0); at != std::string_view::npos; at = Find(text, kOpen, at)) {
    size_t end = Find(text, kClose, at);
    if (end == std::string_view::npos)
      throw std::runtime_error("FakeApis: unclosed article in " + path);
    end += kClose.size();
    std::string_view art = text.substr(at, end - at);
    size_t p = art.find("<PMID");
    size_t gt = p == std::string_view::npos ? p : art.find('>', p);
    size_t lt = gt == std::string_view::npos ? gt : art.find('<', gt);
    if (lt == std::string_view::npos)
      throw std::runtime_error("FakeApis: article without PMID in " + path);
    recs.push_back({std::string(art.substr(gt + 1, lt - gt - 1)), 0, blob, at, end - at});
    at = end;
  }
  return recs;
}

void FakeApis::Impl::PutPubmed(PubmedRec rec) {
  auto it = pubmed.find(rec.pmid);
  if (it != pubmed.end()) {
    order.erase(std::find(order.begin(), order.end(), &it->second));
    it->second = std::move(rec);
  } else {
    it = pubmed.emplace(rec.pmid, std::move(rec)).first;
  }
  order.insert(std::upper_bound(order.begin(), order.end(), &it->second, Later), &it->second);
}

void FakeApis::Impl::PutPubmedBulk(std::vector<PubmedRec> recs) {
  for (PubmedRec& rec : recs) {
    std::string pmid = rec.pmid;
    pubmed.insert_or_assign(std::move(pmid), std::move(rec));
  }
  order.clear();
  for (const auto& [pmid, rec] : pubmed) order.push_back(&rec);
  std::sort(order.begin(), order.end(), Later);
}

// The [begin, end) positions of `order` whose EDAT lies in [min_day, max_day].
std::pair<size_t, size_t> FakeApis::Impl::Window(std::optional<int> min_day,
                                                 std::optional<int> max_day) const {
  auto first = std::partition_point(order.begin(), order.end(), [&](const PubmedRec* r) {
    return max_day && r->edat > *max_day;
  });
  auto last = std::partition_point(
      first, order.end(), [&](const PubmedRec* r) { return !min_day || r->edat >= *min_day; });
  return {static_cast<size_t>(first - order.begin()), static_cast<size_t>(last - order.begin())};
}

void FakeApis::Impl::AddCtgov(json study, const std::string& nct) {
  CtgovRec rec;
  rec.nct = nct;
  rec.updated = study.value(json::json_pointer("/protocolSection/statusModule/"
                                               "lastUpdatePostDateStruct/date"),
                            std::string());
  rec.json = study.dump();
  nct_ids.insert(nct);
  ctgov.push_back(std::move(rec));
}

void FakeApis::Impl::Sleep(double seconds) {
  if (seconds <= 0) return;
  std::unique_lock<std::mutex> lock(mu);
  wake.wait_for(lock, std::chrono::duration<double>(seconds), [this] { return stopping; });
}

// ---- request plumbing

void FakeApis::Impl::Route(Endpoint ep, const char* pattern) {
  auto handler = [this, ep](const httplib::Request& req, httplib::Response& res) {
    Serve(ep, req, res);
  };
  server.Get(pattern, handler);
  server.Post(pattern, handler);
}

void FakeApis::Impl::Serve(Endpoint ep, const httplib::Request& req, httplib::Response& res) {
  uint64_t seq;
  {
    std::lock_guard<std::mutex> lock(mu);
    seq = next_seq++;
    log.push_back({seq, Request{Clock::now(), req.method, req.path, req.params, 0}});
  }
  std::optional<Fault> fault = TakeFault(req.path);
  if (fault) {
    ApplyFault(*fault, ep, req, res);
  } else {
    Answer(ep, req, res);
  }
  std::lock_guard<std::mutex> lock(mu);
  for (auto it = log.rbegin(); it != log.rend(); ++it) {
    if (it->first == seq) {
      it->second.status = res.status;
      break;
    }
  }
}

std::optional<FakeApis::Fault> FakeApis::Impl::TakeFault(const std::string& path) {
  std::lock_guard<std::mutex> lock(mu);
  for (auto it = faults.begin(); it != faults.end(); ++it) {
    if (!Contains(path, it->path_contains)) continue;
    Fault f = *it;
    if (--it->times <= 0) faults.erase(it);
    return f;
  }
  return std::nullopt;
}

void FakeApis::Impl::ApplyFault(const Fault& f, Endpoint ep, const httplib::Request& req,
                                httplib::Response& res) {
  using K = Fault::Kind;
  switch (f.kind) {
    case K::k429RetryAfter:
      res.set_header("Retry-After", std::to_string(f.retry_after_seconds));
      [[fallthrough]];
    case K::k429NoRetryAfter:
    case K::k429NcbiJson:
      res.status = 429;
      res.set_content(kNcbi429Body, "application/json");
      return;
    case K::k500:
    case K::k502:
    case K::k503:
    case K::k504: {
      int status = f.kind == K::k500   ? 500
                   : f.kind == K::k502 ? 502
                   : f.kind == K::k503 ? 503
                                       : 504;
      res.status = status;
      res.set_content(HtmlErrorPage(status), "text/html");
      return;
    }
    case K::k400:
      res.status = 400;
      res.set_content("Invalid query syntax", "text/plain");
      return;
    case K::kErrorBody:
      res.status = 200;
      if (ep == Endpoint::kEsearch) {
        res.set_content(std::string(kEsearchHead) +
                            "<eSearchResult><ERROR>Search Backend failed: Database is not "
                            "supported: pubmed</ERROR></eSearchResult>\n",
                        kXmlType);
      } else if (ep == Endpoint::kEfetch) {
        res.set_content(EfetchError("Search Backend failed: Database is not supported: pubmed"),
                        kXmlType);
      } else {
        res.set_content(R"({"errCode":500,"errMsg":"Search backend failed: internal error"})",
                        kJsonType);
      }
      return;
    case K::kStall:
      Sleep(f.stall_seconds);
      Answer(ep, req, res);
      return;
    case K::kTruncated:
      Answer(ep, req, res);
      res.body.resize(res.body.size() / 2);
      return;
    case K::kReset: {
      Answer(ep, req, res);
      auto body = std::make_shared<std::string>(std::move(res.body));
      res.body.clear();
      std::string type = res.get_header_value("Content-Type");
      res.set_content_provider(body->size(), type, [body](size_t, size_t, httplib::DataSink& sink) {
        sink.write(body->data(), body->size() / 2);
        return false;  // cuts the connection mid-body
      });
      return;
    }
  }
}

void FakeApis::Impl::Answer(Endpoint ep, const httplib::Request& req, httplib::Response& res) {
  res.status = 200;
  switch (ep) {
    case Endpoint::kEsearch:
      return Esearch(req, res);
    case Endpoint::kEfetch:
      return Efetch(req, res);
    case Endpoint::kEpmcSearch:
      return EpmcSearch(req, res);
    case Endpoint::kCtgovStudies:
      return CtgovStudies(req, res);
    case Endpoint::kUnknown:
      res.status = 404;
      res.set_content("Not Found: " + req.path, "text/plain");
      return;
  }
}

// ---- PubMed

void FakeApis::Impl::Esearch(const httplib::Request& req, httplib::Response& res) {
  std::string term = Param(req, "term");
  size_t retstart = SizeParam(req, "retstart", 0);
  size_t retmax = std::min<size_t>(SizeParam(req, "retmax", 20), 10000);
  auto error = [&](const std::string& msg) {
    res.set_content(std::string(kEsearchHead) + "<eSearchResult><ERROR>" + XmlEscape(msg) +
                        "</ERROR></eSearchResult>\n",
                    kXmlType);
  };
  if (retstart > kEsearchMaxPositions - 1) return error(kRetstartError);
  std::optional<int> min_day, max_day;
  std::string mindate = Param(req, "mindate"), maxdate = Param(req, "maxdate");
  if (!mindate.empty() && !maxdate.empty()) {  // PubMed ignores one without the other
    min_day = ParseDay(mindate, false);
    max_day = ParseDay(maxdate, true);
    if (!min_day || !max_day)
      return error("Invalid date: mindate=" + mindate + " maxdate=" + maxdate);
  }
  bool history = Param(req, "usehistory") == "y";

  std::lock_guard<std::mutex> lock(mu);
  auto [begin, end] =
      Contains(term, "nomatch") ? std::pair<size_t, size_t>{0, 0} : Window(min_day, max_day);
  size_t count = end - begin;
  size_t from = std::min(count, retstart);
  size_t to = std::min({count, retstart + retmax, kEsearchMaxPositions});
  std::string out = kEsearchHead;
  out += "<eSearchResult><Count>" + std::to_string(count) + "</Count><RetMax>" +
         std::to_string(to - from) + "</RetMax><RetStart>" + std::to_string(retstart) +
         "</RetStart>";
  if (history) {
    char webenv[64];
    std::snprintf(webenv, sizeof webenv, "MCID_6927d6e7fee3e90f%08x", ++webenv_seq);
    history_webenv = webenv;
    history_ids.clear();
    for (size_t i = begin; i < end; ++i) history_ids.push_back(order[i]->pmid);
    out += "<QueryKey>1</QueryKey><WebEnv>" + history_webenv + "</WebEnv>";
  }
  if (from == to) {
    out += "<IdList/>";
  } else {
    out += "<IdList>\n";
    for (size_t i = from; i < to; ++i) out += "<Id>" + order[begin + i]->pmid + "</Id>\n";
    out += "</IdList>";
  }
  out += "<TranslationSet/><QueryTranslation>" +
         XmlEscape(translation.empty() ? term : translation) + "</QueryTranslation>";
  if (!warning.empty()) {
    out += "<ErrorList><PhraseNotFound>" + XmlEscape(warning) +
           "</PhraseNotFound></ErrorList><WarningList><OutputMessage>No items found."
           "</OutputMessage></WarningList>";
  }
  out += "</eSearchResult>\n";
  res.set_content(out, kXmlType);
}

void FakeApis::Impl::Efetch(const httplib::Request& req, httplib::Response& res) {
  double delay;
  {
    std::lock_guard<std::mutex> lock(mu);
    delay = efetch_delay;
  }
  Sleep(delay);
  std::vector<std::string> ids;
  for (size_t n = 0; n < req.get_param_value_count("id"); ++n)
    SplitIds(req.get_param_value("id", n), &ids);
  std::lock_guard<std::mutex> lock(mu);
  std::string webenv = Param(req, "WebEnv");
  if (ids.empty() && !webenv.empty()) {
    if (webenv != history_webenv || Param(req, "query_key", "1") != "1") {
      res.status = 400;
      res.set_content(EfetchError("Unable to obtain query #1"), kXmlType);
      return;
    }
    size_t start = std::min(SizeParam(req, "retstart", 0), history_ids.size());
    size_t stop = std::min(history_ids.size(), start + SizeParam(req, "retmax", 20));
    ids.assign(history_ids.begin() + start, history_ids.begin() + stop);
  } else if (ids.empty()) {
    res.status = 400;
    res.set_content(EfetchError("Empty id list - nothing todo"), kXmlType);
    return;
  }
  std::string out = kPubmedSetHead;
  for (const std::string& id : ids) {
    auto it = pubmed.find(id);
    if (it == pubmed.end()) continue;
    out += it->second.xml();
    out += '\n';
  }
  out += "</PubmedArticleSet>\n";
  res.set_content(out, kXmlType);
}

// ---- Europe PMC

void FakeApis::Impl::EpmcSearch(const httplib::Request& req, httplib::Response& res) {
  std::string query = Param(req, "query");
  std::string cursor = Param(req, "cursorMark", "*");
  std::string result_type = Param(req, "resultType", "lite");
  size_t page_size = SizeParam(req, "pageSize", 25);
  page_size = page_size == 0 ? 25 : std::min<size_t>(page_size, 1000);
  std::optional<size_t> offset =
      cursor == "*" ? std::optional<size_t>(0) : DecodeToken("epmc", cursor);
  if (!offset) {
    res.status = 400;
    res.set_content(json{{"errCode", 400}, {"errMsg", "Invalid cursorMark: " + cursor}}.dump(),
                    kJsonType);
    return;
  }
  std::optional<Range> dates = EpmcDateFilter(query);
  bool none = Contains(query, "nomatch");
  size_t hits = 0;
  std::string results;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto keep = [&](const EpmcRec& r) {
      return !none && (!dates || dates->Holds(r.first_index_date));
    };
    results = JsonPage(epmc, keep, *offset, page_size, &hits);
  }
  json request = {{"queryString", query},
                  {"resultType", result_type},
                  {"cursorMark", PercentEncode(cursor)},
                  {"pageSize", page_size},
                  {"sort", Param(req, "sort")},
                  {"synonym", Param(req, "synonym") == "true"}};
  std::string out = R"({"version":"6.9","hitCount":)" + std::to_string(hits);
  if (hits > 0) {
    bool more = *offset + page_size < hits;
    std::string next = more ? EncodeToken("epmc", *offset + page_size) : cursor;
    out += R"(,"nextCursorMark":)" + json(next).dump();
    if (more) {
      std::string url = "http://127.0.0.1:" + std::to_string(port) + kEpmcPrefix +
                        "/search?query=" + PercentEncode(query) +
                        "&cursorMark=" + PercentEncode(next);
      out += R"(,"nextPageUrl":)" + json(url).dump();
    }
  }
  out += R"(,"request":)" + request.dump() + R"(,"resultList":{"result":[)" + results + "]}}";
  res.set_content(out, kJsonType);
}

// ---- ClinicalTrials.gov

void FakeApis::Impl::CtgovStudies(const httplib::Request& req, httplib::Response& res) {
  std::string query;
  for (const auto& [key, value] : req.params) {
    if (key.rfind("query.", 0) == 0 || key.rfind("filter.", 0) == 0) query += value + " ";
  }
  size_t page_size = SizeParam(req, "pageSize", 10);
  page_size = page_size == 0 ? 10 : std::min<size_t>(page_size, 1000);
  std::string token = Param(req, "pageToken");
  std::optional<size_t> offset =
      token.empty() ? std::optional<size_t>(0) : DecodeToken("ctgov", token);
  if (!offset) {
    res.status = 400;
    res.set_content("pageToken: invalid value " + token, "text/plain");
    return;
  }
  std::optional<Range> dates = CtgovDateFilter(query);
  bool none = Contains(query, "nomatch");
  size_t hits = 0;
  std::string studies;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto keep = [&](const CtgovRec& r) { return !none && (!dates || dates->Holds(r.updated)); };
    studies = JsonPage(ctgov, keep, *offset, page_size, &hits);
  }
  std::string out = "{";
  if (token.empty() && Param(req, "countTotal") == "true") {
    out += R"("totalCount":)" + std::to_string(hits) + ",";
  }
  out += R"("studies":[)" + studies + "]";
  if (*offset + page_size < hits) {
    out += R"(,"nextPageToken":)" + json(EncodeToken("ctgov", *offset + page_size)).dump();
  }
  out += "}";
  res.set_content(out, kJsonType);
}

// ---------------------------------------------------------------------------
// Public API

FakeApis::FakeApis() : impl_(std::make_unique<Impl>()) {
  Impl& s = *impl_;
  s.server.new_task_queue = [] { return new httplib::ThreadPool(32); };
  s.server.set_keep_alive_timeout(2);
  s.Route(Impl::Endpoint::kEsearch, (std::string(kPubmedPrefix) + "/esearch.fcgi").c_str());
  s.Route(Impl::Endpoint::kEfetch, (std::string(kPubmedPrefix) + "/efetch.fcgi").c_str());
  s.Route(Impl::Endpoint::kEpmcSearch, (std::string(kEpmcPrefix) + "/search").c_str());
  s.Route(Impl::Endpoint::kCtgovStudies, (std::string(kCtgovPrefix) + "/studies").c_str());
  s.Route(Impl::Endpoint::kUnknown, ".*");
  s.port = s.server.bind_to_any_port("127.0.0.1");
  if (s.port <= 0) throw std::runtime_error("FakeApis: cannot bind 127.0.0.1");
  s.thread = std::thread([&s] { s.server.listen_after_bind(); });
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!s.server.is_running() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!s.server.is_running()) {
    s.thread.join();
    throw std::runtime_error("FakeApis: server did not start");
  }
}

FakeApis::~FakeApis() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::string FakeApis::base_url() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }
std::string FakeApis::pubmed_url() const { return base_url() + kPubmedPrefix; }
std::string FakeApis::europepmc_url() const { return base_url() + kEpmcPrefix; }
std::string FakeApis::ctgov_url() const { return base_url() + kCtgovPrefix; }
int FakeApis::port() const { return impl_->port; }

void FakeApis::LoadPubmedCorpus(const std::string& xml_path, const std::string& first_edat,
                                const std::string& last_edat) {
  int first = DayOrThrow(first_edat), last = DayOrThrow(last_edat);
  std::vector<Impl::PubmedRec> recs = Impl::SplitArticles(ReadBlob(xml_path), xml_path);
  size_t n = recs.size();
  for (size_t i = 0; i < n; ++i) {
    recs[i].edat =
        n < 2 ? first
              : first + static_cast<int>((static_cast<long long>(last - first) * i) / (n - 1));
  }
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->PutPubmedBulk(std::move(recs));
}

void FakeApis::AddPubmedRecord(std::string article_xml, std::string pmid, std::string edat) {
  if (pmid.empty()) {
    pugi::xml_document doc;
    if (doc.load_buffer(article_xml.data(), article_xml.size())) {
      pmid = doc.select_node("/PubmedArticle/MedlineCitation/PMID").node().text().as_string();
    }
    if (pmid.empty()) throw std::runtime_error("FakeApis: no PMID in the article given");
  }
  auto blob = std::make_shared<Blob>();
  blob->owned = std::move(article_xml);
  blob->bytes = blob->owned;
  Impl::PubmedRec rec{std::move(pmid), DayOrThrow(edat), blob, 0, blob->bytes.size()};
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->PutPubmed(std::move(rec));
}

void FakeApis::RemoveAllPubmed() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->order.clear();
  impl_->pubmed.clear();
}

size_t FakeApis::pubmed_size() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->pubmed.size();
}

std::vector<std::string> FakeApis::PubmedIdsBetween(const std::string& mindate,
                                                    const std::string& maxdate) const {
  std::optional<int> lo, hi;
  if (!mindate.empty()) lo = ParseDay(mindate, false);
  if (!maxdate.empty()) hi = ParseDay(maxdate, true);
  if (lo.has_value() != !mindate.empty() || hi.has_value() != !maxdate.empty()) {
    throw std::runtime_error("FakeApis: bad date '" + mindate + "' or '" + maxdate + "'");
  }
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto [begin, end] = impl_->Window(lo, hi);
  std::vector<std::string> ids;
  for (size_t i = begin; i < end; ++i) ids.push_back(impl_->order[i]->pmid);
  return ids;
}

void FakeApis::LoadEuropePmc(const std::string& json_path) {
  json doc = ParseJsonFile(json_path);
  std::vector<json> pages = doc.is_array() ? doc.get<std::vector<json>>() : std::vector<json>{doc};
  std::vector<Impl::EpmcRec> recs;
  for (const json& page : pages) {
    if (!page.is_object()) throw std::runtime_error("FakeApis: unexpected JSON in " + json_path);
    if (!page.contains("resultList")) {  // a bare result object
      recs.push_back(Impl::MakeEpmc(page));
      continue;
    }
    for (const json& r : page["resultList"].value("result", json::array())) {
      recs.push_back(Impl::MakeEpmc(r));
    }
  }
  std::lock_guard<std::mutex> lock(impl_->mu);
  for (auto& r : recs) impl_->epmc.push_back(std::move(r));
}

void FakeApis::AddEuropePmcResult(std::string result_json) {
  json r = json::parse(result_json, nullptr, false);
  if (!r.is_object()) {
    throw std::runtime_error("FakeApis: a Europe PMC result must be a JSON object");
  }
  Impl::EpmcRec rec = Impl::MakeEpmc(r);
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->epmc.push_back(std::move(rec));
}

size_t FakeApis::europepmc_size() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->epmc.size();
}

void FakeApis::LoadCtgovStudy(const std::string& json_path, int copies) {
  json study = ParseJsonFile(json_path);
  const json::json_pointer kNct("/protocolSection/identificationModule/nctId");
  const json::json_pointer kStatus("/protocolSection/statusModule");
  if (!study.is_object() || !study.contains(kNct)) {
    throw std::runtime_error("FakeApis: no protocolSection.identificationModule.nctId in " +
                             json_path);
  }
  std::string real_nct = study[kNct].get<std::string>();
  std::optional<int> updated = ParseDay(
      study.value(json::json_pointer("/protocolSection/statusModule/lastUpdatePostDateStruct/date"),
                  std::string()),
      false);
  std::lock_guard<std::mutex> lock(impl_->mu);
  for (int k = 0; k < copies; ++k) {
    if (k == 0 && !impl_->nct_ids.count(real_nct)) {
      impl_->AddCtgov(study, real_nct);
      continue;
    }
    char nct[16];
    std::snprintf(nct, sizeof nct, "NCT9%07d", ++impl_->clone_seq);
    json clone = study;
    clone[kNct] = nct;
    if (updated) {
      clone[kStatus]["lastUpdatePostDateStruct"]["date"] = FormatDay(*updated - k);
      clone[kStatus]["lastUpdateSubmitDate"] = FormatDay(*updated - k - 1);
    }
    impl_->AddCtgov(std::move(clone), nct);
  }
}

size_t FakeApis::ctgov_size() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->ctgov.size();
}

std::vector<std::string> FakeApis::CtgovIds() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<std::string> ids;
  for (const auto& r : impl_->ctgov) ids.push_back(r.nct);
  return ids;
}

void FakeApis::SetQueryTranslation(std::string t) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->translation = std::move(t);
}

void FakeApis::SetPubmedWarning(std::string phrase_not_found) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->warning = std::move(phrase_not_found);
}

void FakeApis::Inject(Fault f) {
  if (f.times <= 0) return;
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->faults.push_back(std::move(f));
}

void FakeApis::ClearFaults() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->faults.clear();
}

size_t FakeApis::pending_faults() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  size_t n = 0;
  for (const Fault& f : impl_->faults) n += static_cast<size_t>(f.times);
  return n;
}

void FakeApis::SetEfetchDelay(double seconds) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->efetch_delay = seconds;
}

std::vector<FakeApis::Request> FakeApis::requests() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<Request> out;
  for (const auto& entry : impl_->log) out.push_back(entry.second);
  return out;
}

void FakeApis::ClearRequests() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->log.clear();
}

int FakeApis::CountRequests(const std::string& path_contains) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return static_cast<int>(std::count_if(impl_->log.begin(), impl_->log.end(), [&](const auto& e) {
    return Contains(e.second.path, path_contains);
  }));
}

}  // namespace winnow_test
