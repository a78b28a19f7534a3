// Internal to parse/: the mapping from one parsed PubMed XML record element
// to core::Record, as documented in parse/pubmed_xml_reader.h. The reader
// cuts each element out of the file and parses it with pugixml; these
// functions only read the element. Pure and thread-safe.
#ifndef WINNOW_PARSE_PUBMED_FIELDS_H_
#define WINNOW_PARSE_PUBMED_FIELDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"

namespace pugi {
class xml_node;
}  // namespace pugi

namespace parse {

// Replaces *rec with the record `element` holds. `name` is the element's
// name: "PubmedBookArticle", "MedlineCitation" (a legacy MedlineCitationSet
// entry) or anything else for a PubmedArticle. Sets source, source_id,
// format and registrations too; raw and locator are left for the caller.
// Never fails: absent elements leave their fields empty.
void FillRecordFromElement(const pugi::xml_node& element, std::string_view name, core::Record* rec);

// The PMIDs of a <DeleteCitation> element in order, without empty or
// repeated ones.
std::vector<std::string> DeletedPmids(const pugi::xml_node& element);

}  // namespace parse

#endif  // WINNOW_PARSE_PUBMED_FIELDS_H_
