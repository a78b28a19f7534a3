// parse::EuropePmcJsonReader — reads Europe PMC REST `search` responses in
// JSON (format=json; resultType=core, and also lite): one response object
// {"hitCount": N, "resultList": {"result": [...]}, ...}, or an array of such
// objects (several pages saved in one file). A JsonRecordReader: the input is
// parsed whole at the first Next() (a page holds at most 1,000 results), then
// results are handed out one at a time. Not thread-safe.
//
// Errors (InvalidInput, naming the display name): malformed or truncated JSON
// (with the byte offset), a top level that is neither an object nor an
// array, a page without "hitCount" or without "resultList", a "result" that is
// not an array, a result that is not an object. JSON values of an unexpected
// type inside a result are ignored, never an error.
#ifndef WINNOW_PARSE_EUROPEPMC_JSON_READER_H_
#define WINNOW_PARSE_EUROPEPMC_JSON_READER_H_

#include <memory>
#include <string>
#include <string_view>

#include "parse/json_record_reader.h"

namespace parse {

// Field mapping (Europe PMC result -> core::Record); absent fields stay empty.
//  - source "europepmc"; source_id "<source>:<id>" as Europe PMC names the
//    record ("MED:33176729", "PMC:PMC7657356", "PPR:PPR123"); pmid, pmcid,
//    doi (NormalizeDoi) from their fields; a book's bookid as
//    "bookaccession:NBK..." in other_ids.
//  - title, abstract: markup removed (StripMarkup: "m<sup>6</sup>A" ->
//    "m6A", "&lt;" -> "<"). An abstract with <h4> headings becomes
//    abstract_sections (label as written, "Objective") and is flattened as
//    "Objective: ... Design: ...", as the PubMed reader does.
//  - authors: authorList.author — lastName/firstName/initials, else fullName
//    (ParseAuthorName), collectiveName as collective; authorId of type ORCID;
//    each authorAffiliationDetailsList affiliation (or a plain "affiliation").
//    Lite results (no authorList): authorString split at commas.
//  - journal: journalInfo.journal.title (lite: journalTitle, which for
//    MEDLINE records is the abbreviation); else, for a book chapter, the book
//    (bookOrReportDetails.comprisingTitle); else, for a preprint, the server
//    (bookOrReportDetails.publisher: "medRxiv"). journal_abbrev: isoabbreviation,
//    else medlineAbbreviation. issn: journal issn then essn (lite: journalIssn
//    "0140-6736; 1474-547x").
//  - year: journalInfo.yearOfPublication, else pubYear, else
//    bookOrReportDetails.yearOfPublication. volume, issue (lite:
//    journalVolume, issue); pages: pageInfo (NormalizePages; kept as written
//    when it is not a page range, "arztebl.m2025.0086").
//  - language, publication_types (pubTypeList.pubType; lite: pubType split at
//    ';'), mesh (descriptorName, majorTopic_YN, qualifiers with '*' when
//    major; Europe PMC gives no MeSH UI), keywords (keywordList.keyword).
//  - relations: commentCorrectionList — type as PubMed spells it ("Erratum
//    for" -> "ErratumFor"), pmid when the target is a MED record, citation.
//  - kind: preprint for source PPR, thesis for ETH, other for PAT (patents);
//    book-chapter when the record names its book; else the most specific kind
//    of the publication types (MostSpecificKind), "article" when that says
//    nothing more than "other" and the record has a journal.
//  - date_revised: dateOfRevision (YYYY-MM-DD). registrations: numbers in the
//    title and abstract (FinishRecord).
//  - raw: the result object as JSON text, members in the order received;
//    format "europepmc-json"; locator "<display> result N" (N from 1 within
//    the page), "<display> page P result N" when the input is an array.
//  Grants, citation counts, full-text links and open-access flags are not
//  mapped (core::Record has no field for them); they stay in raw.
class EuropePmcJsonReader : public JsonRecordReader {
 public:
  // Reads the file at `path`, as JsonRecordReader says.
  explicit EuropePmcJsonReader(std::string path, std::string display_name = "");

  // Reads a response body held in memory, as a search connector received it;
  // `display_name` names it in locators and errors ("europepmc page 3";
  // "europepmc response" when empty).
  static std::unique_ptr<EuropePmcJsonReader> FromPayload(std::string payload,
                                                          std::string display_name);
};

// Whether `head` (a file's first 64 KiB) is a Europe PMC search response in
// JSON: an object, or an array of objects, with a "resultList" or "hitCount"
// member of its own (a nested object's does not count).
bool LooksLikeEuropePmcJson(std::string_view head);

}  // namespace parse

#endif  // WINNOW_PARSE_EUROPEPMC_JSON_READER_H_
