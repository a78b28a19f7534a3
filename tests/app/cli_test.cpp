// The CLI contract of DESIGN.md, exercised through the real binary: exit
// codes, --json documents, error messages that name the file.
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "store/store.h"
#include "app/cli_util.h"
#include "test_util.h"

namespace {

using Result = testutil::CliResult;

Result Run(const testutil::TempDir& dir, const std::string& args, const std::string& env = "") {
  return testutil::RunWinnow(dir, args, env);
}

using testutil::Q;

}  // namespace

TEST_CASE("cli: init, import --json, export in three formats", "[cli]") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  std::string db = Q((dir / "review.db").string());
  Result init = Run(dir, "init " + db + " --title 'Peer support' --json");
  REQUIRE(init.code == 0);
  CHECK(nlohmann::json::parse(init.out)["created"] == true);

  std::string file = testutil::SharedData("pubmed_xml/misc/p1m_pubmed_result.xml").string();
  Result imp = Run(dir, "import " + db + " " + Q(file) + " --json");
  REQUIRE(imp.code == 0);
  auto j = nlohmann::json::parse(imp.out);
  CHECK(j["read"] == 4);
  CHECK(j["added"] == 4);
  CHECK(j["unchanged"] == 0);
  CHECK(j["updated"] == 0);
  CHECK(j["deleted"] == 0);
  CHECK(j["skipped"].is_array());

  Result again = Run(dir, "import " + db + " " + Q(file));
  REQUIRE(again.code == 0);
  CHECK_THAT(again.out, Catch::Contains("already imported"));

  Result ej = Run(dir, "export " + db + " --format json");
  REQUIRE(ej.code == 0);
  auto arr = nlohmann::json::parse(ej.out);
  REQUIRE(arr.size() == 4);
  for (const auto& rec : arr) {
    CHECK(rec["source"] == "pubmed");
    CHECK(rec["pmid"] == rec["source_id"]);
    CHECK(rec["status"] == "unscreened");
    CHECK(rec.contains("work_id"));
    CHECK(rec.contains("title"));
  }
  Result records = Run(dir, "export " + db + " --set records --format json");
  REQUIRE(records.code == 0);
  CHECK(nlohmann::json::parse(records.out).size() == 4);

  std::string csv = (dir / "out.csv").string();
  REQUIRE(Run(dir, "export " + db + " --format csv -o " + Q(csv)).code == 0);
  std::string text = testutil::ReadFile(csv);
  CHECK(text.rfind("work_id,", 0) == 0);
  std::string ris = (dir / "out.ris").string();
  REQUIRE(Run(dir, "export " + db + " --format ris -o " + Q(ris)).code == 0);
  text = testutil::ReadFile(ris);
  size_t ers = 0;
  for (size_t at = text.find("ER  -"); at != std::string::npos; at = text.find("ER  -", at + 1)) {
    ++ers;
  }
  CHECK(ers == 4);
}

TEST_CASE("cli: exit codes and errors that name the file", "[cli]") {
  testutil::TempDir dir;
  std::string db = Q((dir / "review.db").string());
  CHECK(Run(dir, "").code == 2);
  CHECK(Run(dir, "frobnicate").code == 2);
  CHECK(Run(dir, "export " + db).code == 2);  // no such review
  REQUIRE(Run(dir, "init " + db).code == 0);
  Result twice = Run(dir, "init " + db);
  CHECK(twice.code == 2);
  CHECK_THAT(twice.err, Catch::Contains("review.db"));

  std::string notes = (dir / "notes.txt").string();
  testutil::WriteFile(notes, "TY  - JOUR\nthis is no PubMed XML\n");
  Result bad = Run(dir, "import " + db + " " + Q(notes) + " --json");
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Catch::Contains("notes.txt"));
  auto j = nlohmann::json::parse(bad.out);
  CHECK(j["error"]["code"] == 2);

  Result missing = Run(dir, "import " + db + " " + Q((dir / "nope.xml").string()));
  CHECK(missing.code == 2);
  CHECK_THAT(missing.err, Catch::Contains("nope.xml"));
  CHECK(Run(dir, "export " + db + " --format docx").code == 2);
  Result fmt = Run(dir, "import " + db + " " + Q(notes) + " --format bogus");
  CHECK(fmt.code == 2);
  CHECK_THAT(fmt.err, Catch::Contains("--format"));
  Result out = Run(dir, "export " + db + " -o " + Q((dir / "no" / "x.json").string()));
  CHECK(out.code == 2);
  CHECK_THAT(out.err, Catch::Contains("x.json"));
  testutil::WriteFile(dir / "empty.db", "");
  Result empty = Run(dir, "export " + Q((dir / "empty.db").string()));
  CHECK(empty.code == 2);
  CHECK_THAT(empty.err, Catch::Contains("not a winnow review"));
  Result nodir = Run(dir, "init " + Q((dir / "no" / "such" / "dir.db").string()));
  CHECK(nodir.code == 2);
  CHECK_THAT(nodir.err, Catch::Contains("dir.db"));
}

TEST_CASE("cli: file names that are not UTF-8 still give valid JSON", "[cli]") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  std::string db = Q((dir / "review.db").string());
  REQUIRE(Run(dir, "init " + db).code == 0);
  std::string latin1 = (dir / "caf\xE9.xml").string();  // Latin-1 bytes in the name
  testutil::WriteFile(
      latin1, testutil::ReadFile(testutil::SharedData("pubmed_xml/misc/p1m_pubmed_result.xml")));
  Result ok = Run(dir, "import " + db + " " + Q(latin1) + " --json");
  REQUIRE(ok.code == 0);
  CHECK(nlohmann::json::parse(ok.out)["added"] == 4);
  Result missing = Run(dir, "import " + db + " " + Q((dir / "gone\xE9.xml").string()) + " --json");
  CHECK(missing.code == 2);
  CHECK(nlohmann::json::parse(missing.out)["error"]["code"] == 2);
}

TEST_CASE("cli: a truncated XML file is exit 2 and leaves nothing behind", "[cli]") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  std::string db = Q((dir / "review.db").string());
  REQUIRE(Run(dir, "init " + db).code == 0);
  std::string xml =
      testutil::ReadFile(testutil::SharedData("pubmed_xml/misc/p1m_pubmed_result.xml"));
  std::string cut = (dir / "cut.xml").string();
  testutil::WriteFile(cut, xml.substr(0, xml.size() * 2 / 3));
  Result r = Run(dir, "import " + db + " " + Q(cut));
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("cut.xml"));
  Result ex = Run(dir, "export " + db + " --set records --format json");
  REQUIRE(ex.code == 0);
  CHECK(nlohmann::json::parse(ex.out).empty());
}

TEST_CASE("cli: the demo builds a review offline", "[cli]") {
  testutil::TempDir dir;
  std::string demo = (dir / "demo").string();
  Result r = Run(dir, "demo " + Q(demo) + " --json");
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["stats"]["works"].get<int>() > 600);
  // The EndNote library's duplicates (several databases) became one work each.
  CHECK(j["dedup"]["duplicates"].get<int>() > 50);
  CHECK(j["stats"]["works"] == j["stats"]["source_records"].get<int>() - j["dedup"]["duplicates"].get<int>());
  // Rule screening excluded some works, each by a named rule.
  CHECK(j["rules"]["excluded"].get<int>() > 10);
  CHECK(j["rules"]["rules"][0]["name"] == "animal studies");
  CHECK(std::filesystem::exists(std::filesystem::path(demo) / "rules.toml"));
  // Two reviewers screened everything; the PRISMA flow is final and written.
  CHECK(j["screening"]["prisma_problems"].empty());
  CHECK(j["screening"]["included_reports"].get<int>() > 0);
  CHECK(j["screening"]["records_screened"].get<int>() ==
        j["stats"]["works"].get<int>() - j["rules"]["excluded"].get<int>());
  CHECK(std::filesystem::exists(std::filesystem::path(demo) / "prisma.svg"));
  CHECK(j["re-import the same files (a no-op)"]["added"] == 0);
  CHECK(std::filesystem::exists(std::filesystem::path(demo) / "export-all.json"));
  // The included studies for the meta-analysis, and the screened works with
  // each reviewer's decisions.
  std::string included = testutil::ReadFile(std::filesystem::path(demo) / "export-included.csv");
  CHECK(included.rfind("study_id,work_ids,first_author,", 0) == 0);
  std::string screened = testutil::ReadFile(std::filesystem::path(demo) / "export-screened.csv");
  CHECK(screened.find(",ta_ana,ta_ana_reason,ta_ana_note,ta_ben,") != std::string::npos);
  CHECK(screened.find(",hidden,") == std::string::npos);  // the lead's view
  // Running it again starts afresh and gives the same numbers.
  Result again = Run(dir, "demo " + Q(demo) + " --json");
  REQUIRE(again.code == 0);
  CHECK(nlohmann::json::parse(again.out)["stats"] == j["stats"]);

  // A directory holding someone's own review is left alone.
  std::string mine = (dir / "mine").string();
  std::filesystem::create_directories(mine);
  REQUIRE(Run(dir, "init " + Q(mine + "/review.db") + " --title 'my real review'").code == 0);
  Result refused = Run(dir, "demo " + Q(mine));
  CHECK(refused.code == 2);
  CHECK_THAT(refused.err, Catch::Contains("not a demo review"));
  Result title = Run(dir, "export " + Q(mine + "/review.db") + " --format json");
  CHECK(title.code == 0);
  CHECK(std::filesystem::exists(mine + "/review.db"));
  CHECK_FALSE(std::filesystem::exists(mine + "/data"));
}

TEST_CASE("cli: a review another command is writing to is exit 4, untouched", "[cli]") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  std::string path = (dir / "review.db").string();
  REQUIRE(Run(dir, "init " + Q(path)).code == 0);
  std::unique_ptr<store::Store> writer;
  REQUIRE(store::Store::Open(path, &writer).ok());
  REQUIRE(writer->Begin().ok());  // holds the write lock
  std::string file = testutil::SharedData("pubmed_xml/misc/p1m_pubmed_result.xml").string();
  Result r = Run(dir, "import " + Q(path) + " " + Q(file), "WINNOW_BUSY_TIMEOUT_MS=200");
  CHECK(r.code == 4);
  CHECK_THAT(r.err, Catch::Contains("review.db") && Catch::Contains("another winnow command"));
  writer->Rollback();
  writer.reset();
  CHECK(Run(dir, "import " + Q(path) + " " + Q(file)).code == 0);
}

TEST_CASE("cli: CSV and RIS exports of a real PubMed file agree with the JSON export", "[cli]") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  std::string db = Q((dir / "review.db").string());
  REQUIRE(Run(dir, "init " + db).code == 0);
  std::string file =
      testutil::SharedData("pubmed_xml/misc/p1m_ortho_pubmed_result_292.xml").string();
  REQUIRE(Run(dir, "import " + db + " " + Q(file)).code == 0);
  auto works = nlohmann::json::parse(Run(dir, "export " + db + " --format json").out);
  REQUIRE(works.size() == 292);

  std::string csv_path = (dir / "w.csv").string();
  REQUIRE(Run(dir, "export " + db + " --format csv -o " + Q(csv_path)).code == 0);
  auto rows = testutil::SplitCsv(testutil::ReadFile(csv_path));
  REQUIRE(rows.size() == 293);  // header + one row per work
  const auto& header = rows[0];
  auto col = [&](const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    REQUIRE(it != header.end());
    return static_cast<size_t>(it - header.begin());
  };
  size_t title = col("title"), doi = col("doi"), pmid = col("pmid"), year = col("year");
  size_t abstract = col("abstract");
  for (size_t i = 0; i < works.size(); ++i) {
    const auto& w = works[i];
    const auto& row = rows[i + 1];
    REQUIRE(row.size() == header.size());
    CHECK(row[title] == w.value("title", ""));
    CHECK(row[abstract] == w.value("abstract", ""));
    CHECK(row[doi] == w.value("doi", ""));
    CHECK(row[pmid] == w.value("pmid", ""));
    CHECK(row[year] == (w.contains("year") ? std::to_string(w["year"].get<int>()) : ""));
  }

  std::string ris = Run(dir, "export " + db + " --format ris").out;
  size_t records = 0, au = 0, expected_au = 0;
  std::istringstream in(ris);
  for (std::string line; std::getline(in, line);) {
    records += line.rfind("ER  -", 0) == 0;
    au += line.rfind("AU  - ", 0) == 0;
  }
  for (const auto& w : works) expected_au += w.value("authors", nlohmann::json::array()).size();
  CHECK(records == 292);
  CHECK(au == expected_au);
}
