// Tests for parse/bibtex_reader.h on the real BibTeX of ../shared/data
// (Zotero, Scopus, Google Scholar, the Cochrane Library, synthesisr, and
// every JabRef .bib oracle; see PROVENANCE.md): entry counts of every file,
// field values checked by eye against the files, the LaTeX conversion, and
// damaged or unusual inputs written to a temporary directory.
#include "parse/bibtex_reader.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/normalize.h"
#include "tests/test_util.h"

namespace {

namespace fs = std::filesystem;

struct Parsed {
  std::vector<core::Record> records;
  core::Status status;
};

Parsed Read(const fs::path& path, const std::string& name = "") {
  parse::BibtexReader reader(path.string(), name);
  Parsed p;
  core::Record rec;
  while (reader.Next(&rec)) p.records.push_back(rec);
  p.status = reader.status();
  return p;
}

Parsed ReadText(const std::string& bib) {
  testutil::TempDir dir;
  testutil::WriteFile(dir / "in.bib", bib);
  return Read(dir / "in.bib", "in.bib");
}

// Entries counted independently of the reader: lines that start with
// "@type{" or "@type(", other than @string, @comment and @preamble.
size_t CountEntries(const std::string& text) {
  static const std::regex kStart(R"(^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(])");
  size_t n = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, kStart)) continue;
    std::string type = m[1];
    std::transform(type.begin(), type.end(), type.begin(), ::tolower);
    n += type != "string" && type != "comment" && type != "preamble";
  }
  return n;
}

std::string Families(const core::Record& r) {
  std::string out;
  for (const core::Author& a : r.authors)
    out += (out.empty() ? "" : "; ") + a.family + a.collective;
  return out;
}

// Every BibTeX file of the shared data outside exports/jabref and its
// entries, counted with grep -c '^@' and by CountEntries().
const std::map<std::string, size_t> kCounts = {
    {"exports/bibtex/asysd_zotero_export.bib", 1000},
    {"exports/bibtex/p1m_google_scholar.bib", 13},
    {"exports/bibtex/p1m_scopus_export.bib", 10},
    {"exports/bibtex/synthesisr_Scopus.bib", 3},
    {"exports/cochrane/p1m_ortho_cochrane_CDSR_export.bib", 56},  // "Record #1 of 56"
    {"exports/cochrane/p1m_stmz_cochrane_citation_export.bib", 5},
    {"exports/cochrane/p1m_stmz_cochrane_citation_export_9.bib", 9},
    {"exports/scopus_csv_ris_bib_same_set/lagisz_pfas_scopus.bib", 8},
    {"exports/misc/synthesisr_litsearchr.txt", 1},
};

// JabRef's oracles with more than one entry; each of the others holds one.
const std::map<std::string, size_t> kJabrefCounts = {
    {"jabref_CopacImporterTest2.bib", 2},
    {"jabref_EndnoteXmlImporterTestArticle2.bib", 2},
    {"jabref_EndnoteXmlImporterTestLabelAndMultiTitle.bib", 3},
    {"jabref_EndnoteXmlImporterTest_WithoutUrlStyle2.bib", 2},
    {"jabref_MedlinePlainImporterStringOutOfBounds.bib", 2},
};

}  // namespace

TEST_CASE("BibtexReader reads every entry of every real file", "[bibtex]") {
  WINNOW_REQUIRE_SHARED_DATA();
  for (const auto& [file, count] : kCounts) {
    INFO(file);
    const std::string text = testutil::ReadFile(testutil::SharedData(file));
    const std::string name = fs::path(file).filename().string();
    const Parsed p = Read(testutil::SharedData(file), name);
    REQUIRE(p.status.ok());
    CHECK(p.records.size() == count);
    CHECK(CountEntries(text) == count);
    for (const core::Record& r : p.records) {
      CHECK(r.format == "bibtex");
      CHECK(r.raw.starts_with("@"));
      CHECK((r.raw.ends_with("}") || r.raw.ends_with(")")));
      CHECK_THAT(r.locator, Catch::StartsWith(name + ":"));
      CHECK(!r.title.empty());
      // No LaTeX left over in the text fields.
      for (const std::string& s : {r.title, r.abstract, r.journal, Families(r)}) {
        CHECK(s.find_first_of("\\{}") == std::string::npos);
      }
    }
  }
}

TEST_CASE("BibtexReader reads all of JabRef's .bib oracles", "[bibtex]") {
  WINNOW_REQUIRE_SHARED_DATA();
  size_t files = 0, entries = 0;
  for (const auto& e : fs::directory_iterator(testutil::SharedData("exports/jabref"))) {
    const std::string name = e.path().filename().string();
    if (!name.ends_with(".bib")) continue;
    INFO(name);
    const Parsed p = Read(e.path(), name);
    REQUIRE(p.status.ok());
    const size_t expected = kJabrefCounts.count(name) ? kJabrefCounts.at(name) : 1;
    CHECK(p.records.size() == expected);
    CHECK(CountEntries(testutil::ReadFile(e.path())) == expected);
    ++files;
    entries += p.records.size();
  }
  CHECK(files == 42);
  CHECK(entries == 48);
}

TEST_CASE("BibtexReader fields of a Zotero export", "[bibtex]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const Parsed p = Read(testutil::SharedData("exports/bibtex/asysd_zotero_export.bib"), "z.bib");
  REQUIRE(p.records.size() == 1000);
  const core::Record& r = p.records[0];
  CHECK(r.locator == "z.bib:2");
  CHECK(r.kind == "article");
  CHECK(r.title ==
        "Microangiography of the humeral condyle in Cocker Spaniel and non-Cocker Spaniel dogs");
  CHECK(r.journal == "VETERINARY AND COMPARATIVE ORTHOPAEDICS AND TRAUMATOLOGY");
  CHECK(r.year == 1999);
  CHECK(r.volume == "12");
  CHECK(r.issue == "3");
  CHECK(r.pages == "134-137");  // "134--137"
  CHECK(r.issn == std::vector<std::string>{"0932-0814"});
  CHECK(r.language == std::vector<std::string>{"English"});
  CHECK(Families(r) == "Larsen; Roush; McLaughlin; Cash");
  CHECK(r.authors[0].given == "LJ");
  CHECK(r.keywords == std::vector<std::string>{"blood supply", "Cocker Spaniels", "FRACTURES",
                                               "humeral condylar fractures", "microangiography"});
  CHECK(r.abstract.starts_with("The purpose of this study was to evaluate the blood supply"));
  CHECK(r.doi.empty());
  CHECK(r.source.empty());
  CHECK(r.source_id == "larsen_microangiography_1999");
  CHECK(r.source_id_local);
  CHECK(r.other_ids == std::vector<std::string>{"bibkey:larsen_microangiography_1999"});
  CHECK(r.raw.starts_with("@article{larsen_microangiography_1999,\n\ttitle = {Microangiography"));
  CHECK(p.records[1].doi == "10.21521/mw.6330");
  std::map<std::string, int> kinds;
  int collectives = 0, with_less_than = 0;
  for (const core::Record& x : p.records) {
    ++kinds[x.kind];
    for (const core::Author& a : x.authors) collectives += !a.collective.empty();
    with_less_than += x.abstract.find("P<0.001") != std::string::npos;  // "P{\textless}0.001"
  }
  CHECK(kinds == std::map<std::string, int>{{"article", 997}, {"conference-paper", 3}});
  CHECK(collectives == 7);     // five "{[Anonymous]}", "{ROKUNYO}", "{Ben Walton}"
  CHECK(with_less_than == 7);  // grep -c 'P{\\textless}0.001'
}

TEST_CASE("BibtexReader fields of Scopus exports", "[bibtex]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const Parsed p = Read(testutil::SharedData("exports/bibtex/p1m_scopus_export.bib"));
  REQUIRE(p.records.size() == 10);
  const core::Record& r = p.records[0];
  CHECK(r.title ==
        "Improving the quality of systematic reviews of neurological conditions: an assessment "
        "of current practice and the development and validation of six new search strategies");
  CHECK(Families(r) == "Bui; Abdaem; Muccilli; Gore; Keezer");
  CHECK(r.authors[0].initials == "KTA");
  CHECK(r.journal == "European Journal of Neurology");
  CHECK(r.journal_abbrev == "Eur. J. Neurol.");
  CHECK(r.year == 2018);
  CHECK(r.volume == "25");
  CHECK(r.issue == "12");
  CHECK(r.pages == "1477-1485");
  CHECK(r.doi == "10.1111/ene.13758");
  CHECK(r.pmid == "30035838");
  CHECK(r.issn == std::vector<std::string>{"1351-5101"});  // "13515101"
  CHECK(r.source == "scopus");
  CHECK(r.source_id == "2-s2.0-85052799762");  // the EID of the url
  CHECK_FALSE(r.source_id_local);
  CHECK(r.publication_types == std::vector<std::string>{"Article"});
  CHECK(r.language == std::vector<std::string>{"English"});
  // keywords (16), then author_keywords not already there (4 of 6).
  REQUIRE(r.keywords.size() == 20);
  CHECK(r.keywords.front() == "Article");
  CHECK(r.keywords.back() == "search strategy");
  CHECK(r.abstract.ends_with("© 2018 EAN"));
  CHECK(p.records[2].pages == "85");  // art_number={85}, no pages
  const Parsed pfas =
      Read(testutil::SharedData("exports/scopus_csv_ris_bib_same_set/lagisz_pfas_scopus.bib"));
  REQUIRE(pfas.records.size() == 8);
  CHECK(pfas.records[2].title ==
        "Effects of Maternal Reproductive Investment on Sex-Specific Pollutant Accumulation in "
        "Seabirds: A Meta-Analysis");
  CHECK(Families(pfas.records[2]) == "Hitchcock; Andersen; Varpe; Borgå");
  CHECK(pfas.records[2].authors[2].given == "Ø.");
  CHECK(pfas.records[2].issn == std::vector<std::string>{"0013-936X"});
  const Parsed synth = Read(testutil::SharedData("exports/bibtex/synthesisr_Scopus.bib"));
  REQUIRE(synth.records.size() == 3);
  CHECK(synth.records[0].pages == "1722034");
  CHECK(synth.records[0].source_id == "2-s2.0-85079532227");
}

TEST_CASE("BibtexReader fields of Cochrane Library and Google Scholar exports", "[bibtex]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const Parsed p =
      Read(testutil::SharedData("exports/cochrane/p1m_ortho_cochrane_CDSR_export.bib"));
  REQUIRE(p.records.size() == 56);
  const core::Record& r = p.records[0];
  CHECK(r.title == "Internal dressings for healing perianal abscess cavities");
  // "Smith, SR, Newton, K, ..., Hancock, L, and Hill, J": nine authors.
  CHECK(Families(r) ==
        "Smith; Newton; Smith; Dumville; Iheozor‐Ejiofor; Pearce; Barrow; Hancock; Hill");
  CHECK(r.authors[0].given == "SR");
  CHECK(r.journal == "Cochrane Database of Systematic Reviews");
  CHECK(r.issue == "8");
  CHECK(r.year == 2016);
  CHECK(r.doi == "10.1002/14651858.cd011193.pub2");
  CHECK(r.issn == std::vector<std::string>{"1465-1858"});
  REQUIRE(r.keywords.size() == 11);
  CHECK(r.keywords[3] == "Anus Diseases [etiology, *therapy]");
  const core::Record& galvao = p.records[20];  // "@article{Alves Galvão14,"
  CHECK(galvao.source_id == "Alves Galvão14");
  CHECK(Families(galvao) == "Alves Galvão; Rocha Crispino Santos; Alves da Cunha");
  const Parsed gs = Read(testutil::SharedData("exports/bibtex/p1m_google_scholar.bib"));
  REQUIRE(gs.records.size() == 13);
  CHECK(gs.records[1].authors[0].family == "Faggion Jr");
  CHECK(gs.records[1].authors[0].given == "Clovis Mariano");
  const core::Record& es = gs.records[7];
  CHECK(es.title ==
        "Las revisiones sistemáticas en Biblioteconomía y Documentación: análisis y evaluación "
        "del proceso de búsqueda");
  CHECK(Families(es) == "Salvador-Oliván; Marco-Cuenca; Arquero-Avilés");
  CHECK(es.authors[0].given == "José Antonio");
  CHECK(gs.records[8].journal == "Reference & User Services Quarterly");
  const Parsed lit = Read(testutil::SharedData("exports/misc/synthesisr_litsearchr.txt"));
  REQUIRE(lit.records.size() == 1);
  CHECK(lit.records[0].pages == "1645-1654");
  CHECK(Families(lit.records[0]) == "Grames; Stillman; Tingley; Elphick");
}

TEST_CASE("BibtexReader fields of JabRef's oracles", "[bibtex]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const auto one = [](const char* file) {
    const Parsed p = Read(testutil::SharedData(std::string("exports/jabref/") + file));
    REQUIRE(p.records.size() >= 1);
    return p.records[0];
  };
  const core::Record thesis = one("jabref_RisImporterTest1.bib");
  CHECK(thesis.kind == "thesis");
  CHECK(Families(thesis) == "Cocke; Harrison; Rives; Kasami");
  CHECK(thesis.authors[1].given == "Warren Levenshtein Morris");
  CHECK(thesis.abstract == "abstract0 abstract1");
  CHECK(thesis.doi == "10.1023/a:1017379030770");  // from the dx.doi.org url
  CHECK(thesis.issn.empty());                      // "kmptns" is no ISSN
  CHECK(thesis.source_id.empty());                 // "@phdthesis{," has no key
  CHECK(thesis.other_ids.empty());
  const core::Record inproc = one("jabref_MedlinePlainImporterTestInproceeding.bib");
  CHECK(inproc.kind == "conference-paper");
  CHECK(inproc.journal == "Inproceedings book title");
  CHECK(inproc.pmid == "22664238");
  const core::Record nbib = one("jabref_NbibImporterTest.bib");
  CHECK(nbib.pmid == "27169098");
  CHECK(nbib.other_ids ==
        std::vector<std::string>{"isbn:9783866801929"});  // "ISBN 978-3-86680-192-9"
  CHECK(nbib.source.empty());  // source = {Adv Biomed Res. 2016 ...} is a citation
  const core::Record repec = one("jabref_RepecNepImporterTest1.bib");
  CHECK(repec.kind == "report");
  CHECK(repec.year == 2005);
  CHECK(repec.keywords.size() == 4);
}

TEST_CASE("LatexToUnicode converts what BibTeX values hold", "[bibtex]") {
  const std::pair<const char*, const char*> cases[] = {
      {R"(\'e \'{e} {\'e} \"{o} {\"o} \"o)", "é é é ö ö ö"},
      {R"(\c{c} \c c \v{s} \~n \^o \`a \=a \u{a} \H{o} \k{a} \.{z} \r{a})",
       "ç ç š ñ ô à ā ă ő ą ż å"},
      {R"({\aa} {\AA} {\o} {\O} {\ss} {\ae} {\AE} {\oe} {\OE} {\l} {\L})", "å Å ø Ø ß æ Æ œ Œ ł Ł"},
      {R"(\aa \o x)", "åøx"},  // TeX drops the blanks after a control word
      {R"(Stra\ss e, G\"{o}del, Erd{\H{o}}s, Sch{\"o}nberg)", "Straße, Gödel, Erdős, Schönberg"},
      {R"(\'{\i} {\i} \"\i \^{\i})", "í ı ï î"},
      {R"(\'{}\~{})", "'~"},
      {R"(\& \% \$ \_ \# \{ \})", "& % $ _ # { }"},
      {"a---b a--b a-b", "a—b a–b a-b"},
      {"``quoted'' text", "“quoted” text"},
      {"non~breaking", "non breaking"},
      {"{Protective} {B}races {{AIDS}}", "Protective Braces AIDS"},
      {R"({\em emphasis} \emph{x} \textit{y} \textbf{z} {\bf w})", "emphasis x y z w"},
      {R"($\beta$-blockers, $p<0.05$, $^{13}$C, $\alpha_2$, $10^{-3}$)",
       "β-blockers, p<0.05, 13C, α2, 10-3"},
      {R"(p {\textless} 0.001 {\textgreater}= 4 \textasciitilde)", "p < 0.001 >= 4 ~"},
      {R"(\textendash\textemdash{} \textquoteright{} \textdegree C $\pm$ 1 $\times$ 2)",
       "–— ’ °C ± 1 × 2"},
      {R"(\href{http://x.org}{the site} \url{http://y.org})", "the site http://y.org"},
      {R"(\unknown{kept} \LaTeX)", "kept LaTeX"},
      {R"(\'ǝ)", "ǝ\xCC\x81"},  // no precomposed letter: a combining acute
      {R"(\d{a}\b{b})",
       "a\xCC\xA3"
       "b\xCC\xB1"},
      {"trailing \\", "trailing "},
      {R"(\'{)", "'"},
      {"unbalanced } and { braces", "unbalanced  and  braces"},
  };
  for (const auto& [latex, text] : cases) {
    INFO(latex);
    CHECK(parse::LatexToUnicode(latex) == text);
  }
  CHECK(parse::LatexToUnicode("123--129", /*dashes=*/false) == "123--129");
  std::string deep;  // nested accents do not recurse without bound
  for (int i = 0; i < 100000; ++i) deep += "\\'{";
  CHECK(core::IsValidUtf8(parse::LatexToUnicode(deep)));
}

TEST_CASE("BibtexReader handles BibTeX syntax", "[bibtex]") {
  const Parsed p = ReadText(
      "This text is a comment; so is the address me@example.org.\n"
      "@string{jnl = \"Journal of \" # {Things}}\n"
      "@STRING(ed = {Second})\n"
      "@comment{ @article{ignored, title = {No}} }\n"
      "@preamble{ \"\\newcommand{\\noop}[1]{}\" }\n"
      "@Article{key1,\n"
      "  Title = \"A {\\\"u}ber {T}itle -- with \\LaTeX\",\n"
      "  author = {M{\\\"u}ller, Hans and {World Health Organization} and\n"
      "            Anna van der Berg and Smith, Jr, John and others},\n"
      "  editor = {Editor, Ed},\n"
      "  journal = jnl # \", \" # ed,\n"
      "  year = 2020, month = jan,\n"
      "  pages = {123--9},\n"
      "  keywords = {one; two, three; four},\n"
      "  issn = {1234-5678, 8765432x},\n"
      "  isbn = {978-3-16-148410-0},\n"
      "  eprint = {31234567}, eprinttype = {pubmed},\n"
      "  pmcid = {PMC1234567},\n"
      "  url = {https://doi.org/10.1000/A\\_B},\n"
      "  title = {Second title is ignored},\n"
      "}\n"
      "@inproceedings(key2, title={In (parens)}, booktitle={Proc. of {X}}, date={2019-05-01},"
      " issue = {7}, keywords = {a, b})\n"
      "@misc{, title = {No key}, note = {See PMID: 7654321.}, journaltitle = {JT},"
      " source = {PubMed}}\n"
      "@book{onlykey}\n");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 4);
  const core::Record& a = p.records[0];
  CHECK(a.locator == "in.bib:6");
  CHECK(a.kind == "article");
  CHECK(a.title == "A über Title – with LaTeX");
  REQUIRE(a.authors.size() == 4);  // "others" dropped, the editor is no author
  CHECK(a.authors[0].family == "Müller");
  CHECK(a.authors[0].given == "Hans");
  CHECK(a.authors[1].collective == "World Health Organization");
  CHECK(a.authors[2].family == "van der Berg");
  CHECK(a.authors[3].family == "Smith");
  CHECK(a.authors[3].given == "John Jr");
  CHECK(a.journal == "Journal of Things, Second");
  CHECK(a.year == 2020);
  CHECK(a.pages == "123-129");
  CHECK(a.keywords == std::vector<std::string>{"one", "two, three", "four"});
  CHECK(a.issn == std::vector<std::string>{"1234-5678", "8765-432X"});
  CHECK(a.other_ids == std::vector<std::string>{"isbn:9783161484100", "bibkey:key1"});
  CHECK(a.pmid == "31234567");
  CHECK(a.pmcid == "PMC1234567");
  CHECK(a.doi == "10.1000/a_b");
  CHECK(a.source_id == "key1");
  CHECK(a.source_id_local);
  CHECK(a.raw.starts_with("@Article{key1,\n  Title"));
  CHECK(a.raw.ends_with("ignored},\n}"));
  const core::Record& b = p.records[1];
  CHECK(b.locator == "in.bib:22");
  CHECK(b.kind == "conference-paper");
  CHECK(b.title == "In (parens)");
  CHECK(b.journal == "Proc. of X");
  CHECK(b.year == 2019);
  CHECK(b.issue == "7");
  CHECK(b.keywords == std::vector<std::string>{"a", "b"});
  CHECK(b.raw.ends_with("keywords = {a, b})"));
  const core::Record& c = p.records[2];
  CHECK(c.kind == "other");
  CHECK(c.other_ids.empty());
  CHECK(c.pmid == "7654321");
  CHECK(c.source == "pubmed");
  CHECK(c.source_id == "7654321");
  CHECK_FALSE(c.source_id_local);
  CHECK(c.journal == "JT");
  CHECK(p.records[3].kind == "book");  // an entry without fields is still a record
  CHECK(p.records[3].title.empty());
  CHECK(p.records[3].source_id == "onlykey");
}

TEST_CASE("BibtexReader reads awkward but valid files", "[bibtex]") {
  SECTION("BOM and CRLF") {
    const Parsed p = ReadText(
        "\xEF\xBB\xBF@article{a,\r\n title = {One\r\n Two}}\r\n\r\n@article{b, title={B}}");
    REQUIRE(p.status.ok());
    REQUIRE(p.records.size() == 2);
    CHECK(p.records[0].title == "One Two");
    CHECK(p.records[1].locator == "in.bib:5");
  }
  SECTION("CR-only line ends") {
    const Parsed p = ReadText("@article{a,\r title = {One}}\r@article{b,\r title = {Two}}\r");
    REQUIRE(p.records.size() == 2);
    CHECK(p.records[1].locator == "in.bib:3");
  }
  SECTION("Latin-1 bytes") {
    const Parsed p = ReadText("@article{a, title = {Caf\xE9}}");
    REQUIRE(p.records.size() == 1);
    CHECK(p.records[0].title == "Café");
  }
  SECTION("entries on one line, blanks and a trailing comma") {
    const Parsed p = ReadText("@article { a , title = {A} , } @article{b,title={B}}");
    REQUIRE(p.records.size() == 2);
    CHECK(p.records[0].source_id == "a");
    CHECK(p.records[1].title == "B");
  }
  SECTION("a field name with a blank, as Scopus writes it") {
    const Parsed p = ReadText("@ARTICLE{k,\nfunding_text 1={x},\ntitle={T}}");
    REQUIRE(p.records.size() == 1);
    CHECK(p.records[0].title == "T");
  }
  SECTION("only macros and comments") {
    const Parsed p = ReadText("@string{a = {b}}\n@comment{x}\n");
    CHECK(p.status.ok());
    CHECK(p.records.empty());
  }
  SECTION("an unclosed @comment is ignored, as BibTeX does") {
    const Parsed p = ReadText("@comment{ never closed\n@article{a, title = {A}}");
    CHECK(p.status.ok());
    REQUIRE(p.records.size() == 1);
    CHECK(p.records[0].title == "A");
  }
}

TEST_CASE("BibtexReader refuses broken and foreign files", "[bibtex]") {
  struct Case {
    const char* what;
    std::string text;
    const char* message;
  };
  const Case cases[] = {
      {"empty file", "", "in.bib:1: empty file"},
      {"blank file", "\n  \n", "in.bib:1: empty file"},
      {"no entries", "just some text\nand more\n", "in.bib:1: no BibTeX entry found"},
      {"RIS", "TY  - JOUR\nTI  - Title\nER  - \n", "in.bib:1: no BibTeX entry found"},
      {"unterminated entry",
       "@article{a, title = {A}}\n\n@article{b,\n title = {B},\n year = 2000\n",
       "in.bib:3: entry not closed before the end of the file"},
      {"unbalanced braces", "@article{a,\n title = {A {B},\n year = {2000}\n}\n",
       "in.bib:1: entry not closed"},
      {"unterminated quote", "@article{a,\n title = \"A\n}\n", "in.bib:1: entry not closed"},
      {"missing =", "@article{a,\n title {A}\n}",
       "in.bib:2: expected '=' after the field name 'title'"},
      {"missing comma", "@article{a,\n title = {A}\n year = {2000}\n}",
       "in.bib:3: expected ',' or '}' after the field 'title', found 'y' (in the entry starting at "
       "line 1)"},
      {"missing value", "@article{a,\n title = ,\n}", "in.bib:2: expected a value"},
      {"NUL bytes", std::string("@article{a,\0\0}", 15), "in.bib:1: NUL byte"},
      {"UTF-16", "\xFF\xFE@\0a\0", "in.bib:1: the file is UTF-16"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const Parsed p = ReadText(c.text);
    CHECK(p.status.code() == core::Status::Code::kInvalidInput);
    CHECK_THAT(p.status.message(), Catch::StartsWith(c.message));
  }
  SECTION("records before the error are handed out") {
    const Parsed p = ReadText("@article{a, title = {A}}\n@article{b, title = {B}\n");
    CHECK(p.records.size() == 1);
    CHECK_THAT(p.status.message(), Catch::StartsWith("in.bib:2: entry not closed"));
  }
  SECTION("a missing file") {
    const Parsed p = Read("/nonexistent/file.bib");
    CHECK(!p.status.ok());
    CHECK(p.records.empty());
  }
  SECTION("binary garbage") {
    std::string junk;
    for (int i = 1; i < 256; ++i) junk += static_cast<char>(i);
    const Parsed p = ReadText(junk + "@" + junk + "{" + junk);
    CHECK(!p.status.ok());
  }
}

TEST_CASE("LooksLikeBibtex tells BibTeX from other formats", "[bibtex]") {
  CHECK(parse::LooksLikeBibtex("@article{key,\n title = {T}}"));
  CHECK(parse::LooksLikeBibtex("Scopus\nEXPORT DATE: 2 March 2019\n\n@ARTICLE{Bui20181477,\n"));
  CHECK(parse::LooksLikeBibtex("Record #1 of 5\r\n@article{Romano12,\r\n"));
  CHECK(parse::LooksLikeBibtex("  @Book (key,\n"));
  CHECK(parse::LooksLikeBibtex("% Encoding: UTF-8\n\n@String{x = {y}}\n"));
  CHECK_FALSE(parse::LooksLikeBibtex(""));
  CHECK_FALSE(parse::LooksLikeBibtex("TY  - JOUR\nTI  - @article{x}\nER  - \n"));
  CHECK_FALSE(parse::LooksLikeBibtex("id,title,email\n1,Paper,me@article{x}.org\n"));
  CHECK_FALSE(parse::LooksLikeBibtex("<xml><records><record><title>@article{x,</title>"));
  CHECK_FALSE(parse::LooksLikeBibtex("@unknowntype{x,\n"));
  CHECK_FALSE(parse::LooksLikeBibtex("Record #1 of 2\nID: CN-01234567\nTI: Title\n"));
  if (!testutil::HaveSharedData()) return;
  for (const auto& [file, count] : kCounts) {
    INFO(file);
    CHECK(parse::LooksLikeBibtex(testutil::ReadFile(testutil::SharedData(file)).substr(0, 65536)));
  }
  for (const char* other : {"exports/endnote_xml/asysd_zotero_export_endnote.xml",
                            "exports/ris/asysd_zotero_export.ris",
                            "exports/scopus_csv_ris_bib_same_set/lagisz_pfas_scopus.csv",
                            "exports/cochrane/p1m_stmz_cochrane_search_manager_20190302.txt"}) {
    INFO(other);
    CHECK_FALSE(
        parse::LooksLikeBibtex(testutil::ReadFile(testutil::SharedData(other)).substr(0, 65536)));
  }
}
