// Tests for parse/refer_reader.h on JabRef's EndNote/refer fixtures of
// ../shared/data/exports/jabref (no .bib oracle exists for them; the values
// JabRef's own tests expect are checked where they agree with EndNote's tag
// meanings), on an inline EndNote export of PubMed records, and on damaged
// or foreign inputs.
#include "parse/refer_reader.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/normalize.h"
#include "tests/parse/reader_test_util.h"
#include "tests/test_util.h"

namespace {

namespace fs = std::filesystem;
using readertest::Families, readertest::Head, readertest::Parsed;

Parsed Parse(const fs::path& path, const std::string& display = "") {
  return readertest::ReadPath<parse::ReferReader>(path, display);
}

Parsed ParseText(const std::string& text) {
  return readertest::ReadText<parse::ReferReader>(text, "in.enw");
}

Parsed ParseShared(const std::string& name) {
  return Parse(testutil::SharedData("exports/jabref/" + name), name);
}

// Two PubMed records as EndNote exports them (values invented).
const char kEndnote[] =
    "%0 Journal Article\n"
    "%A White, Sarah J.\n"
    "%A M\xc3\xbcller, Anna\n"
    "%A World Health Organization,\n"
    "%A CORE Study Group\n"
    "%E Editor, Ed\n"
    "%D 2019\n"
    "%8 Dec\n"
    "%T Exercise for fatigue: a randomised trial\n"
    "%B J Clin Nurs\n"
    "%J Journal of clinical nursing\n"
    "%V 28\n"
    "%N 23-24\n"
    "%P 4404-13\n"
    "%@ 0962-1067 (Print)\n"
    "1365-2702 (Electronic)\n"
    "%M 31234567\n"
    "%~ NLM\n"
    "%W PubMed\n"
    "%R 10.1111/jocn.15025\n"
    "%U https://pubmed.ncbi.nlm.nih.gov/31234567/\n"
    "%K Adult\n"
    "Exercise Therapy/*methods\n"
    "Fatigue/*therapy\n"
    "%X BACKGROUND: Fatigue is common.\n"
    "ER signalling aside, we ran a trial (NCT01234567).\n"
    "\n"
    "%0 marks nothing here: this line is part of the abstract? No: it starts a record.\n"
    "%G eng\n"
    "%9 Journal Article\n"
    "\n"
    "%0 Book Section\n"
    "%A Preißel, René\n"
    "%T Git basics\n"
    "%B Git : dezentrale Versionsverwaltung\n"
    "%D 2016\n"
    "%P 1-20\n"
    "%@ 978-3-86490-311-3\n"
    "%U https://www.ncbi.nlm.nih.gov/pmc/articles/PMC6789012/\n"
    "%U https://doi.org/10.1000/XYZ.1\n";

}  // namespace

TEST_CASE("ReferReader reads every record of every real EndNote tagged file", "[refer]") {
  WINNOW_REQUIRE_SHARED_DATA();
  // Every "%0" line starts a record, as in EndNote; files without one hold a
  // single record. Counted with grep -c '^%0' and by eye.
  const std::map<std::string, size_t> kCounts = {
      {"jabref_Endnote.book.example.enw", 1}, {"jabref_Endnote.entries.enw", 13},
      {"jabref_Endnote.pattern.A.enw", 1},    {"jabref_Endnote.pattern.E.enw", 1},
      {"jabref_Endnote.pattern.no_enw", 1},   {"jabref_refer.bibIX.Journal.ref", 1},
      {"jabref_refer.bibIX.ref", 4},
  };
  for (const auto& [name, count] : kCounts) {
    INFO(name);
    Parsed p = ParseShared(name);
    CHECK(p.status.ok());
    CHECK(p.records.size() == count);
    for (const core::Record& r : p.records) {
      CHECK(r.format == "endnote-tagged");
      CHECK(r.raw.rfind("%", 0) == 0);
    }
  }
}

TEST_CASE("ReferReader maps JabRef's book example", "[refer]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Parsed p = ParseShared("jabref_Endnote.book.example.enw");
  REQUIRE(p.records.size() == 1);
  const core::Record& r = p.records[0];
  CHECK(r.locator == "jabref_Endnote.book.example.enw:1");
  CHECK(r.kind == "book");
  CHECK(r.title == "Git : dezentrale Versionsverwaltung im Team : Grundlagen und Workflows");
  REQUIRE(r.authors.size() == 2);
  CHECK(r.authors[0].family ==
        "Prei\xc3\x9f"
        "el");
  CHECK(r.authors[0].given == "Ren\xc3\xa9");
  CHECK(r.authors[1].family == "Stachmann");
  CHECK(r.authors[1].given == "Bj\xc3\xb8rn");
  CHECK(r.year == 2016);
  CHECK(r.keywords == std::vector<std::string>{"Versionsverwaltung"});
  CHECK(r.other_ids == std::vector<std::string>{"isbn:978-3-86490-311-3"});
  CHECK(r.pages.empty());  // "%P XX, 327" is a book's page count
  CHECK(r.journal.empty());
  CHECK(r.doi.empty());
  const std::string last = "\n%1 UB Vaihingen (geschlossen: 24.12.15 - 3.1.16)";
  CHECK(r.raw.compare(r.raw.size() - last.size(), last.size(), last) == 0);
}

TEST_CASE("ReferReader splits JabRef's entries file at every %0", "[refer]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Parsed p = ParseShared("jabref_Endnote.entries.enw");
  REQUIRE(p.records.size() == 13);
  // 1: "%0" without a type, two authors, two editors (not authors).
  CHECK(p.records[0].kind.empty());
  CHECK(Families(p.records[0]) == std::vector<std::string>{"testA0", "testA1"});
  CHECK(p.records[0].title == "testT");
  CHECK(p.records[0].raw == "%0\n%A testA0\n%A testA1\n%E testE0\n%E testE1\n%T testT");
  // 2-9: a "%0" line each and nothing else: empty records of their own.
  const char* kKinds[] = {"article",          "book-chapter", "book",    "book",
                          "conference-paper", "report",       "article", "thesis"};
  for (size_t i = 1; i <= 8; ++i) {
    INFO(i);
    CHECK(p.records[i].kind == kKinds[i - 1]);
    CHECK(p.records[i].raw.find('\n') == std::string::npos);
    CHECK(p.records[i].locator == "jabref_Endnote.entries.enw:" + std::to_string(i + 6));
    CHECK(p.records[i].title.empty());
  }
  // 10: "%0 Test0": first %J wins, %B is not needed, dates are not years.
  const core::Record& r10 = p.records[9];
  CHECK(r10.kind == "other");
  CHECK(r10.journal == "testJ");
  CHECK(r10.year == 0);
  // 11: "%0 Journal" with only %B: the journal.  12: a book's %B is its series.
  CHECK(p.records[10].kind == "article");
  CHECK(p.records[10].journal == "testB0");
  CHECK(p.records[11].kind == "book");
  CHECK(p.records[11].journal.empty());
  // 13: "%0 Thesis" and the rest of the tags.
  const core::Record& r13 = p.records[12];
  CHECK(r13.locator == "jabref_Endnote.entries.enw:28");
  CHECK(r13.kind == "thesis");
  CHECK(r13.volume == "testV");
  CHECK(r13.issue == "testN");
  CHECK(r13.pages == "testP");
  CHECK(r13.keywords == std::vector<std::string>{"testK"});
  CHECK(r13.abstract == "testX");
  CHECK(r13.publication_types == std::vector<std::string>{"Ph.D.", "Masters"});
  CHECK(r13.doi.empty());  // "%R testRw", "%R doi:testR": no DOI in them
}

TEST_CASE("ReferReader reads JabRef's pattern files", "[refer]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Parsed a = ParseShared("jabref_Endnote.pattern.A.enw");
  REQUIRE(a.records.size() == 1);
  CHECK(Families(a.records[0]) == std::vector<std::string>{"testA"});
  CHECK(a.records[0].kind.empty());
  Parsed e = ParseShared("jabref_Endnote.pattern.E.enw");
  REQUIRE(e.records.size() == 1);
  CHECK(e.records[0].authors.empty());  // an editor only
  // A lone "%0": one empty record (the importer reports it as unusable).
  Parsed no = ParseShared("jabref_Endnote.pattern.no_enw");
  REQUIRE(no.records.size() == 1);
  CHECK(no.records[0].raw == "%0");
  CHECK(no.records[0].title.empty());
}

TEST_CASE("ReferReader maps JabRef's refer/BibIX files", "[refer]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Parsed j = ParseShared("jabref_refer.bibIX.Journal.ref");
  REQUIRE(j.records.size() == 1);
  const core::Record& r = j.records[0];
  CHECK(r.kind == "article");
  CHECK(r.title == "Title");
  CHECK(r.journal == "Publication");
  CHECK(r.volume == "Volume");
  CHECK(r.issue == "Issue");
  CHECK(r.abstract == "Abstract");
  CHECK(r.year == 2025);
  CHECK(Families(r) == std::vector<std::string>{"AuthorL", "ContributorL", "Reviewed AuthorL"});
  CHECK(r.source.empty());  // "%W Loc. in Archive" is no database

  Parsed p = ParseShared("jabref_refer.bibIX.ref");
  REQUIRE(p.records.size() == 4);
  std::vector<std::string> kinds, locators;
  for (const core::Record& rec : p.records) {
    kinds.push_back(rec.kind);
    locators.push_back(rec.locator);
  }
  CHECK(kinds == std::vector<std::string>{"book", "conference-paper", "other", "thesis"});
  CHECK(locators ==
        std::vector<std::string>{"jabref_refer.bibIX.ref:1", "jabref_refer.bibIX.ref:18",
                                 "jabref_refer.bibIX.ref:39", "jabref_refer.bibIX.ref:61"});
  CHECK(p.records[0].title == "TitleTest");
  CHECK(p.records[0].language == std::vector<std::string>{"en"});
  CHECK(p.records[0].raw.back() == 'e');  // "%D Date", without the blank line after it
  CHECK(p.records[1].journal == "Proceedings Title");
  CHECK(p.records[1].authors.size() == 3);  // %A only; %E and %? are not authors
  CHECK(p.records[2].journal == "Encyclopedia Title");
  CHECK(p.records[3].title == "Title");
}

TEST_CASE("ReferReader maps an EndNote export of PubMed records", "[refer]") {
  Parsed p = ParseText(kEndnote);
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 3);
  const core::Record& r = p.records[0];
  CHECK(r.kind == "article");
  CHECK(r.source == "pubmed");
  CHECK(r.source_id == "31234567");
  CHECK(r.pmid == "31234567");
  CHECK(r.title == "Exercise for fatigue: a randomised trial");
  CHECK(r.journal == "Journal of clinical nursing");
  CHECK(r.year == 2019);
  CHECK(r.volume == "28");
  CHECK(r.issue == "23-24");
  CHECK(r.pages == "4404-4413");
  CHECK(r.issn == std::vector<std::string>{"0962-1067", "1365-2702"});
  CHECK(r.doi == "10.1111/jocn.15025");
  CHECK(r.keywords ==
        std::vector<std::string>{"Adult", "Exercise Therapy/*methods", "Fatigue/*therapy"});
  // A line starting "ER" inside the abstract is text; the blank line does not
  // end the record (only "%0" does).
  CHECK(r.abstract ==
        "BACKGROUND: Fatigue is common. ER signalling aside, we ran a trial "
        "(NCT01234567).");
  CHECK(r.registrations == std::vector<std::string>{"NCT01234567"});
  REQUIRE(r.authors.size() == 4);
  CHECK(r.authors[0].family == "White");
  CHECK(r.authors[0].given == "Sarah J.");
  CHECK(r.authors[0].initials == "SJ");
  CHECK(r.authors[1].family == "M\xc3\xbcller");
  CHECK(r.authors[2].collective == "World Health Organization");
  CHECK(r.authors[3].collective == "CORE Study Group");

  // "%0 marks nothing here..." is a %0 line: a record of an unknown type.
  const core::Record& odd = p.records[1];
  CHECK(odd.locator == "in.enw:28");
  CHECK(odd.kind == "other");
  CHECK(odd.language == std::vector<std::string>{"eng"});
  CHECK(odd.publication_types == std::vector<std::string>{"Journal Article"});

  const core::Record& ch = p.records[2];
  CHECK(ch.kind == "book-chapter");
  CHECK(ch.journal == "Git : dezentrale Versionsverwaltung");  // %B: the book
  CHECK(ch.pages == "1-20");
  CHECK(ch.pmcid == "PMC6789012");
  CHECK(ch.pmid.empty());
  CHECK(ch.doi == "10.1000/xyz.1");
  CHECK(ch.other_ids == std::vector<std::string>{"isbn:978-3-86490-311-3"});
}

TEST_CASE("ReferReader separates refer records without %0 by blank lines", "[refer]") {
  Parsed p = ParseText(
      "Exported from somewhere\n\n%A Smith, J\n%T One\n%X Abstract\n"
      "continued\n\n%a Jones, K\n%t Two\n\n\n%T Three\n");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 3);
  CHECK(p.records[0].locator == "in.enw:3");
  CHECK(p.records[0].abstract == "Abstract continued");
  CHECK(p.records[1].title == "Two");  // lower-case tags read as upper case
  CHECK(Families(p.records[1]) == std::vector<std::string>{"Jones"});
  CHECK(p.records[2].locator == "in.enw:12");
}

TEST_CASE("ReferReader copes with line ends, BOM and Latin-1", "[refer]") {
  const std::string lf = "%0 Journal Article\n%T Caf\xc3\xa9\n%D 2001\n\n%0 Book\n%T B\n";
  for (const std::string& text : readertest::TextVariants(lf)) {
    Parsed p = ParseText(text);
    REQUIRE(p.status.ok());
    REQUIRE(p.records.size() == 2);
    CHECK(p.records[0].title == "Caf\xc3\xa9");
    CHECK(p.records[0].raw == "%0 Journal Article\n%T Caf\xc3\xa9\n%D 2001");
    CHECK(p.records[1].locator == "in.enw:5");
    CHECK(p.records[1].kind == "book");
  }
}

TEST_CASE("LooksLikeRefer claims exactly the EndNote tagged files of the shared data", "[refer]") {
  WINNOW_REQUIRE_SHARED_DATA();
  size_t claimed = 0;
  for (const fs::path& path : readertest::ExportFiles()) {
    const std::string ext = path.extension().string();
    bool refer = ext == ".enw" || ext == ".ref";
    INFO(path);
    CHECK(parse::LooksLikeRefer(Head(path)) == refer);
    claimed += refer;
  }
  CHECK(claimed == 6);  // not jabref_Endnote.pattern.no_enw: a lone "%0"
}

TEST_CASE("LooksLikeRefer on small samples", "[refer]") {
  CHECK(parse::LooksLikeRefer(kEndnote));
  CHECK(parse::LooksLikeRefer("\r\n%A testA"));
  CHECK(parse::LooksLikeRefer("%0\n%T Title\n"));
  CHECK_FALSE(parse::LooksLikeRefer("%0"));
  CHECK_FALSE(parse::LooksLikeRefer(""));
  CHECK_FALSE(parse::LooksLikeRefer("% Encoding: UTF-8\n@article{a, title={T}}\n"));
  CHECK_FALSE(parse::LooksLikeRefer("%%PDF-1.4\n"));
  CHECK_FALSE(parse::LooksLikeRefer("%PDF-1.4\n"));
  CHECK_FALSE(parse::LooksLikeRefer("TY  - JOUR\n%T Title\n"));
}

TEST_CASE("ReferReader refuses empty, foreign and binary files", "[refer]") {
  Parsed empty = ParseText("");
  readertest::CheckRefused(empty, "in.enw:1: the file is empty");
  CHECK(empty.status.code() == core::Status::Code::kInvalidInput);
  readertest::CheckRefused(ParseText("\nTY  - JOUR\nER  - \n"),
                           "in.enw:2: no EndNote tagged field found");
  Parsed binary = ParseText(std::string("%0 Book\n%T a") + '\0' + "\n");
  CHECK(binary.status.code() == core::Status::Code::kInvalidInput);
  Parsed missing = Parse("/nonexistent/file.enw");
  CHECK_FALSE(missing.status.ok());
}

TEST_CASE("ReferReader survives mutated input", "[refer]") {
  std::mt19937 rng(5);
  for (int i = 0; i < 150; ++i) {
    Parsed p = ParseText(readertest::Damage(kEndnote, rng));
    for (const core::Record& r : p.records) {
      CHECK(core::IsValidUtf8(r.raw));
      CHECK(core::IsValidUtf8(r.title));
    }
  }
  for (const char* s : {"%", "%A", "%A ,", "%@ ;;", "%U pubmed pmc doi.org/", "%[", "%0\n\n%0"}) {
    Parsed p = ParseText(s);
    CHECK(p.records.size() <= 2);
  }
}
