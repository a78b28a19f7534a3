// FakeApis::Impl, the state and request handlers behind fake_apis.h, shared
// by fake_apis.cc (the public methods) and fake_apis_handlers.cc (serving).
// Impl holds every corpus behind one mutex; handlers copy what they need under
// the lock, and sleep (stalls, efetch delay) outside it on a condition variable
// that the destructor wakes.
#ifndef WINNOW_TESTS_FETCH_FAKE_APIS_IMPL_H_
#define WINNOW_TESTS_FETCH_FAKE_APIS_IMPL_H_

#include <httplib.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "tests/fetch/fake_apis.h"
#include "tests/fetch/fake_apis_util.h"

namespace winnow_test {

struct FakeApis::Impl {
  struct PubmedRec {
    std::string pmid;
    int edat = 0;
    std::shared_ptr<const fake::Blob> blob;  // the file (or the one article) it lives in
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
  static std::vector<PubmedRec> SplitArticles(std::shared_ptr<const fake::Blob> blob,
                                              const std::string& path);
  void PutPubmed(PubmedRec rec);                    // keeps `order` sorted
  void PutPubmedBulk(std::vector<PubmedRec> recs);  // rebuilds `order`
  std::pair<size_t, size_t> Window(std::optional<int> min_day, std::optional<int> max_day) const;
  void AddCtgov(fake::json study, const std::string& nct);
  static EpmcRec MakeEpmc(const fake::json& result) {
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

}  // namespace winnow_test

#endif  // WINNOW_TESTS_FETCH_FAKE_APIS_IMPL_H_
