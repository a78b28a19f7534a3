// Tests for parse/cochrane_reader.h. The shared data holds no Cochrane
// plain-text record export (exports/cochrane has the Cochrane Library's
// BibTeX exports, which share its "Record #1 of N" lines, and two Search
// Manager strategy exports), so records are tested on inline samples written
// in the layout of the Cochrane Library's "Plain text" citation export; the
// real files are tested for being told apart from it.
#include "parse/cochrane_reader.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/normalize.h"
#include "tests/parse/reader_test_util.h"
#include "tests/test_util.h"

namespace {

namespace fs = std::filesystem;
using readertest::Crlf, readertest::Head, readertest::Parsed;

Parsed Parse(const fs::path& path, const std::string& display = "") {
  return readertest::ReadPath<parse::CochraneReader>(path, display);
}

Parsed ParseText(const std::string& text) {
  return readertest::ReadText<parse::CochraneReader>(text, "in.txt");
}

// A CENTRAL export: two trials and a Cochrane Review, as the Cochrane
// Library writes them (values invented).
const char kCentral[] =
    "Record #1 of 3\n"
    "ID: CN-01912345\n"
    "AU: M\xc3\xbcller A\n"
    "AU: Smith, John\n"
    "AU: CORE Study Group\n"
    "TI: Exercise for fatigue in adults with cancer: a randomised trial\n"
    "SO: Journal of clinical oncology\n"
    "YR: 2019\n"
    "VL: 37\n"
    "NO: 15\n"
    "PG: 1234-40\n"
    "PM: PUBMED 31234567\n"
    "XR: EMBASE 628123456\n"
    "PT: Journal Article; Randomized Controlled Trial\n"
    "KY: Adult; Exercise Therapy [*methods]; Fatigue [etiology, *therapy]; Humans\n"
    "DOI: 10.1200/JCO.19.00123\n"
    "AB: BACKGROUND: Fatigue is common (trial registered as NCT01234567).\n"
    "METHODS: We randomised 120 adults.\n"
    "NO: significant harms were seen.\n"
    "US: https://www.cochranelibrary.com/central/doi/10.1002/central/CN-01912345/full\n"
    "CC: HS-HANDSRCH; SR-PAIN\n"
    "\n"
    "\n"
    "Record #2 of 3\n"
    "ID: CN-02054321\n"
    "AU: Lee K\n"
    "TI: Yoga for fatigue after breast cancer\n"
    "SO: Supportive care in cancer\n"
    "YR: 2020\n"
    "XR: EMBASE 631000111; CTG NCT03456789\n"
    "PT: Conference Abstract\n"
    "US: https://pubmed.ncbi.nlm.nih.gov/32000111\n"
    "\n"
    "\n"
    "Record #3 of 3\n"
    "ID: CD011279\n"
    "AU: Geneen LJ\n"
    "TI: Physical activity and exercise for chronic pain in adults\n"
    "SO: Cochrane Database of Systematic Reviews\n"
    "YR: 2017\n"
    "NO: 4\n"
    "PB: John Wiley & Sons, Ltd\n"
    "KY: Chronic Pain [*therapy]; Exercise\n"
    "DOI: 10.1002/14651858.CD011279.pub3\n"
    "US: https://doi.org//10.1002/14651858.CD011279.pub3\n";

}  // namespace

TEST_CASE("CochraneReader maps a CENTRAL plain-text export", "[cochrane]") {
  Parsed p = ParseText(Crlf(kCentral));
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 3);
  const core::Record& r = p.records[0];
  CHECK(r.format == "cochrane");
  CHECK(r.locator == "in.txt:1");
  CHECK(r.source == "cochrane");
  CHECK(r.source_id == "CN-01912345");
  CHECK(r.title == "Exercise for fatigue in adults with cancer: a randomised trial");
  CHECK(r.journal == "Journal of clinical oncology");
  CHECK(r.year == 2019);
  CHECK(r.volume == "37");
  CHECK(r.issue == "15");
  CHECK(r.pages == "1234-1240");
  CHECK(r.pmid == "31234567");
  CHECK(r.other_ids == std::vector<std::string>{"embase:628123456"});
  CHECK(r.doi == "10.1200/jco.19.00123");
  CHECK(r.kind == "article");
  CHECK(r.publication_types ==
        std::vector<std::string>{"Journal Article", "Randomized Controlled Trial"});
  CHECK(r.keywords == std::vector<std::string>{"Adult", "Exercise Therapy [*methods]",
                                               "Fatigue [etiology, *therapy]", "Humans"});
  CHECK(r.mesh.empty());
  REQUIRE(r.authors.size() == 3);
  CHECK(r.authors[0].family == "M\xc3\xbcller");
  CHECK(r.authors[0].initials == "A");
  CHECK(r.authors[1].family == "Smith");
  CHECK(r.authors[1].given == "John");
  CHECK(r.authors[2].collective == "CORE Study Group");
  // "METHODS:" is not a tag; "NO:" is, but a second one inside the abstract
  // continues it.
  CHECK(r.abstract ==
        "BACKGROUND: Fatigue is common (trial registered as NCT01234567). METHODS: We randomised "
        "120 adults. NO: significant harms were seen.");
  CHECK(r.registrations == std::vector<std::string>{"NCT01234567"});
  CHECK(r.raw.rfind("Record #1 of 3\nID: CN-01912345\n", 0) == 0);
  const std::string last = "\nCC: HS-HANDSRCH; SR-PAIN";
  CHECK(r.raw.compare(r.raw.size() - last.size(), last.size(), last) == 0);

  const core::Record& r2 = p.records[1];
  CHECK(r2.locator == "in.txt:24");
  CHECK(r2.source_id == "CN-02054321");
  CHECK(r2.kind == "conference-paper");
  CHECK(r2.pmid == "32000111");
  CHECK(r2.other_ids == std::vector<std::string>{"embase:631000111", "ctg:NCT03456789"});
  CHECK(r2.registrations == std::vector<std::string>{"NCT03456789"});

  const core::Record& r3 = p.records[2];
  CHECK(r3.source_id == "CD011279");
  CHECK(r3.journal == "Cochrane Database of Systematic Reviews");
  CHECK(r3.issue == "4");
  CHECK(r3.doi == "10.1002/14651858.cd011279.pub3");
  CHECK(r3.kind.empty());  // no PT: nothing says what it is
  CHECK(r3.raw.find("\r") == std::string::npos);
}

TEST_CASE("CochraneReader reads exports without Record lines", "[cochrane]") {
  Parsed p = ParseText(
      "ID: CN-00000001\nAU: Smith J\nTI: First\nYR: 2001\n\n"
      "ID: CN-00000002\nTI: Second\nAB: Line one\n\nline two after a blank line\nYR: 2002\n"
      "ID: CN-00000003\nTI: Third, no blank line before it\n\n\n"
      "TI: Fourth, without an ID\nEM: EMBASE 99\n");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 4);
  CHECK(p.records[0].source_id == "CN-00000001");
  CHECK(p.records[0].year == 2001);
  CHECK(p.records[0].raw == "ID: CN-00000001\nAU: Smith J\nTI: First\nYR: 2001");
  CHECK(p.records[1].abstract == "Line one line two after a blank line");
  CHECK(p.records[1].year == 2002);
  CHECK(p.records[2].locator == "in.txt:12");
  CHECK(p.records[2].title == "Third, no blank line before it");
  CHECK(p.records[3].source_id.empty());
  CHECK(p.records[3].other_ids == std::vector<std::string>{"embase:99"});
}

TEST_CASE("CochraneReader yields empty and truncated records", "[cochrane]") {
  Parsed p = ParseText("Record #1 of 3\nRecord #2 of 3\nID: CN-1\nTI: Two\nRecord #3 of 3\n");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 3);
  CHECK(p.records[0].raw == "Record #1 of 3");
  CHECK(p.records[0].title.empty());
  CHECK(p.records[1].title == "Two");
  CHECK(p.records[2].raw == "Record #3 of 3");
}

TEST_CASE("CochraneReader copes with line ends, BOM, Latin-1 and junk before the records",
          "[cochrane]") {
  const std::string lf =
      "Cochrane Library\nTrials: 2\n\nRecord #1 of 2\nID: CN-1\nTI: Caf\xc3\xa9\n"
      "\nRecord #2 of 2\nID: CN-2\n";
  for (const std::string& text : readertest::TextVariants(lf)) {
    Parsed p = ParseText(text);
    REQUIRE(p.status.ok());
    REQUIRE(p.records.size() == 2);
    CHECK(p.records[0].locator == "in.txt:4");
    CHECK(p.records[0].title == "Caf\xc3\xa9");
    CHECK(p.records[1].locator == "in.txt:8");
    CHECK(p.records[1].source_id == "CN-2");
  }
}

TEST_CASE("CochraneReader refuses Search Manager strategy exports", "[cochrane]") {
  WINNOW_REQUIRE_SHARED_DATA();
  for (const char* name : {"p1m_stmz_cochrane_search_manager_20190302.txt",
                           "p1m_stmz_cochrane_search_manager_20190306.txt"}) {
    INFO(name);
    const fs::path path = testutil::SharedData(std::string("exports/cochrane/") + name);
    Parsed p = Parse(path, name);
    CHECK(p.records.empty());
    CHECK(p.status.code() == core::Status::Code::kInvalidInput);
    CHECK(p.status.message() ==
          std::string(name) +
              ":1: this is a Cochrane Library search strategy (Search Manager export), not "
              "records; export the records (citations) instead");
    CHECK(parse::LooksLikeCochraneStrategy(Head(path)));
    CHECK_FALSE(parse::LooksLikeCochrane(Head(path)));
  }
}

TEST_CASE("CochraneReader refuses the Cochrane Library's BibTeX exports", "[cochrane]") {
  WINNOW_REQUIRE_SHARED_DATA();
  // Same "Record #1 of N" lines, then "@article{...": not this format.
  for (const char* name :
       {"p1m_ortho_cochrane_CDSR_export.bib", "p1m_stmz_cochrane_citation_export.bib",
        "p1m_stmz_cochrane_citation_export_9.bib"}) {
    INFO(name);
    const fs::path path = testutil::SharedData(std::string("exports/cochrane/") + name);
    Parsed p = Parse(path, name);
    CHECK(p.records.empty());
    CHECK(p.status.code() == core::Status::Code::kInvalidInput);
    CHECK(p.status.message().find(":2: expected Cochrane fields") != std::string::npos);
    CHECK(p.status.message().find("--format bibtex") != std::string::npos);
    CHECK_FALSE(parse::LooksLikeCochrane(Head(path)));
  }
}

TEST_CASE("LooksLikeCochrane claims none of the shared data's files", "[cochrane]") {
  WINNOW_REQUIRE_SHARED_DATA();
  size_t strategies = 0;
  for (const auto& e : fs::recursive_directory_iterator(testutil::SharedData("exports"))) {
    if (!e.is_regular_file()) continue;
    INFO(e.path());
    std::string head = Head(e.path());
    CHECK_FALSE(parse::LooksLikeCochrane(head));
    bool strategy = e.path().filename().string().find("search_manager") != std::string::npos;
    CHECK(parse::LooksLikeCochraneStrategy(head) == strategy);
    strategies += strategy;
  }
  CHECK(strategies == 2);
}

TEST_CASE("LooksLikeCochrane on small samples", "[cochrane]") {
  CHECK(parse::LooksLikeCochrane(kCentral));
  CHECK(parse::LooksLikeCochrane(Crlf(kCentral)));
  CHECK(parse::LooksLikeCochrane("\nRecord #1 of 1\n\nID: CN-1\nTI: T\n"));
  CHECK(parse::LooksLikeCochrane("ID: CN-01234567\nAU: Smith J\nTI: Title\n"));
  CHECK_FALSE(parse::LooksLikeCochrane(""));
  CHECK_FALSE(parse::LooksLikeCochrane("ID: CN-01234567\n"));  // an ID alone
  CHECK_FALSE(parse::LooksLikeCochrane("Record #1 of 2\n@article{a,\ntitle = {T}\n}\n"));
  CHECK_FALSE(parse::LooksLikeCochrane(
      "Record #1 of 2\nProvider: Provider\nContent: text/plain\n1.\nTY  - JOUR\n"));
  CHECK_FALSE(parse::LooksLikeCochrane("TY  - JOUR\nTI  - T\nER  - \n"));
  CHECK_FALSE(parse::LooksLikeCochrane("<1. >\nTI  - T\n"));
  CHECK_FALSE(parse::LooksLikeCochraneStrategy(kCentral));
  CHECK(parse::LooksLikeCochraneStrategy("ID\tSearch\tHits\n#1\tfoo\t12\n"));
}

TEST_CASE("CochraneReader refuses empty, foreign and binary files", "[cochrane]") {
  readertest::CheckRefused(ParseText(""), "in.txt:1: the file is empty");
  readertest::CheckRefused(ParseText("\n\nTY  - JOUR\nTI  - Title\nER  - \n"),
                           "in.txt:3: no Cochrane Library record found");
  Parsed binary = ParseText(std::string("Record #1 of 1\nID: CN-1") + '\0' + "\n");
  CHECK(binary.status.code() == core::Status::Code::kInvalidInput);
  Parsed missing = Parse("/nonexistent/file.txt");
  CHECK_FALSE(missing.status.ok());
}

TEST_CASE("CochraneReader survives mutated input", "[cochrane]") {
  std::mt19937 rng(11);
  for (int i = 0; i < 150; ++i) {
    Parsed p = ParseText(readertest::Damage(kCentral, rng));
    for (const core::Record& r : p.records) {
      CHECK(core::IsValidUtf8(r.raw));
      CHECK(core::IsValidUtf8(r.title));
    }
  }
  for (const char* s : {"ID:", "ID: \nAU:", "Record #1 of 1\nXR: ;;\nPM:", "AU: ,\nKY: ;",
                        "ID: x\nUS: pmc pubmed doi.org/", "Record #99999999999999999999 of 1"}) {
    Parsed p = ParseText(s);
    CHECK(p.records.size() <= 1);
  }
}
