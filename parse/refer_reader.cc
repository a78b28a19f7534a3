#include "parse/refer_reader.h"

#include <cctype>
#include <utility>

#include "core/author_name.h"
#include "core/normalize.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

std::string_view TrimView(std::string_view s) { return TrimChars(s, " \t"); }

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
    } else if (!fields.empty() && !IsBlankLine(line)) {
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
  std::string t = LowerAscii(core::CollapseSpace(type));
  if (t.empty()) return "";
  for (const auto& [name, kind] : kKinds) {
    if (t == name) return kind;
  }
  return "other";
}

void AddAuthor(std::string_view text, core::Record* rec) {
  std::string name = core::CollapseSpace(text);
  if (name.empty() || name.find_first_not_of(" ,;.") == std::string::npos) return;
  core::Author a;
  if (name.back() == ',' || LooksLikeGroupName(name)) {
    while (!name.empty() && (name.back() == ',' || name.back() == ' ')) name.pop_back();
    a.collective = name;
  } else {
    a = core::ParseAuthorName(name);
  }
  rec->authors.push_back(std::move(a));
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
      for (const std::string& l : f.lines) {
        AddIdsFromLink(l, {"pubmed", "ncbi.nlm.nih.gov"}, "pmc", rec);
      }
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

void MapFields(const std::vector<std::string>& lines, core::Record* rec) {
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
  bool first = true;
  int checked = 0;
  for (std::string_view line : SplitHeadLines(head)) {
    if (checked == 200) break;
    if (IsBlankLine(line)) continue;
    ++checked;
    bool tag = IsTagLine(line);
    if (first && !tag) return false;
    first = false;
    if (tag && !IsBlankLine(line.substr(2))) return true;
  }
  return false;
}

ReferReader::ReferReader(std::string path, std::string display_name)
    : TaggedRecordReader(
          std::move(path), std::move(display_name),
          {.format = "endnote-tagged",
           .file_kind = "an EndNote tagged export",
           .empty = "the file is empty; expected EndNote tagged records (\"%0 Journal Article\", "
                    "\"%A Author\", \"%T Title\" ...)",
           .no_record = "no EndNote tagged field found (lines such as \"%0 Journal Article\", "
                        "\"%A Author\", \"%T Title\"); is this an EndNote export?"}) {}

// Any tag line (blank lines and, before the first record, any text that is
// not a tag are skipped). The first record tells whether records start at
// "%0".
bool ReferReader::StartsRecord(std::string_view line) {
  if (!IsTagLine(line)) return false;
  if (records() == 0) typed_ = TagOf(line) == '0';
  prev_blank_ = false;
  return true;
}

// A "%0" line; in files without "%0", a tag line after a blank line.
bool ReferReader::StartsNextRecord(std::string_view line) {
  bool tag = IsTagLine(line);
  if ((tag && TagOf(line) == '0') || (!typed_ && prev_blank_ && tag)) return true;
  prev_blank_ = IsBlankLine(line);
  return false;
}

void ReferReader::FillRecord(const std::vector<std::string>& record, core::Record* rec) {
  MapFields(record, rec);
}

}  // namespace parse
