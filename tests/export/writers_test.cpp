// Tests for the JSON, CSV and RIS writers (export/writer.h). The main record
// is White et al., BMC Psychiatry 2020 (PMID 33176729), the review DESIGN.md
// is built around; its abstract here is abridged from DESIGN.md's summary.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "export/csv_writer.h"
#include "test_util.h"
#include "export/json_writer.h"
#include "export/ris_writer.h"
#include "export/writer.h"

namespace {

using Json = nlohmann::ordered_json;

const char* const kWhiteTitle =
    "The effectiveness of one-to-one peer support in mental health services: "
    "a systematic review and meta-analysis.";

std::vector<core::AbstractSection> WhiteSections() {
  return {
      {"BACKGROUND", "BACKGROUND", "Peer support in mental health services."},
      {"METHODS", "METHODS",
       "MEDLINE, PsycINFO, Embase, CINAHL and Cochrane searched to 13 June "
       "2019."},
      {"RESULTS", "RESULTS", "23 reports of 19 trials (3,329 participants)."},
  };
}

exporter::ExportItem WhiteItem() {
  exporter::ExportItem item;
  item.work_id = 12;
  item.record_id = 40;
  item.status = "included";
  core::Record& r = item.record;
  r.source = "pubmed";
  r.source_id = r.pmid = "33176729";
  r.pmcid = "PMC7657356";
  r.doi = "10.1186/s12888-020-02923-3";
  r.title = kWhiteTitle;
  r.abstract_sections = WhiteSections();
  r.abstract =
      "BACKGROUND: Peer support in mental health services. METHODS: MEDLINE, "
      "PsycINFO, Embase, CINAHL and Cochrane searched to 13 June 2019. "
      "RESULTS: 23 reports of 19 trials (3,329 participants).";
  core::Author gillard{"Gillard", "Steve", "S", "", "", {}};
  gillard.affiliations = {"St George's, University of London, London, UK."};
  gillard.orcid = "0000-0002-1825-0097";  // ORCID's documented example iD
  r.authors = {{"White", "Sarah", "S", "", "", {}},
               {"Foster", "Rhiannon", "R", "", "", {}},
               gillard,
               {"", "", "", "CORE Study Group", "", {}}};
  r.journal = "BMC psychiatry";
  r.journal_abbrev = "BMC Psychiatry";
  r.issn = {"1471-244X"};
  r.year = 2020;
  r.volume = "20";
  r.issue = "1";
  r.pages = "534";
  r.language = {"eng"};
  r.publication_types = {"Journal Article", "Meta-Analysis",
                         "Systematic Review"};
  r.mesh = {{"Humans", "D006801", false, {}},
            {"Mental Disorders", "D001523", true, {"therapy*"}},
            {"Peer Group", "D010487", false, {}}};
  r.keywords = {"Peer support", "Humans"};
  r.registrations = {"CRD42015025621"};
  r.kind = "article";
  return item;
}

// A record with almost nothing: every absent field must stay absent.
exporter::ExportItem SparseItem() {
  exporter::ExportItem item;
  item.work_id = 13;
  item.record_id = 41;
  item.record.source = "embase";
  item.record.title = "Caf\xE9 \"quoted\", with comma\nand newline";
  item.record.abstract_sections = {{"", "", "One unlabelled section."}};
  item.record.abstract = "One unlabelled section.";
  item.record.relations = {{"RetractionIn", "", "Lancet. 2020;395:10"}};
  item.record.deleted = true;
  return item;
}

std::string Render(exporter::Format format,
                   const std::vector<exporter::ExportItem>& items) {
  std::ostringstream out;
  auto writer = exporter::MakeWriter(format, out);
  writer->Begin();
  for (const auto& item : items) writer->Write(item);
  writer->Finish();
  return out.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("ParseFormat and MakeWriter", "[export]") {
  const std::vector<std::pair<std::string, exporter::Format>> known = {
      {"json", exporter::Format::kJson}, {"csv", exporter::Format::kCsv},
      {"ris", exporter::Format::kRis},   {"JSON", exporter::Format::kJson},
      {"Ris", exporter::Format::kRis},
  };
  for (const auto& [name, want] : known) {
    exporter::Format got = exporter::Format::kCsv;
    if (want == exporter::Format::kCsv) got = exporter::Format::kJson;
    INFO(name);
    CHECK(exporter::ParseFormat(name, &got));
    CHECK(got == want);
  }
  for (const std::string bad : {"", "xml", "bibtex", "jsonl", " csv"}) {
    exporter::Format got;
    INFO(bad);
    CHECK_FALSE(exporter::ParseFormat(bad, &got));
  }
  CHECK(Render(exporter::Format::kJson, {}) == "[]\n");
  CHECK(Render(exporter::Format::kRis, {}).empty());
  CHECK(Lines(Render(exporter::Format::kCsv, {})).size() == 1);
}

TEST_CASE("JSON writer prints DESIGN.md's record shape", "[export]") {
  const exporter::ExportItem white = WhiteItem();
  const std::string text =
      Render(exporter::Format::kJson, {white, SparseItem()});
  CHECK(Lines(text).size() == 4);  // "[", one line per item, "]"
  CHECK(text.substr(0, 2) == "[\n");
  CHECK(text.substr(text.size() - 3) == "\n]\n");
  const Json doc = Json::parse(text);
  REQUIRE(doc.size() == 2);
  const Json& j = doc[0];
  std::vector<std::string> keys;
  for (const auto& kv : j.items()) keys.push_back(kv.key());
  const std::vector<std::string> want_keys = {"work_id",
                                              "record_id",
                                              "source",
                                              "source_id",
                                              "pmid",
                                              "pmcid",
                                              "doi",
                                              "title",
                                              "abstract",
                                              "authors",
                                              "journal",
                                              "journal_abbrev",
                                              "issn",
                                              "year",
                                              "volume",
                                              "issue",
                                              "pages",
                                              "language",
                                              "publication_types",
                                              "mesh",
                                              "keywords",
                                              "registrations",
                                              "status",
                                              "kind",
                                              "abstract_sections",
                                              "mesh_detail"};
  CHECK(keys == want_keys);
  const core::Record& r = white.record;
  CHECK(j["work_id"] == 12);
  CHECK(j["record_id"] == 40);
  CHECK(j["source"] == "pubmed");
  CHECK(j["source_id"] == "33176729");
  CHECK(j["pmid"] == "33176729");
  CHECK(j["pmcid"] == "PMC7657356");
  CHECK(j["doi"] == "10.1186/s12888-020-02923-3");
  CHECK(j["title"] == kWhiteTitle);
  CHECK(j["abstract"] == r.abstract);
  CHECK(j["journal"] == "BMC psychiatry");
  CHECK(j["journal_abbrev"] == "BMC Psychiatry");
  CHECK(j["issn"] == Json::array({"1471-244X"}));
  CHECK(j["year"].is_number_integer());
  CHECK(j["year"] == 2020);
  CHECK(j["volume"] == "20");
  CHECK(j["issue"] == "1");
  CHECK(j["pages"] == "534");
  CHECK(j["language"] == Json::array({"eng"}));
  CHECK(j["publication_types"].get<std::vector<std::string>>() ==
        r.publication_types);
  CHECK(j["mesh"] == Json::array({"Humans", "Mental Disorders", "Peer Group"}));
  CHECK(j["keywords"].get<std::vector<std::string>>() == r.keywords);
  CHECK(j["registrations"] == Json::array({"CRD42015025621"}));
  CHECK(j["status"] == "included");
  CHECK(j["kind"] == "article");
}

TEST_CASE("JSON writer prints authors, sections and MeSH detail", "[export]") {
  const Json j = Json::parse(exporter::RecordToJson(WhiteItem()));
  const Json want_authors = Json::parse(R"([
    {"family": "White", "given": "Sarah", "initials": "S"},
    {"family": "Foster", "given": "Rhiannon", "initials": "R"},
    {"family": "Gillard", "given": "Steve", "initials": "S",
     "orcid": "0000-0002-1825-0097",
     "affiliations": ["St George's, University of London, London, UK."]},
    {"collective": "CORE Study Group"}])");
  CHECK(j["authors"] == want_authors);
  REQUIRE(j["abstract_sections"].size() == 3);
  const auto sections = WhiteSections();
  for (size_t i = 0; i < sections.size(); ++i) {
    const Json& s = j["abstract_sections"][i];
    CHECK(s["label"] == sections[i].label);
    CHECK(s["category"] == sections[i].nlm_category);
    CHECK(s["text"] == sections[i].text);
  }
  const Json want_mesh = Json::parse(R"([
    {"descriptor": "Humans", "ui": "D006801", "major": false, "qualifiers": []},
    {"descriptor": "Mental Disorders", "ui": "D001523", "major": true,
     "qualifiers": ["therapy*"]},
    {"descriptor": "Peer Group", "ui": "D010487", "major": false,
     "qualifiers": []}])");
  CHECK(j["mesh_detail"] == want_mesh);
}

TEST_CASE("JSON writer omits absent fields", "[export]") {
  const Json j = Json::parse(exporter::RecordToJson(SparseItem()));
  std::vector<std::string> keys;
  for (const auto& kv : j.items()) keys.push_back(kv.key());
  // One unlabelled section adds nothing to "abstract": no abstract_sections.
  const std::vector<std::string> want_keys = {
      "work_id",  "record_id", "source", "title",
      "abstract", "relations", "deleted"};
  CHECK(keys == want_keys);
  CHECK(j["title"] == "Caf\uFFFD \"quoted\", with comma\nand newline");
  CHECK(j["relations"] == Json::parse(R"([{"type": "RetractionIn",
      "pmid": "", "citation": "Lancet. 2020;395:10"}])"));
  CHECK(j["deleted"] == true);
  exporter::ExportItem bare;
  CHECK(exporter::RecordToJson(bare) == R"({"work_id":0,"record_id":0})");
}

TEST_CASE("CSV writer quotes per RFC 4180", "[export]") {
  exporter::ExportItem tricky = SparseItem();
  tricky.record.title = "Comma, \"quote\" and\r\nCRLF\nLF";
  tricky.record.authors = {{"O'Brien", "", "M", "", "", {}},
                           {"Cochrane", "", "", "", "", {}}};
  tricky.record.keywords = {"a, b", "c"};
  const std::string text =
      Render(exporter::Format::kCsv, {WhiteItem(), tricky});
  CHECK(text.find('\xEF') == std::string::npos);  // no BOM (nor U+FFFD here)
  CHECK(text.substr(0, text.find('\n') + 1)
            .ends_with("publication_types,mesh,keywords,registrations\r\n"));
  const auto rows = testutil::SplitCsv(text);
  REQUIRE(rows.size() == 3);
  const std::vector<std::string> header = {
      "work_id",        "record_id", "source",       "source_id",
      "status",         "pmid",      "pmcid",        "doi",
      "title",          "abstract",  "authors",      "journal",
      "journal_abbrev", "issn",      "year",         "volume",
      "issue",          "pages",     "language",     "publication_types",
      "mesh",           "keywords",  "registrations"};
  CHECK(rows[0] == header);
  const std::vector<std::string> white = {
      "12",
      "40",
      "pubmed",
      "33176729",
      "included",
      "33176729",
      "PMC7657356",
      "10.1186/s12888-020-02923-3",
      kWhiteTitle,
      WhiteItem().record.abstract,
      "White, Sarah; Foster, Rhiannon; Gillard, Steve; CORE Study Group",
      "BMC psychiatry",
      "BMC Psychiatry",
      "1471-244X",
      "2020",
      "20",
      "1",
      "534",
      "eng",
      "Journal Article; Meta-Analysis; Systematic Review",
      "Humans; Mental Disorders; Peer Group",
      "Peer support; Humans",
      "CRD42015025621"};
  CHECK(rows[1] == white);
  REQUIRE(rows[2].size() == header.size());
  CHECK(rows[2][8] == tricky.record.title);
  CHECK(rows[2][10] == "O'Brien, M; Cochrane");
  CHECK(rows[2][14].empty());  // year unknown
  CHECK(rows[2][21] == "a, b; c");
}

TEST_CASE("CsvField", "[export]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"plain", "plain"},
      {"", ""},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"line\nbreak", "\"line\nbreak\""},
      {"cr\rx", "\"cr\rx\""},
      {"semi; colon", "semi; colon"},
      {"Ünïcode", "Ünïcode"},
  };
  for (const auto& [in, want] : cases) {
    INFO(in);
    CHECK(exporter::CsvField(in) == want);
  }
}

// RIS lines end in CR LF, as the format's specification says.
std::string Crlf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

TEST_CASE("RIS writer prints the expected lines", "[export]") {
  const std::string text = Render(exporter::Format::kRis, {WhiteItem()});
  const std::string want =
      "TY  - JOUR\n"
      "TI  - The effectiveness of one-to-one peer support in mental health "
      "services: a systematic review and meta-analysis.\n"
      "T2  - BMC psychiatry\n"
      "J2  - BMC Psychiatry\n"
      "AU  - White, Sarah\n"
      "AU  - Foster, Rhiannon\n"
      "AU  - Gillard, Steve\n"
      "AU  - CORE Study Group\n"
      "PY  - 2020\n"
      "VL  - 20\n"
      "IS  - 1\n"
      "SP  - 534\n"
      "AB  - BACKGROUND: Peer support in mental health services. METHODS: "
      "MEDLINE, PsycINFO, Embase, CINAHL and Cochrane searched to 13 June "
      "2019. RESULTS: 23 reports of 19 trials (3,329 participants).\n"
      "DO  - 10.1186/s12888-020-02923-3\n"
      "SN  - 1471-244X\n"
      "LA  - eng\n"
      "M3  - Journal Article\n"
      "M3  - Meta-Analysis\n"
      "M3  - Systematic Review\n"
      "KW  - Peer support\n"
      "KW  - Humans\n"
      "KW  - Mental Disorders\n"
      "KW  - Peer Group\n"
      "AN  - 33176729\n"
      "UR  - https://pubmed.ncbi.nlm.nih.gov/33176729/\n"
      "C2  - PMC7657356\n"
      "ID  - 40\n"
      "DB  - pubmed\n"
      "N1  - winnow work 12, status included\n"
      "ER  - \n"
      "\n";
  CHECK(text == Crlf(want));
}

TEST_CASE("RIS writer: types, page ranges, line breaks", "[export]") {
  exporter::ExportItem chapter;
  chapter.work_id = 7;
  chapter.record.kind = "book-chapter";
  chapter.record.title = "Peer support\r\nin   practice";
  chapter.record.authors = {{"White", "", "SJ", "", "", {}}};
  chapter.record.pages = "123-129";
  exporter::ExportItem book;
  book.work_id = 8;
  book.record_id = 3;
  book.status = "unscreened";
  book.record.kind = "book";
  book.record.pages = "iii-xii";
  const std::string want =
      "TY  - CHAP\n"
      "TI  - Peer support in practice\n"
      "AU  - White, SJ\n"
      "SP  - 123\n"
      "EP  - 129\n"
      "N1  - winnow work 7\n"
      "ER  - \n"
      "\n"
      "TY  - BOOK\n"
      "SP  - iii\n"
      "EP  - xii\n"
      "ID  - 3\n"
      "N1  - winnow work 8, status unscreened\n"
      "ER  - \n"
      "\n";
  CHECK(Render(exporter::Format::kRis, {chapter, book}) == Crlf(want));
  const std::vector<std::pair<std::string, std::string>> types = {
      {"", "JOUR"},
      {"article", "JOUR"},
      {"book", "BOOK"},
      {"book-chapter", "CHAP"},
      {"conference-paper", "CPAPER"},
      {"thesis", "THES"},
      {"report", "RPRT"},
      {"dataset", "DATA"},
      {"other", "GEN"},
      {"review", "JOUR"}};
  for (const auto& [kind, want_type] : types) {
    CHECK(exporter::RisType(kind) == want_type);
  }
}
