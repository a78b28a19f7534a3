#include "parse/cochrane_reader.h"

#include <algorithm>
#include <utility>

#include "core/normalize.h"
#include "parse/registrations.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

// Tags of the plain-text export; a line starting with any other word and a
// colon ("METHODS: ...") continues the field above it.
constexpr std::string_view kTags[] = {
    "ID", "AU", "TI", "SO", "YR", "VL", "NO", "PG", "XR", "PT", "KY", "DOI", "US", "AB", "CC",
    "PM", "EM", "IS", "SN", "LA", "LG", "UR", "ED", "AD", "PB", "CY", "NT",  "SE", "CR",
};

// The tag of a line "AU: Smith J" ("" for any other line).
std::string_view TagOf(std::string_view line) {
  size_t colon = line.find(':');
  if (colon < 2 || colon > 3) return "";
  if (colon + 1 < line.size() && line[colon + 1] != ' ' && line[colon + 1] != '\t') return "";
  std::string_view tag = line.substr(0, colon);
  for (std::string_view t : kTags) {
    if (tag == t) return t;
  }
  return "";
}

std::string ValueOf(std::string_view line) {
  return core::CollapseSpace(line.substr(line.find(':') + 1));
}

// "Record #1 of 12".
bool IsRecordHeader(std::string_view line) {
  size_t start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos || line.size() - start > 64) return false;
  if (line[start] != 'R' && line[start] != 'r') return false;
  std::string l = core::CollapseSpace(LowerAscii(line));
  if (l.rfind("record #", 0) != 0) return false;
  size_t of = l.find(" of ", 8);
  return of != std::string::npos && IsAllDigits(l.substr(8, of - 8)) &&
         IsAllDigits(l.substr(of + 4));
}

// A line of a Search Manager export: "Search Name:\t..." or "ID\tSearch\tHits".
bool IsStrategyLine(std::string_view line) {
  if (line.size() > 64 && LowerAscii(line.substr(0, 12)) != "search name:") return false;
  std::string l = core::CollapseSpace(LowerAscii(line));
  return l.rfind("search name:", 0) == 0 || l == "id search hits";
}

struct Field {
  std::string_view tag;
  std::string value;
};

// A single-valued tag seen twice ("NO:" again, inside an abstract that has
// a line "NO: significant change") continues the field above it.
bool IsSingleValued(std::string_view tag) {
  for (std::string_view t : {"ID", "TI", "SO", "YR", "VL", "NO", "PG", "DOI", "AB"}) {
    if (tag == t) return true;
  }
  return false;
}

std::vector<Field> SplitFields(const std::vector<std::string>& lines) {
  std::vector<Field> fields;
  std::vector<std::string_view> seen;
  for (const std::string& line : lines) {
    std::string_view tag = TagOf(line);
    if (IsSingleValued(tag)) {
      bool again = std::find(seen.begin(), seen.end(), tag) != seen.end();
      seen.push_back(tag);
      if (again) tag = "";
    }
    if (!tag.empty()) {
      fields.push_back({tag, ValueOf(line)});
    } else if (!fields.empty() && !IsBlankLine(line)) {
      fields.back().value += " " + core::CollapseSpace(line);
    }
  }
  return fields;
}

// "PUBMED 12345678", "EMBASE 612345678", "CTG NCT01234567" (PM/EM/XR).
void AddIdentifier(std::string_view tag, const std::string& part, core::Record* rec) {
  std::vector<std::string> tokens = SplitList(part, " \t");
  if (tokens.empty()) return;
  std::string db = tokens.size() > 1 ? LowerAscii(tokens[0]) : (tag == "PM" ? "pubmed" : "");
  if (tokens.size() == 1 && tag == "EM") db = "embase";
  std::string id = tokens.back();
  if (db.empty()) return;
  FindRegistrations(id, &rec->registrations);
  if (db == "pubmed" || db == "medline") {
    if (rec->pmid.empty()) rec->pmid = PmidFromText(id);
    return;
  }
  AddUnique(&rec->other_ids, db + ":" + id);
}

void MapField(const Field& f, core::Record* rec) {
  const std::string& v = f.value;
  if (f.tag == "ID") return SetIfEmpty(&rec->source_id, v);
  if (f.tag == "TI") return SetIfEmpty(&rec->title, v);
  if (f.tag == "SO") return SetIfEmpty(&rec->journal, v);
  if (f.tag == "VL") return SetIfEmpty(&rec->volume, v);
  if (f.tag == "NO") return SetIfEmpty(&rec->issue, v);
  if (f.tag == "PG") return SetIfEmpty(&rec->pages, v);
  if (f.tag == "AB") return SetIfEmpty(&rec->abstract, v);
  if (f.tag == "DOI" && rec->doi.empty()) rec->doi = core::NormalizeDoi(v);
  if (f.tag == "YR" && rec->year == 0) rec->year = core::YearFromDate(v);
  if (f.tag == "US" || f.tag == "UR") AddIdsFromLink(v, {"pubmed"}, "pmc", rec);
  if (f.tag == "LA" || f.tag == "LG") AddUnique(&rec->language, v);
  for (const std::string& part : SplitList(v, ";")) {
    if (f.tag == "AU") AddPersonOrGroup(part, rec);
    if (f.tag == "PT") AddUnique(&rec->publication_types, part);
    if (f.tag == "KY") AddUnique(&rec->keywords, part);
    if (f.tag == "PM" || f.tag == "EM" || f.tag == "XR") AddIdentifier(f.tag, part, rec);
    if (f.tag == "IS" || f.tag == "SN") AddUnique(&rec->issn, core::NormalizeIssn(part));
  }
}

// The index of the first non-blank line at or after `from`, or lines.size().
size_t NextContent(const std::vector<std::string_view>& lines, size_t from) {
  while (from < lines.size() && IsBlankLine(lines[from])) ++from;
  return from;
}

}  // namespace

bool LooksLikeCochrane(std::string_view head) {
  std::vector<std::string_view> lines = SplitHeadLines(head, 5000);
  size_t first = NextContent(lines, 0);
  if (first < lines.size() && TagOf(lines[first]) == "ID" && !ValueOf(lines[first]).empty()) {
    for (size_t i = first + 1; i < lines.size() && i < first + 30; ++i) {
      std::string_view tag = TagOf(lines[i]);
      if (tag == "AU" || tag == "TI" || tag == "SO" || tag == "YR") return true;
    }
    return false;
  }
  for (size_t i = first; i < lines.size(); ++i) {
    if (!IsRecordHeader(lines[i])) continue;
    size_t next = NextContent(lines, i + 1);
    return next < lines.size() && !TagOf(lines[next]).empty();
  }
  return false;
}

bool LooksLikeCochraneStrategy(std::string_view head) {
  std::vector<std::string_view> lines = SplitHeadLines(head, 200);
  size_t first = NextContent(lines, 0);
  if (first < lines.size() && LowerAscii(lines[first]).rfind("search name:", 0) == 0) return true;
  for (std::string_view line : lines) {
    if (line.size() < 32 && core::CollapseSpace(LowerAscii(line)) == "id search hits") return true;
  }
  return false;
}

CochraneReader::CochraneReader(std::string path, std::string display_name)
    : TaggedRecordReader(
          std::move(path), std::move(display_name),
          {.format = "cochrane",
           .file_kind = "a Cochrane plain-text export",
           .empty = "the file is empty; expected Cochrane Library records (\"Record #1 of N\", "
                    "\"ID: CN-...\", \"TI: ...\")",
           .no_record = "no Cochrane Library record found (\"Record #1 of N\" or \"ID: CN-...\" "
                        "lines); is this a Cochrane plain-text export?"}) {}

// A "Record #" line or a tag line.
bool CochraneReader::StartsRecord(std::string_view line) {
  headed_ = IsRecordHeader(line);
  has_id_ = TagOf(line) == "ID";
  prev_blank_ = false;
  return headed_ || !TagOf(line).empty();
}

// A "Record #" line; without those, a tag after a blank line or a second ID.
bool CochraneReader::StartsNextRecord(std::string_view line) {
  std::string_view tag = TagOf(line);
  bool starts_next = !headed_ && !tag.empty() && (prev_blank_ || (tag == "ID" && has_id_));
  if (IsRecordHeader(line) || starts_next) return true;
  has_id_ = has_id_ || tag == "ID";
  prev_blank_ = IsBlankLine(line);
  return false;
}

core::Status CochraneReader::CheckSkippedLine(std::string_view line) {
  if (records() > 0 || !IsStrategyLine(line)) return core::Status::Ok();
  return core::Status::InvalidInput(
      lines()->Where() +
      ": this is a Cochrane Library search strategy (Search Manager export), not records; "
      "export the records (citations) instead");
}

// After "Record #N of M" the Cochrane tags must follow; the Cochrane
// Library's BibTeX and RIS exports have the same header lines.
core::Status CochraneReader::CheckRecord(const std::vector<std::string>& record, uint64_t start) {
  if (!headed_) return core::Status::Ok();
  for (size_t i = 1; i < record.size(); ++i) {
    if (IsBlankLine(record[i])) continue;
    if (!TagOf(record[i]).empty()) return core::Status::Ok();
    return core::Status::InvalidInput(
        lines()->Where(start + i) +
        ": expected Cochrane fields (\"ID: CN-...\", \"TI: ...\") after \"" +
        core::CollapseSpace(record[0]) +
        "\"; this is not the plain-text format (a Cochrane BibTeX or RIS export? read it with "
        "--format bibtex or --format ris)");
  }
  return core::Status::Ok();
}

void CochraneReader::FillRecord(const std::vector<std::string>& record, core::Record* rec) {
  rec->source = "cochrane";
  for (const Field& f : SplitFields(record)) MapField(f, rec);
  rec->kind = MostSpecificKind(rec->publication_types);
}

}  // namespace parse
