// app::ImportFiles — the import pipeline: hash each file, skip files imported
// before, detect the format, stream records from the reader into the store.
// The whole command is one transaction: on any error nothing is written.
#ifndef WINNOW_APP_IMPORT_H_
#define WINNOW_APP_IMPORT_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace app {

struct ImportOptions {
  std::string source;             // database name; "" = infer from the file
  // PRISMA's column for the source: database, register, or the other
  // methods citations, website, organisation; "" = register for
  // ClinicalTrials.gov, database otherwise.
  std::string source_kind;
  std::string format = "auto";    // a parse::KnownFormats() name or "auto"
  bool progress = false;          // draw a progress bar on a terminal
  // CSV: --map column=field pairs.
  std::vector<std::pair<std::string, std::string>> column_map;
};

struct FileSummary {
  std::string file;
  std::string format;
  bool format_detected = false;   // from the content (--format auto)
  std::string source;             // the import's database
  std::string source_from;        // "--source", "format" or "file"
  std::vector<std::string> sources;  // every database its records named
  int64_t import_id = 0;
  bool already_imported = false;  // same SHA-256 imported before: nothing done
  std::string previously_imported_at;
  store::ImportCounts counts;
};

struct ImportSummary {
  std::vector<FileSummary> files;
  store::ImportCounts total;
};

// Imports `files` into `review`. Returns InvalidInput naming the file and
// record on bad input; the review is then exactly as before the call.
core::Status ImportFiles(store::Store& review, const std::vector<std::string>& files,
                         const ImportOptions& options, ImportSummary* summary);

}  // namespace app

#endif  // WINNOW_APP_IMPORT_H_
