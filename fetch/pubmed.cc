// PubMed through NCBI E-utilities. A search is esearch (usehistory=y) for the
// count, the query translation and PubMed's errors and warnings, then the
// PMIDs, then efetch of the PMIDs in batches by POST. esearch hands out at
// most 9,999 PMIDs of one search, so a larger search is split into Entrez
// date windows, halved until each is under the cap; the union of the windows
// is checked against the count of the whole search and any shortfall is
// reported (a single day with more than 9,999 records cannot be split).
#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "fetch/connector.h"
#include "fetch/connectors_impl.h"
#include "fetch/http.h"

namespace fetch {

namespace pubmed {

bool SplitWindow(const std::string& from, const std::string& until, std::string* first_until,
                 std::string* second_from) {
  std::chrono::sys_days a, b;
  if (!core::ParseDay(from, &a) || !core::ParseDay(until, &b) || b <= a) return false;
  std::chrono::sys_days mid = a + (b - a) / 2;
  *first_until = core::FormatDay(mid);
  *second_from = core::FormatDay(mid + std::chrono::days(1));
  return true;
}

}  // namespace pubmed

namespace {

// The earliest Entrez date a window needs when the user gave none: older
// than any PubMed record.
constexpr const char* kEarliest = "1800-01-01";
constexpr int kDefaultBatch = 500;

std::string NcbiDate(const std::string& day) {
  std::string d = day;
  std::replace(d.begin(), d.end(), '-', '/');
  return d;
}

class PubmedConnector : public HttpConnector {
 public:
  explicit PubmedConnector(const ConnectorConfig& config)
      : HttpConnector(config, "PubMed", "NCBI E-utilities (esearch/efetch)") {}

  std::string source() const override { return "pubmed"; }

  // One esearch of `query` with no date limit (pubmed::Search).
  core::Status SearchOnce(const std::string& query, int64_t retmax, core::EutilsResponse* out) {
    return Esearch(query, "", "", retmax, out);
  }

 private:
  std::vector<std::pair<std::string, std::string>> Common() const {
    std::vector<std::pair<std::string, std::string>> p = {{"db", "pubmed"}, {"tool", "winnow"}};
    if (!config_.email.empty()) p.emplace_back("email", config_.email);
    if (!config_.api_key.empty()) p.emplace_back("api_key", config_.api_key);
    return p;
  }

  // One esearch of `query` in [from, until] (both empty = no date limit).
  core::Status Esearch(const std::string& query, const std::string& from, const std::string& until,
                       int64_t retmax, core::EutilsResponse* out) {
    auto params = Common();
    params.emplace_back("term", query);
    params.emplace_back("retmode", "xml");
    params.emplace_back("retstart", "0");
    params.emplace_back("retmax", std::to_string(retmax));
    params.emplace_back("usehistory", "y");
    if (!from.empty() || !until.empty()) {
      params.emplace_back("datetype", "edat");
      params.emplace_back("mindate", NcbiDate(from.empty() ? kEarliest : from));
      params.emplace_back("maxdate", NcbiDate(until.empty() ? core::TodayUtc() : until));
    }
    HttpRequest req;
    req.method = "POST";  // a long strategy does not fit a URL
    req.url = config_.base_url + "/esearch.fcgi";
    req.body = FormEncode(params);
    HttpResponse res;
    core::EutilsResponse parsed;
    auto check = [this, &parsed](const HttpResponse& r) {
      BodyVerdict v = CheckXmlBody(r, config_.eutils_reader, &parsed);
      if (v.kind != BodyVerdict::Kind::kOk) return v;
      if (parsed.root != "eSearchResult" || parsed.count < 0) {
        return BodyVerdict::Retry("esearch: not an eSearchResult with a Count");
      }
      return BodyVerdict::Ok();
    };
    WINNOW_RETURN_IF_ERROR(fetcher_.Fetch(req, check, &res));
    *out = std::move(parsed);
    return core::Status::Ok();
  }

  // Gathers the PMIDs of `query` in [from, until] into ids_, halving the
  // window while it holds more than esearch hands out.
  core::Status Gather(const std::string& query, const std::string& from, const std::string& until,
                      SearchReport* report) {
    core::EutilsResponse r;
    WINNOW_RETURN_IF_ERROR(Esearch(query, from, until, pubmed::kMaxIds, &r));
    ++windows_;
    if (r.count <= pubmed::kMaxIds) {
      ids_.insert(r.ids.begin(), r.ids.end());
      return core::Status::Ok();
    }
    std::string first_until, second_from;
    if (!pubmed::SplitWindow(from, until, &first_until, &second_from)) {
      ids_.insert(r.ids.begin(), r.ids.end());
      report->warnings.push_back("Entrez date " + from + " alone has " + std::to_string(r.count) +
                                 " records; PubMed hands out " + std::to_string(pubmed::kMaxIds) +
                                 " per search, so " + std::to_string(r.count - pubmed::kMaxIds) +
                                 " of that day could not be fetched");
      return core::Status::Ok();
    }
    spdlog::debug("pubmed: {}..{} has {} records; splitting", from, until, r.count);
    WINNOW_RETURN_IF_ERROR(Gather(query, from, first_until, report));
    return Gather(query, second_from, until, report);
  }

  core::Status Efetch(const std::vector<std::string>& ids, size_t batch_no, std::string* body,
                      int64_t* articles) {
    auto params = Common();
    params.emplace_back("retmode", "xml");
    std::string joined;
    for (const std::string& id : ids) {
      if (!joined.empty()) joined += ',';
      joined += id;
    }
    params.emplace_back("id", joined);
    HttpRequest req;
    req.method = "POST";
    req.url = config_.base_url + "/efetch.fcgi";
    req.body = FormEncode(params);
    HttpResponse res;
    core::EutilsResponse parsed;
    auto check = [this, batch_no, &parsed](const HttpResponse& r) {
      BodyVerdict v = CheckXmlBody(r, config_.eutils_reader, &parsed);
      if (v.kind != BodyVerdict::Kind::kOk) return v;
      if (parsed.root != "PubmedArticleSet") {
        return BodyVerdict::Retry("efetch batch " + std::to_string(batch_no) +
                                  ": not a PubmedArticleSet");
      }
      return BodyVerdict::Ok();
    };
    WINNOW_RETURN_IF_ERROR(fetcher_.Fetch(req, check, &res));
    *body = std::move(res.body);
    *articles = parsed.articles;
    return core::Status::Ok();
  }

  core::Status RunSearch(const std::string& query, const DateWindow& window,
                         const PayloadSink& sink, SearchReport* report) override {
    report->query_sent = query;  // date limits go in their own parameters
    if (config_.eutils_reader == nullptr) {
      return core::Status::Internal("pubmed connector without an E-utilities XML reader");
    }
    WINNOW_RETURN_IF_ERROR(GatherAll(query, window, report));
    CheckUnion(report);
    // PMIDs in ascending order, so batches do not depend on window order.
    std::vector<std::string> ids(ids_.begin(), ids_.end());
    std::sort(ids.begin(), ids.end(), [](const std::string& a, const std::string& b) {
      return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    size_t batch = static_cast<size_t>(PageSize(kDefaultBatch));
    for (size_t i = 0, n = 1; i < ids.size(); i += batch, ++n) {
      std::vector<std::string> part(ids.begin() + i, ids.begin() + std::min(ids.size(), i + batch));
      Payload p;
      WINNOW_RETURN_IF_ERROR(FetchBatch(part, n, &p, report));
      WINNOW_RETURN_IF_ERROR(sink(std::move(p)));
    }
    return core::Status::Ok();
  }

  // The whole search first (its count is what the windows must add up to),
  // then, past the cap, its Entrez-date windows.
  core::Status GatherAll(const std::string& query, const DateWindow& window,
                         SearchReport* report) {
    core::EutilsResponse top;
    WINNOW_RETURN_IF_ERROR(Esearch(query, window.from, window.until, pubmed::kMaxIds, &top));
    report->hits = top.count;
    report->translation = top.translation;
    for (const std::string& e : top.errors) report->warnings.push_back(e);
    for (const std::string& w : top.warnings) report->warnings.push_back(w);
    if (top.count <= pubmed::kMaxIds) {
      ids_.insert(top.ids.begin(), top.ids.end());
      return core::Status::Ok();
    }
    std::string from = window.from.empty() ? kEarliest : window.from;
    std::string until = window.until.empty() ? core::TodayUtc() : window.until;
    std::string first_until, second_from;
    if (!pubmed::SplitWindow(from, until, &first_until, &second_from)) {
      WINNOW_RETURN_IF_ERROR(Gather(query, from, until, report));
    } else {
      WINNOW_RETURN_IF_ERROR(Gather(query, from, first_until, report));
      WINNOW_RETURN_IF_ERROR(Gather(query, second_from, until, report));
    }
    spdlog::info("pubmed: {} records gathered in {} Entrez-date windows", ids_.size(), windows_);
    return core::Status::Ok();
  }

  // The union of the windows against the count of the whole search.
  void CheckUnion(SearchReport* report) const {
    report->ids = static_cast<int64_t>(ids_.size());
    if (report->ids < report->hits) {
      report->complete = false;
      report->warnings.push_back("PubMed reported " + std::to_string(report->hits) +
                                 " records but only " + std::to_string(report->ids) +
                                 " could be gathered (" +
                                 std::to_string(report->hits - report->ids) + " missing)");
    } else if (report->ids > report->hits) {
      report->warnings.push_back(std::to_string(report->ids - report->hits) +
                                 " more records than the count PubMed reported (records added "
                                 "while the search ran)");
    }
  }

  // One efetch batch into *p. PubMed sometimes leaves out a record it
  // listed: a short batch is asked for once more, then reported.
  core::Status FetchBatch(const std::vector<std::string>& part, size_t n, Payload* p,
                          SearchReport* report) {
    p->format = "pubmed-xml";
    p->label = "efetch batch " + std::to_string(n);
    p->expected_records = static_cast<int64_t>(part.size());
    int64_t got = 0;
    WINNOW_RETURN_IF_ERROR(Efetch(part, n, &p->body, &got));
    if (got >= p->expected_records) return core::Status::Ok();
    spdlog::warn("pubmed: efetch batch {} returned {} of {} records; asking again", n, got,
                 part.size());
    std::string again;
    int64_t got_again = 0;
    WINNOW_RETURN_IF_ERROR(Efetch(part, n, &again, &got_again));
    if (got_again > got) {
      p->body = std::move(again);
      got = got_again;
    }
    if (got < p->expected_records) {
      report->complete = false;
      report->warnings.push_back("efetch batch " + std::to_string(n) + " returned " +
                                 std::to_string(got) + " of " + std::to_string(part.size()) +
                                 " records");
    }
    return core::Status::Ok();
  }

  std::set<std::string> ids_;
  int windows_ = 0;
};

}  // namespace

core::Status pubmed::Search(const ConnectorConfig& config, const std::string& query,
                            int64_t retmax, core::EutilsResponse* out) {
  if (!config.eutils_reader) return core::Status::Internal("pubmed::Search without an XML reader");
  PubmedConnector connector(config);
  return connector.SearchOnce(query, retmax, out);
}

std::unique_ptr<Connector> MakePubmedConnector(const ConnectorConfig& config) {
  return std::make_unique<PubmedConnector>(config);
}

}  // namespace fetch
