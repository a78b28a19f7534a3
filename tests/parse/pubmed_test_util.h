// Helpers shared by the PubmedXmlReader tests: reading a whole file into
// records, and one field of a record as text for tables of expected values.
#ifndef WINNOW_TESTS_PARSE_PUBMED_TEST_UTIL_H_
#define WINNOW_TESTS_PARSE_PUBMED_TEST_UTIL_H_

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/record.h"
#include "core/status.h"
#include "parse/pubmed_xml_reader.h"

namespace pubmedtest {

struct Parsed {
  std::vector<core::Record> records;
  core::Status status;
  uint64_t consumed = 0;
  uint64_t size = 0;
};

inline Parsed Parse(const std::filesystem::path& path, const std::string& display = "",
                    size_t chunk = 1 << 20) {
  parse::PubmedXmlReaderOptions options;
  options.input.chunk_size = chunk;
  parse::PubmedXmlReader reader(path.string(), display, options);
  Parsed out;
  core::Record rec;
  while (reader.Next(&rec)) out.records.push_back(rec);
  CHECK_FALSE(reader.Next(&rec));  // stays at the end
  out.status = reader.status();
  out.consumed = reader.bytes_consumed();
  out.size = reader.file_size();
  CHECK(reader.records_read() == out.records.size());
  return out;
}

inline std::string Join(const std::vector<std::string>& v, const char* sep = "|") {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// One field of a record as text; "author2" is "family|given|initials|
// collective|orcid", "section0" "label|category|text", "mesh3"
// "descriptor|ui|Y/N|qualifiers", "relation0" "type|pmid|citation".
inline std::string Field(const core::Record& r, const std::string& name) {
  const std::map<std::string, std::string> scalars = {
      {"source", r.source},
      {"source_id", r.source_id},
      {"pmid", r.pmid},
      {"pmcid", r.pmcid},
      {"doi", r.doi},
      {"title", r.title},
      {"vernacular_title", r.vernacular_title},
      {"abstract", r.abstract},
      {"journal", r.journal},
      {"journal_abbrev", r.journal_abbrev},
      {"year", std::to_string(r.year)},
      {"volume", r.volume},
      {"issue", r.issue},
      {"pages", r.pages},
      {"kind", r.kind},
      {"date_revised", r.date_revised},
      {"format", r.format},
      {"deleted", r.deleted ? "true" : "false"},
      {"issn", Join(r.issn)},
      {"other_ids", Join(r.other_ids)},
      {"language", Join(r.language)},
      {"publication_types", Join(r.publication_types)},
      {"keywords", Join(r.keywords)},
      {"registrations", Join(r.registrations)},
      {"authors", std::to_string(r.authors.size())},
      {"relations", std::to_string(r.relations.size())},
      {"mesh", std::to_string(r.mesh.size())}};
  if (auto it = scalars.find(name); it != scalars.end()) return it->second;
  const size_t digit = name.find_first_of("0123456789");
  const std::string kind = name.substr(0, digit);
  const size_t i = std::stoul(name.substr(digit));
  if (kind == "author" && i < r.authors.size()) {
    const core::Author& a = r.authors[i];
    return a.family + "|" + a.given + "|" + a.initials + "|" + a.collective + "|" + a.orcid;
  }
  if (kind == "affiliations" && i < r.authors.size())
    return Join(r.authors[i].affiliations, " // ");
  if (kind == "section" && i < r.abstract_sections.size()) {
    const core::AbstractSection& s = r.abstract_sections[i];
    return s.label + "|" + s.nlm_category + "|" + s.text;
  }
  if (kind == "mesh" && i < r.mesh.size()) {
    const core::MeshHeading& m = r.mesh[i];
    return m.descriptor + "|" + m.ui + "|" + (m.major ? "Y" : "N") + "|" + Join(m.qualifiers, ",");
  }
  if (kind == "relation" && i < r.relations.size()) {
    const core::Relation& x = r.relations[i];
    return x.type + "|" + x.pmid + "|" + x.citation;
  }
  return "<no field " + name + ">";
}

}  // namespace pubmedtest

#endif  // WINNOW_TESTS_PARSE_PUBMED_TEST_UTIL_H_
