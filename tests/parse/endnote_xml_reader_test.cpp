// Tests for parse/endnote_xml_reader.h on the real EndNote XML exports of
// ../shared/data (EndNote 20, Zotero, Mendeley, Bookends; see PROVENANCE.md):
// record counts of every file, field values checked by eye against the files
// and against JabRef's expected parse (its .bib oracles), the ASySD library
// exported by Zotero both as EndNote XML and as BibTeX, and damaged or
// foreign inputs written to a temporary directory.
#include "parse/endnote_xml_reader.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/normalize.h"
#include "parse/bibtex_reader.h"
#include "tests/test_util.h"

namespace {

namespace fs = std::filesystem;

struct Parsed {
  std::vector<core::Record> records;
  core::Status status;
};

Parsed Read(const fs::path& path, const std::string& name = "", size_t chunk = 0,
            size_t max_record = 0) {
  parse::EndnoteXmlReaderOptions options;
  if (chunk != 0) options.input.chunk_size = chunk;
  if (max_record != 0) options.max_record_size = max_record;
  parse::EndnoteXmlReader reader(path.string(), name, options);
  Parsed p;
  core::Record rec;
  while (reader.Next(&rec)) p.records.push_back(rec);
  p.status = reader.status();
  return p;
}

Parsed ReadText(const std::string& xml, size_t chunk = 0) {
  testutil::TempDir dir;
  testutil::WriteFile(dir / "in.xml", xml);
  return Read(dir / "in.xml", "in.xml", chunk);
}

std::string Wrap(const std::string& records) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml><records>" + records +
         "</records></xml>\n";
}

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

const std::string kEndnoteDir = "exports/endnote_xml/";
const std::string kJabref = "exports/jabref/jabref_EndnoteXmlImporterTest";

// Every EndNote XML file of the shared data and its records, counted by hand
// (grep -o '<record>' FILE | wc -l) and by Count() below.
const std::map<std::string, size_t> kCounts = {
    {kEndnoteDir + "asysd_mendeley_export_endnote.xml", 1233},
    {kEndnoteDir + "asysd_zotero_export_endnote.xml", 1233},
    {kEndnoteDir + "reflib_blue-light_endnote.xml", 102},
    {kEndnoteDir + "reflib_multipart_endnote.xml", 1},
    {kJabref + "Article.xml", 1},
    {kJabref + "Article2.xml", 2},
    {kJabref + "LabelAndMultiTitle.xml", 3},
    {kJabref + "Report.xml", 1},
    {kJabref + "_EmptyKeywordStyle.xml", 1},
    {kJabref + "_WithoutUrlStyle.xml", 1},
    {kJabref + "_WithoutUrlStyle2.xml", 2},
    {"dedup/sra_dedupe_tafenoquine_endnote.xml", 179},
};

std::string Families(const core::Record& r) {
  std::string out;
  for (const core::Author& a : r.authors)
    out += (out.empty() ? "" : "; ") + a.family + a.collective;
  return out;
}

}  // namespace

TEST_CASE("EndnoteXmlReader reads every record of every real file", "[endnote_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  size_t listed = 0;
  for (const auto& e : fs::directory_iterator(testutil::SharedData(kEndnoteDir))) {
    listed += kCounts.count(kEndnoteDir + e.path().filename().string());
  }
  CHECK(listed == 4);  // the table covers the whole folder
  for (const auto& [file, count] : kCounts) {
    INFO(file);
    const std::string text = testutil::ReadFile(testutil::SharedData(file));
    const std::string name = fs::path(file).filename().string();
    const Parsed p = Read(testutil::SharedData(file), name);
    REQUIRE(p.status.ok());
    CHECK(p.records.size() == count);
    CHECK(Count(text, "<record>") + Count(text, "<record ") == count);
    size_t from = 0;
    size_t line = 1;  // line of text[from]
    for (size_t i = 0; i < p.records.size(); ++i) {
      const core::Record& r = p.records[i];
      // raw is the record's exact text, at the line the locator names.
      const size_t at = text.find(r.raw, from);
      REQUIRE(at != std::string::npos);
      line += std::count(text.begin() + from, text.begin() + at, '\n');
      CHECK(r.locator ==
            name + ":record " + std::to_string(i + 1) + " (line " + std::to_string(line) + ")");
      line += std::count(r.raw.begin(), r.raw.end(), '\n');
      from = at + r.raw.size();
      CHECK(r.raw.starts_with("<record>"));
      CHECK(r.raw.ends_with("</record>"));
      CHECK(r.format == "endnote-xml");
      CHECK(core::IsValidUtf8(r.title + r.abstract + r.journal + Families(r)));
    }
  }
}

TEST_CASE("EndnoteXmlReader streams the same records whatever the chunk size", "[endnote_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const fs::path path = testutil::SharedData(kJabref + "LabelAndMultiTitle.xml");
  const Parsed whole = Read(path);
  for (size_t chunk : {1, 7, 64, 997}) {
    INFO(chunk);
    const Parsed small = Read(path, "", chunk);
    REQUIRE(small.status.ok());
    REQUIRE(small.records.size() == whole.records.size());
    for (size_t i = 0; i < whole.records.size(); ++i) {
      CHECK(small.records[i].raw == whole.records[i].raw);
      CHECK(small.records[i].locator == whole.records[i].locator);
      CHECK(small.records[i].title == whole.records[i].title);
    }
  }
}

TEST_CASE("EndnoteXmlReader fields of an EndNote 20 PubMed record", "[endnote_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const Parsed p = Read(testutil::SharedData(kEndnoteDir + "reflib_blue-light_endnote.xml"));
  REQUIRE(p.records.size() == 102);
  const core::Record& r = p.records[0];
  CHECK(r.kind == "article");
  CHECK(r.title ==
        "Formulation of Herbal Gel of Antirrhinum majus Extract and Evaluation of its "
        "Anti-Propionibacterium acne Effects");
  CHECK(r.journal == "Adv Biomed Res");
  CHECK(r.year == 2018);
  CHECK(r.volume == "7");
  CHECK(r.pages == "53");
  CHECK(r.doi == "10.4103/abr.abr_99_17");
  CHECK(r.source == "pubmed");  // remote-database-provider NLM
  CHECK(r.source_id == "29657938");
  CHECK(r.pmid == "29657938");
  CHECK(r.pmcid.empty());                                  // only in custom2, which is ignored
  CHECK(r.issn == std::vector<std::string>{"2277-9175"});  // "2277-9175 (Print)\r2277-9175"
  CHECK(Families(r) == "Shahtalebi; Asghari; Rahmani; Shafiee; Jahanian-Najafabadi");
  CHECK(r.authors[0].given == "M. A.");
  CHECK(r.authors[0].initials == "MA");
  CHECK(r.keywords == std::vector<std::string>{"Acne", "Antirrhinum majus",
                                               "Propionibacterium acnes", "blue light"});
  CHECK(r.language == std::vector<std::string>{"eng"});
  CHECK(r.abstract.starts_with("BACKGROUND: Antirrhinum majus contains aurone"));
  CHECK(r.abstract.ends_with("on acne lesions must be performed."));
  // Every record of this PubMed library has its PMID.
  CHECK(std::all_of(p.records.begin(), p.records.end(),
                    [](const core::Record& x) { return !x.pmid.empty() && x.source == "pubmed"; }));
}

TEST_CASE("EndnoteXmlReader fields of the Zotero and Mendeley exports", "[endnote_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const Parsed zotero = Read(testutil::SharedData(kEndnoteDir + "asysd_zotero_export_endnote.xml"));
  const Parsed mendeley =
      Read(testutil::SharedData(kEndnoteDir + "asysd_mendeley_export_endnote.xml"));
  REQUIRE(zotero.records.size() == 1233);
  REQUIRE(mendeley.records.size() == 1233);
  const core::Record& z = zotero.records[0];
  CHECK(z.title == "Myoclonus in older Cavalier King Charles Spaniels.");
  CHECK(z.journal == "Journal of veterinary internal medicine");
  CHECK(z.journal_abbrev == "J Vet Intern Med");
  CHECK(z.year == 2022);
  CHECK(z.volume == "36");
  CHECK(z.issue == "3");
  CHECK(z.pages == "1032-1038");
  CHECK(z.doi == "10.1111/jvim.16404");
  CHECK(z.issn == std::vector<std::string>{"1939-1676", "0891-6640"});  // "1939-1676 0891-6640"
  CHECK(Families(z) == "Rotter; Whittaker; Rusbridge");
  CHECK(z.authors[0].given == "Carina");
  CHECK(z.keywords.size() == 12);
  CHECK(z.keywords[0] == "*Dog Diseases/diagnostic imaging");
  CHECK(z.source.empty());
  CHECK(z.source_id.empty());  // Zotero writes no accession number
  const core::Record& m = mendeley.records[0];
  CHECK(m.title == z.title);
  CHECK(m.doi == z.doi);
  CHECK(m.source_id == "35319117");  // accession-num, but no database named
  CHECK(m.pmid.empty());
  CHECK(m.journal_abbrev.empty());
  CHECK(m.keywords.size() == 9);
  // Mendeley numbers every ref-type 0 or 31; its names are what count.
  const auto articles = std::count_if(mendeley.records.begin(), mendeley.records.end(),
                                      [](const core::Record& r) { return r.kind == "article"; });
  CHECK(articles == 1133);  // 100 are <ref-type name="Generic">
  CHECK(std::all_of(zotero.records.begin(), zotero.records.end(),
                    [](const core::Record& r) { return r.kind == "article"; }));
}

TEST_CASE("EndnoteXmlReader names the database of each Embase and PubMed record", "[endnote_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const Parsed p = Read(testutil::SharedData("dedup/sra_dedupe_tafenoquine_endnote.xml"));
  REQUIRE(p.records.size() == 179);
  std::map<std::string, int> sources;
  int pmids = 0;
  for (const core::Record& r : p.records) {
    ++sources[r.source];
    pmids += !r.pmid.empty();
  }
  // remote-database-name / -provider, counted with grep: NLM 73, "Embase\rMedline" 47,
  // Embase 12, Medline 2, none 45.
  CHECK(sources ==
        std::map<std::string, int>{{"", 45}, {"embase", 59}, {"medline", 2}, {"pubmed", 73}});
  CHECK(pmids == 73);
  const core::Record& r = p.records[0];
  CHECK(r.title == "8-Aminoquinoline Therapy for Latent Malaria");
  CHECK(r.pmid == "31366609");
  CHECK(r.issn == std::vector<std::string>{"0893-8512"});
  const core::Record& book = p.records[2];  // Embase, <ref-type name="Generic">
  CHECK(book.kind == "other");
  CHECK(book.source == "embase");
  CHECK(book.other_ids == std::vector<std::string>{"isbn:9783034604796"});
  CHECK(book.doi == "10.1007/978-3-0346-0480-2_4");
}

TEST_CASE("EndnoteXmlReader agrees with JabRef's expected parse", "[endnote_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  for (const char* test : {"Article", "Article2", "LabelAndMultiTitle", "Report",
                           "_EmptyKeywordStyle", "_WithoutUrlStyle", "_WithoutUrlStyle2"}) {
    INFO(test);
    const Parsed xml = Read(testutil::SharedData(kJabref + test + ".xml"));
    parse::BibtexReader oracle(testutil::SharedData(kJabref + test + ".bib").string());
    std::vector<core::Record> expected;
    for (core::Record rec; oracle.Next(&rec);) expected.push_back(rec);
    REQUIRE(oracle.status().ok());
    REQUIRE(xml.records.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      const core::Record& got = xml.records[i];
      const core::Record& want = expected[i];
      CHECK(got.kind == want.kind);
      CHECK(got.title == want.title);
      CHECK(got.authors == want.authors);
      CHECK(got.journal == want.journal);  // booktitle for the book
      CHECK(got.year == want.year);
      CHECK(got.volume == want.volume);
      CHECK(got.issue == want.issue);
      CHECK(got.pages == want.pages);
      CHECK(got.doi == want.doi);
      CHECK(got.pmid == want.pmid);  // from the PubMed link in urls
      CHECK(got.keywords == want.keywords);
      CHECK(got.abstract == want.abstract);
      CHECK(got.language == want.language);
    }
  }
  const Parsed skua = Read(testutil::SharedData(kJabref + "LabelAndMultiTitle.xml"));
  CHECK(skua.records[0].other_ids == std::vector<std::string>{"wos:000200148800007"});
  CHECK(skua.records[0].source_id == "ISI:000200148800007");
  CHECK(skua.records[1].kind == "book");
  // Three <style> runs, the middle one italic.
  CHECK(skua.records[2].title ==
        "A demographic study of the south polar skua Catharacta maccormicki at Cape Crozier");
  const Parsed multi = Read(testutil::SharedData(kEndnoteDir + "reflib_multipart_endnote.xml"));
  REQUIRE(multi.records.size() == 1);
  CHECK(multi.records[0].title == "Foo & Bar");
  CHECK(multi.records[0].journal == "Foo & Journal");
  CHECK(multi.records[0].keywords == std::vector<std::string>{"Foo & Bar", "Baz & Quz"});
}

namespace {

// A journal name compared across sources: NLM's subtitle (" : ...") and
// place ("(London, England : 1997)") and a leading "The" dropped.
std::string JournalKey(std::string j) {
  for (const char* cut : {" : ", " ("}) j = j.substr(0, j.find(cut));
  std::string key = core::MatchKey(j);
  return key.starts_with("the ") ? key.substr(4) : key;
}

// The first author's family name without blanks ("Marcellin-Little" and
// WoS's "MARCELLINLITTLE" agree).
std::string FirstAuthorKey(const core::Record& r) {
  if (r.authors.empty()) return "";
  std::string key = core::MatchKey(r.authors[0].family + r.authors[0].collective);
  key.erase(std::remove(key.begin(), key.end(), ' '), key.end());
  return key;
}

}  // namespace

// ASySD's test library was exported by Zotero as EndNote XML (1233 records,
// from PubMed: NLM journal titles, PubMed DOIs) and as BibTeX (1000 records,
// from Web of Science: upper-case WoS journal titles, "Times Cited" notes) —
// overlapping searches, not one library in two formats. Records are matched
// by DOI, else by a title MatchKey that only one XML record has; each matched
// pair is compared on five normalised fields. Measured on this data:
//  - 666 of the 1000 BibTeX records match (576 by DOI, 90 by title); the
//    other 334 are WoS records the PubMed search did not find.
//  - title 641/666: WoS spells titles differently ("3" for "three", "beta H"
//    for "βH", upper case kept, typos such as "neurohurnoral"), and errata
//    carry different titles;
//  - year 662/666: WoS early-access records without a year, print vs
//    electronic year;
//  - doi 645/666: one side lacks the DOI, or WoS keeps the SICI form
//    "10.1597/1545-1569(1994)031<0364:...>2.3.co;2" where PubMed has the
//    underscored one;
//  - journal 616/666: WoS vs NLM titles ("Canadian veterinary journal = La
//    revue veterinaire canadienne" vs "CANADIAN VETERINARY JOURNAL-REVUE
//    VETERINAIRE CANADIENNE", "JAVMA-JOURNAL OF ...", former titles);
//  - first author 642/666: WoS keeps only the last part of compound family
//    names ("Ramos, JP" for "Prieto Ramos, Jorge"), folds "ø" to "o", or
//    lists another first author;
//  - all five agree for 554 of the 666 pairs (83%).
TEST_CASE("EndnoteXmlReader and BibtexReader agree on the ASySD Zotero exports", "[endnote_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const Parsed xml = Read(testutil::SharedData(kEndnoteDir + "asysd_zotero_export_endnote.xml"));
  parse::BibtexReader bib_reader(
      testutil::SharedData("exports/bibtex/asysd_zotero_export.bib").string());
  std::vector<core::Record> bib;
  for (core::Record rec; bib_reader.Next(&rec);) bib.push_back(rec);
  REQUIRE(bib_reader.status().ok());
  REQUIRE(xml.records.size() == 1233);
  REQUIRE(bib.size() == 1000);
  std::map<std::string, size_t> by_doi;
  std::map<std::string, std::vector<size_t>> by_title;
  for (size_t i = 0; i < xml.records.size(); ++i) {
    if (!xml.records[i].doi.empty()) by_doi.emplace(xml.records[i].doi, i);
    by_title[core::MatchKey(xml.records[i].title)].push_back(i);
  }
  int doi_matches = 0, title_matches = 0;
  int title = 0, year = 0, doi = 0, journal = 0, author = 0, all = 0;
  for (const core::Record& b : bib) {
    size_t i = 0;
    if (auto it = by_doi.find(b.doi); !b.doi.empty() && it != by_doi.end()) {
      i = it->second;
      ++doi_matches;
    } else if (auto t = by_title.find(core::MatchKey(b.title));
               t != by_title.end() && t->second.size() == 1) {
      i = t->second[0];
      ++title_matches;
    } else {
      continue;
    }
    const core::Record& x = xml.records[i];
    const bool same[] = {core::MatchKey(x.title) == core::MatchKey(b.title), x.year == b.year,
                         x.doi == b.doi, JournalKey(x.journal) == JournalKey(b.journal),
                         FirstAuthorKey(x) == FirstAuthorKey(b)};
    title += same[0];
    year += same[1];
    doi += same[2];
    journal += same[3];
    author += same[4];
    all += std::all_of(std::begin(same), std::end(same), [](bool s) { return s; });
  }
  CHECK(doi_matches == 576);
  CHECK(title_matches == 90);
  CHECK(title == 641);
  CHECK(year == 662);
  CHECK(doi == 645);
  CHECK(journal == 616);
  CHECK(author == 642);
  CHECK(all == 554);
}

TEST_CASE("EndnoteXmlReader maps fields of inline records", "[endnote_xml]") {
  const Parsed p = ReadText(Wrap(
      // ref-type by number only; book section: secondary-title is the book.
      "<record><ref-type>5</ref-type><contributors><authors>"
      "<author>World Health Organization,</author><author>Smith, John</author></authors>"
      "<secondary-authors><author>Editor, Ed</author></secondary-authors></contributors>"
      "<titles><title>A chapter</title><secondary-title>The Book</secondary-title></titles>"
      "<dates><pub-dates><date>Spring 2003</date></pub-dates></dates>"
      "<isbn>978-3-16-148410-0; 0317-8471</isbn>"
      "<keywords><keyword>alpha; beta</keyword><keyword>gamma&#xD;delta</keyword></keywords>"
      "<notes>Some note&#xD;PMID: 12345678&#xD;PMCID: PMC7654321</notes>"
      "<urls><related-urls><url>https://doi.org/10.1000/XYZ.1</url></related-urls></urls>"
      "</record>\n"
      // PubMed accession; abbreviations from alt-periodical; style runs.
      "<record><ref-type name=\"Journal Article\">17</ref-type>"
      "<titles><title><style face=\"normal\">Part </style><style face=\"italic\">two</style>"
      "<style face=\"normal\"> </style><style face=\"normal\">three</style>\n  "
      "<style>, </style><i>four</i> <i>five</i></title></titles>"
      "<periodical><full-title>Journal of Things</full-title></periodical>"
      "<alt-periodical><full-title>J Things</full-title></alt-periodical>"
      "<remote-database-name>PubMed</remote-database-name><accession-num>999</accession-num>"
      "<electronic-resource-num>doi: 10.1000/ABC</electronic-resource-num>"
      "<number>4</number><issue>5</issue><dates><year>2020</year></dates></record>"
      // Other kinds; Embase and Scopus accessions.
      "<record><ref-type name=\"Conference Paper\">47</ref-type>"
      "<remote-database-name>Embase</remote-database-name><accession-num>L123</accession-num>"
      "</record><record><ref-type name=\"Thesis\">32</ref-type>"
      "<remote-database-provider>Scopus</remote-database-provider>"
      "<accession-num>2-s2.0-1</accession-num></record>"
      "<record><ref-type name=\"Web Page\">12</ref-type></record>"));
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 5);
  const core::Record& chapter = p.records[0];
  CHECK(chapter.kind == "book-chapter");
  REQUIRE(chapter.authors.size() == 2);  // the editor is not an author
  CHECK(chapter.authors[0].collective == "World Health Organization");
  CHECK(chapter.authors[1].family == "Smith");
  CHECK(chapter.journal == "The Book");
  CHECK(chapter.year == 2003);
  CHECK(chapter.other_ids == std::vector<std::string>{"isbn:9783161484100"});
  CHECK(chapter.issn == std::vector<std::string>{"0317-8471"});
  CHECK(chapter.keywords == std::vector<std::string>{"alpha", "beta", "gamma", "delta"});
  CHECK(chapter.pmid == "12345678");
  CHECK(chapter.pmcid == "PMC7654321");
  CHECK(chapter.doi == "10.1000/xyz.1");
  CHECK(chapter.source.empty());
  const core::Record& article = p.records[1];
  CHECK(article.kind == "article");
  CHECK(article.title == "Part two three, four five");
  CHECK(article.journal == "Journal of Things");
  CHECK(article.journal_abbrev == "J Things");
  CHECK(article.source == "pubmed");
  CHECK(article.source_id == "999");
  CHECK(article.pmid == "999");
  CHECK(article.doi == "10.1000/abc");
  CHECK(article.issue == "4");  // number first; Zotero writes both
  CHECK(article.year == 2020);
  CHECK(p.records[2].kind == "conference-paper");
  CHECK(p.records[2].source == "embase");
  CHECK(p.records[2].other_ids == std::vector<std::string>{"embase:L123"});
  CHECK(p.records[2].pmid.empty());
  CHECK(p.records[3].kind == "thesis");
  CHECK(p.records[3].source == "scopus");
  CHECK(p.records[3].source_id == "2-s2.0-1");
  CHECK(p.records[4].kind == "other");
}

TEST_CASE("EndnoteXmlReader reads awkward but valid files", "[endnote_xml]") {
  SECTION("BOM, CRLF, comments between records, blanks in end tags") {
    const Parsed p = ReadText(
        "\xEF\xBB\xBF<?xml version=\"1.0\"?>\r\n<!-- export -->\r\n<xml>\r\n<records>\r\n"
        "<record>\r\n<titles><title>One</title></titles>\r\n</record >\r\n<!-- <record> -->\r\n"
        "<record><titles><title>Two</title></titles></record>\r\n</records>\r\n</xml>\r\n");
    REQUIRE(p.status.ok());
    REQUIRE(p.records.size() == 2);
    CHECK(p.records[0].locator == "in.xml:record 1 (line 5)");
    CHECK(p.records[0].raw == "<record>\n<titles><title>One</title></titles>\n</record >");
    CHECK(p.records[1].locator == "in.xml:record 2 (line 9)");
  }
  SECTION("CR-only line ends") {
    const Parsed p = ReadText(
        "<xml>\r<records>\r<record><titles><title>A\rB</title></titles>"
        "</record>\r<record/>\r</records></xml>");
    REQUIRE(p.status.ok());
    REQUIRE(p.records.size() == 2);
    CHECK(p.records[0].title == "A B");
    CHECK(p.records[1].locator == "in.xml:record 2 (line 5)");
    CHECK(p.records[1].title.empty());  // an empty record is still a record
  }
  SECTION("missing end of the root, at the end of the file") {
    const Parsed p = ReadText("<xml><records><record><titles><title>A</title></titles></record>");
    CHECK(p.status.ok());
    CHECK(p.records.size() == 1);
  }
  SECTION("no records") {
    const Parsed p = ReadText("<?xml version=\"1.0\"?><xml><records/></xml>");
    CHECK(p.status.ok());
    CHECK(p.records.empty());
  }
  SECTION("Latin-1 declared") {
    const Parsed p = ReadText(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><xml><records>"
        "<record><titles><title>Caf\xE9</title></titles></record>"
        "</records></xml>");
    REQUIRE(p.records.size() == 1);
    CHECK(p.records[0].title == "Café");
    CHECK(p.records[0].raw == "<record><titles><title>Café</title></titles></record>");
  }
  SECTION("invalid UTF-8 bytes in a UTF-8 file") {
    const Parsed p =
        ReadText(Wrap("<record><titles><title>a\xFF"
                      "b</title></titles></record>"));
    REQUIRE(p.records.size() == 1);
    CHECK(p.records[0].title ==
          "a\xEF\xBF\xBD"
          "b");
    CHECK(core::IsValidUtf8(p.records[0].raw));
  }
  SECTION("deeply nested markup") {
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += "<a>";
    deep += "x";
    for (int i = 0; i < 100000; ++i) deep += "</a>";
    const Parsed p =
        ReadText(Wrap("<record><titles><title>" + deep + "</title></titles></record>"));
    REQUIRE(p.records.size() == 1);
    CHECK(p.records[0].title == "x");
  }
}

TEST_CASE("EndnoteXmlReader refuses broken and foreign files", "[endnote_xml]") {
  struct Case {
    const char* what;
    std::string text;
    const char* message;
  };
  const Case cases[] = {
      {"empty file", "", "in.xml:1: empty file"},
      {"blank file", " \n\n", "in.xml:3: no root element"},
      {"binary", std::string("\x89PNG\r\n\x1A\n\0\0", 10), "in.xml:1: not EndNote XML"},
      {"PubMed XML",
       "<?xml version=\"1.0\"?>\n<PubmedArticleSet><PubmedArticle/></PubmedArticleSet>",
       "in.xml:2: not EndNote XML (root element <PubmedArticleSet>, expected <xml>)"},
      {"RIS", "TY  - JOUR\nER  - \n", "in.xml:1: not EndNote XML (text before"},
      {"UTF-16", "\xFF\xFE<\0x\0", "in.xml:1: the file is UTF-16"},
      {"UTF-16 declared", "<?xml version=\"1.0\" encoding=\"UTF-16\"?><xml/>",
       "in.xml:1: the file is utf-16"},
      {"truncated record",
       Wrap("<record><titles><title>A</title></titles></record>\n") +
           "<record><titles>\n<title>B</ti",
       "in.xml:record 2 (line 4): <record> is not closed before the end of the file"},
      {"truncated start tag", "<xml><records><record",
       "in.xml:record 1 (line 1): <record> is not closed"},
      {"mismatched tags", Wrap("<record>\n<titles><title>A</titles>\n</record>"),
       "in.xml:record 1 (line 2): XML error: "},
      {"NUL byte", Wrap(std::string("<record>a\0b</record>", 20)),
       "in.xml:record 1 (line 2): NUL byte"},
      {"unclosed comment", "<xml><!-- x", "in.xml:1: comment or CDATA section not closed"},
      {"no records element", "<xml>\n<foo/>\n", "in.xml:3: no <records> element"},
      {"unclosed declaration", "<?xml version", "in.xml:1: markup not closed"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const Parsed p = ReadText(c.text);
    CHECK(p.status.code() == core::Status::Code::kInvalidInput);
    CHECK_THAT(p.status.message(), Catch::StartsWith(c.message));
  }
  SECTION("a record longer than the limit") {
    testutil::TempDir dir;
    testutil::WriteFile(dir / "big.xml", Wrap("<record><abstract>" + std::string(5000, 'x') +
                                              "</abstract></record>"));
    const Parsed p = Read(dir / "big.xml", "big.xml", 512, 1024);
    CHECK(p.records.empty());
    CHECK_THAT(p.status.message(),
               Catch::StartsWith("big.xml:record 1 (line 2): record longer than 1024"));
  }
  SECTION("a missing file") {
    const Parsed p = Read("/nonexistent/file.xml");
    CHECK(!p.status.ok());
    CHECK(p.records.empty());
  }
}

TEST_CASE("LooksLikeEndnoteXml tells EndNote XML from other formats", "[endnote_xml]") {
  CHECK(parse::LooksLikeEndnoteXml(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><xml><records><record>"));
  CHECK(parse::LooksLikeEndnoteXml(
      "\xEF\xBB\xBF<?xml version=\"1.0\" ?>\n<!-- c -->\n<xml>\n  <records>\n"));
  CHECK(parse::LooksLikeEndnoteXml("<xml><records>"));
  CHECK_FALSE(parse::LooksLikeEndnoteXml(""));
  CHECK_FALSE(parse::LooksLikeEndnoteXml("<?xml version=\"1.0\"?>\n<PubmedArticleSet>"));
  CHECK_FALSE(parse::LooksLikeEndnoteXml("<xml><PubmedArticleSet>"));
  CHECK_FALSE(parse::LooksLikeEndnoteXml("TY  - JOUR\nTI  - <xml><records>\nER  - \n"));
  CHECK_FALSE(parse::LooksLikeEndnoteXml("@article{key, title = {<xml><records>}}"));
  CHECK_FALSE(parse::LooksLikeEndnoteXml("%0 Journal Article\n%T <xml><records>\n"));
  if (!testutil::HaveSharedData()) return;
  for (const auto& [file, count] : kCounts) {
    INFO(file);
    CHECK(parse::LooksLikeEndnoteXml(
        testutil::ReadFile(testutil::SharedData(file)).substr(0, 65536)));
  }
  for (const char* other :
       {"exports/bibtex/asysd_zotero_export.bib", "exports/ris/asysd_zotero_export.ris",
        "pubmed_xml/misc/p1m_pubmed_result.xml"}) {
    INFO(other);
    CHECK_FALSE(parse::LooksLikeEndnoteXml(
        testutil::ReadFile(testutil::SharedData(other)).substr(0, 65536)));
  }
}
