// Field helpers shared by the text-export readers (RIS, MEDLINE, WoS, CSV,
// BibTeX, EndNote XML, ...): ASCII text helpers, identifiers out of free text
// and URLs, list splitting, database names, authors and kinds as several
// formats write them, and the last touches every record gets. Pure
// functions, thread-safe.
#ifndef WINNOW_PARSE_TEXT_FIELDS_H_
#define WINNOW_PARSE_TEXT_FIELDS_H_

#include <cstddef>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"

namespace parse {

// `s` with ASCII capitals lower-cased (other bytes as they are).
std::string LowerAscii(std::string_view s);

// `s` without the leading and trailing characters found in `chars`.
std::string_view TrimChars(std::string_view s, std::string_view chars = " \t");

// A white-space character as the MEDLINE and WoS readers see it around
// values: space, tab, CR, LF or form feed.
bool IsValueSpace(char c);

// `s` without leading and trailing IsValueSpace characters.
std::string_view TrimValue(std::string_view s);

// True when `s` is one or more ASCII digits and nothing else.
bool IsAllDigits(std::string_view s);

// True when `line` holds nothing but spaces and tabs (or nothing).
bool IsBlankLine(std::string_view line);

// The lines of `head` (a file's first bytes as the sniffers get them), split
// at '\n' with a '\r' before it dropped; at most `max_lines`.
std::vector<std::string_view> SplitHeadLines(std::string_view head,
                                             size_t max_lines = std::numeric_limits<size_t>::max());

// The lines of `text` split at each '\r' and each '\n' (so "a\r\nb" gives
// "a", "", "b"), after a UTF-8 byte order mark at its start is dropped.
std::vector<std::string_view> SplitAtLineEnds(std::string_view text);

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

// Sets *field to `value` unless *field is already set.
void SetIfEmpty(std::string* field, std::string value);

// winnow's source name for a database or platform name as exports write it
// (RIS DB/DP, WoS FN, Scopus "Source" column...): "Embase", "Ovid MEDLINE(R)"
// -> "embase", "medline"; "APA PsycInfo" -> "psycinfo"; "CINAHL Complete" ->
// "cinahl"; "Scopus" -> "scopus"; "Web of Science" / "Clarivate" -> "wos";
// "PubMed" / "NLM" -> "pubmed"; "Cochrane Library" / "CENTRAL" -> "cochrane";
// "Europe PMC" -> "europepmc"; "Dimensions" -> "dimensions"; "Lens" ->
// "lens"; "EconLit" -> "econlit"; "Google Scholar" -> "google-scholar";
// other names lower-cased with runs of non-alphanumerics as '-'. "" for "".
std::string CanonicalDatabase(std::string_view name);

// True when `name` reads as a group author written without a comma: two or
// more words, one of them "group", "consortium", "committee",
// "investigators", "network", "society", "trialists", ... ("CORE Study
// Group"). Used by the Cochrane, Ovid and EndNote tagged readers.
bool LooksLikeGroupName(std::string_view name);

// Appends the author `name` to rec->authors: as `collective` when
// LooksLikeGroupName, else parsed by core::ParseAuthorName. Nothing for a
// name of only spaces, commas and dots.
void AddPersonOrGroup(std::string_view name, core::Record* rec);

// The most specific kind among `types` (publication types written in
// words, as Cochrane PT and Ovid PT/ST have them): each is read by the words
// it contains ("Conference Abstract" -> conference-paper, "Book Chapter" ->
// book-chapter, "Randomized Controlled Trial" -> article, "Registry Record"
// or an unknown type -> other), then the first of conference-paper,
// book-chapter, book, thesis, report, preprint, dataset, article, other
// found wins; "" when `types` is empty.
std::string MostSpecificKind(const std::vector<std::string>& types);

// One part of an ISSN/ISBN field ("0028-0836 (Print)", "978-3-86490-311-3
// (cloth)"): an ISSN goes to rec->issn, a token of 10 or 13 digits/X before
// the first space to rec->other_ids as "isbn:<token>"; anything else is
// dropped.
void AddIssnOrIsbn(std::string_view part, core::Record* rec);

// Identifiers in a link to the record, each only when the record has none
// yet: the PMID when the lower-cased link contains one of `pubmed_markers`,
// the PMCID when it contains `pmc_marker`, the DOI of a doi.org link.
void AddIdsFromLink(std::string_view url, std::initializer_list<std::string_view> pubmed_markers,
                    std::string_view pmc_marker, core::Record* rec);

// The last step of every text reader: trims fields, fills journal_abbrev's
// absence from nothing (never invents), extracts registrations from title and
// abstract, drops duplicate keywords/ISSNs, normalises DOI/pages/ISSN when a
// reader stored them raw. Idempotent.
void FinishRecord(core::Record* rec);

}  // namespace parse

#endif  // WINNOW_PARSE_TEXT_FIELDS_H_
