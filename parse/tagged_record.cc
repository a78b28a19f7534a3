#include "parse/tagged_record.h"

#include <utility>

#include "parse/text_fields.h"  // IsBlankLine

namespace parse {
namespace {

constexpr size_t kMaxRecordBytes = size_t{64} << 20;

}  // namespace

TaggedRecordReader::TaggedRecordReader(std::string path, std::string display_name, Texts texts)
    : LineRecordReader(std::move(path), std::move(display_name)), texts_(texts) {}

core::Status TaggedRecordReader::CheckSkippedLine(std::string_view) { return core::Status::Ok(); }

core::Status TaggedRecordReader::CheckRecord(const std::vector<std::string>&, uint64_t) {
  return core::Status::Ok();
}

// Skips to the line that starts the next record. False at the end of the
// file or on an error.
bool TaggedRecordReader::FindStart(std::string* line) {
  while (lines()->Next(line)) {
    if (StartsRecord(*line)) return true;
    core::Status st = CheckSkippedLine(*line);
    if (!st.ok()) return Fail(std::move(st));
    if (first_content_ == 0 && !IsBlankLine(*line)) first_content_ = lines()->line_number();
  }
  if (first_content_ == 0) return End(1, texts_.empty);
  return End(first_content_, texts_.no_record);
}

// Appends the record's remaining lines; stops before the line that starts
// the next record.
bool TaggedRecordReader::Collect(std::vector<std::string>* record) {
  size_t bytes = record->front().size();
  std::string line;
  while (lines()->Next(&line)) {
    if (StartsNextRecord(line)) {
      lines()->Unread();
      break;
    }
    bytes += line.size() + 1;
    if (bytes > kMaxRecordBytes) {
      return Fail(core::Status::InvalidInput(
          lines()->Where() + ": record longer than 64 MiB; is this " + texts_.file_kind + "?"));
    }
    record->push_back(std::move(line));
  }
  if (!lines()->status().ok()) return Fail(lines()->status());
  while (record->size() > 1 && IsBlankLine(record->back())) record->pop_back();
  return true;
}

bool TaggedRecordReader::Next(core::Record* rec) {
  if (!Open()) return false;
  std::string first;
  if (!FindStart(&first)) return false;
  const uint64_t start = lines()->line_number();
  std::vector<std::string> record{std::move(first)};
  if (!Collect(&record)) return false;
  core::Status st = CheckRecord(record, start);
  if (!st.ok()) return Fail(std::move(st));
  *rec = core::Record();
  rec->format = texts_.format;
  FillRecord(record, rec);
  std::string raw = std::move(record[0]);
  for (size_t i = 1; i < record.size(); ++i) (raw += '\n') += record[i];
  return HandOut(std::move(raw), start, rec);
}

void RawRecord::Clear() {
  raw_.clear();
  pending_.clear();
}

void RawRecord::AddLine(std::string_view line) {
  if (!raw_.empty()) (raw_ += pending_) += '\n';
  pending_.clear();
  raw_.append(line);
}

void RawRecord::AddBlank(std::string_view line) {
  if (!raw_.empty()) (pending_ += '\n') += line;
}

}  // namespace parse
