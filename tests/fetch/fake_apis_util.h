// Helpers shared by the fake_apis*.cc files: constants, text and date
// helpers, paging tokens and query filters of the fake server (fake_apis.h).
// Private to the fake; not part of its interface.
#ifndef WINNOW_TESTS_FETCH_FAKE_APIS_UTIL_H_
#define WINNOW_TESTS_FETCH_FAKE_APIS_UTIL_H_

#include <httplib.h>
#include <sys/mman.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace winnow_test::fake {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

inline constexpr char kPubmedPrefix[] = "/entrez/eutils";
inline constexpr char kEpmcPrefix[] = "/europepmc/webservices/rest";
inline constexpr char kCtgovPrefix[] = "/ctgov/api/v2";
inline constexpr size_t kEsearchMaxPositions = 9999;  // ids at positions >= this are never returned
inline constexpr char kEsearchHead[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
    "<!DOCTYPE eSearchResult PUBLIC \"-//NLM//DTD esearch 20060628//EN\" "
    "\"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd\">\n";
inline constexpr char kEfetchErrorHead[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
    "<!DOCTYPE eFetchResult PUBLIC \"-//NLM//DTD efetch 20131226//EN\" "
    "\"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd\">\n";
inline constexpr char kPubmedSetHead[] =
    "<?xml version=\"1.0\" ?>\n"
    "<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2025//EN\" "
    "\"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">\n<PubmedArticleSet>\n";
inline constexpr char kRetstartError[] =
    "Search Backend failed: Exception:\n'retstart' cannot be larger than 9998. For PubMed, "
    "ESearch can only retrieve the first 9,999 records matching the query. To obtain more than "
    "9,999 PubMed records, consider using EDirect that contains additional logic to batch PubMed "
    "search results automatically so that an arbitrary number can be retrieved. For details see "
    "https://www.ncbi.nlm.nih.gov/books/NBK25499/";
inline constexpr char kNcbi429Body[] =
    R"({"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"4","limit":"3"})";
// cpp-httplib compresses text/*, and exactly "application/json" or
// "application/xml", whenever the client accepts it — with brotli at its
// slowest setting, which would make the fake, not winnow, the bottleneck.
// Types with a charset parameter are sent as they are.
inline constexpr char kXmlType[] = "application/xml; charset=UTF-8";
inline constexpr char kJsonType[] = "application/json;charset=UTF-8";

// ---- small text helpers

// memmem: far faster than string_view::find on XML, where every other byte is '<'.
size_t Find(std::string_view hay, std::string_view needle, size_t from);

bool Contains(std::string_view hay, std::string_view needle);

std::string XmlEscape(std::string_view s);

std::string PercentEncode(std::string_view s);

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

std::shared_ptr<const Blob> ReadBlob(const std::string& path);

json ParseJsonFile(const std::string& path);

std::string Param(const httplib::Request& req, const char* name, std::string fallback = "");

// A non-negative integer parameter; `fallback` when absent or not a number.
size_t SizeParam(const httplib::Request& req, const char* name, size_t fallback);

// ---- dates: day numbers since 1970-01-01

// "YYYY", "YYYY/MM", "YYYY/MM/DD" (or with '-'); a partial date is the first
// day of its period, or the last one when `end_of_period`.
std::optional<int> ParseDay(std::string_view s, bool end_of_period);

int DayOrThrow(const std::string& s);

std::string FormatDay(int days);

// ---- opaque paging tokens: base64 (no padding) of "<kind>:<offset>"

std::string EncodeToken(std::string_view kind, size_t offset);

std::optional<size_t> DecodeToken(std::string_view kind, std::string_view token);

// ---- query filters

struct Range {
  std::string lo, hi;  // "" = open
  bool Holds(const std::string& v) const {
    return !v.empty() && (lo.empty() || v >= lo) && (hi.empty() || v <= hi);
  }
};
std::optional<Range> EpmcDateFilter(const std::string& query);

std::optional<Range> CtgovDateFilter(const std::string& query);

// Appends the non-empty, trimmed items of a comma-separated list.
void SplitIds(const std::string& list, std::vector<std::string>* ids);

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
std::string EfetchError(const std::string& msg);

std::string HtmlErrorPage(int status);

}  // namespace winnow_test::fake

#endif  // WINNOW_TESTS_FETCH_FAKE_APIS_UTIL_H_
