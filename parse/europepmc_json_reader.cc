#include "parse/europepmc_json_reader.h"

#include <utility>
#include <vector>

#include "core/author_name.h"
#include "core/normalize.h"
#include "parse/json_fields.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

// Why `page` is not a search response Europe PMC would send; "" when it is.
std::string EnvelopeProblem(const Json& page) {
  if (!page.is_object()) {
    return std::string("a JSON ") + page.type_name() + ", not a search response object";
  }
  // Europe PMC answers a bad request with {"errCode": ..., "errMsg": ...}.
  const std::string said = TextOf(page, "errMsg");
  const std::string hint = said.empty() ? "" : " (the service said: " + said + ")";
  if (Member(page, "hitCount").is_null()) {
    return "\"hitCount\" is missing: not a Europe PMC search response" + hint;
  }
  const Json& list = Member(page, "resultList");
  if (list.is_null()) return "\"resultList\" is missing: not a Europe PMC search response" + hint;
  if (!Member(list, "result").is_array()) return "\"resultList.result\" is missing or not an array";
  return "";
}

void AddIssn(std::string_view text, core::Record* rec) {
  const std::string issn = core::NormalizeIssn(text);
  if (!issn.empty()) AddUnique(&rec->issn, issn);
}

// "Erratum for" -> "ErratumFor": the RefType PubMed gives the same link.
std::string RelationType(std::string_view words) {
  std::string out;
  bool upper = true;
  for (char c : words) {
    if (c == ' ' || c == '-' || c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    upper = false;
  }
  return out;
}

void FillIds(const Json& r, core::Record* rec) {
  const std::string source = TextOf(r, "source");
  const std::string id = TextOf(r, "id");
  rec->source = "europepmc";
  if (!source.empty() && !id.empty()) rec->source_id = source + ":" + id;
  rec->pmid = PmidFromText(TextOf(r, "pmid"));
  if (rec->pmid.empty() && source == "MED") rec->pmid = PmidFromText(id);
  rec->pmcid = PmcidFromText(TextOf(r, "pmcid"));
  if (rec->pmcid.empty() && source == "PMC") rec->pmcid = PmcidFromText(id);
  rec->doi = core::NormalizeDoi(TextOf(r, "doi"));
  const std::string book = TextOf(r, "bookid");
  if (!book.empty()) AddUnique(&rec->other_ids, "bookaccession:" + book);
}

// journalInfo in core results; journalTitle, journalVolume... in lite ones.
void FillJournal(const Json& r, core::Record* rec) {
  const Json& info = Member(r, "journalInfo");
  const Json& journal = Member(info, "journal");
  rec->journal = StripMarkup(TextOf(journal, "title"));
  if (rec->journal.empty()) rec->journal = StripMarkup(TextOf(r, "journalTitle"));
  rec->journal_abbrev = TextOf(journal, "isoabbreviation");
  SetIfEmpty(&rec->journal_abbrev, TextOf(journal, "medlineAbbreviation"));
  AddIssn(TextOf(journal, "issn"), rec);
  AddIssn(TextOf(journal, "essn"), rec);
  for (const std::string& part : SplitList(TextOf(r, "journalIssn"), ";")) AddIssn(part, rec);
  rec->volume = TextOf(info, "volume");
  SetIfEmpty(&rec->volume, TextOf(r, "journalVolume"));
  rec->issue = TextOf(info, "issue");
  SetIfEmpty(&rec->issue, TextOf(r, "issue"));
  const Json& book = Member(r, "bookOrReportDetails");
  rec->year = core::YearFromDate(TextOf(info, "yearOfPublication"));
  if (rec->year == 0) rec->year = core::YearFromDate(TextOf(r, "pubYear"));
  if (rec->year == 0) rec->year = core::YearFromDate(TextOf(book, "yearOfPublication"));
  // A chapter's container is its book; a preprint's is its server.
  SetIfEmpty(&rec->journal, StripMarkup(TextOf(book, "comprisingTitle")));
  if (TextOf(r, "source") == "PPR") SetIfEmpty(&rec->journal, TextOf(book, "publisher"));
  const std::string pages = TextOf(r, "pageInfo");
  rec->pages = core::NormalizePages(pages);
  if (rec->pages.empty()) rec->pages = pages;
}

core::Author AuthorFrom(const Json& a) {
  core::Author au;
  au.collective = TextOf(a, "collectiveName");
  if (au.collective.empty()) {
    au.family = TextOf(a, "lastName");
    au.given = TextOf(a, "firstName");
    for (char c : TextOf(a, "initials")) {
      if (c != '.' && c != ' ') au.initials.push_back(c);
    }
    const std::string full = TextOf(a, "fullName");
    if (au.family.empty() && !full.empty()) au = core::ParseAuthorName(full);
    if (au.initials.empty() && !au.given.empty()) au.initials = core::InitialsFromGiven(au.given);
  }
  const Json& id = Member(a, "authorId");
  if (LowerAscii(TextOf(id, "type")) == "orcid") au.orcid = OrcidFromText(TextOf(id, "value"));
  for (const Json& aff : Items(At(a, {"authorAffiliationDetailsList", "authorAffiliation"}))) {
    AddUnique(&au.affiliations, TextOf(aff, "affiliation"));
  }
  AddUnique(&au.affiliations, TextOf(a, "affiliation"));
  return au;
}

void FillAuthors(const Json& r, core::Record* rec) {
  const Json& list = Member(r, "authorList");
  for (const Json& a : Items(Member(list, "author"))) {
    core::Author au = AuthorFrom(a);
    if (!au.family.empty() || !au.given.empty() || !au.collective.empty()) {
      rec->authors.push_back(std::move(au));
    }
  }
  if (!list.is_null()) return;
  // Lite results only have "Schoenfeld JD, Haas-Kogan DA, O'Neill AF."
  std::string names = TextOf(r, "authorString");
  if (!names.empty() && names.back() == '.') names.pop_back();
  for (const std::string& name : SplitList(names, ",")) AddPersonOrGroup(name, rec);
}

void AddSection(std::string label, std::string_view body, core::Record* rec) {
  core::AbstractSection s;
  s.label = std::move(label);
  s.text = StripMarkup(body);
  if (s.label.empty() && s.text.empty()) return;
  if (!s.text.empty()) {
    if (!rec->abstract.empty()) rec->abstract += ' ';
    rec->abstract += s.label.empty() ? s.text : s.label + ": " + s.text;
  }
  rec->abstract_sections.push_back(std::move(s));
}

// Europe PMC marks the parts of a structured abstract with <h4> headings:
// "<h4>Objective</h4>This study...<h4>Design</h4>...".
void FillAbstract(std::string_view text, core::Record* rec) {
  size_t at = text.find("<h4>");
  if (at == std::string_view::npos) {
    rec->abstract = StripMarkup(text);
    return;
  }
  AddSection("", text.substr(0, at), rec);
  while (at != std::string_view::npos) {
    const size_t close = text.find("</h4>", at);
    if (close == std::string_view::npos) {
      AddSection("", text.substr(at), rec);
      return;
    }
    const size_t body = close + 5;
    const size_t next = text.find("<h4>", body);
    const size_t end = next == std::string_view::npos ? text.size() : next;
    AddSection(StripMarkup(text.substr(at + 4, close - at - 4)), text.substr(body, end - body),
               rec);
    at = next;
  }
}

void AddMesh(const Json& h, core::Record* rec) {
  core::MeshHeading m;
  m.descriptor = TextOf(h, "descriptorName");
  if (m.descriptor.empty()) return;
  m.major = TextOf(h, "majorTopic_YN") == "Y";
  for (const Json& q : Items(At(h, {"meshQualifierList", "meshQualifier"}))) {
    std::string name = TextOf(q, "qualifierName");
    if (name.empty()) continue;
    if (TextOf(q, "majorTopic_YN") == "Y") name += '*';
    m.qualifiers.push_back(std::move(name));
  }
  rec->mesh.push_back(std::move(m));
}

void FillSubjects(const Json& r, core::Record* rec) {
  const Json& language = Member(r, "language");
  AddUnique(&rec->language, Text(language));
  for (const Json& l : Items(language)) AddUnique(&rec->language, Text(l));
  for (const Json& t : Items(At(r, {"pubTypeList", "pubType"}))) {
    AddUnique(&rec->publication_types, Text(t));
  }
  if (rec->publication_types.empty()) {  // lite: "review; journal article"
    for (const std::string& t : SplitList(TextOf(r, "pubType"), ";")) {
      AddUnique(&rec->publication_types, t);
    }
  }
  for (const Json& k : Items(At(r, {"keywordList", "keyword"}))) {
    AddUnique(&rec->keywords, StripMarkup(Text(k)));
  }
  for (const Json& h : Items(At(r, {"meshHeadingList", "meshHeading"}))) AddMesh(h, rec);
}

void FillRelations(const Json& r, core::Record* rec) {
  for (const Json& c : Items(At(r, {"commentCorrectionList", "commentCorrection"}))) {
    core::Relation rel{RelationType(TextOf(c, "type")), "", TextOf(c, "reference")};
    if (TextOf(c, "source") == "MED") rel.pmid = PmidFromText(TextOf(c, "id"));
    if (!rel.type.empty() || !rel.pmid.empty() || !rel.citation.empty()) {
      rec->relations.push_back(std::move(rel));
    }
  }
}

std::string KindOf(const Json& r, const core::Record& rec) {
  const std::string source = TextOf(r, "source");
  if (source == "PPR") return "preprint";
  if (source == "ETH") return "thesis";
  if (source == "PAT") return "other";
  if (!TextOf(Member(r, "bookOrReportDetails"), "comprisingTitle").empty()) return "book-chapter";
  const std::string kind = MostSpecificKind(rec.publication_types);
  if ((kind.empty() || kind == "other") && !rec.journal.empty()) return "article";
  return kind.empty() ? "other" : kind;
}

void FillRecord(const Json& r, core::Record* rec) {
  FillIds(r, rec);
  rec->title = StripMarkup(TextOf(r, "title"));
  FillAbstract(TextOf(r, "abstractText"), rec);
  FillAuthors(r, rec);
  FillJournal(r, rec);
  FillSubjects(r, rec);
  FillRelations(r, rec);
  rec->kind = KindOf(r, *rec);
  rec->date_revised = TextOf(r, "dateOfRevision");
  rec->format = "europepmc-json";
  FinishRecord(rec);
}

// Pages: one response object, or an array of them; records: each page's
// resultList.result.
class EuropePmcFormat final : public JsonRecordFormat {
 public:
  std::string ListRecords(const Json& top, const std::string& name,
                          std::vector<JsonRecords>* out) const override {
    std::vector<const Json*> pages;
    if (!top.is_array()) pages.push_back(&top);
    for (const Json& page : Items(top)) pages.push_back(&page);
    for (size_t i = 0; i < pages.size(); ++i) {
      const std::string where = top.is_array() ? name + " page " + std::to_string(i + 1) : name;
      const std::string why = EnvelopeProblem(*pages[i]);
      if (!why.empty()) return where + ": " + why;
      out->push_back({&At(*pages[i], {"resultList", "result"}), true, where + " result "});
    }
    return "";
  }

  std::string Problem(const Json& r) const override {
    return r.is_object() ? "" : "not a JSON object";
  }

  void Fill(const Json& r, core::Record* rec) const override { FillRecord(r, rec); }
};

const EuropePmcFormat kFormat;

}  // namespace

EuropePmcJsonReader::EuropePmcJsonReader(std::string path, std::string display_name)
    : JsonRecordReader(std::move(path), std::move(display_name), kFormat) {}

std::unique_ptr<EuropePmcJsonReader> EuropePmcJsonReader::FromPayload(std::string payload,
                                                                      std::string display_name) {
  return OverPayload<EuropePmcJsonReader>(std::move(payload), std::move(display_name),
                                          "europepmc response");
}

bool LooksLikeEuropePmcJson(std::string_view head) {
  return JsonHeadHasTopLevelKey(head, "resultList") || JsonHeadHasTopLevelKey(head, "hitCount");
}

}  // namespace parse
