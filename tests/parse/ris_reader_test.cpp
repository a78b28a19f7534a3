// Tests for parse/ris_reader.h: record counts of every real RIS export in
// ../shared/data/exports (counted independently with grep -c '^TY  -' after
// removing BOMs and CR line ends, and read by eye where TY and ER counts
// differ), field values checked by hand against the files and against
// JabRef's expected .bib, and small inline files for the edge cases.
#include "parse/ris_reader.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/normalize.h"
#include "tests/parse/reader_test_util.h"
#include "tests/test_util.h"

namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

struct Parsed : readertest::Parsed {
  uint64_t consumed = 0;
};

Parsed ParseFile(const fs::path& path, const std::string& display = "") {
  parse::RisReader reader(path.string(), display);
  Parsed p;
  static_cast<readertest::Parsed&>(p) = readertest::ReadAll(reader, /*check_end=*/true);
  p.consumed = reader.bytes_consumed();
  CHECK(reader.records_read() == p.records.size());
  return p;
}

Parsed ParseText(const std::string& text) {
  testutil::WriteFile(readertest::SampleDir() / "t.ris", text);
  return ParseFile(readertest::SampleDir() / "t.ris", "t.ris");
}

// Parses `text`, which must hold exactly one record, and returns it.
core::Record One(const std::string& text) {
  Parsed p = ParseText(text);
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 1);
  return p.records[0];
}

// The bytes of a file (faster than testutil::ReadFile in a Debug build).
std::string Bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string out(fs::file_size(path), '\0');
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  return out;
}

size_t CountPrefix(const std::vector<std::string>& lines, const std::string& prefix) {
  return std::count_if(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.starts_with(prefix); });
}

std::string Authors(const core::Record& r) {
  std::string out;
  for (const core::Author& a : r.authors) {
    if (!out.empty()) out += "; ";
    out += a.collective.empty() ? a.family + ", " + a.given : "[" + a.collective + "]";
  }
  return out;
}

std::string Join(const std::vector<std::string>& v) { return readertest::Join(v, " | "); }

// Every RIS export in the shared data and its record count. The reader's
// count must also equal the file's number of "TY  - " lines.
const std::pair<const char*, size_t> kRealFiles[] = {
    {"ris/asysd_endnote_ris_export.txt", 69},
    {"ris/asysd_scopus.ris", 10},
    {"ris/asysd_wos.ris", 50},  // CR-only line ends inside LF ones
    {"ris/asysd_zotero_export.ris", 1000},
    {"ris/citesource_test_1_WoS.ris", 219},
    {"ris/reflib_blue-light.ris", 102},  // PROVENANCE says 101: 102 TY, ER and distinct IDs
    {"ris/revtools_avian_ecology_bibliography.ris", 20},
    {"ris/rispy_example_bom.ris", 1},
    {"ris/rispy_example_extraneous_data.ris", 2},
    {"ris/rispy_example_multiline.ris", 3},
    {"ris/rispy_example_utf_chars.ris", 1},
    {"ris/synthesisr_EBSCO_ASP.ris", 4},
    {"ris/synthesisr_Ovid.ris", 4},
    {"ris/synthesisr_Scopus.ris", 3},
    {"ris/synthesisr_dimensions_citesource_issue24.ris", 17},
    {"ris/synthesisr_extdata_scopus.ris", 92},
    {"citesource_stages/citesource_stage_Dimensions_246.ris", 246},
    {"citesource_stages/citesource_stage_econlit_3.ris", 3},
    {"citesource_stages/citesource_stage_envindex_100.ris", 100},
    {"citesource_stages/citesource_stage_final_24.ris", 24},
    {"citesource_stages/citesource_stage_lens_343.ris", 343},
    {"citesource_stages/citesource_stage_medline_84.ris", 84},
    {"citesource_stages/citesource_stage_screened_128.ris", 128},
    {"citesource_stages/citesource_stage_wos_278.ris", 278},
    {"citesource_working/citesource_working_AGRIS.ris", 12},
    {"citesource_working/citesource_working_CAB.ris", 687},
    {"citesource_working/citesource_working_EconLit.ris", 50},
    {"citesource_working/citesource_working_Final.ris", 242},
    {"citesource_working/citesource_working_GreenFile.ris", 139},
    {"citesource_working/citesource_working_RM.ris", 530},
    {"jabref/jabref_IEEEImport1.txt", 1},
    // Eleven TY lines and one ER: each TY starts a record (nothing merges);
    // eight of them are a bare TY line (empty records the importer skips).
    {"jabref/jabref_RisImporterTest1.ris", 11},
    {"jabref/jabref_RisImporterTest3.ris", 1},
    {"jabref/jabref_RisImporterTest4a.ris", 1},
    {"jabref/jabref_RisImporterTest4b.ris", 1},
    {"jabref/jabref_RisImporterTest4c.ris", 1},
    {"jabref/jabref_RisImporterTest5a.ris", 1},
    {"jabref/jabref_RisImporterTest5b.ris", 1},
    {"jabref/jabref_RisImporterTest6.ris", 1},
    {"jabref/jabref_RisImporterTest7.ris", 1},
    {"jabref/jabref_RisImporterTest8_date.ris", 1},
    {"jabref/jabref_RisImporterTest9.ris", 1},
    {"jabref/jabref_RisImporterTestDOI.ris", 1},
    {"jabref/jabref_RisImporterTestDate1.1.ris", 1},
    {"jabref/jabref_RisImporterTestDate1.2.ris", 1},
    {"jabref/jabref_RisImporterTestDoiAndJournalTitle.ris", 1},
    {"jabref/jabref_RisImporterTestScience.ris", 1},
    {"jabref/jabref_RisImporterTestScopus.ris", 1},
    {"jabref/jabref_RisImporterTestWithEmptyER.ris", 1},
    {"scopus_csv_ris_bib_same_set/lagisz_pfas_scopus.ris", 8},
};

// Named .ris but not RIS: a record without TY, and WoS plain text.
const char* const kNotRis[] = {"jabref/jabref_RisImporterCorrupted.ris",
                               "ris/rispy_example_wos.ris"};

fs::path Export(const std::string& rel) { return testutil::SharedData("exports/" + rel); }

Parsed ParseExport(const std::string& rel) {
  Parsed p = ParseFile(Export(rel), rel);
  REQUIRE(p.status.ok());
  return p;
}

}  // namespace

TEST_CASE("RisReader reads every record of every real RIS export", "[ris]") {
  WINNOW_REQUIRE_SHARED_DATA();
  for (const auto& [rel, count] : kRealFiles) {
    INFO(rel);
    const std::string bytes = Bytes(Export(rel));
    const std::vector<std::string> lines = readertest::SplitLines(bytes);
    const Parsed p = ParseFile(Export(rel), rel);
    REQUIRE(p.status.ok());
    CHECK(p.records.size() == count);
    CHECK(CountPrefix(lines, "TY  -") == count);
    CHECK(p.consumed == bytes.size());
    const bool closed_by_er = CountPrefix(lines, "ER  -") == count;
    const bool utf8 = core::IsValidUtf8(bytes);
    for (const core::Record& r : p.records) {
      INFO(r.locator);
      CHECK(r.format == "ris");
      REQUIRE(r.locator.starts_with(std::string(rel) + ":"));
      const size_t line = std::stoul(r.locator.substr(std::string(rel).size() + 1));
      REQUIRE(line >= 1);
      REQUIRE(line <= lines.size());
      CHECK(lines[line - 1].starts_with("TY  -"));
      CHECK(r.raw.starts_with("TY  -"));
      if (closed_by_er) CHECK(r.raw.substr(r.raw.rfind('\n') + 1).starts_with("ER  -"));
      if (utf8) {  // raw is the file's lines from TY to ER
        std::string expected = lines[line - 1];
        for (size_t i = line; expected.size() < r.raw.size() && i < lines.size(); ++i) {
          expected += "\n" + lines[i];
        }
        CHECK(expected == r.raw);
      }
      for (const std::string* s : {&r.title, &r.abstract, &r.journal, &r.raw, &r.source_id}) {
        CHECK(core::IsValidUtf8(*s));
      }
    }
  }
}

TEST_CASE("RisReader refuses the real files that are not RIS", "[ris]") {
  WINNOW_REQUIRE_SHARED_DATA();
  for (const char* rel : kNotRis) {
    INFO(rel);
    const Parsed p = ParseFile(Export(rel), rel);
    CHECK(p.records.empty());
    CHECK(p.status.code() == core::Status::Code::kInvalidInput);
    CHECK(p.status.message() == std::string(rel) + ":1: not RIS: no 'TY  - ' line found");
  }
}

TEST_CASE("LooksLikeRis claims the RIS exports and nothing else in the shared data", "[ris]") {
  WINNOW_REQUIRE_SHARED_DATA();
  std::vector<std::string> ris;
  for (const auto& [rel, count] : kRealFiles)
    ris.push_back(Export(rel).lexically_normal().string());
  size_t seen = 0;
  for (const auto& e : fs::recursive_directory_iterator(testutil::SharedData())) {
    if (!e.is_regular_file()) continue;
    const std::string path = e.path().lexically_normal().string();
    INFO(path);
    std::ifstream in(e.path(), std::ios::binary);
    std::string head(64 * 1024, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    if (head.starts_with("\xEF\xBB\xBF")) head.erase(0, 3);
    const bool expected = std::find(ris.begin(), ris.end(), path) != ris.end();
    CHECK(parse::LooksLikeRis(head) == expected);
    ++seen;
  }
  CHECK(seen > 400);
}

TEST_CASE("RisReader fields of an EBSCOhost export", "[ris]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const Parsed p = ParseExport("ris/synthesisr_EBSCO_ASP.ris");
  const core::Record& r = p.records[0];
  CHECK(r.locator == "ris/synthesisr_EBSCO_ASP.ris:1");
  CHECK(r.kind == "article");
  CHECK(r.source == "asp");  // DB "Academic Search Premier"; DP "EBSCOhost" is the platform
  CHECK(r.source_id == "117372971");  // the AN of the record's EBSCOhost link
  CHECK(Join(r.other_ids) == "asp:117372971");
  CHECK(r.title.starts_with("\xE2\x80\x9CLiving on the edge\xE2\x80\x9D: The role of field"));
  CHECK(r.journal == "Agriculture, Ecosystems & Environment");
  CHECK(r.journal_abbrev.empty());  // JO repeats JF
  CHECK(r.year == 2016);
  CHECK(r.volume == "231");
  CHECK(r.pages == "206-217");
  CHECK(Join(r.issn) == "0167-8809");
  CHECK(r.doi == "10.1016/j.agee.2016.06.041");  // from L3
  CHECK(Authors(r) ==
        "Rodr\xC3\xADguez-Pastor, Ruth; Luque-Larena, Juan Jos\xC3\xA9; Lambin, Xavier; "
        "Mougeot, Fran\xC3\xA7ois");
  CHECK(r.keywords.size() == 11);
  CHECK(r.keywords[5] == "BAG limits (Wildlife)");
  CHECK(Join(r.publication_types) == "Article");
  // The second AB is EBSCO's copyright notice.
  CHECK(r.abstract.starts_with("Small rodents are common inhabitants of farmlands"));
  CHECK(r.abstract.ends_with("crop-damaging common vole outbreaks. [ABSTRACT FROM AUTHOR]"));
  CHECK(r.abstract.find("Copyright of") == std::string::npos);
}

TEST_CASE("RisReader fields of EBSCO EconLit and Environment Index exports", "[ris]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const Parsed econ = ParseExport("citesource_stages/citesource_stage_econlit_3.ris");
  CHECK(econ.records[0].source == "econlit");  // DB "ecn"
  CHECK(econ.records[0].source_id == "0992879");
  CHECK(econ.records[0].abstract.starts_with("While data used in hedonic property models"));
  CHECK(econ.records[0].year == 2008);
  const core::Record& thesis = econ.records[1];
  CHECK(thesis.kind == "thesis");
  CHECK(thesis.title ==
        "Systematic Investigation of the Effect of Wildfire Events and Risks on "
        "Property Values");
  // Several KW tags: each is one keyword, even with ';' in it.
  REQUIRE(thesis.keywords.size() == 3);
  CHECK(thesis.keywords[1] ==
        "Climate; Natural Disasters and Their Management; Global Warming Q54");

  const Parsed env = ParseExport("citesource_stages/citesource_stage_envindex_100.ris");
  const core::Record& r = env.records[0];
  CHECK(r.source == "envindex");  // DB "egh"
  CHECK(r.source_id == "178481408");
  CHECK(r.title == "Global plant responses to intensified fire regimes.");
  CHECK(Join(r.issn) == "1466-822X");
  CHECK(r.year == 2024);
  CHECK(r.doi == "10.1111/geb.13858");
  CHECK(r.abstract.ends_with("[ABSTRACT FROM AUTHOR]"));
  for (const core::Record& rec : env.records)
    CHECK(rec.abstract.find("is the property of") == std::string::npos);
}

TEST_CASE("RisReader fields of Ovid exports", "[ris]") {
  WINNOW_REQUIRE_SHARED_DATA();
  // CAB Abstracts via Ovid: "1." before TY, the Ovid link after ER, A1/N2/Y1.
  const Parsed cab = ParseExport("ris/synthesisr_Ovid.ris");
  const core::Record& r = cab.records[0];
  CHECK(r.locator == "ris/synthesisr_Ovid.ris:2");
  CHECK(r.source_id == "20203152553");
  CHECK(r.source.empty());  // nothing in the record names the database
  CHECK(r.title == "Detection of retention trees on clearcuts, a 50-year perspective.");
  CHECK(Authors(r) == "Holmstrom, E.; Nordstrom, E.; Lariviere, D.; Wallin, I.");
  CHECK(r.abstract.starts_with("Changes in clearcut management over time"));
  CHECK(r.doi == "10.4236/ojf.2020.101008");
  CHECK(r.year == 2020);
  CHECK(r.pages == "110-123");
  CHECK(r.raw.ends_with("UR  - https://www.scirp.org/html/8-1620633_97627.htm\nER  -"));
  CHECK(cab.records[1].raw.find("Link to the Ovid") == std::string::npos);

  // Ovid MEDLINE: the PMID is in the L2 link; IS holds the NLM journal ID.
  const Parsed med = ParseExport("citesource_stages/citesource_stage_medline_84.ris");
  const core::Record& m = med.records[0];
  CHECK(m.source == "medline");
  CHECK(m.pmid == "39012781");
  CHECK(m.source_id == "39012781");
  CHECK(m.other_ids.empty());
  CHECK(m.issue.empty());  // "IS  - eag, 7805975"
  CHECK(m.journal == "Diabetes care");
  CHECK(m.journal_abbrev == "Diabetes Care");
  CHECK(m.doi == "10.2337/dc24-0703");
  CHECK(m.authors.size() == 28);
  size_t with_pmid = 0;
  for (const core::Record& rec : med.records) with_pmid += rec.pmid.empty() ? 0 : 1;
  CHECK(with_pmid == med.records.size());
}

TEST_CASE("RisReader fields of Scopus exports", "[ris]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const Parsed p = ParseExport("ris/synthesisr_Scopus.ris");
  const core::Record& r = p.records[0];
  CHECK(r.source == "scopus");
  CHECK(r.source_id == "2-s2.0-85079532227");
  CHECK(Join(r.other_ids) == "scopus:2-s2.0-85079532227");
  CHECK(Join(r.issn) == "2096-4129");  // "20964129 (ISSN) "
  CHECK(r.journal == "Ecosystem Health and Sustainability");
  CHECK(r.journal_abbrev == "Ecosyst. Health Sustain.");
  CHECK(r.doi == "10.1080/20964129.2020.1722034");
  CHECK(Join(r.language) == "English");
  CHECK(Join(r.publication_types) == "Article");
  CHECK(r.pages == "1722034");  // no page numbers: the article number (C7)
  CHECK(r.authors.size() == 10);
  // Scopus puts the PubMed ID in C2.
  const Parsed pfas = ParseExport("scopus_csv_ris_bib_same_set/lagisz_pfas_scopus.ris");
  size_t pmids = 0;
  for (const core::Record& rec : pfas.records) pmids += rec.pmid.empty() ? 0 : 1;
  CHECK(pmids == 7);  // seven records have a C2
  for (const core::Record& rec : pfas.records) CHECK(rec.source == "scopus");
}

TEST_CASE("RisReader fields of Web of Science exports", "[ris]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const Parsed p = ParseExport("ris/asysd_wos.ris");
  const core::Record& r = p.records[0];
  CHECK(r.source == "wos");
  CHECK(r.source_id == "WOS:000082252000006");
  CHECK(Join(r.other_ids) == "wos:000082252000006");
  CHECK(r.journal == "VETERINARY AND COMPARATIVE ORTHOPAEDICS AND TRAUMATOLOGY");
  CHECK(r.journal_abbrev == "Vet. Comp. Orthop. Traumatol.");  // JI
  CHECK(r.year == 1999);
  CHECK(r.pages == "134-137");
  // The abstract's second paragraph is an indented continuation line.
  CHECK(r.abstract.find("delayed healing. Microangiography was performed") != std::string::npos);
  CHECK(p.records[1].issn == std::vector<std::string>{"0103-8478", "1678-4596"});
  CHECK(p.records[1].doi == "10.1590/s0103-84782013005000101");

  const Parsed cs = ParseExport("ris/citesource_test_1_WoS.ris");
  CHECK(cs.records[0].source_id == "WOS:000471694800003");
  CHECK(cs.records[0].doi == "10.1186/s13750-019-0155-5");
}

TEST_CASE("RisReader fields of Dimensions and Lens exports", "[ris]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const Parsed dim = ParseExport("citesource_stages/citesource_stage_Dimensions_246.ris");
  const core::Record& d = dim.records[0];
  CHECK(d.locator == "citesource_stages/citesource_stage_Dimensions_246.ris:2");
  CHECK(d.source == "dimensions");
  CHECK(d.source_id == "pub.1149029839");
  CHECK(d.pmid == "35957633");     // "U1  - 35957633 [PMID]"
  CHECK(d.pmcid == "PMC9359172");  // "U1  - PMC9359172 [PMCID]"
  CHECK(d.journal == "European Journal of Psychotraumatology");
  // Multi-line abstract: "Objective: ..." lines are text, not tags.
  CHECK(d.abstract.find("meta-analysis. Objective: This review aimed") == std::string::npos);
  CHECK(d.abstract.find(" Objective: This review aimed to determine") != std::string::npos);
  CHECK(d.abstract.find("HIGHLIGHTS: First systematic review") != std::string::npos);
  size_t chapters = 0;
  for (const core::Record& r : dim.records) {
    if (r.kind == "book-chapter" || r.kind == "conference-paper") ++chapters;
  }
  CHECK(chapters > 0);

  const Parsed lens = ParseExport("citesource_stages/citesource_stage_lens_343.ris");
  const core::Record& l = lens.records[0];
  CHECK(l.source == "lens");
  CHECK(l.source_id == "000-454-299-663-964");
  CHECK(l.pmid == "32789069");     // from the pubmed.ncbi.nlm.nih.gov L2 link
  CHECK(l.pmcid == "PMC7417126");  // from the PMC L2 link
  CHECK(l.pages == "e9128");
  CHECK(Join(l.issn) == "2168-8184");
  CHECK(lens.records[2].kind == "book-chapter");
}

TEST_CASE("RisReader fields of EndNote, Zotero and Mendeley exports", "[ris]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const Parsed en = ParseExport("ris/asysd_endnote_ris_export.txt");
  CHECK(en.records[0].source_id == "57530");           // EndNote's ID
  CHECK(Join(en.records[0].issn) == "0964-6906");      // "0964-6906 (Print)0964-6906"
  CHECK(en.records[0].pages == "1535-1541");           // "1535-41"
  CHECK(en.records[0].doi == "10.1093/hmg/6.9.1535");  // DO wins over a UR to another DOI
  const core::Record& e = en.records[1];
  CHECK(e.source == "scopus");
  CHECK(e.source_id == "2-s2.0-84973514459");  // the Scopus link's EID, not EndNote's ID
  CHECK(Join(e.other_ids) == "scopus:2-s2.0-84973514459");
  CHECK(e.keywords.size() == 32);  // one KW, one keyword a line
  CHECK(e.keywords[0] == "Access");
  CHECK(e.keywords[1] == "Cancer");

  const Parsed bl = ParseExport("ris/reflib_blue-light.ris");
  const core::Record& b = bl.records[0];
  CHECK(b.source == "pubmed");     // DP "NLM"
  CHECK(b.pmid == "29657938");     // AN
  CHECK(b.pmcid == "PMC5887696");  // C2
  CHECK(b.doi == "10.4103/abr.abr_99_17");
  CHECK(Join(b.language) == "eng");

  const Parsed zo = ParseExport("ris/asysd_zotero_export.ris");
  CHECK(zo.records[0].source == "wos");
  CHECK(zo.records[0].year == 1999);  // "DA  - 1999/08//undefined", "PY  - 1999"
  CHECK(zo.records[0].title ==
        "Microangiography of the humeral condyle in Cocker Spaniel and non-Cocker Spaniel dogs");

  // Mendeley: one KW with a new-line list; "SP  - 2361--2368".
  const Parsed me = ParseExport("citesource_working/citesource_working_Final.ris");
  const core::Record& m = me.records[0];
  CHECK(m.source == "wos");  // "AN  - ISI:000296953200017"
  CHECK(Join(m.keywords) ==
        "Payments for Environmental Services | Equity | Additionality | "
        "Ejido | Mexico");
  CHECK(m.pages == "2361-2368");
  CHECK(m.doi == "10.1016/j.ecolecon.2011.07.016");
  // "KW  - A. similis" then lines "Anadara tuberculosa", ..., "Co-management".
  bool co_management = false;
  for (const core::Record& r : me.records) {
    co_management = co_management || std::find(r.keywords.begin(), r.keywords.end(),
                                               "Co-management") != r.keywords.end();
  }
  CHECK(co_management);

  // R's "NA" for a missing abstract is no abstract.
  const Parsed cab = ParseExport("citesource_working/citesource_working_CAB.ris");
  for (const core::Record& r : cab.records) CHECK(r.abstract != "NA");
  CHECK(cab.records[0].abstract.empty());
  CHECK(cab.records[0].title == "First report to the Governments of the United Nations");
  CHECK(cab.records[0].year == 1944);
}

TEST_CASE("RisReader fields of the rispy examples", "[ris]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const core::Record bom = ParseExport("ris/rispy_example_bom.ris").records[0];
  CHECK(bom.doi == "10.1186/s40981-020-0316-0");
  CHECK(bom.raw == "TY  - JOUR\nDO  - 10.1186/s40981-020-0316-0\nER  - ");

  const Parsed extra = ParseExport("ris/rispy_example_extraneous_data.ris");
  CHECK(extra.records[0].locator == "ris/rispy_example_extraneous_data.ris:5");
  CHECK(extra.records[1].locator == "ris/rispy_example_extraneous_data.ris:33");
  CHECK(Authors(extra.records[0]) == "Marx, Karl; Lindgren, Astrid");  // A2 is not an author
  CHECK(extra.records[0].title == "Title of reference");
  CHECK(extra.records[0].journal == "Lorem");
  CHECK(extra.records[0].journal_abbrev == "lorem");
  CHECK(extra.records[0].abstract.starts_with("BACKGROUND: Lorem ipsum"));  // N2
  CHECK(extra.records[1].year == 2006);

  // "ER then second line" at a line start is text in all three records.
  const Parsed ml = ParseExport("ris/rispy_example_multiline.ris");
  for (const core::Record& r : ml.records) {
    CHECK(r.abstract == "first line, ER then second line and at the end the last line");
  }

  const core::Record utf = ParseExport("ris/rispy_example_utf_chars.ris").records[0];
  CHECK(utf.kind == "article");  // "TY  - Journal Article"
  CHECK(utf.volume == "8");      // VO
  CHECK(utf.pages == "52-57");
  CHECK(utf.title.starts_with("\xD0\xA1\xD0\xBE\xD1\x81\xD1\x82"));  // ST: "Сост..."
  CHECK(utf.abstract.ends_with("in the late reproductive period"));
}

TEST_CASE("RisReader agrees with JabRef's expected .bib", "[ris]") {
  WINNOW_REQUIRE_SHARED_DATA();
  // Per file: title, year, doi, volume, issue, pages, journal, authors as
  // JabRef's .bib has them, except where winnow differs on purpose:
  //  - pages: "-" not "--", and "377-86" is expanded to "377-386";
  //  - journal: JF (full title) wins over JO; JO goes to journal_abbrev;
  //  - authors: A2/ED are not authors (JabRef lists A2 in Test7);
  //  - issue: JabRef's "number" for TestDOI is the AN (a PMID), for Test6 the
  //    PMCID, for 5a an M1 note: winnow takes IS only.
  struct Case {
    const char* file;
    const char* title;
    int year;
    const char* doi;
    const char* volume;
    const char* issue;
    const char* pages;
    const char* journal;
    const char* authors;
  };
  const Case cases[] = {
      {"Test3", "Toward a Robust Analysis of Dermoscopy Images Acquired under Different Conditions",
       2015, "10.1201/b19107-2", "", "", "1-22", "Dermoscopy Image Analysis",
       "Barata, Catarina; Celebi, MEmre; Marques, JorgeS"},
      {"Test4a", "Find It Fast: How to Uncover Expert Information on Any Subject", 1994, "", "", "",
       "", "", "Berkman, R. I."},
      {"Test4b", "Clinicopathologic Principles For Veterinary Medicine", 1988, "", "", "", "", "",
       ""},
      {"Test4c", "Processing whey protein for use as a food ingredient", 1996, "", "50(2)", "",
       "49-52", "Food Technology", "Huffman, L. M."},
      {"Test5a",
       "Release profile of ibuprofen in \xCE\xB2-cyclodextrin complexes from two different solid "
       "dosage forms.",
       2012, "10.1016/j.powtec.2012.01.008", "221", "", "245-251", "Powder Technology",
       "Salustio, P. J.; Feio, G.; Figueirinhas, J. L.; Cabral-Marques, H. M.; Costa, P. C.; "
       "Pinto, J. F."},
      {"Test5b",
       "The influence of the preparation methods on the inclusion of model drugs in a "
       "beta-cyclodextrin cavity",
       2009, "", "71", "2", "377-386",
       "European journal of pharmaceutics and biopharmaceutics : official journal of "
       "Arbeitsgemeinschaft fur Pharmazeutische Verfahrenstechnik e.V",
       "Salustio, P. J.; Feio, G.; Figueirinhas, J. L.; Pinto, J. F.; Cabral, Marques H. M."},
      {"Test6",
       "Chelation: Harnessing and Enhancing Heavy Metal Detoxification\xE2\x80\x94"
       "A Review",
       2013, "10.1155/2013/219840", "2013", "", "219840", "The Scientific World Journal",
       "Sears, Margaret E"},
      {"Test7", "Testing Book Title", 2015, "", "1", "", "", "",
       "Smith, Bob; Doe, Jan; Brown, Judy"},
      {"Test8_date",
       "Hydration forces between silica surfaces: Experimental data and predictions from "
       "different theories",
       2005, "10.1063/1.1954747", "123", "3", "034708", "The Journal of Chemical Physics",
       "Valle-Delgado, J. J.; Molina-Bol\xC3\xADvar, J. A.; Galisteo-Gonz\xC3\xA1lez, F.; "
       "G\xC3\xA1lvez-Ruiz, M. J.; Feiler, A.; Rutland, M. W."},
      {"Test9", "Grid Cells for Conceptual Spaces?", 2016, "10.1016/j.neuron.2016.10.006", "92",
       "2", "280-284", "Neuron", "Kriegeskorte, Nikolaus; Storrs, Katherine R."},
      {"TestDOI", "The effect of smartphone usage time on posture and respiratory function", 2016,
       "10.1589/jpts.28.186", "28", "1", "186-189", "Journal of physical therapy science",
       "Jung, Sang In; Lee, Na Kyung; Kang, Kyung Woo; Kim, Kyoung; Lee, Do Youn"},
      {"TestScience",
       "Phase separation and \xCF\x89 transformation in binary V-Ti and ternary V-Ti-Cr alloys",
       2016, "10.1016/j.actamat.2016.09.028", "121", "", "310-324", "Acta Materialia",
       "Ghosh, Chanchal; Basu, Joysurya; Ramachandran, Divakar; Mohandas, E."},
      {"TestScopus",
       "A transversely isotropic composite with a statistical distribution of spheroidal "
       "inclusions: A geometrical approach to overall properties",
       2004, "10.1016/j.jmps.2004.03.010", "52", "10", "2309-2327",
       "Journal of the Mechanics and Physics of Solids", "Federico, S.; Grillo, A.; Herzog, W."},
      {"TestWithEmptyER", "Length scales and interfacial potentials in ion hydration", 2013,
       "10.1063/1.4814070", "139", "4", "044504", "The Journal of Chemical Physics",
       "Shi, Yu; Beck, Thomas L."},
      {"TestDoiAndJournalTitle", "", 2014, "10.1201/b19107-2", "", "25", "", "Journal",
       "author, some"},
  };
  for (const Case& c : cases) {
    const std::string rel = std::string("jabref/jabref_RisImporter") + c.file + ".ris";
    INFO(rel);
    const Parsed p = ParseExport(rel);
    REQUIRE(p.records.size() == 1);
    const core::Record& r = p.records[0];
    CHECK(r.title == c.title);
    CHECK(r.year == c.year);
    CHECK(r.doi == c.doi);
    CHECK(r.volume == c.volume);
    CHECK(r.issue == c.issue);
    CHECK(r.pages == c.pages);
    CHECK(r.journal == c.journal);
    CHECK(Authors(r) == c.authors);
    // The .bib has the same title (JabRef writes "--" for an em dash).
    const std::string bib = testutil::ReadFile(Export(rel.substr(0, rel.size() - 4) + ".bib"));
    if (*c.title != '\0' && std::string(c.file) != "Test6") {
      CHECK(bib.find(c.title) != std::string::npos);
    }
  }
}

TEST_CASE("RisReader identifiers and kinds in JabRef's samples", "[ris]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const core::Record chap = ParseExport("jabref/jabref_RisImporterTest3.ris").records[0];
  CHECK(chap.kind == "book-chapter");
  CHECK(chap.issn.empty());
  CHECK(Join(chap.other_ids) == "isbn:9781482253269");  // "SN  - 978-1-4822-5326-9"
  const core::Record editors = ParseExport("jabref/jabref_RisImporterTest4b.ris").records[0];
  CHECK(editors.kind == "book");
  CHECK(editors.authors.empty());
  CHECK(editors.source_id == "robinson");  // ID
  const core::Record pmc = ParseExport("jabref/jabref_RisImporterTest6.ris").records[0];
  CHECK(pmc.source == "pmc");
  CHECK(pmc.pmcid == "PMC3654245");                       // AN
  CHECK(pmc.pmid == "23690738");                          // "U1  - 23690738[pmid]"
  CHECK(pmc.journal_abbrev == "ScientificWorldJournal");  // J1
  const core::Record pubmed = ParseExport("jabref/jabref_RisImporterTestDOI.ris").records[0];
  CHECK(pubmed.source == "pubmed");
  CHECK(pubmed.pmid == "26957754");
  CHECK(pubmed.pmcid == "PMC4756000");
  CHECK(pubmed.issn == std::vector<std::string>{"0915-5287", "2187-5626"});
  CHECK(Join(pubmed.keywords) == "Posture | Respiratory function | Smartphone");
  CHECK(Join(pubmed.language) == "eng");
  const core::Record dup = ParseExport("jabref/jabref_RisImporterTest9.ris").records[0];
  CHECK(dup.abstract ==  // AB and N2 are the same text: kept once
        "location and direction of movement in 2D physical environments via regularly "
        "repeating receptive fields.");
  const core::Record patent =
      ParseExport("jabref/jabref_RisImporterTestDoiAndJournalTitle.ris").records[0];
  CHECK(patent.kind == "other");  // PAT
  CHECK(patent.raw.ends_with("ER  - dsfd"));
  const core::Record sci = ParseExport("jabref/jabref_RisImporterTestScience.ris").records[0];
  CHECK(Join(sci.keywords) ==
        "V-Ti-Cr alloys | Spinodal decomposition | \xCF\x89 phase transformation | "
        "High-resolution electron microscopy | Energy-filtered transmission microscopy");
  CHECK(sci.abstract == "Abstract");
}

TEST_CASE("RisReader on JabRef's IEEE export with blank lines between tags", "[ris]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const core::Record r = ParseExport("jabref/jabref_IEEEImport1.txt").records[0];
  CHECK(r.title ==
        "Improving Urban Road Extraction in High-Resolution Images Exploiting Directional "
        "Filtering, Perceptual Grouping, and Simple Topological Concepts");
  CHECK(r.journal == "Geoscience and Remote Sensing Letters, IEEE");
  CHECK(r.journal_abbrev == "Geoscience and Remote Sensing Letters, IEEE");  // JA, as given
  CHECK(Join(r.issn) == "1545-598X");
  CHECK(r.pages == "387-391");
  CHECK(r.volume == "4");
  CHECK(r.issue == "3");
  CHECK(r.year == 2006);
  CHECK(Authors(r) == "Gamba, P.; Dell'Acqua, F.; Lisini, G.");
  CHECK(Join(r.keywords) == "Perceptual grouping | street extraction | urban remote sensing");
  CHECK(r.abstract == "Lorem ipsum abstract");
}

TEST_CASE("RisReader splits JabRef's many-TY file and keeps the last record whole", "[ris]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const Parsed p = ParseExport("jabref/jabref_RisImporterTest1.ris");
  REQUIRE(p.records.size() == 11);
  const char* kinds[] = {"book",         "article", "article",          "thesis", "other", "report",
                         "book-chapter", "other",   "conference-paper", "other",  "thesis"};
  for (size_t i = 0; i < 11; ++i) CHECK(p.records[i].kind == kinds[i]);
  for (size_t i = 0; i < 8; ++i) CHECK(p.records[i].raw.find('\n') == std::string::npos);
  const core::Record& conf = p.records[8];
  CHECK(conf.locator == "jabref/jabref_RisImporterTest1.ris:10");
  CHECK(conf.title == "Editorial.");                        // TI wins over T1
  CHECK(conf.journal == "Empirical Software Engineering");  // the first JF
  CHECK(conf.pages == "193-194");
  CHECK(conf.year == 2001);  // "PY  - 99" and "PY  - YEAR/MONTH/DAY/" give no year
  // A1 continues over two lines; A2 is not an author.
  CHECK(Authors(conf) == "Cocke, ; Harrison, Warren Levenshtein Morris");
  const core::Record& last = p.records[10];
  CHECK(last.source_id == "123456 sxdbgsd");
  CHECK(last.abstract == "abstract1 abstract0");  // AB and N2 differ: both kept
  CHECK(Join(last.keywords) == "keyword0 | keyword1");
  CHECK(last.doi == "10.1023/a:1017379030770");  // UR; "M3  - doi: whatever" is no DOI
  CHECK(last.raw.ends_with("IS  -\nER  - kmpt"));
}

// ---------------------------------------------------------------------------
// Inline samples.

TEST_CASE("RisReader accepts every line end and a BOM", "[ris]") {
  const std::string body[] = {"TY  - JOUR", "TI  - First", "AU  - Smith, J.",
                              "ER  - ",     "TY  - BOOK",  "TI  - Second",
                              "ER  -"};
  for (const char* eol : {"\n", "\r\n", "\r"}) {
    for (bool bom : {false, true}) {
      std::string text = bom ? "\xEF\xBB\xBF" : "";
      for (const std::string& line : body) text += line + eol;
      INFO("eol " << static_cast<int>(eol[0]) << " bom " << bom);
      const Parsed p = ParseText(text);
      REQUIRE(p.status.ok());
      REQUIRE(p.records.size() == 2);
      CHECK(p.records[0].title == "First");
      CHECK(p.records[0].raw == "TY  - JOUR\nTI  - First\nAU  - Smith, J.\nER  - ");
      CHECK(p.records[0].locator == "t.ris:1");
      CHECK(p.records[1].locator == "t.ris:5");
      CHECK(p.records[1].kind == "book");
      CHECK(p.consumed == text.size());
    }
  }
}

TEST_CASE("RisReader reads concatenated exports with a BOM on each", "[ris]") {
  const Parsed p = ParseText(
      "\xEF\xBB\xBFTY  - JOUR\r\nTI  - From file one\r\nER  - \r\n"
      "\xEF\xBB\xBFTY  - JOUR\nTI  - From file two\nER  - \n");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 2);
  CHECK(p.records[1].title == "From file two");
  CHECK(p.records[1].locator == "t.ris:4");
}

TEST_CASE("RisReader looks through gzip", "[ris]") {
  const std::string gz =
      "\x1F\x8B\x08\x00\x00\x00\x00\x00\x02\x03\x0B\x89\x54\x50\xD0\x55\xF0\xF2\x0F\x0D"
      "\xE2\x0A\xF1\x04\x31\xDD\xAB\x32\x0B\x0A\x52\x53\xB8\x5C\x83\x40\x3C\x2E\x00\xC8"
      "\x9D\xF0\xE3\x20\x00\x00\x00"s;
  testutil::TempDir dir;
  testutil::WriteFile(dir / "t.ris.gz", gz);
  const Parsed p = ParseFile(dir / "t.ris.gz", "t.ris.gz");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 1);
  CHECK(p.records[0].title == "Gzipped");
  CHECK(p.consumed == gz.size());
}

TEST_CASE("RisReader converts Latin-1 lines", "[ris]") {
  const core::Record r =
      One("TY  - JOUR\nTI  - Caf\xE9 \x93quoted\x94\nAU  - M\xFCller, J\xFCrgen\nER  - \n");
  CHECK(r.title == "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D");
  CHECK(Authors(r) == "M\xC3\xBCller, J\xC3\xBCrgen");
  CHECK(core::IsValidUtf8(r.raw));
}

TEST_CASE("RisReader tolerates lower-case tags and odd spacing", "[ris]") {
  const Parsed p = ParseText(
      "ty  - JOUR\n"
      "ti - Lower case, one space\n"
      "AU-  Smith, J.\n"
      "AU\t-\tJones, K.\n"
      "PY  -2019///\n"
      "VL  -   12   \n"
      "KW  - \n"
      "er  -\n"
      "TY- BOOK\n"
      "T1 -  Book title\n"
      "ER-\n"
      "TY  -\n"
      "TI  - Third\n"
      "ER  - \n");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 3);
  const core::Record& a = p.records[0];
  CHECK(a.kind == "article");
  CHECK(a.title == "Lower case, one space");
  CHECK(Authors(a) == "Smith, J.; Jones, K.");
  CHECK(a.year == 2019);
  CHECK(a.volume == "12");
  CHECK(a.keywords.empty());
  CHECK(p.records[1].kind == "book");
  CHECK(p.records[1].title == "Book title");
  CHECK(p.records[2].kind.empty());  // an empty TY
  CHECK(p.records[2].title == "Third");
}

TEST_CASE("RisReader keeps text lines that begin like tags", "[ris]") {
  const core::Record r =
      One("TY  - JOUR\n"
          "AB  - First line\n"
          "ER then the second line\n"
          "ERK signalling\n"
          "ER-positive tumours\n"
          "ER\n"
          "IL - 6 rose\n"
          "Co-management\n"
          "TYPE - of text\n"
          "   ER  - indented is text too\n"
          "KW  - one\n"
          "ER  - \n");
  CHECK(r.abstract ==
        "First line ER then the second line ERK signalling ER-positive tumours ER IL - 6 rose "
        "Co-management TYPE - of text ER - indented is text too");
  CHECK(Join(r.keywords) == "one");
}

TEST_CASE("RisReader skips text outside records", "[ris]") {
  const Parsed p = ParseText(
      "Record #1 of 2\nProvider: EBSCO\n\n1.\n"
      "TY  - JOUR\nTI  - One\nER  - \n\n"
      "Link to the Ovid Full Text or citation: http://ovidsp.ovid.com/\n"
      "AU  - Stray, Tag\n"
      "2.\n"
      "TY  - JOUR\nTI  - Two\nER  - \n\n\n");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 2);
  CHECK(p.records[0].locator == "t.ris:5");
  CHECK(p.records[1].locator == "t.ris:12");
  CHECK(p.records[1].authors.empty());
  CHECK(p.records[1].raw == "TY  - JOUR\nTI  - Two\nER  - ");
}

TEST_CASE("RisReader ends a record without ER at the next TY or at the end", "[ris]") {
  const Parsed p = ParseText(
      "TY  - JOUR\nTI  - No end tag  \nAB  - Text\n  \n"
      "TY  - BOOK\nTI  - Closed\nER  - \n"
      "TY  - CHAP\nTI  - Truncated at end of file\nAU  - Last, A.\n\n");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 3);
  CHECK(p.records[0].title == "No end tag");
  CHECK(p.records[0].abstract == "Text");
  CHECK(p.records[0].raw == "TY  - JOUR\nTI  - No end tag  \nAB  - Text");
  CHECK(p.records[1].locator == "t.ris:5");
  CHECK(p.records[1].title == "Closed");
  CHECK(p.records[2].kind == "book-chapter");
  CHECK(Authors(p.records[2]) == "Last, A.");
  CHECK(p.records[2].raw == "TY  - CHAP\nTI  - Truncated at end of file\nAU  - Last, A.");
}

TEST_CASE("RisReader yields empty records too", "[ris]") {
  const Parsed p = ParseText("TY  - JOUR\nER  - \nTY  - JOUR\nTI  - Real\nER  - \n");
  REQUIRE(p.records.size() == 2);
  CHECK(p.records[0].title.empty());
  CHECK(p.records[0].raw == "TY  - JOUR\nER  - ");
}

TEST_CASE("RisReader refuses files that are not RIS", "[ris]") {
  struct Case {
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {"", "t.ris:1: empty file; expected RIS records"},
      {"\n\n  \n", "t.ris:1: not RIS: no 'TY  - ' line found"},
      {"PMID- 123\nTI  - MEDLINE, not RIS\n", "t.ris:1: not RIS: no 'TY  - ' line found"},
      {"FN Clarivate Analytics Web of Science\nPT J\nER\nEF\n",
       "t.ris:1: not RIS: no 'TY  - ' line found"},
      {"TI  - no type\nER  - \n", "t.ris:1: not RIS: no 'TY  - ' line found"},
      {"TY  - JOUR\nTI  - x\0y\nER  - \n"s, "t.ris:2: NUL byte"},
      {"\xFF\xFET\0Y\0"s, "t.ris:1: the file is UTF-16"},
  };
  for (const Case& c : cases) {
    INFO(c.message);
    const Parsed p = ParseText(c.text);
    CHECK(p.records.empty());
    CHECK(p.status.code() == core::Status::Code::kInvalidInput);
    CHECK(p.status.message().starts_with(c.message));
  }
  parse::RisReader missing("/nonexistent/dir/file.ris");
  core::Record rec;
  CHECK_FALSE(missing.Next(&rec));
  CHECK_FALSE(missing.status().ok());
  CHECK(missing.status().message().find("file.ris") != std::string::npos);
}

TEST_CASE("RisReader refuses a record over the size limit", "[ris]") {
  CHECK(parse::RisReaderOptions().max_record_size == size_t{64} << 20);
  testutil::TempDir dir;
  std::string text = "TY  - JOUR\nTI  - Short\nER  - \nTY  - JOUR\nAB  - ";
  for (int i = 0; i < 40; ++i) text += "forty-nine characters of abstract text, a line\n";
  testutil::WriteFile(dir / "big.ris", text + "ER  - \n");
  parse::RisReaderOptions options;
  options.max_record_size = 1000;
  parse::RisReader reader((dir / "big.ris").string(), "big.ris", options);
  core::Record rec;
  CHECK(reader.Next(&rec));
  CHECK(rec.title == "Short");
  CHECK_FALSE(reader.Next(&rec));
  CHECK(reader.status().code() == core::Status::Code::kInvalidInput);
  CHECK(reader.status().message() ==
        "big.ris:4: record longer than 1000 bytes; is its 'ER  - ' line missing?");
}

TEST_CASE("RisReader authors", "[ris]") {
  const core::Record r =
      One("TY  - JOUR\n"
          "AU  - Smith, John A.; Jones, K.\n"
          "AU  - CORE Study Group\n"
          "AU  - White SJ\n"
          "AU  - Center J\n"
          "AU  - World Health Organization,\n"
          "A1  - Smith, John A.\n"
          "A2  - Editor, Ed\n"
          "A3  - Series, Ed\n"
          "ED  - Book, Editor\n"
          "AU  - et al.\n"
          "ER  - \n");
  REQUIRE(r.authors.size() == 6);
  CHECK(r.authors[0].family == "Smith");
  CHECK(r.authors[0].given == "John A.");
  CHECK(r.authors[0].initials == "JA");
  CHECK(r.authors[1].family == "Jones");
  CHECK(r.authors[2].collective == "CORE Study Group");
  CHECK(r.authors[2].family.empty());
  CHECK(r.authors[3].family == "White");
  CHECK(r.authors[3].initials == "SJ");
  CHECK(r.authors[4].family == "Center");  // a surname, not a group
  CHECK(r.authors[5].collective == "World Health Organization");
}

TEST_CASE("RisReader abstracts from AB and N2", "[ris]") {
  struct Case {
    std::string tags;
    std::string abstract;
  };
  const Case cases[] = {
      {"AB  - Only AB.\n", "Only AB."},
      {"N2  - Only N2.\n", "Only N2."},
      {"AB  - Same text.\nN2  - Same text.\n", "Same text."},
      {"AB  - Cut short...\nN2  - Cut short of the whole text.\n", "Cut short of the whole text."},
      {"AB  - The whole text here.\nN2  - The whole text\n", "The whole text here."},
      {"N2  - English abstract.\nAB  - Resume francais.\n", "Resume francais. English abstract."},
      {"AB  - Part one.\nAB  - Part two.\nAB  - Part one.\n", "Part one. Part two."},
      {"AB  - Text.\nAB  - Copyright of Journal X is the property of Y and its content may not "
       "be copied.\n",
       "Text."},
      {"AB  - NA\n", ""},
      {"AB  - Line one\n  continues here.\n\n  After a blank line.\n",
       "Line one continues here. After a blank line."},
  };
  for (const Case& c : cases) {
    INFO(c.tags);
    CHECK(One("TY  - JOUR\n" + c.tags + "ER  - \n").abstract == c.abstract);
  }
}

TEST_CASE("RisReader keywords", "[ris]") {
  struct Case {
    std::string tags;
    std::string keywords;
  };
  const Case cases[] = {
      {"KW  - one\nKW  - two\nKW  - one\n", "one | two"},
      {"KW  - alpha; beta;; gamma\n", "alpha | beta | gamma"},
      {"KW  - alpha\nbeta\n  gamma\n", "alpha | beta | gamma"},
      {"KW  - Climate; Disasters Q54\nKW  - Other\n", "Climate; Disasters Q54 | Other"},
      {"KW  - Climate; Disasters Q54\nDP  - EBSCOhost\n", "Climate; Disasters Q54"},
      {"KW  - NA\n", ""},
  };
  for (const Case& c : cases) {
    INFO(c.tags);
    CHECK(Join(One("TY  - JOUR\n" + c.tags + "ER  - \n").keywords) == c.keywords);
  }
}

TEST_CASE("RisReader titles and journals by type", "[ris]") {
  core::Record r =
      One("TY  - JOUR\nT1  - Primary\nCT  - Caption\nJO  - J Abbr\nT2  - Full "
          "Journal\nER  - \n");
  CHECK(r.title == "Primary");
  CHECK(r.journal == "Full Journal");
  CHECK(r.journal_abbrev == "J Abbr");
  r = One("TY  - BOOK\nBT  - The Book\nT2  - A Series\nER  - \n");
  CHECK(r.title == "The Book");
  CHECK(r.journal.empty());
  r = One("TY  - CHAP\nTI  - A Chapter\nBT  - The Book\nER  - \n");
  CHECK(r.title == "A Chapter");
  CHECK(r.journal == "The Book");
  r = One("TY  - CPAPER\nTI  - A Paper\nT2  - Proceedings\nER  - \n");
  CHECK(r.kind == "conference-paper");
  CHECK(r.journal == "Proceedings");
  r = One("TY  - JOUR\nCT  - Only a caption\nJA  - Abbr\nER  - \n");
  CHECK(r.title == "Only a caption");
  CHECK(r.journal.empty());
  CHECK(r.journal_abbrev == "Abbr");
  const std::pair<const char*, const char*> kinds[] = {{"JOUR", "article"},
                                                       {"MGZN", "article"},
                                                       {"NEWS", "article"},
                                                       {"EJOUR", "article"},
                                                       {"INPR", "article"},
                                                       {"ABST", "article"},
                                                       {"JFULL", "article"},
                                                       {"EBOOK", "book"},
                                                       {"ECHAP", "book-chapter"},
                                                       {"CONF", "conference-paper"},
                                                       {"THES", "thesis"},
                                                       {"RPRT", "report"},
                                                       {"DATA", "dataset"},
                                                       {"GEN", "other"},
                                                       {"UNPB", "other"},
                                                       {"jour", "article"},
                                                       {"Book Section", "book-chapter"}};
  for (const auto& [type, kind] : kinds) {
    INFO(type);
    CHECK(One(std::string("TY  - ") + type + "\nER  - \n").kind == kind);
  }
}

TEST_CASE("RisReader years, numbers and pages", "[ris]") {
  struct Case {
    std::string tags;
    int year;
    std::string volume, issue, pages;
  };
  const Case cases[] = {
      {"PY  - 2019\n", 2019, "", "", ""},
      {"PY  - 2019///\n", 2019, "", "", ""},
      {"Y1  - 2019/05/12/\n", 2019, "", "", ""},
      {"DA  - 2019/05\n", 2019, "", "", ""},
      {"PY  - YEAR\nY1  - 2001/09/01/\n", 2001, "", "", ""},
      {"Y2  - 2020/01/01\n", 0, "", "", ""},  // Y2 is the access date
      {"VL  - 12\nIS  - 3\nSP  - 123\nEP  - 129\n", 0, "12", "3", "123-129"},
      {"SP  - 123-9\n", 0, "", "", "123-129"},
      {"SP  - 1865\nEP  - 76\n", 0, "", "", "1865-1876"},
      {"SP  - e1234\n", 0, "", "", "e1234"},
      {"SP  - 45--53\nEP  - 53\n", 0, "", "", "45-53"},
      {"EP  - 99\n", 0, "", "", ""},
      {"CP  - 4\n", 0, "", "4", ""},
      {"CP  - Netherlands\n", 0, "", "", ""},
      {"IS  - eag, 7805975\n", 0, "", "", ""},
      {"VL  - NA\nIS  - NA\n", 0, "", "", ""},
  };
  for (const Case& c : cases) {
    INFO(c.tags);
    const core::Record r = One("TY  - JOUR\n" + c.tags + "ER  - \n");
    CHECK(r.year == c.year);
    CHECK(r.volume == c.volume);
    CHECK(r.issue == c.issue);
    CHECK(r.pages == c.pages);
  }
}

TEST_CASE("RisReader ISSNs and ISBNs", "[ris]") {
  struct Case {
    std::string sn;
    std::string issn, other_ids;
  };
  const Case cases[] = {
      {"0964-6906 (Print)0964-6906", "0964-6906", ""},
      {"20964129 (ISSN)", "2096-4129", ""},
      {"1466822x", "1466-822X", ""},
      {"0003-0554, 1537-5943", "0003-0554 | 1537-5943", ""},
      {"978-1-4822-5326-9", "", "isbn:9781482253269"},
      {"9780123456786 (ISBN); 12345679 (ISSN)", "1234-5679", "isbn:9780123456786"},
      {"0-19-852663-X", "", "isbn:019852663X"},
      {"kmptns", "", ""},
  };
  for (const Case& c : cases) {
    INFO(c.sn);
    const core::Record r = One("TY  - JOUR\nSN  - " + c.sn + "\nER  - \n");
    CHECK(Join(r.issn) == c.issn);
    CHECK(Join(r.other_ids) == c.other_ids);
  }
}

TEST_CASE("RisReader DOIs", "[ris]") {
  struct Case {
    std::string tags;
    std::string doi;
  };
  const Case cases[] = {
      {"DO  - 10.1000/ABC.1\n", "10.1000/abc.1"},
      {"DO  - https://doi.org/10.1000/abc\n", "10.1000/abc"},
      {"DO  - doi:10.1201/b19107-2\n", "10.1201/b19107-2"},
      {"DO  - not a doi\nL3  - 10.1016/j.agee.2016.06.041\n", "10.1016/j.agee.2016.06.041"},
      {"M3  - doi: 10.1063/1.1954747\n", "10.1063/1.1954747"},
      {"M3  - Article\n", ""},
      {"UR  - http://dx.doi.org/10.1023/A:1017379030770\n", "10.1023/a:1017379030770"},
      {"UR  - https://www.scopus.com/inward/record.uri?eid=2-s2.0-1&doi=10.1080%2f2096.2020.1&"
       "partnerID=40\n",
       "10.1080/2096.2020.1"},
      {"UR  - https://onlinelibrary.wiley.com/doi/abs/10.1002/ebm2.15?af=R\n", "10.1002/ebm2.15"},
      {"UR  - https://link.springer.com/article/10.1007/s10668-014-9524-y\n",
       "10.1007/s10668-014-9524-y"},
      {"UR  - https://example.org/v10.2/page\n", ""},
      {"UR  - https://www.sciencedirect.com/science/article/pii/S1359645416307273\n", ""},
      {"L4  - https://doi.org/10.5555/fig\n", "10.5555/fig"},
      {"N1  - Clin Exp Dermatol. 2021 Aug 18. doi: 10.1111/ced.14899.\n", "10.1111/ced.14899"},
      {"N1  - Funding details: Fund, 10.13039/501100001809\n", ""},
      {"DO  - 10.1111/first\nUR  - https://doi.org/10.2222/second\n", "10.1111/first"},
  };
  for (const Case& c : cases) {
    INFO(c.tags);
    CHECK(One("TY  - JOUR\n" + c.tags + "ER  - \n").doi == c.doi);
  }
}

TEST_CASE("RisReader PMIDs and PMCIDs", "[ris]") {
  struct Case {
    std::string tags;
    std::string pmid, pmcid;
  };
  const Case cases[] = {
      {"DB  - PubMed\nAN  - 26957754\n", "26957754", ""},
      {"DB  - Ovid MEDLINE(R)\nAN  - 31234567\n", "31234567", ""},
      {"DP  - NLM\nAN  - 29657938\nC2  - PMC5887696\n", "29657938", "PMC5887696"},
      {"DB  - Embase\nAN  - 2012345678\n", "", ""},
      {"AN  - 12345678\n", "", ""},  // an accession of an unknown database
      {"U1  - 23690738[pmid]\nU2  - PMC4756000[pmcid]\n", "23690738", "PMC4756000"},
      {"U1  - 35957633 [PMID]\nU1  - PMC9359172 [PMCID]\n", "35957633", "PMC9359172"},
      {"C1  - PUBMED-28356893\n", "28356893", ""},
      {"DB  - Scopus\nC2  - 15344782\n", "15344782", ""},
      {"C2  - 15344782\n", "", ""},
      {"N1  - Some note\nPMID: 12345678\n", "12345678", ""},
      {"N1  - 12345678\n", "", ""},
      {"UR  - https://pubmed.ncbi.nlm.nih.gov/32789069/\n", "32789069", ""},
      {"L2  - https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7417126\n", "", "PMC7417126"},
      {"UR  - https://example.org/?term=12345\n", "", ""},
      {"L2  - http://ovidsp.ovid.com/ovidweb.cgi?T=JS&PAGE=reference&D=medp&NEWS=N&AN=39012781\n",
       "39012781", ""},
      {"AN  - PMC3654245\nDB  - PMC\n", "", "PMC3654245"},
  };
  for (const Case& c : cases) {
    INFO(c.tags);
    const core::Record r = One("TY  - JOUR\n" + c.tags + "ER  - \n");
    CHECK(r.pmid == c.pmid);
    CHECK(r.pmcid == c.pmcid);
  }
}

TEST_CASE("RisReader sources and accessions", "[ris]") {
  struct Case {
    std::string tags;
    std::string source, source_id, other_ids;
  };
  const Case cases[] = {
      {"DB  - Embase\nAN  - 2012345678\nDP  - Ovid Technologies\n", "embase", "2012345678",
       "embase:2012345678"},
      {"DB  - APA PsycInfo\nAN  - 2019-12345-001\n", "psycinfo", "2019-12345-001",
       "psycinfo:2019-12345-001"},
      {"DB  - CINAHL\nAN  - 123\n", "cinahl", "123", "cinahl:123"},
      {"DB  - Web of Science\nAN  - WOS:000123\n", "wos", "WOS:000123", "wos:000123"},
      {"DP  - EBSCOhost\nID  - 7\n", "", "7", ""},
      {"DP  - Ovid Technologies\n", "", "", ""},
      {"DP  - DOI.org (Crossref)\n", "", "", ""},
      {"DP  - Cochrane Library\nID  - CD012345\n", "cochrane", "CD012345", ""},
      {"DB  - ecn\n", "econlit", "", ""},
      {"UR  - http://search.ebscohost.com/login.aspx?direct=true&db=8gh&AN=99128836&site=e\nID  - "
       "1\n",
       "greenfile", "99128836", "greenfile:99128836"},
      {"UR  - http://search.ebscohost.com/login.aspx?direct=true&db=zzz&AN=42\n", "", "42", ""},
      {"L2  - http://ovidsp.ovid.com/ovidweb.cgi?T=JS&D=emed21&AN=638123456\n", "embase",
       "638123456", "embase:638123456"},
      {"UR  - https://app.dimensions.ai/details/publication/pub.1149029839\n", "dimensions",
       "pub.1149029839", "dimensions:pub.1149029839"},
      {"UR  - https://lens.org/000-454-299-663-964\n", "lens", "000-454-299-663-964",
       "lens:000-454-299-663-964"},
      {"AN  - ISI:000296953200017\n", "wos", "ISI:000296953200017", "wos:000296953200017"},
      {"AN  - 1751982281; 1533367\nDB  - EconLit\n", "econlit", "1751982281; 1533367",
       "econlit:1751982281"},
  };
  for (const Case& c : cases) {
    INFO(c.tags);
    const core::Record r = One("TY  - JOUR\n" + c.tags + "ER  - \n");
    CHECK(r.source == c.source);
    CHECK(r.source_id == c.source_id);
    CHECK(Join(r.other_ids) == c.other_ids);
  }
}

TEST_CASE("RisReader languages, publication types and revision dates", "[ris]") {
  const core::Record r =
      One("TY  - JOUR\nLA  - English; French\nLA  - English <!-- Page not cached -->\n"
          "M3  - Review\nM3  - 10.1000/xyz\nPT  - Journal Article\n"
          "N1  - Date revised - 2015-12-01; Last updated - 2016\nER  - \n");
  CHECK(Join(r.language) == "English | French");
  CHECK(Join(r.publication_types) == "Journal Article | Review");
  CHECK(r.date_revised == "2015-12-01");
  CHECK(r.doi == "10.1000/xyz");
}

TEST_CASE("LooksLikeRis", "[ris]") {
  CHECK(parse::LooksLikeRis("TY  - JOUR\nTI  - x\n"));
  CHECK(parse::LooksLikeRis("TY  - JOUR\r\nER  - \r\n"));
  CHECK(parse::LooksLikeRis("Record #1 of 2\nProvider: x\n1.\nTY  - JOUR\nT1  - cut mid-rec"));
  CHECK(parse::LooksLikeRis("\nty  - jour\nau  - smith\n"));
  CHECK_FALSE(parse::LooksLikeRis(""));
  CHECK_FALSE(parse::LooksLikeRis("TY  - JOUR"));  // a TY line alone
  CHECK_FALSE(parse::LooksLikeRis("PMID- 1\nOWN - NLM\nLR  - 2020\nTI  - MEDLINE\n"));
  CHECK_FALSE(parse::LooksLikeRis("FN Clarivate\nVR 1.0\nPT J\nTI x\nER\n"));
  CHECK_FALSE(parse::LooksLikeRis("%0 Journal Article\n%T Title\n%A Smith, J.\n"));
  CHECK_FALSE(parse::LooksLikeRis("@article{key,\n  title = {TY  - JOUR}\n}\n"));
  CHECK_FALSE(parse::LooksLikeRis("Title,Authors\n\"TY  - JOUR\",x\n"));
  CHECK_FALSE(parse::LooksLikeRis("<1>\nUnique Identifier\n  123\nTY  - JOUR\n"));
}

TEST_CASE("RisReader survives random bytes", "[ris]") {
  std::mt19937 rng(12345);
  const std::string pieces[] = {"TY  - ",
                                "ER  - ",
                                "AU  - ",
                                "TI  - ",
                                "\n",
                                "\r",
                                "\r\n",
                                "JOUR",
                                "x",
                                "-",
                                " ",
                                "\xC3",
                                "\xA9",
                                "\xEF\xBB\xBF",
                                "ty -",
                                "SN  - 1234-567X",
                                "UR  - http://doi.org/10.1/",
                                "AB  - NA",
                                ";"};
  testutil::TempDir dir;
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) text += pieces[rng() % std::size(pieces)];
    testutil::WriteFile(dir / "r.ris", text);
    parse::RisReader reader((dir / "r.ris").string());
    core::Record rec;
    size_t records = 0;
    while (reader.Next(&rec)) {
      ++records;
      REQUIRE(records <= text.size() + 1);
      CHECK(core::IsValidUtf8(rec.raw));
      CHECK(core::IsValidUtf8(rec.title));
    }
    if (records == 0) CHECK_FALSE(reader.status().ok());
  }
}
