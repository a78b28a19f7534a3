// The RIS reader's identifiers (see ris_fields.h): DOI, PMID, PMCID, source
// database and accession, out of the id fields, links and notes.
#include <algorithm>
#include <string>

#include "core/normalize.h"
#include "parse/ris_fields.h"
#include "parse/text_fields.h"

namespace parse::ris {
namespace {

// Tags that hold links to the record.
bool IsUrlTag(uint16_t tag) {
  return tag == T("UR") || tag == T("L1") || tag == T("L2") || tag == T("L3") || tag == T("L4") ||
         tag == T("LK");
}
// Free "custom" and "user" fields (U1-U5, C1-C8) and ID, where vendors put
// PMIDs and PMCIDs.
bool IsCustomTag(uint16_t tag) {
  const char a = static_cast<char>(tag >> 8), b = static_cast<char>(tag & 0xFF);
  return (a == 'U' && b >= '1' && b <= '5') || (a == 'C' && b >= '1' && b <= '8') || tag == T("ID");
}
bool IsDoiTag(uint16_t tag) { return tag == T("DO") || tag == T("L3"); }

// ---------------------------------------------------------------------------
// Links and notes, lower-cased once per record for the searches below.

struct Text {
  std::string_view text;
  std::string lower;
  uint16_t tag = 0;
};

struct IdSources {
  std::vector<Text> urls;   // UR, L1-L4, LK
  std::vector<Text> notes;  // N1

  explicit IdSources(const Fields& f) {
    for (size_t i = 0; i < f.size(); ++i) {
      std::string_view v = Fields::Value(f.at(i));
      uint16_t tag = f.at(i).tag;
      if (v.empty()) continue;
      if (IsUrlTag(tag)) {
        urls.push_back({v, LowerAscii(v), tag});
      } else if (tag == T("N1")) {
        notes.push_back({v, LowerAscii(v), tag});
      }
    }
  }
};

// The value of the query parameter `name` (ASCII case-insensitive) in `url`.
std::string_view QueryParam(std::string_view url, std::string_view name) {
  for (size_t i = url.find_first_of("?&#;"); i != std::string_view::npos;
       i = url.find_first_of("?&#;", i + 1)) {
    std::string_view rest = url.substr(i + 1);
    if (rest.size() > name.size() && rest[name.size()] == '=' && IStartsWith(rest, name)) {
      rest.remove_prefix(name.size() + 1);
      return rest.substr(0, rest.find_first_of("&#"));
    }
  }
  return {};
}

// EBSCOhost database codes (DB tag, "db=" in links) to database names.
std::string_view EbscoDatabase(std::string_view code) {
  static const std::pair<std::string_view, std::string_view> kCodes[] = {
      {"a9h", "Academic Search Complete"},
      {"aph", "Academic Search Premier"},
      {"ecn", "EconLit"},
      {"8gh", "GreenFILE"},
      {"egh", "Environment Index"},
      {"psyh", "APA PsycInfo"},
      {"rzh", "CINAHL Plus"},
      {"ccm", "CINAHL Complete"},
      {"cin20", "CINAHL"},
      {"cmedm", "MEDLINE"},
      {"mdc", "MEDLINE Complete"},
      {"mnh", "MEDLINE with Full Text"},
      {"eric", "ERIC"}};
  code = Trim(code);
  if (code.size() > 5) return {};
  for (const auto& [k, name] : kCodes) {
    if (code.size() == k.size() && IStartsWith(code, k)) return name;
  }
  return {};
}

// The database of an Ovid link's "D=" code ("medp", "pmnm8", "emed21", "psyc7").
std::string OvidDatabase(std::string_view code) {
  std::string c = LowerAscii(code);
  if (c.starts_with("med") || c.starts_with("prem") || c.starts_with("pmnm")) return "medline";
  if (c.starts_with("emed") || c.starts_with("emba") || c.starts_with("emez") ||
      c.starts_with("oemez")) {
    return "embase";
  }
  if (c.starts_with("psyc")) return "psycinfo";
  if (c.starts_with("caba")) return "cab";
  return "";
}

// A record's page at its database, which names the database and the
// record's accession there.
struct VendorLink {
  std::string source;
  std::string accession;
};

// The path segment after `marker` in `url`, up to '/', '?' or '#'.
std::string_view Segment(const Text& url, std::string_view marker) {
  size_t at = url.lower.find(marker);
  if (at == std::string::npos) return {};
  std::string_view rest = url.text.substr(at + marker.size());
  return rest.substr(0, rest.find_first_of("/?#&"));
}

VendorLink LinkOf(const Text& url) {
  if (Contains(url.lower, "scopus.com")) {
    std::string_view eid = QueryParam(url.text, "eid");
    if (!eid.empty()) return {"scopus", std::string(eid)};
  }
  if (Contains(url.lower, "ebscohost.com")) {
    std::string_view an = QueryParam(url.text, "AN");
    std::string_view db = EbscoDatabase(QueryParam(url.text, "db"));
    if (!an.empty()) return {db.empty() ? "" : CanonicalDatabase(db), std::string(an)};
  }
  if (Contains(url.lower, "ovid")) {
    std::string_view an = QueryParam(url.text, "AN");
    if (!an.empty()) return {OvidDatabase(QueryParam(url.text, "D")), std::string(an)};
  }
  std::string_view pub = Segment(url, "app.dimensions.ai/details/publication/");
  if (pub.starts_with("pub.")) return {"dimensions", std::string(pub)};
  std::string_view lens = Segment(url, "lens.org/");
  if (lens.size() >= 15 && IsDigit(lens[0]) && lens[3] == '-') return {"lens", std::string(lens)};
  return {};
}

VendorLink FirstVendorLink(const IdSources& ids) {
  for (const Text& url : ids.urls) {
    VendorLink link = LinkOf(url);
    if (!link.accession.empty()) return link;
  }
  return {};
}

// ---------------------------------------------------------------------------
// DOI.

// A DOI in a link: a doi.org link, a "doi=" parameter, a ".../doi/..." path
// or a path segment "/10.NNNN/..." (link.springer.com); "" otherwise.
std::string DoiFromUrl(const Text& url) {
  size_t at = url.lower.find("doi.org/");
  if (at != std::string::npos) return core::NormalizeDoi(url.text.substr(at + 8));
  std::string_view param = QueryParam(url.text, "doi");
  if (!param.empty()) return core::NormalizeDoi(param);
  std::string_view path = url.text.substr(0, url.text.find_first_of("?#"));
  at = url.lower.find("/doi/");
  if (at != std::string::npos && at < path.size()) return core::NormalizeDoi(path.substr(at));
  for (at = url.lower.find("/10."); at != std::string::npos && at < path.size();
       at = url.lower.find("/10.", at + 1)) {
    size_t end = at + 4;
    while (end < path.size() && IsDigit(path[end])) ++end;
    if (end - at - 4 >= 4 && end < path.size() && path[end] == '/') {
      return core::NormalizeDoi(path.substr(at + 1));
    }
  }
  return "";
}

bool LooksLikeUrl(std::string_view v) {
  return Contains(v, "://") || v.starts_with("//") || IStartsWith(v, "www.");
}

std::string DoiFromValue(std::string_view v) {
  return LooksLikeUrl(v) ? DoiFromUrl({v, LowerAscii(v), 0}) : core::NormalizeDoi(v);
}

// A DOI labelled as such in a note ("doi: 10.1063/1.1954747", a doi.org
// link); a bare DOI in a note may be a funder's or a cited work's.
std::string DoiFromNote(const Text& note) {
  for (size_t at = note.lower.find("doi"); at != std::string::npos;
       at = note.lower.find("doi", at + 3)) {
    std::string_view rest = note.text.substr(at + 3);
    if (rest.starts_with(".org/") || rest.starts_with(":") || rest.starts_with(" 10.")) {
      std::string doi = core::NormalizeDoi(rest.substr(0, rest.find_first_of("\n;")));
      if (!doi.empty()) return doi;
    }
  }
  return "";
}

std::string FindDoi(const Fields& f, const IdSources& ids) {
  for (std::string_view v : f.All(IsDoiTag)) {
    std::string doi = DoiFromValue(v);
    if (!doi.empty()) return doi;
  }
  for (std::string_view v : f.All(T("M3"))) {
    if (IStartsWith(v, "doi") || v.starts_with("10.")) {
      std::string doi = core::NormalizeDoi(v);
      if (!doi.empty()) return doi;
    }
  }
  for (const Text& url : ids.urls) {
    if (url.tag != T("UR") && url.tag != T("L4")) continue;  // L1/L2 may be a supplement's
    std::string doi = DoiFromUrl(url);
    if (!doi.empty()) return doi;
  }
  for (const Text& note : ids.notes) {
    std::string doi = DoiFromNote(note);
    if (!doi.empty()) return doi;
  }
  return "";
}

// ---------------------------------------------------------------------------
// PMID and PMCID.

// A PMID written with a label: "PMID: 123", "123[pmid]", "123 [PMID]",
// "PUBMED-123"; "" otherwise.
std::string LabelledPmid(std::string_view v) {
  v = Trim(v);
  std::string lower = LowerAscii(v.substr(0, 12));
  size_t at = v.size() <= 24 ? LowerAscii(v).find("[pmid]") : std::string::npos;
  if (at != std::string::npos) {
    std::string_view digits = Trim(v.substr(0, at));
    return IsAllDigits(digits) && digits.size() <= 9 ? std::string(digits) : "";
  }
  if (lower.starts_with("pubmed-")) {
    std::string_view digits = v.substr(7);
    return IsAllDigits(digits) && digits.size() <= 9 ? std::string(digits) : "";
  }
  if (lower.starts_with("pmid") || lower.starts_with("pubmed id") || lower.starts_with("pubmed:")) {
    return PmidFromText(v);
  }
  return "";
}

std::string LabelledPmcid(std::string_view v) {
  v = Trim(v);
  bool pmc = IStartsWith(v, "PMC") && v.size() > 3 && IsDigit(v[3]);
  if (pmc || IStartsWith(v, "pmcid") || (v.size() <= 24 && Contains(LowerAscii(v), "[pmcid]"))) {
    return PmcidFromText(v);
  }
  return "";
}

bool IsPubmedSource(std::string_view source) { return source == "pubmed" || source == "medline"; }

bool IsPmid(std::string_view s) { return IsAllDigits(s) && s.size() <= 9; }

// A note's line or ';'-separated part that begins with `label`.
std::string_view LabelledPart(const Text& note, std::string_view label) {
  for (size_t at = note.lower.find(label); at != std::string::npos;
       at = note.lower.find(label, at + 1)) {
    size_t start = note.text.find_last_of("\n;", at);
    start = start == std::string_view::npos ? 0 : start + 1;
    if (!Trim(note.text.substr(start, at - start)).empty()) continue;
    std::string_view part = note.text.substr(at);
    return part.substr(0, part.find_first_of("\n;"));
  }
  return {};
}

std::string FindPmid(const Fields& f, const IdSources& ids, const std::string& source,
                     const VendorLink& link) {
  std::string_view an = f.First(T("AN"));
  if (IsPubmedSource(source) && IsPmid(an)) return std::string(an);
  if (IsPubmedSource(link.source) && IsPmid(link.accession)) return link.accession;
  for (std::string_view v : f.All(IsCustomTag)) {
    std::string pmid = LabelledPmid(v);
    if (!pmid.empty()) return pmid;
  }
  std::string_view c2 = f.First(T("C2"));  // Scopus writes the PubMed ID there
  if (source == "scopus" && IsPmid(c2)) return std::string(c2);
  for (const Text& url : ids.urls) {
    if (!Contains(url.lower, "pubmed") && !Contains(url.lower, "ncbi.nlm.nih.gov")) continue;
    std::string pmid = PmidFromText(url.text);
    if (!pmid.empty()) return pmid;
  }
  for (const Text& note : ids.notes) {
    for (std::string_view label : {"pmid", "pubmed id"}) {
      std::string pmid = LabelledPmid(LabelledPart(note, label));
      if (!pmid.empty()) return pmid;
    }
  }
  return "";
}

std::string FindPmcid(const Fields& f, const IdSources& ids) {
  for (std::string_view v : f.All(IsCustomTag)) {
    std::string pmcid = LabelledPmcid(v);
    if (!pmcid.empty()) return pmcid;
  }
  std::string pmcid = LabelledPmcid(f.First(T("AN")));
  if (!pmcid.empty()) return pmcid;
  for (const Text& url : ids.urls) {
    if (Contains(url.lower, "ncbi.nlm.nih.gov/pmc/") || Contains(url.lower, "europepmc.org") ||
        Contains(url.lower, "pmc.ncbi.nlm.nih.gov")) {
      pmcid = PmcidFromText(url.text);
      if (!pmcid.empty()) return pmcid;
    }
  }
  for (const Text& note : ids.notes) {
    std::string_view part = LabelledPart(note, "pmcid");
    if (!part.empty()) return PmcidFromText(part);
  }
  return "";
}

// ---------------------------------------------------------------------------
// Source and accession.

// Canonical names of databases (as opposed to platforms such as EBSCOhost,
// Ovid or ProQuest, and to Zotero's "Library Catalog" values).
bool IsDatabase(std::string_view source) {
  static constexpr std::string_view kDatabases[] = {
      "embase",     "psycinfo",  "cinahl",         "econlit", "europepmc",
      "medline",    "pubmed",    "scopus",         "wos",     "cochrane",
      "dimensions", "lens",      "google-scholar", "ctgov",   "agris",
      "cab",        "greenfile", "envindex",       "asp",     "academic-search-complete",
      "eric"};
  return std::find(std::begin(kDatabases), std::end(kDatabases), source) != std::end(kDatabases);
}

std::string DatabaseName(std::string_view name) {
  std::string_view ebsco = EbscoDatabase(name);
  return CanonicalDatabase(ebsco.empty() ? name : ebsco);
}

bool IsWosAccession(std::string_view an) {
  return IStartsWith(an, "WOS:") || IStartsWith(an, "ISI:");
}

std::string FindSource(const Fields& f, const VendorLink& link) {
  std::string_view db = f.First(T("DB"));
  if (!db.empty()) return DatabaseName(db);
  for (std::string_view dp : f.All(T("DP"))) {
    std::string source = DatabaseName(dp);
    if (IsDatabase(source)) return source;
  }
  if (IsWosAccession(f.First(T("AN")))) return "wos";
  return link.source;
}

// "<database>:<accession>" for an accession that is not a PMID or PMCID.
void AddAccessionId(std::string_view an, const VendorLink& link, core::Record* rec) {
  std::string_view accession = Trim(an.substr(0, an.find_first_of("; \n")));
  std::string source = rec->source;
  if (accession.empty() && !link.accession.empty()) {
    accession = link.accession;
    if (!link.source.empty()) source = link.source;
  }
  if (IsWosAccession(accession)) {
    source = "wos";
    accession.remove_prefix(4);
  }
  if (accession.empty() || source.empty() || IsPubmedSource(source) || source == "pmc") return;
  if (IStartsWith(accession, "PMC")) return;
  AddUnique(&rec->other_ids, source + ":" + std::string(accession));
}

}  // namespace

void MapIdentifiers(const Fields& f, core::Record* rec) {
  const IdSources ids(f);
  const VendorLink link = FirstVendorLink(ids);
  rec->source = FindSource(f, link);
  std::string_view an = f.First(T("AN"));
  std::string_view id = f.First(T("ID"));
  // ID is the exporting tool's reference number: the database's own
  // accession, in a link to the record, is a better identifier.
  rec->source_id = core::CollapseSpace(!an.empty()               ? an
                                       : !link.accession.empty() ? std::string_view(link.accession)
                                                                 : id);
  rec->source_id_local = an.empty() && link.accession.empty() && !rec->source_id.empty();
  rec->doi = FindDoi(f, ids);
  rec->pmid = FindPmid(f, ids, rec->source, link);
  rec->pmcid = FindPmcid(f, ids);
  AddAccessionId(an, link, rec);
}

// ProQuest notes carry "Date revised - 2015-12-01".
void MapDateRevised(const Fields& f, core::Record* rec) {
  for (std::string_view v : f.All(T("N1"))) {
    size_t at = v.find("Date revised - ");
    if (at == std::string_view::npos) continue;
    std::string_view date = v.substr(at + 15, 10);
    if (date.size() == 10 && IsAllDigits(date.substr(0, 4)) && date[4] == '-' && date[7] == '-' &&
        IsAllDigits(date.substr(5, 2)) && IsAllDigits(date.substr(8, 2))) {
      rec->date_revised = date;
      return;
    }
  }
}

}  // namespace parse::ris
