// parse::ReadEutilsResponse on real recorded E-utilities responses
// (shared/data/api_responses/eutils): counts, ids, translations, PubMed's
// error and warning lists, <ERROR> envelopes, and truncated bodies.
#include <catch2/catch.hpp>

#include <string>

#include "parse/eutils_response.h"
#include "test_util.h"

namespace {

core::EutilsResponse Read(const std::string& name, bool* ok, std::string* why) {
  std::string body = testutil::ReadFile(testutil::SharedData("api_responses/eutils/" + name));
  REQUIRE(!body.empty());
  core::EutilsResponse r;
  *ok = parse::ReadEutilsResponse(body, &r, why);
  return r;
}

}  // namespace

TEST_CASE("eutils: real esearch responses", "[parse][eutils]") {
  WINNOW_REQUIRE_SHARED_DATA();
  bool ok = false;
  std::string why;
  core::EutilsResponse r = Read("eutils_esearch2.xml", &ok, &why);
  REQUIRE(ok);
  CHECK(r.root == "eSearchResult");
  CHECK(r.count == 42249);
  CHECK(r.ids.size() == 100);
  CHECK(r.ids.front() == "41297076");
  CHECK(r.error.empty());

  r = Read("eutilsjson_esearch.pubmed.xml", &ok, &why);
  REQUIRE(ok);
  CHECK(r.count == 15169);
  CHECK(r.ids.size() == 100);
  CHECK(r.ids[0] == "23175848");

  // A phrase PubMed does not know: dropped from the query, said in ErrorList.
  r = Read("eutils_esearch8.xml", &ok, &why);
  REQUIRE(ok);
  CHECK(r.count == 0);
  CHECK(r.ids.empty());
  CHECK(r.translation == "(abcXYZ[All Fields])");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "PhraseNotFound: abcXYZ");
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] == "OutputMessage: No items found.");

  r = Read("eutilsjson_esearch.error.xml", &ok, &why);
  REQUIRE(ok);
  CHECK(r.count == 5163);
  CHECK(r.translation == "\"obstetrics\"[MeSH Terms]");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "PhraseNotFound: fleegle[MeSH Terms]");
}

TEST_CASE("eutils: ERROR envelopes and truncated bodies", "[parse][eutils]") {
  WINNOW_REQUIRE_SHARED_DATA();
  bool ok = false;
  std::string why;
  core::EutilsResponse r = Read("eutilsjson_esearch.baderror.xml", &ok, &why);
  REQUIRE(ok);  // well-formed: the error is in the content
  CHECK(r.error == "Invalid db name specified: fleegle");
  r = Read("eutils_esummary8_error.xml", &ok, &why);
  REQUIRE(ok);
  CHECK(r.error == "Neither query_key nor id specified");

  // Any real response cut short is not well-formed, and the reason says where.
  std::string body = testutil::ReadFile(
      testutil::SharedData("api_responses/eutils/eutilsjson_esearch.pubmed.xml"));
  for (size_t cut : {body.size() / 3, body.size() / 2, body.size() - 20}) {
    core::EutilsResponse part;
    std::string reason;
    CHECK_FALSE(parse::ReadEutilsResponse(body.substr(0, cut), &part, &reason));
    CHECK(reason.find("at byte") != std::string::npos);
  }
  core::EutilsResponse empty;
  CHECK_FALSE(parse::ReadEutilsResponse("", &empty, &why));
}

TEST_CASE("eutils: efetch bodies count their articles", "[parse][eutils]") {
  WINNOW_REQUIRE_SHARED_DATA();
  std::string body =
      testutil::ReadFile(testutil::SharedData("pubmed_xml/edge_cases/eutilsjson_efetch_pubmed.xml"));
  REQUIRE(!body.empty());
  core::EutilsResponse r;
  std::string why;
  REQUIRE(parse::ReadEutilsResponse(body, &r, &why));
  CHECK(r.root == "PubmedArticleSet");
  size_t expected = 0;
  for (size_t p = body.find("<PubmedArticle>"); p != std::string::npos;
       p = body.find("<PubmedArticle>", p + 1)) {
    ++expected;
  }
  REQUIRE(expected > 0);
  CHECK(r.articles == static_cast<int64_t>(expected));
}
