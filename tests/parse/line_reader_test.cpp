#include "parse/line_reader.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "parse/text_fields.h"
#include "test_util.h"

namespace {

struct Lines {
  std::vector<std::string> text;
  std::vector<uint64_t> numbers;
  core::Status status;
  uint64_t latin1 = 0;
};

Lines ReadAll(const std::string& content, size_t max_line = 0) {
  testutil::TempDir dir;
  testutil::WriteFile(dir / "in.txt", content);
  std::unique_ptr<parse::LineReader> reader;
  Lines out;
  out.status = parse::LineReader::Open((dir / "in.txt").string(), "in.txt", &reader);
  if (!out.status.ok()) return out;
  if (max_line) reader->max_line = max_line;
  std::string line;
  while (reader->Next(&line)) {
    out.text.push_back(line);
    out.numbers.push_back(reader->line_number());
  }
  out.status = reader->status();
  out.latin1 = reader->latin1_lines();
  return out;
}

}  // namespace

TEST_CASE("LineReader splits at LF, CRLF and bare CR alike", "[line_reader]") {
  for (std::string sep : {"\n", "\r\n", "\r"}) {
    Lines l = ReadAll("TY  - JOUR" + sep + sep + "ER  - " + sep + "last");
    REQUIRE(l.status.ok());
    CHECK(l.text == std::vector<std::string>{"TY  - JOUR", "", "ER  - ", "last"});
    CHECK(l.numbers == std::vector<uint64_t>{1, 2, 3, 4});
  }
}

TEST_CASE("LineReader drops a UTF-8 BOM and keeps UTF-8 text", "[line_reader]") {
  Lines l = ReadAll("\xEF\xBB\xBFTI  - Caf\xC3\xA9\nAU  - M\xC3\xBCller\n");
  REQUIRE(l.status.ok());
  CHECK(l.text == std::vector<std::string>{"TI  - Caf\xC3\xA9", "AU  - M\xC3\xBCller"});
  CHECK(l.latin1 == 0);
}

TEST_CASE("LineReader reads Latin-1 lines as Windows-1252", "[line_reader]") {
  Lines l = ReadAll("TI  - Caf\xE9 \x93quoted\x94\r\nAU  - plain\r\n");
  REQUIRE(l.status.ok());
  CHECK(l.text[0] == "TI  - Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D");
  CHECK(l.text[1] == "AU  - plain");
  CHECK(l.latin1 == 1);
}

TEST_CASE("LineReader refuses NUL bytes and UTF-16, naming the line", "[line_reader]") {
  Lines bin = ReadAll(std::string("ok\nbad\0line\n", 12));
  CHECK(bin.text == std::vector<std::string>{"ok"});
  CHECK(bin.status.code() == core::Status::Code::kInvalidInput);
  CHECK_THAT(bin.status.message(), Catch::Contains("in.txt:2") && Catch::Contains("NUL"));
  Lines utf16 = ReadAll(std::string("\xFF\xFEP\0M\0", 6));
  CHECK(utf16.text.empty());
  CHECK_THAT(utf16.status.message(), Catch::Contains("UTF-16"));
}

TEST_CASE("LineReader bounds the length of a line", "[line_reader]") {
  Lines l = ReadAll(std::string(5000, 'x') + "\nshort\n", 1000);
  CHECK(l.text.empty());
  CHECK_THAT(l.status.message(), Catch::Contains("in.txt:1") && Catch::Contains("longer"));
}

TEST_CASE("LineReader keeps CRLF pairs together across chunk boundaries", "[line_reader]") {
  // 256 KiB chunks: put a CRLF exactly on a boundary.
  std::string first(256 * 1024 - 1, 'a');
  Lines l = ReadAll(first + "\r\nsecond\r\nthird");
  REQUIRE(l.status.ok());
  REQUIRE(l.text.size() == 3);
  CHECK(l.text[1] == "second");
  CHECK(l.numbers[2] == 3);
}

TEST_CASE("LineReader::Unread returns the same line again", "[line_reader]") {
  testutil::TempDir dir;
  testutil::WriteFile(dir / "u.txt", "a\nb\n");
  std::unique_ptr<parse::LineReader> r;
  REQUIRE(parse::LineReader::Open((dir / "u.txt").string(), "", &r).ok());
  std::string line;
  REQUIRE(r->Next(&line));
  r->Unread();
  REQUIRE(r->Next(&line));
  CHECK(line == "a");
  REQUIRE(r->Next(&line));
  CHECK(line == "b");
  CHECK(r->Where() == (dir / "u.txt").string() + ":2");
  CHECK_FALSE(r->Next(&line));
  CHECK(r->status().ok());
}

TEST_CASE("ReadText joins lines with LF whatever the file used", "[line_reader]") {
  testutil::TempDir dir;
  testutil::WriteFile(dir / "t.bib", "\xEF\xBB\xBF@a{x,\r\n title={T}}\r");
  std::string text;
  REQUIRE(parse::ReadText((dir / "t.bib").string(), "t.bib", &text).ok());
  CHECK(text == "@a{x,\n title={T}}");
}

TEST_CASE("PmidFromText finds PMIDs in the forms exports use", "[text_fields]") {
  CHECK(parse::PmidFromText(" 33176729 ") == "33176729");
  CHECK(parse::PmidFromText("PMID: 33176729") == "33176729");
  CHECK(parse::PmidFromText("https://www.ncbi.nlm.nih.gov/pubmed/33176729") == "33176729");
  CHECK(parse::PmidFromText("https://pubmed.ncbi.nlm.nih.gov/33176729/") == "33176729");
  CHECK(parse::PmidFromText("http://x.org/?term=33176729") == "33176729");
  CHECK(parse::PmidFromText("10.1186/s12888-020-02923-3").empty());
  CHECK(parse::PmidFromText("1234567890").empty());
  CHECK(parse::PmcidFromText("PMCID: PMC7657356") == "PMC7657356");
  CHECK(parse::PmcidFromText("no id").empty());
}

TEST_CASE("CanonicalDatabase names the databases exports mention", "[text_fields]") {
  CHECK(parse::CanonicalDatabase("Embase") == "embase");
  CHECK(parse::CanonicalDatabase("Ovid MEDLINE(R) ALL") == "medline");
  CHECK(parse::CanonicalDatabase("APA PsycInfo") == "psycinfo");
  CHECK(parse::CanonicalDatabase("CINAHL Complete") == "cinahl");
  CHECK(parse::CanonicalDatabase("Scopus") == "scopus");
  CHECK(parse::CanonicalDatabase("Clarivate Analytics Web of Science") == "wos");
  CHECK(parse::CanonicalDatabase("PubMed") == "pubmed");
  CHECK(parse::CanonicalDatabase("My Local DB!") == "my-local-db");
  CHECK(parse::CanonicalDatabase("  ").empty());
}

TEST_CASE("SplitList and FinishRecord tidy fields without inventing any", "[text_fields]") {
  CHECK(parse::SplitList("a; b;; c ", ";") == std::vector<std::string>{"a", "b", "c"});
  core::Record r;
  r.title = "  A  trial  (NCT01234567) ";
  r.doi = "https://doi.org/10.1000/ABC";
  r.pages = "123-9";
  r.issn = {"1471244x", "1471-244X", "junk"};
  r.keywords = {"x", "x", " y "};
  parse::FinishRecord(&r);
  CHECK(r.title == "A trial (NCT01234567)");
  CHECK(r.doi == "10.1000/abc");
  CHECK(r.pages == "123-129");
  CHECK(r.issn == std::vector<std::string>{"1471-244X", "junk"});
  CHECK(r.keywords == std::vector<std::string>{"x", "y"});
  CHECK(r.registrations == std::vector<std::string>{"NCT01234567"});
  CHECK(r.journal.empty());
}
