// Query benchmark: evaluates typical strategies (words, phrases, truncation,
// MeSH, publication types, proximity, dates, a whole filtered strategy) over
// a review of N PubMed records (default 100,000, built by
// shared/tools/make-pubmed-corpus and imported once) and prints, per query,
// the matching works and the evaluation time (best of 3, in-process, warm
// cache) and the first run's time (the first query that looks values up
// builds the indexes a bulk import leaves out), plus peak RSS.
//
// usage: query_bench [N=100000] [--keep]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "app/import.h"
#include "app/query.h"
#include "queries/parser.h"
#include "store/store.h"

namespace fs = std::filesystem;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  int64_t n = 100000;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--keep") {
      keep = true;
    } else {
      n = std::atoll(argv[i]);
    }
  }
  fs::path dir = fs::temp_directory_path() / ("winnow-query-bench-" + std::to_string(n));
  fs::create_directories(dir);
  fs::path corpus = dir / "corpus.xml.gz";
  fs::path db = dir / "review.db";
  if (!fs::exists(db)) {
    std::string cmd = std::string("python3 '") + WINNOW_SHARED_DIR + "/tools/make-pubmed-corpus' " +
                      std::to_string(n) + " '" + corpus.string() + "' > /dev/null";
    if (std::system(cmd.c_str()) != 0) {
      std::fprintf(stderr, "make-pubmed-corpus failed\n");
      return 1;
    }
    std::unique_ptr<store::Store> review;
    if (!store::Store::Create(db.string(), "query bench", &review).ok()) return 1;
    app::ImportOptions io;
    io.source = "pubmed";
    app::ImportSummary s;
    auto t0 = std::chrono::steady_clock::now();
    core::Status st = app::ImportFiles(*review, {corpus.string()}, io, &s);
    if (!st.ok()) {
      std::fprintf(stderr, "import: %s\n", st.ToString().c_str());
      return 1;
    }
    std::printf("imported %lld records in %.1f s\n", static_cast<long long>(s.total.added),
                Seconds(t0));
  }
  std::unique_ptr<store::Store> review;
  if (!store::Store::Open(db.string(), &review).ok()) return 1;
  const char* queries_text[] = {
      "cancer",
      "\"randomized controlled trial\"[pt]",
      "humans[mh] AND female[mh]",
      "random*[tiab]",
      "\"systematic review\"[tiab] OR meta-analysis[pt]",
      "\"pulmonary embolism\"[tiab:~3]",
      "2015:2020[dp] AND english[la]",
      "smith j[au]",
      "(\"peer support\"[tiab] OR \"peer group\"[mh] OR mentor*[tiab]) AND "
      "(randomized controlled trial[pt] OR randomi*[tiab] OR placebo[tiab]) NOT "
      "(animals[mh] NOT humans[mh])",
      "1. exp Neoplasms/\n2. (cancer or tumo?r*).ti,ab.\n3. 1 or 2\n4. randomi?ed.ti,ab.\n"
      "5. 3 and 4\n6. limit 5 to english language\n",
  };
  std::printf("query evaluation over %lld records (best of 3, warm; first run):\n",
              static_cast<long long>(n));
  double worst = 0;
  for (const char* text : queries_text) {
    queries::Node q;
    std::vector<queries::Message> warnings;
    if (!queries::ParseStrategy(text, &q, &warnings).ok()) {
      std::fprintf(stderr, "cannot parse: %s\n", text);
      return 1;
    }
    double best = 1e9;
    double first = 0;
    size_t works = 0, records = 0;
    for (int i = 0; i < 3; ++i) {
      std::vector<int64_t> r, w;
      auto t0 = std::chrono::steady_clock::now();
      if (!app::MatchWorks(*review, q, &r, &w, nullptr).ok()) return 1;
      double t = Seconds(t0);
      if (i == 0) first = t;
      best = std::min(best, t);
      works = w.size();
      records = r.size();
    }
    worst = std::max(worst, best);
    std::string one_line = text;
    for (char& c : one_line) {
      if (c == '\n') c = ' ';
    }
    std::printf("  %8.3f s (first %6.3f s) %7zu records %7zu works  %s\n", best, first, records,
                works, one_line.substr(0, 80).c_str());
  }
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("slowest query %.3f s; peak RSS %.0f MiB\n", worst, ru.ru_maxrss / 1024.0);
  if (!keep) fs::remove_all(dir);
  return 0;
}
