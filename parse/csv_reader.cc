#include "parse/csv_reader.h"

#include <algorithm>
#include <utility>

#include "core/normalize.h"
#include "parse/csv_columns.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

using csv::Col;
using csv::ColumnFor;
using csv::DetectLayout;
using csv::HeaderKey;
using csv::IsBlank;
using csv::IsKeyColumn;
using csv::JoinNames;
using csv::MappedColumn;
using csv::Trim;

constexpr size_t kMaxRecord = size_t{64} << 20;

// Splits delimited text into fields one physical line at a time, so that a
// quoted field may span lines.
class FieldSplitter {
 public:
  explicit FieldSplitter(char sep) : sep_(sep) {}

  // Feeds one line (without its terminator). True when the row is complete;
  // false while a quoted field is still open (the line break is kept as '\n').
  bool Feed(std::string_view line, uint64_t line_number) {
    for (size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (in_quotes_) {
        if (c != '"') {
          field_ += c;
        } else if (i + 1 < line.size() && line[i + 1] == '"') {
          field_ += '"';
          ++i;
        } else {
          in_quotes_ = false;
        }
      } else if (c == sep_) {
        EndField();
      } else if (c == '"' && !quoted_ && IsBlank(field_)) {
        field_.clear();
        in_quotes_ = quoted_ = true;
        quote_line_ = line_number;
      } else {
        field_ += c;
      }
    }
    if (in_quotes_) {
      field_ += '\n';
      return false;
    }
    EndField();
    return true;
  }

  std::vector<std::string>& fields() { return fields_; }
  uint64_t quote_line() const { return quote_line_; }

 private:
  void EndField() {
    fields_.push_back(std::move(field_));
    field_.clear();
    quoted_ = false;
  }

  char sep_;
  std::vector<std::string> fields_;
  std::string field_;
  bool in_quotes_ = false;
  bool quoted_ = false;  // the current field began with a quote
  uint64_t quote_line_ = 0;
};

std::vector<std::string> SplitLine(std::string_view line, char sep) {
  FieldSplitter s(sep);
  s.Feed(line, 0);
  return std::move(s.fields());
}

// How well `sep` splits the header: recognised columns, then columns.
std::pair<int, int> SeparatorScore(std::string_view line, char sep,
                                   const CsvReaderOptions& options) {
  std::vector<std::string> names = SplitLine(line, sep);
  CsvLayout layout = DetectLayout(names);
  int recognised = 0;
  for (const std::string& n : names) {
    if (ColumnFor(n, layout) != Col::kNone || MappedColumn(options, n) != Col::kNone) ++recognised;
  }
  return {recognised, static_cast<int>(names.size())};
}

char ChooseSeparator(std::string_view line, const CsvReaderOptions& options) {
  char best = ',';
  std::pair<int, int> best_score = SeparatorScore(line, ',', options);
  for (char sep : {';', '\t'}) {
    std::pair<int, int> score = SeparatorScore(line, sep, options);
    if (score > best_score) best = sep, best_score = score;
  }
  return best;
}

// Excel's "sep=;" first line; 0 when `line` is not one.
char ExcelSeparator(std::string_view line) {
  std::string_view t = Trim(line, " \"");
  if (t.size() != 5 || LowerAscii(t.substr(0, 4)) != "sep=") return 0;
  return std::string_view(",;\t|").find(t[4]) == std::string_view::npos ? 0 : t[4];
}

}  // namespace

bool LooksLikeCsv(std::string_view head) {
  char sep = 0;
  for (std::string_view line : SplitAtLineEnds(head)) {
    if (IsBlank(line)) continue;
    if (sep == 0 && (sep = ExcelSeparator(line)) != 0) continue;
    CsvReaderOptions none;
    if (sep == 0) sep = ChooseSeparator(line, none);
    std::vector<std::string> names = SplitLine(line, sep);
    CsvLayout layout = DetectLayout(names);
    int recognised = 0;
    bool key = false;
    for (const std::string& n : names) {
      if (n.size() > 200) return false;
      Col c = ColumnFor(n, layout);
      recognised += c != Col::kNone;
      key = key || IsKeyColumn(c);
    }
    return names.size() >= 2 && recognised >= 2 && key;
  }
  return false;
}

CsvReader::CsvReader(std::string path, std::string display_name, CsvReaderOptions options)
    : LineRecordReader(std::move(path), std::move(display_name)), options_(std::move(options)) {}

CsvReader::~CsvReader() = default;

// The first non-blank line, after an Excel "sep=" line (which sets sep_).
bool CsvReader::ReadHeaderLine(std::string* line) {
  while (lines()->Next(line)) {
    if (IsBlank(*line)) continue;
    if (sep_ == 0 && (sep_ = ExcelSeparator(*line)) != 0) continue;
    return true;
  }
  if (!lines()->status().ok()) return Fail(lines()->status());
  return Fail(core::Status::InvalidInput(name() + ":" + std::to_string(lines()->line_number() + 1) +
                                         ": empty file: expected a header row of column names"));
}

bool CsvReader::Start() {
  started_ = true;
  for (const auto& [column, field] : options_.map) {
    std::pair<std::string, std::string> parsed;
    core::Status st = ParseCsvMapEntry(column + "=" + field, &parsed);
    if (!st.ok()) return Fail(st);
  }
  std::string line;
  if (!ReadHeaderLine(&line)) return false;
  if (sep_ == 0) sep_ = ChooseSeparator(line, options_);
  lines()->Unread();
  Row row;
  if (!ReadRow(&row)) return status().ok() && Fail(core::Status::Internal("header vanished"));
  for (std::string& name : row.fields) {
    std::string_view n = Trim(name);
    if (n.starts_with("\xEF\xBB\xBF")) n.remove_prefix(3);
    header_.push_back(core::CollapseSpace(n));
  }
  return MapColumns(row.line);
}

bool CsvReader::MapColumns(uint64_t header_line) {
  std::string where = name() + ":" + std::to_string(header_line) + ": ";
  for (const auto& entry : options_.map) {
    bool found = std::any_of(header_.begin(), header_.end(), [&](const std::string& h) {
      CsvReaderOptions one{{entry}};
      return MappedColumn(one, h) != Col::kNone;
    });
    if (!found) {
      return Fail(core::Status::InvalidInput(
          where + "--map column '" + entry.first +
          "' is not in the header (columns: " + JoinNames(header_) + ")"));
    }
  }
  layout_ = DetectLayout(header_);
  bool key = false;
  for (const std::string& h : header_) {
    Col c = MappedColumn(options_, h);
    if (c == Col::kNone) c = ColumnFor(h, layout_);
    columns_.push_back(c);
    key = key || IsKeyColumn(c);
  }
  // "Source" is the database beside Scopus' "Source title", but the journal
  // when no other column names one (Publish or Perish).
  if (std::find(columns_.begin(), columns_.end(), Col::kJournal) == columns_.end()) {
    for (size_t i = 0; i < header_.size(); ++i) {
      if (columns_[i] == Col::kSource && HeaderKey(header_[i]) == "source" &&
          MappedColumn(options_, header_[i]) == Col::kNone) {
        columns_[i] = Col::kJournal;
      }
    }
  }
  if (key) return true;
  return Fail(core::Status::InvalidInput(
      where + "no column recognised as title/abstract/id/doi/pmid (columns: " + JoinNames(header_) +
      "); name columns with --map col=field"));
}

bool CsvReader::ReadRow(Row* row) {
  std::string line;
  if (!lines()->Next(&line)) {
    if (!lines()->status().ok()) return Fail(lines()->status());
    return false;
  }
  FieldSplitter splitter(sep_);
  row->line = lines()->line_number();
  row->raw = line;
  while (!splitter.Feed(line, lines()->line_number())) {
    if (!lines()->Next(&line)) {
      if (!lines()->status().ok()) return Fail(lines()->status());
      return Fail(core::Status::InvalidInput(
          lines()->Where(splitter.quote_line()) +
          ": quoted field opened here is never closed (a '\"' is missing)"));
    }
    row->raw += '\n';
    row->raw += line;
    if (row->raw.size() > kMaxRecord) {
      return Fail(core::Status::InvalidInput(lines()->Where(row->line) +
                                             ": record longer than 64 MiB (a quoted field "
                                             "opened on line " +
                                             std::to_string(splitter.quote_line()) +
                                             " never closed?)"));
    }
  }
  row->fields = std::move(splitter.fields());
  return true;
}

bool CsvReader::CheckWidth(const Row& row) {
  if (row.fields.size() <= header_.size()) return true;
  for (size_t i = header_.size(); i < row.fields.size(); ++i) {
    if (IsBlank(row.fields[i])) continue;
    std::string sep = sep_ == '\t' ? "TAB" : std::string(1, sep_);
    return Fail(core::Status::InvalidInput(
        lines()->Where(row.line) + ": row has " + std::to_string(row.fields.size()) +
        " fields, expected " + std::to_string(header_.size()) + " as in the header (a '" + sep +
        "' inside a field that is not quoted?)"));
  }
  return true;
}

bool CsvReader::Next(core::Record* rec) {
  if (!Open()) return false;
  if (!started_ && !Start()) return false;
  Row row;
  for (;;) {
    if (!ReadRow(&row)) return status().ok() && End(1, "");
    if (!std::all_of(row.fields.begin(), row.fields.end(), IsBlank)) break;
  }
  if (!CheckWidth(row)) return false;
  *rec = core::Record();
  rec->format = "csv";
  rec->locator = lines()->Where(row.line);
  rec->raw = std::move(row.raw);
  csv::Pending pending;
  for (size_t i = 0; i < columns_.size() && i < row.fields.size(); ++i) {
    if (!IsBlank(row.fields[i])) csv::Apply(columns_[i], row.fields[i], rec, &pending);
  }
  csv::Finish(pending, layout_, rec);
  fields_ = std::move(row.fields);
  return true;
}

}  // namespace parse
