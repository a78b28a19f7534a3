#include "parse/line_record_reader.h"

#include <utility>

#include "parse/text_fields.h"

namespace parse {

LineRecordReader::LineRecordReader(std::string path, std::string display_name)
    : path_(std::move(path)), name_(display_name.empty() ? path_ : std::move(display_name)) {}

LineRecordReader::~LineRecordReader() = default;

uint64_t LineRecordReader::bytes_consumed() const { return lines_ ? lines_->bytes_consumed() : 0; }

bool LineRecordReader::Open() {
  if (done_) return false;
  if (lines_) return true;
  core::Status st = LineReader::Open(path_, name_, &lines_);
  if (!st.ok()) return Fail(st);
  return true;
}

bool LineRecordReader::Fail(core::Status st) {
  status_ = std::move(st);
  done_ = true;
  return false;
}

bool LineRecordReader::End(uint64_t line, std::string_view no_record) {
  if (!lines_->status().ok()) return Fail(lines_->status());
  done_ = true;
  if (records_ > 0 || no_record.empty()) return false;
  return Fail(core::Status::InvalidInput(lines_->Where(line) + ": " + std::string(no_record)));
}

bool LineRecordReader::CheckSize(size_t size, size_t max, uint64_t first_line,
                                 std::string_view hint) {
  if (size <= max) return true;
  return Fail(core::Status::InvalidInput(lines_->Where(first_line) + ": record longer than " +
                                         std::to_string(max) + " bytes" + std::string(hint)));
}

bool LineRecordReader::HandOut(std::string raw, uint64_t first_line, core::Record* rec) {
  rec->raw = std::move(raw);
  rec->locator = lines_->Where(first_line);
  FinishRecord(rec);
  ++records_;
  return true;
}

}  // namespace parse
