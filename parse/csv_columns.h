// Internal to the CSV reader (csv_reader.cc, csv_columns.cc,
// csv_values.cc): what a column holds, how header names are recognised, and
// how one row's values become a record (see csv_reader.h). Pure functions,
// thread-safe.
#ifndef WINNOW_PARSE_CSV_COLUMNS_H_
#define WINNOW_PARSE_CSV_COLUMNS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "parse/csv_reader.h"
#include "parse/text_fields.h"

namespace parse {

enum class CsvColumn : uint8_t {
  kNone,  // not recognised: ignored
  kIgnore,
  kTitle,
  kAbstract,
  kAuthors,
  kAuthorFullNames,
  kYear,
  kDate,
  kJournal,
  kJournalAbbrev,
  kVolume,
  kIssue,
  kPages,
  kStartPage,
  kEndPage,
  kArticleNumber,
  kDoi,
  kPmid,
  kPmcid,
  kId,
  kSourceId,
  kScopusEid,
  kWosId,
  kEntrezUid,
  kKeywords,
  kMesh,
  kIssn,
  kIsbn,
  kLanguage,
  kPublicationTypes,
  kSource,
  kPubmedDetails,
  kPubmedShortDetails,
  kPubmedIdentifiers
};

enum class CsvLayout : uint8_t { kGeneric, kPubmedLegacy, kWos };

namespace csv {

using Col = CsvColumn;

// `s` without leading and trailing `chars`.
inline std::string_view Trim(std::string_view s, std::string_view chars = " \t\r\n") {
  return TrimChars(s, chars);
}
inline bool IsBlank(std::string_view s) { return Trim(s).empty(); }

// --- Columns (csv_columns.cc) ---

// "Art. No." -> "artno": ASCII letters and digits, lower-cased.
std::string HeaderKey(std::string_view name);

// The layout the header names say: PubMed's legacy CSV, WoS tab-delimited,
// or generic.
CsvLayout DetectLayout(const std::vector<std::string>& names);

// The column the header name `name` is recognised as (kNone: not at all).
Col ColumnFor(std::string_view name, CsvLayout layout);

// The column a --map entry gives the header name `name`, or kNone.
Col MappedColumn(const CsvReaderOptions& options, std::string_view name);

// A column that can identify a record on its own.
bool IsKeyColumn(Col c);

// "a, b, c".
std::string JoinNames(const std::vector<std::string>& names);

// --- Values (csv_values.cc) ---

// Values of one row before they become record fields.
struct Pending {
  std::string authors, full_names, date, short_details;
  std::string pages, start_page, end_page, article_number;
  std::string id, source_id, database_id;
};

// Applies the non-blank value `v` of a column `c` to *rec (or, for values
// that combine with others, to *p).
void Apply(Col c, std::string_view v, core::Record* rec, Pending* p);

// Completes *rec from the row's pending values; FinishRecord included.
void Finish(const Pending& p, CsvLayout layout, core::Record* rec);

}  // namespace csv
}  // namespace parse

#endif  // WINNOW_PARSE_CSV_COLUMNS_H_
