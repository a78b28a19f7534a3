// parse::RecordReader — the interface every input format implements. A reader
// hands out records one at a time, so a file never has to sit in memory as
// records. Not thread-safe; one reader per input.
#ifndef WINNOW_PARSE_READER_H_
#define WINNOW_PARSE_READER_H_

#include <cstdint>

#include "core/record.h"
#include "core/status.h"

namespace parse {

class RecordReader {
 public:
  virtual ~RecordReader() = default;

  // Fills *rec with the next record and returns true. Returns false at the end
  // of the input or on an error that ends reading; status() tells which. A
  // record the source withdrew (PubMed DeleteCitation) comes back with
  // rec->deleted set and only source/source_id/pmid filled.
  virtual bool Next(core::Record* rec) = 0;

  // Ok at a clean end; otherwise what went wrong, naming the file and the byte
  // offset or record number.
  virtual core::Status status() const = 0;

  // Bytes of the underlying file consumed so far (compressed bytes for .gz),
  // for progress reporting.
  virtual uint64_t bytes_consumed() const = 0;
};

}  // namespace parse

#endif  // WINNOW_PARSE_READER_H_
