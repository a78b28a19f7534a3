// queries printers: a Node in each database's syntax. Pure, thread-safe.
#ifndef WINNOW_QUERIES_PRINTER_H_
#define WINNOW_QUERIES_PRINTER_H_

#include <string>
#include <vector>

#include "queries/ast.h"

namespace queries {

// Canonical PubMed syntax: ParsePubmed(PrintPubmed(q)) == q. Terms with a
// field get their canonical tag ("peer support"[tiab]); phrases and terms
// with characters PubMed treats specially are quoted; truncation is a
// trailing '*'; AND/OR/NOT in upper case; parentheses only where the
// left-to-right PubMed precedence needs them.
std::string PrintPubmed(const Node& query);

struct Translation {
  std::string query;
  // What the target cannot express and how it was approximated (e.g. "MeSH
  // explosion is PubMed-only: [mh] sent as MESH_HEADING without explosion").
  std::vector<std::string> warnings;
};

// Europe PMC syntax: TITLE:, ABSTRACT:, TITLE_ABS:, MESH_HEADING:, MESH_TOPIC:
// (major), PUB_TYPE:, AUTH:, KW:, LANG:, JOURNAL:, EXT_ID (with SRC:MED),
// FIRST_PDATE:[2010-01-01 TO 2019-12-31], AND/OR/NOT.
Translation PrintEuropePmc(const Node& query);

// ClinicalTrials.gov API v2 `query.term` in Essie syntax: AREA[BriefTitle],
// AREA[OfficialTitle], AREA[BriefSummary], AREA[Condition], AREA[Keyword],
// AREA[StartDate]RANGE[...], AND/OR/NOT; what a register cannot express
// (MeSH explosion, publication types, journals, authors) is warned about.
Translation PrintCtgov(const Node& query);

}  // namespace queries

#endif  // WINNOW_QUERIES_PRINTER_H_
