// winnow demo: a review built end to end from the bundled real PubMed records,
// offline, in seconds. Each later capability adds its step here.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/commands.h"
#include "app/demo_data.h"
#include "app/dedup.h"
#include "app/json_out.h"
#include "app/rules.h"
#include "app/prisma.h"
#include "app/screening.h"
#include "core/hash.h"
#include "core/normalize.h"
#include "export/prisma.h"
#include "store/store.h"

namespace app {
namespace {

namespace fs = std::filesystem;

// Writes the bundled files to dir/data and returns their paths: the PubMed
// search results, the MEDLINE update file (a later database update) and a
// reviewer's EndNote library from several databases (full of duplicates).
core::Status WriteBundledData(const fs::path& dir, std::vector<std::string>* searches,
                              std::string* update_file, std::string* library) {
  fs::create_directories(dir / "data");
  for (const DemoFile& f : DemoFiles()) {
    fs::path p = dir / "data" / std::string(f.name);
    std::ofstream out(p, std::ios::binary);
    out.write(f.bytes.data(), static_cast<std::streamsize>(f.bytes.size()));
    if (!out) return core::Status::Io(p.string() + ": cannot write");
    if (f.name.find("medline16n") == 0) {
      *update_file = p.string();
    } else if (f.name.find("endnote") != std::string_view::npos) {
      *library = p.string();
    } else {
      searches->push_back(p.string());
    }
  }
  return core::Status::Ok();
}

// "read 22, added 22, ..." for one import step, or the no-op it was.
std::string StepLine(const ImportSummary& s) {
  const store::ImportCounts& c = s.total;
  size_t again = 0;
  for (const FileSummary& f : s.files) again += f.already_imported ? 1 : 0;
  if (again == s.files.size()) return "every file already imported; nothing to do";
  return CountsText(c);
}

constexpr const char* kDemoTitle = "Demo review (bundled PubMed records)";

// The demo's screening rules, written beside the review for people to edit.
constexpr const char* kDemoRules = R"toml(# winnow rules: exclude or tag works before human screening.
[highlight]
include = ["tafenoquine", "primaquine", "malaria"]
exclude = ["mice", "rats"]

[[rule]]
name = "animal studies"
query = "animals[mh] NOT humans[mh]"
action = "exclude"
reason = "Animal study"

[[rule]]
name = "editorials and letters"
query = "editorial[pt] OR comment[pt] OR letter[pt]"
action = "exclude"
reason = "Wrong publication type"

[[rule]]
name = "trials"
query = "randomized controlled trial[pt] OR randomi*[tiab]"
action = "tag"
)toml";

// Removes a review left by an earlier demo run in the same directory, and
// refuses to touch any other file there.
core::Status RemoveOldReview(const fs::path& db) {
  if (!fs::exists(db)) return core::Status::Ok();
  std::unique_ptr<store::Store> old;
  store::ReviewStats stats;
  core::Status st = store::Store::Open(db.string(), &old);
  if (st.ok()) st = old->Stats(&stats);
  old.reset();
  if (!st.ok() || stats.title != kDemoTitle) {
    return core::Status::InvalidInput(db.string() +
                                      " exists and is not a demo review; "
                                      "run the demo in another directory");
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
  return core::Status::Ok();
}

core::Status ExportAll(const fs::path& dir, const fs::path& db, nlohmann::ordered_json* out) {
  GlobalFlags quiet;
  quiet.quiet = true;
  // The included studies for the meta-analysis, and every screened work with
  // each reviewer's decisions as the lead sees them.
  const std::pair<const char*, const char*> exports[] = {
      {"all", "json"}, {"records", "csv"}, {"all", "ris"}, {"included", "csv"}, {"screened", "csv"}};
  for (const auto& [set, format] : exports) {
    ExportOptions eo;
    eo.set = set;
    eo.format = format;
    eo.reviewer = "lea";
    eo.output = (dir / (std::string("export-") + set + "." + format)).string();
    std::ostringstream sink;
    std::streambuf* old = std::cout.rdbuf(sink.rdbuf());
    core::Status st = CmdExport(quiet, db.string(), eo);
    std::cout.rdbuf(old);
    WINNOW_RETURN_IF_ERROR(st);
    out->push_back(eo.output);
  }
  return core::Status::Ok();
}

std::string TitleOf(store::Store& review, int64_t work) {
  std::vector<int64_t> members;
  if (!review.WorkMembers(work, &members).ok() || members.empty()) return "";
  store::RecordRow row;
  if (!review.LoadRecordRow(members[0], &row).ok()) return "";
  return row.record.title;
}

bool Mentions(const std::string& text, std::initializer_list<const char*> words) {
  std::string key = core::MatchKey(text);
  for (const char* w : words) {
    if (key.find(w) != std::string::npos) return true;
  }
  return false;
}

// The demo's narrative: each step adds a line for people and a key to the
// JSON report.
class DemoRun {
 public:
  explicit DemoRun(const fs::path& db) {
    report_["review"] = db.string();
    text_ << "winnow demo: a review built offline from bundled PubMed records and an EndNote "
             "library, in " << db.string()
          << "\n\n";
  }

  core::Status Import(store::Store& review, const std::vector<std::string>& files,
                      const char* what, const char* source = "pubmed") {
    ImportOptions io;
    io.source = source;
    ImportSummary s;
    WINNOW_RETURN_IF_ERROR(ImportFiles(review, files, io, &s));
    report_[what] = nlohmann::ordered_json::parse(ImportSummaryJson(s));
    text_ << ++step_ << ". " << what << " (" << files.size() << " file"
          << (files.size() == 1 ? "" : "s") << "): " << StepLine(s) << "\n";
    return core::Status::Ok();
  }

  core::Status Search(store::Store& review, const std::string& query) {
    std::vector<int64_t> hits;
    WINNOW_RETURN_IF_ERROR(review.MatchText(query, &hits));
    report_["full-text index: " + query] = hits.size();
    text_ << ++step_ << ". full-text index: " << hits.size() << " records match '" << query
          << "'\n";
    return core::Status::Ok();
  }

  core::Status Dedup(store::Store& review) {
    DedupSummary s;
    WINNOW_RETURN_IF_ERROR(RunDedup(review, DedupOptions{}, &s));
    report_["dedup"] = DedupSummaryJson(s);
    std::vector<store::DedupPair> related;
    WINNOW_RETURN_IF_ERROR(review.LoadDedupPairs("related", &related));
    text_ << ++step_ << ". deduplicate: " << s.records << " records -> " << s.works_after
          << " works (" << s.duplicate_pairs << " duplicate pairs merged, " << s.review_queue
          << " pairs left for a reviewer, " << related.size()
          << " related pairs such as errata kept apart)\n";
    return core::Status::Ok();
  }

  core::Status Rules(store::Store& review, const fs::path& file) {
    RulesOptions options;
    options.file_name = file.string();
    RulesReport r;
    WINNOW_RETURN_IF_ERROR(ApplyRules(review, kDemoRules, options, &r));
    report_["rules"] = RulesReportJson(r);
    text_ << ++step_ << ". rule screening (" << file.string() << "): " << r.excluded
          << " works excluded (";
    bool first = true;
    for (const RuleOutcome& o : r.rules) {
      if (o.action != "exclude") continue;
      text_ << (first ? "" : ", ") << o.applied << " " << o.name;
      first = false;
    }
    text_ << "), " << r.tagged << " tagged as trials\n";
    return core::Status::Ok();
  }

  // Two reviewers screen every open work, title/abstract then full text,
  // by simple stand-in judgements (they disagree now and then); a lead
  // resolves the conflicts; some full texts cannot be found. Then the PRISMA
  // flow is computed and written.
  core::Status Screen(store::Store& review, const fs::path& dir) {
    for (const auto& [name, role] : {std::pair<const char*, const char*>{"ana", "reviewer"},
                                     {"ben", "reviewer"}, {"lea", "lead"}}) {
      store::Reviewer r;
      WINNOW_RETURN_IF_ERROR(review.Begin());
      core::Status st = review.AddReviewer(name, role, core::Sha256Hex(std::string("demo-") + name), &r);
      if (st.ok()) st = review.Commit();
      if (!st.ok()) {
        review.Rollback();
        return st;
      }
    }
    // Title/abstract: relevant when it is about tafenoquine, primaquine or malaria.
    std::map<int64_t, std::string> statuses;
    WINNOW_RETURN_IF_ERROR(review.WorkStatuses(&statuses));
    int64_t conflicts = 0;
    for (const auto& [work, status] : statuses) {
      if (status != "unscreened") continue;
      std::string title = TitleOf(review, work);
      bool relevant = Mentions(title, {"tafenoquine", "primaquine", "malaria", "plasmodium"});
      WINNOW_RETURN_IF_ERROR(Decide(review, work, "ana", "ta", relevant ? "include" : "exclude", "", ""));
      bool differ = work % 9 == 0;  // ben sees it otherwise now and then
      WINNOW_RETURN_IF_ERROR(Decide(review, work, "ben", "ta",
                                    (relevant != differ) ? "include" : "exclude", "", ""));
      WorkOutcome o;
      ScreeningSettings settings;
      WINNOW_RETURN_IF_ERROR(LoadSettings(review, &settings));
      WINNOW_RETURN_IF_ERROR(OutcomeOf(review, settings, work, "ta", &o));
      if (o.outcome == Outcome::kConflict) {
        ++conflicts;
        WINNOW_RETURN_IF_ERROR(Resolve(review, work, "lea", "ta", relevant ? "include" : "exclude", ""));
      }
    }
    // Full text: every fifth cannot be found; trials of tafenoquine are included.
    WINNOW_RETURN_IF_ERROR(review.WorkStatuses(&statuses));
    for (const auto& [work, status] : statuses) {
      if (status != "ta_included") continue;
      if (work % 5 == 0) {
        WINNOW_RETURN_IF_ERROR(SetFulltext(review, work, false, "", "lea"));
        continue;
      }
      WINNOW_RETURN_IF_ERROR(SetFulltext(review, work, true, "fulltext/" + std::to_string(work) + ".pdf", "lea"));
      std::string title = TitleOf(review, work);
      bool include = Mentions(title, {"tafenoquine"}) && !Mentions(title, {"review"});
      const char* reason = Mentions(title, {"review"}) ? "Wrong publication type" : "Wrong intervention";
      for (const char* who : {"ana", "ben"}) {
        WINNOW_RETURN_IF_ERROR(Decide(review, work, who, "ft", include ? "include" : "exclude",
                                      include ? "" : reason, ""));
      }
    }
    exporter::PrismaFlow flow;
    std::vector<std::string> problems;
    WINNOW_RETURN_IF_ERROR(ComputePrisma(review, &flow, &problems));
    fs::path svg = dir / "prisma.svg", csv = dir / "prisma.csv";
    std::ofstream(svg, std::ios::binary) << exporter::PrismaSvg(flow, kDemoTitle);
    std::ofstream(csv, std::ios::binary) << exporter::PrismaCsv(flow);
    report_["screening"] = {{"conflicts_resolved", conflicts},
                            {"records_screened", flow.records_screened},
                            {"records_excluded", flow.records_excluded},
                            {"reports_assessed", flow.dbr_assessed},
                            {"reports_not_retrieved", flow.dbr_notretrieved_reports},
                            {"included_studies", flow.new_studies},
                            {"included_reports", flow.new_reports},
                            {"prisma_problems", problems}};
    text_ << ++step_ << ". screening by two reviewers (ana, ben; lead lea): " << flow.records_screened
          << " screened, " << flow.records_excluded << " excluded at title/abstract, " << conflicts
          << " conflicts resolved; " << flow.dbr_sought_reports << " full texts sought, "
          << flow.dbr_notretrieved_reports << " not retrieved, " << flow.dbr_excluded
          << " excluded; " << flow.new_studies << " studies (" << flow.new_reports
          << " reports) included\n";
    text_ << ++step_ << ". PRISMA 2020 flow: " << svg.string() << ", " << csv.string()
          << (problems.empty() ? " (complete and consistent)" : " (with problems: see --json)") << "\n";
    return core::Status::Ok();
  }

  void Exported(const nlohmann::ordered_json& exports) {
    report_["exports"] = exports;
    text_ << ++step_ << ". exported:";
    for (const auto& e : exports) text_ << " " << e.get<std::string>();
    text_ << "\n";
  }

  std::string Finish(const GlobalFlags& g, const store::ReviewStats& stats) {
    report_["stats"] = {{"sources", stats.sources},
                        {"imports", stats.imports},
                        {"source_records", stats.source_records},
                        {"deleted_records", stats.deleted_records},
                        {"works", stats.works}};
    text_ << "\nthe review: " << stats.source_records << " source records ("
          << stats.deleted_records << " withdrawn by PubMed) from " << stats.sources
          << (stats.sources == 1 ? " source in " : " sources in ") << stats.imports << " imports, " << stats.works << " works\n";
    if (!g.json) return text_.str();
    return report_.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

 private:
  nlohmann::ordered_json report_;
  std::ostringstream text_;
  int step_ = 0;
};

}  // namespace

core::Status CmdDemo(const GlobalFlags& g, const std::string& dir_name) {
  // The demo narrates on stdout; per-step logs only with -v.
  if (!g.verbose) spdlog::set_level(spdlog::level::warn);
  fs::path dir = dir_name.empty() ? fs::path("winnow-demo") : fs::path(dir_name);
  fs::path db = dir / "review.db";
  std::vector<std::string> searches;
  std::string update_file, library;
  WINNOW_RETURN_IF_ERROR(RemoveOldReview(db));
  WINNOW_RETURN_IF_ERROR(WriteBundledData(dir, &searches, &update_file, &library));
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Create(db.string(), kDemoTitle, &review));
  DemoRun run(db);
  WINNOW_RETURN_IF_ERROR(run.Import(*review, searches, "import PubMed search results"));
  WINNOW_RETURN_IF_ERROR(run.Import(*review, {update_file}, "import a MEDLINE update file"));
  WINNOW_RETURN_IF_ERROR(run.Import(*review, searches, "re-import the same files (a no-op)"));
  WINNOW_RETURN_IF_ERROR(run.Import(*review, {library},
                                    "import a reviewer's EndNote library (MEDLINE, Embase, CENTRAL)",
                                    "endnote"));
  WINNOW_RETURN_IF_ERROR(run.Dedup(*review));
  fs::path rules = dir / "rules.toml";
  {
    std::ofstream out(rules, std::ios::binary);
    out << kDemoRules;
    if (!out) return core::Status::Io(rules.string() + ": cannot write");
  }
  WINNOW_RETURN_IF_ERROR(run.Rules(*review, rules));
  WINNOW_RETURN_IF_ERROR(run.Screen(*review, dir));
  WINNOW_RETURN_IF_ERROR(run.Search(*review, "randomized OR randomised OR trial"));
  store::ReviewStats stats;
  WINNOW_RETURN_IF_ERROR(review->Stats(&stats));
  review.reset();
  nlohmann::ordered_json exports = nlohmann::ordered_json::array();
  WINNOW_RETURN_IF_ERROR(ExportAll(dir, db, &exports));
  run.Exported(exports);
  PrintResult(g, run.Finish(g, stats));
  return core::Status::Ok();
}

}  // namespace app
