// Deduplication on real records: the traps of the bib-dedupe special cases,
// errata and correction notices from the haematology set, a medRxiv preprint
// from a Dimensions export, and the building blocks (journal abbreviations,
// candidate pairs, constrained clustering, the canonical record).
#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <set>

#include "parse/formats.h"
#include "screen/canonical.h"
#include "screen/dedup.h"
#include "test_util.h"

namespace {

// Every record of a file, keyed by the file's own id (source_id).
std::map<std::string, core::Record> ReadAll(const std::string& rel) {
  std::string path = testutil::SharedData(rel).string();
  std::string format;
  REQUIRE(parse::DetectFormat(path, &format).ok());
  std::unique_ptr<parse::RecordReader> reader;
  REQUIRE(parse::OpenReader(format, path, rel, parse::ReaderOptions{}, &reader).ok());
  std::map<std::string, core::Record> out;
  core::Record rec;
  int n = 0;
  while (reader->Next(&rec)) {
    out[rec.source_id.empty() ? std::to_string(n) : rec.source_id] = rec;
    ++n;
    rec = core::Record{};
  }
  REQUIRE(reader->status().ok());
  return out;
}

screen::PairResult Compare(const core::Record& a, const core::Record& b) {
  return screen::ComparePair(screen::MakeDedupRecord(1, a, "database"),
                             screen::MakeDedupRecord(2, b, "database"));
}

}  // namespace

TEST_CASE("bib-dedupe special cases: exactly the human-verified pairs merge") {
  WINNOW_REQUIRE_SHARED_DATA();
  auto recs = ReadAll("dedup/bib_dedupe_special_cases/records_pre_merged.csv");
  REQUIRE(recs.size() == 12);
  std::set<std::pair<std::string, std::string>> merged;
  std::map<std::pair<std::string, std::string>, screen::PairResult> results;
  for (auto i = recs.begin(); i != recs.end(); ++i) {
    for (auto j = std::next(i); j != recs.end(); ++j) {
      screen::PairResult r = Compare(i->second, j->second);
      results[{i->first, j->first}] = r;
      if (r.verdict == screen::Verdict::kDuplicate) merged.insert({i->first, j->first});
    }
  }
  // merged_record_ids.csv: 1+2 (AMCIS vs "Americas Conference on Information
  // Systems"), 5+6, 7+11 (same journal article, one without DOI).
  std::set<std::pair<std::string, std::string>> truth = {{"id_0000001", "id_0000002"},
                                                         {"id_0000005", "id_0000006"},
                                                         {"id_0000007", "id_0000011"}};
  CHECK(merged == truth);
  // Same minitrack introduction in 2021 and 2022: different works, not even a question.
  CHECK(results[{"id_0000003", "id_0000004"}].verdict == screen::Verdict::kDistinct);
  // The 2003 conference paper and its 2004 journal version: related, said so.
  const screen::PairResult& conf = results[{"id_0000007", "id_0000012"}];
  CHECK(conf.verdict == screen::Verdict::kRelated);
  CHECK(conf.relation == "conference");
  // A 2011 symposium paper and the 2014 article: not duplicates.
  CHECK(results[{"id_0000009", "id_0000010"}].verdict != screen::Verdict::kDuplicate);
}

TEST_CASE("errata and correction notices are related to the article and never merged") {
  WINNOW_REQUIRE_SHARED_DATA();
  auto recs = ReadAll("dedup/bib_dedupe_haematology/records_pre_merged.csv");
  // "Erratum: Gain-of-function mutations ..." against the article.
  const core::Record& erratum = recs.at("id_0001173");
  const core::Record& article = recs.at("id_0000190");
  CHECK(screen::ClassifyRecord(erratum, "database") == screen::RecordType::kErratum);
  screen::PairResult r = Compare(erratum, article);
  CHECK(r.verdict == screen::Verdict::kRelated);
  CHECK(r.relation == "erratum");
  // Web of Science's "Title (vol 360, pg 542, 2009)" and Embase's "Title
  // (Journal (2009) 360 (2487))" are correction notices too.
  CHECK(screen::ClassifyRecord(recs.at("id_0000058"), "database") ==
        screen::RecordType::kErratum);
  CHECK(screen::ClassifyRecord(recs.at("id_0000057"), "database") ==
        screen::RecordType::kErratum);
  CHECK(Compare(recs.at("id_0000058"), recs.at("id_0000063")).verdict !=
        screen::Verdict::kDuplicate);
  // "Title.[Erratum appears in N Engl J Med ...]" is the article itself, with a
  // note appended by MEDLINE: it merges with the article.
  CHECK(Compare(recs.at("id_0000064"), recs.at("id_0000063")).verdict ==
        screen::Verdict::kDuplicate);
  // "Erratum: ..." records: the real erratum titles all classify.
  int errata = 0;
  for (const auto& [id, rec] : recs) {
    if (rec.title.rfind("Erratum", 0) == 0) {
      ++errata;
      CHECK(screen::ClassifyRecord(rec, "database") == screen::RecordType::kErratum);
    }
  }
  CHECK(errata >= 2);
}

TEST_CASE("a medRxiv preprint is a preprint and never a duplicate of an article") {
  WINNOW_REQUIRE_SHARED_DATA();
  auto recs = ReadAll("exports/citesource_stages/citesource_stage_Dimensions_246.ris");
  const core::Record* preprint = nullptr;
  for (const auto& [id, rec] : recs) {
    if (rec.doi == "10.1101/2023.04.10.23288198") preprint = &rec;
  }
  REQUIRE(preprint != nullptr);
  CHECK(screen::ClassifyRecord(*preprint, "database") == screen::RecordType::kPreprint);
  // The same record as a journal would list it: related, with the reason.
  core::Record published = *preprint;
  published.journal = "Annual Review of Public Health";
  published.doi = "";
  published.pages = "";
  screen::PairResult r = Compare(*preprint, published);
  CHECK(r.verdict == screen::Verdict::kRelated);
  CHECK(r.relation == "preprint");
  CHECK(r.reason.find("related, not duplicates") != std::string::npos);
  // A Cold Spring Harbor journal DOI (10.1101/gr....) is not a preprint.
  core::Record genome = published;
  genome.doi = "10.1101/gr.123456.111";
  CHECK(screen::ClassifyRecord(genome, "database") == screen::RecordType::kArticle);
}

TEST_CASE("records with no title are never merged automatically") {
  WINNOW_REQUIRE_SHARED_DATA();
  auto recs = ReadAll("dedup/bib_dedupe_cytology_screening/records_pre_merged.csv");
  core::Record a = recs.at("id_0000001");
  a.title.clear();
  core::Record b = a;
  screen::PairResult same = Compare(a, b);
  CHECK(same.verdict == screen::Verdict::kReview);
  CHECK(same.reason.rfind("no title", 0) == 0);
  b.pages = "300-310";
  CHECK(Compare(a, b).verdict == screen::Verdict::kDistinct);
}

TEST_CASE("a shared DOI with clearly different titles goes to review") {
  WINNOW_REQUIRE_SHARED_DATA();
  auto recs = ReadAll("dedup/bib_dedupe_cytology_screening/records_pre_merged.csv");
  core::Record a = recs.at("id_0000001");
  core::Record b = recs.at("id_0000004");
  REQUIRE(a.title != b.title);
  a.doi = b.doi = "10.1002/cncr.21900";
  screen::PairResult r = Compare(a, b);
  CHECK(r.verdict == screen::Verdict::kReview);
  CHECK(r.stage == "identifier");
  CHECK(r.reason.find("identifier may be wrong") != std::string::npos);
  // The same DOI on two exports of one article merges at stage 1.
  core::Record c = recs.at("id_0000002");
  c.doi = a.doi;
  screen::PairResult same = Compare(a, c);
  CHECK(same.verdict == screen::Verdict::kDuplicate);
  CHECK(same.reason.rfind("same doi", 0) == 0);
}

TEST_CASE("journal names: ISO abbreviations and subtitles and ampersands match") {
  CHECK(screen::IsAbbreviationOf("j infect dis", "journal of infectious diseases"));
  CHECK(screen::IsAbbreviationOf("trans r soc trop med hyg",
                                 "transactions of the royal society of tropical medicine and hygiene"));
  CHECK(screen::IsAbbreviationOf("proc natl acad sci u s a",
                                 "proceedings of the national academy of sciences of the united states of america") ==
        false);  // "of the United States of America": word counts differ
  CHECK_FALSE(screen::IsAbbreviationOf("j infect", "journal of infectious diseases"));
  core::Record a, b;
  a.journal = "Obstetrics & Gynecology";
  b.journal = "Obstetrics and Gynecology";
  auto da = screen::MakeDedupRecord(1, a, "database");
  auto db = screen::MakeDedupRecord(2, b, "database");
  CHECK(screen::JournalsMatch(da, db));
  b.journal = "International journal of cancer. Journal international du cancer";
  a.journal = "International Journal of Cancer";
  CHECK(screen::JournalsMatch(screen::MakeDedupRecord(1, a, "database"),
                              screen::MakeDedupRecord(2, b, "database")));
  b.journal = "Cancer";
  CHECK_FALSE(screen::JournalsMatch(screen::MakeDedupRecord(1, a, "database"),
                                    screen::MakeDedupRecord(2, b, "database")));
}

TEST_CASE("candidate pairs: only pairs with a new record and each pair once") {
  WINNOW_REQUIRE_SHARED_DATA();
  auto recs = ReadAll("dedup/bib_dedupe_cytology_screening/records_pre_merged.csv");
  std::vector<screen::DedupRecord> all;
  int64_t id = 0;
  for (const auto& [sid, rec] : recs) all.push_back(screen::MakeDedupRecord(++id, rec, "database"));
  for (auto& d : all) d.is_new = true;
  auto pairs = screen::CandidatePairs(all, nullptr);
  // Near-linear: far fewer than all pairs, at least one per true duplicate.
  CHECK(pairs.size() < all.size() * 10);
  CHECK(pairs.size() > 900);
  std::set<std::pair<uint32_t, uint32_t>> unique(pairs.begin(), pairs.end());
  CHECK(unique.size() == pairs.size());
  // Nothing new: nothing to compare. One new record: only its pairs.
  for (auto& d : all) d.is_new = false;
  CHECK(screen::CandidatePairs(all, nullptr).empty());
  all[1].is_new = true;  // id_0000002, a copy of id_0000001 and id_0000003
  auto some = screen::CandidatePairs(all, nullptr);
  REQUIRE_FALSE(some.empty());
  for (const auto& [x, y] : some) CHECK((x == 1 || y == 1));
  CHECK(std::count(some.begin(), some.end(), std::make_pair(uint32_t{0}, uint32_t{1})) == 1);
}

TEST_CASE("clustering applies merges and keeps splits apart and is transitive otherwise") {
  std::vector<int64_t> ids = {1, 2, 3, 4, 5};
  // 1-2 and 2-3 link automatically; a reviewer said 1 and 3 are different.
  std::vector<screen::Link> automatic = {{1, 2, 0.99}, {2, 3, 0.95}};
  auto reps = screen::Cluster(ids, {}, automatic, {});
  CHECK(reps == std::vector<int64_t>{1, 1, 1, 4, 5});
  reps = screen::Cluster(ids, {}, automatic, {{1, 3, 1}});
  // The better link (1-2) wins; 3 stays apart from 1.
  CHECK(reps == std::vector<int64_t>{1, 1, 3, 4, 5});
  // A reviewer's merge of 4 and 5 applies with no automatic link.
  reps = screen::Cluster(ids, {{4, 5, 1}}, automatic, {{1, 3, 1}});
  CHECK(reps == std::vector<int64_t>{1, 1, 3, 4, 4});
  // A bare record (3, no DOI) like both an article (1, 2) and its reprint
  // (4, 5, another DOI) joins one of them only; the other link is refused.
  std::vector<std::string> dois = {"10.3390/a", "10.3390/a", "", "10.37247/b", "10.37247/b"};
  std::vector<screen::Link> chain = {{1, 2, 1.0}, {4, 5, 1.0}, {3, 4, 0.99}, {2, 3, 0.97}};
  std::vector<screen::Link> refused;
  reps = screen::Cluster(ids, {}, chain, {}, dois, &refused);
  CHECK(reps == std::vector<int64_t>{1, 1, 3, 3, 3});
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].a == 2);
  CHECK(refused[0].b == 3);
  // A reviewer may still merge them.
  reps = screen::Cluster(ids, {{2, 4, 1}}, chain, {}, dois, nullptr);
  CHECK(reps == std::vector<int64_t>{1, 1, 1, 1, 1});
}

TEST_CASE("the canonical record takes each field from the best source") {
  WINNOW_REQUIRE_SHARED_DATA();
  auto pubmed = ReadAll("pubmed_xml/misc/p1m_ortho_pubmed_result_292.xml");
  REQUIRE_FALSE(pubmed.empty());
  core::Record pm;
  for (const auto& [id, rec] : pubmed) {
    if (!rec.abstract.empty() && !rec.mesh.empty() && !rec.doi.empty()) {
      pm = rec;
      break;
    }
  }
  REQUIRE_FALSE(pm.pmid.empty());
  // A vendor copy: no MeSH, a shorter abstract, a keyword, a wrong DOI.
  core::Record ris = pm;
  ris.format = "ris";
  ris.source = "embase";
  ris.mesh.clear();
  ris.abstract = pm.abstract.substr(0, pm.abstract.size() / 2);
  ris.abstract_sections.clear();
  ris.keywords = {"embase keyword"};
  ris.doi = "10.9999/wrong";
  core::Record ris2 = ris;
  ris2.doi = pm.doi;
  ris2.source = "cinahl";
  ris2.pmid.clear();
  core::Record c = screen::CanonicalRecord({ris, pm, ris2});
  CHECK(c.source == pm.source);
  CHECK(c.abstract == pm.abstract);
  CHECK(c.mesh == pm.mesh);
  CHECK(c.doi == pm.doi);  // two of three agree
  CHECK(std::find(c.keywords.begin(), c.keywords.end(), "embase keyword") != c.keywords.end());
  CHECK(c.pmid == pm.pmid);
  // Without PubMed: the longest abstract, the DOI most agree on.
  core::Record other = ris2;
  other.abstract = pm.abstract;
  core::Record d = screen::CanonicalRecord({ris, ris2, other});
  CHECK(d.abstract == pm.abstract);
  CHECK(d.doi == pm.doi);
}

TEST_CASE("a reply to a letter or an editorial comment is related to the article and not merged") {
  WINNOW_REQUIRE_SHARED_DATA();
  auto recs = ReadAll("dedup/bib_dedupe_haematology/records_pre_merged.csv");
  // "Thrombomodulin in Atypical Hemolytic-Uremic Syndrome AUTHORS REPLY" (Esmon)
  // against the letter (Edey), same journal page.
  const core::Record& reply = recs.at("id_0001126");
  CHECK(screen::ClassifyRecord(reply, "database") == screen::RecordType::kComment);
  screen::PairResult r = Compare(reply, recs.at("id_0000181"));
  CHECK(r.verdict == screen::Verdict::kRelated);
  CHECK(r.relation == "comment");
  CHECK(screen::ClassifyRecord(recs.at("id_0000039"), "database") ==
        screen::RecordType::kComment);  // "... streptococcus - Reply"
  CHECK(screen::ClassifyRecord(recs.at("id_0001138"), "database") ==
        screen::RecordType::kComment);  // "... What Is New Editorial Comment"
  // Two copies of the reply itself are duplicates.
  CHECK(Compare(recs.at("id_0000039"), recs.at("id_0000040")).verdict ==
        screen::Verdict::kDuplicate);
}

TEST_CASE("one record typed differently by two databases is still one record") {
  WINNOW_REQUIRE_SHARED_DATA();
  auto recs = ReadAll("dedup/bib_dedupe_haematology/records_pre_merged.csv");
  // The erratum as one database has it (typed by its title) and as another
  // would (typed "Published Erratum" only, with a plain title): same journal,
  // volume and page.
  core::Record a = recs.at("id_0001173");
  core::Record b = a;
  b.publication_types = {"Published Erratum"};
  CHECK(Compare(a, b).verdict == screen::Verdict::kDuplicate);
  // A conference abstract and an article record of the same journal page.
  core::Record article = recs.at("id_0000190");
  core::Record abstract = article;
  abstract.kind = "conference-paper";
  CHECK(screen::ClassifyRecord(abstract, "database") == screen::RecordType::kConference);
  CHECK(Compare(article, abstract).verdict == screen::Verdict::kDuplicate);
  // In another year and journal it is the conference version: related.
  abstract.year = 2006;
  abstract.journal = "Molecular Immunology";
  abstract.volume = "43";
  abstract.pages = "150";
  screen::PairResult r = Compare(article, abstract);
  CHECK(r.verdict == screen::Verdict::kRelated);
  CHECK(r.relation == "conference");
}
