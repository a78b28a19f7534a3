#include "parse/cochrane_reader.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "core/author_name.h"
#include "core/normalize.h"
#include "parse/registrations.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

constexpr size_t kMaxRecordBytes = size_t{64} << 20;

// Tags of the plain-text export; a line starting with any other word and a
// colon ("METHODS: ...") continues the field above it.
constexpr std::string_view kTags[] = {
    "ID", "AU", "TI", "SO", "YR", "VL", "NO", "PG", "XR", "PT", "KY", "DOI", "US", "AB", "CC",
    "PM", "EM", "IS", "SN", "LA", "LG", "UR", "ED", "AD", "PB", "CY", "NT",  "SE", "CR",
};

bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

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
  std::string l = core::CollapseSpace(Lower(line));
  if (l.rfind("record #", 0) != 0) return false;
  size_t of = l.find(" of ", 8);
  return of != std::string::npos && IsDigits(l.substr(8, of - 8)) && IsDigits(l.substr(of + 4));
}

// A line of a Search Manager export: "Search Name:\t..." or "ID\tSearch\tHits".
bool IsStrategyLine(std::string_view line) {
  if (line.size() > 64 && Lower(line.substr(0, 12)) != "search name:") return false;
  std::string l = core::CollapseSpace(Lower(line));
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
    } else if (!fields.empty() && !IsBlank(line)) {
      fields.back().value += " " + core::CollapseSpace(line);
    }
  }
  return fields;
}

std::string KindFromType(std::string_view type) {
  std::string t = Lower(type);
  auto has = [&t](std::string_view w) { return t.find(w) != std::string::npos; };
  if (has("registry")) return "other";
  if (has("conference") || has("congress") || has("meeting") || has("proceeding")) {
    return "conference-paper";
  }
  if (has("chapter") || has("book section")) return "book-chapter";
  if (has("book")) return "book";
  if (has("thesis") || has("dissertation")) return "thesis";
  if (has("case report")) return "article";
  if (has("report")) return "report";
  if (has("preprint")) return "preprint";
  if (has("dataset") || has("data set")) return "dataset";
  for (std::string_view w : {"journal", "article", "review", "trial", "letter", "editorial",
                             "comment", "abstract", "study", "note", "erratum", "survey"}) {
    if (has(w)) return "article";
  }
  return "other";
}

// The most specific kind among the record's publication types.
std::string KindFromTypes(const std::vector<std::string>& types) {
  static const char* const kOrder[] = {"conference-paper", "book-chapter", "book",
                                       "thesis",           "report",       "preprint",
                                       "dataset",          "article",      "other"};
  std::vector<std::string> kinds;
  for (const std::string& t : types) kinds.push_back(KindFromType(t));
  for (const char* k : kOrder) {
    for (const std::string& kind : kinds) {
      if (kind == k) return kind;
    }
  }
  return "";
}

bool LooksCollective(std::string_view name) {
  static const char* const kWords[] = {
      "group",         "consortium", "collaboration", "collaborative", "committee",
      "investigators", "network",    "organization",  "organisation",  "association",
      "society",       "council",    "trialists",     "team",          "institute",
      "foundation",    "alliance",   "agency",        "federation",
  };
  if (name.find(',') != std::string_view::npos) return false;
  std::vector<std::string> words = SplitList(Lower(name), " ");
  if (words.size() < 2) return false;
  for (const std::string& w : words) {
    for (const char* k : kWords) {
      if (w == k) return true;
    }
  }
  return false;
}

void AddAuthor(const std::string& name, core::Record* rec) {
  if (name.find_first_not_of(" ,.") == std::string::npos) return;
  core::Author a;
  if (LooksCollective(name)) {
    a.collective = name;
  } else {
    a = core::ParseAuthorName(name);
  }
  rec->authors.push_back(std::move(a));
}

// "PUBMED 12345678", "EMBASE 612345678", "CTG NCT01234567" (PM/EM/XR).
void AddIdentifier(std::string_view tag, const std::string& part, core::Record* rec) {
  std::vector<std::string> tokens = SplitList(part, " \t");
  if (tokens.empty()) return;
  std::string db = tokens.size() > 1 ? Lower(tokens[0]) : (tag == "PM" ? "pubmed" : "");
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

void AddUrl(const std::string& url, core::Record* rec) {
  std::string lower = Lower(url);
  if (rec->pmid.empty() && lower.find("pubmed") != std::string::npos) rec->pmid = PmidFromText(url);
  if (rec->pmcid.empty() && lower.find("pmc") != std::string::npos) rec->pmcid = PmcidFromText(url);
  if (rec->doi.empty() && lower.find("doi.org/") != std::string::npos) {
    rec->doi = core::NormalizeDoi(url);
  }
}

void SetOnce(std::string* field, const std::string& value) {
  if (field->empty()) *field = value;
}

void MapField(const Field& f, core::Record* rec) {
  const std::string& v = f.value;
  if (f.tag == "ID") return SetOnce(&rec->source_id, v);
  if (f.tag == "TI") return SetOnce(&rec->title, v);
  if (f.tag == "SO") return SetOnce(&rec->journal, v);
  if (f.tag == "VL") return SetOnce(&rec->volume, v);
  if (f.tag == "NO") return SetOnce(&rec->issue, v);
  if (f.tag == "PG") return SetOnce(&rec->pages, v);
  if (f.tag == "AB") return SetOnce(&rec->abstract, v);
  if (f.tag == "DOI" && rec->doi.empty()) rec->doi = core::NormalizeDoi(v);
  if (f.tag == "YR" && rec->year == 0) rec->year = core::YearFromDate(v);
  if (f.tag == "US" || f.tag == "UR") AddUrl(v, rec);
  if (f.tag == "LA" || f.tag == "LG") AddUnique(&rec->language, v);
  for (const std::string& part : SplitList(v, ";")) {
    if (f.tag == "AU") AddAuthor(part, rec);
    if (f.tag == "PT") AddUnique(&rec->publication_types, part);
    if (f.tag == "KY") AddUnique(&rec->keywords, part);
    if (f.tag == "PM" || f.tag == "EM" || f.tag == "XR") AddIdentifier(f.tag, part, rec);
    if (f.tag == "IS" || f.tag == "SN") AddUnique(&rec->issn, core::NormalizeIssn(part));
  }
}

void FillRecord(const std::vector<std::string>& lines, core::Record* rec) {
  rec->source = "cochrane";
  for (const Field& f : SplitFields(lines)) MapField(f, rec);
  rec->kind = KindFromTypes(rec->publication_types);
}

// The lines of `head`, without line ends.
std::vector<std::string_view> HeadLines(std::string_view head, size_t max_lines) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < head.size() && out.size() < max_lines) {
    size_t end = head.find('\n', pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    pos = end + 1;
  }
  return out;
}

// The index of the first non-blank line at or after `from`, or lines.size().
size_t NextContent(const std::vector<std::string_view>& lines, size_t from) {
  while (from < lines.size() && IsBlank(lines[from])) ++from;
  return from;
}

}  // namespace

bool LooksLikeCochrane(std::string_view head) {
  std::vector<std::string_view> lines = HeadLines(head, 5000);
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
  std::vector<std::string_view> lines = HeadLines(head, 200);
  size_t first = NextContent(lines, 0);
  if (first < lines.size() && Lower(lines[first]).rfind("search name:", 0) == 0) return true;
  for (std::string_view line : lines) {
    if (line.size() < 32 && core::CollapseSpace(Lower(line)) == "id search hits") return true;
  }
  return false;
}

CochraneReader::CochraneReader(std::string path, std::string display_name)
    : path_(std::move(path)), name_(display_name.empty() ? path_ : std::move(display_name)) {}

CochraneReader::~CochraneReader() = default;

uint64_t CochraneReader::bytes_consumed() const { return lines_ ? lines_->bytes_consumed() : 0; }

bool CochraneReader::Fail(core::Status st) {
  status_ = std::move(st);
  done_ = true;
  return false;
}

bool CochraneReader::Start() {
  if (started_) return !done_;
  started_ = true;
  core::Status st = LineReader::Open(path_, name_, &lines_);
  if (!st.ok()) return Fail(st);
  return true;
}

// Skips to the line that starts the next record: a "Record #" line (*headed)
// or a tag line. False at the end of the file or on an error.
bool CochraneReader::FindStart(std::string* line, bool* headed) {
  while (lines_->Next(line)) {
    *headed = IsRecordHeader(*line);
    if (*headed || !TagOf(*line).empty()) return true;
    if (records_ == 0 && IsStrategyLine(*line)) {
      return Fail(core::Status::InvalidInput(
          lines_->Where() +
          ": this is a Cochrane Library search strategy (Search Manager export), not records; "
          "export the records (citations) instead"));
    }
    if (first_content_ == 0 && !IsBlank(*line)) first_content_ = lines_->line_number();
  }
  if (!lines_->status().ok()) return Fail(lines_->status());
  if (records_ > 0) {
    done_ = true;
    return false;
  }
  if (first_content_ == 0) {
    return Fail(core::Status::InvalidInput(
        name_ +
        ":1: the file is empty; expected Cochrane Library records (\"Record #1 of N\", "
        "\"ID: CN-...\", \"TI: ...\")"));
  }
  return Fail(core::Status::InvalidInput(
      lines_->Where(first_content_) +
      ": no Cochrane Library record found (\"Record #1 of N\" or \"ID: CN-...\" lines); is this "
      "a Cochrane plain-text export?"));
}

// Appends the record's remaining lines; stops before the line that starts
// the next record.
bool CochraneReader::Collect(bool headed, std::vector<std::string>* lines) {
  bool has_id = TagOf(lines->front()) == "ID";
  bool prev_blank = false;
  size_t bytes = lines->front().size();
  std::string line;
  while (lines_->Next(&line)) {
    std::string_view tag = TagOf(line);
    bool starts_next = !headed && !tag.empty() && (prev_blank || (tag == "ID" && has_id));
    if (IsRecordHeader(line) || starts_next) {
      lines_->Unread();
      break;
    }
    has_id = has_id || tag == "ID";
    prev_blank = IsBlank(line);
    bytes += line.size() + 1;
    if (bytes > kMaxRecordBytes) {
      return Fail(core::Status::InvalidInput(
          lines_->Where() + ": record longer than 64 MiB; is this a Cochrane plain-text export?"));
    }
    lines->push_back(std::move(line));
  }
  if (!lines_->status().ok()) return Fail(lines_->status());
  while (lines->size() > 1 && IsBlank(lines->back())) lines->pop_back();
  return true;
}

// After "Record #N of M" the Cochrane tags must follow; the Cochrane
// Library's BibTeX and RIS exports have the same header lines.
bool CochraneReader::CheckTagsFollow(const std::vector<std::string>& lines, uint64_t start) {
  for (size_t i = 1; i < lines.size(); ++i) {
    if (IsBlank(lines[i])) continue;
    if (!TagOf(lines[i]).empty()) return true;
    return Fail(core::Status::InvalidInput(
        lines_->Where(start + i) +
        ": expected Cochrane fields (\"ID: CN-...\", \"TI: ...\") after \"" +
        core::CollapseSpace(lines[0]) +
        "\"; this is not the plain-text format (a Cochrane BibTeX or RIS export? read it with "
        "--format bibtex or --format ris)"));
  }
  return true;
}

bool CochraneReader::Next(core::Record* rec) {
  if (!Start()) return false;
  std::string first;
  bool headed = false;
  if (!FindStart(&first, &headed)) return false;
  uint64_t start = lines_->line_number();
  std::vector<std::string> lines{std::move(first)};
  if (!Collect(headed, &lines)) return false;
  if (headed && !CheckTagsFollow(lines, start)) return false;
  *rec = core::Record();
  rec->format = "cochrane";
  rec->locator = lines_->Where(start);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) rec->raw += '\n';
    rec->raw += lines[i];
  }
  FillRecord(lines, rec);
  FinishRecord(rec);
  ++records_;
  return true;
}

}  // namespace parse
