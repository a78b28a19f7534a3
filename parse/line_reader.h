// parse::LineReader — the lines of a text export (RIS, MEDLINE, WoS, CSV,
// BibTeX, ...), one at a time, as valid UTF-8 whatever the file holds. It
// streams over InputStream (gzip is looked through), so memory holds a chunk
// and one line whatever the file size.
//
// What it smooths over, so that readers need not:
//  - line ends: LF, CRLF and bare CR (old Mac exports) all end a line; the
//    terminator is not part of the line;
//  - a UTF-8 byte order mark at the start of the file is dropped;
//  - encoding: a line that is valid UTF-8 is returned as is; any other line is
//    read as Windows-1252 / Latin-1 and converted, so a Latin-1 export never
//    yields invalid UTF-8 (counted in latin1_lines()).
// What it refuses (status() InvalidInput naming the file and line): NUL bytes
// (a binary file, or UTF-16, which is named as such), and a line longer than
// max_line (default 64 MiB) so that a file without line ends cannot pull
// itself into memory.
// Not thread-safe; one reader per file.
#ifndef WINNOW_PARSE_LINE_READER_H_
#define WINNOW_PARSE_LINE_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "parse/input_stream.h"

namespace parse {

class LineReader {
 public:
  // Opens `path`; `display_name` names it in messages (the path when empty).
  static core::Status Open(const std::string& path, const std::string& display_name,
                           std::unique_ptr<LineReader>* out);

  // Sets *line to the next line and returns true; false at the end of the
  // file or on an error (status() tells which).
  bool Next(std::string* line);

  // Makes the next Next() return the line just returned again (one level).
  void Unread();

  // 1-based number of the line last returned (0 before the first).
  uint64_t line_number() const { return line_number_; }
  // Offset in the decompressed stream of the line last returned.
  uint64_t line_offset() const { return line_offset_; }
  // "NAME:LINE" for the line last returned, the form locators and errors use.
  std::string Where() const;
  std::string Where(uint64_t line) const;

  core::Status status() const { return status_; }
  uint64_t bytes_consumed() const { return in_->bytes_consumed(); }
  const std::string& name() const { return in_->name(); }
  uint64_t latin1_lines() const { return latin1_lines_; }

  size_t max_line = size_t{64} << 20;

 private:
  explicit LineReader(std::unique_ptr<InputStream> in) : in_(std::move(in)) {}
  bool Fail(const std::string& why);

  std::unique_ptr<InputStream> in_;
  core::Status status_;
  bool eof_ = false;
  bool started_ = false;
  bool unread_ = false;
  bool skip_lf_ = false;  // the previous line ended with CR: a leading LF belongs to it
  uint64_t line_number_ = 0;
  uint64_t line_offset_ = 0;
  uint64_t latin1_lines_ = 0;
  std::string last_;
};

// The whole text of a file through a LineReader: lines joined by "\n" (so
// line N starts after the (N-1)th '\n'), valid UTF-8. For formats whose
// records are not line-based (BibTeX). Fails past `max_size` bytes.
core::Status ReadText(const std::string& path, const std::string& display_name, std::string* out,
                      size_t max_size = size_t{1} << 30);

}  // namespace parse

#endif  // WINNOW_PARSE_LINE_READER_H_
