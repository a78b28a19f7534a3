// Every file of ../shared/data/exports through the whole import pipeline
// (--format auto): the format chosen, `read` equal to the number of records
// in the file (counted independently, by grep, and checked by eye where the
// two disagree), what is skipped and why, the database inferred from the
// file or asked for, and the files winnow refuses with a clear error.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>

#include "app/import.h"
#include "core/normalize.h"
#include "store/store.h"
#include "test_util.h"

namespace {

struct Expected {
  const char* file;    // under exports/
  const char* format;  // what --format auto must choose
  int64_t read;        // records in the file
  size_t skipped;      // records with no title and no identifier
  const char* source;  // database the file names; "" = --source needed
};

// The records in each file were counted by grep (TY, PMID-, ER, @entry,
// <record>, %0, <N. > lines; CSV rows with Python's csv module) and every
// difference from the reader's count was looked at by hand: the JabRef
// test files carry empty records on purpose (e.g. RisImporterTest1.ris has
// nine bare "TY" lines, Endnote.entries.enw eight bare "%0" lines).
const Expected kExpected[] = {
    {"bibtex/asysd_zotero_export.bib", "bibtex", 1000, 0, ""},
    {"bibtex/p1m_google_scholar.bib", "bibtex", 13, 0, ""},
    {"bibtex/p1m_scopus_export.bib", "bibtex", 10, 0, "scopus"},
    {"bibtex/synthesisr_Scopus.bib", "bibtex", 3, 0, "scopus"},
    {"citesource_stages/citesource_stage_Dimensions_246.ris", "ris", 246, 0, "dimensions"},
    {"citesource_stages/citesource_stage_econlit_3.ris", "ris", 3, 0, "econlit"},
    {"citesource_stages/citesource_stage_envindex_100.ris", "ris", 100, 0, "envindex"},
    {"citesource_stages/citesource_stage_final_24.ris", "ris", 24, 0, "dimensions"},
    {"citesource_stages/citesource_stage_lens_343.ris", "ris", 343, 0, "lens"},
    {"citesource_stages/citesource_stage_medline_84.ris", "ris", 84, 0, "medline"},
    {"citesource_stages/citesource_stage_screened_128.ris", "ris", 128, 0, "dimensions"},
    {"citesource_stages/citesource_stage_wos_278.ris", "ris", 278, 0, "wos"},
    {"citesource_working/citesource_working_AGRIS.ris", "ris", 12, 0, ""},
    {"citesource_working/citesource_working_CAB.ris", "ris", 687, 0, ""},
    {"citesource_working/citesource_working_EconLit.ris", "ris", 50, 0, ""},
    {"citesource_working/citesource_working_Final.ris", "ris", 242, 0, "wos"},
    {"citesource_working/citesource_working_GreenFile.ris", "ris", 139, 0, "greenfile"},
    {"citesource_working/citesource_working_RM.ris", "ris", 530, 0, ""},
    {"cochrane/p1m_ortho_cochrane_CDSR_export.bib", "bibtex", 56, 0, ""},
    {"cochrane/p1m_stmz_cochrane_citation_export.bib", "bibtex", 5, 0, ""},
    {"cochrane/p1m_stmz_cochrane_citation_export_9.bib", "bibtex", 9, 0, ""},
    {"endnote_xml/asysd_mendeley_export_endnote.xml", "endnote-xml", 1233, 0, ""},
    {"endnote_xml/asysd_zotero_export_endnote.xml", "endnote-xml", 1233, 0, ""},
    {"endnote_xml/reflib_blue-light_endnote.xml", "endnote-xml", 102, 0, "pubmed"},
    {"endnote_xml/reflib_multipart_endnote.xml", "endnote-xml", 1, 0, ""},
    {"jabref/jabref_CopacImporterTest1.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_CopacImporterTest2.bib", "bibtex", 2, 0, ""},
    {"jabref/jabref_Endnote.book.example.enw", "endnote-tagged", 1, 0, ""},
    {"jabref/jabref_Endnote.entries.enw", "endnote-tagged", 13, 12, ""},
    {"jabref/jabref_Endnote.pattern.A.enw", "endnote-tagged", 1, 1, ""},
    {"jabref/jabref_Endnote.pattern.E.enw", "endnote-tagged", 1, 1, ""},
    {"jabref/jabref_EndnoteXmlImporterTestArticle.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_EndnoteXmlImporterTestArticle.xml", "endnote-xml", 1, 0, ""},
    {"jabref/jabref_EndnoteXmlImporterTestArticle2.bib", "bibtex", 2, 0, ""},
    {"jabref/jabref_EndnoteXmlImporterTestArticle2.xml", "endnote-xml", 2, 0, ""},
    {"jabref/jabref_EndnoteXmlImporterTestLabelAndMultiTitle.bib", "bibtex", 3, 0, ""},
    {"jabref/jabref_EndnoteXmlImporterTestLabelAndMultiTitle.xml", "endnote-xml", 3, 0, ""},
    {"jabref/jabref_EndnoteXmlImporterTestReport.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_EndnoteXmlImporterTestReport.xml", "endnote-xml", 1, 0, ""},
    {"jabref/jabref_EndnoteXmlImporterTest_EmptyKeywordStyle.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_EndnoteXmlImporterTest_EmptyKeywordStyle.xml", "endnote-xml", 1, 0, ""},
    {"jabref/jabref_EndnoteXmlImporterTest_WithoutUrlStyle.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_EndnoteXmlImporterTest_WithoutUrlStyle.xml", "endnote-xml", 1, 0, ""},
    {"jabref/jabref_EndnoteXmlImporterTest_WithoutUrlStyle2.bib", "bibtex", 2, 0, ""},
    {"jabref/jabref_EndnoteXmlImporterTest_WithoutUrlStyle2.xml", "endnote-xml", 2, 0, ""},
    {"jabref/jabref_IEEEImport1.txt", "ris", 1, 0, ""},
    {"jabref/jabref_IsiImporterTest1.isi", "wos", 1, 0, "wos"},
    {"jabref/jabref_IsiImporterTest2.isi", "wos", 3, 0, "wos"},
    {"jabref/jabref_IsiImporterTestInspec.isi", "wos", 2, 0, "wos"},
    {"jabref/jabref_IsiImporterTestMedline.isi", "wos", 2, 0, "wos"},
    {"jabref/jabref_IsiImporterTestWOS.isi", "wos", 2, 0, "wos"},
    {"jabref/jabref_MedlinePlainImporterStringOutOfBounds.bib", "bibtex", 2, 0, ""},
    {"jabref/jabref_MedlinePlainImporterStringOutOfBounds.txt", "medline", 2, 0, "pubmed"},
    {"jabref/jabref_MedlinePlainImporterTestCompleteEntry.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_MedlinePlainImporterTestCompleteEntry.txt", "medline", 1, 0, "pubmed"},
    {"jabref/jabref_MedlinePlainImporterTestDOI.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_MedlinePlainImporterTestDOI.txt", "medline", 1, 0, "pubmed"},
    {"jabref/jabref_MedlinePlainImporterTestInproceeding.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_MedlinePlainImporterTestInproceeding.txt", "medline", 1, 0, "pubmed"},
    {"jabref/jabref_MedlinePlainImporterTestMultiAbstract.bib", "bibtex", 1, 1, ""},
    {"jabref/jabref_MedlinePlainImporterTestMultiTitle.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_MedlinePlainImporterTestMultiTitle.txt", "medline", 1, 0, "pubmed"},
    {"jabref/jabref_MedlinePlainImporterTestMultipleEntries.txt", "medline", 7, 1, "pubmed"},
    {"jabref/jabref_NbibImporterTest.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_NbibImporterTest.nbib", "medline", 1, 0, "pubmed"},
    {"jabref/jabref_OvidImporterTest1.txt", "ovid", 5, 2, ""},
    {"jabref/jabref_OvidImporterTest3.txt", "ovid", 1, 0, ""},
    {"jabref/jabref_OvidImporterTest4.txt", "ovid", 1, 0, ""},
    {"jabref/jabref_OvidImporterTest5.txt", "ovid", 1, 0, ""},
    {"jabref/jabref_OvidImporterTest6.txt", "ovid", 1, 0, ""},
    {"jabref/jabref_OvidImporterTest7.txt", "ovid", 1, 0, ""},
    {"jabref/jabref_OvidImporterTestBib3.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_OvidImporterTestBib4.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_OvidImporterTestBib5.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_OvidImporterTestBib6.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_OvidImporterTestBib7.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RepecNepImporterTest1.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RepecNepImporterTest2.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RepecNepImporterTest3.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTest1.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTest1.ris", "ris", 11, 9, ""},
    {"jabref/jabref_RisImporterTest3.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTest3.ris", "ris", 1, 0, ""},
    {"jabref/jabref_RisImporterTest4a.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTest4a.ris", "ris", 1, 0, ""},
    {"jabref/jabref_RisImporterTest4b.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTest4b.ris", "ris", 1, 0, ""},
    {"jabref/jabref_RisImporterTest4c.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTest4c.ris", "ris", 1, 0, ""},
    {"jabref/jabref_RisImporterTest5a.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTest5a.ris", "ris", 1, 0, ""},
    {"jabref/jabref_RisImporterTest5b.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTest5b.ris", "ris", 1, 0, ""},
    {"jabref/jabref_RisImporterTest6.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTest6.ris", "ris", 1, 0, "pmc"},
    {"jabref/jabref_RisImporterTest7.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTest7.ris", "ris", 1, 0, ""},
    {"jabref/jabref_RisImporterTest8_date.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTest8_date.ris", "ris", 1, 0, ""},
    {"jabref/jabref_RisImporterTest9.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTest9.ris", "ris", 1, 0, ""},
    {"jabref/jabref_RisImporterTestDOI.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTestDOI.ris", "ris", 1, 0, "pubmed"},
    {"jabref/jabref_RisImporterTestDate1.1.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTestDate1.1.ris", "ris", 1, 0, ""},
    {"jabref/jabref_RisImporterTestDate1.2.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTestDate1.2.ris", "ris", 1, 0, ""},
    {"jabref/jabref_RisImporterTestDoiAndJournalTitle.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTestDoiAndJournalTitle.ris", "ris", 1, 0, ""},
    {"jabref/jabref_RisImporterTestScience.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTestScience.ris", "ris", 1, 0, ""},
    {"jabref/jabref_RisImporterTestScopus.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTestScopus.ris", "ris", 1, 0, "scopus"},
    {"jabref/jabref_RisImporterTestWithEmptyER.bib", "bibtex", 1, 0, ""},
    {"jabref/jabref_RisImporterTestWithEmptyER.ris", "ris", 1, 0, ""},
    {"jabref/jabref_refer.bibIX.Journal.ref", "endnote-tagged", 1, 0, ""},
    {"jabref/jabref_refer.bibIX.ref", "endnote-tagged", 4, 0, ""},
    {"misc/synthesisr_eviatlas.csv", "csv", 1, 0, ""},
    {"misc/synthesisr_litsearchr.txt", "bibtex", 1, 0, ""},
    {"ovid/ovid_embase_citavi_format.ovd", "ovid", 2, 0, "embase"},
    {"ovid/ovid_embase_endnote_format.cgi", "ovid", 2, 0, "embase"},
    {"pubmed_csv/p1m_ortho_legacy_pubmed_csv_428.csv", "csv", 428, 0, "pubmed"},
    {"pubmed_csv/p1m_ortho_legacy_pubmed_csv_44.csv", "csv", 44, 0, "pubmed"},
    {"pubmed_medline_nbib/biopython_efetch2_medline.txt", "medline", 1, 0, "pubmed"},
    {"pubmed_medline_nbib/biopython_pubmed_result1.txt", "medline", 1, 0, "pubmed"},
    {"pubmed_medline_nbib/biopython_pubmed_result2.txt", "medline", 4, 0, "pubmed"},
    {"pubmed_medline_nbib/biopython_pubmed_result3.txt", "medline", 1, 0, "pubmed"},
    {"pubmed_medline_nbib/p1m_ortho_citations_200.nbib", "medline", 200, 0, "pubmed"},
    {"pubmed_medline_nbib/p1m_ortho_citations_b.nbib", "medline", 92, 0, "pubmed"},
    {"pubmed_medline_nbib/p1m_ortho_pmid_list_13950.txt", "pmid-list", 13950, 0, "pubmed"},
    {"pubmed_medline_nbib/p1m_ortho_pubmed_result_45_medline.txt", "medline", 45, 0, "pubmed"},
    {"pubmed_medline_nbib/pubmed_pmid_export.txt", "pmid-list", 1459, 0, "pubmed"},
    {"pubmed_medline_nbib/reflib_blue-light.nbib", "medline", 80, 0, "pubmed"},
    {"pubmed_medline_nbib/synthesisr_PubMed_medline.txt", "medline", 3, 0, "pubmed"},
    {"pubmed_medline_nbib/synthesisr_res_synth_methods_medline.txt", "medline", 2, 0, "pubmed"},
    {"ris/asysd_endnote_ris_export.txt", "ris", 69, 0, "scopus"},
    {"ris/asysd_scopus.ris", "ris", 10, 0, "scopus"},
    {"ris/asysd_wos.ris", "ris", 50, 0, "wos"},
    {"ris/asysd_zotero_export.ris", "ris", 1000, 0, "wos"},
    {"ris/citesource_test_1_WoS.ris", "ris", 219, 0, "wos"},
    {"ris/reflib_blue-light.ris", "ris", 102, 0, "pubmed"},
    {"ris/revtools_avian_ecology_bibliography.ris", "ris", 20, 0, ""},
    {"ris/rispy_example_bom.ris", "ris", 1, 0, ""},
    {"ris/rispy_example_extraneous_data.ris", "ris", 2, 0, ""},
    {"ris/rispy_example_multiline.ris", "ris", 3, 3, ""},
    {"ris/rispy_example_utf_chars.ris", "ris", 1, 0, ""},
    {"ris/rispy_example_wos.ris", "wos", 2, 0, "wos"},
    {"ris/synthesisr_EBSCO_ASP.ris", "ris", 4, 0, "asp"},
    {"ris/synthesisr_Ovid.ris", "ris", 4, 0, ""},
    {"ris/synthesisr_Scopus.ris", "ris", 3, 0, "scopus"},
    {"ris/synthesisr_dimensions_citesource_issue24.ris", "ris", 17, 0, "dimensions"},
    {"ris/synthesisr_extdata_scopus.ris", "ris", 92, 0, "scopus"},
    {"scopus_csv_ris_bib_same_set/lagisz_pfas_ReviewMap_main_pilot.csv", "csv", 8, 0, ""},
    {"scopus_csv_ris_bib_same_set/lagisz_pfas_scopus.bib", "bibtex", 8, 0, "scopus"},
    {"scopus_csv_ris_bib_same_set/lagisz_pfas_scopus.csv", "csv", 8, 0, "scopus"},
    {"scopus_csv_ris_bib_same_set/lagisz_pfas_scopus.ris", "ris", 8, 0, "scopus"},
    {"wos_plaintext/synthesisr_WoS.ciw", "wos", 5, 0, "wos"},
    {"wos_plaintext/synthesisr_WoS.txt", "wos", 4, 0, "wos"},
    {"wos_plaintext/synthesisr_zoological_record_wos.txt", "wos", 134, 0, "wos"},
    {"wos_plaintext/wos_other_reference_software_r0001-0500.txt", "wos", 500, 0, "wos"},
    {"wos_plaintext/wos_other_reference_software_r4001-4012.txt", "wos", 12, 0, "wos"},
};

// Files that are not record exports winnow reads: each must be refused with
// exit 2, naming the file and a line, and change nothing.
struct Refused {
  const char* file;
  const char* why;  // part of the message
};
const Refused kRefused[] = {
    {"cochrane/p1m_stmz_cochrane_search_manager_20190302.txt", "search strategy"},
    {"cochrane/p1m_stmz_cochrane_search_manager_20190306.txt", "search strategy"},
    // Copac (a retired UK library catalogue), RePEc NEP e-mail digests and
    // JabRef's Inspec stubs are not bibliographic-database exports.
    {"jabref/jabref_CopacImporterTest1.txt", "cannot tell the file's format"},
    {"jabref/jabref_CopacImporterTest2.txt", "cannot tell the file's format"},
    {"jabref/jabref_InspecImportTest.txt", "cannot tell the file's format"},
    {"jabref/jabref_InspecImportTest2.txt", "cannot tell the file's format"},
    {"jabref/jabref_InspecImportTestFalse.txt", "cannot tell the file's format"},
    {"jabref/jabref_RepecNepImporterTest1.txt", "cannot tell the file's format"},
    {"jabref/jabref_RepecNepImporterTest2.txt", "cannot tell the file's format"},
    {"jabref/jabref_RepecNepImporterTest3.txt", "cannot tell the file's format"},
    // JabRef's deliberately broken inputs.
    {"jabref/jabref_IsiImporterTestEmpty.isi", "cannot tell the file's format"},
    {"jabref/jabref_MedlinePlainImporterTestInvalidFormat.xml", "cannot tell the file's format"},
    {"jabref/jabref_RisImporterCorrupted.ris", "cannot tell the file's format"},
    {"jabref/jabref_OvidImporterTest2Invalid.txt", "no Ovid record number line"},
    {"jabref/jabref_Endnote.pattern.no_enw", "cannot tell the file's format"},
    // MEDLINE text without a single PMID line: read with --format medline.
    {"jabref/jabref_MedlinePlainImporterTestMultiAbstract.txt", "cannot tell the file's format"},
};

struct Review {
  testutil::TempDir dir;
  std::unique_ptr<store::Store> db;
  Review() { REQUIRE(store::Store::Create((dir / "r.db").string(), "test", &db).ok()); }

  core::Status Import(const std::string& file, app::ImportSummary* s,
                      const std::string& source = "", const std::string& format = "auto") {
    app::ImportOptions o;
    o.source = source;
    o.format = format;
    return app::ImportFiles(*db, {file}, o, s);
  }
  int64_t SourceRecords() {
    store::ReviewStats st;
    REQUIRE(db->Stats(&st).ok());
    return st.source_records;
  }
  std::vector<core::Record> Records() {
    std::vector<core::Record> out;
    REQUIRE(db->ForEach(store::RecordSet::kRecords, [&](const store::RecordRow& r) {
                out.push_back(r.record);
                return core::Status::Ok();
              }).ok());
    return out;
  }
};

std::string Data(const std::string& rel) { return testutil::SharedData("exports/" + rel).string(); }

}  // namespace

TEST_CASE("every export in the shared data imports with read equal to its records",
          "[app][exports]") {
  WINNOW_REQUIRE_SHARED_DATA();
  for (const Expected& e : kExpected) {
    INFO(e.file);
    Review r;
    app::ImportSummary s;
    std::string source;
    if (std::string(e.source).empty()) {
      // The file does not say where it came from: a clear error, nothing written.
      core::Status st = r.Import(Data(e.file), &s);
      CHECK(st.code() == core::Status::Code::kInvalidInput);
      CHECK_THAT(st.message(), Catch::Contains("--source") && Catch::Contains(e.file));
      CHECK(r.SourceRecords() == 0);
      source = "manual";
    }
    core::Status st = r.Import(Data(e.file), &s, source);
    REQUIRE(st.ok());
    REQUIRE(s.files.size() == 1);
    CHECK(s.files[0].format == e.format);
    CHECK(s.files[0].format_detected);
    CHECK(s.total.read == e.read);
    CHECK(s.total.skipped.size() == e.skipped);
    CHECK(s.total.added + static_cast<int64_t>(s.total.skipped.size()) == e.read);
    CHECK(r.SourceRecords() == s.total.added);
    CHECK(s.files[0].source == (source.empty() ? std::string(e.source) : source));
    for (const store::Skip& skip : s.total.skipped) {
      CHECK_THAT(skip.where, Catch::Contains(std::string(e.file).substr(
                                 std::string(e.file).find('/') + 1)));
      CHECK(skip.why == "no title and no identifier");
    }
  }
}

TEST_CASE("files that are not record exports are refused, naming file and line",
          "[app][exports]") {
  WINNOW_REQUIRE_SHARED_DATA();
  for (const Refused& f : kRefused) {
    INFO(f.file);
    Review r;
    app::ImportSummary s;
    core::Status st = r.Import(Data(f.file), &s, "manual");
    CHECK(st.code() == core::Status::Code::kInvalidInput);
    CHECK_THAT(st.message(), Catch::Contains(std::string(f.file).substr(
                                 std::string(f.file).find('/') + 1) + ":") &&
                                 Catch::Contains(f.why));
    CHECK(r.SourceRecords() == 0);
  }
}

TEST_CASE("MEDLINE text without PMIDs reads when the format is named", "[app][exports]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  app::ImportSummary s;
  REQUIRE(r.Import(Data("jabref/jabref_MedlinePlainImporterTestMultiAbstract.txt"), &s, "",
                   "medline").ok());
  CHECK(s.total.read == 1);
  CHECK(s.files[0].source == "pubmed");
}
