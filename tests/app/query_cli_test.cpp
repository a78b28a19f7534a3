// The query language and rule screening through the winnow binary, on twelve
// real PubMed records (shared/data/pubmed_xml/metapub_pmid_xml). The expected
// matches were worked out by hand from the records' XML: publication types,
// MeSH descriptors (major flags, qualifiers), titles, abstracts, first
// authors, journals and years.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <map>
#include <set>
#include <string>

#include "app/cli_util.h"
#include "test_util.h"

using testutil::Q;
using testutil::RunWinnow;

namespace {

const int64_t kPmids[] = {11618220, 11636720, 11873782, 24084238, 26415349, 31588070,
                          32294727, 32306807, 32496081, 33786689, 33856845, 32894878};

std::string MakeReview(const testutil::TempDir& dir) {
  std::string db = (dir / "r.db").string();
  REQUIRE(RunWinnow(dir, "init " + Q(db)).code == 0);
  std::string files;
  for (int64_t p : kPmids) {
    files += " " + Q(testutil::SharedData("pubmed_xml/metapub_pmid_xml/metapub_pmid_" +
                                          std::to_string(p) + ".xml").string());
  }
  REQUIRE(RunWinnow(dir, "-q import " + Q(db) + files + " --source pubmed").code == 0);
  return db;
}

std::set<std::string> Pmids(const testutil::TempDir& dir, const std::string& db,
                            const std::string& query, std::string* raw = nullptr) {
  auto r = RunWinnow(dir, "--json query run " + Q(db) + " " + Q(query));
  INFO(query << "\n" << r.err);
  REQUIRE(r.code == 0);
  if (raw) *raw = r.out;
  std::set<std::string> out;
  nlohmann::json j = nlohmann::json::parse(r.out);
  for (const auto& w : j["works"]) out.insert(w.value("pmid", ""));
  return out;
}

void Sql(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  REQUIRE(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(h);
}

}  // namespace

TEST_CASE("query run matches real records as worked out by hand") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  std::string db = MakeReview(dir);
  using S = std::set<std::string>;
  struct Case {
    const char* query;
    S expected;
  };
  const Case cases[] = {
      {"Editorial[pt]", {"32294727", "33786689", "32894878"}},
      {"historical article[Publication Type]", {"11618220", "11636720", "11873782", "26415349"}},
      {"humans[mh]",
       {"24084238", "26415349", "31588070", "32294727", "32496081", "33786689", "33856845"}},
      {"animals[mh] NOT humans[mh]", {"32306807"}},
      {"reproduction[majr]", {"11636720", "26415349"}},
      {"humans[majr]", {}},  // Humans is never a major topic here
      {"history[sh]", {"11618220", "11636720", "11873782", "26415349"}},
      {"embolism[ti]", {"31588070"}},
      {"\"pulmonary embolism\"[tiab]", {"31588070"}},
      {"embryolog*[tiab]", {"26415349"}},
      {"\"sex differentiation\"[ti]", {"11636720"}},
      {"\"Early Sci Med\"[ta]", {"11873782", "26415349"}},
      {"koch s[au]", {"32894878"}},
      {"Kember[1au]", {"11636720"}},
      {"history, ancient[mh] AND 2015[dp]", {"26415349"}},
      {"1970:1990[dp]", {"11618220", "11636720"}},
      {"11873782[uid]", {"11873782"}},
      {"english[la] AND plants[tiab]", {"32496081"}},
      {"\"transplantation brazil\"[tiab:~2]", {"32294727"}},
      // PubMed reads left to right: (Historical Article OR Editorial) AND humans.
      {"historical article[pt] OR editorial[pt] AND humans[mh]",
       {"26415349", "32294727", "33786689"}},
      {"historical article[pt] OR (editorial[pt] AND humans[mh])",
       {"11618220", "11636720", "11873782", "26415349", "32294727", "33786689"}},
  };
  for (const Case& c : cases) {
    std::string raw;
    std::set<std::string> got = Pmids(dir, db, c.query, &raw);
    INFO(c.query << "\n" << raw);
    CHECK(got == c.expected);
  }
  // A top-level NOT that removes most records says so.
  auto most = RunWinnow(dir, "--json query run " + Q(db) + " " + Q("Editorial[pt] NOT humans[mh]"));
  REQUIRE(most.code == 0);
  nlohmann::json mj = nlohmann::json::parse(most.out);
  CHECK(mj["works"].size() == 1);
  bool noted = false;
  for (const auto& n : mj["notes"]) {
    noted = noted || n.get<std::string>().find("removes 2 of 3 records") != std::string::npos;
  }
  CHECK(noted);
  // An Ovid strategy resolves to the same thing as its PubMed form.
  std::string ovid = (dir / "ovid.txt").string();
  testutil::WriteFile(ovid, "1. exp Reproduction/\n2. Historical Article.pt.\n3. 1 and 2\n");
  auto r = RunWinnow(dir, "--json query run " + Q(db) + " --query-file " + Q(ovid));
  REQUIRE(r.code == 0);
  std::set<std::string> got;
  nlohmann::json j = nlohmann::json::parse(r.out);
  for (const auto& w : j["works"]) got.insert(w.value("pmid", ""));
  CHECK(got == S{"11636720", "26415349"});
  CHECK_FALSE(j["notes"].empty());  // [mh] is not exploded offline
}

TEST_CASE("query check and translate print canonical forms and errors with positions") {
  testutil::TempDir dir;
  auto ok = RunWinnow(dir, "--json query check --query " +
                               Q("“peer support”[Title/Abstract] and randomi*[TIAB]"));
  REQUIRE(ok.code == 0);
  auto j = nlohmann::json::parse(ok.out);
  CHECK(j["canonical"] == "\"peer support\"[tiab] AND randomi*[tiab]");
  auto bad = RunWinnow(dir, "query check --query " + Q("(peer[tiab] OR support[tiab]"));
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Catch::Contains("1:1") && Catch::Contains("parenthesis"));
  auto tag = RunWinnow(dir, "query check --query " + Q("peer[tiabx]"));
  CHECK(tag.code == 2);
  CHECK_THAT(tag.err, Catch::Contains("[tiabx]"));
  auto epmc = RunWinnow(dir, "--json query translate --to europepmc --query " +
                                 Q("\"peer support\"[tiab] AND \"Peer Group\"[mh]"));
  REQUIRE(epmc.code == 0);
  auto e = nlohmann::json::parse(epmc.out);
  CHECK(e["query"].get<std::string>().find("TITLE_ABS:\"peer support\"") != std::string::npos);
  CHECK_FALSE(e["warnings"].empty());  // no MeSH explosion outside PubMed
  // An Ovid wildcard PubMed cannot search is said, not silently sent.
  std::string ovid = (dir / "wild.txt").string();
  testutil::WriteFile(ovid, "1. randomi?ed.ti,ab.\n2. exp Asthma/\n3. 1 and 2\n");
  auto pm = RunWinnow(dir, "--json query translate " + Q(ovid) + " --to pubmed");
  REQUIRE(pm.code == 0);
  auto pj = nlohmann::json::parse(pm.out);
  CHECK(pj["query"] == "randomi?ed[tiab] AND Asthma[mh]");
  REQUIRE(pj["warnings"].size() == 1);
  CHECK(pj["warnings"][0].get<std::string>().find("no wildcard inside a word") != std::string::npos);
  auto ct = RunWinnow(dir, "--json query translate --to ctgov --query " + Q("asthma[ti]"));
  REQUIRE(ct.code == 0);
  CHECK(nlohmann::json::parse(ct.out)["query"].get<std::string>().find("AREA[BriefTitle]") !=
        std::string::npos);
}

TEST_CASE("rules exclude and tag works and are undone as a whole") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  std::string db = MakeReview(dir);
  std::string rules = (dir / "rules.toml").string();
  testutil::WriteFile(rules,
                      "[highlight]\ninclude = [\"embolism\"]\n\n"
                      "[[rule]]\nname = \"editorials\"\nquery = \"editorial[pt]\"\n"
                      "action = \"exclude\"\nreason = \"Wrong publication type\"\n\n"
                      "[[rule]]\nname = \"animal studies\"\nquery = \"animals[mh] NOT humans[mh]\"\n"
                      "action = \"exclude\"\nreason = \"Animal study\"\n\n"
                      "[[rule]]\nname = \"history\"\nquery = \"history[sh]\"\naction = \"tag\"\n");
  // A reviewer already included one of the editorials: rules leave it alone.
  auto works = nlohmann::json::parse(
      RunWinnow(dir, "--json export " + Q(db) + " --set all --format json").out);
  int64_t decided = 0;
  for (const auto& w : works) {
    if (w.value("pmid", "") == "33786689") decided = w["work_id"];
  }
  REQUIRE(decided != 0);
  Sql(db, "UPDATE works SET status = 'included' WHERE id = " + std::to_string(decided));

  auto dry = RunWinnow(dir, "--json rules " + Q(db) + " " + Q(rules) + " --dry-run");
  REQUIRE(dry.code == 0);
  auto d = nlohmann::json::parse(dry.out);
  CHECK(d["dry_run"] == true);
  CHECK(d["excluded"] == 3);  // two editorials (one decided already) and the mouse study
  CHECK(d["rules"][0]["matched_works"] == 3);
  CHECK(d["rules"][0]["excluded"] == 2);
  CHECK(d["rules"][0]["already_decided"] == 1);
  CHECK(d["rules"][2]["tagged"] == 4);
  auto statuses = [&]() {
    std::multiset<std::string> s;
    for (const auto& w : nlohmann::json::parse(
             RunWinnow(dir, "--json export " + Q(db) + " --set all --format json").out)) {
      s.insert(w["status"].get<std::string>());
    }
    return s;
  };
  CHECK(statuses().count("excluded_automatic") == 0);  // a dry run records nothing

  auto run = RunWinnow(dir, "--json rules " + Q(db) + " " + Q(rules));
  REQUIRE(run.code == 0);
  CHECK(nlohmann::json::parse(run.out)["run_id"] == 1);
  CHECK(statuses().count("excluded_automatic") == 3);
  CHECK(statuses().count("included") == 1);
  // Running the same rules again changes nothing.
  auto again = nlohmann::json::parse(RunWinnow(dir, "--json rules " + Q(db) + " " + Q(rules)).out);
  CHECK(again["excluded"] == 0);
  CHECK(again["tagged"] == 0);
  // Undo: the latest run (nothing), then run 1: every work back as it was.
  CHECK(RunWinnow(dir, "rules undo " + Q(db)).code == 0);
  auto undo = nlohmann::json::parse(RunWinnow(dir, "--json rules undo " + Q(db) + " 1").out);
  CHECK(undo["works_restored"] == 3);
  CHECK(statuses().count("excluded_automatic") == 0);
  CHECK(statuses().count("included") == 1);
  CHECK(RunWinnow(dir, "rules undo " + Q(db) + " 1").code == 4);
  CHECK(RunWinnow(dir, "rules undo " + Q(db)).code == 4);

  // A bad rules file: exit 2 naming the file, line and rule; nothing recorded.
  std::string bad = (dir / "bad.toml").string();
  testutil::WriteFile(bad, "[[rule]]\nname = \"x\"\nquery = \"foo[tiabx]\"\naction = \"exclude\"\nreason = \"r\"\n");
  auto b = RunWinnow(dir, "rules " + Q(db) + " " + Q(bad));
  CHECK(b.code == 2);
  CHECK_THAT(b.err, Catch::Contains("bad.toml:1") && Catch::Contains("rule 'x'") &&
                        Catch::Contains("[tiabx]"));
  testutil::WriteFile(bad, "[[rule]]\nname = \"x\"\nquery = \"foo\"\naction = \"exclude\"\n");
  CHECK_THAT(RunWinnow(dir, "rules " + Q(db) + " " + Q(bad)).err, Catch::Contains("needs a reason"));
}

namespace {

// The query-only indexes (migration 5) that exist in the review.
std::set<std::string> QueryIndexes(const std::string& db) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(h,
                             "SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN "
                             "('record_terms_value', 'authors_family', 'records_year')",
                             -1, &st, nullptr) == SQLITE_OK);
  std::set<std::string> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    out.insert(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

std::set<int64_t> WorkIds(const testutil::CliResult& r) {
  std::set<int64_t> out;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  for (const auto& w : j["works"]) out.insert(w.value("work_id", 0));
  return out;
}

}  // namespace

TEST_CASE("a bulk import leaves the query indexes to the first query, which answers the same") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  std::string db = (dir / "bulk.db").string();
  REQUIRE(RunWinnow(dir, "init " + Q(db)).code == 0);
  // 1,233 real PubMed records from an EndNote library: a bulk write into an
  // empty review, so the import drops the three indexes and does not rebuild them.
  std::string file =
      testutil::SharedData("exports/endnote_xml/asysd_zotero_export_endnote.xml").string();
  REQUIRE(RunWinnow(dir, "-q import " + Q(db) + " " + Q(file) + " --source pubmed").code == 0);
  CHECK(QueryIndexes(db).empty());

  const std::string queries[] = {"2015[dp]", "2010:2012[dp]", "smith[au]", "Li[1au]",
                                 "humans[mh]", "english[la]", "journal article[pt]"};
  // While another process holds the write lock the indexes cannot be built:
  // the lookups scan the tables instead, and the review is not touched.
  std::map<std::string, std::set<int64_t>> scanned;
  {
    sqlite3* writer = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &writer) == SQLITE_OK);
    REQUIRE(sqlite3_exec(writer, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    for (const std::string& q : queries) {
      auto r = RunWinnow(dir, "--json query run " + Q(db) + " " + Q(q),
                         "WINNOW_BUSY_TIMEOUT_MS=50");
      INFO(q << "\n" << r.err);
      REQUIRE(r.code == 0);
      scanned[q] = WorkIds(r);
    }
    sqlite3_exec(writer, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(writer);
  }
  CHECK(QueryIndexes(db).empty());
  // Free to write: the first query builds all three, and every answer is the same.
  size_t matched = 0;
  for (const std::string& q : queries) {
    auto r = RunWinnow(dir, "--json query run " + Q(db) + " " + Q(q));
    REQUIRE(r.code == 0);
    CHECK(WorkIds(r) == scanned[q]);
    matched += scanned[q].size();
    CHECK(QueryIndexes(db).size() == 3);
  }
  CHECK(scanned["2015[dp]"].size() > 10);
  CHECK(scanned["smith[au]"].size() > 0);
  CHECK(matched > scanned["2015[dp]"].size());
}
