#include "export/writer.h"

#include <cctype>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "export/csv_writer.h"
#include "export/json_writer.h"
#include "export/ris_writer.h"

namespace exporter {

std::unique_ptr<RecordWriter> MakeWriter(Format format, std::ostream& out,
                                         std::vector<std::string> extra_columns) {
  switch (format) {
    case Format::kJson:
      return std::make_unique<JsonWriter>(out);
    case Format::kCsv:
      return std::make_unique<CsvWriter>(out, std::move(extra_columns));
    case Format::kRis:
      return std::make_unique<RisWriter>(out);
  }
  return nullptr;  // not reached: every Format is handled above
}

// Case-insensitive: "JSON" works too.
bool ParseFormat(const std::string& name, Format* format) {
  std::string lower;
  for (char c : name) {
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (lower == "json") {
    *format = Format::kJson;
  } else if (lower == "csv") {
    *format = Format::kCsv;
  } else if (lower == "ris") {
    *format = Format::kRis;
  } else {
    return false;
  }
  return true;
}

}  // namespace exporter
