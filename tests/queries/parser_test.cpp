// Tests for the query parsers (PubMed, Ovid, Cochrane, whole strategies) and
// the canonical PubMed printer. Every parsed tree is also printed and parsed
// back (ParsePubmed(PrintPubmed(q)) == q).
#include "queries/parser.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "queries/parse_util.h"
#include "queries/printer.h"
#include "test_util.h"

namespace {

using queries::And;
using queries::Field;
using queries::Message;
using queries::Node;
using queries::Not;
using queries::Or;

// A readable form of a tree for failure messages.
std::string Dump(const Node& n) {
  switch (n.kind) {
    case Node::Kind::kTerm:
      return std::string(n.quoted ? "Q" : "T") + "(" + n.text + (n.truncated ? "*" : "") + "|" +
             queries::FieldTag(n.field) + ")";
    case Node::Kind::kDateRange:
      return "Date(" + n.from + ".." + n.to + "|" + queries::FieldTag(n.field) + ")";
    case Node::Kind::kProximity:
      return "Prox(" + n.text + "|" + queries::FieldTag(n.field) + "~" +
             std::to_string(n.distance) + ")";
    default:
      break;
  }
  std::string out = n.kind == Node::Kind::kAnd  ? "And{"
                    : n.kind == Node::Kind::kOr ? "Or{"
                                                : "Not{";
  for (size_t i = 0; i < n.children.size(); ++i) out += (i ? ", " : "") + Dump(n.children[i]);
  return out + "}";
}

Node T(std::string text, Field f = Field::kAll) { return queries::Term(std::move(text), f); }
Node Q(std::string text, Field f = Field::kAll) { return queries::Term(std::move(text), f, true); }
Node Star(std::string text, Field f = Field::kAll, bool quoted = false) {
  return queries::Term(std::move(text), f, quoted, true);
}
Node Date(Field f, std::string from, std::string to) {
  return queries::DateRange(f, std::move(from), std::move(to));
}
Node Prox(std::string text, Field f, int d) {
  return queries::Proximity(std::move(text), f, d);
}

// Earlier lines for #n / Ovid references: l1 .. l9.
const std::vector<Node>& Lines() {
  static const std::vector<Node> lines = [] {
    std::vector<Node> v;
    for (int i = 1; i <= 9; ++i) v.push_back(T("l" + std::to_string(i)));
    return v;
  }();
  return lines;
}

std::string WarningsText(const std::vector<Message>& warnings) {
  std::string out;
  for (const Message& m : warnings) out += queries::PositionText(m.pos) + " " + m.text + "\n";
  return out;
}

// ParsePubmed(PrintPubmed(q)) == q.
void CheckRoundTrip(const Node& q) {
  std::string printed = queries::PrintPubmed(q);
  Node back;
  std::vector<Message> warnings;
  core::Status st = queries::ParsePubmed(printed, &back, &warnings, Lines());
  INFO("printed: " << printed);
  REQUIRE(st.ok());
  CHECK(Dump(back) == Dump(q));
  CHECK(back == q);
}

struct Case {
  const char* input;
  Node want;
  const char* warning;  // substring of the only warning, or "" for none
};

void CheckCase(const Case& c, const std::vector<Message>& warnings, const Node& got) {
  CHECK(Dump(got) == Dump(c.want));
  CHECK(got == c.want);
  if (*c.warning == '\0') {
    CHECK(WarningsText(warnings).empty());
  } else {
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0].text, Catch::Contains(c.warning));
  }
  CheckRoundTrip(got);
}

}  // namespace

TEST_CASE("PubMed terms phrases truncation and precedence", "[queries][parser]") {
  const Field kTiab = Field::kTitleAbstract;
  const std::vector<Case> cases = {
      {"cancer", T("cancer"), ""},
      {"canc*", Star("canc"), ""},
      {"\"peer support\"", Q("peer support"), ""},
      {"\xE2\x80\x9Cpeer support\xE2\x80\x9D", Q("peer support"), ""},
      {"\"peer support\"[tiab]", Q("peer support", kTiab), ""},
      {"\xE2\x80\x9Cpeer support\xE2\x80\x9D[tw]", Q("peer support", Field::kTextWord), ""},
      {"peer support[tiab]", T("peer support", kTiab), ""},
      {"peer support [tiab]", T("peer support", kTiab), ""},
      {"peer mentor*[tiab]", Star("peer mentor", kTiab), ""},
      {"\"peer support*\"[tiab]", Star("peer support", kTiab, true), ""},
      {"peer support", And({T("peer"), T("support")}), "quote them"},
      {"cancer[all]", T("cancer"), ""},
      {"peer support[All Fields]", T("peer support"), ""},
      {"a AND b AND c", And({T("a"), T("b"), T("c")}), ""},
      {"a OR b OR c", Or({T("a"), T("b"), T("c")}), ""},
      {"a OR b AND c", And({Or({T("a"), T("b")}), T("c")}), ""},
      {"a AND b OR c", Or({And({T("a"), T("b")}), T("c")}), ""},
      {"a OR (b AND c)", Or({T("a"), And({T("b"), T("c")})}), ""},
      {"(a OR b) AND c", And({Or({T("a"), T("b")}), T("c")}), ""},
      {"(a AND b) AND c", And({And({T("a"), T("b")}), T("c")}), ""},
      {"a AND (b AND c)", And({T("a"), And({T("b"), T("c")})}), ""},
      {"(a NOT b) AND c", And({Not(T("a"), T("b")), T("c")}), ""},
      {"a NOT b NOT c", Not(Not(T("a"), T("b")), T("c")), "NOT at the top level"},
      {"a OR b OR c AND d AND e", And({Or({T("a"), T("b"), T("c")}), T("d"), T("e")}), ""},
      {"a and b or c", Or({And({T("a"), T("b")}), T("c")}), ""},
      {"a Or b", Or({T("a"), T("b")}), ""},
      {"((a OR b) AND (c OR (d NOT e)))",
       And({Or({T("a"), T("b")}), Or({T("c"), Not(T("d"), T("e"))})}), ""},
      {"(((a)))", T("a"), ""},
      {"peer support AND c", And({And({T("peer"), T("support")}), T("c")}), "quote them"},
      {"a\nOR\n b", Or({T("a"), T("b")}), ""},
      {"\"a\" \"b c\"", And({Q("a"), Q("b c")}), "no operator"},
      {"\"AND\"[ti]", Q("AND", Field::kTitle), ""},
      {"randomi?ed[tiab]", T("randomi?ed", kTiab), ""},
      {"covid-19[tiab] OR sars-cov-2[tiab]", Or({T("covid-19", kTiab), T("sars-cov-2", kTiab)}),
       ""},
  };
  for (const Case& c : cases) {
    INFO("input: " << c.input);
    Node got;
    std::vector<Message> warnings;
    core::Status st = queries::ParsePubmed(c.input, &got, &warnings);
    REQUIRE(st.message() == "");
    CheckCase(c, warnings, got);
  }
}

TEST_CASE("PubMed not and mixed operators read left to right", "[queries][parser]") {
  const std::vector<Case> cases = {
      {"a NOT b", Not(T("a"), T("b")), "NOT at the top level"},
      {"a OR b NOT c", Not(Or({T("a"), T("b")}), T("c")), "NOT at the top level"},
      {"a NOT b AND c", And({Not(T("a"), T("b")), T("c")}), "NOT at the top level"},
      {"a AND b OR c NOT d AND e", And({Not(Or({And({T("a"), T("b")}), T("c")}), T("d")), T("e")}),
       "NOT at the top level"},
      {"a not (b OR c)", Not(T("a"), Or({T("b"), T("c")})), "NOT at the top level"},
      {"a AND (b NOT c)", And({T("a"), Not(T("b"), T("c"))}), ""},
  };
  for (const Case& c : cases) {
    INFO("input: " << c.input);
    Node got;
    std::vector<Message> warnings;
    REQUIRE(queries::ParsePubmed(c.input, &got, &warnings).message() == "");
    CheckCase(c, warnings, got);
  }
}

TEST_CASE("PubMed field tags short and long forms in any case", "[queries][parser]") {
  struct TagCase {
    const char* tag;
    Field field;
  };
  const std::vector<TagCase> tags = {
      {"tiab", Field::kTitleAbstract},
      {"TIAB", Field::kTitleAbstract},
      {"Title/Abstract", Field::kTitleAbstract},
      {"title/abstract", Field::kTitleAbstract},
      {"ti", Field::kTitle},
      {"Title", Field::kTitle},
      {"ab", Field::kAbstract},
      {"Abstract", Field::kAbstract},
      {"tw", Field::kTextWord},
      {"Text Word", Field::kTextWord},
      {"mh", Field::kMesh},
      {"MH", Field::kMesh},
      {"mesh", Field::kMesh},
      {"MeSH Terms", Field::kMesh},
      {"mh:noexp", Field::kMeshNoExp},
      {"mesh:noexp", Field::kMeshNoExp},
      {"MeSH Terms:noexp", Field::kMeshNoExp},
      {"majr", Field::kMeshMajor},
      {"MeSH Major Topic", Field::kMeshMajor},
      {"sh", Field::kSubheading},
      {"Subheading", Field::kSubheading},
      {"pt", Field::kPublicationType},
      {"Publication Type", Field::kPublicationType},
      {"au", Field::kAuthor},
      {"Author", Field::kAuthor},
      {"1au", Field::kFirstAuthor},
      {"Author - First", Field::kFirstAuthor},
      {"ta", Field::kJournal},
      {"Journal", Field::kJournal},
      {"la", Field::kLanguage},
      {"Language", Field::kLanguage},
      {"uid", Field::kUid},
      {"pmid", Field::kUid},
      {"UID", Field::kUid},
      {"PMID", Field::kUid},
      {"all", Field::kAll},
      {"All Fields", Field::kAll},
      {"ALL FIELDS", Field::kAll},
  };
  for (const TagCase& t : tags) {
    for (const char* form : {"word[%]", "\"two words\"[%]", "two words[%]"}) {
      std::string input = form;
      input.replace(input.find('%'), 1, t.tag);
      INFO("input: " << input);
      Node got;
      std::vector<Message> warnings;
      REQUIRE(queries::ParsePubmed(input, &got, &warnings).message() == "");
      std::string text = input[0] == 'w' ? "word" : "two words";
      Node want = queries::Term(text, t.field, input[0] == '"');
      CHECK(Dump(got) == Dump(want));
      CHECK(warnings.empty());
      CheckRoundTrip(got);
    }
  }
}

TEST_CASE("PubMed date ranges and proximity", "[queries][parser]") {
  const Field kDp = Field::kPublicationDate;
  const Field kEdat = Field::kEntrezDate;
  const std::vector<Case> cases = {
      {"2010:2019[dp]", Date(kDp, "2010", "2019"), ""},
      {"2015[dp]", Date(kDp, "2015", "2015"), ""},
      {"2010/01/01:2019/12/31[edat]", Date(kEdat, "2010/01/01", "2019/12/31"), ""},
      {"\"2010\"[dp] : \"2019\"[dp]", Date(kDp, "2010", "2019"), ""},
      {"(\"2010\"[Date - Publication] : \"2019\"[Date - Publication])", Date(kDp, "2010", "2019"),
       ""},
      {"\"2010/01\"[Publication Date]:\"2019/06\"[Publication Date]",
       Date(kDp, "2010/01", "2019/06"), ""},
      {"2012/09/25[EDAT] : 2012/11/24[EDAT]", Date(kEdat, "2012/09/25", "2012/11/24"), ""},
      {"2020[Date - Entrez]", Date(kEdat, "2020", "2020"), ""},
      {"2020/01/01:2020/12/31[Entrez Date]", Date(kEdat, "2020/01/01", "2020/12/31"), ""},
      {"2010:3000[dp]", Date(kDp, "2010", ""), ""},
      {"cancer AND 2010:2019[dp]", And({T("cancer"), Date(kDp, "2010", "2019")}), ""},
      {"\"peer support\"[tiab:~3]", Prox("peer support", Field::kTitleAbstract, 3), ""},
      {"\"peer support\"[Title/Abstract:~2]", Prox("peer support", Field::kTitleAbstract, 2), ""},
      {"\"peer support\"[ti:~0]", Prox("peer support", Field::kTitle, 0), ""},
      {"\"peer support worker\"[ab:~10]", Prox("peer support worker", Field::kAbstract, 10), ""},
      {"\"peer support\"[tw:~3]", Prox("peer support", Field::kTextWord, 3), "only in [ti]"},
  };
  for (const Case& c : cases) {
    INFO("input: " << c.input);
    Node got;
    std::vector<Message> warnings;
    REQUIRE(queries::ParsePubmed(c.input, &got, &warnings).message() == "");
    CheckCase(c, warnings, got);
  }
}

TEST_CASE("PubMed line references substitute earlier lines", "[queries][parser]") {
  std::vector<Node> lines = {Or({T("x"), T("y")}), T("z", Field::kMesh)};
  Node got;
  std::vector<Message> warnings;
  REQUIRE(queries::ParsePubmed("#1 AND #2", &got, &warnings, lines).ok());
  CHECK(got == And({Or({T("x"), T("y")}), T("z", Field::kMesh)}));
  REQUIRE(queries::ParsePubmed("#1 OR c", &got, &warnings, lines).ok());
  CHECK(Dump(got) == Dump(Or({Or({T("x"), T("y")}), T("c")})));
  REQUIRE(queries::ParsePubmed("(#2)", &got, &warnings, lines).ok());
  CHECK(got == T("z", Field::kMesh));
  CHECK(queries::PrintPubmed(Or({Or({T("x"), T("y")}), T("c")})) == "(x OR y) OR c");
  CHECK(warnings.empty());
}

TEST_CASE("PubMed warnings carry positions", "[queries][parser]") {
  struct WarnCase {
    const char* input;
    const char* text;
    const char* pos;
  };
  const std::vector<WarnCase> cases = {
      {"cancer AND peer support", "unquoted words 'peer support'", "1:12"},
      {"a AND b NOT c", "NOT at the top level removes", "1:9"},
      {"a AND \"\"", "empty quotes", "1:7"},
      {"cat* OR dogs", "shorter than 4 characters", "1:1"},
      {"\"97\"[Volume]", "[Volume] is not supported", "1:5"},
      {"a[ti] b[ti]", "no operator", "1:7"},
      {"\"peer\"[tiab:~3]", "two or more words", "1:1"},
  };
  for (const WarnCase& c : cases) {
    INFO("input: " << c.input);
    Node got;
    std::vector<Message> warnings;
    REQUIRE(queries::ParsePubmed(c.input, &got, &warnings).ok());
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0].text, Catch::Contains(c.text));
    CHECK(queries::PositionText(warnings[0].pos) == c.pos);
  }
  Node got;
  std::vector<Message> warnings;
  REQUIRE(queries::ParsePubmed("(a NOT b) AND (c OR d)", &got, &warnings).ok());
  CHECK(warnings.empty());
  REQUIRE(queries::ParsePubmed("canc* OR \"peer support\"[tiab]", &got, nullptr).ok());
}

TEST_CASE("PubMed errors name the position and what was expected", "[queries][parser]") {
  struct ErrorCase {
    const char* input;
    int first_line;
    const char* message;
  };
  const std::vector<ErrorCase> cases = {
      {"(a OR b", 1, "1:1: unbalanced parenthesis opened at 1:1"},
      {"a OR (b AND (c OR d)", 1, "1:6: unbalanced parenthesis opened at 1:6"},
      {"a OR b)", 1, "1:7: unexpected ')'"},
      {"cat AND", 1, "1:5: expected a term after AND"},
      {"(cat or)", 1, "1:6: expected a term after OR"},
      {"a NOT AND b", 1, "1:3: expected a term after NOT"},
      {"AND a", 1, "1:1: expected a term before AND"},
      {"", 1, "1:1: empty query"},
      {"  \n ", 4, "4:1: empty query"},
      {"a\n b[tiabx]", 1, "2:3: unknown field tag [tiabx]"},
      {"peer \"support", 1, "1:6: unterminated quote opened at 1:6"},
      {"#3 AND a", 1, "1:1: unknown line reference #3 (2 earlier lines)"},
      {"a OR #0", 1, "1:6: unknown line reference #0 (2 earlier lines)"},
      {"#x", 1, "1:1: expected a line number after '#' in '#x'"},
      {"a[tiab", 1, "1:2: unterminated field tag opened at 1:2"},
      {"[tiab] a", 1, "1:1: field tag [tiab] must follow a term"},
      {"()", 1, "1:1: empty parentheses"},
      {"(a OR b)[tiab]", 1,
       "1:9: field tag [tiab] cannot follow ')': PubMed tags each term, not groups"},
      {"a OR *", 1, "1:6: truncation '*' needs a word before it"},
      {"\"2010\"[dp] : b", 1, "1:12: expected a date tagged [dp] after ':'"},
      {"\"2010\"[dp] : \"2019\"[tiab]", 1, "1:20: expected a date tagged [dp] after ':'"},
      {"a : b", 1, "1:3: unexpected ':'"},
      {"a OR b]", 1, "1:7: unexpected ']'"},
      {"\xE2\x80\x9C"
       "ab\xE2\x80\x9D OR (c",
       3, "3:9: unbalanced parenthesis opened at 3:9"},
      {"x[mh:~3]", 1, "1:2: unknown field tag [mh:~3]"},
  };
  std::vector<Node> lines = {T("x"), T("y")};
  for (const ErrorCase& c : cases) {
    INFO("input: " << c.input);
    Node got;
    std::vector<Message> warnings;
    core::Status st = queries::ParsePubmed(c.input, &got, &warnings, lines, c.first_line);
    CHECK(st.code() == core::Status::Code::kInvalidInput);
    CHECK(st.message() == c.message);
  }
}

TEST_CASE("PrintPubmed writes canonical syntax with minimal brackets", "[queries][printer]") {
  struct PrintCase {
    Node tree;
    const char* printed;
  };
  const std::vector<PrintCase> cases = {
      {T("cancer"), "cancer"},
      {Q("peer support", Field::kTitleAbstract), "\"peer support\"[tiab]"},
      {T("peer support", Field::kTitleAbstract), "peer support[tiab]"},
      {T("peer support"), "peer support[all]"},
      {Q("peer support"), "\"peer support\""},
      {Star("canc"), "canc*"},
      {Star("peer support", Field::kTitle, true), "\"peer support*\"[ti]"},
      {T("Humans", Field::kMeshNoExp), "Humans[mh:noexp]"},
      {T("Neoplasms", Field::kMeshMajor), "Neoplasms[majr]"},
      {T("Review", Field::kPublicationType), "Review[pt]"},
      {T("smith j", Field::kFirstAuthor), "smith j[1au]"},
      {T("12345", Field::kUid), "12345[uid]"},
      {T("and"), "\"and\""},
      {T("#1"), "\"#1\""},
      {T("peer  support", Field::kTitle), "\"peer  support\"[ti]"},
      {Date(Field::kPublicationDate, "2010", "2019"), "2010:2019[dp]"},
      {Date(Field::kPublicationDate, "2015", "2015"), "2015[dp]"},
      {Date(Field::kEntrezDate, "2010", ""), "2010:3000[edat]"},
      {Date(Field::kPublicationDate, "", "2019"), "1000:2019[dp]"},
      {Date(Field::kPublicationDate, "2010 Jan", "2019"), "\"2010 Jan\"[dp] : \"2019\"[dp]"},
      {Prox("peer support", Field::kTitleAbstract, 3), "\"peer support\"[tiab:~3]"},
      {And({Or({T("a"), T("b")}), T("c")}), "a OR b AND c"},
      {Or({T("a"), And({T("b"), T("c")})}), "a OR (b AND c)"},
      {And({And({T("a"), T("b")}), T("c")}), "(a AND b) AND c"},
      {Or({Or({T("a"), T("b")}), T("c")}), "(a OR b) OR c"},
      {Not(Not(T("a"), T("b")), T("c")), "a NOT b NOT c"},
      {Not(T("a"), Not(T("b"), T("c"))), "a NOT (b NOT c)"},
      {Not(And({T("a"), T("b")}), Or({T("c"), T("d")})), "a AND b NOT (c OR d)"},
      {And({Not(T("a"), T("b")), T("c")}), "a NOT b AND c"},
      {And({T("a"), T("b"), T("c")}), "a AND b AND c"},
  };
  for (const PrintCase& c : cases) {
    INFO("tree: " << Dump(c.tree));
    CHECK(queries::PrintPubmed(c.tree) == c.printed);
  }
  // Round trip for every case the parser can produce (the quoted flag of
  // "and" and "#1" is the one thing the printer has to change).
  for (size_t i = 0; i < cases.size(); ++i) {
    if (std::string(cases[i].printed).find("\"and\"") == std::string::npos &&
        std::string(cases[i].printed).find("\"#1\"") == std::string::npos &&
        std::string(cases[i].printed).find("  ") == std::string::npos) {
      CheckRoundTrip(cases[i].tree);
    }
  }
}

TEST_CASE("Ovid lines in each form", "[queries][parser][ovid]") {
  const Field kTiab = Field::kTitleAbstract;
  const Field kTw = Field::kTextWord;
  const std::vector<Node>& l = Lines();
  const std::vector<Case> cases = {
      {"exp Peer Group/", T("Peer Group", Field::kMesh), ""},
      {"Peer Group/", T("Peer Group", Field::kMeshNoExp), ""},
      {"*Peer Group/", T("Peer Group", Field::kMeshMajor), ""},
      {"exp *Peer Group/", T("Peer Group", Field::kMeshMajor), ""},
      {"Depression, Postpartum/", T("Depression, Postpartum", Field::kMeshNoExp), ""},
      {"exp Peer Group/ or Self-Help Groups/",
       Or({T("Peer Group", Field::kMesh), T("Self-Help Groups", Field::kMeshNoExp)}), ""},
      {"peer support.ti,ab.", T("peer support", kTiab), ""},
      {"peer support.ab,ti.", T("peer support", kTiab), ""},
      {"peer.ti.", T("peer", Field::kTitle), ""},
      {"peer.ab.", T("peer", Field::kAbstract), ""},
      {"peer.tw.", T("peer", kTw), ""},
      {"peer support.mp.", T("peer support", kTw), ""},
      {"peer support.mp. [mp=title, abstract, original title, name of substance word]",
       T("peer support", kTw), ""},
      {"peer.kw.", T("peer", kTw), ""},
      {"peer.ti,ab,kw.", T("peer", kTw), ""},
      {"PEER.TI,AB.", T("PEER", kTiab), ""},
      {"randomized controlled trial.pt.", T("randomized controlled trial", Field::kPublicationType),
       ""},
      {"smith j.au.", T("smith j", Field::kAuthor), ""},
      {"english.lg.", T("english", Field::kLanguage), ""},
      {"lancet.jn.", T("lancet", Field::kJournal), ""},
      {"lancet.jx.", T("lancet", Field::kJournal), ""},
      {"2015.yr.", Date(Field::kPublicationDate, "2015", "2015"), ""},
      {"2010-2019.yr.", Date(Field::kPublicationDate, "2010", "2019"), ""},
      {"12345678.ui.", T("12345678", Field::kUid), ""},
      {"px.fs.", T("px", Field::kSubheading), ""},
      {"\"peer support\".tw.", Q("peer support", kTw), ""},
      {"peer support", T("peer support", kTw), ""},
      {"(peer adj3 support).tw.", Prox("peer support", kTw, 3), ""},
      {"(peer adj support).ti,ab.", Prox("peer support", kTiab, 1), ""},
      {"(peer ADJ2 support).ti.", Prox("peer support", Field::kTitle, 2), ""},
      {"(a or b or c).ti,ab.", Or({T("a", kTiab), T("b", kTiab), T("c", kTiab)}), ""},
      {"(peer adj3 (support or mentor*)).tw.",
       Or({Prox("peer support", kTw, 3), Prox("peer mentor*", kTw, 3)}), ""},
      {"((peer or lay) adj2 support$).ti,ab.",
       Or({Prox("peer support*", kTiab, 2), Prox("lay support*", kTiab, 2)}), ""},
      {"(peer support or befriend$).ti,ab.",
       Or({T("peer support", kTiab), Star("befriend", kTiab)}), ""},
      {"peer$.tw.", Star("peer", kTw), ""},
      {"mentor$2.tw.", Star("mentor", kTw), ""},
      {"random*.ti.", Star("random", Field::kTitle), ""},
      {"randomi?ed.ti,ab.", T("randomi?ed", kTiab), ""},
      {"behavio#r.tw.", T("behavio#r", kTw), ""},
      {"1 and (2 or 3) not 5", Not(And({l[0], Or({l[1], l[2]})}), l[4]), ""},
      {"5 or 6", Or({l[4], l[5]}), ""},
      {"or/1-5", Or({l[0], l[1], l[2], l[3], l[4]}), ""},
      {"OR/1-3,7", Or({l[0], l[1], l[2], l[6]}), ""},
      {"and/1,3,4", And({l[0], l[2], l[3]}), ""},
      {"limit 7 to english language", And({l[6], T("english", Field::kLanguage)}), ""},
      {"limit 7 to yr=\"2010 - 2019\"", And({l[6], Date(Field::kPublicationDate, "2010", "2019")}),
       ""},
      {"limit 7 to yr=\"2010 -Current\"", And({l[6], Date(Field::kPublicationDate, "2010", "")}),
       ""},
      {"limit 7 to humans", And({l[6], T("humans", Field::kMeshNoExp)}), ""},
      {"limit 7 to (english language and humans)",
       And({l[6], T("english", Field::kLanguage), T("humans", Field::kMeshNoExp)}), ""},
      {"limit 3 to randomized controlled trial",
       And({l[2], T("randomized controlled trial", Field::kPublicationType)}), ""},
      {"remove duplicates from 7", l[6], "remove duplicates"},
  };
  for (const Case& c : cases) {
    INFO("input: " << c.input);
    Node got;
    std::vector<Message> warnings;
    REQUIRE(queries::ParseOvidLine(c.input, l, 1, &got, &warnings).message() == "");
    CheckCase(c, warnings, got);
  }
}

TEST_CASE("Ovid errors name the position", "[queries][parser][ovid]") {
  struct ErrorCase {
    const char* input;
    const char* message;
  };
  const std::vector<ErrorCase> cases = {
      {"peer.xy.", "4:5: unknown field suffix .xy."},
      {"peer.ti,pt.", "4:5: unknown field suffix .ti,pt."},
      {"1 and 12", "4:7: unknown line reference 12 (9 earlier lines)"},
      {"(peer adj3 support.tw.", "4:1: unbalanced parenthesis opened at 4:1"},
      {"1 and", "4:3: expected a term after and"},
      {"(a) (b)", "4:5: expected AND, OR or NOT before '('"},
      {"limit 7 to last 5 years", "4:12: unsupported Ovid limit 'last 5 years'"},
      {"or/1-12", "4:4: unknown line reference 12 (9 earlier lines)"},
      {"or/3-1", "4:4: line range 3-1 runs backwards"},
      {"  ", "4:1: empty line"},
      {"peer) or a", "4:5: unexpected ')'"},
      {"\"peer support.tw.", "4:1: unterminated quote opened at 4:1"},
      {"(peer adj3 1).tw. and 2.tw. adj", "4:29: expected a term after adj"},
  };
  for (const ErrorCase& c : cases) {
    INFO("input: " << c.input);
    Node got;
    core::Status st = queries::ParseOvidLine(c.input, Lines(), 4, &got, nullptr);
    CHECK(st.code() == core::Status::Code::kInvalidInput);
    CHECK(st.message() == c.message);
  }
}

TEST_CASE("Cochrane search manager lines", "[queries][parser][cochrane]") {
  const std::vector<Node>& l = Lines();
  const std::vector<Case> cases = {
      {"MeSH descriptor: [Spine] explode all trees", T("Spine", Field::kMesh), ""},
      {"MeSH descriptor: [Back Pain] this term only", T("Back Pain", Field::kMeshNoExp), ""},
      {"MeSH descriptor: [Spine] explode all trees and with qualifier(s): [surgery - SU]",
       T("Spine", Field::kMesh), "qualifiers"},
      {"(scoliosis):ti,ab,kw (Word variations have been searched)",
       T("scoliosis", Field::kTextWord), ""},
      {"(scoliosis):ti,ab", T("scoliosis", Field::kTitleAbstract), ""},
      {"scoliosis:ti", T("scoliosis", Field::kTitle), ""},
      {"\"peer support\":ti,ab,kw", Q("peer support", Field::kTextWord), ""},
      {"peer*:ab", Star("peer", Field::kAbstract), ""},
      {"(peer NEAR/3 support):ti,ab", Prox("peer support", Field::kTitleAbstract, 3), ""},
      {"(peer or lay):ti,ab",
       Or({T("peer", Field::kTitleAbstract), T("lay", Field::kTitleAbstract)}), ""},
      {"#1 or #2 or #3", Or({l[0], l[1], l[2]}), ""},
      {"#1 AND #2 NOT #3", Not(And({l[0], l[1]}), l[2]), ""},
      {"#1 in Trials", l[0], "not expressible"},
      {"#1 in Cochrane Reviews, Cochrane Protocols", l[0], "not expressible"},
  };
  for (const Case& c : cases) {
    INFO("input: " << c.input);
    Node got;
    std::vector<Message> warnings;
    core::Status st = queries::internal::ParseCochraneLine(c.input, l, {1, 1}, &got, &warnings);
    REQUIRE(st.message() == "");
    CheckCase(c, warnings, got);
  }
  Node got;
  core::Status st = queries::internal::ParseCochraneLine("(peer):xx", l, {2, 1}, &got, nullptr);
  CHECK(st.message() == "2:7: unknown field suffix :xx");
  st = queries::internal::ParseCochraneLine("MeSH descriptor: [Spine] sideways", l, {2, 1}, &got,
                                            nullptr);
  CHECK(st.message() == "2:25: expected 'explode all trees' or 'this term only'");
}

namespace {

Node ParseFixture(const std::string& name, std::vector<Message>* warnings) {
  std::string text = testutil::ReadFile(testutil::SourceDir("tests/data/queries/" + name));
  REQUIRE(!text.empty());
  Node got;
  core::Status st = queries::ParseStrategy(text, &got, warnings);
  INFO("fixture: " << name);
  REQUIRE(st.message() == "");
  CheckRoundTrip(got);
  return got;
}

}  // namespace

TEST_CASE("Ovid MEDLINE strategy with hit counts", "[queries][strategy]") {
  std::vector<Message> warnings;
  Node got = ParseFixture("ovid_medline_peer_support.txt", &warnings);
  const Field kTw = Field::kTextWord;
  Node peer = Or({T("Peer Group", Field::kMesh), T("peer support", Field::kTitleAbstract),
                  Or({Prox("peer support", kTw, 3), Prox("peer mentor*", kTw, 3)})});
  Node rct =
      Or({T("Randomized Controlled Trial", Field::kMesh), T("randomi?ed", Field::kTitleAbstract)});
  Node want = And({And({peer, rct}), T("english", Field::kLanguage)});
  CHECK(Dump(got) == Dump(want));
  CHECK(got == want);
  CHECK(WarningsText(warnings).empty());
}

TEST_CASE("PubMed history strategy combines numbered lines", "[queries][strategy]") {
  std::vector<Message> warnings;
  Node got = ParseFixture("pubmed_history_peer_support.txt", &warnings);
  const Field kTiab = Field::kTitleAbstract;
  Node l1 =
      Or({Q("peer support", kTiab), Q("peer group", Field::kMesh), Star("peer mentor", kTiab)});
  Node l2 = Or({Q("mental disorders", Field::kMesh), Q("mental health services", Field::kMesh),
                Star("psychiatr", kTiab)});
  Node l4 = Or({T("randomized controlled trial", Field::kPublicationType), Star("randomi", kTiab),
                T("placebo", kTiab)});
  Node want = Not(And({And({l1, l2}), l4, Date(Field::kPublicationDate, "2000", "2019")}),
                  Not(T("animals", Field::kMesh), T("humans", Field::kMesh)));
  CHECK(Dump(got) == Dump(want));
  CHECK(got == want);
  REQUIRE(warnings.size() == 1);
  CHECK(queries::PositionText(warnings[0].pos) == "5:32");
  CHECK_THAT(warnings[0].text, Catch::Contains("NOT at the top level"));
}

TEST_CASE("Lettered strategy resolves letters", "[queries][strategy]") {
  std::vector<Message> warnings;
  Node got = ParseFixture("lettered_peer_support.txt", &warnings);
  const Field kTiab = Field::kTitleAbstract;
  Node a = Or({Q("peer support", kTiab), Q("peer counselling", kTiab)});
  Node b = Q("randomized controlled trial", Field::kPublicationType);
  Node c = Or({T("randomised", kTiab), T("randomized", kTiab)});
  Node want = And({a, Or({b, c})});
  CHECK(Dump(got) == Dump(want));
  CHECK(warnings.empty());
}

TEST_CASE("Typographic quotes mixed with tags and bare words", "[queries][strategy]") {
  std::vector<Message> warnings;
  Node got = ParseFixture("typographic_mixed.txt", &warnings);
  Node l1 = Or(
      {Q("peer support", Field::kTextWord), T("peer mentoring", Field::kMesh), T("befriending")});
  Node l2 = Or(
      {Q("mental illness", Field::kTextWord), T("schizophrenia", Field::kMesh), T("depression")});
  CHECK(Dump(got) == Dump(And({l1, l2})));
  CHECK(warnings.empty());
}

TEST_CASE("Cochrane search manager table of our own", "[queries][strategy]") {
  std::vector<Message> warnings;
  Node got = ParseFixture("cochrane_peer_support.txt", &warnings);
  Node want = Or({T("Peer Group", Field::kMesh), Prox("peer support", Field::kTextWord, 3),
                  Star("peer mentor", Field::kTitleAbstract, true)});
  CHECK(Dump(got) == Dump(want));
  REQUIRE(warnings.size() == 1);
  CHECK(queries::PositionText(warnings[0].pos) == "10:1");
}

TEST_CASE("ParseStrategy detects forms and dialects per line", "[queries][strategy]") {
  struct StrategyCase {
    const char* text;
    Node want;
  };
  const Field kTiab = Field::kTitleAbstract;
  const std::vector<StrategyCase> cases = {
      {"\"peer support\"[tiab] AND trial[pt]",
       And({Q("peer support", kTiab), T("trial", Field::kPublicationType)})},
      {"\"peer support\"[tiab]\nOR befriending[tiab]",
       Or({Q("peer support", kTiab), T("befriending", kTiab)})},
      {"exp Peer Group/", T("Peer Group", Field::kMesh)},
      {"1. peer.ti.\n2. lay.ti.\n3. 1 or 2",
       Or({T("peer", Field::kTitle), T("lay", Field::kTitle)})},
      {"S1 peer[ti]\nS2 lay[ti]\nS3 S1", T("S1")},
      {"#1 peer[ti]\n#2 lay.ti.\n#3 #1 OR #2",
       Or({T("peer", Field::kTitle), T("lay", Field::kTitle)})},
      {"1\tpeer[ti]\t12\n2\tlay.ti.\t30\n3\t1 or 2\t40",
       Or({T("peer", Field::kTitle), T("lay", Field::kTitle)})},
      {"1 peer.ti.   120\n2 lay[ti]   (30)\n3 1 and 2  12",
       And({T("peer", Field::kTitle), T("lay", Field::kTitle)})},
      {"A peer[ti]\nB lay[ti]\nC A or B", Or({T("peer", Field::kTitle), T("lay", Field::kTitle)})},
      {"A) peer[ti]\n\nB) (A NOT lay[ti])", Not(T("peer", Field::kTitle), T("lay", Field::kTitle))},
      {"1. (peer or lay) and\n   support.ti.\n2. 1",
       And({Or({T("peer", Field::kTextWord), T("lay", Field::kTextWord)}),
            T("support", Field::kTitle)})},
      {"1 next generation sequencing[tiab]\n2 #1 NOT mice[mh]",
       Not(T("next generation sequencing", kTiab), T("mice", Field::kMesh))},
      {"1 (peer NEXT support):ti\n2 (peer NEAR/2 worker)\n3 #1 OR #2",
       Or({Prox("peer support", Field::kTitle, 0), Prox("peer worker", Field::kTextWord, 2)})},
      {"1 peer support:ti,ab\n2 MeSH descriptor: [Peer Group] this term only\n3 #1 OR #2",
       Or({T("peer support", kTiab), T("Peer Group", Field::kMeshNoExp)})},
  };
  for (const StrategyCase& c : cases) {
    INFO("text: " << c.text);
    Node got;
    std::vector<Message> warnings;
    REQUIRE(queries::ParseStrategy(c.text, &got, &warnings).message() == "");
    CHECK(Dump(got) == Dump(c.want));
    CHECK(got == c.want);
    CheckRoundTrip(got);
  }
}

TEST_CASE("ParseStrategy errors name the line", "[queries][strategy]") {
  struct ErrorCase {
    const char* text;
    const char* message;
  };
  const std::vector<ErrorCase> cases = {
      {"", "1:1: empty query"},
      {"Database: Ovid MEDLINE(R)\nSearch Strategy:\n----\n", "1:1: empty query"},
      {"1 peer[ti]\n2 (lay[ti] OR #1\n",
       "2:3: unbalanced parenthesis opened at 2:3 (in strategy line 2)"},
      {"1     exp Peer Group/ (18734)\n2     peer.xy. (12)",
       "2:11: unknown field suffix .xy. (in strategy line 2)"},
      {"#1 peer[ti]\n#2 #1 OR #3",
       "2:10: unknown line reference #3 (1 earlier lines) (in strategy line 2)"},
      {"cancer[tiabx]", "1:7: unknown field tag [tiabx]"},
  };
  for (const ErrorCase& c : cases) {
    INFO("text: " << c.text);
    Node got;
    core::Status st = queries::ParseStrategy(c.text, &got, nullptr);
    CHECK(st.message() == c.message);
  }
}

TEST_CASE("Real Cochrane search manager exports parse", "[queries][strategy][shared]") {
  WINNOW_REQUIRE_SHARED_DATA();
  auto read = [](const char* date, std::vector<Message>* warnings) {
    std::string path =
        "exports/cochrane/p1m_stmz_cochrane_search_manager_" + std::string(date) + ".txt";
    std::string text = testutil::ReadFile(testutil::SharedData(path));
    REQUIRE(!text.empty());
    Node got;
    REQUIRE(queries::ParseStrategy(text, &got, warnings).message() == "");
    CheckRoundTrip(got);
    return got;
  };
  std::vector<Message> warnings;
  Node spine = read("20190302", &warnings);
  REQUIRE(spine.kind == Node::Kind::kOr);
  REQUIRE(spine.children.size() == 14);
  CHECK(spine.children[0] == T("Spine", Field::kMesh));
  CHECK(spine.children[9] == T("Orthopedic Procedures", Field::kMesh));
  CHECK(spine.children[13] == T("Back Injuries", Field::kMesh));
  CHECK(warnings.empty());

  Node scoliosis = read("20190306", &warnings);
  CHECK(scoliosis == T("scoliosis", Field::kTextWord));
  CHECK(warnings.size() == 4);  // #2..#5 restrict to Cochrane databases
}

TEST_CASE("E-utilities QueryTranslation strings parse", "[queries][parser][shared]") {
  WINNOW_REQUIRE_SHARED_DATA();
  std::filesystem::path dir = testutil::SharedData("api_responses/eutils");
  const Field kAll = Field::kAll;
  std::map<std::string, Node> expected = {
      {"eutils_esearch1.xml", Q("biopython")},
      {"eutils_esearch3.xml", And({Q("proc natl acad sci u s a", Field::kJournal), Q("97")})},
      {"eutils_esearch5.xml",
       And({Or({Q("stem cells", Field::kMesh), And({Q("stem"), Q("cells")}), Q("stem cells")}),
            T("hasabstract", kAll)})},
      {"eutils_esearch8.xml", T("abcXYZ")},
      {"eutils_esearch9.xml", T("l2")},
      {"eutilsjson_esearch.error.xml", Q("obstetrics", Field::kMesh)},
      {"eutilsjson_esearch.pubmed.xml",
       And({Or({Q("neoplasms", Field::kMesh), Q("neoplasms"), Q("cancer")}),
            Date(Field::kEntrezDate, "2012/09/25", "2012/11/24")})},
  };
  int parsed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string xml = testutil::ReadFile(entry.path());
    size_t open = xml.find("<QueryTranslation>");
    if (open == std::string::npos) continue;
    open += std::string("<QueryTranslation>").size();
    std::string query = xml.substr(open, xml.find("</QueryTranslation>", open) - open);
    for (auto [from, to] : {std::pair<std::string, std::string>{"&quot;", "\""},
                            {"&lt;", "<"},
                            {"&gt;", ">"},
                            {"&amp;", "&"}}) {
      for (size_t at = query.find(from); at != std::string::npos; at = query.find(from, at)) {
        query.replace(at, from.size(), to);
      }
    }
    INFO(entry.path().filename().string() << ": " << query);
    Node got;
    std::vector<Message> warnings;
    REQUIRE(queries::ParsePubmed(query, &got, &warnings, Lines()).message() == "");
    CheckRoundTrip(got);
    ++parsed;
    auto want = expected.find(entry.path().filename().string());
    if (want != expected.end()) CHECK(Dump(got) == Dump(want->second));
    if (entry.path().filename() == "eutils_esearch2.xml") {
      REQUIRE(got.kind == Node::Kind::kAnd);
      CHECK(got.children[0].children.size() == 10);
      CHECK(got.children[1] == Date(Field::kEntrezDate, "2025/09/27", "2025/11/26"));
    }
  }
  CHECK(parsed >= 8);
}

TEST_CASE("Random inputs never crash and PubMed parses round trip", "[queries][parser][fuzz]") {
  const std::vector<std::string> pieces = {"a",
                                           "peer",
                                           "support",
                                           "canc*",
                                           "*",
                                           " ",
                                           " ",
                                           " AND ",
                                           " OR ",
                                           " NOT ",
                                           " and ",
                                           "(",
                                           ")",
                                           "\"",
                                           "\xE2\x80\x9C",
                                           "\xE2\x80\x9D",
                                           "[tiab]",
                                           "[mh]",
                                           "[dp]",
                                           "[tiab:~3]",
                                           "[",
                                           "]",
                                           ":",
                                           "2010",
                                           "2010:2019",
                                           "#1",
                                           "#",
                                           "\n",
                                           "\t",
                                           ".ti,ab.",
                                           ".tw.",
                                           "/",
                                           "exp ",
                                           "adj3",
                                           "$",
                                           ":ti,ab",
                                           "NEAR/2",
                                           "1",
                                           "2 ",
                                           "or/1-2",
                                           "limit 1 to ",
                                           "A. ",
                                           "1. ",
                                           "(12)",
                                           "\xC3\xA9",
                                           "\xFF"};
  std::mt19937 rng(20190613);
  std::vector<Node> lines = {T("x"), T("y")};
  for (int i = 0; i < 20000; ++i) {
    std::string input;
    int n = 1 + static_cast<int>(rng() % 8);
    for (int j = 0; j < n; ++j) input += pieces[rng() % pieces.size()];
    INFO("input: " << input);
    Node got;
    std::vector<Message> warnings;
    if (queries::ParsePubmed(input, &got, &warnings, lines).ok()) CheckRoundTrip(got);
    queries::ParseOvidLine(input, lines, 1, &got, &warnings);
    queries::internal::ParseCochraneLine(input, lines, {1, 1}, &got, &warnings);
    queries::ParseStrategy(input, &got, &warnings);
    queries::ParseStrategy("1. a[ti]\n2. " + input, &got, &warnings);
  }
}
