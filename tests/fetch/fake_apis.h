// winnow_test::FakeApis — a local HTTP server that speaks enough of PubMed
// E-utilities (esearch/efetch), Europe PMC REST (search) and ClinicalTrials.gov
// API v2 (studies) to test the search connectors, serving real records and
// injecting faults (429, 5xx, error bodies, truncated or cut bodies, stalls).
//
// The server listens on 127.0.0.1 on a free port, in its own thread, from the
// constructor (ready when it returns) to the destructor (stops and joins).
// Every method is thread-safe: tests may load data, inject faults and read the
// request log while connectors are talking to the server. Loading functions
// throw std::runtime_error when a file cannot be read or parsed — a fatal
// set-up error in a test.
//
// Endpoints (all answers are built from the loaded corpora):
//   {pubmed_url}/esearch.fcgi  GET/POST  term, retstart, retmax (default 20),
//       usehistory=y, mindate+maxdate (YYYY[/MM[/DD]], inclusive, both or
//       neither, always against EDAT whatever datetype says). Every term
//       matches every record except one containing "nomatch". Ids are sorted
//       by EDAT then PMID, both descending; retstart > 9998 gives PubMed's
//       200 <ERROR> body, and ids past position 9,999 are never returned.
//   {pubmed_url}/efetch.fcgi   GET/POST  id=comma list (unknown ids are
//       omitted) or WebEnv+query_key (+retstart, retmax) of the last
//       usehistory esearch; the articles come in request order. No ids at
//       all: 400 with an eFetchResult <ERROR>.
//   {europepmc_url}/search     GET/POST  query, cursorMark (default "*"),
//       pageSize (default 25, at most 1000). "nomatch" → no hits (the real
//       no-results shape); FIRST_IDATE:[YYYY-MM-DD TO YYYY-MM-DD] ("*" open)
//       filters on each result's firstIndexDate. On the last page, and on an
//       exhausted cursor, nextCursorMark repeats the cursorMark sent. A cursor
//       the server did not issue: 400 with a JSON errMsg.
//   {ctgov_url}/studies        GET/POST  query.term (every query.* and filter.*
//       parameter is searched), pageSize (default 10, at most 1000),
//       pageToken, countTotal=true (totalCount on the first page only).
//       "nomatch" → none; RANGE[a,b] (dates, MIN or MAX) filters on
//       lastUpdatePostDateStruct.date. nextPageToken is absent on the last page;
//       a pageToken the server did not issue: 400.
//   Any other path: 404 (and logged).
#ifndef WINNOW_TESTS_FETCH_FAKE_APIS_H_
#define WINNOW_TESTS_FETCH_FAKE_APIS_H_

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace winnow_test {

class FakeApis {
 public:
  // Starts the server; throws std::runtime_error when no port can be bound.
  FakeApis();
  // Stops the server, waking any stalled or delayed handler, and joins.
  ~FakeApis();
  FakeApis(const FakeApis&) = delete;
  FakeApis& operator=(const FakeApis&) = delete;

  std::string base_url() const;       // "http://127.0.0.1:PORT"
  std::string pubmed_url() const;     // base + "/entrez/eutils"
  std::string europepmc_url() const;  // base + "/europepmc/webservices/rest"
  std::string ctgov_url() const;      // base + "/ctgov/api/v2"
  int port() const;

  // ---- PubMed corpus
  // Appends every <PubmedArticle> of a PubmedArticleSet file (plain XML, as
  // written by shared/tools/make-pubmed-corpus), keyed by its first <PMID>.
  // Record i of n gets the EDAT first_edat + i*(last-first)/(n-1) days, so the
  // dates spread evenly over [first_edat, last_edat] (YYYY/MM/DD or
  // YYYY-MM-DD). A PMID already present is replaced. The file is read into
  // memory once and articles point into it: 30,000 records (325 MB) load in
  // about 0.6 s of CPU. The file may be rewritten or deleted afterwards.
  void LoadPubmedCorpus(const std::string& xml_path, const std::string& first_edat,
                        const std::string& last_edat);
  // Adds (or replaces) one <PubmedArticle>...</PubmedArticle>; pmid "" = read
  // it from MedlineCitation/PMID. edat as above. Throws on a bad date or when
  // no PMID can be found.
  void AddPubmedRecord(std::string article_xml, std::string pmid, std::string edat);
  void RemoveAllPubmed();
  size_t pubmed_size() const;
  // The PMIDs whose EDAT lies in [mindate, maxdate] (same date forms and
  // order as esearch; "" = open end). Throws on a bad date.
  std::vector<std::string> PubmedIdsBetween(const std::string& mindate,
                                            const std::string& maxdate) const;

  // ---- Europe PMC corpus (result objects, served in the order added)
  // Appends resultList.result[] of a search response, or of every page of a
  // JSON array of responses (a plain array of result objects also works).
  void LoadEuropePmc(const std::string& json_path);
  void AddEuropePmcResult(std::string result_json);  // one result object
  size_t europepmc_size() const;

  // ---- ClinicalTrials.gov corpus (studies, served in the order added)
  // Adds a single-study JSON file `copies` times. The first copy keeps its
  // real nctId (unless that id is loaded already); the others are clones with
  // fresh unique ids NCT9xxxxxxx and lastUpdatePostDate (and
  // lastUpdateSubmitDate) moved k days earlier for clone k.
  void LoadCtgovStudy(const std::string& json_path, int copies = 1);
  size_t ctgov_size() const;
  // The nctIds in serving order (for assertions).
  std::vector<std::string> CtgovIds() const;

  // ---- Query behaviour
  // esearch's <QueryTranslation>; "" (the default) = echo the term.
  void SetQueryTranslation(std::string t);
  // When non-empty, esearch adds <ErrorList><PhraseNotFound>phrase</...> and
  // <WarningList><OutputMessage>No items found.</...> (as eutils_esearch8.xml).
  void SetPubmedWarning(std::string phrase_not_found);

  // ---- Faults
  struct Fault {
    enum class Kind {
      k429RetryAfter,    // 429, Retry-After: retry_after_seconds, NCBI's JSON body
      k429NoRetryAfter,  // 429, NCBI's JSON body, no Retry-After
      k429NcbiJson,      // same as k429NoRetryAfter
      k500,              // that status with an HTML error page
      k502,
      k503,
      k504,
      kErrorBody,  // 200: eSearchResult/eFetchResult <ERROR> for E-utilities,
                   // {"errCode","errMsg"} JSON (no resultList/studies) otherwise
      kTruncated,  // 200 with the normal body cut at half its length
      kStall,      // sleeps stall_seconds, then answers normally
      kReset,      // sends headers and half the normal body, then drops the connection
      k400,        // 400, text body "Invalid query syntax"
    };
    Kind kind = Kind::k500;
    std::string path_contains;  // "esearch", "efetch", "/search", "/studies"; "" = any
    int times = 1;              // requests it applies to
    int retry_after_seconds = 1;
    double stall_seconds = 3;
  };
  // Queued in order; each matching request consumes one application of the
  // first fault in the queue whose path_contains it matches.
  void Inject(Fault f);
  void ClearFaults();
  size_t pending_faults() const;  // applications left, summed over the queue

  // Every efetch sleeps this long before answering (0 = off), so a test can
  // kill a client mid-fetch. The sleep ends early when the server stops.
  void SetEfetchDelay(double seconds);

  // ---- Request log
  struct Request {
    std::chrono::steady_clock::time_point at;  // arrival
    std::string method, path;
    std::multimap<std::string, std::string> params;  // query + form body merged
    int status = 0;  // status sent (0 while the request is still being handled)
  };
  std::vector<Request> requests() const;  // in order of arrival
  void ClearRequests();
  int CountRequests(const std::string& path_contains) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace winnow_test

#endif  // WINNOW_TESTS_FETCH_FAKE_APIS_H_
