// Tests for parse/wos_reader.h on the real Web of Science / ISI exports of
// ../shared/data/exports (see its PROVENANCE.md): record counts of every
// file, fields checked by hand against the files, and damaged or foreign
// inputs written to a temporary directory.
#include "parse/wos_reader.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/normalize.h"
#include "tests/parse/reader_test_util.h"
#include "tests/test_util.h"

namespace {

namespace fs = std::filesystem;

using readertest::Parsed;
using readertest::SplitLines;

Parsed Read(const fs::path& path, const std::string& display = "") {
  return readertest::ReadPath<parse::WosReader>(path, display, /*check_end=*/true);
}

Parsed ReadText(const std::string& text) {
  return readertest::ReadText<parse::WosReader>(text, "in.txt", /*check_end=*/true);
}

// Lines that are "ER" alone, counted without the reader.
size_t CountErLines(const std::string& text) {
  size_t n = 0;
  for (const std::string& l : SplitLines(text)) {
    n += l.rfind("ER", 0) == 0 && l.find_first_not_of(' ', 2) == std::string::npos;
  }
  return n;
}

std::string Join(const std::vector<std::string>& v) { return readertest::Join(v, "|"); }

const core::Record& WithId(const Parsed& p, const std::string& source_id) {
  for (const core::Record& r : p.records) {
    if (r.source_id == source_id) return r;
  }
  FAIL("no record " << source_id);
  return p.records.front();
}

}  // namespace

TEST_CASE("WosReader reads every record of every real file", "[wos]") {
  WINNOW_REQUIRE_SHARED_DATA();
  // Counted by hand and by their "ER" lines. The .isi files are the ISI
  // Export Format of Web of Knowledge: the same syntax, whatever database
  // (WoS, Inspec, MEDLINE) the records came from. rispy's example_wos.ris is
  // WoS plain text too, despite its name.
  const std::pair<std::string, size_t> cases[] = {
      {"wos_plaintext/synthesisr_WoS.ciw", 5},
      {"wos_plaintext/synthesisr_WoS.txt", 4},
      {"wos_plaintext/synthesisr_zoological_record_wos.txt", 134},
      {"wos_plaintext/wos_other_reference_software_r0001-0500.txt", 500},
      {"wos_plaintext/wos_other_reference_software_r4001-4012.txt", 12},
      {"ris/rispy_example_wos.ris", 2},
      {"jabref/jabref_IsiImporterTest1.isi", 1},
      {"jabref/jabref_IsiImporterTest2.isi", 3},
      {"jabref/jabref_IsiImporterTestInspec.isi", 2},
      {"jabref/jabref_IsiImporterTestMedline.isi", 2},
      {"jabref/jabref_IsiImporterTestWOS.isi", 2},
  };
  for (const auto& [rel, count] : cases) {
    INFO(rel);
    const readertest::ExportRead file = readertest::ReadExport<parse::WosReader>(rel, count);
    CHECK(CountErLines(file.text) == count);
    for (const core::Record& r : file.parsed.records) {
      CHECK(r.format == "wos");
      CHECK(r.source == "wos");
      CHECK_FALSE(r.source_id.empty());
      CHECK_FALSE(r.title.empty());
      const std::vector<std::string> raw = readertest::CheckRawInFile(r, file);
      CHECK(raw.front().rfind("PT ", 0) == 0);
      CHECK(raw.back() == "ER");
    }
  }
  // JabRef's empty .isi (" ## ") has no header and no record.
  const Parsed empty = Read(testutil::SharedData("exports/jabref/jabref_IsiImporterTestEmpty.isi"));
  CHECK(empty.records.empty());
  CHECK(empty.status.code() == core::Status::Code::kInvalidInput);
}

TEST_CASE("WosReader reads the fields of a Web of Science Core Collection export", "[wos]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const Parsed p = Read(
      testutil::SharedData("exports/wos_plaintext/wos_other_reference_software_r0001-0500.txt"));
  REQUIRE(p.records.size() == 500);
  const core::Record& r = p.records[0];
  CHECK(r.source_id == "WOS:000515096600001");
  CHECK(r.other_ids == std::vector<std::string>{"wos:000515096600001"});
  CHECK(r.title ==
        "Palliative care for people living with HIV/AIDS: Factors influencing healthcare "
        "workers' knowledge, attitude and practice in public health facilities, Abuja, Nigeria");
  CHECK((r.journal == "PLOS ONE" && r.journal_abbrev == "PLoS One"));
  CHECK(r.issn == std::vector<std::string>{"1932-6203"});
  CHECK((r.year == 2019 && r.volume == "14" && r.issue == "12" && r.pages == "e0207499"));
  CHECK((r.doi == "10.1371/journal.pone.0207499" && r.pmid == "31891577"));
  CHECK((r.kind == "article" && r.publication_types == std::vector<std::string>{"Article"}));
  CHECK(r.language == std::vector<std::string>{"English"});
  CHECK(r.keywords == std::vector<std::string>{"NURSES"});
  CHECK_THAT(r.abstract, Catch::StartsWith("Background Physicians and nurses play vital roles"));
  REQUIRE(r.authors.size() == 5);
  // AF full names, AU initials; C1 "[names] address" to the named authors.
  CHECK(r.authors[0].family == "Ajisegiri");
  CHECK(r.authors[0].given == "Whenayon Simeon");
  CHECK(r.authors[0].initials == "WS");
  CHECK(r.authors[0].affiliations ==
        std::vector<std::string>{"NFELTP, Abuja, Federal Capital, Nigeria.",
                                 "Ahmadu Bello Univ, Dept Community Med, Zaria, Kaduna State, "
                                 "Nigeria.",
                                 "Nigerian Field Epidemiol & Lab Training Programme, Abuja, "
                                 "Nigeria."});
  CHECK(r.authors[3].affiliations ==
        std::vector<std::string>{"NFELTP, Abuja, Federal Capital, Nigeria."});
  CHECK(r.authors[0].orcid.empty());  // OI "/0000-..." names nobody among five

  // CA group author after the persons; OI matched by name.
  const core::Record& h3 = WithId(p, "WOS:000511615800009");
  CHECK(h3.authors.back().collective == "H3ABioNet Consortium");
  CHECK(h3.authors[1].family == "Zass");
  CHECK(h3.authors[1].orcid == "0000-0001-8862-1706");
  // OI "Rydberg Sterner, Therese" for AF "Sterner, Therese Rydberg".
  size_t collective = 0, orcids = 0;
  for (const core::Record& rec : p.records) {
    for (const core::Author& a : rec.authors) {
      collective += !a.collective.empty();
      orcids += !a.orcid.empty();
    }
  }
  CHECK(collective == 34);  // 34 lines of CA fields in the file
  CHECK(orcids >= 650);     // of 697 OI ids; the rest name no author of the record
}

TEST_CASE("WosReader reads Zoological Record and other databases on the platform", "[wos]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Parsed p =
      Read(testutil::SharedData("exports/wos_plaintext/synthesisr_zoological_record_wos.txt"));
  REQUIRE(p.records.size() == 134);
  const core::Record& z = p.records[0];
  CHECK(z.source == "wos");  // the platform the file names in FN
  CHECK(z.source_id == "ZOOREC:ZOOR15512090342");
  CHECK(z.other_ids == std::vector<std::string>{"zoorec:ZOOR15512090342"});
  CHECK((z.journal == "Condor" && z.year == 2019 && z.volume == "121" && z.pages == "duz039"));
  REQUIRE(z.authors.size() == 6);
  CHECK(z.authors[0] ==
        core::Author{"Stillman",
                     "Andrew N.",
                     "AN",
                     "",
                     "0000-0001-6692-380X",
                     {"Univ Connecticut, Ecol & Evolutionary Biol, Storrs, CT, 06269, USA, USA."}});
  CHECK(z.authors[5].orcid == "0000-0002-1477-2218");  // OI wrapped over two lines
  CHECK(z.issn == std::vector<std::string>{"0010-5422"});

  p = Read(testutil::SharedData("exports/wos_plaintext/synthesisr_WoS.ciw"));
  REQUIRE(p.records.size() == 5);
  CHECK(p.records[0].pages == "1722034");  // AR "UNSP 1722034"
  CHECK(p.records[0].issn == std::vector<std::string>{"2096-4129", "2332-8878"});
  CHECK(p.records[0].authors[0].orcid == "0000-0002-2133-9287");  // OI "LI, WEI/..."
  CHECK(p.records[0].authors[1].orcid == "0000-0001-8031-4330");
  CHECK(p.records[1].pages == "9-20");
  const core::Record& m = p.records[3];  // a MEDLINE record found on WoS
  CHECK((m.source_id == "MEDLINE:31858815" && m.pmid == "31858815"));
  CHECK(m.other_ids == std::vector<std::string>{"medline:31858815"});
  CHECK(m.source == "wos");
}

TEST_CASE("WosReader reads JabRef's ISI Export Format files", "[wos]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const std::string dir = "exports/jabref/";
  Parsed p = Read(testutil::SharedData(dir + "jabref_IsiImporterTestWOS.isi"));
  REQUIRE(p.records.size() == 2);
  const core::Record& w = p.records[0];
  CHECK((w.source_id == "ISI:000238592600006" && w.source == "wos"));
  CHECK(w.other_ids == std::vector<std::string>{"wos:000238592600006"});
  CHECK((w.journal == "JOURNAL OF PHYSICS-CONDENSED MATTER" &&
         w.journal_abbrev == "J. Phys.-Condes. Matter"));
  CHECK((w.pages == "5323-5331" && w.year == 2006 && w.volume == "18" && w.issue == "23"));
  CHECK(w.issn == std::vector<std::string>{"0953-8984"});
  // Addresses that name nobody go to the first author.
  CHECK(w.authors[0].affiliations.size() == 2);
  CHECK(w.authors[1].affiliations.empty());
  CHECK(Join(p.records[1].keywords) ==
        "REFRACTIVE-INDEX PROFILES|INFRARED WAVELENGTHS|PHASE-CONJUGATION|KNBO3|MODES");

  p = Read(testutil::SharedData(dir + "jabref_IsiImporterTestInspec.isi"));
  REQUIRE(p.records.size() == 2);
  const core::Record& i = p.records[0];
  CHECK((i.source_id == "INSPEC:9027814" && i.other_ids[0] == "inspec:9027814"));
  CHECK(i.pages == "41103-1-3");  // PS, as BP "41103-1" is itself a range
  REQUIRE(i.authors.size() == 4);
  for (const core::Author& a : i.authors) {  // C1 "Name; Name; ...; Address"
    CHECK(a.affiliations ==
          std::vector<std::string>{"Nonlinear Opt. Lab., Inst. of Quantum Electron., Zurich, "
                                   "Switzerland"});
  }
  CHECK(i.authors[0].initials == "R");
  CHECK(i.authors[0].given.empty());

  p = Read(testutil::SharedData(dir + "jabref_IsiImporterTestMedline.isi"));
  REQUIRE(p.records.size() == 2);
  CHECK(p.records[0].pmid == "16842170");   // from UT MEDLINE:16842170
  CHECK(p.records[1].authors.size() == 7);  // "AU A; B; C" on one line
  CHECK(p.records[1].authors[6].family == "Martin");
  CHECK(p.records[1].pages == "411-422");

  p = Read(testutil::SharedData(dir + "jabref_IsiImporterTest2.isi"));
  REQUIRE(p.records.size() == 3);
  CHECK(p.records[0].kind == "other");            // PT K
  CHECK(p.records[0].publication_types.empty());  // DT -
  CHECK(p.records[2].authors.empty());            // "AU " with nothing
  CHECK(p.records[2].doi.empty());                // DI 467-72 is no DOI

  p = Read(testutil::SharedData(dir + "jabref_IsiImporterTest1.isi"));
  REQUIRE(p.records.size() == 1);
  REQUIRE(p.records[0].authors.size() == 6);
  CHECK(p.records[0].authors[1] == core::Author{"Brown", "James Marc", "JM", "", "", {}});
  CHECK(p.records[0].authors[4] == core::Author{"Brown", "", "JM", "", "", {}});  // Brown, J.M.
}

TEST_CASE("WosReader reads line ends, BOM, Latin-1 and lower-case tags alike", "[wos]") {
  const std::string lf =
      "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Doe, J\nAF Doe, Jane\n"
      "TI Caf\xC3\xA9 first\n   line two\nUT WOS:000000000000001\nER\n\nEF\n";
  for (const std::string& text : readertest::LineEndVariants(lf)) {
    const Parsed p = ReadText(text);
    REQUIRE(p.status.ok());
    REQUIRE(p.records.size() == 1);
    CHECK(p.records[0].title == "Caf\xC3\xA9 first line two");
    CHECK(p.records[0].authors[0] == core::Author{"Doe", "Jane", "J", "", "", {}});
    CHECK(p.records[0].locator == "in.txt:3");
    CHECK(p.records[0].raw ==
          "PT J\nAU Doe, J\nAF Doe, Jane\nTI Caf\xC3\xA9 first\n   line two\n"
          "UT WOS:000000000000001\nER");
  }
  Parsed p = ReadText("FN x\nPT J\nTI Caf\xE9\nER\n");
  REQUIRE(p.records.size() == 1);
  CHECK(p.records[0].title == "Caf\xC3\xA9");
  p = ReadText("pt j\nti lower case\nau Doe, J\ner\npt j\nti two\ner\n");
  REQUIRE(p.records.size() == 2);
  CHECK((p.records[0].title == "lower case" && p.records[0].authors.size() == 1));
}

TEST_CASE("WosReader ends records only at ER, and at a record missing its ER", "[wos]") {
  // Lines that merely start with "ER", a missing ER before the next PT and
  // at the end of the file.
  const Parsed p = ReadText(
      "FN Thomson Reuters Web of Science\nVR 1.0\n"
      "PT J\nTI One\nAB Text about\nER stress at the start of a line\nERK signalling\n"
      "   and more\nER\n\n"
      "PT J\nTI Two\n"
      "PT B\nTI Three\nDT Book Chapter\nER  \n"
      "PT J\nTI Four");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 4);
  CHECK(p.records[0].abstract ==
        "Text about ER stress at the start of a line ERK signalling and more");
  CHECK(p.records[1].title == "Two");
  CHECK(p.records[1].raw == "PT J\nTI Two");
  CHECK((p.records[2].title == "Three" && p.records[2].kind == "book-chapter"));
  CHECK(p.records[3].title == "Four");
  CHECK(p.records[3].locator == "in.txt:17");
  for (const core::Record& r : p.records) CHECK(r.source == "wos");
}

TEST_CASE("WosReader reads files without a header and exports end to end", "[wos]") {
  Parsed p = ReadText("PT J\nTI No header\nUT WOS:123\nER\nPT C\nTI Other\nUT X:1\nER\n");
  REQUIRE(p.records.size() == 2);
  CHECK((p.records[0].source == "wos" && p.records[0].kind == "article"));
  CHECK((p.records[1].source.empty() && p.records[1].kind == "conference-paper"));
  CHECK(p.records[1].other_ids == std::vector<std::string>{"x:1"});
  p = ReadText(
      "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI A\nER\nEF\n"
      "FN Clarivate Analytics Web of Science\nVR 1.0\nPT P\nTI B\nER\nEF\n");
  REQUIRE(p.records.size() == 2);
  CHECK(p.records[1].kind == "other");
  CHECK(p.records[1].locator == "in.txt:9");
  p = ReadText("FN Clarivate Analytics Web of Science\nVR 1.0\nEF\n");  // an empty export
  CHECK(p.status.ok());
  CHECK(p.records.empty());
}

TEST_CASE("WosReader maps authors, addresses and identifiers", "[wos]") {
  const Parsed p = ReadText(
      "FN Clarivate Analytics Web of Science\nVR 1.0\nPT S\n"
      "AU Smith, JA\n   Lee, K\nAF Smith, John A.\n   Lee, Kim\nCA The Group\n"
      "TI T\nSE Lecture Notes\nBN 978-3-16-148410-0\nJ9 LECT NOTES\n"
      "C1 [Lee, Kim] Univ A, City, Country.\n   [Smith, John A.; Lee, Kim] Univ\n   B, Town.\n"
      "OI Lee, Kim/0000-0002-1825-0097; Smith, John/0000-0001-5109-3700\n"
      "PD JAN 2020\nBP 10\nEP 19\nDI https://doi.org/10.1000/ABC\nUT WOS:000999\nER\n"
      "PT J\nAU Solo, H\nTI U\nRP Solo, H (corresponding author), Addr One.; Solo, H "
      "(corresponding author), Addr Two.\nAR UNSP e12\nER\n");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 2);
  const core::Record& r = p.records[0];
  CHECK(r.kind == "book");
  CHECK((r.journal == "Lecture Notes" && r.journal_abbrev == "LECT NOTES"));
  CHECK(r.other_ids == std::vector<std::string>{"isbn:978-3-16-148410-0", "wos:000999"});
  CHECK((r.year == 2020 && r.pages == "10-19" && r.doi == "10.1000/abc"));
  REQUIRE(r.authors.size() == 3);
  CHECK(r.authors[0] ==
        core::Author{"Smith", "John A.", "JA", "", "0000-0001-5109-3700", {"Univ B, Town."}});
  CHECK(r.authors[1] == core::Author{"Lee",
                                     "Kim",
                                     "K",
                                     "",
                                     "0000-0002-1825-0097",
                                     {"Univ A, City, Country.", "Univ B, Town."}});
  CHECK(r.authors[2].collective == "The Group");
  const core::Record& s = p.records[1];
  CHECK(s.authors[0].given.empty());
  CHECK(s.authors[0].initials == "H");
  CHECK(s.authors[0].affiliations == std::vector<std::string>{"Addr One.", "Addr Two."});
  CHECK(s.pages == "e12");
}

TEST_CASE("WosReader refuses input that is not WoS text", "[wos]") {
  Parsed p = ReadText("");
  CHECK(p.status.code() == core::Status::Code::kInvalidInput);
  CHECK_THAT(p.status.message(), Catch::StartsWith("in.txt:1: no Web of Science record"));
  p = ReadText("just text\nand more text\n");
  CHECK(p.status.code() == core::Status::Code::kInvalidInput);
  readertest::CheckNulRefused(ReadText(std::string("FN x\nPT J\nTI a\0b\nER\n", 20)));
  p = Read("/nonexistent/file.txt");
  CHECK_FALSE(p.status.ok());
}

TEST_CASE("WosReader bounds the bytes one record may take", "[wos]") {
  std::string text = "FN x\nPT J\nTI short\nER\nPT J\nAB start\n";
  while (text.size() < 10000) text += "   " + std::string(100, 'a') + "\n";
  readertest::CheckMaxRecord<parse::WosReader>(text + "ER\n", "big.txt",
                                               "big.txt:5: record longer than 4096 bytes");
}

TEST_CASE("WosReader survives random bytes", "[wos]") {
  std::mt19937 rng(7);
  const std::string alphabet =
      "PTAUERFNEFC1OI[];/ \n\r\t\xC3\xA9\xFF"
      "0123456789";
  for (int round = 0; round < 200; ++round) {
    const Parsed p = ReadText(readertest::RandomText(rng, alphabet, round % 2));
    for (const core::Record& r : p.records) {
      std::string all = r.title + r.abstract + r.raw + r.source_id;
      for (const core::Author& a : r.authors) all += a.family + a.given + a.initials;
      CHECK(core::IsValidUtf8(all));
    }
  }
}

TEST_CASE("LooksLikeWos claims only WoS text", "[wos]") {
  const std::pair<std::string, bool> cases[] = {
      {"FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\n", true},
      {"\xEF\xBB\xBF"
       "FN Thomson Reuters Web of Science\r\nVR 1.0\r\n",
       true},
      {"FN ISI Export Format\nVR 1.0\n\nPT J\n", true},
      {"PT J\nAU Doe, J\nTI Title\nER\n", true},  // no header
      {"FN only a header line\n", false},
      {"TY  - JOUR\nPT J\nTI x\nER\n", false},
      {"TY  - JOUR\nTI  - Title\nER  - \n", false},
      {"PMID- 1\nPT  - Journal Article\nTI  - x\n", false},
      {"%0 Journal Article\n%T Title\n", false},
      {"PT\tAU\tTI\nJ\tDoe\tTitle\n", false},  // WoS tab-delimited is CSV-like
      {"Record #1 of 2\nTI: x\n", false},
      {"", false},
  };
  for (const auto& [head, want] : cases) {
    INFO(head);
    CHECK(parse::LooksLikeWos(head) == want);
  }
}

TEST_CASE("LooksLikeWos claims exactly the WoS files of the shared data", "[wos]") {
  WINNOW_REQUIRE_SHARED_DATA();
  std::vector<std::string> claimed;
  for (const fs::path& path : readertest::ExportFiles()) {
    if (parse::LooksLikeWos(readertest::RawHead(path))) claimed.push_back(path.filename().string());
  }
  std::sort(claimed.begin(), claimed.end());
  CHECK(claimed == std::vector<std::string>{
                       "jabref_IsiImporterTest1.isi",
                       "jabref_IsiImporterTest2.isi",
                       "jabref_IsiImporterTestInspec.isi",
                       "jabref_IsiImporterTestMedline.isi",
                       "jabref_IsiImporterTestWOS.isi",
                       "rispy_example_wos.ris",
                       "synthesisr_WoS.ciw",
                       "synthesisr_WoS.txt",
                       "synthesisr_zoological_record_wos.txt",
                       "wos_other_reference_software_r0001-0500.txt",
                       "wos_other_reference_software_r4001-4012.txt",
                   });
}
