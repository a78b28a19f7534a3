#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "store/store.h"
#include "test_util.h"

namespace {

core::Record SampleRecord() {
  core::Record r;
  r.source = "pubmed";
  r.source_id = "33176729";
  r.raw = "<PubmedArticle>...</PubmedArticle>";
  r.format = "pubmed-xml";
  r.locator = "white.xml: record 1 (byte 0)";
  r.pmid = "33176729";
  r.pmcid = "PMC7657356";
  r.doi = "10.1186/s12888-020-02923-3";
  r.title =
      "The effectiveness of one-to-one peer support in mental health services: a systematic "
      "review and meta-analysis.";
  r.abstract = "BACKGROUND: Peer support ... METHODS: We searched ...";
  r.abstract_sections = {{"BACKGROUND", "BACKGROUND", "Peer support ..."},
                         {"METHODS", "METHODS", "We searched ..."}};
  core::Author a;
  a.family = "White";
  a.given = "Sarah";
  a.initials = "S";
  a.orcid = "0000-0002-1825-0097";
  a.affiliations = {"St George's, University of London", "London, UK"};
  core::Author g;
  g.collective = "CORE Study Group";
  r.authors = {a, g};
  r.journal = "BMC psychiatry";
  r.journal_abbrev = "BMC Psychiatry";
  r.issn = {"1471-244X"};
  r.year = 2020;
  r.volume = "20";
  r.issue = "1";
  r.pages = "534";
  r.language = {"eng"};
  r.publication_types = {"Journal Article", "Meta-Analysis"};
  r.mesh = {{"Humans", "D006801", false, {}}, {"Peer Group", "D010365", true, {"psychology*"}}};
  r.keywords = {"Peer support", "Mental health"};
  r.registrations = {"CRD42015025621"};
  r.relations = {{"ErratumIn", "12345678", "BMC Psychiatry. 2021;21:1"}};
  r.other_ids = {"pii:534"};
  r.kind = "article";
  r.date_revised = "2021-01-05";
  return r;
}

struct Fixture {
  testutil::TempDir dir;
  std::unique_ptr<store::Store> review;
  int64_t source_id = 0;
  int64_t import_id = 0;
  Fixture() {
    REQUIRE(store::Store::Create((dir / "r.db").string(), "Peer support", &review).ok());
    REQUIRE(review->EnsureSource("pubmed", "database", &source_id).ok());
    store::ImportInfo info;
    info.source = "pubmed";
    info.file_name = "white.xml";
    info.sha256 = "abc";
    info.format = "pubmed-xml";
    REQUIRE(review->BeginImport(&info).ok());
    import_id = info.id;
  }
  store::UpsertOutcome Upsert(const core::Record& r) {
    store::UpsertOutcome out;
    core::Status st = review->UpsertRecord(source_id, import_id, r, &out);
    REQUIRE(st.ok());
    return out;
  }
  std::vector<store::RecordRow> Rows(store::RecordSet set) {
    std::vector<store::RecordRow> rows;
    REQUIRE(review
                ->ForEach(set,
                          [&](const store::RecordRow& row) {
                            rows.push_back(row);
                            return core::Status::Ok();
                          })
                .ok());
    return rows;
  }
};

}  // namespace

TEST_CASE("a stored record reads back field by field", "[store]") {
  Fixture f;
  core::Record in = SampleRecord();
  CHECK(f.Upsert(in) == store::UpsertOutcome::kAdded);
  auto rows = f.Rows(store::RecordSet::kWorks);
  REQUIRE(rows.size() == 1);
  const core::Record& out = rows[0].record;
  CHECK(rows[0].status == "unscreened");
  CHECK(out.source == "pubmed");
  CHECK(out.source_id == in.source_id);
  CHECK(out.pmid == in.pmid);
  CHECK(out.pmcid == in.pmcid);
  CHECK(out.doi == in.doi);
  CHECK(out.title == in.title);
  CHECK(out.abstract == in.abstract);
  CHECK(out.abstract_sections == in.abstract_sections);
  CHECK(out.authors == in.authors);
  CHECK(out.journal == in.journal);
  CHECK(out.journal_abbrev == in.journal_abbrev);
  CHECK(out.issn == in.issn);
  CHECK(out.year == 2020);
  CHECK(out.volume == "20");
  CHECK(out.issue == "1");
  CHECK(out.pages == "534");
  CHECK(out.language == in.language);
  CHECK(out.publication_types == in.publication_types);
  CHECK(out.mesh == in.mesh);
  CHECK(out.keywords == in.keywords);
  CHECK(out.registrations == in.registrations);
  CHECK(out.relations == in.relations);
  CHECK(out.other_ids == in.other_ids);
  CHECK(out.kind == "article");
  CHECK(out.date_revised == "2021-01-05");
  std::string raw;
  REQUIRE(f.review->LoadRaw(rows[0].record_id, &raw).ok());
  CHECK(raw == in.raw);
}

TEST_CASE("re-upserting follows the revision date", "[store]") {
  Fixture f;
  core::Record r = SampleRecord();
  CHECK(f.Upsert(r) == store::UpsertOutcome::kAdded);
  CHECK(f.Upsert(r) == store::UpsertOutcome::kUnchanged);

  core::Record older = r;
  older.date_revised = "2020-12-01";
  older.title = "Old title";
  CHECK(f.Upsert(older) == store::UpsertOutcome::kUnchanged);

  core::Record newer = r;
  newer.date_revised = "2022-03-04";
  newer.title = "Corrected title";
  newer.authors.pop_back();
  CHECK(f.Upsert(newer) == store::UpsertOutcome::kUpdated);
  auto rows = f.Rows(store::RecordSet::kRecords);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].record.title == "Corrected title");
  CHECK(rows[0].record.authors.size() == 1);
  CHECK(rows[0].record.date_revised == "2022-03-04");
  int64_t n = 0;
  REQUIRE(f.review->CountAudit("record.updated", &n).ok());
  CHECK(n == 1);
  // The FTS index follows the update.
  std::vector<int64_t> hits;
  REQUIRE(f.review->MatchText("corrected", &hits).ok());
  CHECK(hits.size() == 1);
  hits.clear();
  REQUIRE(f.review->MatchText("effectiveness", &hits).ok());
  CHECK(hits.empty());
}

TEST_CASE("records without revision dates update when their text changes", "[store]") {
  Fixture f;
  core::Record r = SampleRecord();
  r.date_revised.clear();
  CHECK(f.Upsert(r) == store::UpsertOutcome::kAdded);
  CHECK(f.Upsert(r) == store::UpsertOutcome::kUnchanged);
  r.raw += " ";
  CHECK(f.Upsert(r) == store::UpsertOutcome::kUpdated);
}

TEST_CASE("deletion notices flag records and keep them", "[store]") {
  Fixture f;
  core::Record r = SampleRecord();
  f.Upsert(r);
  core::Record del;
  del.source = "pubmed";
  del.source_id = r.source_id;
  del.deleted = true;
  CHECK(f.Upsert(del) == store::UpsertOutcome::kDeleted);
  CHECK(f.Upsert(del) == store::UpsertOutcome::kDeleteIgnored);
  del.source_id = "99999999";
  CHECK(f.Upsert(del) == store::UpsertOutcome::kDeleteIgnored);
  auto rows = f.Rows(store::RecordSet::kRecords);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].status == "deleted");
  CHECK(rows[0].record.deleted);
  CHECK(rows[0].record.title == r.title);
  auto works = f.Rows(store::RecordSet::kWorks);
  REQUIRE(works.size() == 1);
  CHECK(works[0].status == "deleted");
}

TEST_CASE("full-text index covers title, abstract and keywords", "[store]") {
  Fixture f;
  f.Upsert(SampleRecord());
  for (const char* q : {"peer", "searched", "\"mental health\"", "meta*"}) {
    std::vector<int64_t> hits;
    REQUIRE(f.review->MatchText(q, &hits).ok());
    CHECK(hits.size() == 1);
  }
  std::vector<int64_t> hits;
  REQUIRE(f.review->MatchText("zebrafish", &hits).ok());
  CHECK(hits.empty());
  CHECK(f.review->MatchText("\"unbalanced", &hits).code() == core::Status::Code::kInvalidInput);
}

TEST_CASE("an uncommitted transaction leaves the review as it was", "[store]") {
  testutil::TempDir dir;
  std::string path = (dir / "r.db").string();
  {
    std::unique_ptr<store::Store> review;
    REQUIRE(store::Store::Create(path, "", &review).ok());
    int64_t source_id;
    REQUIRE(review->Begin().ok());
    REQUIRE(review->EnsureSource("pubmed", "database", &source_id).ok());
    store::UpsertOutcome out;
    REQUIRE(review->UpsertRecord(source_id, 999, SampleRecord(), &out).code() ==
            core::Status::Code::kConflict);  // import 999 does not exist: foreign key
    review->Rollback();
  }
  std::unique_ptr<store::Store> review;
  REQUIRE(store::Store::Open(path, &review).ok());
  store::ReviewStats stats;
  REQUIRE(review->Stats(&stats).ok());
  CHECK(stats.source_records == 0);
  CHECK(stats.sources == 0);
}

TEST_CASE("opening: missing files, existing files, foreign files", "[store]") {
  testutil::TempDir dir;
  std::unique_ptr<store::Store> review;
  std::string path = (dir / "r.db").string();
  CHECK(store::Store::Open(path, &review).code() == core::Status::Code::kNotFound);
  REQUIRE(store::Store::Create(path, "t", &review).ok());
  review.reset();
  CHECK(store::Store::Create(path, "t", &review).code() == core::Status::Code::kInvalidInput);
  REQUIRE(store::Store::Open(path, &review).ok());
  store::ReviewStats stats;
  REQUIRE(review->Stats(&stats).ok());
  CHECK(stats.title == "t");

  std::string text_file = (dir / "notes.txt").string();
  testutil::WriteFile(text_file, "these are not the droids you are looking for\n");
  core::Status st = store::Store::Open(text_file, &review);
  CHECK(st.code() == core::Status::Code::kInvalidInput);
  CHECK_THAT(st.message(), Catch::Contains("notes.txt"));
}

TEST_CASE("a review written by a newer winnow is refused, not changed", "[store]") {
  testutil::TempDir dir;
  std::string path = (dir / "r.db").string();
  {
    std::unique_ptr<store::Store> review;
    REQUIRE(store::Store::Create(path, "t", &review).ok());
  }
  // Pretend a future version wrote it: bump the schema version by hand.
  std::string cmd = "sqlite3 '" + path + "' 'PRAGMA user_version = 99'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::unique_ptr<store::Store> review;
  core::Status st = store::Store::Open(path, &review);
  CHECK(st.code() == core::Status::Code::kInvalidInput);
  CHECK_THAT(st.message(), Catch::Contains("newer"));
}

TEST_CASE("migrations 9 and 10: sections and relations into the record row, ids looked up there",
          "[store]") {
  testutil::TempDir dir;
  std::string path;
  core::Record odd = SampleRecord();
  odd.source_id = "99999999";
  odd.pmid = "99999999";
  odd.doi = "";
  odd.pmcid = "";
  odd.abstract = "Plain text that does not hold the sections.";
  odd.abstract_sections = {{"AIM \"quoted\" \\ back", "OBJECTIVE", "Not in the abstract:\tå ∑ 😀"},
                           {"", "UNASSIGNED", ""}};
  odd.relations = {{"CommentOn", "", "Lancet. 2020;\"395\"\n(10223):497"},
                   {"RetractionIn", "31234567", ""}};
  std::vector<store::RecordRow> before;
  {
    Fixture f;
    path = (f.dir / "r.db").string();
    f.Upsert(SampleRecord());
    f.Upsert(odd);
    before = f.Rows(store::RecordSet::kRecords);
    f.review.reset();
    // Put the review back in the layout of schema 8 (child tables, no
    // columns), as an older winnow wrote it.
    std::string old_layout = (f.dir / "old.sql").string();
    testutil::WriteFile(old_layout, R"sql(
CREATE TABLE abstract_sections (
  record_id INTEGER NOT NULL REFERENCES records(id), pos INTEGER NOT NULL,
  label TEXT NOT NULL, category TEXT NOT NULL, text_start INTEGER NOT NULL,
  text_length INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (record_id, pos)) WITHOUT ROWID;
CREATE TABLE relations (
  record_id INTEGER NOT NULL REFERENCES records(id), pos INTEGER NOT NULL,
  type TEXT NOT NULL, target_pmid TEXT NOT NULL, citation TEXT NOT NULL,
  PRIMARY KEY (record_id, pos)) WITHOUT ROWID;
INSERT INTO abstract_sections SELECT r.id, j.key, j.value->>0, j.value->>1, j.value->>2,
  j.value->>3, j.value->>4 FROM records r, json_each(r.sections) j WHERE r.sections <> '';
INSERT INTO relations SELECT r.id, j.key, j.value->>0, j.value->>1, j.value->>2
  FROM records r, json_each(r.relations) j WHERE r.relations <> '';
ALTER TABLE records DROP COLUMN sections;
ALTER TABLE records DROP COLUMN relations;
DROP INDEX records_pmid;
DROP INDEX records_doi;
DROP INDEX records_pmcid;
INSERT INTO identifiers SELECT id, 'pmid', 0, pmid FROM records WHERE pmid <> '';
INSERT INTO identifiers SELECT id, 'doi', 0, doi FROM records WHERE doi <> '';
INSERT INTO identifiers SELECT id, 'pmcid', 0, pmcid FROM records WHERE pmcid <> '';
DROP TABLE raw_dictionaries;
PRAGMA user_version = 8;
)sql");
    std::string cmd = "sqlite3 '" + path + "' < '" + old_layout + "'";
    REQUIRE(std::system(cmd.c_str()) == 0);
    std::string count = (f.dir / "count.txt").string();
    cmd = "sqlite3 '" + path + "' 'SELECT count(*) FROM abstract_sections' > '" + count + "'";
    REQUIRE(std::system(cmd.c_str()) == 0);
    REQUIRE(testutil::ReadFile(count) == "4\n");
    // Opening it applies migrations 9 to 11: every record reads back as it
    // was (its raw text too), and is found by its PMID, DOI and PMCID in its
    // own row.
    std::unique_ptr<store::Store> reopened;
    REQUIRE(store::Store::Open(path, &reopened).ok());
    f.review = std::move(reopened);
    std::vector<store::RecordRow> after = f.Rows(store::RecordSet::kRecords);
    REQUIRE(after.size() == 2);
    for (size_t i = 0; i < 2; ++i) {
      CHECK(after[i].record.abstract_sections == before[i].record.abstract_sections);
      CHECK(after[i].record.relations == before[i].record.relations);
      CHECK(after[i].record.abstract == before[i].record.abstract);
      CHECK(after[i].record.keywords == before[i].record.keywords);
    }
    CHECK(after[1].record.abstract_sections == odd.abstract_sections);
    CHECK(after[1].record.relations == odd.relations);
    CHECK(after[0].record.relations == SampleRecord().relations);
    CHECK(after[0].record.issn == SampleRecord().issn);
    CHECK(after[0].record.registrations == SampleRecord().registrations);
    CHECK(after[0].record.other_ids == SampleRecord().other_ids);
    std::string raw;
    REQUIRE(f.review->LoadRaw(after[0].record_id, &raw).ok());
    CHECK(raw == SampleRecord().raw);
    std::vector<int64_t> ids;
    REQUIRE(f.review->FindRecordsByIdentifier("pmid", "99999999", &ids).ok());
    CHECK(ids == std::vector<int64_t>{after[1].record_id});
    REQUIRE(f.review->FindRecordsByIdentifier("doi", SampleRecord().doi, &ids).ok());
    CHECK(ids == std::vector<int64_t>{after[0].record_id});
    REQUIRE(f.review->FindRecordsByIdentifier("pmcid", SampleRecord().pmcid, &ids).ok());
    CHECK(ids == std::vector<int64_t>{after[0].record_id});
    REQUIRE(f.review->FindRecordsByIdentifier("doi", "", &ids).ok());
    CHECK(ids.empty());
    REQUIRE(f.review->FindRecordsByIdentifier("registration", "CRD42015025621", &ids).ok());
    CHECK(ids.size() == 2);
    f.review.reset();
    cmd = "sqlite3 '" + path +
          "' \"SELECT count(*) FROM identifiers WHERE kind IN ('pmid', 'doi', 'pmcid')\" > '" +
          count + "'";
    REQUIRE(std::system(cmd.c_str()) == 0);
    CHECK(testutil::ReadFile(count) == "0\n");
  }
}

namespace {

// Raw texts alike in their markup, different in their content.
std::vector<std::string> LikeRecords(const std::string& tag, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    std::string r = "<" + tag + "><PMID Version=\"1\">" + std::to_string(30000000 + i * 7919) +
                     "</PMID><ArticleTitle>Trial " + std::to_string(i * i) +
                     " of a treatment</ArticleTitle><Abstract>";
    for (int j = 0; j < 40; ++j) {
      r += "<AbstractText Label=\"RESULTS\">Outcome " + std::to_string((i * 31 + j * 17) % 997) +
           " improved in " + std::to_string((i + j) % 89) + " patients.</AbstractText>";
    }
    out.push_back(r + "</Abstract></" + tag + ">");
  }
  return out;
}

}  // namespace

TEST_CASE("raw dictionaries: trained, used both ways, refused when too small", "[store]") {
  std::vector<std::string> records = LikeRecords("PubmedArticle", 200);
  auto dict = store::TrainRawDictionary(records);
  REQUIRE(dict != nullptr);
  CHECK(dict->id() != 0);
  CHECK(store::TrainRawDictionary(LikeRecords("PubmedArticle", 5)) == nullptr);

  store::Compressor c(1);
  std::string with, without, back;
  REQUIRE(c.Compress(records[7], &with, dict.get()).ok());
  REQUIRE(c.Compress(records[7], &without).ok());
  CHECK(with.size() < without.size());
  CHECK(store::Compressor::DictionaryId(with) == dict->id());
  CHECK(store::Compressor::DictionaryId(without) == 0);
  REQUIRE(c.Decompress(with, &back, dict.get()).ok());
  CHECK(back == records[7]);
  REQUIRE(c.Decompress(without, &back, dict.get()).ok());  // a frame without one ignores it
  CHECK(back == records[7]);
  core::Status missing = c.Decompress(with, &back);
  CHECK(missing.code() == core::Status::Code::kIo);
  CHECK(missing.message().find("dictionary " + std::to_string(dict->id())) != std::string::npos);
  CHECK(store::CompressRaw(records[7], dict.get()) == with);
}

TEST_CASE("the store keeps a dictionary once, refuses another under its id, reads both kinds",
          "[store]") {
  Fixture f;
  std::vector<std::string> a = LikeRecords("PubmedArticle", 200);
  std::vector<std::string> b = LikeRecords("MedlineCitation", 200);
  auto dict_a = store::TrainRawDictionary(a);
  auto trained_b = store::TrainRawDictionary(b);
  REQUIRE(dict_a != nullptr);
  REQUIRE(trained_b != nullptr);
  // Another dictionary that claims dict_a's id (bytes 4-7 of a dictionary).
  std::string forged = trained_b->bytes();
  forged.replace(4, 4, dict_a->bytes().substr(4, 4));
  auto dict_b = store::RawDictionary::FromBytes(forged, 1);
  REQUIRE(dict_b != nullptr);
  REQUIRE(dict_b->id() == dict_a->id());

  REQUIRE(f.review->Begin().ok());
  bool usable = false;
  REQUIRE(f.review->UseRawDictionary(dict_a, &usable).ok());
  CHECK(usable);
  // The sample record under another PMID, with this raw text.
  auto record = [](const std::string& pmid, const std::string& raw) {
    core::Record r = SampleRecord();
    if (pmid != r.pmid) {
      r.source_id = r.pmid = pmid;
      r.doi = r.pmcid = "";
    }
    r.raw = raw;
    return r;
  };
  core::Record r1 = record("33176729", a[3]);
  // Compressed ahead on another thread with the same dictionary...
  std::string ahead = store::CompressRaw(r1.raw, dict_a.get());
  store::UpsertOutcome out;
  REQUIRE(f.review->UpsertRecord(f.source_id, f.import_id, r1, &out, &ahead).ok());
  // ...or by the store, which uses it too.
  REQUIRE(f.review->UpsertRecord(f.source_id, f.import_id, record("33176730", a[4]), &out).ok());
  REQUIRE(f.review->Commit().ok());

  REQUIRE(f.review->Begin().ok());
  REQUIRE(f.review->UseRawDictionary(dict_b, &usable).ok());
  CHECK_FALSE(usable);  // the store compresses without it
  // A text compressed ahead with the refused dictionary is compressed again.
  std::string ahead_b = store::CompressRaw(b[5], dict_b.get());
  REQUIRE(
      f.review->UpsertRecord(f.source_id, f.import_id, record("33176731", b[5]), &out, &ahead_b)
          .ok());
  REQUIRE(f.review->Commit().ok());

  std::map<std::string, std::string> raw_by_pmid;
  for (const store::RecordRow& row : f.Rows(store::RecordSet::kRecords)) {
    REQUIRE(f.review->LoadRaw(row.record_id, &raw_by_pmid[row.record.pmid]).ok());
  }
  CHECK(raw_by_pmid["33176729"] == a[3]);
  CHECK(raw_by_pmid["33176730"] == a[4]);
  CHECK(raw_by_pmid["33176731"] == b[5]);
}
