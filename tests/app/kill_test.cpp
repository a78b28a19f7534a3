// A `winnow import` killed with SIGKILL in the middle of writing leaves the
// review exactly as before, and running the same import again then gives the
// full, correct result once (the re-run after that is a no-op).
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

#include "store/store.h"
#include "sql_util.h"
#include "test_util.h"

namespace {

namespace fs = std::filesystem;

pid_t Spawn(const std::vector<std::string>& args) {
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

int RunToEnd(const std::vector<std::string>& args) {
  int status = 0;
  waitpid(Spawn(args), &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

uintmax_t SizeOr0(const fs::path& p) {
  std::error_code ec;
  uintmax_t n = fs::file_size(p, ec);
  return ec ? 0 : n;
}

// A gzipped PubMed file of n real records with fresh PMIDs, in dir.
std::string MakeCorpus(const testutil::TempDir& dir, int n) {
  std::string corpus = (dir / "corpus.xml.gz").string();
  std::string tool = testutil::SharedData("../tools/make-pubmed-corpus").string();
  std::string cmd = "python3 '" + tool + "' " + std::to_string(n) + " '" + corpus + "' > /dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  return corpus;
}

// The full-text index as SQLite sees it: FTS5's automerge setting (-1 when
// never set), whether FTS5's integrity check passes (the index holds exactly
// the records' text), and how many records match "patients".
struct FtsState {
  int64_t automerge = -1;
  bool intact = false;
  int64_t patients = -1;
};

FtsState Fts(const std::string& db) {
  FtsState out;
  out.automerge = testutil::SqlInt(db, "SELECT v FROM records_fts_config WHERE k = 'automerge'");
  out.intact =
      testutil::SqlRuns(db, "INSERT INTO records_fts(records_fts) VALUES ('integrity-check')");
  out.patients =
      testutil::SqlInt(db, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'patients'");
  return out;
}

store::ReviewStats Stats(const std::string& db) {
  std::unique_ptr<store::Store> review;
  REQUIRE(store::Store::Open(db, &review).ok());
  store::ReviewStats stats;
  REQUIRE(review->Stats(&stats).ok());
  return stats;
}

}  // namespace

TEST_CASE("an import killed mid-write loses nothing and the re-run is exact", "[app][slow]") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  std::string corpus = MakeCorpus(dir, 12000);
  std::string db = (dir / "review.db").string();
  std::string bin = WINNOW_BINARY;
  REQUIRE(RunToEnd({bin, "init", db, "-q"}) == 0);
  std::string seed = testutil::SharedData("pubmed_xml/misc/p1m_pubmed_result.xml").string();
  REQUIRE(RunToEnd({bin, "import", db, seed, "-q"}) == 0);

  // Start the big import and kill it once its write-ahead log is growing.
  pid_t pid = Spawn({bin, "import", db, corpus, "-q"});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (SizeOr0(db + "-wal") < (4u << 20) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));  // it was killed, not finished

  store::ReviewStats after_kill = Stats(db);
  CHECK(after_kill.imports == 1);
  CHECK(after_kill.source_records == 4);
  CHECK(after_kill.works == 4);
  // The import had paused FTS5's merging inside its transaction: undone too.
  FtsState fts_after_kill = Fts(db);
  CHECK(fts_after_kill.automerge == 4);
  CHECK(fts_after_kill.intact);

  REQUIRE(RunToEnd({bin, "import", db, corpus, "-q"}) == 0);
  store::ReviewStats done = Stats(db);
  CHECK(done.imports == 2);
  // The same two imports into a review that was never interrupted.
  std::string clean = (dir / "clean.db").string();
  REQUIRE(RunToEnd({bin, "init", clean, "-q"}) == 0);
  REQUIRE(RunToEnd({bin, "import", clean, seed, corpus, "-q"}) == 0);
  store::ReviewStats expected = Stats(clean);
  CHECK(expected.source_records > 11900);
  CHECK(done.source_records == expected.source_records);
  CHECK(done.works == expected.works);
  // Indexed in 4,096-record chunks with merging paused, then restored.
  FtsState fts_done = Fts(db);
  FtsState fts_clean = Fts(clean);
  CHECK(fts_done.automerge == 4);
  CHECK(fts_done.intact);
  CHECK(fts_clean.intact);
  CHECK(fts_done.patients > 1000);
  CHECK(fts_done.patients == fts_clean.patients);
  REQUIRE(RunToEnd({bin, "import", db, corpus, "-q"}) == 0);
  CHECK(Stats(db).source_records == done.source_records);
  CHECK(Stats(db).imports == 2);
}

namespace {

// The journal mode in the file header (bytes 18 and 19): 2 for WAL, 1 for a
// rollback journal.
int HeaderJournalVersion(const std::string& db) {
  std::string head = testutil::ReadFile(db).substr(0, 20);
  return head.size() == 20 ? static_cast<unsigned char>(head[18]) : -1;
}

}  // namespace

TEST_CASE("a first import killed mid-write leaves the review empty and in WAL mode after",
          "[app][slow]") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  std::string corpus = MakeCorpus(dir, 8000);
  std::string db = (dir / "review.db").string();
  std::string bin = WINNOW_BINARY;
  REQUIRE(RunToEnd({bin, "init", db, "-q"}) == 0);
  CHECK(HeaderJournalVersion(db) == 2);

  // Into an empty review the import writes the file itself under a rollback
  // journal: kill it once the file is growing.
  uintmax_t empty_size = SizeOr0(db);
  pid_t pid = Spawn({bin, "import", db, corpus, "-q"});
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (SizeOr0(db) < empty_size + (4u << 20) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  CHECK(fs::exists(db + "-journal"));  // the hot journal the next open rolls back
  CHECK(SizeOr0(db + "-wal") == 0);    // nothing went through the WAL

  store::ReviewStats after_kill = Stats(db);
  CHECK(after_kill.imports == 0);
  CHECK(after_kill.source_records == 0);
  CHECK(after_kill.works == 0);

  REQUIRE(RunToEnd({bin, "import", db, corpus, "-q"}) == 0);
  CHECK(HeaderJournalVersion(db) == 2);  // back in WAL mode
  CHECK_FALSE(fs::exists(db + "-journal"));
  store::ReviewStats done = Stats(db);
  std::string clean = (dir / "clean.db").string();
  REQUIRE(RunToEnd({bin, "init", clean, "-q"}) == 0);
  REQUIRE(RunToEnd({bin, "import", clean, corpus, "-q"}) == 0);
  store::ReviewStats expected = Stats(clean);
  CHECK(expected.source_records > 7900);
  CHECK(done.imports == 1);
  CHECK(done.source_records == expected.source_records);
  CHECK(done.works == expected.works);
}
