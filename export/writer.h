// export::RecordWriter — prints records (works or source records) as JSON, CSV
// or RIS, streaming: Begin, any number of Write, then Finish. Writes to a
// caller-owned std::ostream; not thread-safe.
#ifndef WINNOW_EXPORT_WRITER_H_
#define WINNOW_EXPORT_WRITER_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/record.h"

namespace exporter {

// One row of an export: a record plus its place in the review.
struct ExportItem {
  int64_t work_id = 0;
  int64_t record_id = 0;
  std::string status;  // "unscreened", "deleted", ...
  core::Record record;
  // For a work of several source records: every record's database and id
  // ("embase": "..."), the canonical record's first. Empty otherwise.
  std::vector<std::pair<std::string, std::string>> duplicates;
  // Cells after the standard CSV columns, one per extra column the writer
  // was made with (missing cells are empty). Other formats ignore them.
  std::vector<std::string> extra;
  // More RIS N1 lines after winnow's own (e.g. screening decisions).
  std::vector<std::string> notes;
};

enum class Format { kJson, kCsv, kRis };

class RecordWriter {
 public:
  virtual ~RecordWriter() = default;
  virtual void Begin() = 0;
  virtual void Write(const ExportItem& item) = 0;
  virtual void Finish() = 0;
};

// Returns a writer for `format` printing to `out` (which must outlive it).
// `extra_columns` are CSV header names printed after the standard ones.
std::unique_ptr<RecordWriter> MakeWriter(Format format, std::ostream& out,
                                         std::vector<std::string> extra_columns = {});

// "json" / "csv" / "ris" -> Format; false when unknown.
bool ParseFormat(const std::string& name, Format* format);

}  // namespace exporter

#endif  // WINNOW_EXPORT_WRITER_H_
