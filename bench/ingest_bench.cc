// Ingest benchmark: imports an NLM-baseline-sized PubMed file (default 30,000
// records built by shared/tools/make-pubmed-corpus) into a fresh review and
// prints records/s, MB/s of XML, wall seconds and peak RSS, next to the time
// `gzip -dc` alone takes on the same file.
//
// usage: ingest_bench [N=30000] [CORPUS=bench/corpus-N.xml.gz] [--keep]
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "app/import.h"
#include "parse/formats.h"
#include "store/store.h"

namespace fs = std::filesystem;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Uncompressed size of a gzip file, by inflating it.
uint64_t XmlBytes(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return 0;
  gzbuffer(f, 1 << 20);
  static char buf[1 << 20];
  uint64_t total = 0;
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) total += static_cast<uint64_t>(n);
  gzclose(f);
  return total;
}

double GzipSeconds(const std::string& path) {
  double best = 1e9;
  for (int i = 0; i < 3; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    std::string cmd = "gzip -dc '" + path + "' > /dev/null";
    if (std::system(cmd.c_str()) != 0) return -1;
    best = std::min(best, Seconds(t0));
  }
  return best;
}

// Seconds to read every record of the file without storing anything.
double ParseSeconds(const std::string& path, int64_t* records) {
  auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<parse::RecordReader> reader;
  if (!parse::OpenReader("pubmed-xml", path, path, parse::ReaderOptions(), &reader).ok()) return -1;
  core::Record rec;
  *records = 0;
  while (reader->Next(&rec)) ++*records;
  if (!reader->status().ok()) return -1;
  return Seconds(t0);
}

}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 30000;
  std::string corpus = argc > 2 ? argv[2] : "bench/corpus-" + std::to_string(n) + ".xml.gz";
  bool keep = argc > 3 && std::string(argv[3]) == "--keep";
  if (!fs::exists(corpus)) {
    fs::create_directories(fs::path(corpus).parent_path().empty() ? "." : fs::path(corpus).parent_path());
    std::string cmd = std::string("python3 '") + WINNOW_SHARED_DIR + "/tools/make-pubmed-corpus' " +
                      std::to_string(n) + " '" + corpus + "'";
    std::fprintf(stderr, "building corpus: %s\n", cmd.c_str());
    if (std::system(cmd.c_str()) != 0) return 1;
  }
  uint64_t gz_bytes = fs::file_size(corpus);
  uint64_t xml_bytes = XmlBytes(corpus);
  double gzip_s = GzipSeconds(corpus);
  int64_t parsed = 0;
  double parse_s = ParseSeconds(corpus, &parsed);

  fs::path db = fs::temp_directory_path() / ("winnow-bench-" + std::to_string(getpid()) + ".db");
  std::unique_ptr<store::Store> review;
  core::Status st = store::Store::Create(db.string(), "bench", &review);
  app::ImportSummary summary;
  struct rusage before{};
  getrusage(RUSAGE_SELF, &before);
  auto t0 = std::chrono::steady_clock::now();
  if (st.ok()) st = app::ImportFiles(*review, {corpus}, app::ImportOptions(), &summary);
  review.reset();  // closing checkpoints the WAL: part of what an import costs
  double import_s = Seconds(t0);
  if (!st.ok()) {
    std::fprintf(stderr, "import failed: %s\n", st.ToString().c_str());
    return 1;
  }
  struct rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto cpu = [](const struct rusage& r) {
    return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec +
           r.ru_stime.tv_usec / 1e6;
  };
  double import_cpu = cpu(ru) - cpu(before);
  uint64_t db_bytes = fs::file_size(db);
  if (!keep) {
    for (const char* s : {"", "-wal", "-shm"}) fs::remove(db.string() + s);
  }
  std::printf("corpus            %s (%.1f MB gz, %.1f MB XML)\n", corpus.c_str(), gz_bytes / 1e6,
              xml_bytes / 1e6);
  std::printf("records           %lld read, %lld added\n",
              static_cast<long long>(summary.total.read), static_cast<long long>(summary.total.added));
  std::printf("import wall       %.2f s\n", import_s);
  std::printf("import CPU        %.2f s (user+sys, all threads)\n", import_cpu);
  std::printf("records/s         %.0f\n", summary.total.read / import_s);
  std::printf("XML MB/s          %.1f\n", xml_bytes / 1e6 / import_s);
  std::printf("peak RSS          %.1f MiB\n", ru.ru_maxrss / 1024.0);
  std::printf("parse only        %.2f s (%lld records, no store)\n", parse_s,
              static_cast<long long>(parsed));
  std::printf("gzip -dc alone    %.2f s\n", gzip_s);
  std::printf("import / gzip -dc %.2fx (target <= 2x)\n", import_s / gzip_s);
  std::printf("review file       %.1f MB\n", db_bytes / 1e6);
  return 0;
}
