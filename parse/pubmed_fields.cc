#include "parse/pubmed_fields.h"

#include <strings.h>

#include <algorithm>
#include <cstring>
#include <pugixml.hpp>
#include <utility>

#include "core/normalize.h"
#include "parse/registrations.h"

namespace parse {

namespace {

// Appends the text of every descendant of n: inline markup and MathML are
// reduced to their character content.
void AppendText(pugi::xml_node n, std::string* out) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out->append(c.value());
    } else if (c.type() == pugi::node_element) {
      AppendText(c, out);
    }
  }
}

// True when CollapseSpace(s) would return s unchanged: valid UTF-8, no
// white space but single inner ASCII spaces (most fields are like this).
bool IsCollapsed(std::string_view s) {
  if (!s.empty() && (s.front() == ' ' || s.back() == ' ')) return false;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 || (c == ' ' && s[i + 1] == ' ')) return false;
      ++i;
      continue;
    }
    const size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (n == 0 || c > 0xF4 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    const auto c2 = n > 2 ? static_cast<unsigned char>(s[i + 2]) : 0;
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) ||  // overlong,
        (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) {  // surrogate
      return false;
    }
    // U+0085, U+00A0, U+1680, U+2000-200A, U+2028/9, U+202F, U+205F, U+3000.
    if ((c == 0xC2 && (c1 == 0x85 || c1 == 0xA0)) || (c == 0xE1 && c1 == 0x9A && c2 == 0x80) ||
        (c == 0xE2 && c1 == 0x80 && (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF)) ||
        (c == 0xE2 && c1 == 0x81 && c2 == 0x9F) || (c == 0xE3 && c1 == 0x80 && c2 == 0x80)) {
      return false;
    }
    i += n;
  }
  return true;
}

// Valid UTF-8 with white space collapsed (CollapseSpace reads invalid bytes
// as U+FFFD, so its output is valid UTF-8).
std::string Clean(std::string_view s) {
  if (IsCollapsed(s)) return std::string(s);
  return core::CollapseSpace(s);
}

std::string Text(pugi::xml_node n) {
  pugi::xml_node c = n.first_child();
  if (!c) return {};
  if (c.type() == pugi::node_pcdata && !c.next_sibling()) {
    return Clean(c.value());
  }
  std::string s;
  AppendText(n, &s);
  return Clean(s);
}

std::string Attr(pugi::xml_node n, const char* name) { return Clean(n.attribute(name).value()); }

void AddUnique(std::vector<std::string>* v, std::string s) {
  if (s.empty() || std::find(v->begin(), v->end(), s) != v->end()) return;
  v->push_back(std::move(s));
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int PubYear(pugi::xml_node pub_date) {
  const std::string y = Text(pub_date.child("Year"));
  if (y.size() == 4 && AllDigits(y)) return std::stoi(y);
  if (!y.empty()) return core::YearFromDate(y);
  return core::YearFromDate(Text(pub_date.child("MedlineDate")));
}

// "YYYY-MM-DD" from <Year><Month><Day> (Month may be "Jan"); "" without Year.
std::string DateYmd(pugi::xml_node d) {
  static const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};
  const std::string year = Text(d.child("Year"));
  if (year.empty()) return {};
  std::string month = Text(d.child("Month"));
  for (int i = 0; i < 12 && !AllDigits(month) && month.size() >= 3; ++i) {
    if (strncasecmp(month.c_str(), kMonths[i], 3) == 0) {
      month = std::to_string(i + 1);
    }
  }
  const std::string day = Text(d.child("Day"));
  auto two = [](const std::string& s) { return s.size() == 1 ? "0" + s : s; };
  std::string out = year;
  if (AllDigits(month)) out += "-" + two(month);
  if (AllDigits(month) && AllDigits(day)) out += "-" + two(day);
  return out;
}

std::string RevisedDate(pugi::xml_node parent) {
  for (const char* el : {"DateRevised", "DateCompleted", "DateCreated"}) {
    std::string d = DateYmd(parent.child(el));
    if (!d.empty()) return d;
  }
  return {};
}

// "https://orcid.org/0000-0002-1825-0097" / "0000000218250097" ->
// "0000-0002-1825-0097"; "" when it is not an ORCID iD.
std::string NormalizeOrcid(std::string_view s) {
  const size_t slash = s.rfind('/');
  if (slash != std::string_view::npos) s.remove_prefix(slash + 1);
  std::string bare;
  for (char c : s) {
    if ((c >= '0' && c <= '9') || c == 'X' || c == 'x') {
      bare += static_cast<char>(c == 'x' ? 'X' : c);
    }
  }
  if (bare.size() != 16 || !AllDigits(bare.substr(0, 15))) return {};
  return bare.substr(0, 4) + "-" + bare.substr(4, 4) + "-" + bare.substr(8, 4) + "-" +
         bare.substr(12, 4);
}

core::Author ReadAuthor(pugi::xml_node a) {
  core::Author au;
  au.family = Text(a.child("LastName"));
  au.given = Text(a.child("ForeName"));
  const std::string suffix = Text(a.child("Suffix"));
  if (!suffix.empty()) au.given += (au.given.empty() ? "" : " ") + suffix;
  au.initials = Text(a.child("Initials"));
  au.collective = Text(a.child("CollectiveName"));
  for (pugi::xml_node id : a.children("Identifier")) {
    if (std::strcmp(id.attribute("Source").value(), "ORCID") == 0) {
      au.orcid = NormalizeOrcid(Text(id));
    }
  }
  for (pugi::xml_node info : a.children("AffiliationInfo")) {
    AddUnique(&au.affiliations, Text(info.child("Affiliation")));
  }
  for (pugi::xml_node aff : a.children("Affiliation")) {
    AddUnique(&au.affiliations, Text(aff));
  }
  return au;
}

void FillAuthors(pugi::xml_node parent, core::Record* rec) {
  for (pugi::xml_node list : parent.children("AuthorList")) {
    const char* type = list.attribute("Type").value();
    if (*type != '\0' && std::strcmp(type, "authors") != 0) continue;
    for (pugi::xml_node a : list.children("Author")) {
      if (std::strcmp(a.attribute("ValidYN").value(), "N") == 0) continue;
      rec->authors.push_back(ReadAuthor(a));
    }
  }
  // Before 2014 one Article/Affiliation held the first author's address.
  const std::string old = Text(parent.child("Affiliation"));
  if (!old.empty() && !rec->authors.empty() && rec->authors.front().affiliations.empty()) {
    rec->authors.front().affiliations.push_back(old);
  }
}

void FillAbstract(pugi::xml_node abstract, core::Record* rec) {
  for (pugi::xml_node t : abstract.children("AbstractText")) {
    core::AbstractSection s;
    s.label = Attr(t, "Label");
    if (s.label == "UNLABELLED") s.label.clear();
    s.nlm_category = Attr(t, "NlmCategory");
    s.text = Text(t);
    std::string piece = s.label.empty() ? s.text : s.label + ": " + s.text;
    if (!s.text.empty()) {
      if (!rec->abstract.empty()) rec->abstract += ' ';
      rec->abstract += piece;
    }
    rec->abstract_sections.push_back(std::move(s));
  }
}

void FillPagination(pugi::xml_node p, core::Record* rec) {
  std::string pages = Text(p.child("MedlinePgn"));
  if (pages.empty()) {
    const std::string start = Text(p.child("StartPage"));
    const std::string end = Text(p.child("EndPage"));
    pages = end.empty() || start.empty() ? start : start + "-" + end;
  }
  if (pages.empty()) return;
  rec->pages = core::NormalizePages(pages);
  if (rec->pages.empty()) rec->pages = pages;
}

void AddId(std::string_view type, const std::string& value, core::Record* rec) {
  if (value.empty()) return;
  if (type == "doi") {
    if (rec->doi.empty()) rec->doi = core::NormalizeDoi(value);
  } else if (type == "pmc") {
    if (rec->pmcid.empty()) rec->pmcid = value;
  } else if (type == "pubmed") {
    if (rec->pmid.empty()) rec->pmid = value;
  } else if (type == "pii" || type == "bookaccession") {
    AddUnique(&rec->other_ids, std::string(type) + ":" + value);
  }
}

void FillELocations(pugi::xml_node parent, core::Record* rec) {
  for (pugi::xml_node e : parent.children("ELocationID")) {
    AddId(e.attribute("EIdType").value(), Text(e), rec);
  }
}

void FillArticleIds(pugi::xml_node list, core::Record* rec) {
  for (pugi::xml_node id : list.children("ArticleId")) {
    AddId(id.attribute("IdType").value(), Text(id), rec);
  }
}

void FillJournal(pugi::xml_node j, pugi::xml_node info, core::Record* rec) {
  rec->journal = Text(j.child("Title"));
  rec->journal_abbrev = Text(j.child("ISOAbbreviation"));
  if (rec->journal_abbrev.empty()) {
    rec->journal_abbrev = Text(info.child("MedlineTA"));
  }
  for (const char* type : {"Print", "Electronic", ""}) {
    for (pugi::xml_node issn : j.children("ISSN")) {
      if (std::strcmp(issn.attribute("IssnType").value(), type) != 0) continue;
      AddUnique(&rec->issn, core::NormalizeIssn(Text(issn)));
    }
  }
  if (rec->issn.empty()) {
    AddUnique(&rec->issn, core::NormalizeIssn(Text(info.child("ISSNLinking"))));
  }
  pugi::xml_node issue = j.child("JournalIssue");
  rec->volume = Text(issue.child("Volume"));
  rec->issue = Text(issue.child("Issue"));
  rec->year = PubYear(issue.child("PubDate"));
}

void FillMesh(pugi::xml_node list, core::Record* rec) {
  for (pugi::xml_node h : list.children("MeshHeading")) {
    pugi::xml_node d = h.child("DescriptorName");
    core::MeshHeading m;
    m.descriptor = Text(d);
    m.ui = Attr(d, "UI");
    m.major = std::strcmp(d.attribute("MajorTopicYN").value(), "Y") == 0;
    for (pugi::xml_node q : h.children("QualifierName")) {
      std::string name = Text(q);
      if (std::strcmp(q.attribute("MajorTopicYN").value(), "Y") == 0) {
        name += '*';
      }
      m.qualifiers.push_back(std::move(name));
    }
    rec->mesh.push_back(std::move(m));
  }
}

// Fields a MedlineCitation and a BookDocument share.
void FillCommon(pugi::xml_node parent, core::Record* rec) {
  pugi::xml_node pmid;  // the highest Version when there are several
  for (pugi::xml_node p : parent.children("PMID")) {
    if (!pmid || p.attribute("Version").as_int(1) > pmid.attribute("Version").as_int(1)) pmid = p;
  }
  if (rec->pmid.empty()) rec->pmid = Text(pmid);
  rec->date_revised = RevisedDate(parent);
  for (pugi::xml_node list : parent.children("KeywordList")) {
    for (pugi::xml_node k : list.children("Keyword")) {
      AddUnique(&rec->keywords, Text(k));
    }
  }
}

void FillCitation(pugi::xml_node mc, core::Record* rec) {
  rec->kind = "article";
  FillCommon(mc, rec);
  pugi::xml_node art = mc.child("Article");
  FillJournal(art.child("Journal"), mc.child("MedlineJournalInfo"), rec);
  rec->title = Text(art.child("ArticleTitle"));
  rec->vernacular_title = Text(art.child("VernacularTitle"));
  FillPagination(art.child("Pagination"), rec);
  FillELocations(art, rec);
  FillAbstract(art.child("Abstract"), rec);
  FillAuthors(art, rec);
  for (pugi::xml_node l : art.children("Language")) {
    AddUnique(&rec->language, Text(l));
  }
  for (pugi::xml_node t : art.child("PublicationTypeList").children("PublicationType")) {
    AddUnique(&rec->publication_types, Text(t));
  }
  for (pugi::xml_node bank : art.child("DataBankList").children("DataBank")) {
    const std::string name = Text(bank.child("DataBankName"));
    for (pugi::xml_node acc : bank.child("AccessionNumberList").children("AccessionNumber")) {
      FindRegistrations(name + " " + Text(acc), &rec->registrations);
    }
  }
  FillMesh(mc.child("MeshHeadingList"), rec);
  for (pugi::xml_node c : mc.child("CommentsCorrectionsList").children("CommentsCorrections")) {
    rec->relations.push_back(
        core::Relation{Attr(c, "RefType"), Text(c.child("PMID")), Text(c.child("RefSource"))});
  }
  for (pugi::xml_node o : mc.children("OtherID")) {  // "PMC123 [Available..."
    const std::string v = Text(o);
    if (rec->pmcid.empty() && v.rfind("PMC", 0) == 0) {
      rec->pmcid = v.substr(0, v.find(' '));
    }
  }
}

void FillBook(pugi::xml_node bd, core::Record* rec) {
  FillCommon(bd, rec);
  pugi::xml_node book = bd.child("Book");
  const std::string book_title = Text(book.child("BookTitle"));
  rec->title = Text(bd.child("ArticleTitle"));
  rec->kind = rec->title.empty() ? "book" : "book-chapter";
  if (rec->title.empty()) {
    rec->title = book_title;
  } else {
    rec->journal = book_title;
  }
  rec->vernacular_title = Text(bd.child("VernacularTitle"));
  rec->year = PubYear(book.child("PubDate"));
  rec->volume = Text(book.child("Volume"));
  FillAuthors(bd, rec);
  if (rec->authors.empty()) FillAuthors(book, rec);
  FillPagination(bd.child("Pagination"), rec);
  FillELocations(book, rec);
  FillELocations(bd, rec);
  FillArticleIds(bd.child("ArticleIdList"), rec);
  for (pugi::xml_node isbn : book.children("Isbn")) {
    AddUnique(&rec->other_ids, "isbn:" + Text(isbn));
  }
  for (pugi::xml_node l : bd.children("Language")) {
    AddUnique(&rec->language, Text(l));
  }
  for (pugi::xml_node t : bd.children("PublicationType")) {
    AddUnique(&rec->publication_types, Text(t));
  }
  FillAbstract(bd.child("Abstract"), rec);
}

}  // namespace

void FillRecordFromElement(const pugi::xml_node& element, std::string_view name,
                           core::Record* rec) {
  *rec = core::Record();
  if (name == "PubmedBookArticle") {
    FillBook(element.child("BookDocument"), rec);
    FillArticleIds(element.child("PubmedBookData").child("ArticleIdList"), rec);
  } else if (name == "MedlineCitation") {
    FillCitation(element, rec);
  } else {
    FillCitation(element.child("MedlineCitation"), rec);
    FillArticleIds(element.child("PubmedData").child("ArticleIdList"), rec);
  }
  rec->source = "pubmed";
  rec->source_id = rec->pmid;
  rec->format = "pubmed-xml";
  FindRegistrations(rec->title, &rec->registrations);
  FindRegistrations(rec->abstract, &rec->registrations);
}

std::vector<std::string> DeletedPmids(const pugi::xml_node& element) {
  std::vector<std::string> pmids;
  for (pugi::xml_node p : element.children("PMID")) AddUnique(&pmids, Text(p));
  return pmids;
}

}  // namespace parse
