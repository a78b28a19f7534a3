// exporter::RisWriter — prints items as RIS, one record per item, in this tag
// order: TY, TI, T2 (journal), J2 (journal abbreviation), AU (one per author,
// FormatAuthorName), PY, VL, IS, SP/EP (pages split at the first hyphen), AB,
// DO, SN (one per ISSN), LA (one per language), KW (one per keyword, then
// one per MeSH descriptor not already a keyword), AN (PMID), ID (record id),
// DB (source), N1 ("winnow work W, status S"), ER. TY is BOOK for kind "book",
// CHAP for "book-chapter", JOUR otherwise. Lines are "TG  - value" ending in
// CR LF, as the RIS specification says; a blank line follows each "ER  - ".
// Values have line breaks and runs of white space collapsed to one space;
// empty values print no line. Writes to a caller-owned stream; not
// thread-safe.
#ifndef WINNOW_EXPORT_RIS_WRITER_H_
#define WINNOW_EXPORT_RIS_WRITER_H_

#include <ostream>
#include <string>

#include "export/writer.h"

namespace exporter {

class RisWriter : public RecordWriter {
 public:
  explicit RisWriter(std::ostream& out) : out_(out) {}

  // Prints nothing.
  void Begin() override;
  void Write(const ExportItem& item) override;
  // Flushes; prints nothing.
  void Finish() override;

 private:
  // Prints "tag  - value\n" unless value is empty after cleaning.
  void Line(const char* tag, const std::string& value);
  void WriteSource(const ExportItem& item);
  void WriteSubjects(const core::Record& record);

  std::ostream& out_;
};

// The RIS reference type for a record kind: "BOOK", "CHAP" or "JOUR".
std::string RisType(const std::string& kind);

}  // namespace exporter

#endif  // WINNOW_EXPORT_RIS_WRITER_H_
