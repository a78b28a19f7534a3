// screen::canonical — the one record a work presents when several source
// records are the same work: built field by field from the best source.
// Pure functions, thread-safe.
#ifndef WINNOW_SCREEN_CANONICAL_H_
#define WINNOW_SCREEN_CANONICAL_H_

#include <vector>

#include "core/record.h"

namespace screen {

// How good a source record is as the base of a work's canonical record:
// PubMed XML first (MeSH, structured abstract, curated fields), then other
// MEDLINE-derived formats, then by how complete the record is.
int CanonicalRank(const core::Record& rec);

// The canonical record of a work. Starts from the member of highest
// CanonicalRank and fills each field from the others:
// - abstract: the PubMed abstract when there is one, else the longest;
// - DOI: the one most members agree on (ties go to the base);
// - MeSH: the base's, else the first member that has any;
// - every empty field (PMID, PMCID, journal, year, volume, issue, pages,
//   authors, ...) from the best member that has it;
// - keywords, ISSNs, languages, registrations, other identifiers: the union.
// `members` must not be empty; their order does not matter.
core::Record CanonicalRecord(const std::vector<core::Record>& members);

}  // namespace screen

#endif  // WINNOW_SCREEN_CANONICAL_H_
