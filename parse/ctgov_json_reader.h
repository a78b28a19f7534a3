// parse::CtgovJsonReader — reads ClinicalTrials.gov API v2 JSON: a /studies
// page {"studies": [...], "totalCount": N, "nextPageToken": "..."}, a single
// study {"protocolSection": ...} as /studies/NCT... returns it, or an array
// of pages and/or studies (several responses saved in one file). A
// JsonRecordReader: the input is parsed whole at the first Next() (a page
// holds at most 1,000 studies), then studies are handed out one at a time.
// Not thread-safe.
//
// Errors (InvalidInput, naming the display name, the study and the field):
// malformed or truncated JSON (with the byte offset); a top level, or an
// element of a top-level array, that is neither a page ("studies" missing)
// nor a study; "studies" not an array; a study that is not an object, has no
// protocolSection or no protocolSection.identificationModule.nctId. JSON
// values of an unexpected type elsewhere are ignored, never an error.
#ifndef WINNOW_PARSE_CTGOV_JSON_READER_H_
#define WINNOW_PARSE_CTGOV_JSON_READER_H_

#include <memory>
#include <string>
#include <string_view>

#include "parse/json_record_reader.h"

namespace parse {

// Field mapping (v2 study -> core::Record; module names under protocolSection
// unless said otherwise). A registration is not an article: fields the
// register does not give (pmid, doi, volume, pages, language) stay empty.
//  - source "ctgov"; source_id and first registration: identificationModule
//    .nctId. registrations also take nctIdAliases and secondaryIdInfos that
//    are registration numbers (FindRegistrations; EUDRACT_NUMBER ids as
//    "EUDRACT..."), then numbers in title and abstract (FinishRecord).
//  - kind "trial-registration"; journal "ClinicalTrials.gov" (the register
//    is the record's container, as in CENTRAL's records of registrations).
//  - title: officialTitle, else briefTitle. Record has no alternative-title
//    field (vernacular_title is a title in the original language), so the
//    brief title is kept only in raw when an official title exists.
//  - abstract: descriptionModule.briefSummary, Markdown escapes ("\*")
//    removed. The detailed description stays in raw.
//  - authors: contactsLocationsModule.overallOfficials — a person's name
//    without the degrees after its first comma ("Jacob M Sands, MD"), with
//    the official's affiliation; an official that reads as an organisation
//    or role ("Pfizer CT.gov Call Center", "Medical Director") as collective.
//    Then sponsorCollaboratorsModule.leadSponsor.name as a collective author:
//    the sponsor answers for the registration as a corporate author does.
//  - keywords: conditionsModule.conditions, then conditionsModule.keywords,
//    then armsInterventionsModule.interventions[].name, in that order
//    (Record has a single keyword list).
//  - mesh: derivedSection condition and intervention browse "meshes" (term
//    and MeSH id, never major), the MeSH terms the register assigned; their
//    ancestors are not mapped.
//  - year: statusModule.startDateStruct.date, else studyFirstPostDateStruct
//    (the year first posted). date_revised: lastUpdatePostDateStruct.date
//    (YYYY-MM-DD, or YYYY-MM as given), else lastUpdateSubmitDate.
//  - relations: referencesModule.references — type as the register gives it
//    (RESULT, DERIVED, BACKGROUND), pmid, citation.
//  - raw: the study object as JSON text, members in the order received;
//    format "ctgov-json"; locator "<display> study N" (N from 1 within the
//    page), "<display> page P study N" for a page in a top-level array.
//  Overall status, phases, study type, design, enrolment, arms, outcomes,
//  eligibility and locations have no field in core::Record and stay in raw.
class CtgovJsonReader : public JsonRecordReader {
 public:
  // Reads the file at `path`, as JsonRecordReader says.
  explicit CtgovJsonReader(std::string path, std::string display_name = "");

  // Reads a response body held in memory, as a search connector received it;
  // `display_name` names it in locators and errors ("ctgov page 2"; "ctgov
  // response" when empty).
  static std::unique_ptr<CtgovJsonReader> FromPayload(std::string payload,
                                                      std::string display_name);
};

// Whether `head` (a file's first 64 KiB) is ClinicalTrials.gov v2 JSON: an
// object, or an array of objects, with a "protocolSection" or "studies"
// member of its own (an OpenAlex abstract_inverted_index has "studies" too).
bool LooksLikeCtgovJson(std::string_view head);

}  // namespace parse

#endif  // WINNOW_PARSE_CTGOV_JSON_READER_H_
