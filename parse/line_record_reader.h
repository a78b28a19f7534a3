// parse::LineRecordReader — the part every line-based reader (RIS, MEDLINE,
// PMID list, WoS, Ovid, Cochrane, EndNote tagged, CSV) shares: the file, its
// LineReader (opened at the first Next()), the status, and the count of
// records handed out, with the errors for a file that ends without any
// record or holds one that is too long. Subclasses implement Next(). Not
// thread-safe; one reader per file.
#ifndef WINNOW_PARSE_LINE_RECORD_READER_H_
#define WINNOW_PARSE_LINE_RECORD_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/record.h"
#include "core/status.h"
#include "parse/line_reader.h"
#include "parse/reader.h"

namespace parse {

class LineRecordReader : public RecordReader {
 public:
  ~LineRecordReader() override;

  core::Status status() const override { return status_; }
  uint64_t bytes_consumed() const override;

 protected:
  // Reads `path`; `display_name` names the file in locators and errors (the
  // path when empty). Never fails here: a file that cannot be opened makes
  // Open() fail.
  LineRecordReader(std::string path, std::string display_name);

  // True when lines() can be read: opens the file at the first call. False
  // once reading has ended (at the end, or on an error, which status() then
  // holds).
  bool Open();

  // Ends reading with `st` as the status; returns false.
  bool Fail(core::Status st);

  // At the end of the input: Fail() with the LineReader's error, if any;
  // else ends reading, with InvalidInput "NAME:LINE: <no_record>" when no
  // record was handed out and `no_record` is not empty. Returns false.
  bool End(uint64_t line, std::string_view no_record);

  // Fail()s with InvalidInput "NAME:LINE: record longer than MAX bytes<hint>"
  // (LINE: `first_line`, the record's first) when `size` is over `max`;
  // true when it is not.
  bool CheckSize(size_t size, size_t max, uint64_t first_line, std::string_view hint = "");

  // Completes a record the subclass has filled: sets its raw text and its
  // locator "NAME:LINE" (LINE: `first_line`), applies FinishRecord, and
  // counts it. Returns true.
  bool HandOut(std::string raw, uint64_t first_line, core::Record* rec);

  const std::string& name() const { return name_; }
  LineReader* lines() const { return lines_.get(); }
  uint64_t records() const { return records_; }

 private:
  std::string path_;
  std::string name_;
  std::unique_ptr<LineReader> lines_;
  core::Status status_;
  bool done_ = false;
  uint64_t records_ = 0;
};

}  // namespace parse

#endif  // WINNOW_PARSE_LINE_RECORD_READER_H_
