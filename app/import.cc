#include "app/import.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>

#include "app/progress.h"
#include "app/record_pipeline.h"
#include "app/search.h"
#include "core/hash.h"
#include "parse/formats.h"

namespace app {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

void AddCounts(const store::ImportCounts& c, store::ImportCounts* total) {
  total->read += c.read;
  total->added += c.added;
  total->updated += c.updated;
  total->unchanged += c.unchanged;
  total->deleted += c.deleted;
  total->deletion_notices += c.deletion_notices;
  total->skipped.insert(total->skipped.end(), c.skipped.begin(), c.skipped.end());
}

// New records are full-text indexed in chunks of this many during an import.
constexpr int64_t kIndexChunk = 4096;

// Records whose source gives no identifier are keyed by a hash of their text.
constexpr const char* kHashKeyPrefix = "sha256:";

// Records read ahead to find the database a file names (RIS DB tags, ...).
constexpr int kSourceProbeRecords = 200;

// The database named by the first records of the file that name one, "" when
// none of the first kSourceProbeRecords does.
core::Status ProbeSource(const std::string& path, const std::string& format,
                         const parse::ReaderOptions& reader_options, std::string* source) {
  std::unique_ptr<parse::RecordReader> reader;
  WINNOW_RETURN_IF_ERROR(parse::OpenReader(format, path, path, reader_options, &reader));
  core::Record rec;
  for (int i = 0; i < kSourceProbeRecords && reader->Next(&rec); ++i) {
    if (!rec.source.empty()) {
      *source = rec.source;
      return core::Status::Ok();
    }
  }
  return reader->status();
}

core::Status ResolveFormatAndSource(const std::string& path, const ImportOptions& options,
                                    FileSummary* fs) {
  fs->format = options.format;
  if (fs->format.empty() || fs->format == "auto") {
    WINNOW_RETURN_IF_ERROR(parse::DetectFormat(path, &fs->format));
    fs->format_detected = true;
    spdlog::debug("{}: detected format {}", path, fs->format);
  }
  if (!options.source.empty()) {
    fs->source = Lower(options.source);
    fs->source_from = "--source";
    return core::Status::Ok();
  }
  fs->source = parse::DefaultSource(fs->format);
  fs->source_from = "format";
  if (!fs->source.empty()) return core::Status::Ok();
  parse::ReaderOptions reader_options;
  reader_options.column_map = options.column_map;
  WINNOW_RETURN_IF_ERROR(ProbeSource(path, fs->format, reader_options, &fs->source));
  fs->source_from = "file";
  if (fs->source.empty()) {
    return core::Status::InvalidInput(
        path + ": the file (" + fs->format +
        ") does not say which database its records came from; name it with --source "
        "(e.g. --source embase, --source psycinfo, --source cinahl)");
  }
  return core::Status::Ok();
}

// Worker-side preparation of each record of one file: the store key, and the
// dictionary to compress its raw text with. The key is the record's
// accession, or a hash of its raw text when it has none (or only a
// library-local label). A key met again in the same file gets its occurrence
// number ("#2"), so that two records of one file are never folded into one
// and a re-run finds the same keys; except for versioned records (PubMed's
// DateRevised), where a later copy in the same file is a revision of the
// earlier one.
class Preparer {
 public:
  // The database of each record: --source for all when given, otherwise the
  // one the record names, otherwise the file's.
  explicit Preparer(const FileSummary& fs)
      : fixed_(fs.source_from == "--source"), fallback_(fs.source) {}

  void operator()(StagedRecord* s) {
    core::Record& rec = s->record;
    if (fixed_ || rec.source.empty()) rec.source = fallback_;
    if (!rec.deleted) Sample(rec.raw);
    s->dict = dict_;
    if (rec.deleted) return;
    bool accession = !rec.source_id.empty() && !rec.source_id_local;
    std::string base = accession ? rec.source_id : kHashKeyPrefix + core::Sha256Hex(rec.raw);
    int n = rec.date_revised.empty() ? ++seen_[rec.source + '\t' + base] : 1;
    std::string key = n == 1 ? base : base + "#" + std::to_string(n);
    if (key != rec.source_id) rec.source_key = std::move(key);
  }

 private:
  // The file's first records (up to kDictionarySampleBytes) train the zstd
  // dictionary the rest are compressed with; a file too small for one has
  // none.
  void Sample(const std::string& raw) {
    if (sampled_) return;
    samples_.push_back(raw);
    sample_bytes_ += raw.size();
    if (sample_bytes_ < kDictionarySampleBytes && samples_.size() < kDictionarySamples) return;
    dict_ = store::TrainRawDictionary(samples_);
    sampled_ = true;
    samples_ = {};
  }

  static constexpr size_t kDictionarySampleBytes = 512 * 1024;
  static constexpr size_t kDictionarySamples = 2048;

  bool fixed_;
  std::string fallback_;
  std::map<std::string, int> seen_;
  bool sampled_ = false;
  std::vector<std::string> samples_;
  size_t sample_bytes_ = 0;
  std::shared_ptr<const store::RawDictionary> dict_;
};

// A trial register (ClinicalTrials.gov) is counted apart in PRISMA; every
// other imported source is a bibliographic database.
std::string ImportSourceKind(const std::string& name, const std::string& given) {
  if (!given.empty()) return given;
  return name == "ctgov" || name == "clinicaltrials.gov" ? "register" : "database";
}

// The store's id of each record's database (see Preparer), cached.
class SourceIds {
 public:
  SourceIds(store::Store& review, std::string kind) : review_(review), kind_(std::move(kind)) {}

  core::Status Resolve(const std::string& name, int64_t* id) {
    auto it = ids_.find(name);
    if (it != ids_.end()) {
      *id = it->second;
      return core::Status::Ok();
    }
    WINNOW_RETURN_IF_ERROR(review_.EnsureSource(name, ImportSourceKind(name, kind_), id));
    ids_.emplace(name, *id);
    names_.push_back(name);
    return core::Status::Ok();
  }
  const std::vector<std::string>& names() const { return names_; }

 private:
  store::Store& review_;
  std::string kind_;
  std::map<std::string, int64_t> ids_;
  std::vector<std::string> names_;
};

// The dictionary the store compresses with, following the records' own.
class DictionarySwitch {
 public:
  explicit DictionarySwitch(store::Store& review) : review_(review) {}
  core::Status Follow(const StagedRecord& staged) {
    if (following_ && staged.dict == current_) return core::Status::Ok();
    following_ = true;
    current_ = staged.dict;
    bool usable = true;
    WINNOW_RETURN_IF_ERROR(review_.UseRawDictionary(current_, &usable));
    if (!usable) {
      spdlog::debug("the review holds another dictionary under id {}: compressing without one",
                    current_->id());
    }
    return core::Status::Ok();
  }

 private:
  store::Store& review_;
  bool following_ = false;  // the store may hold an earlier file's dictionary
  std::shared_ptr<const store::RawDictionary> current_;
};

// Stores one record of an import and counts what happened to it.
core::Status StoreOne(store::Store& review, SourceIds& sources, DictionarySwitch& dicts,
                      const store::ImportInfo& info, StagedRecord* staged, store::ImportCounts* c) {
  core::Record& rec = staged->record;
  ++(rec.deleted ? c->deletion_notices : c->read);
  std::string why = UnusableRecordReason(rec);
  if (!why.empty()) {
    c->skipped.push_back({rec.locator, why});
    return core::Status::Ok();
  }
  int64_t source_id = 0;
  WINNOW_RETURN_IF_ERROR(sources.Resolve(rec.source, &source_id));
  store::UpsertOutcome outcome;
  // Compressed by the worker, or (when the worker was the slower side) left
  // for the store, which compresses only what it writes.
  WINNOW_RETURN_IF_ERROR(dicts.Follow(*staged));
  const std::string* raw_zstd = staged->raw_zstd.empty() ? nullptr : &staged->raw_zstd;
  WINNOW_RETURN_IF_ERROR(review.UpsertRecord(source_id, info.id, rec, &outcome, raw_zstd));
  CountOutcome(outcome, c);
  // Index in chunks while the worker keeps parsing, rather than all at the end.
  if (outcome == store::UpsertOutcome::kAdded && c->added % kIndexChunk == 0) {
    return review.IndexPending();
  }
  return core::Status::Ok();
}

// Streams one file's records into the open transaction.
core::Status ImportOne(store::Store& review, const std::string& path, const std::string& sha,
                       int64_t size, const ImportOptions& options, FileSummary* fs) {
  std::unique_ptr<parse::RecordReader> reader;
  parse::ReaderOptions reader_options;
  reader_options.column_map = options.column_map;
  WINNOW_RETURN_IF_ERROR(parse::OpenReader(fs->format, path, path, reader_options, &reader));
  store::ImportInfo info;
  info.source = fs->source;
  info.source_kind = ImportSourceKind(fs->source, options.source_kind);
  info.file_name = std::filesystem::path(path).filename().string();
  info.format = fs->format;
  info.sha256 = sha;
  info.file_size = size;
  WINNOW_RETURN_IF_ERROR(review.BeginImport(&info));
  SourceIds sources(review, options.source_kind);
  Progress progress("importing " + info.file_name, options.progress);
  // Parsing on a worker thread; compressing the raw text there too while the
  // store is the slower side, otherwise in the store.
  RecordPipeline pipeline(reader.get(), Preparer(*fs), PipelineOptions(), [](StagedRecord* s) {
    if (!s->record.deleted) s->raw_zstd = store::CompressRaw(s->record.raw, s->dict.get());
  });
  DictionarySwitch dicts(review);
  while (StagedRecord* staged = pipeline.Next()) {
    WINNOW_RETURN_IF_ERROR(StoreOne(review, sources, dicts, info, staged, &info.counts));
    progress.Update(pipeline.bytes_consumed(), static_cast<uint64_t>(size), info.counts.read);
  }
  progress.Finish();
  spdlog::debug("{}: store waited {:.2f} s for records, reader waited {:.2f} s for the store", path,
                pipeline.consumer_wait_seconds(), pipeline.producer_wait_seconds());
  WINNOW_RETURN_IF_ERROR(pipeline.status());
  WINNOW_RETURN_IF_ERROR(review.FinishImport(info));
  fs->import_id = info.id;
  fs->counts = info.counts;
  fs->sources = sources.names();
  return core::Status::Ok();
}

core::Status ImportAll(store::Store& review, const std::vector<std::string>& files,
                       const ImportOptions& options, ImportSummary* summary) {
  std::vector<std::string> seen_sha;
  for (const std::string& path : files) {
    FileSummary fs;
    fs.file = path;
    std::string sha;
    int64_t size = 0;
    WINNOW_RETURN_IF_ERROR(core::Sha256File(path, &sha, &size));
    store::ImportInfo prev;
    bool found = false;
    WINNOW_RETURN_IF_ERROR(review.FindImportBySha(sha, &prev, &found));
    if (found || std::count(seen_sha.begin(), seen_sha.end(), sha)) {
      fs.already_imported = true;
      fs.format = prev.format;
      fs.source = prev.source;
      fs.import_id = prev.id;
      fs.previously_imported_at = prev.imported_at;
      fs.counts.read = prev.counts.read;
      fs.counts.unchanged = prev.counts.read - static_cast<int64_t>(prev.counts.skipped.size());
      fs.counts.skipped = prev.counts.skipped;
      spdlog::debug("{}: already imported (import #{} on {}); nothing to do", path, prev.id,
                    prev.imported_at);
    } else {
      seen_sha.push_back(sha);
      WINNOW_RETURN_IF_ERROR(ResolveFormatAndSource(path, options, &fs));
      WINNOW_RETURN_IF_ERROR(ImportOne(review, path, sha, size, options, &fs));
    }
    AddCounts(fs.counts, &summary->total);
    summary->files.push_back(std::move(fs));
  }
  return core::Status::Ok();
}

}  // namespace

core::Status ImportFiles(store::Store& review, const std::vector<std::string>& files,
                         const ImportOptions& options, ImportSummary* summary) {
  for (const std::string& path : files) {
    if (std::filesystem::is_directory(path)) {
      return core::Status::InvalidInput(path + ": is a directory; name the files to import");
    }
    if (!std::filesystem::is_regular_file(path)) {
      return core::Status::InvalidInput(path + ": no such file");
    }
  }
  WINNOW_RETURN_IF_ERROR(review.BeginBulk());
  auto t0 = std::chrono::steady_clock::now();
  core::Status st = ImportAll(review, files, options, summary);
  auto t1 = std::chrono::steady_clock::now();
  Progress progress("import", options.progress && summary->total.added > 0);
  progress.Message("indexing and committing " + std::to_string(summary->total.added) +
                   " new records...");
  if (st.ok()) st = review.Commit();
  progress.Finish();
  spdlog::debug("import: records stored in {:.2f} s, indexed and committed in {:.2f} s",
                std::chrono::duration<double>(t1 - t0).count(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count());
  if (!st.ok()) {
    review.Rollback();
    *summary = ImportSummary();
  }
  return st;
}

}  // namespace app
