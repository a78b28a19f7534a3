// Input formats: detection from content and the reader factory. The one place
// that knows which reader handles which format.
#ifndef WINNOW_PARSE_FORMATS_H_
#define WINNOW_PARSE_FORMATS_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "parse/reader.h"

namespace parse {

// Names accepted by --format (besides "auto"), with a line on each for help.
const std::vector<std::string>& KnownFormats();
std::string FormatDescription(const std::string& format);

// What a reader may be told besides the file.
struct ReaderOptions {
  // CSV: --map column=field pairs (see parse/csv_reader.h).
  std::vector<std::pair<std::string, std::string>> column_map;
};

// Detects the format of the file at `path` from its content, not its name
// (gzip is looked through; the first 64 KiB are decoded as the readers would
// and shown to each format's sniffer, most specific first). InvalidInput
// naming the file when it is empty, binary, a search strategy rather than
// records, or in no format winnow reads.
core::Status DetectFormat(const std::string& path, std::string* format);

// The database every record of this format comes from, when the format
// itself says so ("pubmed" for PubMed XML, MEDLINE text and PMID lists; "wos"
// for Web of Science; "cochrane" for Cochrane Library exports); "" when each
// record or the user must say.
std::string DefaultSource(const std::string& format);

// Opens a reader of `format` over the file at `path`; errors name `display`.
core::Status OpenReader(const std::string& format, const std::string& path,
                        const std::string& display, const ReaderOptions& options,
                        std::unique_ptr<RecordReader>* out);

}  // namespace parse

#endif  // WINNOW_PARSE_FORMATS_H_
