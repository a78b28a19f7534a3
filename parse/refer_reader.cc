#include "parse/refer_reader.h"

#include <cctype>
#include <utility>

#include "core/author_name.h"
#include "core/normalize.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

constexpr size_t kMaxRecordBytes = size_t{64} << 20;

bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsTagChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("@!#$&()*+<>?[]=~^").find(c) != std::string_view::npos;
}

// "%A Smith, J": '%', a tag character, then a space or the end of the line.
// EndNote writes "%[" and "%(" without the space at times.
bool IsTagLine(std::string_view line) {
  if (line.size() < 2 || line[0] != '%' || !IsTagChar(line[1])) return false;
  if (line.size() == 2 || line[2] == ' ' || line[2] == '\t') return true;
  return line[1] == '[' || line[1] == '(';
}

char TagOf(std::string_view line) {
  return static_cast<char>(std::toupper(static_cast<unsigned char>(line[1])));
}

struct Field {
  char tag;
  std::vector<std::string> lines;  // the tag line's value, then continuation lines
  std::string Text() const {
    std::string out;
    for (const std::string& l : lines) out += l + " ";
    return core::CollapseSpace(out);
  }
};

std::vector<Field> SplitFields(const std::vector<std::string>& lines) {
  std::vector<Field> fields;
  for (const std::string& line : lines) {
    if (IsTagLine(line)) {
      fields.push_back({TagOf(line), {std::string(TrimView(std::string_view(line).substr(2)))}});
    } else if (!fields.empty() && !IsBlank(line)) {
      fields.back().lines.emplace_back(TrimView(line));
    }
  }
  return fields;
}

std::string KindFromType(std::string_view type) {
  static const std::pair<const char*, const char*> kKinds[] = {
      {"journal article", "article"},
      {"journal", "article"},
      {"magazine article", "article"},
      {"newspaper article", "article"},
      {"electronic article", "article"},
      {"review", "article"},
      {"book section", "book-chapter"},
      {"electronic book section", "book-chapter"},
      {"electronic chapter", "book-chapter"},
      {"book", "book"},
      {"edited book", "book"},
      {"electronic book", "book"},
      {"conference paper", "conference-paper"},
      {"conference proceedings", "conference-paper"},
      {"conference", "conference-paper"},
      {"thesis", "thesis"},
      {"report", "report"},
      {"government document", "report"},
      {"dataset", "dataset"},
      {"preprint", "preprint"},
  };
  std::string t = Lower(core::CollapseSpace(type));
  if (t.empty()) return "";
  for (const auto& [name, kind] : kKinds) {
    if (t == name) return kind;
  }
  return "other";
}

// A group author written without a comma: "CORE Study Group".
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

void AddAuthor(std::string_view text, core::Record* rec) {
  std::string name = core::CollapseSpace(text);
  if (name.empty() || name.find_first_not_of(" ,;.") == std::string::npos) return;
  core::Author a;
  if (name.back() == ',' || LooksCollective(name)) {
    while (!name.empty() && (name.back() == ',' || name.back() == ' ')) name.pop_back();
    a.collective = name;
  } else {
    a = core::ParseAuthorName(name);
  }
  rec->authors.push_back(std::move(a));
}

// "%@": ISSNs ("0028-0836 (Print)") and ISBNs ("978-3-86490-311-3").
void AddIssnOrIsbn(std::string_view part, core::Record* rec) {
  std::string issn = core::NormalizeIssn(part);
  if (!issn.empty()) {
    AddUnique(&rec->issn, issn);
    return;
  }
  std::string_view token = TrimView(part).substr(0, TrimView(part).find(' '));
  size_t digits = 0;
  for (char c : token)
    digits += (std::isdigit(static_cast<unsigned char>(c)) || c == 'X' || c == 'x');
  if (digits == 10 || digits == 13) AddUnique(&rec->other_ids, "isbn:" + std::string(token));
}

void AddUrl(std::string_view url, core::Record* rec) {
  std::string lower = Lower(url);
  if (rec->pmid.empty() && (lower.find("pubmed") != std::string::npos ||
                            lower.find("ncbi.nlm.nih.gov") != std::string::npos)) {
    rec->pmid = PmidFromText(url);
  }
  if (rec->pmcid.empty() && lower.find("pmc") != std::string::npos) rec->pmcid = PmcidFromText(url);
  if (rec->doi.empty() && lower.find("doi.org/") != std::string::npos) {
    rec->doi = core::NormalizeDoi(url);
  }
}

bool IsKnownDatabase(const std::string& source) {
  static const char* const kKnown[] = {"embase",  "psycinfo", "cinahl", "econlit", "europepmc",
                                       "medline", "pubmed",   "scopus", "wos",     "cochrane"};
  for (const char* k : kKnown) {
    if (source == k) return true;
  }
  return false;
}

// What the whole record says before single fields are mapped: its type and
// the database it came from.
void ReadContext(const std::vector<Field>& fields, core::Record* rec) {
  std::string provider;
  for (const Field& f : fields) {
    if (f.tag == '0' && rec->kind.empty()) rec->kind = KindFromType(f.Text());
    if (f.tag == '~' && rec->source.empty()) rec->source = CanonicalDatabase(f.Text());
    if (f.tag == 'W' && provider.empty()) provider = CanonicalDatabase(f.Text());
  }
  if (rec->source.empty() && IsKnownDatabase(provider)) rec->source = provider;
}

void MapField(const Field& f, core::Record* rec) {
  const std::string text = f.Text();
  switch (f.tag) {
    case 'A':
      for (const std::string& l : f.lines) AddAuthor(l, rec);
      break;
    case 'T':
      if (rec->title.empty()) rec->title = text;
      break;
    case 'J':
      if (rec->journal.empty()) rec->journal = text;
      break;
    case 'D':
      if (rec->year == 0) rec->year = core::YearFromDate(text);
      break;
    case 'V':
      if (rec->volume.empty()) rec->volume = text;
      break;
    case 'N':
      if (rec->issue.empty()) rec->issue = text;
      break;
    case 'P':
      if (rec->pages.empty() && rec->kind != "book") rec->pages = core::NormalizePages(text);
      break;
    case 'K':
      for (const std::string& l : f.lines) AddUnique(&rec->keywords, l);
      break;
    case 'X':
      if (rec->abstract.empty()) rec->abstract = text;
      break;
    case 'R':
      if (rec->doi.empty()) rec->doi = core::NormalizeDoi(text);
      break;
    case 'U':
      for (const std::string& l : f.lines) AddUrl(l, rec);
      break;
    case '@':
      for (const std::string& l : f.lines) {
        for (const std::string& part : SplitList(l, ";")) AddIssnOrIsbn(part, rec);
      }
      break;
    case 'M':
      if (rec->source_id.empty()) rec->source_id = text;
      break;
    case 'G':
      AddUnique(&rec->language, text);
      break;
    case '9':
      AddUnique(&rec->publication_types, text);
      break;
    default:
      break;
  }
}

void FillRecord(const std::vector<std::string>& lines, core::Record* rec) {
  std::vector<Field> fields = SplitFields(lines);
  ReadContext(fields, rec);
  std::string secondary;  // %B
  std::string date;       // %8
  for (const Field& f : fields) {
    if (f.tag == 'B' && secondary.empty()) secondary = f.Text();
    if (f.tag == '8' && date.empty()) date = f.Text();
    MapField(f, rec);
  }
  if (rec->journal.empty() && rec->kind != "book") rec->journal = secondary;
  if (rec->year == 0) rec->year = core::YearFromDate(date);
  bool from_pubmed = rec->source == "pubmed" || rec->source == "medline";
  if (rec->pmid.empty() && from_pubmed) rec->pmid = PmidFromText(rec->source_id);
}

}  // namespace

bool LooksLikeRefer(std::string_view head) {
  size_t pos = 0;
  bool first = true;
  int checked = 0;
  while (pos < head.size() && checked < 200) {
    size_t end = head.find('\n', pos);
    if (end == std::string_view::npos) end = head.size();
    std::string_view line = head.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (IsBlank(line)) continue;
    ++checked;
    bool tag = IsTagLine(line);
    if (first && !tag) return false;
    first = false;
    if (tag && !IsBlank(line.substr(2))) return true;
  }
  return false;
}

ReferReader::ReferReader(std::string path, std::string display_name)
    : path_(std::move(path)), name_(display_name.empty() ? path_ : std::move(display_name)) {}

ReferReader::~ReferReader() = default;

uint64_t ReferReader::bytes_consumed() const { return lines_ ? lines_->bytes_consumed() : 0; }

bool ReferReader::Fail(core::Status st) {
  status_ = std::move(st);
  done_ = true;
  return false;
}

bool ReferReader::Start() {
  if (started_) return !done_;
  started_ = true;
  core::Status st = LineReader::Open(path_, name_, &lines_);
  if (!st.ok()) return Fail(st);
  return true;
}

// Skips to the next tag line (blank lines and, before the first record, any
// text that is not a tag). False at the end of the file or on an error.
bool ReferReader::FindStart(std::string* line) {
  while (lines_->Next(line)) {
    if (IsTagLine(*line)) {
      if (records_ == 0) typed_ = TagOf(*line) == '0';
      return true;
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
        ":1: the file is empty; expected EndNote tagged records (\"%0 Journal Article\", "
        "\"%A Author\", \"%T Title\" ...)"));
  }
  return Fail(core::Status::InvalidInput(
      lines_->Where(first_content_) +
      ": no EndNote tagged field found (lines such as \"%0 Journal Article\", \"%A Author\", "
      "\"%T Title\"); is this an EndNote export?"));
}

// Appends the record's remaining lines; stops before the line that starts
// the next record.
bool ReferReader::Collect(std::vector<std::string>* lines) {
  size_t bytes = lines->front().size();
  bool prev_blank = false;
  std::string line;
  while (lines_->Next(&line)) {
    bool tag = IsTagLine(line);
    if ((tag && TagOf(line) == '0') || (!typed_ && prev_blank && tag)) {
      lines_->Unread();
      break;
    }
    prev_blank = IsBlank(line);
    bytes += line.size() + 1;
    if (bytes > kMaxRecordBytes) {
      return Fail(core::Status::InvalidInput(lines_->Where() +
                                             ": record longer than 64 MiB; is this an EndNote "
                                             "tagged export?"));
    }
    lines->push_back(std::move(line));
  }
  if (!lines_->status().ok()) return Fail(lines_->status());
  while (lines->size() > 1 && IsBlank(lines->back())) lines->pop_back();
  return true;
}

bool ReferReader::Next(core::Record* rec) {
  if (!Start()) return false;
  std::string first;
  if (!FindStart(&first)) return false;
  uint64_t start = lines_->line_number();
  std::vector<std::string> lines{std::move(first)};
  if (!Collect(&lines)) return false;
  *rec = core::Record();
  rec->format = "endnote-tagged";
  rec->locator = lines_->Where(start);
  for (const std::string& l : lines) {
    if (!rec->raw.empty()) rec->raw += '\n';
    rec->raw += l;
  }
  FillRecord(lines, rec);
  FinishRecord(rec);
  ++records_;
  return true;
}

}  // namespace parse
