// Field helpers shared by the text-export readers (RIS, MEDLINE, WoS, CSV,
// BibTeX, EndNote XML, ...): identifiers out of free text and URLs, list
// splitting, database names, and the last touches every record gets. Pure
// functions, thread-safe.
#ifndef WINNOW_PARSE_TEXT_FIELDS_H_
#define WINNOW_PARSE_TEXT_FIELDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"

namespace parse {

// A PMID in `text`: the whole text when it is 1-9 digits (after trimming and
// an optional "PMID:" / "PubMed ID:" prefix), or the digits after
// "/pubmed/", "pubmed.ncbi.nlm.nih.gov/", "?term=" or "list_uids=" in a URL.
// "" when none.
std::string PmidFromText(std::string_view text);

// An ORCID iD in `text` ("ORCID: https://orcid.org/0000-0002-1825-009x",
// "0000000218250097") in its bare form "0000-0002-1825-009X": the last 16
// digits (the check digit may be X) after the last '/'; "" when none.
std::string OrcidFromText(std::string_view text);

// "PMC1234567" from "PMC1234567", "PMCID: PMC1234567" or a PMC URL; "".
std::string PmcidFromText(std::string_view text);

// Appends `value` (white space collapsed) unless it is empty or already there.
void AddUnique(std::vector<std::string>* list, std::string_view value);

// Splits `text` at any of the characters in `separators`, collapsing white
// space and dropping empty parts ("a; b;; c" -> a, b, c).
std::vector<std::string> SplitList(std::string_view text, std::string_view separators);

// winnow's source name for a database or platform name as exports write it
// (RIS DB/DP, WoS FN, Scopus "Source" column...): "Embase", "Ovid MEDLINE(R)"
// -> "embase", "medline"; "APA PsycInfo" -> "psycinfo"; "CINAHL Complete" ->
// "cinahl"; "Scopus" -> "scopus"; "Web of Science" / "Clarivate" -> "wos";
// "PubMed" / "NLM" -> "pubmed"; "Cochrane Library" / "CENTRAL" -> "cochrane";
// "Europe PMC" -> "europepmc"; "Dimensions" -> "dimensions"; "Lens" ->
// "lens"; "EconLit" -> "econlit"; "Google Scholar" -> "google-scholar";
// other names lower-cased with runs of non-alphanumerics as '-'. "" for "".
std::string CanonicalDatabase(std::string_view name);

// The last step of every text reader: trims fields, fills journal_abbrev's
// absence from nothing (never invents), extracts registrations from title and
// abstract, drops duplicate keywords/ISSNs, normalises DOI/pages/ISSN when a
// reader stored them raw. Idempotent.
void FinishRecord(core::Record* rec);

}  // namespace parse

#endif  // WINNOW_PARSE_TEXT_FIELDS_H_
