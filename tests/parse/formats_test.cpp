// Format detection from content (not the file name) and the reader factory.
#include "parse/formats.h"

#include <catch2/catch.hpp>

#include <string>

#include "test_util.h"

namespace {

core::Status Detect(const std::string& content, std::string* format,
                    const std::string& name = "in.dat") {
  testutil::TempDir dir;
  testutil::WriteFile(dir / name, content);
  return parse::DetectFormat((dir / name).string(), format);
}

std::string DetectOk(const std::string& content) {
  std::string format;
  core::Status st = Detect(content, &format);
  INFO(st.message());
  REQUIRE(st.ok());
  return format;
}

}  // namespace

TEST_CASE("DetectFormat tells each format from a few lines of it", "[formats]") {
  CHECK(DetectOk("TY  - JOUR\nTI  - A\nER  - \n") == "ris");
  CHECK(DetectOk("PMID- 123\nTI  - A\n") == "medline");
  CHECK(DetectOk("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Smith, J\nER\nEF\n") ==
        "wos");
  CHECK(DetectOk("@article{k,\n title={A}\n}\n") == "bibtex");
  CHECK(DetectOk("%0 Journal Article\n%A Smith, J\n%T A\n") == "endnote-tagged");
  CHECK(DetectOk("<?xml version=\"1.0\"?>\n<xml><records><record></record></records></xml>") ==
        "endnote-xml");
  CHECK(DetectOk("<?xml version=\"1.0\"?>\n<PubmedArticleSet></PubmedArticleSet>") ==
        "pubmed-xml");
  CHECK(DetectOk("Title,Authors,Year,DOI\n\"A\",\"Smith J\",2020,10.1/x\n") == "csv");
  CHECK(DetectOk("30668574\n30235242\n") == "pmid-list");
}

TEST_CASE("DetectFormat looks at content, not the file name", "[formats]") {
  std::string format;
  REQUIRE(Detect("TY  - JOUR\nER  - \n", &format, "export.txt").ok());
  CHECK(format == "ris");
  REQUIRE(Detect("@article{k, title={A}}\n", &format, "export.ris").ok());
  CHECK(format == "bibtex");
}

TEST_CASE("DetectFormat refuses empty, binary and unknown files with the file name", "[formats]") {
  std::string format;
  core::Status empty = Detect("\n  \n", &format);
  CHECK(empty.code() == core::Status::Code::kInvalidInput);
  CHECK_THAT(empty.message(), Catch::Contains("in.dat:1") && Catch::Contains("empty"));
  core::Status binary = Detect(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), &format);
  CHECK(binary.code() == core::Status::Code::kInvalidInput);
  CHECK_THAT(binary.message(), Catch::Contains("in.dat") && Catch::Contains("NUL"));
  core::Status prose = Detect("Dear colleague,\nplease find attached.\n", &format);
  CHECK(prose.code() == core::Status::Code::kInvalidInput);
  CHECK_THAT(prose.message(), Catch::Contains("cannot tell the file's format") &&
                                  Catch::Contains("--format"));
}

TEST_CASE("DetectFormat reads XML written without line breaks", "[formats]") {
  std::string one_line = "<?xml version=\"1.0\"?>\n<xml><records>";
  while (one_line.size() < 100 * 1024) one_line += "<record><titles><title>T</title></titles></record>";
  one_line += "</records></xml>";
  CHECK(DetectOk(one_line) == "endnote-xml");
}

TEST_CASE("OpenReader knows every format it lists, and no other", "[formats]") {
  testutil::TempDir dir;
  testutil::WriteFile(dir / "x", "TY  - JOUR\nER  - \n");
  for (const std::string& format : parse::KnownFormats()) {
    std::unique_ptr<parse::RecordReader> reader;
    CHECK(parse::OpenReader(format, (dir / "x").string(), "x", {}, &reader).ok());
    CHECK(reader != nullptr);
    CHECK_FALSE(parse::FormatDescription(format).empty());
  }
  std::unique_ptr<parse::RecordReader> reader;
  core::Status st = parse::OpenReader("docx", (dir / "x").string(), "x", {}, &reader);
  CHECK(st.code() == core::Status::Code::kUsage);
  parse::ReaderOptions map;
  map.column_map = {{"Name", "title"}};
  st = parse::OpenReader("ris", (dir / "x").string(), "x", map, &reader);
  CHECK_THAT(st.message(), Catch::Contains("--map applies to CSV"));
}
