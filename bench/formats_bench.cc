// Format benchmark: parse throughput of every text reader on the largest real
// exports of ../shared/data (MB/s and records/s, parse only), then an import
// of N RIS records (default 100,000, built by repeating the real RIS records
// of ../shared/data with a fresh accession number each) into a fresh review:
// records/s end to end and peak RSS.
//
// usage: formats_bench [N=100000] [--keep]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/import.h"
#include "parse/formats.h"
#include "store/store.h"

namespace fs = std::filesystem;

namespace {

const fs::path kExports = fs::path(WINNOW_SHARED_DIR) / "data/exports";

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

double PeakRssMiB() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

// Parses `path` as `format` repeatedly for at least half a second; prints
// MB/s and records/s of the best pass.
void ParseThroughput(const std::string& format, const fs::path& path) {
  if (!fs::exists(path)) {
    std::printf("  %-15s %-48s missing\n", format.c_str(), path.filename().c_str());
    return;
  }
  double bytes = static_cast<double>(fs::file_size(path));
  double best = 1e9;
  size_t records = 0;
  double spent = 0;
  int passes = 0;
  while (spent < 0.5 || passes < 3) {
    auto t0 = std::chrono::steady_clock::now();
    std::unique_ptr<parse::RecordReader> reader;
    if (!parse::OpenReader(format, path.string(), path.string(), parse::ReaderOptions(), &reader)
             .ok()) {
      return;
    }
    core::Record rec;
    records = 0;
    while (reader->Next(&rec)) ++records;
    if (!reader->status().ok()) {
      std::printf("  %-15s %s: %s\n", format.c_str(), path.filename().c_str(),
                  reader->status().message().c_str());
      return;
    }
    double s = Seconds(t0);
    best = std::min(best, s);
    spent += s;
    ++passes;
  }
  std::printf("  %-15s %-48s %8.2f MB %7zu rec %8.1f MB/s %10.0f rec/s\n", format.c_str(),
              path.filename().c_str(), bytes / 1e6, records, bytes / 1e6 / best,
              static_cast<double>(records) / best);
}

// The records of the real RIS exports, each a block of lines from TY to ER.
std::vector<std::string> RealRisRecords() {
  std::vector<std::string> records;
  for (const char* dir : {"ris", "citesource_stages", "citesource_working"}) {
    for (const auto& e : fs::directory_iterator(kExports / dir)) {
      if (e.path().extension() != ".ris") continue;
      std::ifstream in(e.path(), std::ios::binary);
      std::string line, cur;
      while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        if (line.rfind("TY  -", 0) == 0) cur.clear();
        if (line.rfind("AN  -", 0) == 0 || line.rfind("ID  -", 0) == 0) continue;
        cur += line + "\n";
        if (line.rfind("ER  -", 0) == 0) records.push_back(cur);
      }
    }
  }
  return records;
}

// Writes n records cycling through the real ones, each with a fresh AN.
size_t WriteRisCorpus(const fs::path& out, size_t n) {
  std::vector<std::string> real = RealRisRecords();
  if (real.empty()) return 0;
  std::ofstream f(out, std::ios::binary);
  for (size_t i = 0; i < n; ++i) {
    const std::string& r = real[i % real.size()];
    size_t eol = r.find('\n');
    f << r.substr(0, eol + 1) << "AN  - bench-" << i + 1 << "\n" << r.substr(eol + 1);
  }
  return real.size();
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = 100000;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--keep") {
      keep = true;
    } else {
      n = std::stoul(a);
    }
  }
  if (!fs::is_directory(kExports)) {
    std::fprintf(stderr, "formats_bench: %s not found\n", kExports.c_str());
    return 2;
  }
  std::printf("parse only (best of >= 3 passes, >= 0.5 s):\n");
  struct Case {
    const char* format;
    const char* file;
  };
  const Case cases[] = {
      {"ris", "citesource_stages/citesource_stage_lens_343.ris"},
      {"ris", "ris/asysd_zotero_export.ris"},
      {"medline", "pubmed_medline_nbib/p1m_ortho_citations_200.nbib"},
      {"pmid-list", "pubmed_medline_nbib/p1m_ortho_pmid_list_13950.txt"},
      {"wos", "wos_plaintext/wos_other_reference_software_r0001-0500.txt"},
      {"ovid", "ovid/ovid_embase_citavi_format.ovd"},
      {"endnote-xml", "endnote_xml/asysd_zotero_export_endnote.xml"},
      {"bibtex", "bibtex/asysd_zotero_export.bib"},
      {"csv", "pubmed_csv/p1m_ortho_legacy_pubmed_csv_428.csv"},
      {"csv", "scopus_csv_ris_bib_same_set/lagisz_pfas_scopus.csv"},
      {"endnote-tagged", "jabref/jabref_refer.bibIX.ref"},
  };
  for (const Case& c : cases) ParseThroughput(c.format, kExports / c.file);

  fs::path dir = fs::temp_directory_path() / "winnow-formats-bench";
  fs::create_directories(dir);
  fs::path corpus = dir / ("ris-" + std::to_string(n) + ".ris");
  fs::path db = dir / "bench.db";
  fs::remove(db);
  fs::remove(fs::path(db.string() + "-wal"));
  fs::remove(fs::path(db.string() + "-shm"));
  size_t distinct = WriteRisCorpus(corpus, n);
  double mb = static_cast<double>(fs::file_size(corpus)) / 1e6;
  std::printf("\nimport of %zu RIS records (%.1f MB; %zu distinct real records, fresh AN each):\n",
              n, mb, distinct);
  std::unique_ptr<store::Store> review;
  core::Status st = store::Store::Create(db.string(), "bench", &review);
  app::ImportOptions options;
  options.source = "bench";
  options.format = "ris";
  app::ImportSummary summary;
  auto t0 = std::chrono::steady_clock::now();
  if (st.ok()) st = app::ImportFiles(*review, {corpus.string()}, options, &summary);
  double s = Seconds(t0);
  if (!st.ok()) {
    std::fprintf(stderr, "import failed: %s\n", st.message().c_str());
    return 1;
  }
  std::printf("  read %lld, added %lld in %.2f s: %.0f records/s, %.1f MB/s; peak RSS %.0f MiB\n",
              static_cast<long long>(summary.total.read),
              static_cast<long long>(summary.total.added), s,
              static_cast<double>(summary.total.read) / s, mb / s, PeakRssMiB());
  review.reset();
  if (!keep) fs::remove_all(dir);
  return 0;
}
