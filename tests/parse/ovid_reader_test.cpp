// Tests for parse/ovid_reader.h on the real Ovid exports of ../shared/data
// (exports/ovid: Embase via Ovid in two export styles; exports/jabref: JabRef's
// Ovid long-field fixtures with its .bib oracles), on ParseOvidSource's
// citation styles, and on damaged or foreign inputs.
#include "parse/ovid_reader.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "core/normalize.h"
#include "tests/parse/reader_test_util.h"
#include "tests/test_util.h"

namespace {

namespace fs = std::filesystem;
using readertest::Families, readertest::Head, readertest::Parsed;

Parsed Parse(const fs::path& path, const std::string& display = "") {
  return readertest::ReadPath<parse::OvidReader>(path, display);
}

Parsed ParseText(const std::string& text) {
  return readertest::ReadText<parse::OvidReader>(text, "in.txt");
}

// Fields of a JabRef oracle: "  Title = {value},".
std::map<std::string, std::string> BibFields(const fs::path& path) {
  std::map<std::string, std::string> out;
  std::regex field(R"(^\s*(\w+)\s*=\s*\{(.*)\},?\s*$)");
  std::istringstream in(testutil::ReadFile(path));
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, field)) out[m[1]] = m[2];
  }
  return out;
}

std::vector<std::string> Split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t at = s.find(sep); at != std::string::npos; at = s.find(sep, start)) {
    out.push_back(s.substr(start, at - start));
    start = at + sep.size();
  }
  out.push_back(s.substr(start));
  return out;
}

const char kMedline[] =
    "Database: Ovid MEDLINE(R) ALL <1946 to March 01, 2019>\n"
    "Search Strategy:\n"
    "--------------------------------------------------------------------------------\n"
    "1     exp Quality of Life/ (212345)\n"
    "2     limit 1 to yr=\"2019\" (1234)\n"
    "\n"
    "***************************\n"
    "\n"
    "<1. >\n"
    "VN  - Ovid Technologies\n"
    "DB  - Ovid MEDLINE(R) ALL\n"
    "UI  - 30812345\n"
    "TI  - Exercise for fatigue in adults: a randomised trial.\n"
    "SO  - Journal of Clinical Nursing. 28(23-24):4404-13, 2019 Dec.\n"
    "AS  - J Clin Nurs. 28(23-24):4404-13, 2019 Dec.\n"
    "AU  - White SJ\n"
    "AU  - CORE Study Group\n"
    "FA  - White, Sarah J\n"
    "FA  - CORE Study Group\n"
    "MH  - Adult\n"
    "MH  - *Exercise Therapy/mt [Methods]\n"
    "MH  - Fatigue/th [Therapy]\n"
    "MH  - *Fatigue/px [Psychology]\n"
    "MH  - *Quality of Life\n"
    "AB  - BACKGROUND: Fatigue is common.\n"
    "      ERK signalling was not measured.\n"
    "      METHODS: We randomised 120 adults (NCT01234567).\n"
    "IS  - 0962-1067\n"
    "IS  - 1365-2702\n"
    "LG  - English\n"
    "PT  - Journal Article\n"
    "PT  - Randomized Controlled Trial\n"
    "DI  - https://dx.doi.org/10.1111/jocn.15025\n"
    "YR  - 2019\n"
    "XL  - https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6789012/\n"
    "\n"
    "<2. >\n"
    "VN  - Ovid Technologies\n"
    "DB  - Ovid MEDLINE(R) ALL\n"
    "UI  - 30812346\n"
    "TI  - [Fatigue in nursing].\n"
    "SO  - Pflege. 32(1):5-12, 2019 Feb.\n"
    "AU  - Meier H\n"
    "LG  - German\n"
    "PT  - English Abstract\n"
    "PT  - Journal Article\n"
    "YR  - 2019\n";

}  // namespace

TEST_CASE("OvidReader reads every record of every real Ovid file", "[ovid]") {
  WINNOW_REQUIRE_SHARED_DATA();
  // Counted with grep -cE '^<[0-9]+(\. )?> *$' and by eye.
  const std::map<std::string, size_t> kCounts = {
      {"exports/ovid/ovid_embase_citavi_format.ovd", 2},
      {"exports/ovid/ovid_embase_endnote_format.cgi", 2},
      {"exports/jabref/jabref_OvidImporterTest1.txt", 5},
      {"exports/jabref/jabref_OvidImporterTest3.txt", 1},
      {"exports/jabref/jabref_OvidImporterTest4.txt", 1},
      {"exports/jabref/jabref_OvidImporterTest5.txt", 1},
      {"exports/jabref/jabref_OvidImporterTest6.txt", 1},
      {"exports/jabref/jabref_OvidImporterTest7.txt", 1},
  };
  for (const auto& [rel, count] : kCounts) {
    INFO(rel);
    Parsed p = Parse(testutil::SharedData(rel));
    CHECK(p.status.ok());
    CHECK(p.records.size() == count);
    for (const core::Record& r : p.records) {
      CHECK(r.format == "ovid");
      CHECK(core::IsValidUtf8(r.raw));
      CHECK(r.raw.rfind("<", 0) == 0);
    }
  }
}

TEST_CASE("OvidReader maps Embase records exported in Citavi format", "[ovid]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Parsed p = Parse(testutil::SharedData("exports/ovid/ovid_embase_citavi_format.ovd"), "e.ovd");
  REQUIRE(p.records.size() == 2);
  const core::Record& r = p.records[0];
  CHECK(r.locator == "e.ovd:1");
  CHECK(r.source == "embase");
  CHECK(r.source_id == "621381829");
  CHECK(r.other_ids == std::vector<std::string>{"embase:621381829"});
  CHECK(r.title ==
        "Quality of life in patients with primary ciliary dyskinesia: A systematic "
        "review.");
  CHECK(r.journal == "BMC Proceedings");
  CHECK(r.volume == "12");
  CHECK(r.issue == "Supplement 3");
  CHECK(r.pages.empty());  // "(no pagination)"
  CHECK(r.year == 2018);
  CHECK(r.doi == "10.1186/s12919-018-0099-8");
  CHECK(r.issn == std::vector<std::string>{"1753-6561"});
  CHECK(r.language == std::vector<std::string>{"English"});
  CHECK(r.kind == "conference-paper");
  CHECK(r.publication_types == std::vector<std::string>{"Conference Abstract"});
  CHECK(Families(r) == std::vector<std::string>{"Behan", "Rubbo", "Lucas", "Galvin"});
  CHECK(r.authors[2].initials == "JS");
  CHECK(r.authors[3].initials == "AD");
  // Emtree terms are keywords, not MeSH; '*' (major) dropped.
  CHECK(r.mesh.empty());
  REQUIRE(r.keywords.size() == 20);
  CHECK(r.keywords[9] == "Kartagener syndrome");
  CHECK(r.keywords.back() == "conference abstract");
  CHECK(r.abstract.rfind("Background: As in most rare diseases", 0) == 0);
  CHECK(r.abstract.find("need investigation.") != std::string::npos);
  CHECK(r.raw.find("CR  - Copyright 2018 Elsevier B.V., All rights reserved.") !=
        std::string::npos);
  CHECK(r.raw.back() == '.');  // trailing blank lines are not part of the record

  const core::Record& r2 = p.records[1];
  CHECK(r2.locator == "e.ovd:72");
  CHECK(r2.source_id == "621381823");
  CHECK(r2.title == "Development of a bioinformatics analysis method for diagnosis of.");
  CHECK(Families(r2) == std::vector<std::string>{"Dyskinesia", "Server"});
  CHECK(r2.keywords.front() == "bioinformatics");
}

TEST_CASE("OvidReader reads unindented continuation lines of the EndNote-format export", "[ovid]") {
  WINNOW_REQUIRE_SHARED_DATA();
  // The same two records; here the abstract's paragraphs start at column 0.
  Parsed citavi = Parse(testutil::SharedData("exports/ovid/ovid_embase_citavi_format.ovd"));
  Parsed endnote = Parse(testutil::SharedData("exports/ovid/ovid_embase_endnote_format.cgi"));
  REQUIRE(citavi.records.size() == 2);
  REQUIRE(endnote.records.size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    const core::Record& a = citavi.records[i];
    const core::Record& b = endnote.records[i];
    CHECK(a.abstract == b.abstract);
    CHECK(a.title == b.title);
    CHECK(a.keywords == b.keywords);
    CHECK(a.authors == b.authors);
    CHECK(a.source_id == b.source_id);
  }
  CHECK(endnote.records[0].abstract.find("investigation. Method(s): We searched MEDLINE") ==
        std::string::npos);
  CHECK(endnote.records[0].abstract.find("patients. Method(s): We searched MEDLINE") !=
        std::string::npos);
}

TEST_CASE("OvidReader agrees with JabRef's oracles for its long-field fixtures", "[ovid]") {
  WINNOW_REQUIRE_SHARED_DATA();
  for (int n = 3; n <= 7; ++n) {
    const std::string name = "exports/jabref/jabref_OvidImporterTest" + std::to_string(n);
    INFO(name);
    Parsed p = Parse(testutil::SharedData(name + ".txt"));
    REQUIRE(p.records.size() == 1);
    const core::Record& r = p.records[0];
    std::map<std::string, std::string> bib = BibFields(testutil::SharedData(
        "exports/jabref/jabref_OvidImporterTestBib" + std::to_string(n) + ".bib"));
    CHECK(r.title == bib["Title"]);
    CHECK(r.abstract == bib["Abstract"]);
    CHECK(r.doi == core::NormalizeDoi(bib["DOI"]));
    CHECK(r.issn == (bib["ISSN"].empty() ? std::vector<std::string>{}
                                         : std::vector<std::string>{bib["ISSN"]}));
    CHECK(r.keywords ==
          (bib["Keywords"].empty() ? std::vector<std::string>{} : Split(bib["Keywords"], ", ")));
    CHECK(r.language == (bib["Language"].empty() ? std::vector<std::string>{}
                                                 : std::vector<std::string>{bib["Language"]}));
    // JabRef keeps degrees as names ("Bunkers, Sandra Schmidt R. N. and PhD
    // and FAAN"); its real names are the parts with a comma.
    std::vector<std::string> families;
    for (const std::string& a : Split(bib["Author"], " and ")) {
      if (a.find(',') != std::string::npos) families.push_back(a.substr(0, a.find(',')));
    }
    CHECK(Families(r) == families);
  }
}

TEST_CASE("OvidReader maps long-field records", "[ovid]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Parsed p4 = Parse(testutil::SharedData("exports/jabref/jabref_OvidImporterTest4.txt"));
  REQUIRE(p4.records.size() == 1);
  const core::Record& r = p4.records[0];
  CHECK(r.source_id == "01445406-201509000-00006");
  CHECK(r.source.empty());  // the long format names no database here
  CHECK(r.journal == "Ecohydrology");
  CHECK(r.volume == "8");
  CHECK(r.issue == "6");
  CHECK(r.pages == "1048-1064");
  CHECK(r.year == 2015);
  CHECK(r.kind == "article");
  CHECK(r.authors[0].given == "Lars");

  Parsed p6 = Parse(testutil::SharedData("exports/jabref/jabref_OvidImporterTest6.txt"));
  REQUIRE(p6.records.size() == 1);
  const core::Record& r6 = p6.records[0];
  CHECK(r6.authors[2].family == "van Vugt");
  CHECK(r6.authors[2].given == "Arie");  // "van Vugt, Arie MD, PhD +"
  CHECK(r6.authors[3].given == "Jan Paul");
  CHECK(r6.journal == "Journal of Orthopaedic Trauma");
  CHECK(r6.year == 0);  // ahead of print: no year in the citation
  CHECK(r6.publication_types == std::vector<std::string>{"Original Article"});

  Parsed p5 = Parse(testutil::SharedData("exports/jabref/jabref_OvidImporterTest5.txt"));
  REQUIRE(p5.records.size() == 1);
  CHECK(p5.records[0].authors.size() == 1);  // "Bunkers, Sandra Schmidt RN; PhD; FAAN 1"
  CHECK(p5.records[0].authors[0].given == "Sandra Schmidt");
  CHECK(p5.records[0].publication_types == std::vector<std::string>{"Miscellaneous"});
  CHECK(p5.records[0].title == "Listening: Important to the Stuff of a Life");
}

TEST_CASE("OvidReader reads JabRef's five-record long-field file", "[ovid]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Parsed p = Parse(testutil::SharedData("exports/jabref/jabref_OvidImporterTest1.txt"), "t1");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 5);
  std::vector<std::string> locators;
  for (const core::Record& r : p.records) locators.push_back(r.locator);
  CHECK(locators == std::vector<std::string>{"t1:1", "t1:22", "t1:35", "t1:49", "t1:59"});
  // <1337>: a chapter ("Chapter Title") of the book "Musterbuch"; two
  // authors written two spaces apart.
  CHECK(p.records[0].title == "Einleitung");
  CHECK(p.records[0].journal == "Musterbuch");
  CHECK(p.records[0].kind == "book-chapter");
  CHECK(Families(p.records[0]) == std::vector<std::string>{"Mustermann", "Musterfrau"});
  CHECK(p.records[0].abstract == "Short abstract");
  // <1336>: "Max [Ed]" is an editor, not an author.
  CHECK(p.records[1].authors.empty());
  CHECK(p.records[1].title == "Max the Editor");
  CHECK(p.records[1].kind == "conference-paper");
  CHECK(p.records[1].volume == "28");
  CHECK(p.records[1].issue == "2");
  CHECK(p.records[1].pages == "103-106");
  CHECK(p.records[1].year == 2015);
  // <1335>: PsycInfo-style source "Very Long Title. Vol 28(2) April 2015, 103-106."
  CHECK(p.records[2].title == "Test");
  CHECK(p.records[2].kind == "book-chapter");
  CHECK(p.records[2].journal == "Very Long Title");
  CHECK(p.records[2].pages == "103-106");
  CHECK(p.records[2].year == 2015);
  // <1334>: a book source "Editor(2015). Very Long Title. (pp. 103-106) ..."
  CHECK(p.records[3].kind == "book");
  CHECK(p.records[3].year == 2015);
  CHECK(p.records[3].pages == "103-106");
  CHECK(p.records[3].journal == "Very Long Title");
  // <1333>: only a type and "(2014). Titel 58 pp. Test: TestPublisher."
  CHECK(p.records[4].kind == "article");
  CHECK(p.records[4].year == 2014);
  CHECK(p.records[4].title.empty());
  CHECK(p.records[4].journal.empty());
}

TEST_CASE("OvidReader splits long-field author lists", "[ovid]") {
  Parsed p = ParseText(
      "<1>\nAuthors\n  Smith John;  Doe Jane A;  CORE Study Group\n\n"
      "<2>\nAuthor\n  Smith John  Doe Jane\n\n"
      "<3>\nAuthor\n  Gazic, Barbara MD, PhD *;  Pizem, Joze MD, PhD +\n"
      "Authors Full Name\n  Gazic, Barbara;  Pizem, Joze\n");
  REQUIRE(p.records.size() == 3);
  CHECK(Families(p.records[0]) == std::vector<std::string>{"Smith", "Doe", ""});
  CHECK(p.records[0].authors[1].given == "Jane A");
  CHECK(p.records[0].authors[2].collective == "CORE Study Group");
  CHECK(Families(p.records[1]) == std::vector<std::string>{"Smith", "Doe"});
  CHECK(p.records[1].authors[0].given == "John");
  CHECK(Families(p.records[2]) == std::vector<std::string>{"Gazic", "Pizem"});
  CHECK(p.records[2].authors[1].given == "Joze");
}

TEST_CASE("OvidReader refuses Ovid fields without record number lines", "[ovid]") {
  WINNOW_REQUIRE_SHARED_DATA();
  // JabRef's "invalid" fixture: two Journals@Ovid records in long-field
  // layout with the "<1>" lines missing (copied from the screen). Where one
  // record ends is guesswork, so it is refused (JabRef reads no entry).
  const fs::path path = testutil::SharedData("exports/jabref/jabref_OvidImporterTest2Invalid.txt");
  Parsed p = Parse(path, "inv.txt");
  CHECK(p.records.empty());
  CHECK(p.status.code() == core::Status::Code::kInvalidInput);
  CHECK(p.status.message().rfind("inv.txt:2: no Ovid record number line", 0) == 0);
  // Sniffing still calls it Ovid, so that --format auto gives this message.
  CHECK(parse::LooksLikeOvid(Head(path)));
}

TEST_CASE("LooksLikeOvid claims exactly the Ovid files of the shared data", "[ovid]") {
  WINNOW_REQUIRE_SHARED_DATA();
  size_t claimed = 0;
  for (const fs::path& path : readertest::ExportFiles()) {
    const std::string name = path.filename().string();
    bool ovid = path.parent_path().filename() == "ovid" ||
                (name.rfind("jabref_OvidImporterTest", 0) == 0 && path.extension() == ".txt");
    INFO(path);
    CHECK(parse::LooksLikeOvid(Head(path)) == ovid);
    claimed += ovid;
  }
  CHECK(claimed == 9);
}

TEST_CASE("LooksLikeOvid on small samples", "[ovid]") {
  CHECK(parse::LooksLikeOvid("<1. >\nVN  - Ovid Technologies\nDB  - Embase\n"));
  CHECK(parse::LooksLikeOvid("<1>\r\nUnique Identifier\r\n  123\r\n"));
  CHECK(parse::LooksLikeOvid(kMedline));
  CHECK(parse::LooksLikeOvid("VN  - Ovid Technologies\n"));  // no marker (cut head)
  CHECK_FALSE(parse::LooksLikeOvid(""));
  CHECK_FALSE(parse::LooksLikeOvid("TY  - JOUR\nTI  - Title\nER  - \n"));
  CHECK_FALSE(parse::LooksLikeOvid("PMID- 123\nTI  - Title\n"));
  CHECK_FALSE(parse::LooksLikeOvid("<1>\nsome text\n"));
  CHECK_FALSE(parse::LooksLikeOvid("Record #1 of 2\nID: CN-01234567\n"));
  CHECK_FALSE(parse::LooksLikeOvid("%0 Journal Article\n%T Title\n"));
}

TEST_CASE("OvidReader maps Ovid MEDLINE records after a search history", "[ovid]") {
  Parsed p = ParseText(kMedline);
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 2);
  const core::Record& r = p.records[0];
  CHECK(r.locator == "in.txt:9");
  CHECK(r.source == "medline");
  CHECK(r.source_id == "30812345");
  CHECK(r.pmid == "30812345");
  CHECK(r.other_ids.empty());
  CHECK(r.pmcid == "PMC6789012");
  CHECK(r.journal == "Journal of Clinical Nursing");
  CHECK(r.journal_abbrev == "J Clin Nurs");
  CHECK(r.volume == "28");
  CHECK(r.issue == "23-24");
  CHECK(r.pages == "4404-4413");
  CHECK(r.year == 2019);
  CHECK(r.doi == "10.1111/jocn.15025");
  CHECK(r.issn == std::vector<std::string>{"0962-1067", "1365-2702"});
  CHECK(r.kind == "article");
  CHECK(r.registrations == std::vector<std::string>{"NCT01234567"});
  // Full names replace the short ones; the group is a collective author.
  REQUIRE(r.authors.size() == 2);
  CHECK(r.authors[0].family == "White");
  CHECK(r.authors[0].given == "Sarah J");
  CHECK(r.authors[0].initials == "SJ");
  CHECK(r.authors[1].collective == "CORE Study Group");
  // An abstract line starting "ERK" is text, not a tag.
  CHECK(r.abstract ==
        "BACKGROUND: Fatigue is common. ERK signalling was not measured. "
        "METHODS: We randomised 120 adults (NCT01234567).");
  REQUIRE(r.mesh.size() == 4);
  CHECK(r.mesh[0] == core::MeshHeading{"Adult", "", false, {}});
  CHECK(r.mesh[1] == core::MeshHeading{"Exercise Therapy", "", false, {"methods*"}});
  CHECK(r.mesh[2] == core::MeshHeading{"Fatigue", "", false, {"therapy", "psychology*"}});
  CHECK(r.mesh[3] == core::MeshHeading{"Quality of Life", "", true, {}});
  CHECK(r.keywords.empty());
  CHECK(p.records[1].title == "[Fatigue in nursing].");
  CHECK(p.records[1].language == std::vector<std::string>{"German"});
  CHECK(p.records[1].raw.back() == '9');  // ends at its last line "YR  - 2019"
}

TEST_CASE("OvidReader maps PsycInfo, Journals@Ovid and BIOSIS style records", "[ovid]") {
  Parsed p = ParseText(
      "<1. >\nVN  - Ovid Technologies\nDB  - APA PsycInfo\nAN  - 2015-12345-001\n"
      "TI  - Listening to patients.\nSO  - Journal of Nursing. Vol.28(2), Apr 2015, pp. 103-106.\n"
      "AU  - Bunkers, Sandra Schmidt\nMH  - *Listening\nMH  - Nurses\nPT  - Journal\n"
      "PT  - Peer Reviewed Journal\nIS  - 0894-3184\n\n"
      "<5. >\nVN  - Ovid Technologies\nDB  - Journals@Ovid\nAN  - 01189059-201108000-00009.\n"
      "AU  - Zhang, Weijia 1,2,+\nAU  - Gazic, Barbara MD, PhD *\n"
      "AU  - Peterson, James A. Ph.D., FACSM\n"
      "TI  - Up-regulation of breast cancer resistance protein.  [Article]\n"
      "SO  - Acta Biochimica et Biophysica Sinica August 2011;43(8):647-653\n"
      "KW  - BCRP;  PI3K/AKT/NF-[kappa]B;  chemoresistance\nLG  - English.\n"
      "DI  - 10.1093/abbs/gmr050\n\n"
      "<7807. >\nVN  - Ovid Technologies\nDB  - BIOSIS Previews\nAN  - PREV200400435038\n"
      "AU  - Walsdorf, Neill B. [Inventor, Reprint Author]\nAU  - Kamp, Roza [Editor]\n"
      "TI  - Increasing throughput.\n"
      "SO  - Official Gazette Patents. 1288(3), Nov. 16, 2004.\n"
      "Series Information:  Principles and Practice.\n"
      "PT  - Book Chapter\nIB  - 3-540-20222-6 (cloth)\nIS  - 0098-1133 (ISSN print)\n");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 3);
  const core::Record& psyc = p.records[0];
  CHECK(psyc.source == "psycinfo");
  CHECK(psyc.other_ids == std::vector<std::string>{"psycinfo:2015-12345-001"});
  CHECK(psyc.journal == "Journal of Nursing");
  CHECK(psyc.volume == "28");
  CHECK(psyc.issue == "2");
  CHECK(psyc.pages == "103-106");
  CHECK(psyc.year == 2015);
  CHECK(psyc.mesh.empty());  // APA index terms are keywords
  CHECK(psyc.keywords == std::vector<std::string>{"Listening", "Nurses"});
  CHECK(psyc.kind == "article");

  const core::Record& jo = p.records[1];
  CHECK(jo.source == "ovid");
  CHECK(jo.source_id == "01189059-201108000-00009");
  CHECK(jo.title == "Up-regulation of breast cancer resistance protein");
  CHECK(jo.publication_types == std::vector<std::string>{"Article"});
  CHECK(jo.journal == "Acta Biochimica et Biophysica Sinica");
  CHECK(jo.volume == "43");
  CHECK(jo.issue == "8");
  CHECK(jo.pages == "647-653");
  CHECK(jo.year == 2011);
  CHECK(jo.keywords == std::vector<std::string>{"BCRP", "PI3K/AKT/NF-[kappa]B", "chemoresistance"});
  CHECK(jo.language == std::vector<std::string>{"English"});
  REQUIRE(jo.authors.size() == 3);
  CHECK(jo.authors[0].given == "Weijia");
  CHECK(jo.authors[1].given == "Barbara");
  CHECK(jo.authors[2].given == "James A.");
  CHECK(jo.authors[2].initials == "JA");

  const core::Record& bio = p.records[2];
  CHECK(bio.source == "biosis-previews");
  CHECK(Families(bio) == std::vector<std::string>{"Walsdorf"});  // the editor is skipped
  CHECK(bio.kind == "book-chapter");
  CHECK(bio.volume == "1288");
  CHECK(bio.issue == "3");
  CHECK(bio.year == 2004);
  CHECK(bio.other_ids ==
        std::vector<std::string>{"isbn:3-540-20222-6", "biosis-previews:PREV200400435038"});
  CHECK(bio.issn == std::vector<std::string>{"0098-1133"});
}

TEST_CASE("ParseOvidSource reads the citation styles of Ovid's databases", "[ovid]") {
  struct Case {
    const char* text;
    const char* journal;
    const char* volume;
    const char* issue;
    const char* pages;
    int year;
  };
  const Case kCases[] = {
      {"BMC Proceedings. Conference: 2nd BEAT-PCD Conference and 3rd PCD Training School: Part "
       "2. Spain. 12 (Supplement 3) (no pagination), 2018. Date of Publication: 2018.",
       "BMC Proceedings", "12", "Supplement 3", "", 2018},
      {"Journal of Clinical Oncology. 37 (15) (pp 1234-1240), 2019. Date of Publication: May 2019.",
       "Journal of Clinical Oncology", "37", "15", "1234-1240", 2019},
      {"Journal of X. 45(3):123-130, 2019 Mar.", "Journal of X", "45", "3", "123-130", 2019},
      {"Cochrane Database of Systematic Reviews. 5:CD012345, 2019 05 10.",
       "Cochrane Database of Systematic Reviews", "5", "", "CD012345", 2019},
      {"Ecohydrology.   8(6):1048-1064, September 2015.", "Ecohydrology", "8", "6", "1048-1064",
       2015},
      {"Very Long Title. Vol 28(2) April 2015, 103-106.", "Very Long Title", "28", "2", "103-106",
       2015},
      {"Journal of Nursing. Vol.28(2), Apr 2015, pp. 103-106.", "Journal of Nursing", "28", "2",
       "103-106", 2015},
      {"ACSM'S Health & Fitness Journal January/February 2010;14(1):56",
       "ACSM'S Health & Fitness Journal", "14", "1", "56", 2010},
      {"Acta Chirurgica Belgica November/December 2010;6:611-613", "Acta Chirurgica Belgica", "6",
       "", "611-613", 2010},
      {"Forest Ecology & Management. 201(2-3):327-334, November 15, 2004.",
       "Forest Ecology & Management", "201", "2-3", "327-334", 2004},
      {"Official Gazette Patents. 1288(3), Nov. 16, 2004.", "Official Gazette Patents", "1288", "3",
       "", 2004},
      {"Hydrobiologia. 2007 15 June; 433-441.", "Hydrobiologia", "", "", "433-441", 2007},
      {"Proceedings of a Meeting. 2005; 9pp..", "Proceedings of a Meeting", "", "", "", 2005},
      {"Editor(2015). Very Long Title. (pp. 103-106) X pp. Address: Publisher", "Very Long Title",
       "", "", "103-106", 2015},
      {"(2014). Titel 58 pp. Test: TestPublisher.", "", "", "", "", 2014},
      {"Journal of Orthopaedic Trauma. ", "Journal of Orthopaedic Trauma", "", "", "", 0},
      {"Journal of Political Studies 12, Winter 2007: 7-14.", "", "", "", "", 2007},
      {"Kamp, Roza [Editor]. Methods in proteome analysis.:371-397, 2004.", "", "", "", "", 2004},
      {"", "", "", "", "", 0},
      {". 1", "", "", "", "", 0},
      {"Vol", "Vol", "", "", "", 0},
  };
  for (const Case& c : kCases) {
    INFO(c.text);
    parse::OvidSource s = parse::ParseOvidSource(c.text);
    CHECK(s.journal == c.journal);
    CHECK(s.volume == c.volume);
    CHECK(s.issue == c.issue);
    CHECK(s.pages == c.pages);
    CHECK(s.year == c.year);
  }
}

TEST_CASE("OvidReader copes with line ends, BOM and Latin-1", "[ovid]") {
  const std::string lf =
      "<1. >\nDB  - Embase\nUI  - 1\nTI  - Caf\xc3\xa9 study.\n\n<2. >\nUI  - 2\n";
  for (const std::string& text : readertest::TextVariants(lf)) {
    Parsed p = ParseText(text);
    REQUIRE(p.status.ok());
    REQUIRE(p.records.size() == 2);
    CHECK(p.records[0].title == "Caf\xc3\xa9 study.");
    CHECK(p.records[0].source_id == "1");
    CHECK(p.records[0].raw == "<1. >\nDB  - Embase\nUI  - 1\nTI  - Caf\xc3\xa9 study.");
    CHECK(p.records[1].locator == "in.txt:6");
    CHECK(p.records[1].source_id == "2");
  }
}

TEST_CASE("OvidReader yields empty and truncated records", "[ovid]") {
  Parsed p = ParseText("<1. >\n\n<2. >\nTI  - Second\n<3. >\n");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 3);
  CHECK(p.records[0].title.empty());
  CHECK(p.records[0].raw == "<1. >");
  CHECK(p.records[1].title == "Second");
  CHECK(p.records[2].raw == "<3. >");
  // Lower-case "ti  - " is not an Ovid tag: it continues the field above.
  Parsed lower = ParseText("<1. >\nTI  - Title\nti  - more\n");
  REQUIRE(lower.records.size() == 1);
  CHECK(lower.records[0].title == "Title ti - more");
}

TEST_CASE("OvidReader refuses empty, foreign and binary files", "[ovid]") {
  Parsed empty = ParseText("");
  readertest::CheckRefused(empty, "in.txt:1: the file is empty");
  CHECK(empty.status.code() == core::Status::Code::kInvalidInput);
  Parsed blank = ParseText("\n\n  \n");
  CHECK(blank.status.message().rfind("in.txt:1: the file is empty", 0) == 0);
  readertest::CheckRefused(ParseText("\nTY  - JOUR\nTI  - Title\nER  - \n"),
                           "in.txt:2: no Ovid record number line");
  Parsed binary = ParseText(std::string("<1. >\nTI  - a") + '\0' + "b\n");
  CHECK(binary.status.code() == core::Status::Code::kInvalidInput);
  Parsed missing = Parse("/nonexistent/file.ovd");
  CHECK(missing.records.empty());
  CHECK_FALSE(missing.status.ok());
}

TEST_CASE("OvidReader refuses a record over 64 MiB", "[ovid]") {
  testutil::TempDir dir;
  {
    std::ofstream out(dir / "big.txt", std::ios::binary);
    out << "<1. >\nAB  - start\n";
    const std::string line(1 << 20, 'a');
    for (int i = 0; i < 65; ++i) out << line << "\n";
  }
  Parsed p = Parse(dir / "big.txt", "big.txt");
  CHECK(p.records.empty());
  CHECK(p.status.message().find("record longer than 64 MiB") != std::string::npos);
}

TEST_CASE("OvidReader survives mutated input", "[ovid]") {
  std::mt19937 rng(7);
  const std::string base = kMedline;
  for (int i = 0; i < 150; ++i) {
    std::string text = base;
    for (int k = 0; k < 8; ++k) {
      size_t at = rng() % text.size();
      text[at] = static_cast<char>(rng() % 256);
    }
    text.resize(rng() % text.size());
    Parsed p = ParseText(text);
    for (const core::Record& r : p.records) {
      CHECK(core::IsValidUtf8(r.title));
      CHECK(core::IsValidUtf8(r.journal));
      CHECK(core::IsValidUtf8(r.raw));
    }
  }
  for (const char* s : {"<1>\nSource\n  . 1", "<1>\nSource\n  x. Vol", "<1>\nSource\n  (2015).",
                        "<1>\nSource\n  a. 1(", "<1. >\nSO  - a 2019;", "<1. >\nMH  - *\n",
                        "<1. >\nMH  - / [\n", "<1. >\nAU  - [Ed]\n", "<1. >\nTI  - .[A]\n",
                        "<1>\nAuthor\n  ;;  ;\n", "<1. >\nSO  - x. 2019 "}) {
    Parsed p = ParseText(s);
    CHECK(p.records.size() == 1);
  }
}
