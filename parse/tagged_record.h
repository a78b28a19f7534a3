// parse::TaggedRecordReader — the reading loop of the formats whose records
// are runs of lines that start at a line of their own kind (Cochrane plain
// text, Ovid, EndNote tagged): lines before the first record are skipped, a
// record's lines are collected up to the line that starts the next one
// (blank lines at its end dropped), and a record over 64 MiB or a file
// without any record is InvalidInput. A subclass says where records start
// and maps a record's lines to fields. It streams: one record's lines are
// held, never the file. parse::RawRecord — the raw text of a record read
// line by line, for the readers that build it themselves (MEDLINE, WoS).
// Not thread-safe; one reader per file.
#ifndef WINNOW_PARSE_TAGGED_RECORD_H_
#define WINNOW_PARSE_TAGGED_RECORD_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/status.h"
#include "parse/line_record_reader.h"

namespace parse {

class TaggedRecordReader : public LineRecordReader {
 public:
  // See RecordReader. Each record's locator is "NAME:LINE" of its first line,
  // its raw text its lines joined by '\n'. InvalidInput "NAME:1: <empty>" for
  // a file without a non-blank line, "NAME:LINE: <no_record>" (the first
  // non-blank line) for one without any record, "NAME:LINE: record longer
  // than 64 MiB; is this <file_kind>?" for a record over 64 MiB.
  bool Next(core::Record* rec) final;

 protected:
  // What the messages and records say of the format.
  struct Texts {
    const char* format;     // core::Record::format of every record
    const char* file_kind;  // "an Ovid export"
    const char* empty;      // the message for an empty file
    const char* no_record;  // the message for a file without any record
  };

  TaggedRecordReader(std::string path, std::string display_name, Texts texts);

  // Whether `line`, met while looking for the next record, starts it. Called
  // for every line between records; may note what kind of start it is.
  virtual bool StartsRecord(std::string_view line) = 0;

  // Whether `line`, inside a record, starts the next one. Called once for
  // each line after a record's first, in order.
  virtual bool StartsNextRecord(std::string_view line) = 0;

  // An error that ends reading at a line skipped while looking for a record
  // (a file of a related kind); Ok by default.
  virtual core::Status CheckSkippedLine(std::string_view line);

  // An error that ends reading at a whole record (its lines; `start` is the
  // number of its first line); Ok by default.
  virtual core::Status CheckRecord(const std::vector<std::string>& record, uint64_t start);

  // Fills rec's fields from the record's lines (format, locator and raw are
  // set already; FinishRecord follows).
  virtual void FillRecord(const std::vector<std::string>& record, core::Record* rec) = 0;

 private:
  bool FindStart(std::string* line);
  bool Collect(std::vector<std::string>* record);

  Texts texts_;
  uint64_t first_content_ = 0;  // the first non-blank line, for errors
};

// The raw text of a record read line by line: lines joined by '\n', blank
// lines held back until a line of the record follows them (so that those
// after its last line are left out).
class RawRecord {
 public:
  void Clear();
  // Appends a line of the record (after the blank lines held back).
  void AddLine(std::string_view line);
  // Holds a blank line back; one before the record's first line is dropped.
  void AddBlank(std::string_view line);
  bool empty() const { return raw_.empty(); }
  size_t size() const { return raw_.size(); }
  std::string Take() { return std::move(raw_); }

 private:
  std::string raw_;
  std::string pending_;  // blank lines not yet part of raw_
};

}  // namespace parse

#endif  // WINNOW_PARSE_TAGGED_RECORD_H_
