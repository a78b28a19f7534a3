// screen::agreement — inter-rater agreement for screening decisions: percent
// agreement and Cohen's kappa for two reviewers, Fleiss' kappa for more.
// Pure functions, thread-safe.
#ifndef WINNOW_SCREEN_AGREEMENT_H_
#define WINNOW_SCREEN_AGREEMENT_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace screen {

struct Agreement {
  std::string method;      // "cohen" | "fleiss"
  int64_t items = 0;       // items rated (by both raters for Cohen; by every rater counted for Fleiss)
  int64_t raters = 0;      // 2 for Cohen
  double observed = 0;     // observed agreement, 0..1 (percent agreement / 100)
  double expected = 0;     // agreement expected by chance
  double kappa = 0;        // (observed - expected) / (1 - expected); 1 when expected == 1 and observed == 1
  // Cohen: the categories x categories contingency table, row = rater A.
  std::vector<std::vector<int64_t>> table;
};

// Cohen's kappa of two raters. `pairs` holds, per item both rated, the
// category index (0 .. categories-1) each gave.
Agreement CohenKappa(const std::vector<std::pair<int, int>>& pairs, int categories);

// Fleiss' kappa. counts[item][category] = how many raters put the item in
// that category; every item must have the same number of raters (>= 2).
// Items with a different total are ignored (they are counted out in `items`).
Agreement FleissKappa(const std::vector<std::vector<int64_t>>& counts);

}  // namespace screen

#endif  // WINNOW_SCREEN_AGREEMENT_H_
