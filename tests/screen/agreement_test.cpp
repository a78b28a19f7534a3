// Inter-rater agreement: Cohen's and Fleiss' kappa checked against worked
// examples with published results (Wikipedia, Fleiss 1971, SAS, R irr), then
// hand-worked edge cases (perfect, chance-level and systematic disagreement,
// the p_e == 1 convention, include/exclude/maybe screening, empty input, bad
// category indexes).
#include "screen/agreement.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <utility>
#include <vector>

namespace {

using Table = std::vector<std::vector<int64_t>>;
using Pairs = std::vector<std::pair<int, int>>;

// One (rater A, rater B) pair per item counted in a contingency table whose
// rows are rater A's categories and columns rater B's.
Pairs PairsFromTable(const Table& table) {
  Pairs pairs;
  for (size_t a = 0; a < table.size(); ++a) {
    for (size_t b = 0; b < table[a].size(); ++b) {
      for (int64_t n = 0; n < table[a][b]; ++n) {
        pairs.emplace_back(static_cast<int>(a), static_cast<int>(b));
      }
    }
  }
  return pairs;
}

// Fleiss' counts[item][category] from one row of 1-based category labels per
// item (one label per rater).
Table CountsFromLabels(const std::vector<std::vector<int>>& labels, int categories) {
  Table counts;
  for (const auto& item : labels) {
    std::vector<int64_t> row(categories, 0);
    for (int label : item) ++row[label - 1];
    counts.push_back(row);
  }
  return counts;
}

// Published figures are rounded; compare to the printed precision.
Approx Printed(double value, double margin) { return Approx(value).margin(margin); }

// Exact hand-worked figures.
Approx Exact(double value) { return Approx(value).margin(1e-12); }

// Wikipedia "Fleiss' kappa", worked example: 14 raters put each of 10 subjects
// into one of 5 categories. https://en.wikipedia.org/wiki/Fleiss%27_kappa
// (the same table is used by statsmodels' test_inter_rater.py).
const Table kWikipediaFleiss = {
    {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
    {7, 7, 0, 0, 0},  {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
};

// ---------------------------------------------------------------- Cohen

// Wikipedia "Cohen's kappa", simple example: 50 grant proposals read by A and
// B: 20 yes/yes, 5 A-yes/B-no, 10 A-no/B-yes, 15 no/no. Published: p_o = 0.7,
// p_e = 0.5, kappa = 0.4. https://en.wikipedia.org/wiki/Cohen%27s_kappa
TEST_CASE("CohenKappa reproduces the Wikipedia grant proposal example", "[agreement]") {
  Table table = {{20, 5}, {10, 15}};
  screen::Agreement a = screen::CohenKappa(PairsFromTable(table), 2);
  CHECK(a.method == "cohen");
  CHECK(a.raters == 2);
  CHECK(a.items == 50);
  CHECK(a.table == table);
  CHECK(a.observed == Exact(0.7));
  CHECK(a.expected == Exact(0.5));
  CHECK(a.kappa == Exact(0.4));
}

// Wikipedia "Cohen's kappa", section "Same percentages but different
// numbers": both tables have p_o = 0.60 over 100 items but different
// marginals. Published: kappa = 0.1304 and kappa = 0.2593.
// https://en.wikipedia.org/wiki/Cohen%27s_kappa
TEST_CASE("CohenKappa reproduces the Wikipedia equal agreement different kappa examples",
          "[agreement]") {
  struct Case {
    Table table;
    double expected;
    double kappa;
  };
  std::vector<Case> cases = {
      {{{45, 15}, {25, 15}}, 0.54, 0.1304},
      {{{25, 35}, {5, 35}}, 0.46, 0.2593},
  };
  for (const Case& c : cases) {
    screen::Agreement a = screen::CohenKappa(PairsFromTable(c.table), 2);
    CHECK(a.items == 100);
    CHECK(a.observed == Exact(0.6));
    CHECK(a.expected == Exact(c.expected));
    CHECK(a.kappa == Printed(c.kappa, 5e-5));
  }
}

// SAS/STAT PROC FREQ "Getting Started: Agreement Study": two dermatologists
// rate 88 patients terrible/poor/marginal/clear (Table "Skin Condition Data").
// SAS prints a simple kappa of 0.3449 (45 of 88 on the diagonal; p_e =
// 1968/7744).
// https://support.sas.com/documentation/cdl/en/procstat/66703/HTML/default/procstat_freq_gettingstarted02.htm
TEST_CASE("CohenKappa reproduces the SAS skin condition agreement study", "[agreement]") {
  Table table = {{10, 4, 1, 0}, {5, 10, 12, 2}, {2, 4, 12, 5}, {0, 2, 6, 13}};
  screen::Agreement a = screen::CohenKappa(PairsFromTable(table), 4);
  CHECK(a.items == 88);
  CHECK(a.table == table);
  CHECK(a.observed == Exact(45.0 / 88.0));
  CHECK(a.expected == Exact(1968.0 / 7744.0));
  CHECK(a.kappa == Printed(0.3449, 5e-5));
}

// A 3 x 3 table whose simple kappa statsmodels checks against a SAS printout
// (Kappa 0.4842): statsmodels/stats/tests/test_inter_rater.py, table10.
// https://github.com/statsmodels/statsmodels/blob/main/statsmodels/stats/tests/test_inter_rater.py
TEST_CASE("CohenKappa reproduces the SAS three category printout", "[agreement]") {
  Table table = {{0, 4, 1}, {0, 8, 0}, {0, 1, 5}};
  screen::Agreement a = screen::CohenKappa(PairsFromTable(table), 3);
  CHECK(a.items == 19);
  CHECK(a.kappa == Printed(0.4842, 5e-5));
}

// R package irr, kappa2() on raters 2 and 3 of its `anxiety` data (20
// subjects rated 1..6): Kappa = -0.006289308, as recorded in statsmodels'
// test_inter_rater.py (test_cohens_kappa_irr). Agreement at about chance.
// https://search.r-project.org/CRAN/refmans/irr/html/kappa2.html
TEST_CASE("CohenKappa reproduces irr kappa2 on the anxiety ratings", "[agreement]") {
  std::vector<int> rater2 = {3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4};
  std::vector<int> rater3 = {2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2};
  Pairs pairs;
  for (size_t i = 0; i < rater2.size(); ++i) pairs.emplace_back(rater2[i] - 1, rater3[i] - 1);
  screen::Agreement a = screen::CohenKappa(pairs, 6);
  CHECK(a.items == 20);
  CHECK(a.kappa == Printed(-0.006289308, 1e-9));
}

TEST_CASE("CohenKappa gives 1 for perfect agreement", "[agreement]") {
  // 2 include, 3 exclude, 1 maybe, all agreed: p_e = (4 + 9 + 1) / 36.
  Pairs pairs = {{0, 0}, {1, 1}, {1, 1}, {2, 2}, {0, 0}, {1, 1}};
  screen::Agreement a = screen::CohenKappa(pairs, 3);
  CHECK(a.items == 6);
  CHECK(a.observed == Exact(1.0));
  CHECK(a.expected == Exact(14.0 / 36.0));
  CHECK(a.kappa == Exact(1.0));
}

TEST_CASE("CohenKappa gives 0 for agreement at chance level", "[agreement]") {
  struct Case {
    Table table;
    double observed;
  };
  // Cells equal to row total x column total / N: observed == expected.
  std::vector<Case> cases = {
      {{{1, 1}, {1, 1}}, 0.5},
      {{{4, 4}, {1, 1}}, 0.5},       // rows 8/2, columns 5/5
      {{{6, 2}, {3, 1}}, 7.0 / 12},  // rows 8/4, columns 9/3
  };
  for (const Case& c : cases) {
    screen::Agreement a = screen::CohenKappa(PairsFromTable(c.table), 2);
    CHECK(a.observed == Exact(c.observed));
    CHECK(a.expected == Exact(c.observed));
    CHECK(a.kappa == Exact(0.0));
  }
}

TEST_CASE("CohenKappa is negative for systematic disagreement", "[agreement]") {
  // Always opposite, balanced: p_o = 0, p_e = 0.5, kappa = -1.
  screen::Agreement a = screen::CohenKappa(PairsFromTable({{0, 5}, {5, 0}}), 2);
  CHECK(a.observed == Exact(0.0));
  CHECK(a.expected == Exact(0.5));
  CHECK(a.kappa == Exact(-1.0));
  // Always opposite, unbalanced: rows 3/2, columns 2/3, p_e = 12/25,
  // kappa = -(12/25) / (13/25) = -12/13.
  screen::Agreement b = screen::CohenKappa(PairsFromTable({{0, 3}, {2, 0}}), 2);
  CHECK(b.expected == Exact(12.0 / 25.0));
  CHECK(b.kappa == Exact(-12.0 / 13.0));
}

TEST_CASE("CohenKappa is 1 when both raters used one category for every item", "[agreement]") {
  // p_e == 1 and p_o == 1: (p_o - p_e) / (1 - p_e) is 0/0; the convention is 1.
  for (int category : {0, 2}) {
    screen::Agreement a = screen::CohenKappa(Pairs(4, {category, category}), 3);
    CHECK(a.items == 4);
    CHECK(a.observed == Exact(1.0));
    CHECK(a.expected == Exact(1.0));
    CHECK(a.kappa == Exact(1.0));
  }
  screen::Agreement single = screen::CohenKappa({{1, 1}}, 2);
  CHECK(single.kappa == Exact(1.0));
}

TEST_CASE("CohenKappa on include exclude maybe screening decisions", "[agreement]") {
  // 20 abstracts, rows reviewer A, columns reviewer B, order include /
  // exclude / maybe. Diagonal 15 -> p_o = 0.75. Rows 7/10/3, columns
  // 6/10/4 -> p_e = (42 + 100 + 12) / 400 = 0.385.
  // kappa = 0.365 / 0.615 = 73/123.
  Table table = {{5, 1, 1}, {1, 8, 1}, {0, 1, 2}};
  screen::Agreement a = screen::CohenKappa(PairsFromTable(table), 3);
  CHECK(a.items == 20);
  CHECK(a.table == table);
  CHECK(a.observed == Exact(0.75));
  CHECK(a.expected == Exact(0.385));
  CHECK(a.kappa == Exact(73.0 / 123.0));
}

TEST_CASE("CohenKappa table rows are rater A", "[agreement]") {
  screen::Agreement a = screen::CohenKappa({{0, 2}, {0, 2}, {1, 0}}, 3);
  CHECK(a.table == Table{{0, 0, 2}, {1, 0, 0}, {0, 0, 0}});
}

TEST_CASE("CohenKappa of no pairs is all zero", "[agreement]") {
  screen::Agreement a = screen::CohenKappa({}, 2);
  CHECK(a.method == "cohen");
  CHECK(a.items == 0);
  CHECK(a.observed == 0);
  CHECK(a.expected == 0);
  CHECK(a.kappa == 0);
  CHECK(a.table == Table{{0, 0}, {0, 0}});
  screen::Agreement none = screen::CohenKappa({}, 0);
  CHECK(none.items == 0);
  CHECK(none.table.empty());
}

TEST_CASE("CohenKappa skips pairs with out of range categories", "[agreement]") {
  Pairs pairs = PairsFromTable({{20, 5}, {10, 15}});
  Pairs bad = {{-1, 0}, {0, -1}, {2, 0}, {0, 2}, {2, 2}, {-5, 7}, {1, 1000000}};
  pairs.insert(pairs.begin() + 7, bad.begin(), bad.end());
  screen::Agreement a = screen::CohenKappa(pairs, 2);
  CHECK(a.items == 50);
  CHECK(a.table == Table{{20, 5}, {10, 15}});
  CHECK(a.kappa == Exact(0.4));

  for (int categories : {0, -3}) {
    screen::Agreement none = screen::CohenKappa({{0, 0}, {1, 0}}, categories);
    CHECK(none.items == 0);
    CHECK(none.kappa == 0);
    CHECK(none.table.empty());
  }
  screen::Agreement only_bad = screen::CohenKappa(bad, 2);
  CHECK(only_bad.items == 0);
  CHECK(only_bad.observed == 0);
  CHECK(only_bad.kappa == 0);
}

// ---------------------------------------------------------------- Fleiss

// Published (Wikipedia "Fleiss' kappa"): P-bar = 0.378, P-bar_e = 0.213,
// kappa = 0.210. https://en.wikipedia.org/wiki/Fleiss%27_kappa
TEST_CASE("FleissKappa reproduces the Wikipedia worked example", "[agreement]") {
  screen::Agreement a = screen::FleissKappa(kWikipediaFleiss);
  CHECK(a.method == "fleiss");
  CHECK(a.items == 10);
  CHECK(a.raters == 14);
  CHECK(a.observed == Printed(0.378, 5e-4));
  CHECK(a.expected == Printed(0.213, 5e-4));
  CHECK(a.kappa == Printed(0.210, 5e-4));
  CHECK(a.table.empty());
}

// Fleiss (1971), "Measuring nominal scale agreement among many raters",
// Psychological Bulletin 76(5):378-382: 30 patients, 6 psychiatrists each,
// 5 diagnoses; published kappa = .430 (R irr::kappam.fleiss: 0.4302445).
// Ratings as in R irr's `diagnoses` data set, also copied into statsmodels'
// test_inter_rater.py. https://search.r-project.org/CRAN/refmans/irr/html/diagnoses.html
TEST_CASE("FleissKappa reproduces Fleiss 1971 psychiatric diagnoses", "[agreement]") {
  std::vector<std::vector<int>> labels = {
      {4, 4, 4, 4, 4, 4}, {2, 2, 2, 5, 5, 5}, {2, 3, 3, 3, 3, 5}, {5, 5, 5, 5, 5, 5},
      {2, 2, 2, 4, 4, 4}, {1, 1, 3, 3, 3, 3}, {3, 3, 3, 3, 5, 5}, {1, 1, 3, 3, 3, 4},
      {1, 1, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5}, {1, 4, 4, 4, 4, 4}, {1, 2, 4, 4, 4, 4},
      {2, 2, 2, 3, 3, 3}, {1, 4, 4, 4, 4, 4}, {2, 2, 4, 4, 4, 5}, {3, 3, 3, 3, 3, 5},
      {1, 1, 1, 4, 5, 5}, {1, 1, 1, 1, 1, 2}, {2, 2, 4, 4, 4, 4}, {1, 3, 3, 5, 5, 5},
      {5, 5, 5, 5, 5, 5}, {2, 4, 4, 4, 4, 4}, {2, 2, 4, 5, 5, 5}, {1, 1, 4, 4, 4, 4},
      {1, 4, 4, 4, 4, 5}, {2, 2, 2, 2, 2, 4}, {1, 1, 1, 1, 5, 5}, {2, 2, 4, 4, 4, 4},
      {1, 3, 3, 3, 3, 3}, {5, 5, 5, 5, 5, 5},
  };
  screen::Agreement a = screen::FleissKappa(CountsFromLabels(labels, 5));
  CHECK(a.items == 30);
  CHECK(a.raters == 6);
  CHECK(a.kappa == Printed(0.430, 5e-4));
  CHECK(a.kappa == Printed(0.4302445, 1e-7));
}

TEST_CASE("FleissKappa gives 1 for perfect agreement", "[agreement]") {
  // Every item unanimous; p = 2/3 and 1/3 -> P-bar_e = 5/9.
  screen::Agreement a = screen::FleissKappa({{3, 0}, {0, 3}, {3, 0}});
  CHECK(a.items == 3);
  CHECK(a.raters == 3);
  CHECK(a.observed == Exact(1.0));
  CHECK(a.expected == Exact(5.0 / 9.0));
  CHECK(a.kappa == Exact(1.0));
}

TEST_CASE("FleissKappa gives 0 for agreement at chance level", "[agreement]") {
  // Two raters: P_i = 1, 1, 0, 0 -> P-bar = 0.5; p = 0.5, 0.5 -> P-bar_e = 0.5.
  screen::Agreement a = screen::FleissKappa({{2, 0}, {0, 2}, {1, 1}, {1, 1}});
  CHECK(a.observed == Exact(0.5));
  CHECK(a.expected == Exact(0.5));
  CHECK(a.kappa == Exact(0.0));
}

TEST_CASE("FleissKappa is negative for systematic disagreement", "[agreement]") {
  // Two raters always split: P_i = 0, P-bar_e = 0.5 -> kappa = -1.
  screen::Agreement a = screen::FleissKappa({{1, 1}, {1, 1}, {1, 1}});
  CHECK(a.observed == Exact(0.0));
  CHECK(a.expected == Exact(0.5));
  CHECK(a.kappa == Exact(-1.0));
  // Three raters over three categories, always one each: P_i = 0,
  // P-bar_e = 1/3 -> kappa = -(1/3) / (2/3) = -0.5.
  screen::Agreement b = screen::FleissKappa({{1, 1, 1}, {1, 1, 1}});
  CHECK(b.kappa == Exact(-0.5));
}

TEST_CASE("FleissKappa is 1 when every rating is in one category", "[agreement]") {
  screen::Agreement a = screen::FleissKappa({{0, 4, 0}, {0, 4, 0}});
  CHECK(a.observed == Exact(1.0));
  CHECK(a.expected == Exact(1.0));
  CHECK(a.kappa == Exact(1.0));
}

TEST_CASE("FleissKappa on include exclude maybe screening decisions", "[agreement]") {
  // Three reviewers, five abstracts, columns include / exclude / maybe.
  // P_i = 1, 1, 1/3, 1/3, 0 -> P-bar = 8/15. Column totals 6/7/2 of 15 ->
  // P-bar_e = 89/225. kappa = (120 - 89) / (225 - 89) = 31/136.
  Table counts = {{3, 0, 0}, {0, 3, 0}, {2, 1, 0}, {0, 2, 1}, {1, 1, 1}};
  screen::Agreement a = screen::FleissKappa(counts);
  CHECK(a.items == 5);
  CHECK(a.raters == 3);
  CHECK(a.observed == Exact(8.0 / 15.0));
  CHECK(a.expected == Exact(89.0 / 225.0));
  CHECK(a.kappa == Exact(31.0 / 136.0));
}

TEST_CASE("FleissKappa ignores items whose total differs from the most common", "[agreement]") {
  Table counts = kWikipediaFleiss;
  counts.push_back({0, 0, 0, 0, 13});  // one rater short
  counts.push_back({1, 2, 3, 4, 5});   // fifteen ratings
  counts.push_back({0, 0, 0, 0, 0});   // nobody rated it
  counts.push_back({0, 1, 0, 0, 0});   // a single rating
  counts.push_back({-1, 3, 4, 4, 4});  // negative count, total 14
  counts.insert(counts.begin(), {7, 7});
  screen::Agreement a = screen::FleissKappa(counts);
  screen::Agreement clean = screen::FleissKappa(kWikipediaFleiss);
  CHECK(a.items == 11);  // the ten plus {7, 7}, which has 14 ratings too
  CHECK(a.raters == 14);

  counts.erase(counts.begin());
  screen::Agreement b = screen::FleissKappa(counts);
  CHECK(b.items == 10);
  CHECK(b.observed == Exact(clean.observed));
  CHECK(b.expected == Exact(clean.expected));
  CHECK(b.kappa == Exact(clean.kappa));
}

TEST_CASE("FleissKappa uses the most common total even when it is small", "[agreement]") {
  // Two items with 2 ratings against one with 3: the 2-rater items count.
  screen::Agreement a = screen::FleissKappa({{2, 0}, {1, 2}, {0, 2}});
  CHECK(a.items == 2);
  CHECK(a.raters == 2);
  CHECK(a.kappa == Exact(1.0));
  // A tie goes to the larger total.
  screen::Agreement tie = screen::FleissKappa({{1, 1}, {0, 3}});
  CHECK(tie.items == 1);
  CHECK(tie.raters == 3);
}

TEST_CASE("FleissKappa treats missing trailing categories as zero", "[agreement]") {
  // {3} and {0, 3}: each unanimous, p = 0.5, 0.5.
  screen::Agreement a = screen::FleissKappa({{3}, {0, 3}});
  CHECK(a.items == 2);
  CHECK(a.expected == Exact(0.5));
  CHECK(a.kappa == Exact(1.0));
}

TEST_CASE("FleissKappa of no usable items is all zero", "[agreement]") {
  std::vector<Table> inputs = {{}, {{}}, {{0, 0}}, {{1, 0}, {0, 1}}, {{-2, 4}}};
  for (const Table& counts : inputs) {
    screen::Agreement a = screen::FleissKappa(counts);
    CHECK(a.method == "fleiss");
    CHECK(a.items == 0);
    CHECK(a.raters == 0);
    CHECK(a.observed == 0);
    CHECK(a.expected == 0);
    CHECK(a.kappa == 0);
  }
}

}  // namespace
