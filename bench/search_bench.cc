// search_bench N — a PubMed search of N hits run end to end by the winnow
// binary against the local fake E-utilities (tests/fetch/fake_apis.h) serving
// N real records: Entrez-date splitting, efetch batches, parsing and storing.
// Prints wall seconds, records/s, requests and winnow's peak RSS, then the
// same for an immediate `update` (nothing new). No rate limit: this measures
// winnow, not NCBI's 3 or 10 requests a second.
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "fetch/fake_apis.h"

namespace {

namespace fs = std::filesystem;

struct ChildRun {
  int code = -1;
  double seconds = 0;
  double peak_rss_mib = 0;
};

ChildRun RunWinnow(const std::vector<std::string>& args, const std::string& pubmed_url) {
  std::vector<std::string> env_strings = {"WINNOW_PUBMED_URL=" + pubmed_url,
                                          "WINNOW_NCBI_RATE=100000", "PATH=/usr/bin:/bin"};
  if (const char* tmp = std::getenv("TMPDIR")) env_strings.push_back(std::string("TMPDIR=") + tmp);
  std::vector<char*> env;
  for (std::string& e : env_strings) env.push_back(e.data());
  env.push_back(nullptr);
  std::vector<std::string> arg_strings = {WINNOW_BINARY};
  arg_strings.insert(arg_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : arg_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid = 0;
  ChildRun r;
  if (posix_spawn(&pid, WINNOW_BINARY, &actions, nullptr, argv.data(), env.data()) != 0) return r;
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.peak_rss_mib = static_cast<double>(ru.ru_maxrss) / 1024.0;
  return r;
}

}  // namespace

// The fake services run in a child process forked before the corpus is
// loaded, so that this process stays small: a process spawned from a large
// one is charged that one's resident size as its own peak.
class FakeServer {
 public:
  FakeServer(const std::string& corpus) {
    int to_child[2], from_child[2];
    if (pipe(to_child) != 0 || pipe(from_child) != 0) std::exit(1);
    pid_ = fork();
    if (pid_ == 0) {
      close(to_child[1]);
      close(from_child[0]);
      Serve(corpus, to_child[0], from_child[1]);
      _exit(0);
    }
    close(to_child[0]);
    close(from_child[1]);
    out_ = to_child[1];
    in_ = from_child[0];
    url_ = Ask('u');
  }
  ~FakeServer() {
    Ask('q');
    waitpid(pid_, nullptr, 0);
  }
  const std::string& pubmed_url() const { return url_; }
  // "size esearch efetch requests" since the last call.
  std::string Counts() { return Ask('c'); }

 private:
  static void Serve(const std::string& corpus, int in, int out) {
    winnow_test::FakeApis fake;
    fake.LoadPubmedCorpus(corpus, "2010-01-01", "2025-12-31");
    char cmd = 0;
    while (read(in, &cmd, 1) == 1) {
      std::string reply;
      if (cmd == 'u') reply = fake.pubmed_url();
      if (cmd == 'c') {
        reply = std::to_string(fake.pubmed_size()) + " " +
                std::to_string(fake.CountRequests("esearch")) + " " +
                std::to_string(fake.CountRequests("efetch")) + " " +
                std::to_string(fake.requests().size());
        fake.ClearRequests();
      }
      reply += '\n';
      if (write(out, reply.data(), reply.size()) < 0) return;
      if (cmd == 'q') return;
    }
  }
  std::string Ask(char cmd) {
    if (write(out_, &cmd, 1) != 1) return "";
    std::string reply;
    char c;
    while (read(in_, &c, 1) == 1 && c != '\n') reply += c;
    return reply;
  }

  pid_t pid_ = 0;
  int out_ = -1, in_ = -1;
  std::string url_;
};

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 25000;
  fs::path corpus = fs::path(WINNOW_SOURCE_DIR) / "bench" / ("corpus-" + std::to_string(n) + ".xml");
  if (!fs::exists(corpus)) {
    std::string cmd = "python3 '" + std::string(WINNOW_SHARED_DIR) + "/tools/make-pubmed-corpus' " +
                      std::to_string(n) + " '" + corpus.string() + "'";
    if (std::system(cmd.c_str()) != 0) {
      std::fprintf(stderr, "search_bench: cannot build %s\n", corpus.c_str());
      return 1;
    }
  }
  FakeServer fake(corpus.string());
  fs::path dir = fs::temp_directory_path() / ("winnow-search-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string db = (dir / "review.db").string();
  RunWinnow({"init", db}, fake.pubmed_url());
  RunWinnow({"search", "add", db, "pm", "--source", "pubmed", "--query", "x"}, fake.pubmed_url());
  fake.Counts();

  ChildRun full = RunWinnow({"-q", "search", "run", db, "pm"}, fake.pubmed_url());
  long size = 0;
  int esearch = 0, efetch = 0, requests = 0;
  std::sscanf(fake.Counts().c_str(), "%ld %d %d %d", &size, &esearch, &efetch, &requests);
  std::printf("search_bench: PubMed search of %ld hits (%s)\n", size, corpus.filename().c_str());
  std::printf("  full run             %.2f s, %.0f records/s, %d esearch + %d efetch, "
              "peak RSS %.1f MiB (exit %d)\n",
              full.seconds, static_cast<double>(size) / full.seconds, esearch, efetch,
              full.peak_rss_mib, full.code);
  ChildRun again = RunWinnow({"-q", "update", db}, fake.pubmed_url());
  std::sscanf(fake.Counts().c_str(), "%ld %d %d %d", &size, &esearch, &efetch, &requests);
  std::printf("  update, nothing new  %.2f s, %d requests, peak RSS %.1f MiB (exit %d)\n",
              again.seconds, requests, again.peak_rss_mib, again.code);
  std::printf("  review file          %.1f MiB\n",
              static_cast<double>(fs::file_size(db)) / (1 << 20));
  std::error_code ec;
  if (!std::getenv("SEARCH_BENCH_KEEP")) fs::remove_all(dir, ec);
  return full.code == 0 && again.code == 0 ? 0 : 1;
}
