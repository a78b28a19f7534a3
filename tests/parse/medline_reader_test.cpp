// Tests for parse/medline_reader.h on the real MEDLINE / .nbib / PMID-list
// exports of ../shared/data/exports (see its PROVENANCE.md): record counts of
// every file, fields checked by hand against the files and JabRef's .bib
// oracles, parity with the PubMed XML of the same 200 records, and damaged
// or foreign inputs written to a temporary directory.
#include "parse/medline_reader.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/normalize.h"
#include "parse/pubmed_xml_reader.h"
#include "tests/parse/reader_test_util.h"
#include "tests/test_util.h"

namespace {

namespace fs = std::filesystem;

using readertest::Parsed;
using readertest::SplitLines;

Parsed Read(const fs::path& path, const std::string& display = "") {
  return readertest::ReadPath<parse::MedlineReader>(path, display, /*check_end=*/true);
}

Parsed ReadPmids(const fs::path& path, const std::string& display = "") {
  return readertest::ReadPath<parse::PmidListReader>(path, display, /*check_end=*/true);
}

Parsed ReadText(const std::string& text) {
  return readertest::ReadText<parse::MedlineReader>(text, "in.nbib", /*check_end=*/true);
}

// Lines that start "PMID-", counted without the reader.
size_t CountPmidLines(const std::string& text) {
  size_t n = 0;
  for (const std::string& l : SplitLines(text)) n += l.rfind("PMID-", 0) == 0;
  return n;
}

std::string Authors(const core::Record& r) {
  std::string out;
  for (const core::Author& a : r.authors) {
    if (!out.empty()) out += " and ";
    out += a.collective.empty() ? a.family + ", " + a.given : "{" + a.collective + "}";
  }
  return out;
}

std::string Join(const std::vector<std::string>& v) { return readertest::Join(v, "|"); }

// PubMed's text exports are ASCII: "Jorg" for "Jörg", "+/-" for "±". The
// XML's text as the text export spells it (every non-ASCII character of the
// 200 records), folded.
std::string Ascii(std::string s) {
  static const std::pair<const char*, const char*> kSpellings[] = {{"±", "+/-"},
                                                                   {"≤", "</="},
                                                                   {"α", "alpha"},
                                                                   {"β", "beta"},
                                                                   {"χ", "chi"},
                                                                   {"²", "(2)"},
                                                                   {"°", " degrees "},
                                                                   {"→", "-->"},
                                                                   {"ß", "ss"},
                                                                   {"ł", "l"},
                                                                   {"ı", "i"},
                                                                   {"ø", "o"},
                                                                   {"Ø", "O"},
                                                                   {"’", "'"},
                                                                   {"®", "(R)"},
                                                                   {"†", "dagger"},
                                                                   {"‡", "double dagger"},
                                                                   {"§", "section sign"},
                                                                   {"¶", "paragraph sign"},
                                                                   {"ǁ", ""}};
  for (const auto& [from, to] : kSpellings) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at)) {
      s.replace(at, std::string_view(from).size(), to);
      at += std::string_view(to).size();
    }
  }
  return core::FoldText(core::CollapseSpace(s));
}
std::vector<std::string> Ascii(const std::vector<std::string>& v) {
  std::vector<std::string> out;
  out.reserve(v.size());
  for (const std::string& s : v) out.push_back(Ascii(s));
  return out;
}

const char* const kExports = "exports/pubmed_medline_nbib/";
const char* const kJabref = "exports/jabref/";

}  // namespace

TEST_CASE("MedlineReader reads every record of every real file", "[medline]") {
  WINNOW_REQUIRE_SHARED_DATA();
  // Counts by hand (records are blank-line separated; JabRef's
  // MultipleEntries has 7: a junk line between records and three without
  // PMID); the PubMed files also by their PMID lines.
  const std::pair<std::string, size_t> cases[] = {
      {"pubmed_medline_nbib/biopython_efetch2_medline.txt", 1},
      {"pubmed_medline_nbib/biopython_pubmed_result1.txt", 1},
      {"pubmed_medline_nbib/biopython_pubmed_result2.txt", 4},
      {"pubmed_medline_nbib/biopython_pubmed_result3.txt", 1},
      {"pubmed_medline_nbib/p1m_ortho_citations_200.nbib", 200},
      {"pubmed_medline_nbib/p1m_ortho_citations_b.nbib", 92},
      {"pubmed_medline_nbib/p1m_ortho_pubmed_result_45_medline.txt", 45},
      {"pubmed_medline_nbib/reflib_blue-light.nbib", 80},
      {"pubmed_medline_nbib/synthesisr_PubMed_medline.txt", 3},
      {"pubmed_medline_nbib/synthesisr_res_synth_methods_medline.txt", 2},
      {"jabref/jabref_MedlinePlainImporterStringOutOfBounds.txt", 2},
      {"jabref/jabref_MedlinePlainImporterTestCompleteEntry.txt", 1},
      {"jabref/jabref_MedlinePlainImporterTestDOI.txt", 1},
      {"jabref/jabref_MedlinePlainImporterTestInproceeding.txt", 1},
      {"jabref/jabref_MedlinePlainImporterTestMultiAbstract.txt", 1},
      {"jabref/jabref_MedlinePlainImporterTestMultiTitle.txt", 1},
      {"jabref/jabref_MedlinePlainImporterTestMultipleEntries.txt", 7},
      {"jabref/jabref_NbibImporterTest.nbib", 1},
  };
  for (const auto& [rel, count] : cases) {
    INFO(rel);
    const readertest::ExportRead file = readertest::ReadExport<parse::MedlineReader>(rel, count);
    if (rel.rfind("pubmed_medline_nbib/", 0) == 0) CHECK(CountPmidLines(file.text) == count);
    // raw is the record's lines as in the file, starting where the locator says.
    for (const core::Record& r : file.parsed.records) {
      CHECK(r.format == "medline");
      CHECK(r.source == "pubmed");
      CHECK(r.source_id == r.pmid);
      const std::vector<std::string> raw = readertest::CheckRawInFile(r, file);
      CHECK_FALSE(raw.back().empty());
    }
  }
}

TEST_CASE("MedlineReader agrees with JabRef's expected .bib", "[medline]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const std::string dir = std::string(kJabref);
  Parsed p = Read(testutil::SharedData(dir + "jabref_MedlinePlainImporterTestCompleteEntry.txt"));
  REQUIRE(p.records.size() == 1);
  const core::Record& c = p.records[0];
  CHECK(c.title ==
        "From danger and motherhood to health and beauty: health advice for the factory girl in "
        "early twentieth-century Britain.");
  CHECK(Authors(c) == "Long, Vicky and Marland, Hilary");
  CHECK(c.authors[0].initials == "V");
  CHECK(c.authors[0].affiliations ==
        std::vector<std::string>{"Centre for the History of Science, Technology and Medicine, "
                                 "University of Manchester. Vicky.Long@manchester.ac.uk"});
  CHECK(c.journal == "20 century British history");
  CHECK(c.journal_abbrev == "20 Century Br Hist");
  CHECK(c.issn == std::vector<std::string>{"0955-2359"});
  CHECK((c.year == 2009 && c.volume == "20" && c.issue == "4" && c.pages == "454-481"));
  CHECK((c.pmid == "20481061" && c.pmcid == "PMC4513071"));
  CHECK(c.language == std::vector<std::string>{"eng"});
  CHECK(c.date_revised == "2015-07-31");
  CHECK(c.kind == "article");
  REQUIRE(c.mesh.size() == 10);
  CHECK(c.mesh[1] == core::MeshHeading{"Employment", "", false, {"psychology"}});
  CHECK(c.mesh[9] == core::MeshHeading{"Women, Working", "", false, {"history*", "psychology"}});
  CHECK(c.abstract == "Lorem ipsum abstract");

  p = Read(testutil::SharedData(dir + "jabref_NbibImporterTest.nbib"));
  REQUIRE(p.records.size() == 1);
  const core::Record& n = p.records[0];
  CHECK(Authors(n) ==
        "Shruthi, Basavaradhya Sahukar and Vinodhkumar, Palani and Selvamani,  and {corporater}");
  CHECK(n.doi == "10.4103/2277-9175.180636");
  CHECK(n.other_ids == std::vector<std::string>{"isbn:978-3-86680-192-9", "pii:ABR-5-67"});
  CHECK(Join(n.keywords) == "Biomarkers|electrophoresis|neoplasia|spectrometry|translation");
  CHECK(n.vernacular_title == "title that is transliterated");
  CHECK((n.year == 2016 && n.volume == "5" && n.pages == "67"));
  CHECK(n.journal == "Advanced biomedical research");
  CHECK(Join(n.publication_types) == "Journal Article|Review");

  p = Read(testutil::SharedData(dir + "jabref_MedlinePlainImporterTestMultipleEntries.txt"));
  REQUIRE(p.records.size() == 7);
  CHECK(p.records[1].abstract == "Old Abstract new abstract");  // two AB lines
  CHECK(p.records[1].year == 2013);
  CHECK(p.records[1].journal == "Test Journal");
  CHECK(p.records[1].relations ==
        std::vector<core::Relation>{{"CommentOn", "", "First Comment"},
                                    {"CommentIn", "", "Different Comment"}});
  CHECK(p.records[2].title ==
        "This is a Testtitle This title should be appended: This title should also be "
        "appended. Another append to the Title? LastTitle");
  CHECK((p.records[3].pmid == "22664220" && p.records[3].doi == "10.1016/j.cpr.2005.02.002"));
  CHECK(p.records[4].journal == "Inproceedings book title");
  CHECK(p.records[6].pmid == "45984220");
  CHECK(p.records[6].mesh == std::vector<core::MeshHeading>{{"Female", "", false, {}}});

  // A line that is neither tag nor indented continues the field above, as
  // JabRef reads it; the PMID is its leading number.
  p = Read(testutil::SharedData(dir + "jabref_MedlinePlainImporterStringOutOfBounds.txt"));
  REQUIRE(p.records.size() == 2);
  CHECK((p.records[0].pmid == "27433151" && p.records[0].title == "This is a test title"));
  CHECK((p.records[1].pmid == "27394443" && p.records[1].title == "This is also a test title"));
}

TEST_CASE("MedlineReader reads the fields of real PubMed exports", "[medline]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const std::string dir = std::string(kExports);
  Parsed p = Read(testutil::SharedData(dir + "synthesisr_res_synth_methods_medline.txt"));
  REQUIRE(p.records.size() == 2);
  const core::Record& r = p.records[0];
  CHECK(r.pmid == "32336025");
  CHECK(r.doi == "10.1002/jrsm.1411");
  CHECK(r.issn == std::vector<std::string>{"1759-2887"});  // electronic; linking only when alone
  CHECK(r.authors[0].orcid == "0000-0001-8730-9761");      // AUID- ORCID: https://orcid.org/...
  CHECK(r.authors[0].affiliations.size() == 2);
  CHECK(r.authors[1].family == "Higgins");
  CHECK(r.authors[1].given == "Julian Pt");
  CHECK(r.authors[1].initials == "JP");
  CHECK(r.date_revised == "2020-04-26");

  // Before 2014 the one AD line came before the authors: the first author's.
  p = Read(testutil::SharedData(dir + "biopython_pubmed_result1.txt"));
  REQUIRE(p.records.size() == 1);
  CHECK(p.records[0].authors.size() == 1);
  CHECK(p.records[0].authors[0].affiliations ==
        std::vector<std::string>{"tacg Informatics, Irvine, CA 92612, USA. hjm@tacgi.com"});
  CHECK(p.records[0].issn == std::vector<std::string>{"1467-5463"});

  p = Read(testutil::SharedData(dir + "p1m_ortho_citations_200.nbib"));
  REQUIRE(p.records.size() == 200);
  const core::Record& first = p.records[0];
  CHECK(first.pmid == "30514039");
  CHECK(first.title ==
        "[Feasibility study of preoperative percutaneous catheter drainage in the treatment of "
        "lumbar tuberculosis with psoas abscess].");
  CHECK(first.doi == "10.3969/j.issn.1003-0034.2018.11.004");
  CHECK((first.year == 2018 && first.volume == "31" && first.issue == "11"));
  CHECK(first.pages == "998-1004");
  CHECK(first.date_revised == "2019-01-15");
  // Relations: a PMID after "PMID:" even on the continuation line, an
  // erratum without one.
  const auto with_pmid = [&](const std::string& pmid) {
    for (const core::Record& rec : p.records) {
      if (rec.pmid == pmid) return rec;
    }
    FAIL("no record " << pmid);
    return core::Record();
  };
  CHECK(with_pmid("19133053").relations ==
        std::vector<core::Relation>{{"ErratumIn", "",
                                     "Aust N Z J Obstet Gynaecol. 2009 Jun;49(3):253. Kornman, "
                                     "Tony [corrected to Korman, Tony M]"}});
  CHECK(with_pmid("28748004").authors[2].initials == "BJLN");  // AU "Sery BJLN"
  CHECK(with_pmid("25379755").authors[0].given == "John R 2nd");
  CHECK(with_pmid("25379755").authors[0].initials == "JR");  // AU "Dimar JR 2nd"
  CHECK(with_pmid("28504498").keywords ==
        std::vector<std::string>{"epidural abscess", "pediatrics"});  // OT "*epidural abscess"
  const core::Record& lemierre = with_pmid("12424589");
  CHECK_THAT(lemierre.abstract, Catch::StartsWith("Abscess formation is a rare cause"));
  CHECK(lemierre.mesh.size() > 3);
}

TEST_CASE("MedlineReader finds every collective author and ORCID", "[medline]") {
  WINNOW_REQUIRE_SHARED_DATA();
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(testutil::SharedData(kExports))) {
    const std::string name = e.path().filename().string();
    if (name.find("pmid") != std::string::npos) continue;
    INFO(name);
    ++files;
    size_t cn = 0, auid = 0, collective = 0, orcid = 0;
    for (const std::string& l : SplitLines(testutil::ReadFile(e.path()))) {
      cn += l.rfind("CN  - ", 0) == 0;
      auid += l.rfind("AUID- ORCID: ", 0) == 0;
    }
    const Parsed p = Read(e.path());
    REQUIRE(p.status.ok());
    for (const core::Record& r : p.records) {
      for (const core::Author& a : r.authors) {
        collective += !a.collective.empty();
        orcid += !a.orcid.empty();
      }
    }
    CHECK(collective == cn);
    CHECK(orcid == auid);
  }
  CHECK(files == 10);
  const Parsed p = Read(testutil::SharedData(std::string(kExports) + "reflib_blue-light.nbib"));
  for (const core::Record& r : p.records) {
    if (r.pmid != "28332311") continue;
    REQUIRE(r.authors.size() == 9);
    CHECK(r.authors[0].orcid == "0000-0002-2734-5928");
    CHECK(r.authors[8].orcid == "0000-0003-4249-8997");
    CHECK(r.doi == "10.1002/mbo3.466");
    CHECK(r.pmcid == "PMC5552948");
    CHECK(r.other_ids == std::vector<std::string>{"pii:MBO3466"});
    CHECK(r.pages.empty());  // LID e00466 is an e-locator, not pages
  }
}

TEST_CASE("MedlineReader agrees with the PubMed XML of the same 200 records", "[medline]") {
  WINNOW_REQUIRE_SHARED_DATA();
  std::map<std::string, core::Record> xml;
  parse::PubmedXmlReader reader(
      testutil::SharedData("pubmed_xml/misc/p1m_ortho_pubmed_result_292.xml").string());
  for (core::Record rec; reader.Next(&rec);) xml[rec.pmid] = rec;
  REQUIRE(reader.status().ok());
  REQUIRE(xml.size() == 292);
  const Parsed p =
      Read(testutil::SharedData(std::string(kExports) + "p1m_ortho_citations_200.nbib"));
  REQUIRE(p.records.size() == 200);
  for (const core::Record& m : p.records) {
    INFO(m.pmid);
    REQUIRE(xml.count(m.pmid) == 1);
    const core::Record& x = xml[m.pmid];
    CHECK(Ascii(m.title) == Ascii(x.title));
    CHECK(m.journal == x.journal);
    CHECK(m.year == x.year);
    CHECK(m.volume == x.volume);
    CHECK(m.issue == x.issue);
    CHECK(m.pages == x.pages);
    CHECK(m.doi == x.doi);
    CHECK(m.pmcid == x.pmcid);
    CHECK(m.issn == x.issn);
    CHECK(m.language == x.language);
    CHECK(m.publication_types == x.publication_types);
    CHECK(Ascii(m.keywords) == Ascii(x.keywords));
    CHECK(Ascii(m.abstract) == Ascii(x.abstract));
    CHECK(m.date_revised == x.date_revised);
    CHECK(m.other_ids == x.other_ids);
    CHECK(m.MeshDescriptors() == x.MeshDescriptors());
    CHECK(m.mesh.size() == x.mesh.size());
    for (size_t i = 0; i < std::min(m.mesh.size(), x.mesh.size()); ++i) {
      CHECK(m.mesh[i].major == x.mesh[i].major);
      CHECK(m.mesh[i].qualifiers == x.mesh[i].qualifiers);
    }
    REQUIRE(m.authors.size() == x.authors.size());
    for (size_t i = 0; i < m.authors.size(); ++i) {
      core::Author a = m.authors[i], b = x.authors[i];
      CHECK(Ascii(a.family) == Ascii(b.family));
      CHECK(Ascii(a.given) == Ascii(b.given));
      CHECK(a.initials == b.initials);
      CHECK(a.collective == b.collective);
      CHECK(a.orcid == b.orcid);
      CHECK(Ascii(a.affiliations) == Ascii(b.affiliations));
    }
    // The text export adds an erratum's note to its citation.
    REQUIRE(m.relations.size() == x.relations.size());
    for (size_t i = 0; i < m.relations.size(); ++i) {
      CHECK(m.relations[i].type == x.relations[i].type);
      CHECK(m.relations[i].pmid == x.relations[i].pmid);
      CHECK_THAT(m.relations[i].citation, Catch::StartsWith(x.relations[i].citation));
    }
  }
}

TEST_CASE("MedlineReader reads line ends, BOM, Latin-1 and lower-case tags alike", "[medline]") {
  const std::string lf =
      "PMID- 111\nTI  - Caf\xC3\xA9 first\n      line two\nFAU - White, Sarah J\nAU  - White SJ\n\n"
      "PMID- 222\nTI  - Second\n";
  for (const std::string& text : readertest::LineEndVariants(lf)) {
    const Parsed p = ReadText(text);
    REQUIRE(p.status.ok());
    REQUIRE(p.records.size() == 2);
    CHECK(p.records[0].title == "Caf\xC3\xA9 first line two");
    CHECK(p.records[0].authors[0] == core::Author{"White", "Sarah J", "SJ", "", "", {}});
    CHECK(p.records[0].locator == "in.nbib:1");
    CHECK(p.records[1].locator == "in.nbib:7");
    CHECK(p.records[1].raw == "PMID- 222\nTI  - Second");
  }
  Parsed p = ReadText("PMID- 1\nTI  - Caf\xE9 cr\xE8me\n");  // Latin-1 bytes
  REQUIRE(p.records.size() == 1);
  CHECK(p.records[0].title == "Caf\xC3\xA9 cr\xC3\xA8me");
  p = ReadText("pmid- 5\nti  - lower case tags\nfau - Doe, Jane\n");
  REQUIRE(p.records.size() == 1);
  CHECK((p.records[0].pmid == "5" && p.records[0].title == "lower case tags"));
  CHECK(p.records[0].authors.size() == 1);
}

TEST_CASE("MedlineReader splits records only where a record starts", "[medline]") {
  // Junk before the first record, records without a blank line between
  // them, a PMID- inside an indented continuation, trailing spaces, a
  // record cut off at the end of the file.
  const Parsed p = ReadText(
      "Search: blue light\nItems 1-3\n\n\n"
      "PMID- 1\nTI  - One\nAB  - Text that cites\n      PMID- 99 in a continuation line.\n"
      "PMID- 2   \nTI  - Two\n\n\n\n"
      "PMID- 3\nTI  - Thr");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 3);
  CHECK(p.records[0].abstract == "Text that cites PMID- 99 in a continuation line.");
  CHECK(p.records[0].locator == "in.nbib:5");
  CHECK(p.records[1].pmid == "2");
  CHECK(p.records[1].raw == "PMID- 2   \nTI  - Two");
  CHECK(p.records[2].title == "Thr");
  CHECK(p.records[2].locator == "in.nbib:14");
  // A record without PMID starts at its first tag after blank lines, and an
  // empty one still counts.
  const Parsed q = ReadText("TI  - No PMID\n\nPMID- \n\nPMID- 7\n");
  REQUIRE(q.records.size() == 3);
  CHECK((q.records[0].title == "No PMID" && q.records[0].source_id.empty()));
  CHECK((q.records[1].pmid.empty() && q.records[1].title.empty()));
  CHECK(q.records[2].pmid == "7");
}

TEST_CASE("MedlineReader maps books, ISSNs, MeSH, relations and registrations", "[medline]") {
  const Parsed p = ReadText(
      "PMID- 20301295\nBTI - GeneReviews(R)\nISBN- 978-0-0000-0000-1\nLID - NBK1116 "
      "[bookaccession]\n"
      "FAU - Doe, John\nAU  - Doe J\n\n"
      "PMID- 20301296\nTI  - A chapter\nBTI - The Book\nFED - Editor, Ed\n\n"
      "PMID- 3\nIS  - 1234-5678 (Linking)\nIS  - 1471-244x (Electronic)\nIS  - 0000-0019 (Print)\n"
      "MH  - *Humans\nMH  - Peer Group/*psychology/ethics\nSI  - ClinicalTrials.gov/NCT01234567\n"
      "CIN - Lancet. 2020;395:10. PMID: 31234567\nROF - BMJ. 2019;1:2.\nUOF - X. PMID:\n"
      "      4567\nAID - PMC1234567 [pmc]\nDP  - 2019 Jun-Jul\nLR  - 20200101\n"
      "CN  - CORE Study Group\nAD  - Group address\nAUID- ORCID: 0000000218250097\n\n"
      "PMID- 4\nIS  - 1234-5678 (Linking)\n");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 4);
  const core::Record& book = p.records[0];
  CHECK((book.kind == "book" && book.title == "GeneReviews(R)" && book.journal.empty()));
  CHECK(book.other_ids ==
        std::vector<std::string>{"isbn:978-0-0000-0000-1", "bookaccession:NBK1116"});
  const core::Record& chapter = p.records[1];
  CHECK((chapter.kind == "book-chapter" && chapter.title == "A chapter"));
  CHECK(chapter.journal == "The Book");
  CHECK(chapter.authors.empty());  // editors are not authors
  const core::Record& r = p.records[2];
  CHECK(r.kind == "article");
  CHECK(r.issn == std::vector<std::string>{"0000-0019", "1471-244X"});
  CHECK(r.mesh[0] == core::MeshHeading{"Humans", "", true, {}});
  CHECK(r.mesh[1] == core::MeshHeading{"Peer Group", "", false, {"psychology*", "ethics"}});
  CHECK(r.registrations == std::vector<std::string>{"NCT01234567"});
  CHECK(r.relations == std::vector<core::Relation>{{"CommentIn", "31234567", "Lancet. 2020;395:10"},
                                                   {"RetractionOf", "", "BMJ. 2019;1:2"},
                                                   {"UpdateOf", "4567", "X"}});
  CHECK(r.pmcid == "PMC1234567");
  CHECK(r.year == 2019);
  CHECK(r.date_revised == "2020-01-01");
  REQUIRE(r.authors.size() == 1);
  CHECK(r.authors[0].collective == "CORE Study Group");
  CHECK(r.authors[0].affiliations == std::vector<std::string>{"Group address"});
  CHECK(r.authors[0].orcid == "0000-0002-1825-0097");
  CHECK(p.records[3].issn == std::vector<std::string>{"1234-5678"});  // linking when alone
}

TEST_CASE("MedlineReader refuses input that is not MEDLINE text", "[medline]") {
  Parsed p = ReadText("");
  CHECK(p.records.empty());
  CHECK(p.status.code() == core::Status::Code::kInvalidInput);
  CHECK_THAT(p.status.message(), Catch::StartsWith("in.nbib:1: no MEDLINE record"));
  p = ReadText("TY  - JOUR\nER  - \n");  // RIS-like lines are tags, still read
  CHECK(p.status.ok());
  p = ReadText("just some\ntext here\n");
  CHECK(p.status.code() == core::Status::Code::kInvalidInput);
  readertest::CheckNulRefused(ReadText(std::string("PMID- 1\nTI  - a\0b\n", 18)));
  p = Read("/nonexistent/file.nbib");
  CHECK_FALSE(p.status.ok());
  if (testutil::HaveSharedData()) {  // JabRef's "invalid format" file has no tag line
    p = Read(testutil::SharedData(std::string(kJabref) +
                                  "jabref_MedlinePlainImporterTestInvalidFormat.xml"));
    CHECK(p.status.code() == core::Status::Code::kInvalidInput);
  }
}

TEST_CASE("MedlineReader bounds the bytes one record may take", "[medline]") {
  std::string text = "PMID- 1\nTI  - short\n\nPMID- 2\nAB  - start\n";
  while (text.size() < 10000) text += "      " + std::string(100, 'a') + "\n";
  readertest::CheckMaxRecord<parse::MedlineReader>(text, "big.nbib",
                                                   "big.nbib:4: record longer than 4096 bytes");
}

TEST_CASE("MedlineReader survives random bytes", "[medline]") {
  std::mt19937 rng(42);
  const std::string alphabet = "PMIDTAU- \n\r\t\xC3\xA9\xFF*/[]:0123456789";
  for (int round = 0; round < 200; ++round) {
    const Parsed p = ReadText(readertest::RandomText(rng, alphabet, round % 2));
    for (const core::Record& r : p.records) {
      CHECK(core::IsValidUtf8(r.title + r.abstract + r.raw + r.pmid));
    }
  }
}

TEST_CASE("PmidListReader reads PubMed's PMID exports", "[medline]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const std::pair<const char*, size_t> cases[] = {{"pubmed_pmid_export.txt", 1459},
                                                  {"p1m_ortho_pmid_list_13950.txt", 13950}};
  for (const auto& [file, count] : cases) {
    INFO(file);
    const fs::path path = testutil::SharedData(std::string(kExports) + file);
    const Parsed p = ReadPmids(path, file);
    REQUIRE(p.status.ok());
    CHECK(p.records.size() == count);
    const std::vector<std::string> lines = SplitLines(testutil::ReadFile(path));
    CHECK(lines.size() == count);  // no blank lines in these files
    for (size_t i = 0; i < p.records.size(); ++i) {
      const core::Record& r = p.records[i];
      CHECK(r.pmid == lines[i]);
      CHECK((r.source_id == r.pmid && r.source == "pubmed" && r.format == "pmid-list"));
      CHECK(r.locator == std::string(file) + ":" + std::to_string(i + 1));
    }
  }
  const Parsed p =
      ReadPmids(testutil::SharedData(std::string(kExports) + "pubmed_pmid_export.txt"));
  CHECK(p.records.front().pmid == "30668574");
  CHECK(p.records.back().pmid == "31479452");  // the last line has no line end
}

TEST_CASE("PmidListReader skips blank lines and names a line that is no PMID", "[medline]") {
  testutil::TempDir dir;
  testutil::WriteFile(dir / "ok.txt", "\xEF\xBB\xBF 123 \r\n\r\n456\r\n\r\n");
  Parsed p = ReadPmids(dir / "ok.txt", "ok.txt");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 2);
  CHECK((p.records[0].pmid == "123" && p.records[1].pmid == "456"));
  CHECK(p.records[1].locator == "ok.txt:3");
  testutil::WriteFile(dir / "bad.txt", "123\n456\nPMID- 789\n");
  p = ReadPmids(dir / "bad.txt", "bad.txt");
  CHECK(p.records.size() == 2);
  CHECK(p.status.code() == core::Status::Code::kInvalidInput);
  CHECK_THAT(p.status.message(), Catch::StartsWith("bad.txt:3: not a PMID: 'PMID- 789'"));
  testutil::WriteFile(dir / "long.txt", "1234567890\n");
  p = ReadPmids(dir / "long.txt", "long.txt");
  CHECK(p.status.code() == core::Status::Code::kInvalidInput);
  testutil::WriteFile(dir / "empty.txt", "\n\n");
  p = ReadPmids(dir / "empty.txt", "empty.txt");
  CHECK(p.records.empty());
  CHECK(p.status.code() == core::Status::Code::kInvalidInput);
}

TEST_CASE("LooksLikeMedline and LooksLikePmidList claim only their format", "[medline]") {
  const std::pair<std::string, bool> medline[] = {
      {"\nPMID- 12345\nOWN - NLM\nTI  - Title\n", true},
      {"\xEF\xBB\xBFPMID- 1\r\nTI  - x\r\n", true},
      {"PMID-22664220\nPT  - Technical Report\n", true},
      {"PMCR- 20481061\nTI  - A title\nPT  - Book\n", true},    // no PMID, strict layout
      {"TY  - JOUR\nTI  - x\nER  - \n", false},                 // RIS
      {"JF  - Journal\nT1  - Title\nAU  - A\nER  -\n", false},  // RIS without TY
      {"<1>\nVN  - Ovid Technologies\nDB  - Ovid MEDLINE(R)\nUI  - 1\nTI  - x\n", false},
      {"FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI x\nER\n", false},
      {"TI- The SIS project\nAU- Prechelt, Lutz\n", false},  // Copac
      {"%0 Journal Article\n%A Doe, J\n%T Title\n", false},  // EndNote tagged
      {"Record #1 of 2\nID: CN-01\nTI: Title\n", false},     // Cochrane
      {"@article{key,\n  title = {x}\n}\n", false},
      {"PMID,Title,Authors\n123,x,y\n", false},
      {"<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n", false},
      {"123\n456\n", false},
      {"PMC some PMC\n  PMID\n\n\nSO-something stands here", false},  // JabRef invalid
      {"", false},
  };
  for (const auto& [head, want] : medline) {
    INFO(head);
    CHECK(parse::LooksLikeMedline(head) == want);
  }
  CHECK(parse::LooksLikePmidList("30668574\n30235242\r\n\n302"));  // cut mid-line
  CHECK(parse::LooksLikePmidList("\xEF\xBB\xBF 1 \n"));
  CHECK_FALSE(parse::LooksLikePmidList(""));
  CHECK_FALSE(parse::LooksLikePmidList("\n\n"));
  CHECK_FALSE(parse::LooksLikePmidList("PMID\n123\n"));
  CHECK_FALSE(parse::LooksLikePmidList("123,456\n"));
  CHECK_FALSE(parse::LooksLikePmidList("1234567890\n"));
}

TEST_CASE("LooksLikeMedline claims exactly the MEDLINE files of the shared data", "[medline]") {
  WINNOW_REQUIRE_SHARED_DATA();
  std::vector<std::string> medline, pmids;
  for (const fs::path& path : readertest::ExportFiles()) {
    const std::string head = readertest::RawHead(path);
    const std::string name = path.filename().string();
    if (parse::LooksLikeMedline(head)) medline.push_back(name);
    if (parse::LooksLikePmidList(head)) pmids.push_back(name);
  }
  std::sort(medline.begin(), medline.end());
  std::sort(pmids.begin(), pmids.end());
  CHECK(medline == std::vector<std::string>{
                       "biopython_efetch2_medline.txt",
                       "biopython_pubmed_result1.txt",
                       "biopython_pubmed_result2.txt",
                       "biopython_pubmed_result3.txt",
                       "jabref_MedlinePlainImporterStringOutOfBounds.txt",
                       "jabref_MedlinePlainImporterTestCompleteEntry.txt",
                       "jabref_MedlinePlainImporterTestDOI.txt",
                       "jabref_MedlinePlainImporterTestInproceeding.txt",
                       "jabref_MedlinePlainImporterTestMultiTitle.txt",
                       "jabref_MedlinePlainImporterTestMultipleEntries.txt",
                       "jabref_NbibImporterTest.nbib",
                       "p1m_ortho_citations_200.nbib",
                       "p1m_ortho_citations_b.nbib",
                       "p1m_ortho_pubmed_result_45_medline.txt",
                       "reflib_blue-light.nbib",
                       "synthesisr_PubMed_medline.txt",
                       "synthesisr_res_synth_methods_medline.txt",
                   });
  CHECK(pmids ==
        std::vector<std::string>{"p1m_ortho_pmid_list_13950.txt", "pubmed_pmid_export.txt"});
}
