// One set of records exported by one database in several formats normalises
// to the same values whichever file is imported: the Scopus set of
// shared/data/exports/scopus_csv_ris_bib_same_set (CSV, RIS and BibTeX of
// the same 8 records), and the 200 PubMed records that are both MEDLINE text
// and PubMed XML.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>

#include "app/import.h"
#include "core/normalize.h"
#include "store/store.h"
#include "test_util.h"

namespace {

// The records of one file imported alone, by DOI (or PMID when no DOI).
std::map<std::string, core::Record> ImportAlone(const std::string& rel) {
  testutil::TempDir dir;
  std::unique_ptr<store::Store> db;
  REQUIRE(store::Store::Create((dir / "r.db").string(), "test", &db).ok());
  app::ImportSummary s;
  core::Status st = app::ImportFiles(*db, {testutil::SharedData(rel).string()}, {}, &s);
  INFO(rel << ": " << st.message());
  REQUIRE(st.ok());
  std::map<std::string, core::Record> out;
  REQUIRE(db->ForEach(store::RecordSet::kRecords, [&](const store::RecordRow& r) {
              out[r.record.doi.empty() ? r.record.pmid : r.record.doi] = r.record;
              return core::Status::Ok();
            }).ok());
  return out;
}

// Family name and initials of each author: the parts every format carries
// (one writes "Ballesteros V.", another "Ballesteros, V.").
std::vector<std::string> AuthorKeys(const core::Record& r) {
  std::vector<std::string> out;
  for (const core::Author& a : r.authors) {
    out.push_back(a.collective.empty() ? a.family + " " + a.initials : a.collective);
  }
  return out;
}

void CheckSameWork(const core::Record& a, const core::Record& b) {
  CHECK(a.source == b.source);
  CHECK(a.title == b.title);
  CHECK(a.year == b.year);
  CHECK(a.journal == b.journal);
  CHECK(a.volume == b.volume);
  CHECK(a.issue == b.issue);
  CHECK(a.pages == b.pages);
  CHECK(a.doi == b.doi);
  CHECK(a.pmid == b.pmid);
  CHECK(AuthorKeys(a) == AuthorKeys(b));
  CHECK(core::MatchKey(a.abstract).substr(0, 200) == core::MatchKey(b.abstract).substr(0, 200));
}

}  // namespace

TEST_CASE("a Scopus set as CSV, RIS and BibTeX normalises to the same records",
          "[app][crossformat]") {
  WINNOW_REQUIRE_SHARED_DATA();
  const std::string dir = "exports/scopus_csv_ris_bib_same_set/lagisz_pfas_scopus.";
  std::map<std::string, core::Record> csv = ImportAlone(dir + "csv");
  std::map<std::string, core::Record> ris = ImportAlone(dir + "ris");
  std::map<std::string, core::Record> bib = ImportAlone(dir + "bib");
  REQUIRE(csv.size() == 8);
  REQUIRE(ris.size() == 8);
  REQUIRE(bib.size() == 8);
  for (const auto& [key, rec] : csv) {
    INFO(key);
    REQUIRE(ris.count(key));
    REQUIRE(bib.count(key));
    CHECK(rec.source == "scopus");
    CHECK_FALSE(rec.title.empty());
    CHECK(rec.year != 0);
    CHECK_FALSE(rec.journal.empty());
    CHECK_FALSE(rec.authors.empty());
    CheckSameWork(rec, ris.at(key));
    CheckSameWork(rec, bib.at(key));
  }
}

TEST_CASE("PubMed records as MEDLINE text and as XML normalise to the same records",
          "[app][crossformat]") {
  WINNOW_REQUIRE_SHARED_DATA();
  std::map<std::string, core::Record> nbib =
      ImportAlone("exports/pubmed_medline_nbib/p1m_ortho_citations_200.nbib");
  std::map<std::string, core::Record> xml =
      ImportAlone("pubmed_xml/misc/p1m_ortho_pubmed_result_292.xml");
  REQUIRE(nbib.size() == 200);
  int compared = 0;
  for (const auto& [key, rec] : nbib) {
    INFO(key);
    REQUIRE(xml.count(key));
    const core::Record& x = xml.at(key);
    CHECK(rec.source == x.source);
    CHECK(rec.source_id == x.source_id);
    CHECK(rec.year == x.year);
    CHECK(rec.journal == x.journal);
    CHECK(rec.volume == x.volume);
    CHECK(rec.issue == x.issue);
    CHECK(rec.pages == x.pages);
    CHECK(rec.doi == x.doi);
    CHECK(rec.pmcid == x.pmcid);
    CHECK(rec.MeshDescriptors() == x.MeshDescriptors());
    CHECK(rec.publication_types == x.publication_types);
    // MEDLINE text is ASCII ("Jorg" for "Jörg", "(R)" for "®"): compare folded.
    std::string xml_title = x.title;
    for (size_t at; (at = xml_title.find("\u00AE")) != std::string::npos;) {
      xml_title.replace(at, 2, "(R)");
    }
    CHECK(core::MatchKey(rec.title) == core::MatchKey(xml_title));
    CHECK(AuthorKeys(rec).size() == AuthorKeys(x).size());
    ++compared;
  }
  CHECK(compared == 200);
}
