#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "queries/ast.h"
#include "queries/printer.h"

namespace {

using queries::And;
using queries::Field;
using queries::Node;
using queries::Not;
using queries::Or;
using queries::Term;

Node Range(Field field, std::string from, std::string to) {
  return queries::DateRange(field, std::move(from), std::move(to));
}

Node Near(std::string words, Field field, int distance) {
  return queries::Proximity(std::move(words), field, distance);
}

Node Trunc(std::string text, Field field = Field::kAll) {
  return Term(std::move(text), field, /*quoted=*/false, /*truncated=*/true);
}

// ("Peer Group"[mh] OR "peer support"[tiab] OR peer*[tiab]) AND
// ("randomized controlled trial"[pt] OR randomi*[tiab] OR placebo[tiab]) AND
// 2010:2019[dp] NOT (animals[mh] NOT humans[mh])
Node PeerSupportTrials() {
  Node peers = Or({Term("Peer Group", Field::kMesh), Term("peer support", Field::kTitleAbstract),
                   Trunc("peer", Field::kTitleAbstract)});
  Node trials =
      Or({Term("randomized controlled trial", Field::kPublicationType),
          Trunc("randomi", Field::kTitleAbstract), Term("placebo", Field::kTitleAbstract)});
  Node animals = Not(Term("animals", Field::kMesh), Term("humans", Field::kMesh));
  return Not(And({peers, trials, Range(Field::kPublicationDate, "2010", "2019")}), animals);
}

struct Case {
  const char* name;
  Node query;
  std::string expected;
  // One entry per expected warning, in order: text the warning contains.
  std::vector<std::string> warnings;
};

void Check(const Case& c, const queries::Translation& t) {
  INFO(c.name);
  CHECK(t.query == c.expected);
  CAPTURE(t.warnings);
  REQUIRE(t.warnings.size() == c.warnings.size());
  for (size_t i = 0; i < c.warnings.size(); ++i) {
    INFO("warning " << i << ": " << t.warnings[i]);
    CHECK(t.warnings[i].find(c.warnings[i]) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("Europe PMC: fields and terms", "[queries][translate]") {
  const Case cases[] = {
      {"plain word", Term("aspirin"), "aspirin", {}},
      {"phrase", Term("peer support"), "\"peer support\"", {}},
      {"quoted word", Term("aspirin", Field::kAll, true), "\"aspirin\"", {}},
      {"operator word is quoted", Term("AND"), "\"AND\"", {}},
      {"punctuation is quoted", Term("covid-19", Field::kTitle), "TITLE:\"covid-19\"", {}},
      {"embedded quote is escaped", Term("5\" needle"), "\"5\\\" needle\"", {}},
      {"title", Term("aspirin", Field::kTitle), "TITLE:aspirin", {}},
      {"abstract phrase", Term("peer support", Field::kAbstract), "ABSTRACT:\"peer support\"", {}},
      {"title/abstract truncation",
       Trunc("randomi", Field::kTitleAbstract),
       "TITLE_ABS:randomi*",
       {}},
      {"quoted truncated word", Term("vaccin", Field::kAll, true, true), "vaccin*", {}},
      {"truncated phrase",
       Trunc("peer support", Field::kTitleAbstract),
       "TITLE_ABS:\"peer support*\"",
       {"may not expand a wildcard inside a quoted phrase: \"peer support*\"[tiab]"}},
      {"text word",
       Term("peer", Field::kTextWord),
       "peer",
       {"peer[tw] is sent as peer: Europe PMC has no text-word field"}},
      {"mesh exploded",
       Term("Peer Group", Field::kMesh),
       "MESH_HEADING:\"Peer Group\"",
       {"MeSH explosion is PubMed-only: \"Peer Group\"[mh] is sent as "
        "MESH_HEADING:\"Peer Group\" without its narrower terms."}},
      {"mesh not exploded",
       Term("Peer Group", Field::kMeshNoExp),
       "MESH_HEADING:\"Peer Group\"",
       {}},
      {"mesh major",
       Term("Peer Group", Field::kMeshMajor),
       "MESH_HEADING:\"Peer Group\"",
       {"Major topics are not searched: \"Peer Group\"[majr] is sent as MESH_HEADING:\"Peer "
        "Group\""}},
      {"subheading",
       Term("drug therapy", Field::kSubheading),
       "\"drug therapy\"",
       {"Subheadings are not searched: \"drug therapy\"[sh]"}},
      {"publication type",
       Term("randomized controlled trial", Field::kPublicationType),
       "PUB_TYPE:\"randomized controlled trial\"",
       {"\"randomized controlled trial\"[pt] is sent as PUB_TYPE:"}},
      {"author", Term("Smith J", Field::kAuthor), "AUTH:\"Smith J\"", {}},
      {"first author", Term("Smith", Field::kFirstAuthor), "AUTH_FIRST:Smith", {}},
      {"journal", Term("BMJ", Field::kJournal), "JOURNAL:BMJ", {}},
      {"language name", Term("English", Field::kLanguage), "LANG:eng", {}},
      {"language code", Term("fre", Field::kLanguage), "LANG:fre", {}},
      {"unknown language",
       Term("Klingon", Field::kLanguage),
       "LANG:klingon",
       {"Klingon[la] is not a language this translator knows: it is sent as LANG:klingon"}},
      {"pmid", Term("12345678", Field::kUid), "EXT_ID:12345678 AND SRC:MED", {}},
      {"pmid in OR",
       Or({Term("aspirin"), Term("123", Field::kUid)}),
       "aspirin OR (EXT_ID:123 AND SRC:MED)",
       {}},
      {"not a pmid",
       Term("abc", Field::kUid),
       "EXT_ID:abc AND SRC:MED",
       {"abc[uid] is not a PubMed ID"}},
  };
  for (const Case& c : cases) Check(c, queries::PrintEuropePmc(c.query));
}

TEST_CASE("Europe PMC: dates and proximity", "[queries][translate]") {
  const Case cases[] = {
      {"years",
       Range(Field::kPublicationDate, "2010", "2019"),
       "FIRST_PDATE:[2010-01-01 TO 2019-12-31]",
       {"2010:2019[dp] is sent as FIRST_PDATE:[2010-01-01 TO 2019-12-31], Europe PMC's first "
        "publication date"}},
      {"full dates",
       Range(Field::kPublicationDate, "2010/03/15", "2019/6/1"),
       "FIRST_PDATE:[2010-03-15 TO 2019-06-01]",
       {"Publication dates are approximated"}},
      {"month in a leap year",
       Range(Field::kPublicationDate, "2012/02", "2012/02"),
       "FIRST_PDATE:[2012-02-01 TO 2012-02-29]",
       {"Publication dates are approximated"}},
      {"open end",
       Range(Field::kPublicationDate, "2015", ""),
       "FIRST_PDATE:[2015-01-01 TO 3000-12-31]",
       {"2015:3000[dp]"}},
      {"open start",
       Range(Field::kPublicationDate, "", "2009"),
       "FIRST_PDATE:[1800-01-01 TO 2009-12-31]",
       {"1800:2009[dp]"}},
      {"entrez date",
       Range(Field::kEntrezDate, "2020/01/01", "2020/06/30"),
       "FIRST_IDATE:[2020-01-01 TO 2020-06-30]",
       {"Entrez dates are PubMed-only: 2020/01/01:2020/06/30[edat] is sent as FIRST_IDATE:"}},
      {"single year term",
       Term("2015", Field::kPublicationDate),
       "FIRST_PDATE:[2015-01-01 TO 2015-12-31]",
       {"Publication dates are approximated"}},
      {"bad date",
       Range(Field::kPublicationDate, "20x0", "2019"),
       "FIRST_PDATE:[20x0 TO 2019-12-31]",
       {"\"20x0\" in 20x0:2019[dp] is not a date", "Publication dates are approximated"}},
      {"impossible day",
       Range(Field::kPublicationDate, "2019/02/30", "2019"),
       "FIRST_PDATE:[2019/02/30 TO 2019-12-31]",
       {"is not a date", "Publication dates are approximated"}},
      {"proximity",
       Near("peer support", Field::kTitleAbstract, 3),
       "TITLE_ABS:\"peer support\"~3",
       {"Proximity is approximated: \"peer support\"[tiab:~3] is sent as "
        "TITLE_ABS:\"peer support\"~3"}},
      {"proximity in title",
       Near("peer support", Field::kTitle, 2),
       "TITLE:\"peer support\"~2",
       {"Proximity is approximated"}},
  };
  for (const Case& c : cases) Check(c, queries::PrintEuropePmc(c.query));
}

TEST_CASE("Europe PMC: precedence is kept with parentheses", "[queries][translate]") {
  const Node a = Term("a"), b = Term("b"), c = Term("c"), d = Term("d");
  const Case cases[] = {
      {"AND of ORs", And({Or({a, b}), Or({c, d})}), "(a OR b) AND (c OR d)", {}},
      {"OR of ANDs", Or({And({a, b}), c}), "(a AND b) OR c", {}},
      {"NOT", Not(a, b), "a AND NOT b", {}},
      {"NOT of an OR", Not(a, Or({b, c})), "a AND NOT (b OR c)", {}},
      {"NOT of an AND", Not(And({a, b}), c), "(a AND b) AND NOT c", {}},
      {"NOT chain", Not(Not(a, b), c), "(a AND NOT b) AND NOT c", {}},
      {"NOT inside AND", And({a, Not(b, c)}), "a AND (b AND NOT c)", {}},
      {"NOT inside OR", Or({a, Not(b, c)}), "a OR (b AND NOT c)", {}},
      {"nested AND is flat", And({a, And({b, c})}), "a AND b AND c", {}},
      {"fielded terms in groups",
       And({Or({Term("aspirin", Field::kTitle), Term("asa", Field::kTitle)}),
            Term("stroke", Field::kTitleAbstract)}),
       "(TITLE:aspirin OR TITLE:asa) AND TITLE_ABS:stroke",
       {}},
  };
  for (const Case& c : cases) Check(c, queries::PrintEuropePmc(c.query));
}

TEST_CASE("Europe PMC: a peer support trials strategy", "[queries][translate]") {
  const Case c{
      "peer support trials",
      PeerSupportTrials(),
      "((MESH_HEADING:\"Peer Group\" OR TITLE_ABS:\"peer support\" OR TITLE_ABS:peer*) "
      "AND (PUB_TYPE:\"randomized controlled trial\" OR TITLE_ABS:randomi* OR "
      "TITLE_ABS:placebo) AND FIRST_PDATE:[2010-01-01 TO 2019-12-31]) AND NOT "
      "(MESH_HEADING:animals AND NOT MESH_HEADING:humans)",
      {"MeSH explosion is PubMed-only: \"Peer Group\"[mh]",
       "\"randomized controlled trial\"[pt] is sent as PUB_TYPE:",
       "Publication dates are approximated: 2010:2019[dp]",
       "MeSH explosion is PubMed-only: animals[mh]", "MeSH explosion is PubMed-only: humans[mh]"}};
  Check(c, queries::PrintEuropePmc(c.query));
  // Deterministic: the same tree gives the same text.
  CHECK(queries::PrintEuropePmc(c.query).query == queries::PrintEuropePmc(c.query).query);
}

TEST_CASE("ClinicalTrials.gov: fields and terms", "[queries][translate]") {
  const std::string mesh4 =
      "AREA[ConditionMeshTerm]\"Peer Group\" OR AREA[ConditionAncestorTerm]\"Peer Group\" OR "
      "AREA[InterventionMeshTerm]\"Peer Group\" OR AREA[InterventionAncestorTerm]\"Peer Group\"";
  const Case cases[] = {
      {"plain word", Term("aspirin"), "aspirin", {}},
      {"phrase", Term("peer support"), "\"peer support\"", {}},
      {"quoted word", Term("aspirin", Field::kAll, true), "\"aspirin\"", {}},
      {"operator word is quoted", Term("NOT"), "\"NOT\"", {}},
      {"area word is quoted", Term("AREA"), "\"AREA\"", {}},
      {"embedded quote is escaped", Term("5\" needle"), "\"5\\\" needle\"", {}},
      {"title",
       Term("aspirin", Field::kTitle),
       "AREA[BriefTitle]aspirin OR AREA[OfficialTitle]aspirin",
       {}},
      {"abstract",
       Term("peer support", Field::kAbstract),
       "AREA[BriefSummary]\"peer support\" OR AREA[DetailedDescription]\"peer support\"",
       {"A trial register has no abstract: \"peer support\"[ab] is searched in the brief summary"}},
      {"title/abstract",
       Term("peer support", Field::kTitleAbstract),
       "\"peer support\"",
       {"no title/abstract field: \"peer support\"[tiab] is searched in the whole study record"}},
      {"text word", Term("peer", Field::kTextWord), "peer", {"no text-word field: peer[tw]"}},
      {"mesh exploded",
       Term("Peer Group", Field::kMesh),
       mesh4,
       {"\"Peer Group\"[mh] is searched in the condition and intervention MeSH terms and their "
        "ancestors, which approximates PubMed's explosion."}},
      {"mesh not exploded",
       Term("Peer Group", Field::kMeshNoExp),
       "AREA[ConditionMeshTerm]\"Peer Group\" OR AREA[InterventionMeshTerm]\"Peer Group\"",
       {"not as MEDLINE does: \"Peer Group\"[mh:noexp] is searched in the condition and "
        "intervention MeSH terms."}},
      {"mesh major",
       Term("Peer Group", Field::kMeshMajor),
       mesh4,
       {"a register has no major topics, so that restriction is lost (wider)."}},
      {"truncation",
       Trunc("randomi"),
       "randomi",
       {"does not support truncation: randomi* is sent as randomi without the *"}},
      {"truncated phrase",
       Trunc("peer support", Field::kTitle),
       "AREA[BriefTitle]\"peer support\" OR AREA[OfficialTitle]\"peer support\"",
       {"does not support truncation: \"peer support*\"[ti]"}},
      {"title in AND",
       And({Term("aspirin", Field::kTitle), Term("stroke")}),
       "(AREA[BriefTitle]aspirin OR AREA[OfficialTitle]aspirin) AND stroke",
       {}},
  };
  for (const Case& c : cases) Check(c, queries::PrintCtgov(c.query));
}

TEST_CASE("ClinicalTrials.gov: dates and proximity", "[queries][translate]") {
  const Case cases[] = {
      {"years",
       Range(Field::kPublicationDate, "2010", "2019"),
       "AREA[StartDate]RANGE[2010-01-01,2019-12-31]",
       {"A trial register has no publication date: 2010:2019[dp] is sent as "
        "AREA[StartDate]RANGE[2010-01-01,2019-12-31], the date the study started."}},
      {"open end",
       Range(Field::kPublicationDate, "2015", ""),
       "AREA[StartDate]RANGE[2015-01-01,MAX]",
       {"no publication date"}},
      {"open start and month",
       Range(Field::kPublicationDate, "", "2019/06"),
       "AREA[StartDate]RANGE[MIN,2019-06-30]",
       {"no publication date"}},
      {"entrez date",
       Range(Field::kEntrezDate, "2020", "2020"),
       "AREA[StudyFirstPostDate]RANGE[2020-01-01,2020-12-31]",
       {"no Entrez date: 2020:2020[edat] is sent as "
        "AREA[StudyFirstPostDate]RANGE[2020-01-01,2020-12-31], the date the study was first "
        "posted."}},
      {"proximity in title/abstract",
       Near("peer support", Field::kTitleAbstract, 3),
       "\"peer support\"",
       {"no proximity operator: \"peer support\"[tiab:~3] is sent as \"peer support\", which "
        "needs the words side by side and in order (narrower).",
        "\"peer support\"[tiab] is searched in the whole study record"}},
      {"proximity in title",
       Near("peer support", Field::kTitle, 2),
       "AREA[BriefTitle]\"peer support\" OR AREA[OfficialTitle]\"peer support\"",
       {"no proximity operator"}},
  };
  for (const Case& c : cases) Check(c, queries::PrintCtgov(c.query));
}

TEST_CASE("ClinicalTrials.gov: what a register lacks is left out only soundly",
          "[queries][translate]") {
  const Node a = Term("a"), b = Term("b");
  const Node review = Term("review", Field::kPublicationType);
  const Case cases[] = {
      {"publication type in AND",
       And({Term("aspirin"), review}),
       "aspirin",
       {"review[pt] was left out of an AND group because it cannot be searched in "
        "ClinicalTrials.gov (a trial register has no publication types): records no longer "
        "have to match it, so the search is wider."}},
      {"author in a longer AND",
       And({a, Term("Smith J", Field::kAuthor), b}),
       "a AND b",
       {"\"Smith J\"[au] was left out of an AND group because it cannot be searched in "
        "ClinicalTrials.gov (a trial register has no authors)"}},
      {"journal inside an OR",
       And({Term("stroke"), Or({Term("aspirin"), Term("Lancet", Field::kJournal)})}),
       "stroke",
       {"(aspirin OR Lancet[ta]) was left out of an AND group because Lancet[ta] (a trial "
        "register has no journals) cannot be searched in ClinicalTrials.gov: records no longer "
        "have to match it"}},
      {"dropped group keeps no inner warnings",
       And({a, Or({Trunc("randomi", Field::kTitleAbstract), review})}),
       "a",
       {"(randomi*[tiab] OR review[pt]) was left out of an AND group because review[pt]"}},
      {"excluded publication type",
       Not(Term("aspirin"), review),
       "aspirin",
       {"The exclusion NOT review[pt] was removed because it cannot be searched in "
        "ClinicalTrials.gov (a trial register has no publication types): the records it would "
        "exclude are kept, so the search is wider."}},
      {"excluded AND with a language",
       Not(a, And({b, Term("german", Field::kLanguage)})),
       "a",
       {"The exclusion NOT (b AND german[la]) was removed because german[la] (a trial register "
        "has no language field) cannot be searched in ClinicalTrials.gov"}},
      {"excluded OR with a publication type",
       Not(a, Or({b, review})),
       "a AND NOT b",
       {"review[pt] was left out of an excluded OR group because it cannot be searched in "
        "ClinicalTrials.gov (a trial register has no publication types): records matching it "
        "are no longer excluded, so the search is wider."}},
      {"double negation",
       Not(a, Not(b, review)),
       "a",
       {"The exclusion NOT (b NOT review[pt]) was removed because review[pt]"}},
      {"unsearchable left of NOT",
       Not(Term("Smith", Field::kAuthor), Term("review")),
       "NOT review",
       {"Smith[au] was left out before NOT because it cannot be searched in ClinicalTrials.gov "
        "(a trial register has no authors): only the exclusion remains"}},
      {"pmid",
       And({Term("aspirin"), Term("12345", Field::kUid)}),
       "aspirin",
       {"12345[uid] was left out of an AND group because it cannot be searched in "
        "ClinicalTrials.gov (PubMed IDs are not trial identifiers)"}},
      {"subheading and first author",
       And({a, Term("therapy", Field::kSubheading), Term("Smith", Field::kFirstAuthor)}),
       "a",
       {"therapy[sh] was left out", "Smith[1au] was left out"}},
      {"whole query unsearchable",
       review,
       "review",
       {"review[pt] cannot be translated soundly for ClinicalTrials.gov: leaving out what it "
        "cannot search would leave no query, so as a best approximation those terms are sent as "
        "plain words",
        "review[pt] cannot be searched in ClinicalTrials.gov (a trial register has no "
        "publication types): it is sent as the plain words review, searched anywhere in the "
        "study record."}},
      {"OR with an unsearchable term",
       Or({a, Term("Smith J", Field::kAuthor)}),
       "a OR \"Smith J\"",
       {"(a OR \"Smith J\"[au]) cannot be translated soundly",
        "\"Smith J\"[au] cannot be searched in ClinicalTrials.gov (a trial register has no "
        "authors): it is sent as the plain words \"Smith J\""}},
  };
  for (const Case& c : cases) Check(c, queries::PrintCtgov(c.query));
}

TEST_CASE("ClinicalTrials.gov: precedence is kept with parentheses", "[queries][translate]") {
  const Node a = Term("a"), b = Term("b"), c = Term("c"), d = Term("d");
  const Case cases[] = {
      {"AND of ORs", And({Or({a, b}), Or({c, d})}), "(a OR b) AND (c OR d)", {}},
      {"OR of ANDs", Or({And({a, b}), c}), "(a AND b) OR c", {}},
      {"NOT of an OR", Not(a, Or({b, c})), "a AND NOT (b OR c)", {}},
      {"NOT chain", Not(Not(a, b), c), "(a AND NOT b) AND NOT c", {}},
      {"NOT inside OR", Or({a, Not(b, c)}), "a OR (b AND NOT c)", {}},
  };
  for (const Case& c : cases) Check(c, queries::PrintCtgov(c.query));
}

TEST_CASE("ClinicalTrials.gov: a peer support trials strategy", "[queries][translate]") {
  const std::string peer =
      "AREA[ConditionMeshTerm]\"Peer Group\" OR AREA[ConditionAncestorTerm]\"Peer Group\" OR "
      "AREA[InterventionMeshTerm]\"Peer Group\" OR AREA[InterventionAncestorTerm]\"Peer Group\" "
      "OR \"peer support\" OR peer";
  const std::string animals =
      "(AREA[ConditionMeshTerm]animals OR AREA[ConditionAncestorTerm]animals OR "
      "AREA[InterventionMeshTerm]animals OR AREA[InterventionAncestorTerm]animals) AND NOT "
      "(AREA[ConditionMeshTerm]humans OR AREA[ConditionAncestorTerm]humans OR "
      "AREA[InterventionMeshTerm]humans OR AREA[InterventionAncestorTerm]humans)";
  const Case c{
      "peer support trials",
      PeerSupportTrials(),
      "((" + peer + ") AND AREA[StartDate]RANGE[2010-01-01,2019-12-31]) AND NOT (" + animals + ")",
      {"\"Peer Group\"[mh] is searched in the condition and intervention MeSH terms",
       "\"peer support\"[tiab] is searched in the whole study record",
       "does not support truncation: peer*[tiab]",
       "peer*[tiab] is searched in the whole study record",
       "(\"randomized controlled trial\"[pt] OR randomi*[tiab] OR placebo[tiab]) was "
       "left out of an AND group because \"randomized controlled trial\"[pt] (a trial "
       "register has no publication types) cannot be searched in ClinicalTrials.gov",
       "no publication date: 2010:2019[dp]", "animals[mh] is searched", "humans[mh] is searched"}};
  Check(c, queries::PrintCtgov(c.query));
}
