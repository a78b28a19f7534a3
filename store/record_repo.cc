#include "store/record_repo.h"

#include <string>
#include <vector>

namespace store {
namespace {

constexpr const char* kRecordColumns =
    "kind, title, vernacular_title, abstract, journal, journal_abbrev, year, volume, issue, "
    "pages, doi, pmid, pmcid, keywords";

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

// Binds the 14 record columns starting at parameter `first`, without copies:
// `r` and `*keywords` (scratch for the joined keywords) must outlive the run.
void BindRecordColumns(Statement& st, int first, const core::Record& r, std::string* keywords) {
  const std::string* text[] = {&r.kind,     &r.title,   &r.vernacular_title,
                               &r.abstract, &r.journal, &r.journal_abbrev};
  for (int k = 0; k < 6; ++k) st.BindRef(first + k, *text[k]);
  st.BindInt(first + 6, r.year);
  const std::string* rest[] = {&r.volume, &r.issue, &r.pages, &r.doi, &r.pmid, &r.pmcid};
  for (int k = 0; k < 6; ++k) st.BindRef(first + 7 + k, *rest[k]);
  *keywords = Join(r.keywords, '\n');
  st.BindRef(first + 13, *keywords);
}

}  // namespace

core::Status RecordRepo::Prepare(sqlite3* db) {
  std::string cols = kRecordColumns;
  WINNOW_RETURN_IF_ERROR(insert_record_.Prepare(
      db, "INSERT INTO records (id, " + cols + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  WINNOW_RETURN_IF_ERROR(update_record_.Prepare(
      db,
      "UPDATE records SET kind=?1, title=?2, vernacular_title=?3, abstract=?4, journal=?5, "
      "journal_abbrev=?6, year=?7, volume=?8, issue=?9, pages=?10, doi=?11, pmid=?12, "
      "pmcid=?13, keywords=?14 WHERE id=?15"));
  WINNOW_RETURN_IF_ERROR(select_record_.Prepare(db, "SELECT " + cols + " FROM records WHERE id=?"));
  WINNOW_RETURN_IF_ERROR(
      insert_section_.Prepare(db, "INSERT INTO abstract_sections VALUES (?,?,?,?,?,?,?)"));
  WINNOW_RETURN_IF_ERROR(
      insert_author_.Prepare(db, "INSERT INTO authors VALUES (?,?,?,?,?,?,?,?)"));
  WINNOW_RETURN_IF_ERROR(insert_id_.Prepare(db, "INSERT INTO identifiers VALUES (?,?,?,?)"));
  WINNOW_RETURN_IF_ERROR(
      insert_term_.Prepare(db, "INSERT INTO record_terms VALUES (?,?,?,?,?,?,?)"));
  WINNOW_RETURN_IF_ERROR(insert_relation_.Prepare(db, "INSERT INTO relations VALUES (?,?,?,?,?)"));
  WINNOW_RETURN_IF_ERROR(select_sections_.Prepare(
      db,
      "SELECT label, category, text_start, text_length, text FROM abstract_sections "
      "WHERE record_id=? ORDER BY pos"));
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
  WINNOW_RETURN_IF_ERROR(select_relations_.Prepare(
      db, "SELECT type, target_pmid, citation FROM relations WHERE record_id=? ORDER BY pos"));
  const char* tables[5] = {"abstract_sections", "authors", "identifiers", "record_terms",
                           "relations"};
  for (int i = 0; i < 5; ++i) {
    WINNOW_RETURN_IF_ERROR(delete_children_[i].Prepare(
        db, std::string("DELETE FROM ") + tables[i] + " WHERE record_id=?"));
  }
  return core::Status::Ok();
}

core::Status RecordRepo::Insert(int64_t id, const core::Record& rec) {
  std::string keywords;
  insert_record_.Bind(1, id);
  BindRecordColumns(insert_record_, 2, rec, &keywords);
  WINNOW_RETURN_IF_ERROR(insert_record_.Run());
  return InsertChildren(id, rec);
}

core::Status RecordRepo::Replace(int64_t id, const core::Record& rec) {
  std::string keywords;
  BindRecordColumns(update_record_, 1, rec, &keywords);
  update_record_.Bind(15, id);
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
  WINNOW_RETURN_IF_ERROR(add("pmid", {rec.pmid}));
  WINNOW_RETURN_IF_ERROR(add("doi", {rec.doi}));
  WINNOW_RETURN_IF_ERROR(add("pmcid", {rec.pmcid}));
  WINNOW_RETURN_IF_ERROR(add("issn", rec.issn));
  WINNOW_RETURN_IF_ERROR(add("registration", rec.registrations));
  return add("other", rec.other_ids);
}

// A section's text is stored as its byte range in the flattened abstract
// when it is found there (in order), else as text.
core::Status RecordRepo::InsertSections(int64_t id, const core::Record& rec) {
  size_t cursor = 0;
  for (size_t i = 0; i < rec.abstract_sections.size(); ++i) {
    const core::AbstractSection& s = rec.abstract_sections[i];
    size_t at = s.text.empty() ? std::string::npos : rec.abstract.find(s.text, cursor);
    insert_section_.Bind(1, id).BindInt(2, static_cast<int>(i)).BindRef(3, s.label);
    insert_section_.BindRef(4, s.nlm_category);
    if (at == std::string::npos) {
      insert_section_.Bind(5, int64_t{-1}).Bind(6, int64_t{0}).BindRef(7, s.text);
    } else {
      insert_section_.Bind(5, static_cast<int64_t>(at));
      insert_section_.Bind(6, static_cast<int64_t>(s.text.size())).BindRef(7, "");
      cursor = at + s.text.size();
    }
    WINNOW_RETURN_IF_ERROR(insert_section_.Run());
  }
  return core::Status::Ok();
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
  WINNOW_RETURN_IF_ERROR(InsertSections(id, rec));
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
  for (size_t i = 0; i < rec.relations.size(); ++i) {
    const core::Relation& r = rec.relations[i];
    insert_relation_.Bind(1, id).BindInt(2, static_cast<int>(i)).BindRef(3, r.type);
    insert_relation_.BindRef(4, r.pmid).BindRef(5, r.citation);
    WINNOW_RETURN_IF_ERROR(insert_relation_.Run());
  }
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
  select_record_.Reset();
  return LoadChildren(id, rec);
}

core::Status RecordRepo::LoadChildren(int64_t id, core::Record* rec) {
  core::Status st;
  select_sections_.Bind(1, id);
  while (select_sections_.Step(&st)) {
    Statement& q = select_sections_;
    int64_t start = q.ColumnInt(2);
    int64_t length = q.ColumnInt(3);
    bool in_range = start >= 0 && static_cast<size_t>(start + length) <= rec->abstract.size();
    std::string text = in_range ? rec->abstract.substr(start, length) : q.ColumnText(4);
    rec->abstract_sections.push_back({q.ColumnText(0), q.ColumnText(1), std::move(text)});
  }
  select_sections_.Reset();
  WINNOW_RETURN_IF_ERROR(st);
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
  select_relations_.Bind(1, id);
  while (select_relations_.Step(&st)) {
    rec->relations.push_back({select_relations_.ColumnText(0), select_relations_.ColumnText(1),
                              select_relations_.ColumnText(2)});
  }
  select_relations_.Reset();
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
