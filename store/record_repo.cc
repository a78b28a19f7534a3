#include "store/record_repo.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace store {
namespace {

constexpr const char* kRecordColumns =
    "kind, title, vernacular_title, abstract, journal, journal_abbrev, year, volume, issue, "
    "pages, doi, pmid, pmcid, keywords, sections, relations";

std::string Join(const std::vector<std::string>& parts, char sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == sep) {
      out.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// Whether Split(Join(keywords, '\n'), '\n') == keywords.
bool KeywordsSplitBack(const std::vector<std::string>& keywords) {
  if (keywords.size() == 1 && keywords[0].empty()) return false;
  for (const std::string& k : keywords) {
    if (k.find('\n') != std::string::npos) return false;
  }
  return true;
}

// Appends `text` as a JSON string.
void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned char>(c));
      *out += esc;
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

// records.sections (see migration 9): a section's text is stored as its byte
// range in the flattened abstract when it is found there (in order), else as
// text with start -1. "" when the abstract has no sections.
std::string SectionsJson(const core::Record& rec) {
  if (rec.abstract_sections.empty()) return {};
  std::string out = "[";
  size_t cursor = 0;
  for (size_t i = 0; i < rec.abstract_sections.size(); ++i) {
    const core::AbstractSection& s = rec.abstract_sections[i];
    size_t at = s.text.empty() ? std::string::npos : rec.abstract.find(s.text, cursor);
    out += i ? ",[" : "[";
    AppendJsonString(s.label, &out);
    out += ',';
    AppendJsonString(s.nlm_category, &out);
    if (at == std::string::npos) {
      out += ",-1,0,";
      AppendJsonString(s.text, &out);
    } else {
      out += ',' + std::to_string(at) + ',' + std::to_string(s.text.size()) + ",\"\"";
      cursor = at + s.text.size();
    }
    out += ']';
  }
  return out + "]";
}

// records.relations: [[type, target_pmid, citation], ...], "" when none.
std::string RelationsJson(const core::Record& rec) {
  if (rec.relations.empty()) return {};
  std::string out = "[";
  for (size_t i = 0; i < rec.relations.size(); ++i) {
    const core::Relation& r = rec.relations[i];
    out += i ? ",[" : "[";
    AppendJsonString(r.type, &out);
    out += ',';
    AppendJsonString(r.pmid, &out);
    out += ',';
    AppendJsonString(r.citation, &out);
    out += ']';
  }
  return out + "]";
}

// Text kept beside a bound record row until the statement has run.
struct RecordScratch {
  std::string keywords, sections, relations;
};

// Binds the 16 record columns starting at parameter `first`, without copies:
// `r` and `*scratch` must outlive the run.
void BindRecordColumns(Statement& st, int first, const core::Record& r, RecordScratch* scratch) {
  const std::string* text[] = {&r.kind,     &r.title,   &r.vernacular_title,
                               &r.abstract, &r.journal, &r.journal_abbrev};
  for (int k = 0; k < 6; ++k) st.BindRef(first + k, *text[k]);
  st.BindInt(first + 6, r.year);
  const std::string* rest[] = {&r.volume, &r.issue, &r.pages, &r.doi, &r.pmid, &r.pmcid};
  for (int k = 0; k < 6; ++k) st.BindRef(first + 7 + k, *rest[k]);
  scratch->keywords = Join(r.keywords, '\n');
  scratch->sections = SectionsJson(r);
  scratch->relations = RelationsJson(r);
  st.BindRef(first + 13, scratch->keywords);
  st.BindRef(first + 14, scratch->sections);
  st.BindRef(first + 15, scratch->relations);
}

// A JSON column of a stored record: an array of arrays of `width` elements
// ("" = no element), or an error naming the record.
core::Status ParseRows(int64_t id, const char* column, const std::string& json, size_t width,
                       nlohmann::json* rows) {
  *rows = nlohmann::json::array();
  if (json.empty()) return core::Status::Ok();
  *rows = nlohmann::json::parse(json, nullptr, false);
  bool ok = rows->is_array();
  for (size_t i = 0; ok && i < rows->size(); ++i) {
    ok = (*rows)[i].is_array() && (*rows)[i].size() == width;
  }
  if (ok) return core::Status::Ok();
  return core::Status::Io("record " + std::to_string(id) + ": stored " + column +
                          " are not what winnow writes");
}

// Reads records.sections back; the record's abstract must be loaded.
core::Status ParseSections(int64_t id, const std::string& json, core::Record* rec) {
  nlohmann::json rows;
  WINNOW_RETURN_IF_ERROR(ParseRows(id, "sections", json, 5, &rows));
  for (const auto& s : rows) {
    int64_t start = s[2].is_number_integer() ? s[2].get<int64_t>() : -1;
    int64_t length = s[3].is_number_integer() ? s[3].get<int64_t>() : 0;
    bool in_range =
        start >= 0 && length >= 0 && static_cast<size_t>(start + length) <= rec->abstract.size();
    std::string text = in_range           ? rec->abstract.substr(start, length)
                       : s[4].is_string() ? s[4].get<std::string>()
                                          : std::string();
    rec->abstract_sections.push_back({s[0].is_string() ? s[0].get<std::string>() : "",
                                      s[1].is_string() ? s[1].get<std::string>() : "",
                                      std::move(text)});
  }
  return core::Status::Ok();
}

core::Status ParseRelations(int64_t id, const std::string& json, core::Record* rec) {
  nlohmann::json rows;
  WINNOW_RETURN_IF_ERROR(ParseRows(id, "relations", json, 3, &rows));
  auto text = [](const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : ""; };
  for (const auto& r : rows) rec->relations.push_back({text(r[0]), text(r[1]), text(r[2])});
  return core::Status::Ok();
}

}  // namespace

core::Status RecordRepo::Prepare(sqlite3* db) {
  std::string cols = kRecordColumns;
  WINNOW_RETURN_IF_ERROR(insert_record_.Prepare(
      db, "INSERT INTO records (id, " + cols + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  WINNOW_RETURN_IF_ERROR(update_record_.Prepare(
      db,
      "UPDATE records SET kind=?1, title=?2, vernacular_title=?3, abstract=?4, journal=?5, "
      "journal_abbrev=?6, year=?7, volume=?8, issue=?9, pages=?10, doi=?11, pmid=?12, "
      "pmcid=?13, keywords=?14, sections=?15, relations=?16 WHERE id=?17"));
  WINNOW_RETURN_IF_ERROR(select_record_.Prepare(db, "SELECT " + cols + " FROM records WHERE id=?"));
  WINNOW_RETURN_IF_ERROR(
      insert_author_.Prepare(db, "INSERT INTO authors VALUES (?,?,?,?,?,?,?,?)"));
  WINNOW_RETURN_IF_ERROR(insert_id_.Prepare(db, "INSERT INTO identifiers VALUES (?,?,?,?)"));
  WINNOW_RETURN_IF_ERROR(
      insert_term_.Prepare(db, "INSERT INTO record_terms VALUES (?,?,?,?,?,?,?)"));
  WINNOW_RETURN_IF_ERROR(select_authors_.Prepare(
      db,
      "SELECT family, given, initials, collective, orcid, affiliations FROM authors "
      "WHERE record_id=? ORDER BY pos"));
  WINNOW_RETURN_IF_ERROR(select_ids_.Prepare(
      db, "SELECT kind, value FROM identifiers WHERE record_id=? ORDER BY kind, pos"));
  WINNOW_RETURN_IF_ERROR(select_terms_.Prepare(
      db,
      "SELECT kind, value, major, ui, qualifiers FROM record_terms WHERE record_id=? "
      "ORDER BY kind, pos"));
  const char* tables[3] = {"authors", "identifiers", "record_terms"};
  for (int i = 0; i < 3; ++i) {
    WINNOW_RETURN_IF_ERROR(delete_children_[i].Prepare(
        db, std::string("DELETE FROM ") + tables[i] + " WHERE record_id=?"));
  }
  return core::Status::Ok();
}

core::Status RecordRepo::Insert(int64_t id, const core::Record& rec) {
  RecordScratch scratch;
  insert_record_.Bind(1, id);
  BindRecordColumns(insert_record_, 2, rec, &scratch);
  WINNOW_RETURN_IF_ERROR(insert_record_.Run());
  return InsertChildren(id, rec);
}

core::Status RecordRepo::Replace(int64_t id, const core::Record& rec) {
  RecordScratch scratch;
  BindRecordColumns(update_record_, 1, rec, &scratch);
  update_record_.Bind(17, id);
  WINNOW_RETURN_IF_ERROR(update_record_.Run());
  WINNOW_RETURN_IF_ERROR(DeleteChildren(id));
  return InsertChildren(id, rec);
}

core::Status RecordRepo::DeleteChildren(int64_t id) {
  for (Statement& st : delete_children_) {
    st.Bind(1, id);
    WINNOW_RETURN_IF_ERROR(st.Run());
  }
  return core::Status::Ok();
}

core::Status RecordRepo::InsertTerm(int64_t id, const char* kind, int pos,
                                    const std::string& value) {
  insert_term_.Bind(1, id).BindRef(2, kind).BindInt(3, pos).BindRef(4, value);
  insert_term_.BindInt(5, 0).BindRef(6, "").BindRef(7, "");
  return insert_term_.Run();
}

core::Status RecordRepo::InsertIdentifiers(int64_t id, const core::Record& rec) {
  auto add = [&](const char* kind, const std::vector<std::string>& values) -> core::Status {
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i].empty()) continue;
      insert_id_.Bind(1, id).BindRef(2, kind).BindInt(3, static_cast<int>(i));
      insert_id_.BindRef(4, values[i]);
      WINNOW_RETURN_IF_ERROR(insert_id_.Run());
    }
    return core::Status::Ok();
  };
  // PMID, DOI and PMCID are columns of records, indexed there (migration 10).
  WINNOW_RETURN_IF_ERROR(add("issn", rec.issn));
  WINNOW_RETURN_IF_ERROR(add("registration", rec.registrations));
  return add("other", rec.other_ids);
}

core::Status RecordRepo::InsertTerms(int64_t id, const core::Record& rec) {
  for (size_t i = 0; i < rec.mesh.size(); ++i) {
    const core::MeshHeading& m = rec.mesh[i];
    insert_term_.Bind(1, id).BindRef(2, "mesh").BindInt(3, static_cast<int>(i));
    insert_term_.BindRef(4, m.descriptor).BindInt(5, m.major ? 1 : 0).BindRef(6, m.ui);
    insert_term_.Bind(7, Join(m.qualifiers, '\n'));
    WINNOW_RETURN_IF_ERROR(insert_term_.Run());
  }
  // Keywords are in records.keywords (newline-separated, for the FTS index)
  // and nothing looks them up by value, so they get rows of their own only
  // when that list cannot give them back exactly.
  const bool keyword_rows = !KeywordsSplitBack(rec.keywords);
  const std::pair<const char*, const std::vector<std::string>*> lists[] = {
      {"keyword", keyword_rows ? &rec.keywords : nullptr},
      {"pubtype", &rec.publication_types},
      {"language", &rec.language}};
  for (const auto& [kind, values] : lists) {
    if (values == nullptr) continue;
    for (size_t i = 0; i < values->size(); ++i) {
      WINNOW_RETURN_IF_ERROR(InsertTerm(id, kind, static_cast<int>(i), (*values)[i]));
    }
  }
  // Attributes: the name goes in `ui`, the value in `value`.
  for (size_t i = 0; i < rec.attributes.size(); ++i) {
    insert_term_.Bind(1, id).Bind(2, "attribute").BindInt(3, static_cast<int>(i));
    insert_term_.Bind(4, rec.attributes[i].second).BindInt(5, 0);
    insert_term_.Bind(6, rec.attributes[i].first).Bind(7, "");
    WINNOW_RETURN_IF_ERROR(insert_term_.Run());
  }
  return core::Status::Ok();
}

core::Status RecordRepo::InsertChildren(int64_t id, const core::Record& rec) {
  for (size_t i = 0; i < rec.authors.size(); ++i) {
    const core::Author& a = rec.authors[i];
    insert_author_.Bind(1, id).BindInt(2, static_cast<int>(i)).BindRef(3, a.family);
    insert_author_.BindRef(4, a.given).BindRef(5, a.initials).BindRef(6, a.collective);
    insert_author_.BindRef(7, a.orcid);
    insert_author_.Bind(8, Join(a.affiliations, '\n'));
    WINNOW_RETURN_IF_ERROR(insert_author_.Run());
  }
  WINNOW_RETURN_IF_ERROR(InsertIdentifiers(id, rec));
  WINNOW_RETURN_IF_ERROR(InsertTerms(id, rec));
  return core::Status::Ok();
}

core::Status RecordRepo::Load(int64_t id, core::Record* rec) {
  core::Status st;
  select_record_.Bind(1, id);
  if (!select_record_.Step(&st)) {
    select_record_.Reset();
    return st.ok() ? core::Status::NotFound("record " + std::to_string(id)) : st;
  }
  Statement& s = select_record_;
  rec->kind = s.ColumnText(0);
  rec->title = s.ColumnText(1);
  rec->vernacular_title = s.ColumnText(2);
  rec->abstract = s.ColumnText(3);
  rec->journal = s.ColumnText(4);
  rec->journal_abbrev = s.ColumnText(5);
  rec->year = static_cast<int>(s.ColumnInt(6));
  rec->volume = s.ColumnText(7);
  rec->issue = s.ColumnText(8);
  rec->pages = s.ColumnText(9);
  rec->doi = s.ColumnText(10);
  rec->pmid = s.ColumnText(11);
  rec->pmcid = s.ColumnText(12);
  rec->keywords = Split(s.ColumnText(13), '\n');  // unless keyword rows say otherwise
  std::string sections = s.ColumnText(14);
  std::string relations = s.ColumnText(15);
  select_record_.Reset();
  WINNOW_RETURN_IF_ERROR(ParseSections(id, sections, rec));
  WINNOW_RETURN_IF_ERROR(ParseRelations(id, relations, rec));
  return LoadChildren(id, rec);
}

core::Status RecordRepo::LoadChildren(int64_t id, core::Record* rec) {
  core::Status st;
  select_authors_.Bind(1, id);
  while (select_authors_.Step(&st)) {
    core::Author a;
    a.family = select_authors_.ColumnText(0);
    a.given = select_authors_.ColumnText(1);
    a.initials = select_authors_.ColumnText(2);
    a.collective = select_authors_.ColumnText(3);
    a.orcid = select_authors_.ColumnText(4);
    a.affiliations = Split(select_authors_.ColumnText(5), '\n');
    rec->authors.push_back(std::move(a));
  }
  select_authors_.Reset();
  WINNOW_RETURN_IF_ERROR(st);
  return LoadTermsAndIds(id, rec);
}

core::Status RecordRepo::LoadTermsAndIds(int64_t id, core::Record* rec) {
  core::Status st;
  select_ids_.Bind(1, id);
  while (select_ids_.Step(&st)) {
    std::string kind = select_ids_.ColumnText(0);
    std::string value = select_ids_.ColumnText(1);
    if (kind == "issn") rec->issn.push_back(value);
    if (kind == "registration") rec->registrations.push_back(value);
    if (kind == "other") rec->other_ids.push_back(value);
  }
  select_ids_.Reset();
  WINNOW_RETURN_IF_ERROR(st);
  select_terms_.Bind(1, id);
  bool keyword_rows = false;
  while (select_terms_.Step(&st)) {
    std::string kind = select_terms_.ColumnText(0);
    std::string value = select_terms_.ColumnText(1);
    if (kind == "mesh") {
      rec->mesh.push_back({value, select_terms_.ColumnText(3), select_terms_.ColumnInt(2) != 0,
                           Split(select_terms_.ColumnText(4), '\n')});
    } else if (kind == "keyword") {
      if (!keyword_rows) rec->keywords.clear();  // rows written by older versions, or exact ones
      keyword_rows = true;
      rec->keywords.push_back(value);
    } else if (kind == "pubtype") {
      rec->publication_types.push_back(value);
    } else if (kind == "language") {
      rec->language.push_back(value);
    } else if (kind == "attribute") {
      rec->attributes.emplace_back(select_terms_.ColumnText(3), value);
    }
  }
  select_terms_.Reset();
  return st;
}

}  // namespace store
