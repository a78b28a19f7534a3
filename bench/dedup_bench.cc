// dedup_bench — how well and how fast `winnow dedup` groups records into
// works, measured on the real winnow binary run as child processes.
//
//  1. Labelled sets (shared/data/dedup): the bib-dedupe CSVs, whose true
//     duplicate groups are given, scored pairwise (precision, recall, F1,
//     review queue); and an EndNote library whose records carry only a
//     "Duplicate" flag, scored per record.
//  2. Scale: N records (default 200,000) made from real PubMed records,
//     recombined into distinct works and written 1-4 times each as RIS from
//     four databases, each copy perturbed the way vendors' exports differ.
//     Dedup wall time and peak RSS, and pairwise accuracy against the truth.
//
// usage: dedup_bench [--labelled-only] [--scale-only] [--n N] [--keep]
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/record.h"
#include "parse/formats.h"
#include "parse/reader.h"

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

constexpr double kRecallTarget = 0.97, kPrecisionTarget = 0.998, kQueueTarget = 0.02;
constexpr double kSecondsTarget = 60, kRssTargetMib = 2048;
const fs::path kData = fs::path(WINNOW_SHARED_DIR) / "data";

struct ChildRun {
  int code = -1;
  double seconds = 0;
  double peak_rss_mib = 0;
};

// Runs winnow with stdout to `out` (or /dev/null) and stderr appended to
// `log`. Peak RSS is the child's ru_maxrss: a child spawned from a large
// process is charged at least that process's resident size, so this process
// keeps nothing big in memory while the dedup child runs.
ChildRun RunWinnow(const std::vector<std::string>& args, const fs::path& log,
                   const fs::path& out = "/dev/null") {
  std::vector<std::string> arg_strings = {WINNOW_BINARY};
  arg_strings.insert(arg_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : arg_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  ChildRun r;
  auto t0 = std::chrono::steady_clock::now();
  pid_t pid = 0;
  int rc = posix_spawn(&pid, WINNOW_BINARY, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return r;
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.peak_rss_mib = static_cast<double>(ru.ru_maxrss) / 1024.0;
  if (r.code != 0) std::fprintf(stderr, "dedup_bench: winnow %s failed (exit %d); see %s\n",
                                args[0].c_str(), r.code, log.c_str());
  return r;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

double SelfPeakRssMib() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

// One exported source record: what the scoring needs.
struct Exported {
  int64_t record_id = 0, work_id = 0;
  std::string source, source_id;
};

// `winnow export --set records --format json` prints one object per line,
// so a 200,000-record export is read a line at a time, never whole.
std::vector<Exported> ExportRecords(const std::string& db, const fs::path& dir) {
  fs::path out = dir / "export.json";
  RunWinnow({"export", db, "--set", "records", "--format", "json", "-o", out.string()},
            dir / "winnow.log");
  std::vector<Exported> records;
  std::ifstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] != '{') continue;
    if (line.back() == ',') line.pop_back();
    Json j = Json::parse(line);
    records.push_back({j["record_id"], j["work_id"], j.value("source", ""),
                       j.value("source_id", "")});
  }
  fs::remove(out);
  std::sort(records.begin(), records.end(),
            [](const Exported& a, const Exported& b) { return a.record_id < b.record_id; });
  return records;
}

int64_t Choose2(int64_t n) { return n * (n - 1) / 2; }

struct PairScore {
  int64_t truth = 0, predicted = 0, tp = 0;
  double Precision() const { return predicted ? static_cast<double>(tp) / predicted : 1; }
  double Recall() const { return truth ? static_cast<double>(tp) / truth : 1; }
  double F1() const { return 2 * Precision() * Recall() / (Precision() + Recall()); }
};

// Pairwise scores from the true group of each record key (records absent
// are singletons) and the work each imported record was put in. A true pair
// with a record that was not imported counts as missed.
PairScore ScorePairs(const std::unordered_map<std::string, int64_t>& truth,
                     const std::unordered_map<std::string, int64_t>& work) {
  std::unordered_map<int64_t, int64_t> truth_size, work_size;
  std::map<std::pair<int64_t, int64_t>, int64_t> both;
  for (const auto& [key, group] : truth) ++truth_size[group];
  for (const auto& [key, w] : work) {
    ++work_size[w];
    if (auto t = truth.find(key); t != truth.end()) ++both[{t->second, w}];
  }
  PairScore s;
  for (const auto& [g, n] : truth_size) s.truth += Choose2(n);
  for (const auto& [w, n] : work_size) s.predicted += Choose2(n);
  for (const auto& [gw, n] : both) s.tp += Choose2(n);
  return s;
}

void PrintScore(const PairScore& s) {
  std::printf("  pairs: true %lld, predicted %lld; TP %lld, FP %lld, FN %lld\n",
              static_cast<long long>(s.truth), static_cast<long long>(s.predicted),
              static_cast<long long>(s.tp), static_cast<long long>(s.predicted - s.tp),
              static_cast<long long>(s.truth - s.tp));
  std::printf("  precision %.4f (target >= %.3f)  recall %.4f (target >= %.2f)  F1 %.4f\n",
              s.Precision(), kPrecisionTarget, s.Recall(), kRecallTarget, s.F1());
}

struct DedupRun {
  ChildRun child;
  double own_seconds = 0;  // the "seconds" of dedup --json
  size_t queued = 0;       // distinct records in the review queue
  // Record-id pairs (smaller first) in the review queue and linked as related.
  std::set<std::pair<int64_t, int64_t>> queue_pairs, related_pairs;
};

// Runs `dedup --json`, then `dedup pairs --json` for the review queue.
DedupRun Dedup(const std::string& db, const fs::path& dir) {
  DedupRun d;
  fs::path out = dir / "dedup.json";
  d.child = RunWinnow({"dedup", db, "--json"}, dir / "winnow.log", out);
  if (d.child.code == 0) d.own_seconds = Json::parse(ReadFile(out)).value("seconds", 0.0);
  RunWinnow({"dedup", "pairs", db, "--json"}, dir / "winnow.log", out);
  std::set<int64_t> queued;
  for (const Json& p : Json::parse(ReadFile(out))) {
    queued.insert(p["record_a"].get<int64_t>());
    queued.insert(p["record_b"].get<int64_t>());
    d.queue_pairs.insert({p["record_a"].get<int64_t>(), p["record_b"].get<int64_t>()});
  }
  d.queued = queued.size();
  RunWinnow({"dedup", "pairs", db, "--related", "--json"}, dir / "winnow.log", out);
  for (const Json& p : Json::parse(ReadFile(out))) {
    d.related_pairs.insert({p["record_a"].get<int64_t>(), p["record_b"].get<int64_t>()});
  }
  return d;
}

void PrintDedup(const DedupRun& d, int64_t records) {
  std::printf("  review queue %zu records = %.2f%% of records (target <= %.0f%%)\n", d.queued,
              100.0 * d.queued / std::max<int64_t>(records, 1), 100 * kQueueTarget);
  std::printf("  dedup %.2f s (winnow's own figure), %.2f s wall, peak RSS %.0f MiB\n",
              d.own_seconds, d.child.seconds, d.child.peak_rss_mib);
}

// Imports `file` into a new review `db`; returns the import --json summary.
Json InitAndImport(const std::string& db, const fs::path& file, const std::string& source,
                   const fs::path& dir) {
  RunWinnow({"init", db}, dir / "winnow.log");
  fs::path out = dir / "import.json";
  if (RunWinnow({"import", db, file.string(), "--source", source, "--json"}, dir / "winnow.log", out)
          .code != 0) {
    return Json::object();
  }
  return Json::parse(ReadFile(out));
}

// ---------------------------------------------------------------------------
// Part 1: labelled sets.

void RunBibDedupe(const std::string& name, const fs::path& dir) {
  fs::path data = kData / "dedup" / name;
  std::string db = (dir / (name + ".db")).string();
  Json import = InitAndImport(db, data / "records_pre_merged.csv", "bib-dedupe", dir);
  // merged_record_ids.csv: one header line, then one quoted "id;id;..." group a line.
  std::unordered_map<std::string, int64_t> truth;
  std::ifstream in(data / "merged_record_ids.csv");
  std::string line;
  std::getline(in, line);
  for (int64_t group = 0; std::getline(in, line); ++group) {
    std::erase(line, '"');
    std::erase(line, '\r');
    std::stringstream ids(line);
    for (std::string id; std::getline(ids, id, ';');) truth[id] = group;
  }
  DedupRun dedup = Dedup(db, dir);
  std::unordered_map<std::string, int64_t> work, record_id;
  for (const Exported& r : ExportRecords(db, dir)) {
    work[r.source_id] = r.work_id;
    record_id[r.source_id] = r.record_id;
  }
  // Where the missed true pairs went: linked as related (erratum, comment,
  // conference version, preprint), left in the review queue, or kept apart.
  std::map<int64_t, std::vector<std::string>> members;
  for (const auto& [id, g] : truth) {
    if (work.count(id)) members[g].push_back(id);
  }
  int64_t missed_related = 0, missed_queued = 0, missed_apart = 0;
  for (const auto& [g, ids] : members) {
    for (size_t i = 0; i < ids.size(); ++i) {
      for (size_t j = i + 1; j < ids.size(); ++j) {
        if (work[ids[i]] == work[ids[j]]) continue;
        std::pair<int64_t, int64_t> key = std::minmax(record_id[ids[i]], record_id[ids[j]]);
        if (dedup.related_pairs.count(key)) {
          ++missed_related;
        } else if (dedup.queue_pairs.count(key)) {
          ++missed_queued;
        } else {
          ++missed_apart;
        }
      }
    }
  }
  int64_t missing_pairs = 0;  // true pairs with a record that was not imported
  std::unordered_map<int64_t, std::pair<int64_t, int64_t>> group_in_out;
  for (const auto& [id, g] : truth) ++(work.count(id) ? group_in_out[g].first : group_in_out[g].second);
  for (const auto& [g, io] : group_in_out) missing_pairs += Choose2(io.first + io.second) - Choose2(io.first);
  std::printf("%s\n", name.c_str());
  std::printf("  records %lld in file, %zu imported (%zu skipped at import: no title and no "
              "identifier; %lld true pairs involve one, counted as missed)\n",
              static_cast<long long>(import.value("read", 0)), work.size(),
              import.value("skipped", Json::array()).size(), static_cast<long long>(missing_pairs));
  PrintScore(ScorePairs(truth, work));
  std::printf("  missed pairs: %lld linked as related (erratum, comment, conference version, "
              "preprint), %lld in the review queue, %lld kept apart\n",
              static_cast<long long>(missed_related), static_cast<long long>(missed_queued),
              static_cast<long long>(missed_apart));
  PrintDedup(dedup, static_cast<int64_t>(work.size()));
}

// Whether each <record> of an EndNote XML file has the "Duplicate" caption.
std::vector<bool> DuplicateFlags(const fs::path& path) {
  std::string xml = ReadFile(path);
  std::vector<bool> flags;
  for (size_t at = xml.find("<record>"); at != std::string::npos;) {
    size_t next = xml.find("<record>", at + 1);
    size_t caption = xml.find("<caption>", at);
    size_t end = xml.find("</caption>", caption);
    bool in_record = caption != std::string::npos && caption < next;
    flags.push_back(in_record &&
                    xml.substr(caption, end - caption).find("Duplicate") != std::string::npos);
    at = next;
  }
  return flags;
}

void RunEndnoteFlags(const fs::path& dir) {
  const std::string name = "sra_dedupe_tafenoquine_endnote.xml";
  std::string db = (dir / "tafenoquine.db").string();
  Json import = InitAndImport(db, kData / "dedup" / name, "endnote", dir);
  std::vector<bool> flags = DuplicateFlags(kData / "dedup" / name);
  DedupRun dedup = Dedup(db, dir);
  std::vector<Exported> records = ExportRecords(db, dir);
  std::printf("%s (EndNote XML: records flagged \"Duplicate\", groups not given)\n", name.c_str());
  std::printf("  records %zu in file (import read %d), %zu imported\n", flags.size(),
              import.value("read", 0), records.size());
  if (records.size() != flags.size()) {
    std::printf("  counts differ: records cannot be matched by order, no figures\n");
    return;
  }
  std::unordered_map<int64_t, int64_t> work_size;
  for (const Exported& r : records) ++work_size[r.work_id];
  int64_t flagged = 0, flagged_grouped = 0, unflagged = 0, unflagged_alone = 0, predicted = 0;
  std::unordered_map<int64_t, int64_t> unflagged_in_work;
  for (size_t i = 0; i < records.size(); ++i) {
    bool grouped = work_size[records[i].work_id] > 1;
    if (flags[i]) {
      ++flagged;
      flagged_grouped += grouped;
    } else {
      ++unflagged;
      unflagged_alone += !grouped;
      ++unflagged_in_work[records[i].work_id];
    }
  }
  // Pairs of a work with at least one unflagged record: all of its pairs but
  // those between two flagged records.
  int64_t certain_fp = 0;
  for (const auto& [w, n] : work_size) {
    predicted += Choose2(n);
    int64_t u = unflagged_in_work.count(w) ? unflagged_in_work[w] : 0;
    certain_fp += Choose2(n) - Choose2(n - u);
  }
  std::printf("  flagged %lld, unflagged %lld\n", static_cast<long long>(flagged),
              static_cast<long long>(unflagged));
  std::printf("  sensitivity: flagged records put in a work of >1 record %lld/%lld = %.4f\n",
              static_cast<long long>(flagged_grouped), static_cast<long long>(flagged),
              static_cast<double>(flagged_grouped) / flagged);
  std::printf("  specificity: unflagged records left alone %lld/%lld = %.4f\n",
              static_cast<long long>(unflagged_alone), static_cast<long long>(unflagged),
              static_cast<double>(unflagged_alone) / unflagged);
  std::printf("  predicted pairs %lld, of which with an unflagged record (certain FP) %lld\n",
              static_cast<long long>(predicted), static_cast<long long>(certain_fp));
  PrintDedup(dedup, static_cast<int64_t>(records.size()));
}

// ---------------------------------------------------------------------------
// Part 2: scale. Real material: every PubMed record under
// shared/data/pubmed_xml with a title, authors and both journal names.

struct Material {
  std::vector<std::string> title_words;
  std::vector<core::Author> authors;
  std::string journal, journal_abbrev, abstract;
};

std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> words;
  std::istringstream in(s);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::vector<Material> LoadMaterial() {
  std::vector<Material> pool;
  std::unordered_set<std::string> titles;
  for (const auto& entry : fs::recursive_directory_iterator(kData / "pubmed_xml")) {
    std::string path = entry.path().string();
    std::string format;
    if (!entry.is_regular_file() || !parse::DetectFormat(path, &format).ok() ||
        format != "pubmed-xml") {
      continue;
    }
    std::unique_ptr<parse::RecordReader> reader;
    if (!parse::OpenReader(format, path, path, parse::ReaderOptions(), &reader).ok()) continue;
    core::Record r;
    while (reader->Next(&r)) {
      std::vector<std::string> words = Words(r.title);
      if (words.size() < 4 || r.authors.empty() || r.journal.empty() ||
          r.journal_abbrev.empty() || !titles.insert(r.title).second) {
        continue;
      }
      while (!words.back().empty() && words.back().back() == '.') words.back().pop_back();
      std::string abstract = r.abstract;
      std::replace(abstract.begin(), abstract.end(), '\n', ' ');
      pool.push_back({words, r.authors, r.journal, r.journal_abbrev, abstract});
    }
  }
  return pool;
}

// One distinct work, as the truth knows it.
struct Work {
  std::string title;
  std::vector<core::Author> authors;
  std::string journal, journal_abbrev, abstract, volume, issue, doi;
  int year = 0, first_page = 0, last_page = 0;
};

const char* const kSources[] = {"medline", "embase", "cinahl", "psycinfo"};

class Generator {
 public:
  Generator(const std::vector<Material>& pool) : pool_(pool), rng_(20251126) {}

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  const Material& Pick() { return pool_[Uniform(0, static_cast<int>(pool_.size()) - 1)]; }

  // A real title with about a third of its words swapped for words of
  // another real title, so that no two works share a title; authors,
  // journal and abstract each from another real record.
  Work NextWork() {
    Work w;
    do {
      std::vector<std::string> words = Pick().title_words;
      const std::vector<std::string>& other = Pick().title_words;
      for (std::string& word : words) {
        if (!Chance(0.35)) continue;
        size_t k = Uniform(0, static_cast<int>(other.size()) - 1);
        word = other[k];
        // Not a sentence's end or start inside the new title.
        while (word.size() > 1 && std::strchr(".,;:", word.back())) word.pop_back();
        if (k == 0 && std::all_of(word.begin() + 1, word.end(), [](char c) { return !std::isupper(c); })) {
          word[0] = std::tolower(word[0]);
        }
      }
      words[0][0] = std::toupper(words[0][0]);
      while (!words.back().empty() && std::ispunct(static_cast<unsigned char>(words.back().back()))) {
        words.back().pop_back();
      }
      w.title.clear();
      for (const std::string& word : words) w.title += (w.title.empty() ? "" : " ") + word;
    } while (w.title.empty() || !seen_titles_.insert(Key(w.title)).second);
    w.authors = Pick().authors;
    const Material& j = Pick();
    w.journal = j.journal;
    w.journal_abbrev = j.journal_abbrev;
    if (Chance(0.85)) w.abstract = Pick().abstract;
    w.year = Uniform(1990, 2025);
    w.volume = std::to_string(Uniform(1, 300));
    if (Chance(0.85)) w.issue = std::to_string(Uniform(1, 12));
    w.first_page = Uniform(1, 2500);
    w.last_page = w.first_page + Uniform(0, 15);
    if (Chance(0.7)) w.doi = "10." + std::to_string(Uniform(1000, 9999)) + "/" + RandomToken();
    return w;
  }

  // How many databases return the work: 1-4, mean about 1.6.
  int Copies() {
    double r = std::uniform_real_distribution<double>(0, 1)(rng_);
    return r < 0.55 ? 1 : r < 0.87 ? 2 : r < 0.97 ? 3 : 4;
  }
  std::vector<int> SourceOrder() {
    std::vector<int> order = {0, 1, 2, 3};
    std::shuffle(order.begin(), order.end(), rng_);
    return order;
  }

  // The RIS record database `source` exports for `w`, with the house style of
  // that database and the random differences seen between real exports.
  std::string Ris(const Work& w, int source, const std::string& id) {
    std::string out = "TY  - JOUR\nID  - " + id + "\nTI  - " + Title(w.title, source) + "\n";
    bool first3 = w.authors.size() > 3 && Chance(0.1);
    for (size_t i = 0; i < w.authors.size() && (!first3 || i < 3); ++i) {
      out += "AU  - " + AuthorName(w.authors[i], source) + "\n";
    }
    if (Chance(0.2)) {
      out += "JO  - " + w.journal_abbrev + "\n";  // abbreviation only
    } else {
      out += (source == 1 || source == 2 ? "T2  - " : "JF  - ") + w.journal + "\n";
      if (source == 0 || source == 3) out += "JA  - " + w.journal_abbrev + "\n";
    }
    out += "PY  - " + std::to_string(w.year + (Chance(0.03) ? Uniform(0, 1) * 2 - 1 : 0)) + "\n";
    out += "VL  - " + w.volume + "\n";
    if (!w.issue.empty() && Chance(0.8)) out += "IS  - " + w.issue + "\n";
    if (Chance(0.9)) out += Pages(w, source);
    if (!w.doi.empty() && Chance(0.75)) out += "DO  - " + w.doi + "\n";
    if (!w.abstract.empty() && Chance(0.7)) out += "AB  - " + w.abstract + "\n";
    return out + "ER  - \n\n";
  }

 private:
  static std::string Key(const std::string& title) {
    std::string key;
    for (char c : title) {
      if (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80)) key += std::tolower(c);
    }
    return key;
  }
  std::string RandomToken() {
    static const char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string t = "j.";
    for (int i = Uniform(8, 12); i > 0; --i) t += kChars[Uniform(0, 35)];
    return t;
  }

  std::string Title(std::string t, int source) {
    auto ascii = [](char c) { return !(c & 0x80); };
    double r = std::uniform_real_distribution<double>(0, 1)(rng_);
    if (r < 0.04) {  // ALL CAPS (older CINAHL, some Embase records)
      for (char& c : t) c = ascii(c) ? std::toupper(c) : c;
    } else if (r < 0.2) {  // sentence case: acronyms and names lower-cased too
      for (char& c : t) c = ascii(c) ? std::tolower(c) : c;
      t[0] = std::toupper(t[0]);
    } else if (r < 0.3) {  // Title Case
      for (size_t i = 0; i < t.size(); ++i) {
        if (ascii(t[i]) && (i == 0 || t[i - 1] == ' ')) t[i] = std::toupper(t[i]);
      }
    }
    if (Chance(0.1)) {  // punctuation dropped or turned into spaces
      for (char& c : t) {
        if (std::strchr(",:;()[]'\"-/", c) && c != '\0') c = ' ';
      }
      t = JoinWords(Words(t));
    }
    if (Chance(0.03)) Typo(&t);
    if (Chance(source <= 1 ? 0.8 : 0.3)) t += ".";
    return t;
  }
  static std::string JoinWords(const std::vector<std::string>& words) {
    std::string s;
    for (const std::string& w : words) s += (s.empty() ? "" : " ") + w;
    return s;
  }
  // Two neighbouring ASCII letters of one longer word swapped.
  void Typo(std::string* t) {
    for (int tries = 0; tries < 10; ++tries) {
      size_t i = Uniform(1, static_cast<int>(t->size()) - 3);
      if (std::isalpha((*t)[i]) && std::isalpha((*t)[i + 1]) && (*t)[i] != (*t)[i + 1]) {
        std::swap((*t)[i], (*t)[i + 1]);
        return;
      }
    }
  }

  // medline "Family GI", embase and cinahl "Family, Given", psycinfo
  // "Family, G. I.".
  static std::string AuthorName(const core::Author& a, int source) {
    if (!a.collective.empty()) return a.collective;
    std::string name = a.family;
    if (source == 0) {
      if (!a.initials.empty()) name.append(" ").append(a.initials);
    } else if (source == 3 || a.given.empty()) {
      for (size_t i = 0; i < a.initials.size(); ++i) {
        name.append(i == 0 ? ", " : " ").push_back(a.initials[i]);
        name.push_back('.');
      }
    } else {
      name.append(", ").append(a.given);
    }
    return name;
  }

  // medline "1223-9" in SP, cinahl "1223-1229" in SP, the others SP and EP.
  static std::string Pages(const Work& w, int source) {
    std::string first = std::to_string(w.first_page), last = std::to_string(w.last_page);
    if (source == 0 || source == 2) {
      if (source == 0) {
        size_t same = 0;
        while (same < first.size() && first.size() == last.size() && first[same] == last[same]) ++same;
        last = last.substr(std::min(same, last.size() - 1));
      }
      return "SP  - " + first + (w.last_page != w.first_page ? "-" + last : "") + "\n";
    }
    return "SP  - " + first + "\nEP  - " + last + "\n";
  }

  const std::vector<Material>& pool_;
  std::mt19937_64 rng_;
  std::unordered_set<std::string> seen_titles_;
};

int RunScale(int64_t n, const fs::path& dir) {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<Material> pool = LoadMaterial();
  if (pool.size() < 50) {
    std::printf("scale: only %zu usable real records, skipped\n", pool.size());
    return 1;
  }
  Generator gen(pool);
  std::vector<std::ofstream> files;
  for (const char* s : kSources) files.emplace_back(dir / (std::string(s) + ".ris"));
  // The truth: work of each copy, by copy number (the RIS ID "cNNNNNNN").
  std::vector<int32_t> work_of;
  work_of.reserve(n);
  int32_t works = 0;
  while (static_cast<int64_t>(work_of.size()) < n) {
    Work w = gen.NextWork();
    int copies = std::min<int64_t>(gen.Copies(), n - static_cast<int64_t>(work_of.size()));
    std::vector<int> sources = gen.SourceOrder();
    for (int c = 0; c < copies; ++c) {
      char id[24];
      std::snprintf(id, sizeof id, "c%07zu", work_of.size());
      files[sources[c]] << gen.Ris(w, sources[c], id);
      work_of.push_back(works);
    }
    ++works;
  }
  uintmax_t bytes = 0;
  for (std::ofstream& f : files) f.close();
  for (const char* s : kSources) bytes += fs::file_size(dir / (std::string(s) + ".ris"));
  double gen_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("scale: %lld records of %d works (%lld duplicate records, %.1f%%), made from %zu "
              "real PubMed records\n", static_cast<long long>(n), works,
              static_cast<long long>(n - works), 100.0 * (n - works) / n, pool.size());
  std::printf("  4 RIS files (%s), %.0f MiB, generated in %.1f s\n",
              "medline, embase, cinahl, psycinfo", bytes / 1048576.0, gen_s);
  pool.clear();
  pool.shrink_to_fit();

  std::string db = (dir / "scale.db").string();
  RunWinnow({"init", db}, dir / "winnow.log");
  double import_s = 0;
  int64_t imported = 0;
  for (const char* s : kSources) {
    fs::path out = dir / "import.json";
    ChildRun run = RunWinnow({"import", db, (dir / (std::string(s) + ".ris")).string(), "--source",
                              s, "--json"}, dir / "winnow.log", out);
    import_s += run.seconds;
    if (run.code == 0) imported += Json::parse(ReadFile(out)).value("added", 0);
  }
  std::printf("  import %.1f s (%.0f records/s), %lld records added\n", import_s,
              imported / import_s, static_cast<long long>(imported));
  std::printf("  (this process's own peak RSS before dedup: %.0f MiB)\n", SelfPeakRssMib());
  DedupRun dedup = Dedup(db, dir);
  PrintDedup(dedup, n);
  std::printf("  targets: dedup < %.0f s -> %s, peak RSS < %.0f MiB -> %s\n", kSecondsTarget,
              dedup.child.seconds < kSecondsTarget ? "met" : "MISSED", kRssTargetMib,
              dedup.child.peak_rss_mib < kRssTargetMib ? "met" : "MISSED");

  std::unordered_map<std::string, int64_t> truth, work;
  for (size_t i = 0; i < work_of.size(); ++i) {
    char id[24];
    std::snprintf(id, sizeof id, "c%07zu", i);
    truth[id] = work_of[i];
  }
  std::vector<Exported> records = ExportRecords(db, dir);
  for (const Exported& r : records) work[r.source_id] = r.work_id;
  std::set<std::string> sources;
  for (const Exported& r : records) sources.insert(r.source);
  std::printf("  exported %zu records from %zu sources\n", records.size(), sources.size());
  PrintScore(ScorePairs(truth, work));
  std::printf("  review file %.0f MiB\n", fs::file_size(db) / 1048576.0);
  return dedup.child.code;
}

}  // namespace

int main(int argc, char** argv) {
  bool labelled = true, scale = true, keep = false;
  int64_t n = 200000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--labelled-only") scale = false;
    else if (a == "--scale-only") labelled = false;
    else if (a == "--keep") keep = true;
    else if (a == "--n" && i + 1 < argc) n = std::atoll(argv[++i]);
    else {
      std::fprintf(stderr, "usage: dedup_bench [--labelled-only] [--scale-only] [--n N] [--keep]\n");
      return 2;
    }
  }
  fs::path dir = fs::temp_directory_path() / ("winnow-dedup-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  int rc = 0;
  if (labelled) {
    std::printf("targets: recall >= %.2f, precision >= %.3f, review queue <= %.0f%% of records\n\n",
                kRecallTarget, kPrecisionTarget, 100 * kQueueTarget);
    for (const char* set : {"bib_dedupe_cytology_screening", "bib_dedupe_haematology",
                            "bib_dedupe_special_cases"}) {
      RunBibDedupe(set, dir);
      std::printf("\n");
    }
    RunEndnoteFlags(dir);
    std::printf("\n");
  }
  if (scale) rc = RunScale(n, dir);
  std::fflush(stdout);
  std::error_code ec;
  if (keep) {
    std::printf("kept %s\n", dir.c_str());
  } else {
    fs::remove_all(dir, ec);
  }
  return rc;
}
