#include "screen/canonical.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "core/normalize.h"

namespace screen {
namespace {

void Union(std::vector<std::string>* into, const std::vector<std::string>& from, bool fold) {
  std::set<std::string> seen;
  for (const std::string& v : *into) seen.insert(fold ? core::MatchKey(v) : v);
  for (const std::string& v : from) {
    if (seen.insert(fold ? core::MatchKey(v) : v).second) into->push_back(v);
  }
}

void Fill(std::string* into, const std::string& from) {
  if (into->empty()) *into = from;
}

}  // namespace

int CanonicalRank(const core::Record& rec) {
  int rank = 0;
  if (rec.format == "pubmed-xml") {
    rank += 1000;
  } else if (rec.format == "medline" || rec.source == "pubmed" || rec.source == "medline") {
    rank += 500;
  }
  if (!rec.title.empty()) rank += 100;
  if (!rec.abstract.empty()) rank += 50;
  if (!rec.mesh.empty()) rank += 40;
  if (!rec.authors.empty()) rank += 30;
  for (const std::string* f : {&rec.doi, &rec.pmid, &rec.journal, &rec.volume, &rec.issue,
                               &rec.pages}) {
    if (!f->empty()) rank += 5;
  }
  if (rec.year) rank += 5;
  return rank;
}

core::Record CanonicalRecord(const std::vector<core::Record>& members) {
  std::vector<const core::Record*> order;
  for (const core::Record& m : members) order.push_back(&m);
  std::stable_sort(order.begin(), order.end(), [](const core::Record* a, const core::Record* b) {
    return CanonicalRank(*a) > CanonicalRank(*b);
  });
  core::Record out = *order[0];
  out.raw.clear();

  // Abstract: PubMed's when there is one, else the longest.
  const core::Record* abstract_from = nullptr;
  for (const core::Record* m : order) {
    if (m->format == "pubmed-xml" && !m->abstract.empty()) {
      abstract_from = m;
      break;
    }
  }
  if (!abstract_from) {
    for (const core::Record* m : order) {
      if (!abstract_from || m->abstract.size() > abstract_from->abstract.size()) abstract_from = m;
    }
  }
  if (abstract_from && abstract_from != order[0]) {
    out.abstract = abstract_from->abstract;
    out.abstract_sections = abstract_from->abstract_sections;
  }

  // DOI: the most common (the base wins ties, being first).
  std::map<std::string, int> dois;
  for (const core::Record* m : order) {
    if (!m->doi.empty()) ++dois[m->doi];
  }
  int best = 0;
  for (const core::Record* m : order) {
    if (!m->doi.empty() && dois[m->doi] > best) {
      best = dois[m->doi];
      out.doi = m->doi;
    }
  }

  for (const core::Record* m : order) {
    if (m == order[0]) continue;
    Fill(&out.title, m->title);
    Fill(&out.pmid, m->pmid);
    Fill(&out.pmcid, m->pmcid);
    Fill(&out.journal, m->journal);
    Fill(&out.journal_abbrev, m->journal_abbrev);
    Fill(&out.volume, m->volume);
    Fill(&out.issue, m->issue);
    Fill(&out.pages, m->pages);
    Fill(&out.kind, m->kind);
    if (!out.year) out.year = m->year;
    if (out.authors.empty()) out.authors = m->authors;
    if (out.mesh.empty()) out.mesh = m->mesh;
    if (out.publication_types.empty()) out.publication_types = m->publication_types;
    Union(&out.keywords, m->keywords, true);
    Union(&out.issn, m->issn, false);
    Union(&out.language, m->language, true);
    Union(&out.registrations, m->registrations, false);
    Union(&out.other_ids, m->other_ids, false);
    for (const core::Relation& r : m->relations) {
      if (std::find(out.relations.begin(), out.relations.end(), r) == out.relations.end()) {
        out.relations.push_back(r);
      }
    }
  }
  return out;
}

}  // namespace screen
