#include "export/json_writer.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace exporter {
namespace {

using Json = nlohmann::ordered_json;

void PutString(Json& obj, const char* key, const std::string& value) {
  if (!value.empty()) obj[key] = value;
}

void PutStrings(Json& obj, const char* key,
                const std::vector<std::string>& values) {
  if (!values.empty()) obj[key] = values;
}

Json AuthorJson(const core::Author& a) {
  Json obj = Json::object();
  if (!a.collective.empty()) {
    obj["collective"] = a.collective;
  } else {
    obj["family"] = a.family;
    obj["given"] = a.given;
    obj["initials"] = a.initials;
  }
  PutString(obj, "orcid", a.orcid);
  PutStrings(obj, "affiliations", a.affiliations);
  return obj;
}

Json AuthorsJson(const std::vector<core::Author>& authors) {
  Json arr = Json::array();
  for (const core::Author& a : authors) arr.push_back(AuthorJson(a));
  return arr;
}

// Sections are worth printing when they carry more than the flat abstract.
bool HasStructure(const std::vector<core::AbstractSection>& sections) {
  return sections.size() > 1 ||
         (sections.size() == 1 && !sections[0].label.empty());
}

Json SectionsJson(const std::vector<core::AbstractSection>& sections) {
  Json arr = Json::array();
  for (const core::AbstractSection& s : sections) {
    arr.push_back(
        {{"label", s.label}, {"category", s.nlm_category}, {"text", s.text}});
  }
  return arr;
}

Json MeshJson(const std::vector<core::MeshHeading>& mesh) {
  Json arr = Json::array();
  for (const core::MeshHeading& m : mesh) {
    arr.push_back({{"descriptor", m.descriptor},
                   {"ui", m.ui},
                   {"major", m.major},
                   {"qualifiers", m.qualifiers}});
  }
  return arr;
}

Json RelationsJson(const std::vector<core::Relation>& relations) {
  Json arr = Json::array();
  for (const core::Relation& r : relations) {
    arr.push_back(
        {{"type", r.type}, {"pmid", r.pmid}, {"citation", r.citation}});
  }
  return arr;
}

// Identity, identifiers, title, abstract and authors.
void PutHead(Json& obj, const ExportItem& item) {
  const core::Record& r = item.record;
  obj["work_id"] = item.work_id;
  obj["record_id"] = item.record_id;
  PutString(obj, "source", r.source);
  PutString(obj, "source_id", r.source_id);
  PutString(obj, "pmid", r.pmid);
  PutString(obj, "pmcid", r.pmcid);
  PutString(obj, "doi", r.doi);
  PutString(obj, "title", r.title);
  PutString(obj, "abstract", r.abstract);
  if (!r.authors.empty()) obj["authors"] = AuthorsJson(r.authors);
}

// Journal and publication details through to status, in DESIGN.md order.
void PutBody(Json& obj, const ExportItem& item) {
  const core::Record& r = item.record;
  PutString(obj, "journal", r.journal);
  PutString(obj, "journal_abbrev", r.journal_abbrev);
  PutStrings(obj, "issn", r.issn);
  if (r.year != 0) obj["year"] = r.year;
  PutString(obj, "volume", r.volume);
  PutString(obj, "issue", r.issue);
  PutString(obj, "pages", r.pages);
  PutStrings(obj, "language", r.language);
  PutStrings(obj, "publication_types", r.publication_types);
  PutStrings(obj, "mesh", r.MeshDescriptors());
  PutStrings(obj, "keywords", r.keywords);
  PutStrings(obj, "registrations", r.registrations);
  PutString(obj, "status", item.status);
}

// Fields beyond DESIGN.md's example.
void PutExtras(Json& obj, const core::Record& r);

// A work's source records: [{"source": ..., "source_id": ...}], when several.
void PutDuplicates(Json& obj, const ExportItem& item) {
  if (item.duplicates.empty()) return;
  Json arr = Json::array();
  for (const auto& [source, id] : item.duplicates) {
    arr.push_back({{"source", source}, {"source_id", id}});
  }
  obj["source_records"] = arr;
}

void PutExtras(Json& obj, const core::Record& r) {
  PutString(obj, "kind", r.kind);
  PutString(obj, "vernacular_title", r.vernacular_title);
  if (HasStructure(r.abstract_sections)) {
    obj["abstract_sections"] = SectionsJson(r.abstract_sections);
  }
  if (!r.mesh.empty()) obj["mesh_detail"] = MeshJson(r.mesh);
  if (!r.relations.empty()) obj["relations"] = RelationsJson(r.relations);
  PutStrings(obj, "other_ids", r.other_ids);
  if (!r.attributes.empty()) {
    Json attributes = Json::object();
    for (const auto& [name, value] : r.attributes) attributes[name] = value;
    obj["attributes"] = attributes;
  }
  if (r.deleted) obj["deleted"] = true;
}

}  // namespace

std::string RecordToJson(const ExportItem& item) {
  Json obj = Json::object();
  PutHead(obj, item);
  PutBody(obj, item);
  PutExtras(obj, item.record);
  PutDuplicates(obj, item);
  return obj.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void JsonWriter::Begin() {
  out_ << '[';
  wrote_any_ = false;
}

void JsonWriter::Write(const ExportItem& item) {
  out_ << (wrote_any_ ? ",\n" : "\n") << RecordToJson(item);
  wrote_any_ = true;
}

void JsonWriter::Finish() {
  out_ << (wrote_any_ ? "\n]\n" : "]\n");
  out_.flush();
}

}  // namespace exporter
