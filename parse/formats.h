// Input formats: detection from content and the reader factory. The one place
// that knows which reader handles which format.
#ifndef WINNOW_PARSE_FORMATS_H_
#define WINNOW_PARSE_FORMATS_H_

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "parse/reader.h"

namespace parse {

// Names accepted by --format (besides "auto").
const std::vector<std::string>& KnownFormats();

// Detects the format of the file at `path` from its content (gzip is looked
// through). InvalidInput naming the file when no reader recognises it.
core::Status DetectFormat(const std::string& path, std::string* format);

// The database a file of this format comes from when the file itself says so
// ("pubmed" for PubMed XML); "" when it must be given with --source.
std::string DefaultSource(const std::string& format);

// Opens a reader of `format` over the file at `path`; errors name `display`.
core::Status OpenReader(const std::string& format, const std::string& path,
                        const std::string& display, std::unique_ptr<RecordReader>* out);

}  // namespace parse

#endif  // WINNOW_PARSE_FORMATS_H_
