// exporter::JsonWriter — prints items as one JSON array, one object per line,
// in the shape of DESIGN.md "A record in JSON". Keys follow that order
// (work_id, record_id first); keys beyond it (kind, vernacular_title,
// abstract_sections, mesh_detail, relations, other_ids, deleted) come after
// status. Empty strings, empty arrays and year 0 are omitted; work_id and
// record_id are always printed. Invalid UTF-8 in a field is printed as U+FFFD.
// Writes to a caller-owned stream; not thread-safe.
#ifndef WINNOW_EXPORT_JSON_WRITER_H_
#define WINNOW_EXPORT_JSON_WRITER_H_

#include <ostream>
#include <string>

#include "export/writer.h"

namespace exporter {

class JsonWriter : public RecordWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  // Prints "[".
  void Begin() override;
  // Prints a separator (newline, or ",\n" after the first item) and the item.
  void Write(const ExportItem& item) override;
  // Prints "]\n" ("\n]\n" after items) and flushes.
  void Finish() override;

 private:
  std::ostream& out_;
  bool wrote_any_ = false;
};

// One item as a single-line JSON object (no trailing newline), exactly as
// JsonWriter prints it. For callers that embed records in other documents.
std::string RecordToJson(const ExportItem& item);

}  // namespace exporter

#endif  // WINNOW_EXPORT_JSON_WRITER_H_
