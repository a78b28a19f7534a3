// Internal to the Ovid reader (ovid_reader.cc, ovid_fields.cc): one field of
// an Ovid record, and the mapping of a record's fields to core::Record (see
// the field mapping in ovid_reader.h). Pure functions, thread-safe.
#ifndef WINNOW_PARSE_OVID_FIELDS_H_
#define WINNOW_PARSE_OVID_FIELDS_H_

#include <string>
#include <vector>

#include "core/record.h"

namespace parse {

// A tagged field ("TI") or a long field name's tag ("Title" -> "TI"; "" for
// names read but not mapped), with its value's lines joined by '\n'.
struct OvidField {
  std::string tag;
  std::string value;
};

// Fills rec's fields from the record's fields in file order.
void FillOvidRecord(const std::vector<OvidField>& fields, core::Record* rec);

}  // namespace parse

#endif  // WINNOW_PARSE_OVID_FIELDS_H_
