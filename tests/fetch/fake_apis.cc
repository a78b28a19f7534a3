// The fake E-utilities / Europe PMC / ClinicalTrials.gov server of
// fake_apis.h. Impl holds every corpus behind one mutex; handlers copy what
// they need under the lock, and sleep (stalls, efetch delay) outside it on a
// condition variable that the destructor wakes.
#include "tests/fetch/fake_apis.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <pugixml.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "tests/fetch/fake_apis_impl.h"
#include "tests/fetch/fake_apis_util.h"

namespace winnow_test {

using namespace fake;

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