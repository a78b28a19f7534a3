#include "parse/ovid_reader.h"

#include <utility>

#include "core/normalize.h"
#include "parse/ovid_fields.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsIndented(std::string_view s) { return !s.empty() && (s[0] == ' ' || s[0] == '\t'); }

// ---------------------------------------------------------------------------
// Lines: record numbers, tags, long field names.

// "<1. >", "<3001. >", "<1>", "<1337>  ".
bool IsMarker(std::string_view line) {
  line = TrimChars(line);
  if (line.size() < 3 || line.front() != '<' || line.back() != '>') return false;
  std::string_view inner = TrimChars(line.substr(1, line.size() - 2));
  if (!inner.empty() && inner.back() == '.') inner.remove_suffix(1);
  inner = TrimChars(inner);
  return IsAllDigits(inner) && inner.size() <= 9;
}

// The tag of a tagged line "TI  - Title" (2-4 capitals or digits after a
// capital, one or two spaces, '-', then a space or the end); "" otherwise.
std::string_view TagOf(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && n < 5 && (IsUpper(line[n]) || (n > 0 && IsDigit(line[n])))) ++n;
  if (n < 2 || n > 4) return "";
  size_t i = n;
  while (i < line.size() && line[i] == ' ') ++i;
  if (i == n || i > n + 2 || i >= line.size() || line[i] != '-') return "";
  if (i + 1 < line.size() && line[i + 1] != ' ') return "";
  return line.substr(0, n);
}

std::string_view TagValue(std::string_view line) {
  size_t dash = line.find('-');
  return dash + 2 <= line.size() ? line.substr(dash + 2) : std::string_view();
}

// Long field names and the tag each stands for; "" for names that are read
// but not mapped.
struct LongField {
  const char* name;
  const char* tag;
};
// clang-format off
constexpr LongField kLongFields[] = {
    {"unique identifier", "UI"}, {"accession number", "AN"}, {"database", "DB"},
    {"author", "AUL"}, {"authors", "AUL"}, {"author(s)", "AUL"}, {"authors full name", "FAL"},
    {"full author name", "FAL"}, {"title", "TI"}, {"chapter title", "CT"}, {"source", "SO"},
    {"abstract", "AB"}, {"publication type", "PT"}, {"document type", "PT"},
    {"language", "LG"}, {"issn", "IS"}, {"print issn", "IS"}, {"electronic issn", "IS"},
    {"isbn", "IB"}, {"doi number", "DO"}, {"digital object identifier", "DO"}, {"doi", "DO"},
    {"author keywords", "KW"}, {"keywords", "KW"}, {"keyword heading", "KW"},
    {"mesh subject headings", "MESH"}, {"year of publication", "YR"},
    {"publication year", "YR"}, {"journal name", "JN"}, {"volume", "VO"}, {"issue", "IP"},
    {"issue/part", "IP"}, {"page", "PG"}, {"pagination", "PG"}, {"pubmed id", "PM"},
    {"pmid", "PM"}, {"url", "UR"}, {"link to the ovid full text or citation", "XL"},
    {"score", ""}, {"institution", ""}, {"status", ""}, {"journal subset", ""},
    {"nlm journal code", ""}, {"author e-mail", ""}, {"references", ""},
    {"country of publication", ""}, {"entry date", ""}, {"publisher", ""},
};
// clang-format on

const LongField* FindLongField(std::string_view line) {
  if (IsIndented(line) || line.size() > 64) return nullptr;
  std::string name = LowerAscii(core::CollapseSpace(line));
  for (const LongField& f : kLongFields) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

// The record's fields; lines[0] is the record number line.
std::vector<OvidField> SplitFields(const std::vector<std::string>& lines) {
  std::vector<OvidField> fields;
  size_t first = 1;
  while (first < lines.size() && IsBlankLine(lines[first])) ++first;
  bool tagged = first < lines.size() && !TagOf(lines[first]).empty();
  for (size_t i = first; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (IsBlankLine(line)) continue;
    if (tagged && !TagOf(line).empty()) {
      fields.push_back({std::string(TagOf(line)), std::string(TrimChars(TagValue(line)))});
    } else if (!tagged && !IsIndented(line)) {
      const LongField* f = FindLongField(line);
      fields.push_back({f ? f->tag : "", ""});
    } else if (!fields.empty()) {
      std::string& v = fields.back().value;
      v += (v.empty() ? "" : "\n") + std::string(TrimChars(line));
    }
  }
  return fields;
}

}  // namespace

bool LooksLikeOvid(std::string_view head) {
  std::vector<std::string_view> lines = SplitHeadLines(head);
  int long_fields = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (TagOf(line) == "VN" && TagValue(line).rfind("Ovid Technologies", 0) == 0) return true;
    if (IsMarker(line)) {
      size_t next = i + 1;
      while (next < lines.size() && IsBlankLine(lines[next])) ++next;
      if (next < lines.size() && (!TagOf(lines[next]).empty() || FindLongField(lines[next]))) {
        return true;
      }
    }
    bool valued = i + 1 < lines.size() && IsIndented(lines[i + 1]) && !IsBlankLine(lines[i + 1]);
    if (valued && FindLongField(line)) ++long_fields;
  }
  return long_fields >= 4;
}

OvidReader::OvidReader(std::string path, std::string display_name)
    : TaggedRecordReader(
          std::move(path), std::move(display_name),
          {.format = "ovid",
           .file_kind = "an Ovid export",
           .empty = "the file is empty; expected Ovid records, each starting with a record "
                    "number line such as \"<1. >\"",
           .no_record = "no Ovid record number line (\"<1>\" or \"<1. >\") in the file; each "
                        "record must start with one, or its boundaries cannot be told (save the "
                        "records with Ovid's Export, not copied from the screen)"}) {}

// A record number line (before the first record: over a search history or
// other header).
bool OvidReader::StartsRecord(std::string_view line) { return IsMarker(line); }

bool OvidReader::StartsNextRecord(std::string_view line) { return IsMarker(line); }

void OvidReader::FillRecord(const std::vector<std::string>& record, core::Record* rec) {
  FillOvidRecord(SplitFields(record), rec);
}

}  // namespace parse
