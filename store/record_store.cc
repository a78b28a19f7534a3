// Store members for imports, source records and exports.
#include <nlohmann/json.hpp>

#include "store/store.h"
#include "store/store_impl.h"

namespace store {

std::string SkippedJson(const std::vector<Skip>& skipped) {
  nlohmann::json arr = nlohmann::json::array();
  for (const Skip& s : skipped) arr.push_back({{"where", s.where}, {"why", s.why}});
  return arr.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<Skip> ParseSkipped(const std::string& text) {
  std::vector<Skip> out;
  nlohmann::json arr = nlohmann::json::parse(text, nullptr, false);
  if (!arr.is_array()) return out;
  for (const auto& s : arr) {
    if (s.is_object()) out.push_back({s.value("where", ""), s.value("why", "")});
  }
  return out;
}

namespace {

// Whether an incoming version of a record replaces the stored one: by the
// source's revision date when both have one, otherwise when the text differs.
bool IsNewer(const std::string& stored_date, const std::string& incoming_date,
             const std::string& stored_raw, const std::string& incoming_raw) {
  if (!stored_date.empty() && !incoming_date.empty()) return incoming_date > stored_date;
  return stored_raw != incoming_raw;
}

}  // namespace

core::Status Store::FindImportBySha(const std::string& sha256, ImportInfo* info, bool* found) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      "SELECT i.id, s.name, i.file_name, i.file_size, i.format, i.imported_at, i.n_read, "
      "i.n_added, i.n_updated, i.n_unchanged, i.n_deleted, i.skipped "
      "FROM imports i JOIN sources s ON s.id = i.source_id WHERE i.sha256=?"));
  st.Bind(1, sha256);
  core::Status s;
  *found = st.Step(&s);
  if (!*found) return s;
  info->id = st.ColumnInt(0);
  info->source = st.ColumnText(1);
  info->file_name = st.ColumnText(2);
  info->file_size = st.ColumnInt(3);
  info->sha256 = sha256;
  info->format = st.ColumnText(4);
  info->imported_at = st.ColumnText(5);
  info->counts.read = st.ColumnInt(6);
  info->counts.added = st.ColumnInt(7);
  info->counts.updated = st.ColumnInt(8);
  info->counts.unchanged = st.ColumnInt(9);
  info->counts.deleted = st.ColumnInt(10);
  info->counts.skipped = ParseSkipped(st.ColumnText(11));
  return core::Status::Ok();
}

core::Status Store::BeginImport(ImportInfo* info) {
  int64_t source_id = 0;
  WINNOW_RETURN_IF_ERROR(EnsureSource(info->source, info->source_kind, &source_id));
  info->imported_at = NowUtc();
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      "INSERT INTO imports (source_id, file_name, file_size, sha256, format, imported_at) "
      "VALUES (?,?,?,?,?,?)"));
  st.Bind(1, source_id).Bind(2, info->file_name).Bind(3, info->file_size).Bind(4, info->sha256);
  st.Bind(5, info->format).Bind(6, info->imported_at);
  WINNOW_RETURN_IF_ERROR(st.Run());
  info->id = sqlite3_last_insert_rowid(impl_->db);
  return core::Status::Ok();
}

core::Status Store::FinishImport(const ImportInfo& info) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(
      impl_->db,
      "UPDATE imports SET n_read=?2, n_added=?3, n_updated=?4, n_unchanged=?5, n_deleted=?6, "
      "n_skipped=?7, skipped=?8 WHERE id=?1"));
  const ImportCounts& c = info.counts;
  st.Bind(1, info.id).Bind(2, c.read).Bind(3, c.added).Bind(4, c.updated).Bind(5, c.unchanged);
  st.Bind(6, c.deleted).Bind(7, static_cast<int64_t>(c.skipped.size()));
  st.Bind(8, SkippedJson(c.skipped));
  WINNOW_RETURN_IF_ERROR(st.Run());
  nlohmann::json detail = {
      {"file", info.file_name},   {"sha256", info.sha256}, {"source", info.source},
      {"read", c.read},           {"added", c.added},      {"updated", c.updated},
      {"unchanged", c.unchanged}, {"deleted", c.deleted},  {"skipped", c.skipped.size()}};
  return Audit("winnow", "import", "import", info.id,
               detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string CompressRaw(std::string_view raw, const RawDictionary* dict) {
  thread_local Compressor compressor(kRawCompressionLevel);
  thread_local std::string scratch;  // sized for the worst case, reused
  compressor.Compress(raw, &scratch, dict);
  return scratch;  // a copy of the exact size: records wait in queues
}

std::shared_ptr<const RawDictionary> TrainRawDictionary(const std::vector<std::string>& samples) {
  return RawDictionary::Train(samples, kRawCompressionLevel);
}

// A text compressed ahead is kept when its frame needs no dictionary or the
// one the store uses; otherwise (its dictionary was refused) the store
// compresses it again.
const std::string& Store::Impl::Compressed(const core::Record& rec, const std::string* raw_zstd) {
  if (raw_zstd) {
    const uint32_t needs = Compressor::DictionaryId(*raw_zstd);
    if (needs == 0 || (raw_dictionary != nullptr && raw_dictionary->id() == needs)) {
      return *raw_zstd;
    }
  }
  compressor.Compress(rec.raw, &scratch, raw_dictionary.get());
  return scratch;
}

core::Status Store::Impl::FindDictionary(uint32_t id, std::shared_ptr<const RawDictionary>* dict) {
  auto it = read_dictionaries.find(id);
  if (it != read_dictionaries.end()) {
    *dict = it->second;
    return core::Status::Ok();
  }
  *dict = nullptr;
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(db, "SELECT bytes FROM raw_dictionaries WHERE id=?"));
  st.Bind(1, static_cast<int64_t>(id));
  core::Status s;
  if (st.Step(&s)) *dict = RawDictionary::FromBytes(st.ColumnBlob(0), kRawCompressionLevel);
  WINNOW_RETURN_IF_ERROR(s);
  if (*dict != nullptr) read_dictionaries.emplace(id, *dict);
  return core::Status::Ok();
}

core::Status Store::Impl::DecompressRaw(std::string_view blob, std::string* raw) {
  const uint32_t id = Compressor::DictionaryId(blob);
  std::shared_ptr<const RawDictionary> dict;
  if (id != 0) WINNOW_RETURN_IF_ERROR(FindDictionary(id, &dict));
  return compressor.Decompress(blob, raw, dict.get());
}

core::Status Store::UseRawDictionary(std::shared_ptr<const RawDictionary> dict, bool* usable) {
  *usable = true;
  impl_->raw_dictionary = nullptr;
  if (dict == nullptr) return core::Status::Ok();
  std::shared_ptr<const RawDictionary> stored;
  WINNOW_RETURN_IF_ERROR(impl_->FindDictionary(dict->id(), &stored));
  if (stored != nullptr) {
    *usable = stored->bytes() == dict->bytes();
  } else {
    Statement add;
    WINNOW_RETURN_IF_ERROR(add.Prepare(
        impl_->db, "INSERT INTO raw_dictionaries (id, bytes, created_at) VALUES (?,?,?)"));
    add.Bind(1, static_cast<int64_t>(dict->id())).BindBlob(2, dict->bytes()).Bind(3, NowUtc());
    WINNOW_RETURN_IF_ERROR(add.Run());
    impl_->read_dictionaries.emplace(dict->id(), dict);
  }
  if (*usable) impl_->raw_dictionary = std::move(dict);
  return core::Status::Ok();
}

namespace {

// The key a record is stored under within its source, and the identifier to
// show when that is not the key.
const std::string& KeyOf(const core::Record& rec) {
  return rec.source_key.empty() ? rec.source_id : rec.source_key;
}
std::string LabelOf(const core::Record& rec) {
  return KeyOf(rec) == rec.source_id ? std::string() : rec.source_id;
}

}  // namespace

core::Status Store::Impl::AddRecord(int64_t source_id, int64_t import_id, const core::Record& rec,
                                    const std::string* raw_zstd, int64_t* record_id) {
  int64_t id = 0;
  WINNOW_RETURN_IF_ERROR(NextRecordId(&id));
  std::string now = NowUtc();
  insert_work.Bind(1, id).Bind(2, now);  // the record is the work's canonical one
  WINNOW_RETURN_IF_ERROR(insert_work.Run());
  int64_t work_id = sqlite3_last_insert_rowid(db);
  Statement& st = insert_source_record;
  st.Bind(1, source_id).Bind(2, KeyOf(rec)).Bind(3, work_id);
  if (import_id > 0) {
    st.Bind(4, import_id);
  } else {
    st.BindNull(4);  // fetched by a search run, not imported from a file
  }
  // The bound bytes (the record, its compressed text, `now`) outlive the run.
  st.BindRef(5, rec.format).BindRef(6, rec.locator).BindBlobRef(7, Compressed(rec, raw_zstd));
  st.Bind(8, static_cast<int64_t>(rec.raw.size())).BindRef(9, rec.date_revised);
  st.BindRef(10, now).Bind(11, LabelOf(rec)).Bind(12, id);
  WINNOW_RETURN_IF_ERROR(st.Run());
  next_record_id = id + 1;
  *record_id = id;
  WINNOW_RETURN_IF_ERROR(repo.Insert(id, rec));
  if (!in_txn) {
    fts_insert_one.Bind(1, id);
    WINNOW_RETURN_IF_ERROR(fts_insert_one.Run());
  }
  NoteRecordWritten();
  return core::Status::Ok();
}

core::Status Store::Impl::UpdateRecord(int64_t id, int64_t import_id, const core::Record& rec,
                                       const std::string* raw_zstd) {
  Statement& st = update_source_record;
  st.Bind(1, id).Bind(3, rec.format).Bind(4, rec.locator);
  if (import_id > 0) {
    st.Bind(2, import_id);
  } else {
    st.BindNull(2);  // keeps the last import: the update came from a search run
  }
  st.BindBlob(5, Compressed(rec, raw_zstd));
  st.Bind(6, static_cast<int64_t>(rec.raw.size())).Bind(7, rec.date_revised).Bind(8, NowUtc());
  st.Bind(9, LabelOf(rec));
  WINNOW_RETURN_IF_ERROR(st.Run());
  bool indexed = IsIndexed(id);
  if (indexed) {
    fts_delete_one.Bind(1, id);
    WINNOW_RETURN_IF_ERROR(fts_delete_one.Run());
  }
  WINNOW_RETURN_IF_ERROR(repo.Replace(id, rec));
  NoteRecordWritten();
  if (!indexed) return core::Status::Ok();
  fts_insert_one.Bind(1, id);
  return fts_insert_one.Run();
}

core::Status Store::UpsertRecord(int64_t source_id, int64_t import_id, const core::Record& rec,
                                 UpsertOutcome* outcome, const std::string* raw_zstd) {
  int64_t id = 0;
  return impl_->Upsert(source_id, import_id, rec, outcome, raw_zstd, &id);
}

core::Status Store::UpsertFetchedRecord(int64_t source_id, int64_t run_id,
                                        const core::Record& rec, UpsertOutcome* outcome,
                                        const std::string* raw_zstd) {
  int64_t id = 0;
  WINNOW_RETURN_IF_ERROR(impl_->Upsert(source_id, 0, rec, outcome, raw_zstd, &id));
  if (id == 0) return core::Status::Ok();  // a deletion notice for a record never had
  impl_->mark_run.Bind(1, id).Bind(2, run_id);
  WINNOW_RETURN_IF_ERROR(impl_->mark_run.Run());
  impl_->link_run.Bind(1, run_id).Bind(2, id);
  return impl_->link_run.Run();
}

core::Status Store::Impl::AuditRow(const std::string& actor, const std::string& action,
                                   const std::string& entity, int64_t entity_id,
                                   const std::string& detail_json) {
  insert_audit.Bind(1, NowUtc()).Bind(2, actor).Bind(3, action).Bind(4, entity);
  insert_audit.Bind(5, entity_id).Bind(6, detail_json);
  return insert_audit.Run();
}

core::Status Store::Impl::Upsert(int64_t source_id, int64_t import_id, const core::Record& rec,
                                 UpsertOutcome* outcome, const std::string* raw_zstd,
                                 int64_t* record_id) {
  if (KeyOf(rec).empty()) return core::Status::Internal("record without source key");
  Statement& find = find_source_record;
  find.Bind(1, source_id).Bind(2, KeyOf(rec));
  core::Status s;
  bool exists = find.Step(&s);
  int64_t id = exists ? find.ColumnInt(0) : 0;
  std::string stored_date = exists ? find.ColumnText(1) : "";
  bool was_deleted = exists && find.ColumnInt(2) != 0;
  *record_id = id;
  std::string stored_blob = exists ? find.ColumnBlob(3) : "";
  find.Reset();
  WINNOW_RETURN_IF_ERROR(s);

  if (rec.deleted) {
    *outcome = exists && !was_deleted ? UpsertOutcome::kDeleted : UpsertOutcome::kDeleteIgnored;
    if (*outcome != UpsertOutcome::kDeleted) return core::Status::Ok();
    mark_deleted.Bind(1, id).Bind(3, NowUtc());
    if (import_id > 0) {
      mark_deleted.Bind(2, import_id);
    } else {
      mark_deleted.BindNull(2);
    }
    WINNOW_RETURN_IF_ERROR(mark_deleted.Run());
    return AuditRow("winnow", "record.deleted", "source_record", id,
                 nlohmann::json{{"source_id", rec.source_id}, {"import", import_id}}.dump(
                     -1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  if (!exists) {
    *outcome = UpsertOutcome::kAdded;
    return AddRecord(source_id, import_id, rec, raw_zstd, record_id);
  }
  std::string stored_raw;
  if (stored_date.empty() || rec.date_revised.empty()) {
    WINNOW_RETURN_IF_ERROR(DecompressRaw(stored_blob, &stored_raw));
  }
  if (!IsNewer(stored_date, rec.date_revised, stored_raw, rec.raw)) {
    *outcome = UpsertOutcome::kUnchanged;
    return core::Status::Ok();
  }
  *outcome = UpsertOutcome::kUpdated;
  WINNOW_RETURN_IF_ERROR(UpdateRecord(id, import_id, rec, raw_zstd));
  nlohmann::json detail = {{"source_id", rec.source_id},
                           {"import", import_id},
                           {"from_revision", stored_date},
                           {"to_revision", rec.date_revised}};
  return AuditRow("winnow", "record.updated", "source_record", id,
               detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

namespace {

// The query behind each RecordSet. Per-record status: a withdrawn record is
// "deleted"; a work is "deleted" only when every one of its records is.
std::string RecordSetSql(RecordSet set) {
  const std::string columns =
      "s.name, CASE WHEN sr.label != '' OR sr.source_key LIKE 'sha256:%' THEN sr.label "
      "ELSE sr.source_key END, sr.format, sr.locator, sr.date_revised, sr.deleted ";
  const std::string records =
      "SELECT sr.id, sr.work_id, CASE WHEN sr.deleted=1 THEN 'deleted' ELSE w.status END, " +
      columns + ", 1 " +
      "FROM source_records sr JOIN sources s ON s.id = sr.source_id "
      "LEFT JOIN works w ON w.id = sr.work_id ";
  const std::string works =
      "SELECT sr.id, w.id, CASE WHEN NOT EXISTS (SELECT 1 FROM source_records x "
      "WHERE x.work_id = w.id AND x.deleted = 0) THEN 'deleted' ELSE w.status END, " +
      columns +
      ", (SELECT count(*) FROM source_records m WHERE m.work_id = w.id) "
      "FROM works w JOIN source_records sr ON sr.id = w.canonical_record_id "
      "JOIN sources s ON s.id = sr.source_id WHERE w.merged_into IS NULL ";
  switch (set) {
    case RecordSet::kRecords:
      return records + "ORDER BY sr.id";
    case RecordSet::kDuplicates:
      return records +
             "WHERE sr.work_id IN (SELECT work_id FROM source_records GROUP BY work_id "
             "HAVING count(*) > 1) ORDER BY sr.work_id, sr.id";
    case RecordSet::kWorks:
      return works + "ORDER BY w.id";
    case RecordSet::kIncluded:
      return works + "AND w.status = 'included' ORDER BY w.id";
    case RecordSet::kScreened:
      return works + "AND w.status <> 'unscreened' ORDER BY w.id";
  }
  return works + "ORDER BY w.id";
}

}  // namespace

core::Status Store::ForEach(RecordSet set,
                            const std::function<core::Status(const RecordRow&)>& fn) {
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(impl_->db, RecordSetSql(set)));
  core::Status s;
  while (st.Step(&s)) {
    RecordRow row;
    row.record_id = st.ColumnInt(0);
    row.work_id = st.ColumnInt(1);
    row.status = st.ColumnText(2);
    row.record.source = st.ColumnText(3);
    row.record.source_id = st.ColumnText(4);
    row.record.format = st.ColumnText(5);
    row.record.locator = st.ColumnText(6);
    row.record.date_revised = st.ColumnText(7);
    row.record.deleted = st.ColumnInt(8) != 0;
    row.members = st.ColumnInt(9);
    WINNOW_RETURN_IF_ERROR(impl_->repo.Load(row.record_id, &row.record));
    WINNOW_RETURN_IF_ERROR(fn(row));
  }
  return s;
}

core::Status Store::LoadRecordRow(int64_t record_id, RecordRow* row) {
  std::string sql = RecordSetSql(RecordSet::kRecords);
  sql.resize(sql.rfind("ORDER BY"));
  Statement st;
  WINNOW_RETURN_IF_ERROR(st.Prepare(impl_->db, sql + "WHERE sr.id = ?"));
  st.Bind(1, record_id);
  core::Status s;
  if (!st.Step(&s)) {
    return s.ok() ? core::Status::NotFound("no source record " + std::to_string(record_id)) : s;
  }
  *row = RecordRow{};
  row->record_id = st.ColumnInt(0);
  row->work_id = st.ColumnInt(1);
  row->status = st.ColumnText(2);
  row->record.source = st.ColumnText(3);
  row->record.source_id = st.ColumnText(4);
  row->record.format = st.ColumnText(5);
  row->record.locator = st.ColumnText(6);
  row->record.date_revised = st.ColumnText(7);
  row->record.deleted = st.ColumnInt(8) != 0;
  st.Reset();
  Statement kind;
  WINNOW_RETURN_IF_ERROR(kind.Prepare(
      impl_->db, "SELECT s.kind FROM source_records sr JOIN sources s ON s.id = sr.source_id "
                 "WHERE sr.id = ?"));
  kind.Bind(1, record_id);
  if (kind.Step(&s)) row->source_kind = kind.ColumnText(0);
  WINNOW_RETURN_IF_ERROR(s);
  return impl_->repo.Load(row->record_id, &row->record);
}

}  // namespace store
