// The request side of the fake server (fake_apis.h): FakeApis::Impl's state
// helpers and the handlers that answer PubMed, Europe PMC and
// ClinicalTrials.gov requests.
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "tests/fetch/fake_apis_impl.h"
#include "tests/fetch/fake_apis_util.h"

namespace winnow_test {

using namespace fake;

// ---- state

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

}  // namespace winnow_test
