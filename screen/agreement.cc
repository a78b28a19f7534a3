#include "screen/agreement.h"

#include <algorithm>
#include <map>
#include <utility>

// Conventions beyond the header:
// - Chance agreement of 1 (every rating in one and the same category) makes
//   kappa 1 when the observed agreement is 1 as well; (p_o - p_e) / (1 - p_e)
//   is 0/0 there, and the raters did agree on everything. Otherwise (not
//   reachable with consistent counts) kappa is 0.
// - Cohen: a pair with a category index outside 0 .. categories-1 is skipped
//   and not counted; `table` is categories x categories (empty when
//   categories <= 0). With no usable pair, observed/expected/kappa are 0.
// - Fleiss: an item with a negative count or fewer than 2 ratings is skipped.
//   Of the remaining items, those whose total equals the most common total
//   are used (a tie goes to the larger total); `raters` is that total,
//   `items` the number of items used, `table` stays empty.

namespace screen {
namespace {

double Kappa(double observed, double expected, bool expected_is_one) {
  if (expected_is_one) return observed >= 1.0 ? 1.0 : 0.0;
  return (observed - expected) / (1.0 - expected);
}

// Fills observed, expected and kappa from a filled contingency table.
void CohenFromTable(Agreement* result) {
  const auto& table = result->table;
  size_t k = table.size();
  int64_t n = result->items;
  int64_t diagonal = 0;
  int64_t chance = 0;  // sum over categories of row total * column total
  for (size_t c = 0; c < k; ++c) {
    int64_t row = 0;
    int64_t col = 0;
    for (size_t o = 0; o < k; ++o) {
      row += table[c][o];
      col += table[o][c];
    }
    diagonal += table[c][c];
    chance += row * col;
  }
  double nn = static_cast<double>(n);
  result->observed = static_cast<double>(diagonal) / nn;
  result->expected = static_cast<double>(chance) / (nn * nn);
  result->kappa = Kappa(result->observed, result->expected, chance == n * n);
}

// The sum of an item's counts, or -1 when a count is negative.
int64_t ItemTotal(const std::vector<int64_t>& item) {
  int64_t total = 0;
  for (int64_t c : item) {
    if (c < 0) return -1;
    total += c;
  }
  return total;
}

// The most common item total among items with at least 2 ratings (ties go to
// the larger total), or 0 when there is none.
int64_t CommonTotal(const std::vector<std::vector<int64_t>>& counts) {
  std::map<int64_t, int64_t> frequency;
  for (const auto& item : counts) {
    int64_t total = ItemTotal(item);
    if (total >= 2) ++frequency[total];
  }
  int64_t best = 0;
  int64_t best_frequency = 0;
  for (const auto& [total, freq] : frequency) {
    if (freq >= best_frequency) {
      best = total;
      best_frequency = freq;
    }
  }
  return best;
}

}  // namespace

Agreement CohenKappa(const std::vector<std::pair<int, int>>& pairs, int categories) {
  Agreement result;
  result.method = "cohen";
  result.raters = 2;
  int k = std::max(categories, 0);
  result.table.assign(k, std::vector<int64_t>(k, 0));
  for (const auto& [a, b] : pairs) {
    if (a < 0 || a >= k || b < 0 || b >= k) continue;
    ++result.table[a][b];
    ++result.items;
  }
  if (result.items == 0) return result;
  CohenFromTable(&result);
  return result;
}

Agreement FleissKappa(const std::vector<std::vector<int64_t>>& counts) {
  Agreement result;
  result.method = "fleiss";
  int64_t n = CommonTotal(counts);
  if (n == 0) return result;
  std::vector<int64_t> category_totals;
  double sum_p = 0;  // sum over items of P_i
  for (const auto& item : counts) {
    if (ItemTotal(item) != n) continue;
    if (category_totals.size() < item.size()) category_totals.resize(item.size(), 0);
    int64_t squares = 0;
    for (size_t j = 0; j < item.size(); ++j) {
      squares += item[j] * item[j];
      category_totals[j] += item[j];
    }
    sum_p += static_cast<double>(squares - n) / static_cast<double>(n * (n - 1));
    ++result.items;
  }
  int64_t ratings = result.items * n;
  double expected = 0;
  bool expected_is_one = false;
  for (int64_t total : category_totals) {
    double p = static_cast<double>(total) / static_cast<double>(ratings);
    expected += p * p;
    if (total == ratings) expected_is_one = true;
  }
  result.raters = n;
  result.observed = sum_p / static_cast<double>(result.items);
  result.expected = expected;
  result.kappa = Kappa(result.observed, result.expected, expected_is_one);
  return result;
}

}  // namespace screen
