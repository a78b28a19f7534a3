#include "parse/formats.h"

#include <string_view>

#include "parse/bibtex_reader.h"
#include "parse/cochrane_reader.h"
#include "parse/csv_reader.h"
#include "parse/ctgov_json_reader.h"
#include "parse/endnote_xml_reader.h"
#include "parse/europepmc_json_reader.h"
#include "parse/line_reader.h"
#include "parse/medline_reader.h"
#include "parse/ovid_reader.h"
#include "parse/pubmed_xml_reader.h"
#include "parse/refer_reader.h"
#include "parse/ris_reader.h"
#include "parse/wos_reader.h"

namespace parse {
namespace {

constexpr size_t kHeadSize = 64 * 1024;

// The first ~64 KiB of the file as the text readers see it: decompressed,
// without BOM, lines joined by "\n", valid UTF-8.
core::Status Head(const std::string& path, std::string* out) {
  std::unique_ptr<LineReader> lines;
  WINNOW_RETURN_IF_ERROR(LineReader::Open(path, path, &lines));
  lines->max_line = kHeadSize;
  out->clear();
  std::string line;
  while (out->size() < kHeadSize && lines->Next(&line)) {
    out->append(line);
    out->push_back('\n');
  }
  core::Status st = lines->status();
  if (!st.ok() && st.message().find("longer than") == std::string::npos) return st;
  if (!st.ok()) {
    // A line over 64 KiB (XML written without line breaks): sniff the first
    // 64 KiB as they are.
    std::unique_ptr<InputStream> in;
    WINNOW_RETURN_IF_ERROR(InputStream::Open(path, path, &in));
    bool eof = false;
    while (!eof && in->size() < kHeadSize) WINNOW_RETURN_IF_ERROR(in->Fill(&eof));
    out->assign(in->data(), std::min(in->size(), kHeadSize));
  }
  return core::Status::Ok();
}

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

bool LooksLikePubmedXml(std::string_view head) {
  return Contains(head, "<PubmedArticleSet") || Contains(head, "<MedlineCitationSet") ||
         Contains(head, "<PubmedBookArticleSet") || Contains(head, "<PubmedArticle>") ||
         Contains(head, "<PubmedBookArticle>");
}

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

struct Format {
  const char* name;
  const char* description;
  bool (*sniff)(std::string_view head);
};

// Most specific first: a format whose marker could appear inside another's
// records (a CSV cell, a BibTeX abstract) comes after it.
const Format kFormats[] = {
    // JSON first: only they start with '{' or '[' and name their own keys.
    {"europepmc-json", "Europe PMC REST search response, JSON (core or lite; pages in an array)",
     LooksLikeEuropePmcJson},
    {"ctgov-json", "ClinicalTrials.gov API v2 JSON (/studies pages or single studies)",
     LooksLikeCtgovJson},
    {"pubmed-xml", "PubMed XML (efetch, 'Save as XML', baseline and update files)",
     LooksLikePubmedXml},
    {"endnote-xml", "EndNote XML (EndNote, Mendeley, Zotero)", LooksLikeEndnoteXml},
    {"wos", "Web of Science / Zoological Record plain text (FN, PT, AU ... ER)", LooksLikeWos},
    {"cochrane", "Cochrane Library plain-text citations (Record #1 of N)", LooksLikeCochrane},
    {"ovid", "Ovid tagged output (Embase, MEDLINE, PsycINFO: <1. > records)", LooksLikeOvid},
    {"medline", "MEDLINE text / PubMed format (.nbib, .txt: PMID- ...)", LooksLikeMedline},
    {"ris", "RIS (Ovid, EBSCO, Scopus, WoS, PubMed, EndNote, Zotero, Mendeley, ...)",
     LooksLikeRis},
    {"endnote-tagged", "EndNote tagged / refer (.enw: %0, %A, %T ...)", LooksLikeRefer},
    {"bibtex", "BibTeX (Zotero, JabRef, Scopus, Google Scholar, Cochrane)", LooksLikeBibtex},
    {"pmid-list", "a list of PMIDs, one per line (PubMed 'PMID' export)", LooksLikePmidList},
    {"csv", "CSV with a header (Scopus, PubMed, ASReview, Rayyan, Covidence, --map)",
     LooksLikeCsv},
};

}  // namespace

const std::vector<std::string>& KnownFormats() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const Format& f : kFormats) names.push_back(f.name);
    return names;
  }();
  return kNames;
}

std::string FormatDescription(const std::string& format) {
  for (const Format& f : kFormats) {
    if (format == f.name) return f.description;
  }
  return "";
}

core::Status DetectFormat(const std::string& path, std::string* format) {
  std::string head;
  core::Status st = Head(path, &head);
  if (!st.ok()) return st;
  if (IsBlank(head)) {
    return core::Status::InvalidInput(path + ":1: the file is empty; nothing to import");
  }
  for (const Format& f : kFormats) {
    if (f.sniff(head)) {
      *format = f.name;
      return core::Status::Ok();
    }
  }
  if (LooksLikeCochraneStrategy(head)) {
    return core::Status::InvalidInput(
        path + ":1: this is a Cochrane Library search strategy (Search Manager export), not "
               "records; export the records (citations) instead");
  }
  std::string names;
  for (const Format& f : kFormats) names += std::string(names.empty() ? "" : ", ") + f.name;
  return core::Status::InvalidInput(path +
                                    ":1: cannot tell the file's format from its content "
                                    "(winnow reads " +
                                    names + "); name it with --format");
}

std::string DefaultSource(const std::string& format) {
  if (format == "pubmed-xml" || format == "medline" || format == "pmid-list") return "pubmed";
  if (format == "wos") return "wos";
  if (format == "cochrane") return "cochrane";
  if (format == "europepmc-json") return "europepmc";
  if (format == "ctgov-json") return "ctgov";
  return "";
}

core::Status OpenReader(const std::string& format, const std::string& path,
                        const std::string& display, const ReaderOptions& options,
                        std::unique_ptr<RecordReader>* out) {
  if (!options.column_map.empty() && format != "csv") {
    return core::Status::Usage("--map applies to CSV files only, not " + format + " (" + display +
                               ")");
  }
  if (format == "pubmed-xml") {
    *out = std::make_unique<PubmedXmlReader>(path, display);
  } else if (format == "ris") {
    *out = std::make_unique<RisReader>(path, display);
  } else if (format == "medline") {
    *out = std::make_unique<MedlineReader>(path, display);
  } else if (format == "pmid-list") {
    *out = std::make_unique<PmidListReader>(path, display);
  } else if (format == "wos") {
    *out = std::make_unique<WosReader>(path, display);
  } else if (format == "ovid") {
    *out = std::make_unique<OvidReader>(path, display);
  } else if (format == "cochrane") {
    *out = std::make_unique<CochraneReader>(path, display);
  } else if (format == "endnote-tagged") {
    *out = std::make_unique<ReferReader>(path, display);
  } else if (format == "endnote-xml") {
    *out = std::make_unique<EndnoteXmlReader>(path, display);
  } else if (format == "bibtex") {
    *out = std::make_unique<BibtexReader>(path, display);
  } else if (format == "europepmc-json") {
    *out = std::make_unique<EuropePmcJsonReader>(path, display);
  } else if (format == "ctgov-json") {
    *out = std::make_unique<CtgovJsonReader>(path, display);
  } else if (format == "csv") {
    CsvReaderOptions csv;
    csv.map = options.column_map;
    *out = std::make_unique<CsvReader>(path, display, csv);
  } else {
    std::string names;
    for (const Format& f : kFormats) names += std::string(names.empty() ? "" : ", ") + f.name;
    return core::Status::Usage("unknown format '" + format + "' (known: " + names + ")");
  }
  return core::Status::Ok();
}

}  // namespace parse
