// Tests for parse/csv_reader.h: the real CSV exports of ../shared/data (record
// counts checked against a plain RFC 4180 split and Python's csv module, field
// values against the files and the RIS/BibTeX exports of the same Scopus set),
// small samples of ASReview, Rayyan, Covidence, Zotero, Scopus and WoS exports
// with their real column names, and damaged or foreign inputs.
#include "parse/csv_reader.h"

#include <algorithm>
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

struct Parsed : readertest::Parsed {
  char separator = 0;
};

Parsed ReadPath(const fs::path& path, const std::string& name = "",
                parse::CsvReaderOptions options = {}) {
  parse::CsvReader reader(path.string(), name, std::move(options));
  Parsed out;
  static_cast<readertest::Parsed&>(out) = readertest::ReadAll(reader, /*check_end=*/true);
  out.separator = reader.separator();
  return out;
}

Parsed ReadCsv(const std::string& content, parse::CsvReaderOptions options = {}) {
  testutil::WriteFile(readertest::SampleDir() / "in.csv", content);
  return ReadPath(readertest::SampleDir() / "in.csv", "in.csv", std::move(options));
}

parse::CsvReaderOptions Map(std::vector<std::pair<std::string, std::string>> map) {
  parse::CsvReaderOptions o;
  o.map = std::move(map);
  return o;
}

fs::path Export(const std::string& rel) { return testutil::SharedData("exports/" + rel); }

// Data rows of a file by the test's own RFC 4180 split (LF or CRLF files).
size_t CsvRows(const fs::path& path) {
  return testutil::SplitCsv(testutil::ReadFile(path)).size() - 1;
}

std::string Names(const std::vector<core::Author>& authors) {
  std::string out;
  for (const core::Author& a : authors) {
    if (!out.empty()) out += "; ";
    out += a.collective.empty() ? a.family + "," + a.given + "," + a.initials
                                : "{" + a.collective + "}";
  }
  return out;
}

const core::Record* ById(const Parsed& p, const std::string& source_id) {
  for (const core::Record& r : p.records) {
    if (r.source_id == source_id) return &r;
  }
  FAIL("no record " << source_id);
  return nullptr;
}

bool Has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

void CheckValidUtf8(const core::Record& r) {
  for (const std::string* s : {&r.title, &r.abstract, &r.journal, &r.raw, &r.locator}) {
    CHECK(core::IsValidUtf8(*s));
  }
  for (const core::Author& a : r.authors)
    CHECK(core::IsValidUtf8(a.family + a.given + a.collective));
  for (const std::string& k : r.keywords) CHECK(core::IsValidUtf8(k));
}

// Values of the lines starting with `prefix` (RIS "TI  - ", BibTeX "title={").
std::vector<std::string> TaggedValues(const std::string& text, const std::string& prefix,
                                      const std::string& suffix = "") {
  std::vector<std::string> out;
  for (size_t p = text.find("\n" + prefix); p != std::string::npos;
       p = text.find("\n" + prefix, p + 1)) {
    size_t start = p + 1 + prefix.size();
    std::string v = text.substr(start, text.find_first_of("\r\n", start) - start);
    if (!suffix.empty()) v = v.substr(0, v.rfind(suffix));
    out.push_back(v);
  }
  return out;
}

}  // namespace

TEST_CASE("CsvReader reads the Scopus CSV export", "[csv]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const fs::path path = Export("scopus_csv_ris_bib_same_set/lagisz_pfas_scopus.csv");
  Parsed p = ReadPath(path, "scopus.csv");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 8);
  CHECK(CsvRows(path) == 8);
  std::vector<std::string> locators;
  for (const core::Record& r : p.records) {
    locators.push_back(r.locator);
    CHECK(r.format == "csv");
    CHECK(r.source == "scopus");
    CHECK(r.source_id.rfind("2-s2.0-", 0) == 0);
    CHECK(Has(r.other_ids, "scopus:" + r.source_id));
    CHECK(r.kind == "article");
    CHECK(r.language == std::vector<std::string>{"English"});
    CheckValidUtf8(r);
  }
  // Record 1's abstract spans two lines.
  CHECK(locators == std::vector<std::string>{"scopus.csv:2", "scopus.csv:4", "scopus.csv:5",
                                             "scopus.csv:6", "scopus.csv:7", "scopus.csv:8",
                                             "scopus.csv:9", "scopus.csv:10"});
  const core::Record& a = p.records[0];
  CHECK(a.title ==
        "Per- and polyfluoroalkyl substances exposure during pregnancy and adverse pregnancy and "
        "birth outcomes: A systematic review and meta-analysis");
  CHECK(a.year == 2021);
  CHECK(a.journal == "Environmental Research");
  CHECK(a.journal_abbrev == "Environ. Res.");
  CHECK(a.volume == "201");
  CHECK(a.issue.empty());
  CHECK(a.pages == "111632");  // Art. No. when there are no pages
  CHECK(a.doi == "10.1016/j.envres.2021.111632");
  CHECK(a.pmid.empty());
  CHECK(a.issn == std::vector<std::string>{"0013-9351"});
  CHECK(a.source_id == "2-s2.0-85109454279");
  CHECK(a.publication_types == std::vector<std::string>{"Review"});
  CHECK(a.authors.size() == 12);
  CHECK(Names({a.authors.front(), a.authors.back()}) == "Gao,,X; Zeng,,F");
  CHECK(a.keywords.front() == "Adverse birth outcome");  // Author Keywords, then Index Keywords
  CHECK(Has(a.keywords, "perfluorooctanoic acid"));
  CHECK(a.abstract.rfind("Background: Exposure to per- and polyfluoroalkyl substances (PFAS)", 0) ==
        0);
  CHECK(a.raw.find('\n') != std::string::npos);

  const core::Record& b = p.records[1];
  CHECK(b.pages == "276-291");
  CHECK(b.issue == "6");
  CHECK(b.pmid == "32741292");
  CHECK(b.journal == "Journal of Toxicology and Environmental Health - Part B: Critical Reviews");
  CHECK(Names({b.authors[4]}) == "H\xC3\xA6rvig,,KK");
  const core::Record& e = p.records[4];
  CHECK(Names({e.authors.back()}) == "Lopez-Espinosa,,MJ");  // "Lopez-Espinosa M.-J."
  CHECK(e.pages == "15-28");
  CHECK(p.records[2].publication_types == std::vector<std::string>{"Article"});
  CHECK(p.records[2].issn == std::vector<std::string>{"0013-936X"});
}

TEST_CASE("CsvReader agrees with the RIS and BibTeX exports of the same Scopus set", "[csv]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const std::string dir = "scopus_csv_ris_bib_same_set/lagisz_pfas_scopus";
  Parsed p = ReadPath(Export(dir + ".csv"));
  REQUIRE(p.status.ok());
  const std::string ris = testutil::ReadFile(Export(dir + ".ris"));
  const std::string bib = testutil::ReadFile(Export(dir + ".bib"));
  std::vector<std::string> ris_titles = TaggedValues(ris, "TI  - ");
  std::vector<std::string> ris_years = TaggedValues(ris, "PY  - ");
  std::vector<std::string> ris_dois = TaggedValues(ris, "DO  - ");
  std::vector<std::string> bib_titles = TaggedValues(bib, "title={", "},");
  std::vector<std::string> bib_years = TaggedValues(bib, "year={", "},");
  std::vector<std::string> bib_dois = TaggedValues(bib, "doi={", "},");
  REQUIRE(ris_titles.size() == p.records.size());
  REQUIRE(bib_titles.size() == p.records.size());
  REQUIRE(bib_dois.size() == p.records.size());
  for (size_t i = 0; i < p.records.size(); ++i) {
    const core::Record& r = p.records[i];
    CHECK(r.title == ris_titles[i]);
    CHECK(r.title == bib_titles[i]);
    CHECK(std::to_string(r.year) == ris_years[i]);
    CHECK(std::to_string(r.year) == bib_years[i]);
    CHECK(r.doi == core::NormalizeDoi(ris_dois[i]));
    CHECK(r.doi == core::NormalizeDoi(bib_dois[i]));
  }
}

TEST_CASE("CsvReader reads the Latin-1 review map with CR row ends", "[csv]") {
  WINNOW_REQUIRE_SHARED_DATA();
  // A Mac Excel sheet: rows end in CR, line breaks inside quoted fields are LF.
  Parsed p = ReadPath(Export("scopus_csv_ris_bib_same_set/lagisz_pfas_ReviewMap_main_pilot.csv"),
                      "map.csv");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 8);  // Python's csv module agrees
  const std::vector<std::string> lines = {"2", "3", "4", "5", "6", "7", "19", "26"};
  for (size_t i = 0; i < 8; ++i) {
    const core::Record& r = p.records[i];
    CHECK(r.source_id == "S_00" + std::to_string(i + 1));
    CHECK(r.title == "Title" + std::to_string(i + 1));
    CHECK(r.locator == "map.csv:" + lines[i]);
    CHECK(r.source.empty());
    CHECK(r.authors.empty());  // Author_year is not an author list
    CheckValidUtf8(r);
  }
  const core::Record& s6 = *ById(p, "S_006");
  CHECK(s6.year == 2017);
  CHECK(s6.journal == "Environment International");
  REQUIRE(s6.mesh.size() == 12);  // one per line of the quoted MeSH_terms field
  CHECK(s6.mesh[0].descriptor == "Adolescent");
  CHECK(s6.mesh[1].descriptor == "Alkanesulfonic Acids");
  CHECK(s6.mesh[1].qualifiers == std::vector<std::string>{"toxicity"});
  CHECK(s6.mesh[2].qualifiers == std::vector<std::string>{"toxicity*"});
  CHECK(s6.mesh[4].descriptor == "Environmental Exposure");
  CHECK(s6.mesh[4].major);
  CHECK(s6.raw.find("Adolescent;\nAlkanesulfonic") != std::string::npos);
  CHECK(s6.raw.find("Tables 1\xC3\xA4\xC3\xB3\xC3\xB1"
                    "5") != std::string::npos);  // Latin-1 bytes
  CHECK(ById(p, "S_008")->journal == "Journal of Toxicology and Environmental Health, Part B");
  CHECK(ById(p, "S_005")->mesh.size() == 18);
}

TEST_CASE("CsvReader reads PubMed's legacy CSV", "[csv]") {
  WINNOW_REQUIRE_SHARED_DATA();
  size_t with_doi = 0;
  for (auto [file, count] : {std::pair{"p1m_ortho_legacy_pubmed_csv_44.csv", 44},
                             std::pair{"p1m_ortho_legacy_pubmed_csv_428.csv", 428}}) {
    const fs::path path = Export(std::string("pubmed_csv/") + file);
    Parsed p = ReadPath(path);
    REQUIRE(p.status.ok());  // every row ends in a trailing ',' (an empty 12th field)
    CHECK(p.records.size() == static_cast<size_t>(count));
    CHECK(CsvRows(path) == static_cast<size_t>(count));
    for (const core::Record& r : p.records) {
      CHECK(r.source == "pubmed");
      CHECK(r.kind == "article");
      CHECK(!r.pmid.empty());
      CHECK(r.pmid == r.source_id);
      CHECK(r.year >= 2000);
      CHECK(!r.journal.empty());
      CHECK((!r.pages.empty() || !r.doi.empty()));
      with_doi += !r.doi.empty();
      CheckValidUtf8(r);
    }
  }
  CHECK(with_doi == 44 + 418);  // rows whose Details hold "doi:" (10 of the 428 have none)
  Parsed small = ReadPath(Export("pubmed_csv/p1m_ortho_legacy_pubmed_csv_44.csv"));
  const core::Record& a = small.records[0];
  CHECK(a.title == "Diagnosing Pseudoarthrosis After Anterior Cervical Discectomy and Fusion.");
  CHECK(Names(a.authors) == "Lin,,W; Ha,,A; Boddapati,,V; Yuan,,W; Riew,,KD");
  CHECK(a.journal == "Neurospine");
  CHECK(a.journal_abbrev == "Neurospine");
  CHECK(a.year == 2018);
  CHECK(a.volume == "15");
  CHECK(a.issue == "3");
  CHECK(a.pages == "194-205");
  CHECK(a.doi == "10.14245/ns.1836192.096");
  CHECK(a.pmid == "31352693");
  CHECK(small.records[1].pages == "e3211");  // "2019 Jul 28:e3211" ahead of print
  CHECK(small.records[1].publication_types == std::vector<std::string>{"Review"});
  CHECK(Names({small.records[1].authors[1]}) == "Gall\xC3\xA8,,F");

  Parsed big = ReadPath(Export("pubmed_csv/p1m_ortho_legacy_pubmed_csv_428.csv"));
  const core::Record& v = *ById(big, "31297395");
  CHECK(v.pmcid == "PMC6602102");
  CHECK(v.journal == "Violence Gend");
  CHECK(v.volume == "6");
  CHECK(v.issue == "2");
  CHECK(v.pages == "92-104");
  CHECK(v.publication_types == std::vector<std::string>{"Review"});
  const core::Record& g = *ById(big, "31296221");
  CHECK(Names(g.authors) == "Ka,,J; Lee,,J; Kim,,Y; Oh,,B; {T2D-GENES Consortium}; Park,,T");
  CHECK(g.volume == "12");
  CHECK(g.issue == "Suppl 5");
  CHECK(g.pages == "102");
  const core::Record& z = *ById(big, "31277542");
  CHECK(z.language == std::vector<std::string>{"Chinese"});
  CHECK(z.doi == "10.3969/j.issn.1003-0034.2019.06.015");
  CHECK(z.pages == "557-563");
  const core::Record& n = *ById(big, "31292199");
  CHECK(n.other_ids == std::vector<std::string>{"pii:ASN.2019010008"});
  CHECK(n.doi == "10.1681/asn.2019010008");
  CHECK(n.volume.empty());
  CHECK(n.pages.empty());
  CHECK(ById(big, "31296547")->authors.empty());  // [No authors listed]
  CHECK(ById(big, "31298052")->pages == "1-281");
  size_t with_pmcid = std::count_if(big.records.begin(), big.records.end(),
                                    [](const core::Record& r) { return !r.pmcid.empty(); });
  CHECK(with_pmcid == 78);  // rows whose Identifiers name a PMCID (grep -c PMCID:PMC)
}

TEST_CASE("CsvReader reads synthesisr's RIS-tag CSV", "[csv]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Parsed p = ReadPath(Export("misc/synthesisr_eviatlas.csv"));
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 1);
  const core::Record& r = p.records[0];
  CHECK(r.title == "EviAtlas: a tool for visualising evidence synthesis databases");
  CHECK(r.authors.size() == 7);  // BibTeX-style " and " list
  CHECK(Names({r.authors[0], r.authors[6]}) == "Haddaway,Neal R.,NR; Westgate,Martin J.,MJ");
  CHECK(r.year == 2019);
  CHECK(r.journal == "Environmental Evidence");
  CHECK(r.volume == "8");
  CHECK(r.issue == "1");
  CHECK(r.pages == "22");
  CHECK(r.issn == std::vector<std::string>{"2047-2382"});
  CHECK(r.doi == "10.1186/s13750-019-0167-1");
  CHECK(r.source_id == "Haddaway2019");
  CHECK(r.kind == "article");
}

TEST_CASE("CsvReader reads the screening and deduplication CSVs of the shared data", "[csv]") {
  WINNOW_REQUIRE_SHARED_DATA();
  // Counts from Python's csv module; the test's own split must agree.
  const std::vector<std::pair<std::string, size_t>> files = {
      {"screening/asreview_labelled/kitchenham_2010.csv", 1704},
      {"screening/cohen2006_with_abstracts/cohen2006_Antihistamines.csv", 310},
      {"screening/cohen2006_with_abstracts/cohen2006_Estrogens.csv", 368},
      {"screening/cohen2006_with_abstracts/cohen2006_NSAIDS.csv", 393},
      {"screening/cohen2006_with_abstracts/cohen2006_SkeletalMuscleRelaxants.csv", 1643},
      {"dedup/bib_dedupe_cytology_screening/records_pre_merged.csv", 1856},
      {"dedup/bib_dedupe_haematology/records_pre_merged.csv", 1415},
      {"dedup/bib_dedupe_special_cases/records_pre_merged.csv", 12},
      {"dedup/bib_dedupe_special_cases/maybe_pairs.csv", 2},
  };
  for (const auto& [rel, count] : files) {
    INFO(rel);
    Parsed p = ReadPath(testutil::SharedData(rel));
    REQUIRE(p.status.ok());
    CHECK(p.records.size() == count);
    CHECK(CsvRows(testutil::SharedData(rel)) == count);
    for (const core::Record& r : p.records) CHECK(!r.source_id.empty());
  }
  Parsed nsaids =
      ReadPath(testutil::SharedData("screening/cohen2006_with_abstracts/cohen2006_NSAIDS.csv"));
  const core::Record& n = nsaids.records[0];
  CHECK(n.source_id == "1");
  CHECK(n.pmid == "10203431");
  CHECK(n.title ==
        "Quality of life in arthritis patients using nonsteroidal anti-inflammatory drugs.");
  CHECK(Names(n.authors) == "Wiklund,I,I");
  CHECK(n.keywords.size() == 11);
  Parsed haem =
      ReadPath(testutil::SharedData("dedup/bib_dedupe_haematology/records_pre_merged.csv"));
  const core::Record& h = haem.records[0];
  CHECK(h.source_id == "id_0000001");
  CHECK(h.authors.size() == 6);
  CHECK(Names({h.authors[1]}) == "Le Quintrec,M,M");
  CHECK(h.journal == "Nat Rev Nephrol");
  CHECK(h.pages == "23-35");
  CHECK(h.volume == "7");
  CHECK(h.issue == "1");
  CHECK(h.kind == "article");

  Parsed groups = ReadPath(
      testutil::SharedData("dedup/bib_dedupe_haematology/merged_record_ids.csv"), "merged.csv");
  CHECK(groups.records.empty());
  CHECK(groups.status.code() == core::Status::Code::kInvalidInput);
  CHECK(groups.status.message() ==
        "merged.csv:1: no column recognised as title/abstract/id/doi/pmid (columns: merged_ids); "
        "name columns with --map col=field");
}

TEST_CASE("CsvReader reads vendor samples by their real column names", "[csv]") {
  SECTION("ASReview") {
    Parsed p = ReadCsv(
        "record_id,title,abstract,authors,keywords,year,doi,included\n"
        "0,Peer support for depression,\"Background: peer support, \"\"lay\"\" help.\","
        "\"Smith, Jane; O'Brien, K.\",peer support; depression,2019,https://doi.org/10.1000/ABC,1\n"
        "1,Second,,,,,,0\n");
    REQUIRE(p.status.ok());
    REQUIRE(p.records.size() == 2);
    const core::Record& r = p.records[0];
    CHECK(r.source_id == "0");
    CHECK(r.abstract == "Background: peer support, \"lay\" help.");
    CHECK(Names(r.authors) == "Smith,Jane,J; O'Brien,K.,K");
    CHECK(r.keywords == std::vector<std::string>{"peer support", "depression"});
    CHECK(r.year == 2019);
    CHECK(r.doi == "10.1000/abc");
    CHECK(r.source.empty());
    CHECK(p.records[1].title == "Second");
  }
  SECTION("Rayyan") {
    Parsed p = ReadCsv(
        "key,title,authors,journal,issn,volume,issue,pages,year,publisher,url,abstract,notes,doi,"
        "keywords\n"
        "rayyan-352871,Exercise for anxiety,Jones K and Patel R,BMJ "
        "Open,2044-6055,9,4,e025692,2019,"
        "BMJ,https://bmjopen.bmj.com,Abstract text,\"RAYYAN-INCLUSION: "
        "{\"\"Ann\"\"=>\"\"Included\"\"}\","
        "10.1136/bmjopen-2018-025692,\n");
    REQUIRE(p.status.ok());
    REQUIRE(p.records.size() == 1);
    const core::Record& r = p.records[0];
    CHECK(r.source_id == "rayyan-352871");
    CHECK(Names(r.authors) == "Jones,,K; Patel,,R");
    CHECK(r.journal == "BMJ Open");
    CHECK(r.issn == std::vector<std::string>{"2044-6055"});
    CHECK(r.pages == "e025692");
    CHECK(r.doi == "10.1136/bmjopen-2018-025692");
  }
  SECTION("Covidence") {
    Parsed p = ReadCsv(
        "\"Title\",\"Authors\",\"Abstract\",\"Published Year\",\"Published Month\",\"Journal\","
        "\"Volume\",\"Issue\",\"Pages\",\"Accession Number\",\"DOI\",\"Ref\",\"Covidence #\","
        "\"Study\",\"Notes\",\"Tags\"\r\n"
        "\"Yoga for back pain\",\"Smith, J.; Brown, A. "
        "B.\",\"Text\",\"2020\",\"Jun\",\"Spine\",\"45\","
        "\"12\",\"801-9\",\"32000001\",\"10.1097/BRS.0000000000003400\",\"12\",\"#34\",\"Smith "
        "2020\","
        "\"\",\"RCT\"\r\n");
    REQUIRE(p.status.ok());
    REQUIRE(p.records.size() == 1);
    const core::Record& r = p.records[0];
    CHECK(r.title == "Yoga for back pain");
    CHECK(Names(r.authors) == "Smith,J.,J; Brown,A. B.,AB");
    CHECK(r.year == 2020);
    CHECK(r.pages == "801-809");
    CHECK(r.source_id == "32000001");
    CHECK(r.keywords.empty());  // Tags are the reviewers', not the record's
  }
  SECTION("Zotero") {
    Parsed p = ReadCsv(
        "\"Key\",\"Item Type\",\"Publication Year\",\"Author\",\"Title\",\"Publication Title\","
        "\"ISBN\",\"ISSN\",\"DOI\",\"Url\",\"Abstract "
        "Note\",\"Date\",\"Pages\",\"Issue\",\"Volume\","
        "\"Journal Abbreviation\",\"Language\",\"Manual Tags\",\"Automatic Tags\"\n"
        "\"ABCD1234\",\"bookSection\",\"2018\",\"Doe, John; World Health Organization\",\"A "
        "chapter\","
        "\"A book\",\"978-3-16-148410-0\",\"\",\"\",\"\",\"\",\"2018-05\",\"10-20\",\"\",\"\",\"\","
        "\"en\",\"tag one; tag two\",\"auto\"\n");
    REQUIRE(p.status.ok());
    REQUIRE(p.records.size() == 1);
    const core::Record& r = p.records[0];
    CHECK(r.kind == "book-chapter");
    CHECK(Names(r.authors) == "Doe,John,J; {World Health Organization}");
    CHECK(r.journal == "A book");
    CHECK(r.other_ids == std::vector<std::string>{"isbn:978-3-16-148410-0"});
    CHECK(r.keywords == std::vector<std::string>{"tag one", "tag two", "auto"});
    CHECK(r.language == std::vector<std::string>{"en"});
    CHECK(r.pages == "10-20");
  }
  SECTION("Scopus with Author full names") {
    Parsed p = ReadCsv(
        "Authors,Author full names,Author(s) ID,Title,Year,Source title,Volume,Issue,Art. No.,"
        "Page start,Page end,DOI,Link,PubMed ID,Abbreviated Source Title,Document Type,Source,EID\n"
        "\"Gao X.; Ni W.\",\"Gao, Xiang (57207929231); Ni, Wei (57225190317)\",\"1;2\",T,2021,"
        "Environ Research,201,,,12,19,10.1/x,https://www.scopus.com/x,34000000,Environ. Res.,"
        "Conference Paper,Scopus,2-s2.0-1\n");
    REQUIRE(p.status.ok());
    const core::Record& r = p.records[0];
    CHECK(Names(r.authors) == "Gao,Xiang,X; Ni,Wei,W");
    CHECK(r.pages == "12-19");
    CHECK(r.pmid == "34000000");
    CHECK(r.kind == "conference-paper");
    CHECK(r.source == "scopus");
    CHECK(r.source_id == "2-s2.0-1");
  }
  SECTION("Publish or Perish (Google Scholar): Source is the journal") {
    Parsed p = ReadCsv(
        "Cites,Authors,Title,Year,Source,Publisher,ArticleURL,CitesURL,GSRank,QueryDate,Type,DOI,"
        "ISSN,CitationURL,Volume,Issue,StartPage,EndPage,ECC,CitesPerYear,CitesPerAuthor,"
        "AuthorCount,Age,Abstract,FullTextURL,RelatedURL\r\n"
        "12,\"J Smith, KL Jones\",Peer work,2018,Journal of Care,Wiley,https://x,https://y,1,"
        "2020-01-01 10:00:00,,10.1/pop,,,3,2,45,51,12,6,6,2,2,Text,,\r\n");
    REQUIRE(p.status.ok());
    const core::Record& r = p.records[0];
    CHECK(r.journal == "Journal of Care");
    CHECK(r.source.empty());
    CHECK(Names(r.authors) == "Smith,J,J; Jones,KL,KL");
    CHECK(r.pages == "45-51");
  }
  SECTION("Web of Science tab-delimited") {
    Parsed p = ReadCsv(
        "PT\tAU\tAF\tTI\tSO\tLA\tDT\tDE\tID\tAB\tSN\tEI\tJ9\tJI\tPY\tVL\tIS\tBP\tEP\tAR\tDI\tPM\tUT"
        "\n"
        "J\tSmith, J; Doe, K\tSmith, John; Doe, Kate\tA title\tJOURNAL OF "
        "THINGS\tEnglish\tArticle\t"
        "alpha; beta\tGAMMA\tAbstract.\t1234-5678\t2345-6789\tJ THINGS\tJ. "
        "Things\t2019\t3\t2\t10\t20\t"
        "\t10.1/wos\t31000000\tWOS:000455178500001\n");
    REQUIRE(p.status.ok());
    CHECK(p.separator == '\t');
    const core::Record& r = p.records[0];
    CHECK(Names(r.authors) == "Smith,John,J; Doe,Kate,K");
    CHECK(r.journal == "JOURNAL OF THINGS");
    CHECK(r.journal_abbrev == "J THINGS");
    CHECK(r.keywords == std::vector<std::string>{"alpha", "beta", "GAMMA"});
    CHECK(r.issn == std::vector<std::string>{"1234-5678", "2345-6789"});
    CHECK(r.pages == "10-20");
    CHECK(r.source_id == "WOS:000455178500001");
    CHECK(r.source == "wos");
    CHECK(r.pmid == "31000000");
    CHECK(r.kind == "article");
  }
  SECTION("winnow's own CSV export") {
    Parsed p = ReadCsv(
        "work_id,record_id,source,source_id,status,pmid,pmcid,doi,title,abstract,authors,journal,"
        "journal_abbrev,issn,year,volume,issue,pages,language,publication_types,mesh,keywords,"
        "registrations\r\n"
        "1,7,embase,L2001,included,123,PMC9,10.1/a,T,A,\"White, Sarah J.; CORE Study Group\",J,"
        "J Abb,1234-5678,2020,1,2,3-9,eng,Journal Article,Humans; Female,k1; k2,NCT01234567\r\n");
    REQUIRE(p.status.ok());
    const core::Record& r = p.records[0];
    CHECK(r.source == "embase");
    CHECK(r.source_id == "L2001");  // source_id wins over record_id
    CHECK(Names(r.authors) == "White,Sarah J.,SJ; {CORE Study Group}");
    CHECK(r.pmcid == "PMC9");
    CHECK(r.mesh.size() == 2);
    CHECK(r.pages == "3-9");
    CHECK(r.registrations.empty());  // nothing in title/abstract
  }
}

TEST_CASE("CsvReader reads pandas-written PMIDs and ignores citations in Source", "[csv]") {
  Parsed p = ReadCsv(
      "record_id,title,pubmedID,Source title,Source\n"
      "1,A,10203431.0,J A,Embase\n"
      "2,B,,J B,\"Nature. 2019;12:3-9\"\n");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 2);
  CHECK(p.records[0].pmid == "10203431");
  CHECK(p.records[0].source == "embase");
  CHECK(p.records[1].pmid.empty());
  CHECK(p.records[1].source.empty());
  CHECK(p.records[1].journal == "J B");
}

TEST_CASE("CsvReader splits author lists as vendors write them", "[csv]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Smith J, Jones K", "Smith,,J; Jones,,K"},
      {"J Smith, K Jones", "Smith,J,J; Jones,K,K"},
      {"Lin W, Ha A, Riew KD.", "Lin,,W; Ha,,A; Riew,,KD"},
      {"Gao X., Ni W., Zhu S.", "Gao,,X; Ni,,W; Zhu,,S"},
      {"Smith, J.; Jones, K. L.", "Smith,J.,J; Jones,K. L.,KL"},
      {"Smith, John", "Smith,John,J"},
      {"Van Dyke, J A", "Van Dyke,J A,JA"},
      {"Zuna, R E and Wang, S S", "Zuna,R E,RE; Wang,S S,SS"},
      {"Saha N.", "Saha,,N"},
      {"Centre for Reviews and Dissemination", "{Centre for Reviews and Dissemination}"},
      {"Oh B; CORE Study Group., Park T.", "Oh,,B; {CORE Study Group}; Park,,T"},
      {"[No author name available]", ""},
      {"Doe, Jane (57000000001); Roe, Rick (57000000002)", "Doe,Jane,J; Roe,Rick,R"},
  };
  for (const auto& [text, expected] : cases) {
    INFO(text);
    Parsed p = ReadCsv("title,authors\nT,\"" + text + "\"\n");
    REQUIRE(p.records.size() == 1);
    CHECK(Names(p.records[0].authors) == expected);
  }
}

TEST_CASE("CsvReader derives the kind from the publication type", "[csv]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Article", "article"},
      {"Review", "article"},
      {"JOUR", "article"},
      {"journalArticle", "article"},
      {"Conference Paper", "conference-paper"},
      {"inproceedings", "conference-paper"},
      {"Conference Review", "conference-paper"},
      {"Book Chapter", "book-chapter"},
      {"bookSection", "book-chapter"},
      {"Book", "book"},
      {"THES", "thesis"},
      {"Systematic review synthesis", "article"},
      {"Data Paper", "dataset"},
      {"RPRT", "report"},
      {"misc", "other"},
  };
  for (const auto& [type, kind] : cases) {
    INFO(type);
    Parsed p = ReadCsv("title,document type\nT," + type + "\n");
    REQUIRE(p.records.size() == 1);
    CHECK(p.records[0].kind == kind);
    CHECK(p.records[0].publication_types == std::vector<std::string>{type});
  }
  CHECK(ReadCsv("title\nT\n").records[0].kind.empty());  // no type column: no kind
}

TEST_CASE("CsvReader finds the separator from the header", "[csv]") {
  SECTION("semicolon, as European Excel writes") {
    Parsed p = ReadCsv("Title;Authors;Year;DOI\n\"A; B\";Smith, J;2001;10.1/x\n");
    REQUIRE(p.status.ok());
    CHECK(p.separator == ';');
    CHECK(p.records[0].title == "A; B");
    CHECK(Names(p.records[0].authors) == "Smith,J,J");
  }
  SECTION("tab") {
    Parsed p = ReadCsv("title\tyear\tnotes, comments\nA, b\t1999\tx\n");
    REQUIRE(p.status.ok());
    CHECK(p.separator == '\t');
    CHECK(p.records[0].title == "A, b");
    CHECK(p.records[0].year == 1999);
  }
  SECTION("an Excel sep= line") {
    Parsed p = ReadCsv("sep=;\ntitle;year\nA, b;1999\n");
    REQUIRE(p.status.ok());
    CHECK(p.separator == ';');
    REQUIRE(p.records.size() == 1);
    CHECK(p.records[0].locator == "in.csv:3");
  }
}

TEST_CASE("CsvReader reads LF, CRLF and CR files, with or without BOM, alike", "[csv]") {
  for (std::string eol : {"\n", "\r\n", "\r"}) {
    for (std::string bom : {"", "\xEF\xBB\xBF"}) {
      Parsed p = ReadCsv(bom + "Title,Abstract,Year" + eol + "A,\"two" + eol + "lines\",2001" +
                         eol + eol + "B,x,2002" + eol);
      REQUIRE(p.status.ok());
      REQUIRE(p.records.size() == 2);
      CHECK(p.records[0].title == "A");
      CHECK(p.records[0].abstract == "two lines");
      CHECK(p.records[0].raw == "A,\"two\nlines\",2001");
      CHECK(p.records[0].locator == "in.csv:2");
      CHECK(p.records[1].locator == "in.csv:5");
    }
  }
}

TEST_CASE("CsvReader keeps line breaks of quoted fields and reads quotes", "[csv]") {
  Parsed p = ReadCsv("title,keywords\n\"Say \"\"hi\"\"\",\"alpha\nbeta\"\n, \"spaced\"\n");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 2);
  CHECK(p.records[0].title == "Say \"hi\"");
  CHECK(p.records[0].keywords == std::vector<std::string>{"alpha", "beta"});
  CHECK(p.records[1].keywords == std::vector<std::string>{"spaced"});
  Parsed stray = ReadCsv("title,year\nA 5\" screen,2001\nB,2002\n");  // quote inside a field
  REQUIRE(stray.status.ok());
  REQUIRE(stray.records.size() == 2);
  CHECK(stray.records[0].title == "A 5\" screen");
}

TEST_CASE("CsvReader reads Latin-1 rows as Windows-1252", "[csv]") {
  Parsed p = ReadCsv("title,authors\r\nCaf\xE9 \x93quoted\x94,\"M\xFCller, J\"\r\n");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 1);
  CHECK(p.records[0].title == "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D");
  CHECK(Names(p.records[0].authors) == "M\xC3\xBCller,J,J");
}

TEST_CASE("CsvReader handles rows of the wrong width", "[csv]") {
  SECTION("fewer fields: the rest are empty") {
    Parsed p = ReadCsv("title,year,doi\nA\nB,2001\n");
    REQUIRE(p.status.ok());
    REQUIRE(p.records.size() == 2);
    CHECK(p.records[0].year == 0);
    CHECK(p.records[1].year == 2001);
  }
  SECTION("blank extra fields (trailing separators) are ignored") {
    Parsed p = ReadCsv("title,year\nA,2001,,\n");
    REQUIRE(p.status.ok());
    CHECK(p.records.size() == 1);
  }
  SECTION("extra fields with text are an error naming the line") {
    Parsed p = ReadCsv("title,year\nA,2001\nSmith, 2019: a study,2019\nC,2003\n");
    CHECK(p.records.size() == 1);
    CHECK(p.status.code() == core::Status::Code::kInvalidInput);
    CHECK(p.status.message() ==
          "in.csv:3: row has 3 fields, expected 2 as in the header (a ',' inside a field that "
          "is not quoted?)");
  }
}

TEST_CASE("CsvReader skips blank rows and reads rows with nothing useful", "[csv]") {
  Parsed p = ReadCsv("\n\ntitle,year,doi\n\n,,\n  ,\t,\nA,2001,\n,2002,\n\n");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 2);  // the second has no title: the importer decides
  CHECK(p.records[0].locator == "in.csv:7");
  CHECK(p.records[1].title.empty());
  CHECK(p.records[1].year == 2002);
  Parsed header_only = ReadCsv("title,year\r\n");
  CHECK(header_only.status.ok());
  CHECK(header_only.records.empty());
}

TEST_CASE("CsvReader reports broken files", "[csv]") {
  SECTION("an unclosed quote names the line where the field opened") {
    Parsed p = ReadCsv("title,abstract\nA,ok\nB,\"never closed\nmore\nC,x\n");
    CHECK(p.records.size() == 1);
    CHECK(p.status.code() == core::Status::Code::kInvalidInput);
    CHECK(p.status.message() ==
          "in.csv:3: quoted field opened here is never closed (a '\"' is missing)");
  }
  SECTION("an empty file") {
    for (std::string content : {"", "\n\r\n  \n"}) {
      Parsed p = ReadCsv(content);
      CHECK(p.status.code() == core::Status::Code::kInvalidInput);
      CHECK(p.status.message().find("empty file: expected a header row") != std::string::npos);
    }
  }
  SECTION("no recognised column") {
    Parsed p = ReadCsv("Name,Colour\nx,y\n");
    CHECK(p.records.empty());
    CHECK(p.status.message() ==
          "in.csv:1: no column recognised as title/abstract/id/doi/pmid (columns: Name, Colour); "
          "name columns with --map col=field");
  }
  SECTION("binary data") {
    Parsed p = ReadCsv(std::string("title,year\n\0\x01\x02", 14));
    CHECK(p.status.code() == core::Status::Code::kInvalidInput);
    CHECK(p.status.message().find("NUL byte") != std::string::npos);
  }
  SECTION("a missing file") {
    Parsed p = ReadPath("/nonexistent/x.csv", "x.csv");
    CHECK(!p.status.ok());
    CHECK(p.records.empty());
  }
}

TEST_CASE("CsvReader reads columns named with --map", "[csv]") {
  const std::string text = "Article Name,Yr,Writers,Colour\nA study,2005,\"Doe, J\",red\n";
  Parsed p =
      ReadCsv(text, Map({{"article name", "title"}, {"YR", "year"}, {"Writers", "authors"}}));
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 1);
  CHECK(p.records[0].title == "A study");
  CHECK(p.records[0].year == 2005);
  CHECK(Names(p.records[0].authors) == "Doe,J,J");

  Parsed ignored = ReadCsv("title,abstract\nT,secret\n", Map({{"Abstract", "ignore"}}));
  REQUIRE(ignored.status.ok());
  CHECK(ignored.records[0].abstract.empty());
  Parsed renamed = ReadCsv("Title,Source\nT,Journal of X\n", Map({{"Source", "journal"}}));
  REQUIRE(renamed.status.ok());
  CHECK(renamed.records[0].journal == "Journal of X");
  CHECK(renamed.records[0].source.empty());

  Parsed missing = ReadCsv(text, Map({{"Article Title", "title"}}));
  CHECK(missing.status.message() ==
        "in.csv:1: --map column 'Article Title' is not in the header (columns: Article Name, Yr, "
        "Writers, Colour)");
  Parsed bad_field = ReadCsv(text, Map({{"Article Name", "headline"}}));
  CHECK(bad_field.status.code() == core::Status::Code::kInvalidInput);
  CHECK(bad_field.status.message().find("unknown field 'headline'") != std::string::npos);
}

TEST_CASE("ParseCsvMapEntry checks --map entries", "[csv]") {
  std::pair<std::string, std::string> e;
  REQUIRE(parse::ParseCsvMapEntry(" Article Name = Title ", &e).ok());
  CHECK(e == std::pair<std::string, std::string>{"Article Name", "title"});
  REQUIRE(parse::ParseCsvMapEntry("a=b=journal_abbrev", &e).ok());
  CHECK(e.first == "a=b");
  for (const std::string& f : parse::CsvMapFields()) {
    CHECK(parse::ParseCsvMapEntry("col=" + f, &e).ok());
  }
  core::Status st = parse::ParseCsvMapEntry("col=headline", &e);
  CHECK(st.code() == core::Status::Code::kInvalidInput);
  CHECK(st.message().find("unknown field 'headline' (fields: title, abstract, authors") !=
        std::string::npos);
  CHECK(!parse::ParseCsvMapEntry("title", &e).ok());
  CHECK(!parse::ParseCsvMapEntry("=title", &e).ok());
}

TEST_CASE("LooksLikeCsv tells CSV exports from other formats", "[csv]") {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"title,abstract,year\nA,B,2001\n", true},
      {"\xEF\xBB\xBF\"Title\",\"Authors\"\r\n", true},
      {"sep=;\r\nTitle;DOI\r\n", true},
      {"PT\tAU\tTI\tSO\tUT\n", true},
      {"\n\nrecord_id,title\n", true},
      {"Name,Colour\n", false},
      {"title\n", false},
      {"TY  - JOUR\nTI  - A title, with comma\nER  - \n", false},
      {"PMID- 123\nTI  - Title, year\n", false},
      {"@article{key,\n  title={A},\n  year={2001}\n}\n", false},
      {"%0 Journal Article\n%T Title, doi\n", false},
      {"<?xml version=\"1.0\"?>\n<xml><records>", false},
      {"FN Clarivate Analytics Web of Science\nVR 1.0\n", false},
      {"Record #1 of 2\nID: CN-01\nTI: Title\n", false},
      {"", false},
  };
  for (const auto& [head, expected] : cases) {
    INFO(head);
    CHECK(parse::LooksLikeCsv(head) == expected);
  }
}

TEST_CASE("LooksLikeCsv claims the CSV files of the shared data and no other", "[csv]") {
  WINNOW_REQUIRE_SHARED_DATA();
  size_t csv = 0;
  for (const auto& e : fs::recursive_directory_iterator(testutil::SharedData("exports"))) {
    if (!e.is_regular_file()) continue;
    std::string head = testutil::ReadFile(e.path()).substr(0, 64 * 1024);
    const bool is_csv = e.path().extension() == ".csv";
    INFO(e.path());
    CHECK(parse::LooksLikeCsv(core::SanitizeUtf8(head)) == is_csv);
    csv += is_csv;
  }
  CHECK(csv == 5);
}

TEST_CASE("CsvReader survives random bytes", "[csv]") {
  std::mt19937 rng(42);
  const std::string alphabet = "title,doi;\t\"\r\n x\xE9\xC3";
  for (int round = 0; round < 300; ++round) {
    std::string text = "title,abstract,authors\n";
    size_t n = rng() % 200;
    for (size_t i = 0; i < n; ++i) text += alphabet[rng() % alphabet.size()];
    Parsed p = ReadCsv(text);
    for (const core::Record& r : p.records) CheckValidUtf8(r);
    if (!p.status.ok()) CHECK(p.status.message().rfind("in.csv:", 0) == 0);
  }
}
