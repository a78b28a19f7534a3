#include "queries/evaluate.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <set>
#include <utility>

#include "core/normalize.h"

namespace queries {
namespace {

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::string key = core::MatchKey(text);
  size_t i = 0;
  while (i < key.size()) {
    size_t j = key.find(' ', i);
    if (j == std::string::npos) j = key.size();
    if (j > i) out.push_back(key.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

IdSet Intersect(const IdSet& a, const IdSet& b) {
  IdSet out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

IdSet Unite(const IdSet& a, const IdSet& b) {
  IdSet out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

IdSet Subtract(const IdSet& a, const IdSet& b) {
  IdSet out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

bool IsTextField(Field f) {
  return f == Field::kAll || f == Field::kTitle || f == Field::kAbstract ||
         f == Field::kTitleAbstract || f == Field::kTextWord;
}

// The year of "2010", "2010/06/01", "2010-06"; `end` picks the default for
// an open end.
int YearOf(const std::string& date, bool end) {
  if (date.empty()) return end ? 9999 : 0;
  int y = core::YearFromDate(date);
  return y ? y : (end ? 9999 : 0);
}

class Evaluator {
 public:
  Evaluator(RecordIndex& index, std::vector<std::string>* notes) : index_(index), notes_(notes) {}

  core::Status Run(const Node& n, IdSet* out) {
    if (!root_) root_ = &n;
    switch (n.kind) {
      case Node::Kind::kTerm:
        return TermIds(n, out);
      case Node::Kind::kProximity: {
        std::vector<std::string> words = Words(n.text);
        if (words.empty()) {
          out->clear();
          return core::Status::Ok();
        }
        return index_.Near(n.field, words, n.distance, out);
      }
      case Node::Kind::kDateRange: {
        if (n.field == Field::kEntrezDate) {
          Note("[edat] is evaluated on the publication year: the Entrez date is not stored");
        } else if (n.from.size() > 4 || n.to.size() > 4) {
          Note("date limits are evaluated by year: records keep their publication year");
        }
        return index_.Years(n.field, YearOf(n.from, false), YearOf(n.to, true), out);
      }
      case Node::Kind::kAnd:
      case Node::Kind::kOr: {
        out->clear();
        for (size_t i = 0; i < n.children.size(); ++i) {
          IdSet part;
          WINNOW_RETURN_IF_ERROR(Run(n.children[i], &part));
          if (i == 0) {
            *out = std::move(part);
          } else {
            *out = n.kind == Node::Kind::kAnd ? Intersect(*out, part) : Unite(*out, part);
          }
          if (n.kind == Node::Kind::kAnd && out->empty()) break;
        }
        return core::Status::Ok();
      }
      case Node::Kind::kNot: {
        if (n.children.size() != 2) return core::Status::InvalidInput("NOT needs two operands");
        IdSet left, right;
        WINNOW_RETURN_IF_ERROR(Run(n.children[0], &left));
        if (left.empty()) {
          out->clear();
          return core::Status::Ok();
        }
        WINNOW_RETURN_IF_ERROR(Run(n.children[1], &right));
        *out = Subtract(left, right);
        // A NOT that removes most of what it starts from is worth a second look.
        if (&n == root_ && (left.size() - out->size()) * 2 > left.size()) {
          Note("the top-level NOT removes " + std::to_string(left.size() - out->size()) + " of " +
               std::to_string(left.size()) + " records: most of them; check that it is intended");
        }
        return core::Status::Ok();
      }
    }
    return core::Status::Internal("unknown query node");
  }

 private:
  core::Status TermIds(const Node& n, IdSet* out) {
    out->clear();
    if (IsTextField(n.field)) {
      // A wildcard inside a word (Ovid "randomi?ed", "tumo#r") has no
      // counterpart in the full-text index: the word is cut at the wildcard
      // and searched as truncated, which finds a little more.
      size_t wild = n.text.find_first_of("?#*$");
      bool prefix = n.truncated;
      std::string text = n.text;
      if (wild != std::string::npos) {
        Note("a wildcard inside a word is searched as truncation at the wildcard (\"" + n.text +
             "\" as \"" + n.text.substr(0, wild) + "*\")");
        text = n.text.substr(0, wild);
        prefix = true;
      }
      std::vector<std::string> words = Words(text);
      if (words.empty()) return core::Status::Ok();
      return index_.Phrase(n.field, words, prefix, out);
    }
    if (n.field == Field::kPublicationDate || n.field == Field::kEntrezDate) {
      if (n.field == Field::kEntrezDate) {
        Note("[edat] is evaluated on the publication year: the Entrez date is not stored");
      }
      int y = YearOf(n.text, false);
      return index_.Years(n.field, y, y, out);
    }
    if (n.field == Field::kMesh) {
      Note("[mh] matches the descriptor itself: the MeSH tree is not exploded offline");
    }
    std::string value = n.text;
    if (n.field == Field::kLanguage) value = LanguageCode(value);
    return index_.Value(n.field, value, n.truncated, out);
  }

  void Note(const std::string& text) {
    if (notes_ && std::find(notes_->begin(), notes_->end(), text) == notes_->end()) {
      notes_->push_back(text);
    }
  }

  RecordIndex& index_;
  std::vector<std::string>* notes_;
  const Node* root_ = nullptr;
};

}  // namespace

std::string LanguageCode(const std::string& name) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"english", "eng"},    {"french", "fre"},   {"german", "ger"},     {"spanish", "spa"},
      {"italian", "ita"},    {"portuguese", "por"}, {"dutch", "dut"},    {"russian", "rus"},
      {"chinese", "chi"},    {"japanese", "jpn"}, {"korean", "kor"},     {"polish", "pol"},
      {"swedish", "swe"},    {"danish", "dan"},   {"norwegian", "nor"},  {"finnish", "fin"},
      {"turkish", "tur"},    {"greek", "gre"},    {"hebrew", "heb"},     {"arabic", "ara"},
      {"persian", "per"},    {"czech", "cze"},    {"hungarian", "hun"},  {"croatian", "hrv"},
  };
  std::string key = core::MatchKey(name);
  for (const auto& [n, code] : kNames) {
    if (key == n) return code;
  }
  return key;
}

core::Status Evaluate(const Node& query, RecordIndex& index, IdSet* out,
                      std::vector<std::string>* notes) {
  Evaluator e(index, notes);
  return e.Run(query, out);
}

}  // namespace queries
