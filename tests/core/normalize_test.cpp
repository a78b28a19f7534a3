// Table-driven tests for core/normalize.h and core/author_name.h. Strings are
// UTF-8 source text; invalid byte sequences are written as \x escapes (split
// where the next character would extend the escape).
#include "core/normalize.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/author_name.h"

namespace {

struct Case {
  std::string in;
  std::string want;
};

void CheckAll(const std::vector<Case>& cases, std::string (*fn)(std::string_view)) {
  for (const Case& c : cases) {
    INFO("input: \"" << c.in << "\"");
    CHECK(fn(c.in) == c.want);
  }
}

}  // namespace

TEST_CASE("MatchKey folds case, accents, width and punctuation", "[normalize]") {
  CheckAll(
      {
          {"Ünïcode—Title!", "unicode title"},
          {"The effectiveness of one-to-one peer support in mental health "
           "services: a systematic review and meta-analysis.",
           "the effectiveness of one to one peer support in mental health "
           "services a systematic review and meta analysis"},
          {"Straße", "strasse"},       // ß -> ss by case folding
          {"ﬁnal ﬂow", "final flow"},  // ligatures by NFKC
          {"ＡＢＣ１２３", "abc123"},  // full-width by NFKC
          {"Café au lait", "cafe au lait"},
          {"naïve Müller–Lyer illusion", "naive muller lyer illusion"},
          {"Αλφα Βήτα", "αλφα βητα"},  // Greek: fold, tonos gone
          {"ΣΟΦΙΑ", "σοφια"},
          {"β-blockers", "β blockers"},
          {"Ørsted Łódź", "ørsted łodz"},               // no decomposition: kept
          {"同伴支持：系统评价", "同伴支持 系统评价"},  // CJK passes through
          {"정신 건강", "정신 건강"},                   // Hangul recomposes
          {"がん", "かん"},                             // dakuten is a mark
          {"  multiple   spaces\tand\nnewlines  ", "multiple spaces and newlines"},
          {"COVID-19", "covid 19"},
          {"H₂O x²", "h2o x2"},
          {"ti\u00ADtle", "title"},  // soft hyphen ignored
          {"“Smart” ‘quotes’", "smart quotes"},
          {"abc\xFF"
           "def",
           "abc def"},  // invalid byte -> U+FFFD -> gap
          {"!!!", ""},
          {"", ""},
      },
      core::MatchKey);
}

TEST_CASE("FoldText folds but keeps punctuation and spacing", "[normalize]") {
  CheckAll(
      {
          {"Ünïcode—Title!", "unicode-title!"},  // dashes lumped to '-'
          {"Straße", "strasse"},
          {"Oﬃce ﬁle", "office file"},
          {"Café, au lait.", "cafe, au lait."},
          {"“Smart” quotes", "“smart” quotes"},  // LUMP leaves “” alone
          {"It’s", "it's"},                      // but maps ’ to '
          {"x − y ⁄ z", "x - y / z"},
          {"ＡＢＣ！", "abc!"},
          {"精神卫生", "精神卫生"},
          {"a  b", "a  b"},
          {"a\u00A0b", "a b"},  // NBSP is compatibility-equal to a space
          {"Ἀθῆναι", "αθηναι"},
          {"bad\xC3", "bad\uFFFD"},
          {"", ""},
      },
      core::FoldText);
}

TEST_CASE("CollapseSpace", "[normalize]") {
  CheckAll(
      {
          {"  a \t b\r\n c  ", "a b c"},
          {"a\u00A0\u00A0b", "a b"},  // NBSP
          {"a\u2003b", "a b"},        // em space
          {"a\u2028b", "a b"},        // line separator
          {"no change", "no change"},
          {"a\u200Bb", "a\u200Bb"},  // zero-width space is not white space
          {"a\xC3", "a\uFFFD"},
          {"   ", ""},
          {"", ""},
      },
      core::CollapseSpace);
}

TEST_CASE("SanitizeUtf8 replaces maximal invalid subparts", "[normalize]") {
  CheckAll(
      {
          {"plain ascii", "plain ascii"},
          {"Café 精神 😀", "Café 精神 😀"},
          {"\uFFFD kept", "\uFFFD kept"},
          {"abc\xFF", "abc\uFFFD"},
          {"Caf\xE9", "Caf\uFFFD"},  // Latin-1 é
          {"\xC3(", "\uFFFD("},
          {"\xE2\x80", "\uFFFD"},  // truncated: one U+FFFD
          {"\xE2\x80"
           "A",
           "\uFFFD"
           "A"},
          {"\xED\xA0\x80", "\uFFFD\uFFFD\uFFFD"},            // surrogate
          {"\xC0\xAF", "\uFFFD\uFFFD"},                      // overlong '/'
          {"\xF4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD"},  // > U+10FFFF
          {"\x80\x80", "\uFFFD\uFFFD"},                      // stray continuations
          {std::string("a\0b", 3), std::string("a\0b", 3)},
          {"", ""},
      },
      core::SanitizeUtf8);
}

TEST_CASE("Latin1ToUtf8 reads 0x80-0x9F as Windows-1252", "[normalize]") {
  CheckAll(
      {
          {"Caf\xE9", "Café"},
          {"\x93quoted\x94", "“quoted”"},
          {"it\x92s", "it’s"},
          {"\x80 5", "€ 5"},
          {"1865\x96"
           "76",
           "1865–76"},
          {"wait\x85", "wait…"},
          {"\x8A\x9A\x9F", "ŠšŸ"},
          {"\x81", "\u0081"},  // undefined in 1252: the C1 control
          {"Stra\xDF"
           "e \xFF",
           "Straße ÿ"},
          {"\xA0", "\u00A0"},
          {"plain", "plain"},
      },
      core::Latin1ToUtf8);
}

TEST_CASE("NormalizeDoi", "[normalize]") {
  const std::string white = "10.1186/s12888-020-02923-3";
  CheckAll(
      {
          {"10.1186/s12888-020-02923-3", white},
          {"https://doi.org/10.1186/s12888-020-02923-3", white},
          {"http://dx.doi.org/10.1186/S12888-020-02923-3", white},
          {"doi:10.1186/s12888-020-02923-3", white},
          {"DOI 10.1186/s12888-020-02923-3.", white},
          {"DOI: 10.1186/S12888-020-02923-3,", white},
          {"10.1186/s12888-020-02923-3 [doi]", white},
          {"https://doi.org/10.1186%2Fs12888-020-02923-3", white},
          {"  10.1186/s12888-020-02923-3;  ", white},
          {"doi:\u00A010.1186/s12888-020-02923-3", white},
          {"10.1186/s12888-020-02923-3; 10.1000/other", white},
          {"(doi:10.1016/S0140-6736(20)30183-5).", "10.1016/s0140-6736(20)30183-5"},
          {"10.1002/(SICI)1097-4636(199709)36:3<300::AID-JBM4>3.0.CO;2-E",
           "10.1002/(sici)1097-4636(199709)36:3<300::aid-jbm4>3.0.co;2-e"},
          {"10.1371/journal.pone.0123456.", "10.1371/journal.pone.0123456"},
          {"https://doi.org/10.1000.10/ABC", "10.1000.10/abc"},
          {"no doi here", ""},
          {"10.1186", ""},
          {"https://doi.org/10.1000/", ""},
          {"110.1000/abc", ""},
          {"", ""},
      },
      core::NormalizeDoi);
}

TEST_CASE("NormalizePages", "[normalize]") {
  CheckAll(
      {
          {"123-9", "123-129"},
          {"1865-76", "1865-1876"},
          {"1001-09", "1001-1009"},
          {"123–129", "123-129"},  // en dash
          {"123—129", "123-129"},  // em dash
          {"123 - 129", "123-129"},
          {"123--129", "123-129"},  // BibTeX
          {"123-123", "123"},
          {"98-102", "98-102"},
          {"534", "534"},
          {"e1234", "e1234"},
          {"e1234-e1240", "e1234-e1240"},
          {"S12-9", "S12-S19"},
          {"S12-19", "S12-S19"},
          {"S12-S19", "S12-S19"},
          {"iii-xii", "iii-xii"},
          {"123-129.", "123-129"},
          {"pp. 12-19", "12-19"},
          {"Pages 12-19", "12-19"},
          {"p. 534", "534"},
          {"  1865–76 ; ", "1865-1876"},
          {"123-", "123"},
          {"129-3", "129-3"},  // not a range we understand: kept
          {"12a-15b", "12a-15b"},
          {"", ""},
      },
      core::NormalizePages);
}

TEST_CASE("YearFromDate", "[normalize]") {
  const std::vector<std::pair<std::string, int>> cases = {
      {"2019 Jun-Jul", 2019},
      {"Spring 2003", 2003},
      {"2003-2004", 2003},
      {"15/06/2019", 2019},
      {"1998 Dec 15", 1998},
      {"Dec 1998", 1998},
      {"2020/11/11", 2020},
      {"Winter 1999-2000", 1999},
      {"c2005", 2005},
      {"vol 12 (1987)", 1987},
      {"1500", 1500},
      {"2200", 2200},
      {"1499", 0},
      {"2201", 0},
      {"12345", 0},
      {"no date", 0},
      {"", 0},
  };
  for (const auto& [in, want] : cases) {
    INFO("input: \"" << in << "\"");
    CHECK(core::YearFromDate(in) == want);
  }
}

TEST_CASE("ParseAuthorName", "[normalize]") {
  struct NameCase {
    std::string in, family, given, initials;
  };
  const std::vector<NameCase> cases = {
      {"White, Sarah J.", "White", "Sarah J.", "SJ"},
      {"White SJ", "White", "", "SJ"},
      {"White S.J.", "White", "", "SJ"},
      {"White S. J.", "White", "", "SJ"},
      {"WHITE SJ", "WHITE", "", "SJ"},
      {"Foster R", "Foster", "", "R"},
      {"Sarah J. White", "White", "Sarah J.", "SJ"},
      {"Jean-Paul Sartre", "Sartre", "Jean-Paul", "JP"},
      {"van der Berg, Anna", "van der Berg", "Anna", "A"},
      {"Anna van der Berg", "van der Berg", "Anna", "A"},
      {"Van Gogh V", "Van Gogh", "", "V"},
      {"de Souza, Maria", "de Souza", "Maria", "M"},
      {"White, S.J.", "White", "S.J.", "SJ"},
      {"White, S. J.", "White", "S. J.", "SJ"},
      {"White, SJ", "White", "SJ", "SJ"},
      {"O'Brien, M", "O'Brien", "M", "M"},
      {"Gillard, Steve", "Gillard", "Steve", "S"},
      {"Müller, Hans-Peter", "Müller", "Hans-Peter", "HP"},
      {"Ødegård, Åse", "Ødegård", "Åse", "Å"},
      {"Wang, Xiao-Ming", "Wang", "Xiao-Ming", "XM"},
      {"Smith, John, Jr.", "Smith", "John Jr.", "J"},
      {"  White ,  Sarah  ;", "White", "Sarah", "S"},
      {"Cochrane", "Cochrane", "", ""},
      {"", "", "", ""},
  };
  for (const NameCase& c : cases) {
    INFO("input: \"" << c.in << "\"");
    core::Author a = core::ParseAuthorName(c.in);
    CHECK(a.family == c.family);
    CHECK(a.given == c.given);
    CHECK(a.initials == c.initials);
    CHECK(a.collective.empty());
  }
}

TEST_CASE("InitialsFromGiven", "[normalize]") {
  CheckAll(
      {
          {"Sarah Jane", "SJ"},
          {"Jean-Paul", "JP"},
          {"Hans–Peter", "HP"},  // en dash
          {"S. J.", "SJ"},
          {"S.J.", "SJ"},
          {"SJ", "SJ"},
          {"Sarah J.", "SJ"},
          {"sarah jane", "SJ"},
          {"J. R. R.", "JRR"},
          {"John Jr.", "J"},
          {"Élodie", "É"},
          {"Mary Ann", "MA"},
          {"", ""},
      },
      core::InitialsFromGiven);
}

TEST_CASE("NormalizeIssn", "[normalize]") {
  CheckAll(
      {
          {"1471-244X", "1471-244X"},
          {"1471244x", "1471-244X"},
          {"1471-244x", "1471-244X"},
          {" 1471 244X ", "1471-244X"},
          {"ISSN 1471-244X", "1471-244X"},
          {"1471-244X (Electronic)", "1471-244X"},
          {"0028-0836", "0028-0836"},
          {"1471-24X4", ""},  // X only as the check digit
          {"12345", ""},
          {"1471-244X 0028-0836", ""},
          {"", ""},
      },
      core::NormalizeIssn);
}
