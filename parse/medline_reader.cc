#include "parse/medline_reader.h"

#include <algorithm>
#include <utility>

#include "core/author_name.h"
#include "core/normalize.h"
#include "parse/registrations.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

using Field = MedlineReader::Field;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsBlank(std::string_view s) { return TrimValue(s).empty(); }

// "TAG - value" with a tag of 2-4 letters/digits (all upper or all lower
// case) followed by spaces and a dash: at column 4 ("PMID-123"), or at
// column 2..5 followed by a space or the end ("TI-", "SO- x", "pmid - 1").
// `strict` asks for PubMed's own layout: the dash at column 4, upper case.
bool ParseTag(std::string_view line, std::string* tag, std::string_view* value,
              bool strict = false) {
  size_t n = 0;
  bool upper = false, lower = false;
  while (n < line.size() && n < 4 && (IsUpper(line[n]) || IsLower(line[n]) || IsDigit(line[n]))) {
    upper |= IsUpper(line[n]);
    lower |= IsLower(line[n]);
    ++n;
  }
  if (n < 2 || IsDigit(line[0]) || (upper && lower) || (strict && lower)) return false;
  size_t dash = n;
  while (dash < line.size() && line[dash] == ' ') ++dash;
  if (dash >= line.size() || line[dash] != '-' || dash > 5 || (strict && dash != 4)) return false;
  // Off column 4 the dash must end the tag: "SO- x", "TI-", but not "SO-x".
  if (dash != 4 && dash + 1 < line.size() && line[dash + 1] != ' ') return false;
  tag->assign(line.substr(0, n));
  for (char& c : *tag) c = static_cast<char>(IsLower(c) ? c - 'a' + 'A' : c);
  *value = TrimValue(line.substr(dash + 1));
  return true;
}

// The leading run of 1-9 digits of `s` ("27433151 SO invalid" -> "27433151").
std::string LeadingPmid(std::string_view s) {
  s = TrimValue(s);
  size_t n = 0;
  while (n < s.size() && IsDigit(s[n])) ++n;
  if (n == 0 || n > 9 || (n < s.size() && !IsValueSpace(s[n]))) return "";
  return std::string(s.substr(0, n));
}

// "20200101" -> "2020-01-01"; "" unless eight digits.
std::string Ymd(std::string_view s) {
  s = TrimValue(s).substr(0, 8);
  if (s.size() != 8 || !std::all_of(s.begin(), s.end(), IsDigit)) return "";
  return std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" +
         std::string(s.substr(6, 2));
}

// Splits "value [type]" into value and type ("" when no brackets).
std::pair<std::string, std::string> TypedValue(std::string_view s) {
  s = TrimValue(s);
  if (s.empty() || s.back() != ']') return {std::string(s), ""};
  const size_t open = s.rfind('[');
  if (open == std::string_view::npos) return {std::string(s), ""};
  return {std::string(TrimValue(s.substr(0, open))),
          std::string(TrimValue(s.substr(open + 1, s.size() - open - 2)))};
}

void AddArticleId(std::string_view text, core::Record* rec) {
  auto [id, type] = TypedValue(text);
  if (id.empty()) return;
  if (type == "doi" || (type.empty() && id.find("10.") != std::string::npos)) {
    if (rec->doi.empty()) rec->doi = core::NormalizeDoi(id);
  } else if (type == "pmc") {
    if (rec->pmcid.empty()) rec->pmcid = PmcidFromText(id);
  } else if (type == "pii" || type == "bookaccession") {
    AddUnique(&rec->other_ids, type + ":" + id);
  }
}

// IS "1471-244X (Electronic)": print, electronic, untyped, linking.
void AddIssn(std::string_view text, std::vector<std::string> (&by_type)[4]) {
  const size_t paren = text.find('(');
  const std::string issn = core::NormalizeIssn(text.substr(0, paren));
  if (issn.empty()) return;
  const std::string_view type = paren == std::string_view::npos ? "" : text.substr(paren);
  int slot = 2;
  if (type.starts_with("(Print")) slot = 0;
  if (type.starts_with("(Electronic")) slot = 1;
  if (type.starts_with("(Linking")) slot = 3;
  AddUnique(&by_type[slot], issn);
}

// MH "Women, Working/*history/psychology", "*Humans".
core::MeshHeading ParseMesh(std::string_view text) {
  core::MeshHeading m;
  std::vector<std::string> parts = SplitList(text, "/");
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string part = parts[i];
    const bool star = part.front() == '*';
    if (star) part = std::string(TrimValue(std::string_view(part).substr(1)));
    if (i == 0) {
      m.descriptor = part;
      m.major = star;
    } else if (!part.empty()) {
      m.qualifiers.push_back(star ? part + "*" : part);
    }
  }
  return m;
}

// CIN "Lancet. 2020;395:10. PMID: 31234567".
core::Relation ParseRelation(std::string type, std::string_view text) {
  core::Relation r;
  r.type = std::move(type);
  const size_t at = text.rfind("PMID:");
  std::string_view citation = text;
  if (at != std::string_view::npos) {
    r.pmid = LeadingPmid(text.substr(at + 5));
    citation = text.substr(0, at);
  }
  citation = TrimValue(citation);
  while (!citation.empty() && (citation.back() == '.' || IsValueSpace(citation.back()))) {
    citation.remove_suffix(1);
  }
  r.citation = core::CollapseSpace(citation);
  return r;
}

const char* RelationType(std::string_view tag) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {"CIN", "CommentIn"},
      {"CON", "CommentOn"},
      {"EIN", "ErratumIn"},
      {"EFR", "ErratumFor"},
      {"RIN", "RetractionIn"},
      {"ROF", "RetractionOf"},
      {"UIN", "UpdateIn"},
      {"UOF", "UpdateOf"},
      {"PRIN", "PartialRetractionIn"},
      {"PROF", "PartialRetractionOf"},
      {"CRI", "CorrectedandRepublishedIn"},
      {"CRF", "CorrectedandRepublishedFrom"},
      {"RPI", "RepublishedIn"},
      {"RPF", "RepublishedFrom"},
      {"SPIN", "SummaryForPatientsIn"},
      {"ORI", "OriginalReportIn"},
      {"ECI", "ExpressionOfConcernIn"},
      {"ECF", "ExpressionOfConcernFor"},
  };
  for (const auto& [t, type] : kTypes) {
    if (tag == t) return type;
  }
  return nullptr;
}

void Append(std::string* to, std::string_view text) {
  if (text.empty()) return;
  if (!to->empty()) to->push_back(' ');
  to->append(text);
}

// The initials of an AU paired with the FAU whose family name is `family`:
// "Sery BJLN" -> "BJLN", "Dimar JR 2nd" -> "JR", "Candel-Arenas Mde L" ->
// "Mde L" (as PubMed's XML has them). Other AU forms go to ParseAuthorName.
std::string AuInitials(std::string_view au, std::string_view family) {
  au = TrimValue(au);
  if (family.empty() || !au.starts_with(family) || au.size() <= family.size() + 1 ||
      au[family.size()] != ' ') {
    return core::ParseAuthorName(au).initials;
  }
  std::string_view rest = TrimValue(au.substr(family.size()));
  const size_t last = rest.rfind(' ');
  if (last != std::string_view::npos) {
    const std::string_view suffix = rest.substr(last + 1);
    for (std::string_view s : {"Jr", "Sr", "2nd", "3rd", "4th", "II", "III", "IV"}) {
      if (suffix == s) rest = TrimValue(rest.substr(0, last));
    }
  }
  return std::string(rest);
}

// Authors, affiliations and ORCIDs in file order.
class AuthorBuilder {
 public:
  void Add(const Field& f) {
    if (f.tag == "FAU") {
      fau_open_ = Push(core::ParseAuthorName(f.value));
    } else if (f.tag == "AU") {
      if (fau_open_) {
        std::string initials = AuInitials(f.value, authors_.back().family);
        if (!initials.empty()) authors_.back().initials = std::move(initials);
      } else {
        Push(core::ParseAuthorName(f.value));
      }
      fau_open_ = false;
    } else if (f.tag == "CN") {
      core::Author a;
      a.collective = core::CollapseSpace(f.value);
      Push(std::move(a));
    } else if (f.tag == "AD") {
      AddUnique(authors_.empty() ? &early_affiliations_ : &authors_.back().affiliations, f.value);
    } else if (f.tag == "AUID" && !authors_.empty() && authors_.back().orcid.empty() &&
               f.value.find("ORCID") != std::string::npos) {
      authors_.back().orcid = OrcidFromText(f.value);
    }
  }

  std::vector<core::Author> Finish() {
    if (!authors_.empty() && authors_.front().affiliations.empty()) {
      authors_.front().affiliations = std::move(early_affiliations_);
    }
    return std::move(authors_);
  }

 private:
  // Adds `a` unless it is empty; true when added.
  bool Push(core::Author a) {
    fau_open_ = false;
    if (a.family.empty() && a.collective.empty()) return false;
    authors_.push_back(std::move(a));
    return true;
  }

  std::vector<core::Author> authors_;
  std::vector<std::string> early_affiliations_;
  bool fau_open_ = false;
};

// Fields with one value per record; repeated tags are joined (TI, AB).
void FillScalar(const Field& f, core::Record* rec, std::string* book_title) {
  const std::string& t = f.tag;
  const std::string& v = f.value;
  if (t == "PMID" && rec->pmid.empty()) rec->pmid = LeadingPmid(v);
  if (t == "TI") Append(&rec->title, v);
  if (t == "BTI") Append(book_title, v);
  if (t == "TT") Append(&rec->vernacular_title, v);
  if (t == "AB") {  // PubMed's XML label UNLABELLED means no label
    Append(&rec->abstract, v.starts_with("UNLABELLED: ") ? std::string_view(v).substr(12) : v);
  }
  if (t == "JT" && rec->journal.empty()) rec->journal = v;
  if (t == "TA" && rec->journal_abbrev.empty()) rec->journal_abbrev = v;
  if (t == "VI" && rec->volume.empty()) rec->volume = v;
  if (t == "IP" && rec->issue.empty()) rec->issue = v;
  if (t == "PG" && rec->pages.empty()) rec->pages = v;
  if (t == "DP" && rec->year == 0) rec->year = core::YearFromDate(v);
  if (t == "PMC" && rec->pmcid.empty()) rec->pmcid = PmcidFromText(v);
}

void FillLists(const Field& f, core::Record* rec) {
  const std::string& t = f.tag;
  const std::string& v = f.value;
  if (t == "LID" || t == "AID") AddArticleId(v, rec);
  if (t == "PT") AddUnique(&rec->publication_types, v);
  if (t == "OT" || t == "KW") {  // "*term": a major-topic keyword
    AddUnique(&rec->keywords, v.starts_with('*') ? std::string_view(v).substr(1) : v);
  }
  if (t == "LA") AddUnique(&rec->language, v);
  if (t == "SI") FindRegistrations(v, &rec->registrations);
  if (t == "ISBN") {
    std::string_view isbn = TrimValue(v);
    if (isbn.starts_with("ISBN")) isbn = TrimValue(isbn.substr(4));
    if (!isbn.empty()) AddUnique(&rec->other_ids, "isbn:" + std::string(isbn));
  }
  if (t == "MH" && !TrimValue(v).empty()) rec->mesh.push_back(ParseMesh(v));
  if (const char* type = RelationType(t)) rec->relations.push_back(ParseRelation(type, v));
}

void FillRecord(const std::vector<Field>& fields, core::Record* rec) {
  AuthorBuilder authors;
  std::vector<std::string> issn[4];
  std::string book_title, revised[3];  // LR, DCOM, DA
  for (const Field& f : fields) {
    FillScalar(f, rec, &book_title);
    FillLists(f, rec);
    authors.Add(f);
    if (f.tag == "IS") AddIssn(f.value, issn);
    if (f.tag == "LR" && revised[0].empty()) revised[0] = Ymd(f.value);
    if (f.tag == "DCOM" && revised[1].empty()) revised[1] = Ymd(f.value);
    if (f.tag == "DA" && revised[2].empty()) revised[2] = Ymd(f.value);
  }
  rec->authors = authors.Finish();
  for (int slot : {0, 1, 2}) {
    for (const std::string& i : issn[slot]) AddUnique(&rec->issn, i);
  }
  if (rec->issn.empty()) rec->issn = issn[3];
  for (const std::string& d : revised) {
    if (rec->date_revised.empty()) rec->date_revised = d;
  }
  rec->kind = "article";
  if (!book_title.empty()) {
    rec->kind = rec->title.empty() ? "book" : "book-chapter";
    if (rec->title.empty()) {
      rec->title = book_title;
    } else if (rec->journal.empty()) {
      rec->journal = book_title;
    }
  }
  rec->source = "pubmed";
  rec->source_id = rec->pmid;
  rec->format = "medline";
}

// Tags of MEDLINE that RIS and the other "XX  - " formats do not use.
bool IsMedlineOnlyTag(std::string_view tag) {
  static const char* const kTags[] = {"PMID", "PMC", "PMCR", "FAU", "STAT", "OWN",  "DP",   "TA",
                                      "JT",   "JID", "DCOM", "LR",  "EDAT", "MHDA", "CRDT", "PHST",
                                      "PST",  "LID", "AID",  "BTI", "MH",   "PT"};
  return std::find(std::begin(kTags), std::end(kTags), tag) != std::end(kTags);
}

}  // namespace

bool LooksLikeMedline(std::string_view head) {
  bool pmid = false, medline_tag = false;
  int strict_tags = 0, other_lines = 0;
  for (std::string_view line : SplitAtLineEnds(head)) {
    std::string tag;
    std::string_view value;
    if (IsBlank(line) || IsValueSpace(line.front())) continue;
    if (line.starts_with("TY  -") || line.starts_with("ER  -") || line.starts_with("VN  -") ||
        line.starts_with("DB  -") || (line.front() == '<' && TrimValue(line).back() == '>')) {
      return false;  // RIS, Ovid
    }
    if (ParseTag(line, &tag, &value) && tag == "PMID" && !LeadingPmid(value).empty() &&
        line.starts_with("PMID")) {
      pmid = true;
    }
    if (ParseTag(line, &tag, &value, /*strict=*/true)) {
      ++strict_tags;
      medline_tag |= IsMedlineOnlyTag(tag);
    } else {
      ++other_lines;
    }
  }
  return pmid || (medline_tag && strict_tags >= 2 && other_lines == 0);
}

MedlineReader::MedlineReader(std::string path, std::string display_name)
    : LineRecordReader(std::move(path), std::move(display_name)) {}

// The next record's tag lines, from its first tag to its last line (blank
// lines and text between records excluded). False at the end of the file.
bool MedlineReader::ReadFields(std::vector<Field>* fields, RawRecord* raw, uint64_t* first_line) {
  fields->clear();
  raw->Clear();
  std::string line, tag;
  std::string_view value;
  bool after_blank = false;
  while (lines()->Next(&line)) {
    if (IsBlank(line)) {
      after_blank = true;
      raw->AddBlank(line);
      continue;
    }
    const bool is_tag = ParseTag(line, &tag, &value);
    if (is_tag && !fields->empty() && (after_blank || tag == "PMID")) {
      lines()->Unread();
      return true;
    }
    if (fields->empty() && !is_tag) continue;                             // text outside any record
    if (!is_tag && after_blank && !IsValueSpace(line.front())) continue;  // text after a record
    if (fields->empty()) *first_line = lines()->line_number();
    after_blank = false;
    raw->AddLine(line);
    if (!CheckSize(raw->size(), max_record, *first_line)) return false;
    if (is_tag) {
      fields->push_back(Field{tag, std::string(value)});
    } else {
      Append(&fields->back().value, TrimValue(line));
    }
  }
  if (!lines()->status().ok()) return Fail(lines()->status());
  return !fields->empty();
}

bool MedlineReader::Next(core::Record* rec) {
  if (!Open()) return false;
  std::vector<Field> fields;
  RawRecord raw;
  uint64_t first_line = 0;
  if (!ReadFields(&fields, &raw, &first_line)) {
    if (!status().ok()) return false;
    return End(1,
               "no MEDLINE record found (expected tagged lines like 'PMID- 12345678' and "
               "'TI  - Title')");
  }
  *rec = core::Record();
  FillRecord(fields, rec);
  return HandOut(raw.Take(), first_line, rec);
}

}  // namespace parse
