#include "app/query.h"

#include <fstream>
#include <sstream>

#include "core/normalize.h"
#include "queries/parser.h"

namespace app {
namespace {

// The FTS5 column filter for a text field; "" searches title, abstract and
// keywords ([tw], [all]).
std::string Columns(queries::Field field) {
  switch (field) {
    case queries::Field::kTitle: return "title : ";
    case queries::Field::kAbstract: return "abstract : ";
    case queries::Field::kTitleAbstract: return "{title abstract} : ";
    default: return "";
  }
}

std::string Quoted(const std::vector<std::string>& words) {
  std::string out = "\"";
  for (size_t i = 0; i < words.size(); ++i) out += (i ? " " : "") + words[i];
  return out + "\"";
}

core::Status Fts(store::Store& review, const std::string& expr, queries::IdSet* out) {
  out->clear();
  WINNOW_RETURN_IF_ERROR(review.MatchText(expr, out));
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
  return core::Status::Ok();
}

}  // namespace

core::Status StoreIndex::Phrase(queries::Field field, const std::vector<std::string>& words,
                                bool prefix, queries::IdSet* out) {
  // Words are MatchKey words (letters and digits), so quoting is safe.
  return Fts(review_, Columns(field) + Quoted(words) + (prefix ? " *" : ""), out);
}

core::Status StoreIndex::Near(queries::Field field, const std::vector<std::string>& words,
                              int distance, queries::IdSet* out) {
  if (words.size() == 1) return Phrase(field, words, false, out);
  std::string expr = "NEAR(";
  for (size_t i = 0; i < words.size(); ++i) expr += (i ? " " : "") + Quoted({words[i]});
  expr += ", " + std::to_string(std::max(0, distance)) + ")";
  return Fts(review_, Columns(field) + expr, out);
}

core::Status StoreIndex::Value(queries::Field field, const std::string& value, bool prefix,
                               queries::IdSet* out) {
  using queries::Field;
  switch (field) {
    case Field::kMesh:
    case Field::kMeshNoExp:
      return review_.RecordsWithTerm("mesh", value, prefix, false, out);
    case Field::kMeshMajor:
      return review_.RecordsWithTerm("mesh", value, prefix, true, out);
    case Field::kSubheading:
      return review_.RecordsWithQualifier(value, out);
    case Field::kPublicationType:
      return review_.RecordsWithTerm("pubtype", value, prefix, false, out);
    case Field::kLanguage:
      return review_.RecordsWithTerm("language", value, prefix, false, out);
    case Field::kAuthor:
    case Field::kFirstAuthor: {
      // PubMed's author form: "white sj", "white s", "white", "van der berg a".
      std::istringstream words(value);
      std::vector<std::string> parts;
      for (std::string w; words >> w;) parts.push_back(w);
      std::string initials;
      if (parts.size() > 1 && parts.back().size() <= 3) {
        initials = parts.back();
        parts.pop_back();
      }
      std::string family;
      for (size_t i = 0; i < parts.size(); ++i) family += (i ? " " : "") + parts[i];
      return review_.RecordsByAuthor(family, initials, field == Field::kFirstAuthor, prefix, out);
    }
    case Field::kJournal:
      return review_.RecordsByJournal(value, out);
    case Field::kUid: {
      out->clear();
      WINNOW_RETURN_IF_ERROR(review_.FindRecordsByIdentifier("pmid", value, out));
      return core::Status::Ok();
    }
    default:
      return core::Status::Internal(std::string("no structured lookup for [") +
                                    queries::FieldTag(field) + "]");
  }
}

core::Status StoreIndex::Years(queries::Field, int from_year, int to_year, queries::IdSet* out) {
  return review_.RecordsByYear(from_year, to_year, out);
}

core::Status ParseStrategyInput(const std::string& query, const std::string& file,
                                ParsedStrategy* out) {
  if (query.empty() == file.empty()) {
    return core::Status::Usage("give the strategy with --query TEXT or as a file, not both");
  }
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return core::Status::InvalidInput(file + ": cannot read the strategy file");
    std::ostringstream text;
    text << in.rdbuf();
    out->text = text.str();
    out->source = file;
  } else {
    out->text = query;
    out->source = "--query";
  }
  if (!core::IsValidUtf8(out->text)) {
    return core::Status::InvalidInput(out->source + ": not UTF-8 text");
  }
  core::Status st = queries::ParseStrategy(out->text, &out->query, &out->warnings);
  if (!st.ok()) return core::Status::InvalidInput(out->source + ":" + st.message());
  return core::Status::Ok();
}

std::vector<std::string> PubmedCaveats(const queries::Node& query) {
  std::vector<std::string> out;
  if (query.kind == queries::Node::Kind::kTerm || query.kind == queries::Node::Kind::kProximity) {
    if (query.text.find_first_of("?#$") != std::string::npos) {
      out.push_back("PubMed has no wildcard inside a word: \"" + query.text +
                    "\" is sent as written and PubMed searches it literally; spell out the "
                    "variants (e.g. randomized OR randomised)");
    }
  }
  for (const queries::Node& c : query.children) {
    std::vector<std::string> more = PubmedCaveats(c);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

core::Status MatchWorks(store::Store& review, const queries::Node& query,
                        std::vector<int64_t>* record_ids, std::vector<int64_t>* work_ids,
                        std::vector<std::string>* notes) {
  StoreIndex index(review);
  WINNOW_RETURN_IF_ERROR(queries::Evaluate(query, index, record_ids, notes));
  return review.WorksOfRecords(*record_ids, work_ids);
}

}  // namespace app
