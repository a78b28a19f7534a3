// PrintEuropePmc and PrintCtgov (queries/printer.h): a search strategy in the
// syntax of Europe PMC's REST search and of ClinicalTrials.gov's Essie
// expressions. What a target cannot express exactly is approximated and
// warned about; a term ClinicalTrials.gov cannot search at all is left out
// only where that widens the search (see Combiner).
#include <chrono>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/calendar.h"
#include "queries/printer.h"

namespace queries {
namespace {

// ---------------------------------------------------------------------------
// Shared helpers: warnings, descriptions of nodes, dates, quoting.

class Warnings {
 public:
  void Add(std::string text) {
    if (seen_.insert(text).second) list_.push_back(std::move(text));
  }
  size_t size() const { return list_.size(); }
  // Forgets the warnings added after the first `n` (a dropped group's own).
  void Truncate(size_t n) {
    while (list_.size() > n) {
      seen_.erase(list_.back());
      list_.pop_back();
    }
  }
  std::vector<std::string> Take() { return std::move(list_); }

 private:
  std::vector<std::string> list_;
  std::set<std::string> seen_;
};

bool IsCompound(const Node& n) {
  return n.kind == Node::Kind::kAnd || n.kind == Node::Kind::kOr || n.kind == Node::Kind::kNot;
}

// A node as a PubMed user would write it, to name it in warnings.
std::string Describe(const Node& n) {
  const std::string tag = FieldTag(n.field);
  switch (n.kind) {
    case Node::Kind::kTerm: {
      std::string text = n.text + (n.truncated ? "*" : "");
      if (n.quoted || n.text.find(' ') != std::string::npos) text = "\"" + text + "\"";
      return n.field == Field::kAll ? text : text + "[" + tag + "]";
    }
    case Node::Kind::kDateRange:
      return (n.from.empty() ? "1800" : n.from) + ":" + (n.to.empty() ? "3000" : n.to) + "[" + tag +
             "]";
    case Node::Kind::kProximity:
      return "\"" + n.text + "\"[" + tag + ":~" + std::to_string(n.distance) + "]";
    default:
      break;
  }
  const char* op = n.kind == Node::Kind::kAnd  ? " AND "
                   : n.kind == Node::Kind::kOr ? " OR "
                                               : " NOT ";
  std::string out;
  for (size_t i = 0; i < n.children.size(); ++i) {
    const Node& c = n.children[i];
    if (i > 0) out += op;
    out += IsCompound(c) ? "(" + Describe(c) + ")" : Describe(c);
  }
  return out;
}

// Describe(), parenthesised when it is a group, to start a sentence with.
std::string Named(const Node& n) { return IsCompound(n) ? "(" + Describe(n) + ")" : Describe(n); }

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "2010" -> "2010-01-01" (or "2010-12-31" for the end of a range); "2010/02"
// -> "2010-02-01" / "2010-02-28"; "2010/02/15" -> "2010-02-15". nullopt for
// text that is not such a date.
std::optional<std::string> ExpandDate(const std::string& text, bool end) {
  std::vector<std::string> parts(1);
  for (char c : text) {
    if (c == '/' || c == '-') {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  if (parts.size() > 3 || parts[0].size() != 4 || !AllDigits(parts[0])) return std::nullopt;
  for (size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].empty() || parts[i].size() > 2 || !AllDigits(parts[i])) return std::nullopt;
    if (parts[i].size() == 1) parts[i] = "0" + parts[i];
  }
  if (parts.size() == 1) return parts[0] + (end ? "-12-31" : "-01-01");
  std::string day = parts.size() == 3 ? parts[2] : "01";
  if (parts.size() == 2 && end) {
    const int month = std::stoi(parts[1]);
    if (month < 1 || month > 12) return std::nullopt;
    std::chrono::year_month_day_last last{std::chrono::year{std::stoi(parts[0])} /
                                          std::chrono::month{static_cast<unsigned>(month)} /
                                          std::chrono::last};
    day = std::to_string(static_cast<unsigned>(last.day()));
  }
  std::string iso = parts[0] + "-" + parts[1] + "-" + day;
  std::chrono::sys_days unused;
  if (!core::ParseDay(iso, &unused)) return std::nullopt;
  return iso;
}

// One end of a date range in ISO form; `open` for an empty end. A bad date is
// sent as written, with a warning.
std::string RangeEnd(const Node& range, bool end, const std::string& open, Warnings* warnings) {
  const std::string& text = end ? range.to : range.from;
  if (text.empty()) return open;
  if (std::optional<std::string> iso = ExpandDate(text, end)) return *iso;
  warnings->Add("\"" + text + "\" in " + Describe(range) +
                " is not a date (expected YYYY, YYYY/MM or YYYY/MM/DD): it is sent unchanged.");
  return text;
}

// True when a word must be quoted: spaces, punctuation the query languages
// read as syntax, or an operator word.
bool NeedsQuotes(const std::string& text, const std::set<std::string>& operators) {
  if (text.empty() || operators.count(text) > 0) return true;
  for (unsigned char c : text) {
    const bool plain = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       c >= 0x80 || c == '\'';
    if (!plain) return true;
  }
  return false;
}

std::string EscapeQuotes(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Combining translated parts, and leaving out what a target cannot search.
//
// A leaf the target cannot search becomes a constant chosen so that the whole
// search only gets wider: TRUE where it is not negated (an AND then simply
// loses it), FALSE where it is negated (an excluded OR loses it, an exclusion
// NOT b whose b is FALSE is removed). Constants spread upwards until an AND,
// an OR or a NOT absorbs them; each absorption is warned about.

enum class Op { kAtom, kAnd, kOr, kNot };
enum class State { kExpr, kTrue, kFalse };

struct Piece {
  State state = State::kExpr;
  std::string text;
  Op op = Op::kAtom;
};

Piece Atom(std::string text) { return Piece{State::kExpr, std::move(text), Op::kAtom}; }
Piece Constant(State state) { return Piece{state, "", Op::kAtom}; }

// `p` as an operand of `parent`: parenthesised unless it is a single term or
// the same associative operator.
std::string Operand(const Piece& p, Op parent) {
  if (p.op == Op::kAtom || (p.op == parent && parent != Op::kNot)) return p.text;
  return "(" + p.text + ")";
}

struct Target {
  const char* name;
  // Why `leaf` cannot be searched at all, or nullptr when it can.
  const char* (*unsupported)(const Node& leaf);
  // The leaf in the target's syntax; an unsupported leaf as plain words.
  Piece (*render)(const Node& leaf, Warnings* warnings);
};

class Combiner {
 public:
  Combiner(const Target& target, bool force) : target_(target), force_(force) {}

  Piece Visit(const Node& n, bool negated) {
    switch (n.kind) {
      case Node::Kind::kAnd:
      case Node::Kind::kOr:
        return Group(n, negated);
      case Node::Kind::kNot:
        return Exclude(n, negated);
      default:
        break;
    }
    if (!force_ && target_.unsupported(n) != nullptr) {
      return Constant(negated ? State::kFalse : State::kTrue);
    }
    return target_.render(n, &warnings_);
  }

  Warnings& warnings() { return warnings_; }

 private:
  Piece Group(const Node& n, bool negated) {
    const bool is_and = n.kind == Node::Kind::kAnd;
    const Op op = is_and ? Op::kAnd : Op::kOr;
    const State absorbing = is_and ? State::kFalse : State::kTrue;
    const size_t mark = warnings_.size();
    std::vector<Piece> kept;
    for (const Node& child : n.children) {
      Piece p = Visit(child, negated);
      if (p.state == absorbing) return Collapse(mark, absorbing);
      if (p.state == State::kExpr) {
        kept.push_back(std::move(p));
      } else {
        warnings_.Add(Named(child) + " was left out of " +
                      (is_and ? "an AND group" : "an excluded OR group") + " because " +
                      Because(child) +
                      (is_and ? ": records no longer have to match it, so the search is wider."
                              : ": records matching it are no longer excluded, so the search is "
                                "wider."));
      }
    }
    if (kept.empty()) return Collapse(mark, is_and ? State::kTrue : State::kFalse);
    if (kept.size() == 1) return kept[0];
    Piece out{State::kExpr, "", op};
    for (size_t i = 0; i < kept.size(); ++i) {
      if (i > 0) out.text += is_and ? " AND " : " OR ";
      out.text += Operand(kept[i], op);
    }
    return out;
  }

  // children[0] NOT children[1], i.e. "a AND NOT b".
  Piece Exclude(const Node& n, bool negated) {
    if (n.children.size() < 2) {  // malformed; the AST promises two children
      if (n.children.empty()) return Constant(negated ? State::kFalse : State::kTrue);
      return Visit(n.children[0], negated);
    }
    const size_t mark = warnings_.size();
    Piece a = Visit(n.children[0], negated);
    Piece b = Visit(n.children[1], !negated);
    if (a.state == State::kFalse || b.state == State::kTrue) return Collapse(mark, State::kFalse);
    if (b.state == State::kFalse) {
      if (a.state == State::kTrue) return Collapse(mark, State::kTrue);
      warnings_.Add("The exclusion NOT " + Named(n.children[1]) + " was removed because " +
                    Because(n.children[1]) +
                    ": the records it would exclude are kept, so the search is wider.");
      return a;
    }
    if (a.state == State::kTrue) {
      warnings_.Add(Named(n.children[0]) + " was left out before NOT because " +
                    Because(n.children[0]) +
                    ": only the exclusion remains, so the search is wider.");
      return Piece{State::kExpr, "NOT " + Operand(b, Op::kNot), Op::kNot};
    }
    return Piece{State::kExpr, Operand(a, Op::kNot) + " AND NOT " + Operand(b, Op::kNot), Op::kNot};
  }

  // A group that became a constant: its own warnings no longer apply.
  Piece Collapse(size_t mark, State state) {
    warnings_.Truncate(mark);
    return Constant(state);
  }

  // "it cannot be searched in X (reason)" or "<leaf> (reason) and ... cannot
  // be searched in X", naming the unsupported leaves under `n`.
  std::string Because(const Node& n) const {
    if (!IsCompound(n)) {
      return std::string("it cannot be searched in ") + target_.name + " (" +
             target_.unsupported(n) + ")";
    }
    std::vector<std::string> reasons;
    CollectReasons(n, &reasons);
    std::string out;
    for (size_t i = 0; i < reasons.size(); ++i) {
      if (i > 0) out += i + 1 == reasons.size() ? " and " : ", ";
      out += reasons[i];
    }
    return out + " cannot be searched in " + target_.name;
  }

  void CollectReasons(const Node& n, std::vector<std::string>* out) const {
    if (IsCompound(n)) {
      for (const Node& c : n.children) CollectReasons(c, out);
      return;
    }
    if (const char* why = target_.unsupported(n)) out->push_back(Describe(n) + " (" + why + ")");
  }

  const Target& target_;
  const bool force_;
  Warnings warnings_;
};

Translation Translate(const Node& query, const Target& target) {
  Combiner combiner(target, /*force=*/false);
  Piece p = combiner.Visit(query, /*negated=*/false);
  if (p.state == State::kExpr) return Translation{p.text, combiner.warnings().Take()};
  // Nothing could be kept soundly: send every term as well as it goes.
  Combiner forced(target, /*force=*/true);
  Piece approx = forced.Visit(query, false);
  std::vector<std::string> warnings = {
      Named(query) + " cannot be translated soundly for " + target.name +
      ": leaving out what it cannot search would leave no query, so as a best approximation " +
      "those terms are sent as plain words, which may find more or fewer records than " +
      "intended; review this translation by hand."};
  for (std::string& w : forced.warnings().Take()) warnings.push_back(std::move(w));
  return Translation{approx.text, std::move(warnings)};
}

// ---------------------------------------------------------------------------
// Europe PMC.

const std::set<std::string> kLuceneOperators = {"AND", "OR", "NOT", "TO"};

// The words of `t` as Lucene reads them: quoted when needed, '*' appended.
std::string EpmcWords(const Node& t, const std::string& prefix, Warnings* warnings) {
  const bool quote = t.quoted || NeedsQuotes(t.text, kLuceneOperators);
  // A quoted single clean word loses nothing without its quotes before a '*'.
  const bool plain_truncation = t.truncated && !NeedsQuotes(t.text, kLuceneOperators);
  if (plain_truncation) return prefix + t.text + "*";
  if (!quote) return prefix + t.text;
  std::string out = prefix + "\"" + EscapeQuotes(t.text) + (t.truncated ? "*" : "") + "\"";
  if (t.truncated) {
    warnings->Add("Europe PMC may not expand a wildcard inside a quoted phrase: " + Describe(t) +
                  " is sent as " + out + "; check its hit count.");
  }
  return out;
}

std::string EpmcLanguage(const Node& t, Warnings* warnings) {
  static const std::pair<const char*, const char*> kCodes[] = {
      {"english", "eng"}, {"french", "fre"},     {"german", "ger"},  {"spanish", "spa"},
      {"italian", "ita"}, {"portuguese", "por"}, {"dutch", "dut"},   {"russian", "rus"},
      {"chinese", "chi"}, {"japanese", "jpn"},   {"korean", "kor"},  {"arabic", "ara"},
      {"polish", "pol"},  {"swedish", "swe"},    {"danish", "dan"},  {"norwegian", "nor"},
      {"finnish", "fin"}, {"turkish", "tur"},    {"greek", "gre"},   {"hebrew", "heb"},
      {"czech", "cze"},   {"hungarian", "hun"},  {"persian", "per"}, {"croatian", "hrv"}};
  std::string lower;
  for (char c : t.text) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (const auto& [name, code] : kCodes) {
    if (lower == name || lower == code) return std::string("LANG:") + code;
  }
  std::string out =
      "LANG:" +
      (NeedsQuotes(t.text, kLuceneOperators) ? "\"" + EscapeQuotes(t.text) + "\"" : lower);
  warnings->Add(Describe(t) + " is not a language this translator knows: it is sent as " + out +
                ", but Europe PMC expects a three-letter code such as eng.");
  return out;
}

Piece EpmcDateRange(const Node& range, Warnings* warnings) {
  const bool entrez = range.field == Field::kEntrezDate;
  const std::string field = entrez ? "FIRST_IDATE" : "FIRST_PDATE";
  std::string out = field + ":[" + RangeEnd(range, false, "1800-01-01", warnings) + " TO " +
                    RangeEnd(range, true, "3000-12-31", warnings) + "]";
  if (entrez) {
    warnings->Add("Entrez dates are PubMed-only: " + Describe(range) + " is sent as " + out +
                  ", the date Europe PMC first indexed the record, which can differ from the date "
                  "PubMed added it.");
  } else {
    warnings->Add("Publication dates are approximated: " + Describe(range) + " is sent as " + out +
                  ", Europe PMC's first publication date (the earlier of print and electronic), "
                  "while PubMed matches either date, so records near the range ends may differ.");
  }
  return Atom(out);
}

// The field prefix for words searched in `field` (dates, languages and ids
// are handled apart).
std::string EpmcPrefix(Field field) {
  switch (field) {
    case Field::kTitle:
      return "TITLE:";
    case Field::kAbstract:
      return "ABSTRACT:";
    case Field::kTitleAbstract:
      return "TITLE_ABS:";
    case Field::kMesh:
    case Field::kMeshNoExp:
    case Field::kMeshMajor:
      return "MESH_HEADING:";
    case Field::kPublicationType:
      return "PUB_TYPE:";
    case Field::kAuthor:
      return "AUTH:";
    case Field::kFirstAuthor:
      return "AUTH_FIRST:";
    case Field::kJournal:
      return "JOURNAL:";
    default:
      return "";
  }
}

void EpmcFieldWarning(const Node& t, const std::string& out, Warnings* warnings) {
  const std::string d = Describe(t);
  switch (t.field) {
    case Field::kTextWord:
      warnings->Add(d + " is sent as " + out + ": Europe PMC has no text-word field, so its " +
                    "default search of all fields (with full text where available) approximates "
                    "it.");
      break;
    case Field::kMesh:
      warnings->Add("MeSH explosion is PubMed-only: " + d + " is sent as " + out +
                    " without its narrower terms.");
      break;
    case Field::kMeshMajor:
      warnings->Add("Major topics are not searched: " + d + " is sent as " + out +
                    ", which also matches it as a minor heading (wider) and lacks its narrower " +
                    "terms, as MeSH explosion is PubMed-only (narrower).");
      break;
    case Field::kSubheading:
      warnings->Add("Subheadings are not searched: " + d + " is sent as " + out +
                    ", searched in all fields, which only approximates it.");
      break;
    case Field::kPublicationType:
      warnings->Add(d + " is sent as " + out + ": Europe PMC's publication types follow " +
                    "PubMed's only for MEDLINE records, so preprints and other sources may be "
                    "missed.");
      break;
    default:
      break;
  }
}

Piece EpmcTerm(const Node& t, Warnings* warnings) {
  switch (t.field) {
    case Field::kPublicationDate:
    case Field::kEntrezDate: {
      Node range = t;
      range.kind = Node::Kind::kDateRange;
      range.from = range.to = t.text;
      return EpmcDateRange(range, warnings);
    }
    case Field::kLanguage:
      return Atom(EpmcLanguage(t, warnings));
    case Field::kUid:
      if (!AllDigits(t.text)) {
        warnings->Add(Describe(t) + " is not a PubMed ID (digits only): it is sent unchanged.");
      }
      return Piece{State::kExpr, "EXT_ID:" + EpmcWords(t, "", warnings) + " AND SRC:MED", Op::kAnd};
    default:
      break;
  }
  std::string out = EpmcWords(t, EpmcPrefix(t.field), warnings);
  EpmcFieldWarning(t, out, warnings);
  return Atom(out);
}

Piece EpmcLeaf(const Node& n, Warnings* warnings) {
  if (n.kind == Node::Kind::kDateRange) return EpmcDateRange(n, warnings);
  if (n.kind != Node::Kind::kProximity) return EpmcTerm(n, warnings);
  std::string out =
      EpmcPrefix(n.field) + "\"" + EscapeQuotes(n.text) + "\"~" + std::to_string(n.distance);
  warnings->Add("Proximity is approximated: " + Describe(n) + " is sent as " + out +
                "; Europe PMC counts the distance in word moves, so words in reverse order need "
                "a larger distance than in PubMed.");
  return Atom(out);
}

const char* EpmcUnsupported(const Node&) { return nullptr; }

// ---------------------------------------------------------------------------
// ClinicalTrials.gov (Essie).

const std::set<std::string> kEssieOperators = {"AND",     "OR",        "NOT",      "AREA",
                                               "SEARCH",  "EXPANSION", "COVERAGE", "RANGE",
                                               "MISSING", "ALL",       "TILT"};

const char* CtgovUnsupported(const Node& n) {
  if (n.kind != Node::Kind::kTerm) return nullptr;
  switch (n.field) {
    case Field::kSubheading:
      return "a trial register has no MeSH subheadings";
    case Field::kPublicationType:
      return "a trial register has no publication types";
    case Field::kAuthor:
    case Field::kFirstAuthor:
      return "a trial register has no authors";
    case Field::kJournal:
      return "a trial register has no journals";
    case Field::kLanguage:
      return "a trial register has no language field";
    case Field::kUid:
      return "PubMed IDs are not trial identifiers";
    default:
      return nullptr;
  }
}

// The words of `t` for Essie: quoted when needed, a '*' dropped with a warning.
std::string EssieWords(const Node& t, Warnings* warnings) {
  const bool quote = t.quoted || NeedsQuotes(t.text, kEssieOperators);
  std::string out = quote ? "\"" + EscapeQuotes(t.text) + "\"" : t.text;
  if (t.truncated) {
    warnings->Add("ClinicalTrials.gov does not support truncation: " + Describe(t) +
                  " is sent as " + out +
                  " without the *; Essie adds word variants itself, but "
                  "not every word that starts with it (narrower).");
  }
  return out;
}

// `words` searched in each of `areas`, OR-ed.
Piece Areas(const std::vector<const char*>& areas, const std::string& words) {
  Piece p{State::kExpr, "", areas.size() > 1 ? Op::kOr : Op::kAtom};
  for (size_t i = 0; i < areas.size(); ++i) {
    if (i > 0) p.text += " OR ";
    p.text += std::string("AREA[") + areas[i] + "]" + words;
  }
  return p;
}

Piece CtgovDateRange(const Node& range, Warnings* warnings) {
  const bool entrez = range.field == Field::kEntrezDate;
  const std::string area = entrez ? "StudyFirstPostDate" : "StartDate";
  std::string out = "AREA[" + area + "]RANGE[" + RangeEnd(range, false, "MIN", warnings) + "," +
                    RangeEnd(range, true, "MAX", warnings) + "]";
  warnings->Add(std::string("A trial register has no ") +
                (entrez ? "Entrez date" : "publication date") + ": " + Describe(range) +
                " is sent as " + out + ", the date the study " +
                (entrez ? "was first posted." : "started."));
  return Atom(out);
}

// Fields that map onto the register's own areas.
Piece CtgovField(const Node& t, const std::string& words, Warnings* warnings) {
  const std::string d = Describe(t);
  switch (t.field) {
    case Field::kTitle:
      return Areas({"BriefTitle", "OfficialTitle"}, words);
    case Field::kAbstract:
      warnings->Add("A trial register has no abstract: " + d +
                    " is searched in the brief summary and the detailed description.");
      return Areas({"BriefSummary", "DetailedDescription"}, words);
    case Field::kMeshNoExp:
      warnings->Add(
          "Registers index MeSH only for conditions and interventions, not as MEDLINE "
          "does: " +
          d + " is searched in the condition and intervention MeSH terms.");
      return Areas({"ConditionMeshTerm", "InterventionMeshTerm"}, words);
    case Field::kMesh:
    case Field::kMeshMajor:
      warnings->Add(
          "Registers index MeSH only for conditions and interventions, not as MEDLINE "
          "does: " +
          d + " is searched in the condition and intervention MeSH terms " +
          "and their ancestors, which approximates PubMed's explosion" +
          (t.field == Field::kMeshMajor
               ? "; a register has no major topics, so that restriction is lost (wider)."
               : "."));
      return Areas({"ConditionMeshTerm", "ConditionAncestorTerm", "InterventionMeshTerm",
                    "InterventionAncestorTerm"},
                   words);
    case Field::kTitleAbstract:
    case Field::kTextWord:
      warnings->Add("ClinicalTrials.gov has no " +
                    std::string(t.field == Field::kTextWord ? "text-word" : "title/abstract") +
                    " field: " + d + " is searched in the whole study record (wider).");
      return Atom(words);
    default:
      return Atom(words);
  }
}

Piece CtgovTerm(const Node& t, Warnings* warnings) {
  if (t.field == Field::kPublicationDate || t.field == Field::kEntrezDate) {
    Node range = t;
    range.kind = Node::Kind::kDateRange;
    range.from = range.to = t.text;
    return CtgovDateRange(range, warnings);
  }
  const std::string words = EssieWords(t, warnings);
  if (const char* why = CtgovUnsupported(t)) {
    warnings->Add(Describe(t) + " cannot be searched in ClinicalTrials.gov (" + why +
                  "): it is sent as the plain words " + words +
                  ", searched anywhere in the study record.");
    return Atom(words);
  }
  return CtgovField(t, words, warnings);
}

Piece CtgovLeaf(const Node& n, Warnings* warnings) {
  if (n.kind == Node::Kind::kDateRange) return CtgovDateRange(n, warnings);
  if (n.kind != Node::Kind::kProximity) return CtgovTerm(n, warnings);
  Node phrase = Term(n.text, n.field, /*quoted=*/true);
  Warnings ignored;  // the field's own warning is folded into this one
  Piece p = CtgovField(phrase, "\"" + EscapeQuotes(n.text) + "\"", &ignored);
  warnings->Add("ClinicalTrials.gov has no proximity operator: " + Describe(n) + " is sent as " +
                p.text + ", which needs the words side by side and in order (narrower).");
  for (std::string& w : ignored.Take()) warnings->Add(std::move(w));
  return p;
}

const Target kEuropePmc{"Europe PMC", EpmcUnsupported, EpmcLeaf};
const Target kCtgov{"ClinicalTrials.gov", CtgovUnsupported, CtgovLeaf};

}  // namespace

Translation PrintEuropePmc(const Node& query) { return Translate(query, kEuropePmc); }

Translation PrintCtgov(const Node& query) { return Translate(query, kCtgov); }

}  // namespace queries
