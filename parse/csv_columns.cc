// The CSV reader's column tables (see csv_columns.h): header names by
// layout, --map field names, and their lookup.
#include "parse/csv_columns.h"

#include <algorithm>
#include <cctype>

namespace parse::csv {
namespace {

// Header names (lower-cased, letters and digits only: "Art. No." -> "artno")
// a column is recognised by, space-separated.
struct Alias {
  Col column;
  const char* keys;
};

constexpr Alias kAliases[] = {
    {Col::kTitle, "title articletitle documenttitle primarytitle papertitle ti t1"},
    {Col::kAbstract, "abstract abstractnote ab n2"},
    {Col::kAuthors, "authors author authornames au a1"},
    {Col::kAuthorFullNames, "authorfullnames"},
    {Col::kYear, "year publicationyear py publishedyear pubyear"},
    {Col::kDate, "date publicationdate da y1"},
    {Col::kJournal,
     "journal sourcetitle journaltitle publicationtitle secondarytitle containertitle booktitle "
     "jo jf t2"},
    {Col::kJournalAbbrev, "journalabbrev journalabbreviation abbreviatedsourcetitle ja j2"},
    {Col::kVolume, "volume vl"},
    {Col::kIssue, "issue number is"},
    {Col::kPages, "pages page"},
    {Col::kStartPage, "pagestart startpage sp"},
    {Col::kEndPage, "pageend endpage ep"},
    {Col::kArticleNumber, "artno articlenumber"},
    {Col::kDoi, "doi do"},
    {Col::kPmid, "pmid pubmedid"},
    {Col::kPmcid, "pmcid"},
    {Col::kId, "id recordid key accessionnumber an studyid"},
    {Col::kSourceId, "sourceid"},
    {Col::kScopusEid, "eid"},
    {Col::kKeywords, "keywords keyword authorkeywords indexkeywords manualtags automatictags kw"},
    {Col::kMesh, "meshterms mesh meshheadings"},
    {Col::kIssn, "issn sn eissn"},
    {Col::kIsbn, "isbn"},
    {Col::kLanguage, "language languageoforiginaldocument la"},
    {Col::kPublicationTypes,
     "documenttype itemtype publicationtype publicationtypes type ty entrytype referencetype"},
    {Col::kSource, "source db database dp nameofdatabase"},
    {Col::kIgnore, "url link"},
};

// PubMed's legacy "CSV" (the Summary view as a table).
constexpr Alias kPubmedAliases[] = {
    {Col::kTitle, "title"},
    {Col::kAuthors, "description"},
    {Col::kPubmedDetails, "details"},
    {Col::kPubmedShortDetails, "shortdetails"},
    {Col::kPubmedIdentifiers, "identifiers"},
    {Col::kSource, "db"},
    {Col::kEntrezUid, "entrezuid"},
};

// Web of Science tab-delimited export (field tags as column names; ID is
// Keywords Plus there).
constexpr Alias kWosAliases[] = {{Col::kTitle, "ti"},
                                 {Col::kAbstract, "ab"},
                                 {Col::kAuthors, "au"},
                                 {Col::kAuthorFullNames, "af"},
                                 {Col::kYear, "py"},
                                 {Col::kDate, "pd"},
                                 {Col::kJournal, "so"},
                                 {Col::kJournalAbbrev, "ji j9"},
                                 {Col::kVolume, "vl"},
                                 {Col::kIssue, "is"},
                                 {Col::kStartPage, "bp"},
                                 {Col::kEndPage, "ep"},
                                 {Col::kArticleNumber, "ar"},
                                 {Col::kDoi, "di"},
                                 {Col::kPmid, "pm"},
                                 {Col::kWosId, "ut"},
                                 {Col::kKeywords, "de id"},
                                 {Col::kIssn, "sn ei"},
                                 {Col::kIsbn, "bn"},
                                 {Col::kLanguage, "la"},
                                 {Col::kPublicationTypes, "dt"}};

struct MapField {
  const char* name;
  Col column;
};

constexpr MapField kMapFields[] = {{"title", Col::kTitle},
                                   {"abstract", Col::kAbstract},
                                   {"authors", Col::kAuthors},
                                   {"year", Col::kYear},
                                   {"journal", Col::kJournal},
                                   {"journal_abbrev", Col::kJournalAbbrev},
                                   {"volume", Col::kVolume},
                                   {"issue", Col::kIssue},
                                   {"pages", Col::kPages},
                                   {"start_page", Col::kStartPage},
                                   {"end_page", Col::kEndPage},
                                   {"doi", Col::kDoi},
                                   {"pmid", Col::kPmid},
                                   {"pmcid", Col::kPmcid},
                                   {"id", Col::kId},
                                   {"keywords", Col::kKeywords},
                                   {"mesh", Col::kMesh},
                                   {"issn", Col::kIssn},
                                   {"language", Col::kLanguage},
                                   {"publication_types", Col::kPublicationTypes},
                                   {"source", Col::kSource},
                                   {"ignore", Col::kIgnore}};

template <size_t N>
Col Lookup(const Alias (&table)[N], const std::string& key) {
  if (key.empty()) return Col::kNone;
  for (const Alias& a : table) {
    std::string_view keys = a.keys;
    for (size_t at = keys.find(key); at != std::string_view::npos; at = keys.find(key, at + 1)) {
      size_t end = at + key.size();
      if ((at == 0 || keys[at - 1] == ' ') && (end == keys.size() || keys[end] == ' ')) {
        return a.column;
      }
    }
  }
  return Col::kNone;
}

}  // namespace

std::string HeaderKey(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return key;
}

CsvLayout DetectLayout(const std::vector<std::string>& names) {
  auto has = [&](std::string_view key) {
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& n) { return HeaderKey(n) == key; });
  };
  if (has("entrezuid") && has("details")) return CsvLayout::kPubmedLegacy;
  if (has("ut") && has("pt") && has("ti")) return CsvLayout::kWos;
  return CsvLayout::kGeneric;
}

Col ColumnFor(std::string_view name, CsvLayout layout) {
  std::string key = HeaderKey(name);
  if (layout == CsvLayout::kPubmedLegacy) return Lookup(kPubmedAliases, key);
  if (layout == CsvLayout::kWos) return Lookup(kWosAliases, key);
  return Lookup(kAliases, key);
}

bool IsKeyColumn(Col c) {
  switch (c) {
    case Col::kTitle:
    case Col::kAbstract:
    case Col::kDoi:
    case Col::kPmid:
    case Col::kPmcid:
    case Col::kId:
    case Col::kSourceId:
    case Col::kScopusEid:
    case Col::kWosId:
    case Col::kEntrezUid:
    case Col::kPubmedIdentifiers:
      return true;
    default:
      return false;
  }
}

Col MappedColumn(const CsvReaderOptions& options, std::string_view name) {
  std::string lower = LowerAscii(Trim(name));
  std::string key = HeaderKey(name);
  for (const auto& [column, field] : options.map) {
    if (LowerAscii(Trim(column)) != lower && (key.empty() || HeaderKey(column) != key)) continue;
    for (const MapField& f : kMapFields) {
      if (LowerAscii(field) == f.name) return f.column;
    }
  }
  return Col::kNone;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace parse::csv

namespace parse {

using csv::JoinNames;
using csv::kMapFields;
using csv::MapField;
using csv::Trim;

const std::vector<std::string>& CsvMapFields() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> v;
    for (const MapField& f : kMapFields) v.push_back(f.name);
    return v;
  }();
  return kNames;
}

core::Status ParseCsvMapEntry(std::string_view entry, std::pair<std::string, std::string>* out) {
  size_t eq = entry.rfind('=');
  if (eq == std::string_view::npos) {
    return core::Status::InvalidInput("--map '" + std::string(entry) +
                                      "': expected COLUMN=FIELD, e.g. 'Article Name=title'");
  }
  std::string column(Trim(entry.substr(0, eq)));
  std::string field = LowerAscii(Trim(entry.substr(eq + 1)));
  if (column.empty()) {
    return core::Status::InvalidInput("--map '" + std::string(entry) + "': the column is empty");
  }
  const std::vector<std::string>& fields = CsvMapFields();
  if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
    return core::Status::InvalidInput("--map '" + std::string(entry) + "': unknown field '" +
                                      field + "' (fields: " + JoinNames(fields) + ")");
  }
  *out = {column, field};
  return core::Status::Ok();
}

}  // namespace parse
