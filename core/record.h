// core::Record — one bibliographic record as a reader produced it, normalised
// to winnow's fields (see DESIGN.md, "A record in JSON"). Plain value type:
// readers fill it, the store persists it, writers print it. Empty strings and
// empty vectors mean "absent"; year 0 means unknown. Nothing is invented.
#ifndef WINNOW_CORE_RECORD_H_
#define WINNOW_CORE_RECORD_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace core {

struct Author {
  std::string family;
  std::string given;
  std::string initials;    // "S", "SJ" — no dots or spaces
  std::string collective;  // set instead of family/given for group authors
  std::string orcid;       // bare 16-character form 0000-0002-1825-0097
  std::vector<std::string> affiliations;

  bool operator==(const Author&) const = default;
};

// One labelled part of a structured abstract ("BACKGROUND", "METHODS", ...).
struct AbstractSection {
  std::string label;         // as printed, may be empty for unlabelled text
  std::string nlm_category;  // PubMed's NlmCategory, may be empty
  std::string text;

  bool operator==(const AbstractSection&) const = default;
};

struct MeshHeading {
  std::string descriptor;
  std::string ui;  // MeSH unique id, e.g. D006801, may be empty
  bool major = false;
  // Qualifier names; a major-topic qualifier carries a trailing '*'.
  std::vector<std::string> qualifiers;

  bool operator==(const MeshHeading&) const = default;
};

// A link to another record, e.g. a retraction notice or an erratum
// (PubMed CommentsCorrections: RetractionIn, RetractionOf, ErratumIn, ...).
struct Relation {
  std::string type;    // e.g. "RetractionIn", "ErratumFor"
  std::string pmid;    // target PMID when known
  std::string citation;  // RefSource text, e.g. "Lancet. 2020;395:10"

  bool operator==(const Relation&) const = default;
};

struct Record {
  // Where the record came from.
  std::string source;     // database name: "pubmed", "embase", ...
  std::string source_id;  // identifier the source gave it (PMID for PubMed)
  // True when source_id is a label local to the exporting library (RIS ID,
  // BibTeX key, a CSV row number) rather than the database's accession: it
  // then does not identify the record across files, and the store keys the
  // record by its content instead.
  bool source_id_local = false;
  // The store's key for the record within its source: source_id, or a hash of
  // the raw text when there is no accession. Set by the importer.
  std::string source_key;
  std::string raw;        // the record exactly as received (e.g. one <PubmedArticle>)
  std::string format;     // reader that produced it: "pubmed-xml", "ris", ...
  std::string locator;    // where in the input: "file.xml:record 12 (byte 3456)"

  // Identifiers (normalised: DOI lower-case without resolver prefix).
  std::string pmid;
  std::string pmcid;  // "PMC1234567"
  std::string doi;
  std::vector<std::string> other_ids;  // "pii:S0140-...", "accession:..." etc.

  // Bibliographic fields.
  std::string title;
  std::string vernacular_title;
  std::string abstract;  // flattened: "BACKGROUND: ... METHODS: ..."
  std::vector<AbstractSection> abstract_sections;
  std::vector<Author> authors;
  std::string journal;
  std::string journal_abbrev;
  std::vector<std::string> issn;  // print first, then electronic, "1234-567X"
  int year = 0;
  std::string volume;
  std::string issue;
  std::string pages;  // normalised range "123-129" or an e-locator "e1234"
  std::vector<std::string> language;  // ISO 639-2 as given ("eng")
  std::vector<std::string> publication_types;
  std::vector<MeshHeading> mesh;
  std::vector<std::string> keywords;
  std::vector<std::string> registrations;  // "NCT01234567", "CRD42015025621", ...
  std::vector<Relation> relations;
  std::string kind;  // "article", "book", "book-chapter", ...
  // What a source says that has no field of its own, as (name, value) pairs
  // in the source's order: a register's "overall_status", "phase",
  // "study_type", "brief_title", "start_date", "completion_date", ...
  std::vector<std::pair<std::string, std::string>> attributes;

  // Versioning: the date the source last revised the record (YYYY-MM-DD), used
  // to decide whether a re-imported record is newer.
  std::string date_revised;
  // PubMed DeleteCitation: this source id was withdrawn by the source.
  bool deleted = false;

  // MeSH descriptor names only, in order.
  std::vector<std::string> MeshDescriptors() const;
};

}  // namespace core

#endif  // WINNOW_CORE_RECORD_H_
