// The JSON readers over real API responses (../shared/data/api_responses):
// Europe PMC REST search pages (core, lite, ten pages in an array, no hits)
// and ClinicalTrials.gov v2 studies (single, and wrapped as /studies pages
// here). Expected values were read off the JSON with python3's json module.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "parse/ctgov_json_reader.h"
#include "parse/europepmc_json_reader.h"
#include "parse/formats.h"
#include "tests/parse/reader_test_util.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using readertest::Parsed;

fs::path Epmc(const std::string& name) {
  return testutil::SharedData("api_responses/europepmc/" + name);
}

fs::path Ctgov(const std::string& name) {
  return testutil::SharedData("api_responses/clinicaltrials_gov/" + name);
}

Parsed ReadEpmcFile(const fs::path& path, const std::string& display) {
  return readertest::ReadPath<parse::EuropePmcJsonReader>(path, display, /*check_end=*/true);
}

Parsed ReadEpmcPayload(std::string payload, const std::string& display) {
  auto reader = parse::EuropePmcJsonReader::FromPayload(std::move(payload), display);
  return readertest::ReadAll(*reader, /*check_end=*/true);
}

Parsed ReadCtgovPayload(std::string payload, const std::string& display) {
  auto reader = parse::CtgovJsonReader::FromPayload(std::move(payload), display);
  return readertest::ReadAll(*reader, /*check_end=*/true);
}

// The real study, as /studies/NCT04267848 returns it.
json RealStudy(const std::string& name = "ctgov_v2_NCT04267848.json") {
  return json::parse(testutil::ReadFile(Ctgov(name)));
}

std::vector<std::string> Names(const std::vector<core::Author>& authors) {
  std::vector<std::string> out;
  for (const core::Author& a : authors)
    out.push_back(a.collective.empty() ? a.family : a.collective);
  return out;
}

void CheckInvalid(const Parsed& p, const std::vector<std::string>& parts) {
  INFO(p.status.message());
  CHECK(p.status.code() == core::Status::Code::kInvalidInput);
  for (const std::string& part : parts) CHECK_THAT(p.status.message(), Catch::Contains(part));
}

}  // namespace

TEST_CASE("Europe PMC: every sample response reads to its result count", "[json][europepmc]") {
  WINNOW_REQUIRE_SHARED_DATA();
  // Counts of resultList.result, summed over the pages of an array.
  const struct {
    const char* file;
    size_t records;
  } kCases[] = {
      {"epmc_search_cancer_core.json", 25}, {"epmc_search_cancer.json", 25},
      {"epmc_search_cancer_page2.json", 5}, {"epmc_search_cancer_sorted_cited.json", 25},
      {"epmc_search_post_cancer.json", 25}, {"epmc_search_cancer_idlist.json", 25},
      {"epmc_search_no_results.json", 0},   {"epmc_fetch_10pages_cancer.json", 1000},
  };
  for (const auto& c : kCases) {
    INFO(c.file);
    Parsed p = ReadEpmcFile(Epmc(c.file), c.file);
    CHECK(p.status.ok());
    CHECK(p.records.size() == c.records);
    for (const core::Record& r : p.records) {
      CHECK(r.source == "europepmc");
      CHECK(r.format == "europepmc-json");
      CHECK_FALSE(r.source_id.empty());
      CHECK(json::accept(r.raw));
    }
  }
}

TEST_CASE("Europe PMC core: a structured abstract, authors, journal and MeSH",
          "[json][europepmc]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Parsed p = ReadEpmcFile(Epmc("epmc_search_cancer_core.json"), "core.json");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 25);
  const core::Record& r = p.records[2];
  CHECK(r.locator == "core.json result 3");
  CHECK(r.source_id == "MED:40468710");
  CHECK(r.pmid == "40468710");
  CHECK(r.pmcid.empty());
  CHECK(r.doi == "10.1111/bjhp.12807");
  CHECK(r.title ==
        "The role of psychological flexibility in relation to health outcomes in people in "
        "remission from cancer.");
  REQUIRE(r.authors.size() == 7);
  CHECK(r.authors[0].family == "Al-Abbadey");
  CHECK(r.authors[0].given == "Miznah");
  CHECK(r.authors[0].initials == "M");
  CHECK(r.authors[0].orcid == "0000-0002-6307-9196");
  CHECK(r.authors[0].affiliations.size() == 2);
  CHECK(r.journal == "British journal of health psychology");
  CHECK(r.journal_abbrev == "Br J Health Psychol");
  CHECK(r.issn == std::vector<std::string>{"1359-107X", "2044-8287"});
  CHECK(r.year == 2025);
  CHECK(r.volume == "30");
  CHECK(r.issue == "3");
  CHECK(r.pages == "e12807");
  CHECK(r.language == std::vector<std::string>{"eng"});
  CHECK(r.publication_types == std::vector<std::string>{"Journal Article"});
  CHECK(r.kind == "article");
  CHECK(r.date_revised == "2025-06-09");
  CHECK(r.keywords.size() == 6);
  CHECK(r.keywords[0] == "Cancer");
  REQUIRE(r.mesh.size() == 18);
  CHECK(r.mesh[0].descriptor == "Humans");
  CHECK_FALSE(r.mesh[0].major);
  CHECK(r.mesh[1].descriptor == "Neoplasms");
  CHECK(r.mesh[1].major);
  CHECK(r.mesh[1].qualifiers == std::vector<std::string>{"psychology", "therapy"});
  // <h4> headings become sections; "p\u2009<\u2009.001" is text, not a tag
  // (its thin spaces collapse to spaces).
  REQUIRE(r.abstract_sections.size() == 5);
  CHECK(r.abstract_sections[0].label == "Objective");
  CHECK(r.abstract_sections[4].label == "Conclusions");
  CHECK_THAT(r.abstract, Catch::StartsWith("Objective: This study investigated whether"));
  CHECK_THAT(r.abstract, Catch::Contains("Design: This was an online"));
  CHECK_THAT(r.abstract, Catch::Contains("(at p < .001) predicted anxiety"));
  CHECK(r.abstract.find("<h4>") == std::string::npos);
  CHECK(json::parse(r.raw).at("id") == "40468710");
}

TEST_CASE("Europe PMC core: PMCID, e-page range, registration, erratum link", "[json][europepmc]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Parsed p = ReadEpmcFile(Epmc("epmc_search_cancer_core.json"), "core.json");
  REQUIRE(p.records.size() == 25);
  const core::Record& first = p.records[0];
  CHECK(first.title ==
        "Abscopal response in a patient with fibrolamellar hepatocellular carcinoma following "
        "radiotherapy.");
  CHECK(first.doi == "10.1016/s0140-6736(24)02600-x");
  CHECK(first.journal == "Lancet (London, England)");
  CHECK(first.pages == "2603-2604");
  CHECK(first.authors.size() == 3);

  const core::Record& erratum = p.records[1];
  CHECK(erratum.title == "Department of Error.");
  CHECK(erratum.authors.empty());
  CHECK(erratum.publication_types == std::vector<std::string>{"Published Erratum", "correction"});
  REQUIRE(erratum.relations.size() == 1);
  CHECK(erratum.relations[0].type == "ErratumFor");
  CHECK(erratum.relations[0].pmid == "39293462");
  CHECK_THAT(erratum.relations[0].citation, Catch::StartsWith("Lancet. 2024 Sep 28;404(10459)"));

  const core::Record& review = p.records[15];
  CHECK(review.pmid == "39212676");
  CHECK(review.pmcid == "PMC12166167");
  CHECK(review.pages == "e1660-e1676");
  CHECK(review.authors.size() == 6);
  CHECK(review.authors[0].orcid == "0000-0002-9865-367X");
  CHECK(review.mesh.size() == 5);
  CHECK(review.registrations == std::vector<std::string>{"CRD42023386885"});
  CHECK(review.abstract_sections.back().label == "Registration");
}

TEST_CASE("Europe PMC lite reads the same records with fewer fields", "[json][europepmc]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Parsed lite = ReadEpmcFile(Epmc("epmc_search_cancer.json"), "lite.json");
  Parsed core = ReadEpmcFile(Epmc("epmc_search_cancer_core.json"), "core.json");
  REQUIRE(lite.records.size() == 25);
  REQUIRE(core.records.size() == 25);
  for (size_t i = 0; i < 25; ++i) {
    INFO(core.records[i].source_id);
    CHECK(lite.records[i].source_id == core.records[i].source_id);
    CHECK(lite.records[i].pmid == core.records[i].pmid);
    CHECK(lite.records[i].doi == core.records[i].doi);
    CHECK(lite.records[i].title == core.records[i].title);
    CHECK(lite.records[i].year == core.records[i].year);
    CHECK(lite.records[i].issn == core.records[i].issn);
    CHECK(lite.records[i].authors.size() == core.records[i].authors.size());
  }
  const core::Record& r = lite.records[0];
  CHECK(Names(r.authors) == std::vector<std::string>{"Schoenfeld", "Haas-Kogan", "O'Neill"});
  CHECK(r.authors[0].initials == "JD");
  CHECK(r.journal == "Lancet");  // lite's journalTitle: the abbreviation
  CHECK(r.issn == std::vector<std::string>{"0140-6736", "1474-547X"});
  CHECK(r.volume == "404");
  CHECK(r.issue == "10471");
  CHECK(r.publication_types == std::vector<std::string>{"journal article"});
  CHECK(r.abstract.empty());
}

TEST_CASE("Europe PMC: ten pages in an array, with preprints, books and PMC records",
          "[json][europepmc]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Parsed p = ReadEpmcFile(Epmc("epmc_fetch_10pages_cancer.json"), "pages.json");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 1000);
  CHECK(p.records[0].locator == "pages.json page 1 result 1");
  CHECK(p.records[999].locator == "pages.json page 10 result 100");
  size_t preprints = 0;
  for (const core::Record& r : p.records) preprints += r.kind == "preprint";
  CHECK(preprints == 24);  // source PPR

  const core::Record& preprint = p.records[35];
  CHECK(preprint.source_id == "PPR:PPR1036674");
  CHECK(preprint.kind == "preprint");
  CHECK(preprint.doi == "10.1101/2025.06.13.25329599");
  CHECK(preprint.journal == "medRxiv");
  CHECK(preprint.authors.size() == 72);
  CHECK(preprint.authors[0].family == "Mendez");
  CHECK(preprint.year == 2025);

  const core::Record& pmc = p.records[66];
  CHECK(pmc.source_id == "PMC:PMC12144614");
  CHECK(pmc.pmcid == "PMC12144614");
  CHECK(pmc.pmid.empty());
  CHECK(pmc.pages == "1289-1300");
  CHECK(pmc.issn == std::vector<std::string>{"0965-0407", "1555-3906"});

  // An escaped tag in a lite title: "m&lt;sup&gt;6&lt;/sup&gt;A".
  const core::Record& escaped = p.records[100 + 53];
  CHECK(escaped.locator == "pages.json page 2 result 54");
  CHECK_THAT(escaped.title, Catch::StartsWith("circADARB1 enhances ZEB1 expression in an "
                                              "m6A-dependent manner"));

  const core::Record& chapter = p.records[600 + 53];
  CHECK(chapter.pmid == "40440438");
  CHECK(chapter.kind == "book-chapter");
  CHECK(chapter.journal == "GeneReviews\u00ae");
  CHECK(chapter.year == 1993);
  CHECK(chapter.other_ids == std::vector<std::string>{"bookaccession:NBK615090"});
}

TEST_CASE("Europe PMC: a payload in memory reads like the file, named by its label",
          "[json][europepmc]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Parsed p =
      ReadEpmcPayload(testutil::ReadFile(Epmc("epmc_search_cancer_core.json")), "europepmc page 3");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 25);
  CHECK(p.records[24].locator == "europepmc page 3 result 25");
  Parsed none = ReadEpmcPayload(testutil::ReadFile(Epmc("epmc_search_no_results.json")), "p1");
  CHECK(none.status.ok());
  CHECK(none.records.empty());
}

TEST_CASE("Europe PMC: truncated, malformed and foreign JSON are errors naming the input",
          "[json][europepmc]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const std::string text = testutil::ReadFile(Epmc("epmc_search_cancer_core.json"));
  Parsed half = ReadEpmcPayload(text.substr(0, text.size() / 2), "europepmc page 7");
  CHECK(half.records.empty());
  CheckInvalid(half, {"europepmc page 7", "byte", "truncated"});

  const std::string half_file = "half.json";
  Parsed from_file =
      readertest::ReadText<parse::EuropePmcJsonReader>(text.substr(0, text.size() / 2), half_file);
  CheckInvalid(from_file, {half_file, "not valid JSON"});

  CheckInvalid(ReadEpmcPayload(R"({"version": "6.9", "hitCount": 3})", "p2"), {"p2", "resultList"});
  CheckInvalid(ReadEpmcPayload(R"({"resultList": {"result": []}})", "p3"), {"p3", "hitCount"});
  CheckInvalid(ReadEpmcPayload(R"({"errCode": 400, "errMsg": "Invalid query"})", "p4"),
               {"p4", "hitCount", "Invalid query"});
  CheckInvalid(ReadEpmcPayload(R"({"hitCount": 1, "resultList": {"result": {}}})", "p5"),
               {"p5", "resultList.result"});
  CheckInvalid(ReadEpmcPayload(R"([{"hitCount": 0, "resultList": {"result": []}}, 7])", "p6"),
               {"p6 page 2", "number"});
  CheckInvalid(ReadEpmcPayload(R"({"hitCount": 1,})", "p9"), {"p9", "at byte 15"});
  CheckInvalid(ReadEpmcPayload("", "p7"), {"p7", "empty"});
  CheckInvalid(ReadEpmcPayload(std::string(100000, '[') + std::string(100000, ']'), "p8"),
               {"p8", "nested"});
  Parsed missing = ReadEpmcFile(Epmc("no-such-file.json"), "gone.json");
  CHECK_FALSE(missing.status.ok());
  CHECK_THAT(missing.status.message(), Catch::Contains("gone.json"));
}

TEST_CASE("Europe PMC: values of the wrong JSON type are ignored, a non-object result is an error",
          "[json][europepmc]") {
  const std::string odd = R"({"hitCount": 2, "resultList": {"result": [
      {"id": "1", "source": "MED", "pmid": 123, "title": ["not", "text"], "authorList": "x",
       "meshHeadingList": {"meshHeading": [7, {"descriptorName": null}]},
       "journalInfo": {"yearOfPublication": "2019", "journal": []}, "pubYear": {},
       "keywordList": {"keyword": "one"}, "language": ["eng", 5], "abstractText": 12},
      "a string"]}})";
  Parsed p = ReadEpmcPayload(odd, "odd");
  REQUIRE(p.records.size() == 1);
  const core::Record& r = p.records[0];
  CHECK(r.source_id == "MED:1");
  CHECK(r.pmid == "123");
  CHECK(r.title.empty());
  CHECK(r.authors.empty());
  CHECK(r.mesh.empty());
  CHECK(r.year == 2019);
  CHECK(r.language == std::vector<std::string>{"eng", "5"});
  CheckInvalid(p, {"odd result 2", "not a JSON object"});
}

TEST_CASE("JSON readers survive every truncation and byte flip of a real page", "[json][fuzz]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const std::string epmc = testutil::ReadFile(Epmc("epmc_search_cancer_page2.json"));
  const std::string ctgov = RealStudy("ctgov_v2_NCT04267848_complex.json").dump();
  for (const std::string* text : {&epmc, &ctgov}) {
    for (size_t cut = 0; cut < text->size(); cut += 97) {
      for (char flip : {'\0', '"', '{', ']', '\\', '\xff'}) {
        std::string damaged = text->substr(0, cut + 50);
        if (cut < damaged.size()) damaged[cut] = flip;
        for (const Parsed& p : {ReadEpmcPayload(damaged, "d"), ReadCtgovPayload(damaged, "d")}) {
          CHECK((p.status.ok() || p.status.code() == core::Status::Code::kInvalidInput));
          CHECK(p.records.size() <= 5);
        }
      }
    }
  }
}

TEST_CASE("ClinicalTrials.gov: a single study as /studies/NCT... returns it", "[json][ctgov]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Parsed p = readertest::ReadPath<parse::CtgovJsonReader>(Ctgov("ctgov_v2_NCT04267848.json"),
                                                          "study.json", /*check_end=*/true);
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 1);
  const core::Record& r = p.records[0];
  CHECK(r.locator == "study.json study 1");
  CHECK(r.source == "ctgov");
  CHECK(r.source_id == "NCT04267848");
  CHECK(r.format == "ctgov-json");
  CHECK(r.kind == "trial-registration");
  CHECK(r.registrations == std::vector<std::string>{"NCT04267848"});
  CHECK(r.title ==
        "Integration of Immunotherapy Into Adjuvant Therapy for Resected NSCLC: ALCHEMIST "
        "Chemo-IO (ACCIO)");
  CHECK_THAT(r.abstract, Catch::StartsWith("This phase III ALCHEMIST treatment trial tests the "
                                           "addition of pembrolizumab"));
  CHECK(r.journal == "ClinicalTrials.gov");
  CHECK(r.year == 2020);
  CHECK(r.date_revised == "2025-09-10");
  CHECK(Names(r.authors) == std::vector<std::string>{"Sands", "National Cancer Institute (NCI)"});
  CHECK(r.authors[0].given == "Jacob M");
  CHECK(r.authors[0].affiliations ==
        std::vector<std::string>{"Alliance for Clinical Trials in Oncology"});
  // 6 conditions, then 12 interventions.
  REQUIRE(r.keywords.size() == 18);
  CHECK(r.keywords[0] == "Lung Non-Small Cell Carcinoma");
  CHECK(r.keywords[5] == "Stage IIIB Lung Cancer AJCC v8");
  CHECK(r.keywords[6] == "Biospecimen Collection");
  CHECK(r.keywords[17] == "Questionnaire Administration");
  REQUIRE(r.mesh.size() == 14);
  CHECK(r.mesh[0].descriptor == "Carcinoma, Non-Small-Cell Lung");
  CHECK(r.mesh[0].ui == "D002289");
  REQUIRE(r.relations.size() == 1);
  CHECK(r.relations[0].type == "DERIVED");
  CHECK(r.relations[0].pmid == "33878954");
  CHECK(r.pmid.empty());
  CHECK(r.doi.empty());
  CHECK(json::parse(r.raw).at("protocolSection").at("identificationModule").at("nctId") ==
        "NCT04267848");
  // What the register says that has no Record field of its own.
  using Attributes = std::vector<std::pair<std::string, std::string>>;
  CHECK(r.attributes ==
        Attributes{{"brief_title",
                    "Testing the Addition of a Type of Drug Called Immunotherapy to the Usual "
                    "Chemotherapy Treatment for Non-small Cell Lung Cancer, an ALCHEMIST "
                    "Treatment Trial (Chemo-IO [ACCIO])"},
                   {"overall_status", "RECRUITING"},
                   {"start_date", "2020-06-16"},
                   {"primary_completion_date", "2025-12-15"},
                   {"completion_date", "2025-12-15"},
                   {"first_posted", "2020-02-13"},
                   {"last_update_posted", "2025-09-10"},
                   {"study_type", "INTERVENTIONAL"},
                   {"phase", "PHASE3"},
                   {"allocation", "RANDOMIZED"},
                   {"enrollment", "1210"},
                   {"lead_sponsor", "National Cancer Institute (NCI)"}});
}

TEST_CASE("ClinicalTrials.gov: /studies pages, arrays of pages and arrays of studies",
          "[json][ctgov]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const json study = RealStudy();
  const json older = RealStudy("ctgov_v2_NCT04267848_complex.json");
  const json page = {{"studies", {study, older}}, {"totalCount", 2}, {"nextPageToken", "NF0g5Z"}};
  Parsed p = ReadCtgovPayload(page.dump(), "ctgov page 1");
  REQUIRE(p.status.ok());
  REQUIRE(p.records.size() == 2);
  CHECK(p.records[0].locator == "ctgov page 1 study 1");
  CHECK(p.records[1].locator == "ctgov page 1 study 2");
  CHECK(p.records[0].date_revised == "2025-09-10");
  CHECK(p.records[1].date_revised == "2023-09-10");
  CHECK(p.records[1].source_id == "NCT04267848");

  Parsed pages = ReadCtgovPayload(json::array({page, page}).dump(), "saved");
  CHECK(pages.status.ok());
  REQUIRE(pages.records.size() == 4);
  CHECK(pages.records[2].locator == "saved page 2 study 1");
  Parsed studies = ReadCtgovPayload(json::array({study, older}).dump(), "saved");
  CHECK(studies.status.ok());
  CHECK(studies.records.size() == 2);
  Parsed empty = ReadCtgovPayload(R"({"studies": [], "totalCount": 0})", "empty");
  CHECK(empty.status.ok());
  CHECK(empty.records.empty());
}

TEST_CASE("ClinicalTrials.gov: errors name the input, the study and the field", "[json][ctgov]") {
  WINNOW_REQUIRE_SHARED_DATA();
  json study = RealStudy();
  const std::string text = study.dump();
  CheckInvalid(ReadCtgovPayload(text.substr(0, text.size() / 2), "ctgov page 4"),
               {"ctgov page 4", "byte", "truncated"});
  CheckInvalid(ReadCtgovPayload(R"({"totalCount": 5, "nextPageToken": "x"})", "p1"),
               {"p1", "\"studies\" is missing"});
  CheckInvalid(ReadCtgovPayload(R"({"studies": {"a": 1}})", "p2"), {"p2", "not an array"});
  json broken = study;
  broken["protocolSection"]["identificationModule"].erase("nctId");
  const json page = {{"studies", {study, broken}}};
  Parsed p = ReadCtgovPayload(page.dump(), "p3");
  CHECK(p.records.size() == 1);
  CheckInvalid(p, {"p3 study 2", "protocolSection.identificationModule.nctId"});
  CheckInvalid(ReadCtgovPayload(R"({"studies": [3]})", "p5"), {"p5 study 1", "not a study"});
  CheckInvalid(ReadCtgovPayload("[1]", "p6"), {"p6 element 1", "number"});
}

// Locators and reading order across the pages and elements of one input
// (JsonRecordReader with each format's record lists), on minimal inputs.
TEST_CASE("JSON readers: locators follow pages and elements, empty pages are skipped", "[json]") {
  const struct {
    bool ctgov;
    const char* payload;
    std::vector<std::string> locators;  // of the records read
    const char* error;                  // "" when the input reads cleanly
  } kCases[] = {
      {false, R"({"hitCount": 1, "resultList": {"result": [{"id": "1"}]}})", {"in result 1"}, ""},
      {false,
       R"([{"hitCount": 1, "resultList": {"result": [{"id": "1"}, {"id": "2"}]}},
           {"hitCount": 0, "resultList": {"result": []}},
           {"hitCount": 1, "resultList": {"result": [{"id": "3"}]}}])",
       {"in page 1 result 1", "in page 1 result 2", "in page 3 result 1"},
       ""},
      {false, "[]", {}, ""},
      // A bad page is reported before any record of the good ones.
      {false,
       R"([{"hitCount": 1, "resultList": {"result": [{"id": "1"}]}}, {"hitCount": 1}])",
       {},
       "in page 2: \"resultList\" is missing"},
      {false,
       R"({"hitCount": 2, "resultList": {"result": [{"id": "1"}, 2, {"id": "3"}]}})",
       {"in result 1"},
       "in result 2: not a JSON object"},
      {true,
       R"({"protocolSection": {"identificationModule": {"nctId": "NCT00000001"}}})",
       {"in study 1"},
       ""},
      {true,
       R"([{"protocolSection": {"identificationModule": {"nctId": "NCT00000001"}}},
           {"studies": []},
           {"studies": [{"protocolSection": {"identificationModule": {"nctId": "NCT00000002"}}}]},
           {"protocolSection": {"identificationModule": {"nctId": "NCT00000003"}}}])",
       {"in study 1", "in page 3 study 1", "in study 4"},
       ""},
      {true,
       R"([{"studies": [{"protocolSection": {"identificationModule": {"nctId": "NCT1"}}}]}, 5])",
       {},
       "in element 2: a JSON number"},
      {true,
       R"({"studies": [{"protocolSection": {"identificationModule": {"nctId": "NCT1"}}}, {}]})",
       {"in study 1"},
       "in study 2: protocolSection is missing"},
  };
  for (const auto& c : kCases) {
    INFO(c.payload);
    const Parsed p = c.ctgov ? ReadCtgovPayload(c.payload, "in") : ReadEpmcPayload(c.payload, "in");
    std::vector<std::string> locators;
    for (const core::Record& r : p.records) locators.push_back(r.locator);
    CHECK(locators == c.locators);
    if (std::string(c.error).empty()) {
      CHECK(p.status.ok());
    } else {
      CheckInvalid(p, {c.error});
    }
  }
}

TEST_CASE("DetectFormat recognises the JSON responses, OpenReader reads them", "[json][formats]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const struct {
    fs::path path;
    const char* format;
  } kCases[] = {
      {Epmc("epmc_search_cancer_core.json"), "europepmc-json"},
      {Epmc("epmc_search_cancer.json"), "europepmc-json"},
      {Epmc("epmc_search_no_results.json"), "europepmc-json"},
      {Epmc("epmc_fetch_10pages_cancer.json"), "europepmc-json"},
      {Ctgov("ctgov_v2_NCT04267848.json"), "ctgov-json"},
      {Ctgov("ctgov_v2_NCT04267848_complex.json"), "ctgov-json"},
  };
  for (const auto& c : kCases) {
    INFO(c.path.string());
    std::string format;
    REQUIRE(parse::DetectFormat(c.path.string(), &format).ok());
    CHECK(format == c.format);
    std::unique_ptr<parse::RecordReader> reader;
    REQUIRE(parse::OpenReader(format, c.path.string(), "x", {}, &reader).ok());
    Parsed p = readertest::ReadAll(*reader, false);
    CHECK(p.status.ok());
    CHECK(reader->bytes_consumed() == fs::file_size(c.path));
  }
  CHECK(parse::DefaultSource("europepmc-json") == "europepmc");
  CHECK(parse::DefaultSource("ctgov-json") == "ctgov");

  testutil::TempDir dir;
  testutil::WriteFile(dir / "page.json",
                      json({{"studies", {RealStudy()}}, {"totalCount", 1}}).dump(2));
  std::string format;
  REQUIRE(parse::DetectFormat((dir / "page.json").string(), &format).ok());
  CHECK(format == "ctgov-json");
  // A key of a nested object does not count: an OpenAlex work's
  // abstract_inverted_index has "studies", and the word may be anywhere.
  testutil::WriteFile(dir / "nested.json", R"({"meta": {"studies": [1], "hitCount": 2}})");
  CHECK_FALSE(parse::DetectFormat((dir / "nested.json").string(), &format).ok());
  const fs::path openalex =
      testutil::SharedData("api_responses/openalex/openalex_work_W2741809807.json");
  if (parse::DetectFormat(openalex.string(), &format).ok()) {
    CHECK(format != "ctgov-json");
    CHECK(format != "europepmc-json");
  }
  // Europe PMC's XML is not its JSON.
  if (parse::DetectFormat(Epmc("epmc_search_cancer.xml").string(), &format).ok()) {
    CHECK(format != "europepmc-json");
  }
}
