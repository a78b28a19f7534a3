#include "export/prisma.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/normalize.h"
#include "export/csv_writer.h"

namespace exporter {
namespace {

using Json = nlohmann::ordered_json;

int64_t Sum(const std::vector<PrismaCount>& counts) {
  int64_t total = 0;
  for (const PrismaCount& c : counts) total += c.n;
  return total;
}

// ---------------------------------------------------------------------------
// Inconsistencies.

// One operand of a rule: "minus duplicates (70)".
struct Term {
  const char* op;  // "plus" or "minus"; ignored for the first term
  const char* name;
  int64_t n;
};

using Problems = std::vector<std::string>;

// "<box> (<actual>) should equal <t0> (<n0>) minus <t1> (<n1>) ... = <sum>".
void ExpectEqual(Problems* out, const char* box, int64_t actual, const std::vector<Term>& terms) {
  int64_t expected = 0;
  std::string rhs;
  for (size_t i = 0; i < terms.size(); ++i) {
    const Term& t = terms[i];
    bool minus = i > 0 && std::string_view(t.op) == "minus";
    expected += minus ? -t.n : t.n;
    if (i > 0) rhs += std::string(" ") + t.op + " ";
    rhs += std::string(t.name) + " (" + std::to_string(t.n) + ")";
  }
  if (actual == expected) return;
  std::string sentence = std::string(box) + " (" + std::to_string(actual) + ") should equal " + rhs;
  if (terms.size() > 1) sentence += " = " + std::to_string(expected);
  out->push_back(sentence);
}

// A list of labelled counts must add up to its box; an empty list is not
// checked (the breakdown is optional).
void ExpectListSum(Problems* out, const char* box, int64_t actual, const char* what,
                   const std::vector<PrismaCount>& counts) {
  if (counts.empty() || Sum(counts) == actual) return;
  std::string parts;
  for (const PrismaCount& c : counts) {
    if (!parts.empty()) parts += " + ";
    parts += c.label + " (" + std::to_string(c.n) + ")";
  }
  out->push_back(std::string(box) + " (" + std::to_string(actual) + ") should equal the sum of " +
                 what + ": " + parts + " = " + std::to_string(Sum(counts)));
}

void ExpectAtMost(Problems* out, const char* box, int64_t n, const char* limit_box, int64_t limit) {
  if (n <= limit) return;
  out->push_back(std::string(box) + " (" + std::to_string(n) + ") should not exceed " + limit_box +
                 " (" + std::to_string(limit) + ")");
}

void ExpectNonNegative(Problems* out, const char* box, int64_t n) {
  if (n >= 0) return;
  out->push_back(std::string(box) + " (" + std::to_string(n) + ") should not be negative");
}

void CheckSigns(const PrismaFlow& f, Problems* out) {
  const std::vector<std::pair<const char*, int64_t>> boxes = {
      {"records identified from databases", f.database_results},
      {"records identified from registers", f.register_results},
      {"duplicates", f.duplicates},
      {"automation exclusions", f.excluded_automatic},
      {"other removals", f.excluded_other},
      {"records screened", f.records_screened},
      {"records excluded", f.records_excluded},
      {"reports sought for retrieval", f.dbr_sought_reports},
      {"reports not retrieved", f.dbr_notretrieved_reports},
      {"reports assessed for eligibility", f.dbr_assessed},
      {"reports excluded", f.dbr_excluded},
      {"new studies included in review", f.new_studies},
      {"reports of new included studies", f.new_reports},
  };
  for (const auto& [box, n] : boxes) ExpectNonNegative(out, box, n);
}

void CheckDatabasesAndRegisters(const PrismaFlow& f, Problems* out) {
  ExpectListSum(out, "records identified from databases", f.database_results,
                "the per-database counts", f.database_specific_results);
  ExpectListSum(out, "records identified from registers", f.register_results,
                "the per-register counts", f.register_specific_results);
  ExpectListSum(out, "automation exclusions", f.excluded_automatic, "the per-rule counts",
                f.excluded_automatic_by_rule);
  ExpectEqual(out, "records screened", f.records_screened,
              {{"", "records identified", f.database_results + f.register_results},
               {"minus", "duplicates", f.duplicates},
               {"minus", "automation exclusions", f.excluded_automatic},
               {"minus", "other removals", f.excluded_other}});
  ExpectEqual(out, "reports sought for retrieval", f.dbr_sought_reports,
              {{"", "records screened", f.records_screened},
               {"minus", "records excluded", f.records_excluded}});
  ExpectEqual(out, "reports assessed for eligibility", f.dbr_assessed,
              {{"", "reports sought for retrieval", f.dbr_sought_reports},
               {"minus", "reports not retrieved", f.dbr_notretrieved_reports}});
  ExpectListSum(out, "reports excluded", f.dbr_excluded, "the exclusion reasons",
                f.dbr_excluded_reasons);
}

void CheckOtherMethods(const PrismaFlow& f, Problems* out) {
  if (!f.has_other_methods) return;
  ExpectNonNegative(out, "records identified from websites", f.website_results);
  ExpectNonNegative(out, "records identified from organisations", f.organisation_results);
  ExpectNonNegative(out, "records identified from citation searching", f.citations_results);
  ExpectNonNegative(out, "reports not retrieved (other methods)", f.other_notretrieved_reports);
  ExpectNonNegative(out, "reports excluded (other methods)", f.other_excluded);
  ExpectAtMost(out, "reports sought for retrieval (other methods)", f.other_sought_reports,
               "records identified from websites, organisations and citation searching",
               f.website_results + f.organisation_results + f.citations_results);
  ExpectEqual(out, "reports assessed for eligibility (other methods)", f.other_assessed,
              {{"", "reports sought for retrieval (other methods)", f.other_sought_reports},
               {"minus", "reports not retrieved (other methods)", f.other_notretrieved_reports}});
  ExpectListSum(out, "reports excluded (other methods)", f.other_excluded, "the exclusion reasons",
                f.other_excluded_reasons);
}

void CheckIncluded(const PrismaFlow& f, Problems* out) {
  std::vector<Term> terms = {{"", "reports assessed for eligibility", f.dbr_assessed},
                             {"minus", "reports excluded", f.dbr_excluded}};
  if (f.has_other_methods) {
    terms.push_back({"plus", "reports assessed for eligibility (other methods)", f.other_assessed});
    terms.push_back({"minus", "reports excluded (other methods)", f.other_excluded});
  }
  ExpectEqual(out, "reports of new included studies", f.new_reports, terms);
  ExpectAtMost(out, "new studies included in review", f.new_studies,
               "reports of new included studies", f.new_reports);
  if (!f.has_previous) {
    ExpectEqual(out, "total studies included in review", f.total_studies,
                {{"", "new studies included in review", f.new_studies}});
    ExpectEqual(out, "reports of total included studies", f.total_reports,
                {{"", "reports of new included studies", f.new_reports}});
    return;
  }
  ExpectNonNegative(out, "studies included in previous version", f.previous_studies);
  ExpectAtMost(out, "studies included in previous version", f.previous_studies,
               "reports of studies included in previous version", f.previous_reports);
  ExpectEqual(out, "total studies included in review", f.total_studies,
              {{"", "new studies included in review", f.new_studies},
               {"plus", "studies included in previous version", f.previous_studies}});
  ExpectEqual(out, "reports of total included studies", f.total_reports,
              {{"", "reports of new included studies", f.new_reports},
               {"plus", "reports of studies included in previous version", f.previous_reports}});
}

// ---------------------------------------------------------------------------
// JSON.

Json CountsJson(const std::vector<PrismaCount>& counts) {
  Json arr = Json::array();
  for (const PrismaCount& c : counts) arr.push_back({{"label", c.label}, {"n", c.n}});
  return arr;
}

// ---------------------------------------------------------------------------
// CSV: the rows of inst/extdata/PRISMA.csv in the PRISMA2020 R package, in
// its order, with its node/box/description/boxtext/tooltips/url columns.
// "NA" is written where the template has NA; organisation_results has an
// empty node there.

struct TemplateRow {
  const char* data;
  const char* node;
  const char* box;
  const char* description;
  const char* boxtext;
  const char* tooltips;
  const char* url;
};

constexpr TemplateRow kTemplate[] = {
    {"NA", "node4", "prevstud", "Grey title box; Previous studies", "Previous studies",
     "Grey title box; Previous studies", "prevstud.html"},
    {"previous_studies", "node5", "box1", "Studies included in previous version of review",
     "Studies included in previous version of review",
     "Studies included in previous version of review", "previous_studies.html"},
    {"previous_reports", "NA", "box1", "Reports of studies included in previous version of review",
     "Reports of studies included in previous version of review", "NA", "previous_reports.html"},
    {"NA", "node6", "newstud",
     "Yellow title box; Identification of new studies via databases and registers",
     "Identification of new studies via databases and registers",
     "Yellow title box; Identification of new studies via databases and registers", "newstud.html"},
    {"database_results", "node7", "box2", "Records identified from: Databases", "Databases",
     "Records identified from: Databases and Registers", "database_results.html"},
    {"database_specific_results", "NA", "box2", "Records identified from: specific databases",
     "Specific Databases", "NA", "database_results.html"},
    {"register_results", "NA", "box2", "Records identified from: Registers", "Registers", "NA",
     "NA"},
    {"register_specific_results", "NA", "box2", "Records identified from: specific registers",
     "Specific Registers", "NA", "database_results.html"},
    {"NA", "node16", "othstud", "Grey title box; Identification of new studies via other methods",
     "Identification of new studies via other methods",
     "Grey title box; Identification of new studies via other methods", "othstud.html"},
    {"website_results", "node17", "box11", "Records identified from: Websites", "Websites",
     "Records identified from: Websites, Organisations and Citation Searching",
     "website_results.html"},
    {"organisation_results", "", "box11", "Records identified from: Organisations", "Organisations",
     "NA", "NA"},
    {"citations_results", "NA", "box11", "Records identified from: Citation searching",
     "Citation searching", "NA", "NA"},
    {"duplicates", "node8", "box3", "Duplicate records", "Duplicate records", "Duplicate records",
     "duplicates.html"},
    {"excluded_automatic", "NA", "box3", "Records marked as ineligible by automation tools",
     "Records marked as ineligible by automation tools", "NA", "NA"},
    {"excluded_other", "NA", "box3", "Records removed for other reasons",
     "Records removed for other reasons", "NA", "NA"},
    {"records_screened", "node9", "box4", "Records screened (databases and registers)",
     "Records screened", "Records screened (databases and registers)", "records_screened.html"},
    {"records_excluded", "node10", "box5", "Records excluded (databases and registers)",
     "Records excluded", "Records excluded (databases and registers)", "records_excluded.html"},
    {"dbr_sought_reports", "node11", "box6",
     "Reports sought for retrieval (databases and registers)", "Reports sought for retrieval",
     "Reports sought for retrieval (databases and registers)", "dbr_sought_reports.html"},
    {"dbr_notretrieved_reports", "node12", "box7",
     "Reports not retrieved (databases and registers)", "Reports not retrieved",
     "Reports not retrieved (databases and registers)", "dbr_notretrieved_reports.html"},
    {"other_sought_reports", "node18", "box12", "Reports sought for retrieval (other)",
     "Reports sought for retrieval", "Reports sought for retrieval (other)",
     "other_sought_reports.html"},
    {"other_notretrieved_reports", "node19", "box13", "Reports not retrieved (other)",
     "Reports not retrieved", "Reports not retrieved (other)", "other_notretrieved_reports.html"},
    {"dbr_assessed", "node13", "box8", "Reports assessed for eligibility (databases and registers)",
     "Reports assessed for eligibility",
     "Reports assessed for eligibility (databases and registers)", "dbr_assessed.html"},
    {"dbr_excluded", "node14", "box9",
     "Reports excluded (databases and registers)"
     ": [separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; Reason3, xxx]",
     "Reports excluded", "Reports excluded (databases and registers)", "dbrexcludedrecords.html"},
    {"other_assessed", "node20", "box14", "Reports assessed for eligibility (other)",
     "Reports assessed for eligibility", "Reports assessed for eligibility (other)",
     "other_assessed.html"},
    {"other_excluded", "node21", "box15",
     "Reports excluded (other)"
     ": [separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; Reason3, xxx]",
     "Reports excluded", "Reports excluded (other)", "other_excluded.html"},
    {"new_studies", "node15", "box10", "New studies included in review",
     "New studies included in review", "New studies included in review", "new_studies.html"},
    {"new_reports", "NA", "box10", "Reports of new included studies",
     "Reports of new included studies", "NA", "NA"},
    {"total_studies", "node22", "box16", "Total studies included in review",
     "Total studies included in review", "Total studies included in review", "total_studies.html"},
    {"total_reports", "NA", "box16", "Reports of total included studies",
     "Reports of total included studies", "NA", "NA"},
    {"identification", "node1", "identification", "Blue identification box", "Identification",
     "Blue identification box", "identification.html"},
    {"screening", "node2", "screening", "Blue screening box", "Screening", "Blue screening box",
     "screening.html"},
    {"included", "node3", "included", "Blue included box", "Included", "Blue included box",
     "included.html"},
};

// The package splits a list on ";" (and one following space) and takes the
// text before the first "," as the label, so neither may appear in a label.
std::string ListLabel(const std::string& label) {
  std::string out;
  for (char c : core::SanitizeUtf8(label)) {
    bool blank = c == ',' || c == ';' || c == '\r' || c == '\n' || c == '\t';
    if (blank) c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// "Name, n; Name, n", or the plain total when there is no breakdown (the
// package reads a value of digits only as a single unlabelled count).
std::string ListValue(const std::vector<PrismaCount>& counts, int64_t total) {
  if (counts.empty()) return std::to_string(total);
  std::string out;
  for (const PrismaCount& c : counts) {
    if (!out.empty()) out += "; ";
    out += ListLabel(c.label) + ", " + std::to_string(c.n);
  }
  return out;
}

// The n column for one template row. Columns the flow does not have are NA,
// which makes the package leave out the previous-studies and other-methods
// boxes; the title and phase rows keep the template's 0.
std::string CsvCount(const PrismaFlow& f, std::string_view data) {
  auto n = [](int64_t v) { return std::to_string(v); };
  auto prev = [&](int64_t v) { return f.has_previous ? n(v) : std::string("NA"); };
  auto other = [&](int64_t v) { return f.has_other_methods ? n(v) : std::string("NA"); };
  if (data == "previous_studies") return prev(f.previous_studies);
  if (data == "previous_reports") return prev(f.previous_reports);
  if (data == "database_results") return n(f.database_results);
  if (data == "database_specific_results")
    return ListValue(f.database_specific_results, f.database_results);
  if (data == "register_results") return n(f.register_results);
  if (data == "register_specific_results")
    return ListValue(f.register_specific_results, f.register_results);
  if (data == "website_results") return other(f.website_results);
  if (data == "organisation_results") return other(f.organisation_results);
  if (data == "citations_results") return other(f.citations_results);
  if (data == "duplicates") return n(f.duplicates);
  if (data == "excluded_automatic") return n(f.excluded_automatic);
  if (data == "excluded_other") return n(f.excluded_other);
  if (data == "records_screened") return n(f.records_screened);
  if (data == "records_excluded") return n(f.records_excluded);
  if (data == "dbr_sought_reports") return n(f.dbr_sought_reports);
  if (data == "dbr_notretrieved_reports") return n(f.dbr_notretrieved_reports);
  if (data == "other_sought_reports") return n(f.other_sought_reports);
  if (data == "other_notretrieved_reports") return n(f.other_notretrieved_reports);
  if (data == "dbr_assessed") return n(f.dbr_assessed);
  if (data == "dbr_excluded") return ListValue(f.dbr_excluded_reasons, f.dbr_excluded);
  if (data == "other_assessed") return n(f.other_assessed);
  if (data == "other_excluded") return ListValue(f.other_excluded_reasons, f.other_excluded);
  if (data == "new_studies") return n(f.new_studies);
  if (data == "new_reports") return n(f.new_reports);
  if (data == "total_studies") return n(f.total_studies);
  if (data == "total_reports") return n(f.total_reports);
  return "0";
}

// ---------------------------------------------------------------------------
// SVG. Columns left to right: phase labels, previous studies (when
// has_previous), databases and registers with their side boxes, other methods
// with theirs (when has_other_methods). Boxes of a row are centred on the
// row's middle, so the arrow to a side box is horizontal.

constexpr double kFontSize = 11;
constexpr double kCharWidth = 0.55 * kFontSize;  // a generous sans-serif average
constexpr double kLineHeight = 14;
constexpr double kTitleSize = 15;
constexpr double kPad = 8;
constexpr double kIndent = 12;
constexpr double kMargin = 24;
constexpr double kStripWidth = 26;
constexpr double kColWidth = 190;
constexpr double kColGap = 30;
constexpr double kRowGap = 30;
constexpr double kA4Ratio = 297.0 / 210.0;

enum Col { kPrev, kMain, kSide, kOtherMain, kOtherSide, kNumCols };
enum Row { kHeader, kIdent, kScreen, kSought, kAssess, kNew, kTotal, kNumRows };

enum class Style { kNone, kWhite, kGrey, kYellow };

struct Line {
  std::string text;
  bool indent = false;
};

struct Cell {
  Style style = Style::kNone;
  std::vector<std::string> lines;  // wrapped
  std::vector<bool> indented;
  bool centred = false;
  int span = 1;  // columns
  double h = 0;
};

struct Rect {
  double x, y, w, h;
  double cx() const { return x + w / 2; }
  double cy() const { return y + h / 2; }
};

std::string Count(const char* text, int64_t n) {
  return std::string(text) + " (n = " + std::to_string(n) + ")";
}

std::string Fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f", v);
  return buf;
}

// Code points, not bytes: the width estimate is per character.
size_t Width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Splits a word longer than `max` characters at code-point boundaries.
void HardBreak(const std::string& word, size_t max, std::vector<std::string>* out) {
  std::string piece;
  size_t chars = 0;
  for (unsigned char c : word) {
    bool starts = (c & 0xC0) != 0x80;
    if (starts && chars == max) {
      out->push_back(piece);
      piece.clear();
      chars = 0;
    }
    piece += static_cast<char>(c);
    chars += starts;
  }
  if (!piece.empty()) out->push_back(piece);
}

// "(n", "=", "12)" become one word, so a count is never split over lines.
void KeepCountsTogether(std::vector<std::string>* words) {
  std::vector<std::string> out;
  for (size_t i = 0; i < words->size(); ++i) {
    const std::vector<std::string>& w = *words;
    if (w[i] == "(n" && i + 2 < w.size() && w[i + 1] == "=") {
      out.push_back(w[i] + " = " + w[i + 2]);
      i += 2;
    } else {
      out.push_back(w[i]);
    }
  }
  *words = std::move(out);
}

// Greedy word wrap to at most `max` characters a line.
std::vector<std::string> Wrap(const std::string& text, size_t max) {
  std::vector<std::string> words, lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(start, end - start);
    if (Width(word) > max)
      HardBreak(word, max, &words);
    else if (!word.empty())
      words.push_back(word);
    start = end + 1;
  }
  KeepCountsTogether(&words);
  std::string line;
  for (const std::string& w : words) {
    if (!line.empty() && Width(line) + 1 + Width(w) > max) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + w;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

std::string CleanText(const std::string& s) {
  std::string out = core::SanitizeUtf8(s);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';  // not allowed in XML 1.0
  }
  return out;
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Cell MakeCell(Style style, const std::vector<Line>& content, int span = 1, bool centred = false) {
  Cell cell;
  cell.style = style;
  cell.span = span;
  cell.centred = centred;
  double inner = span * kColWidth + (span - 1) * kColGap - 2 * kPad;
  for (const Line& l : content) {
    size_t max = static_cast<size_t>((inner - (l.indent ? kIndent : 0)) / kCharWidth);
    for (std::string& w : Wrap(CleanText(l.text), max)) {
      cell.lines.push_back(std::move(w));
      cell.indented.push_back(l.indent);
    }
  }
  cell.h = cell.lines.size() * kLineHeight + 2 * kPad;
  return cell;
}

std::vector<Line> ListLines(const std::vector<PrismaCount>& counts) {
  std::vector<Line> out;
  for (const PrismaCount& c : counts) out.push_back({Count(c.label.c_str(), c.n), true});
  return out;
}

void Append(std::vector<Line>* lines, std::vector<Line> more) {
  lines->insert(lines->end(), more.begin(), more.end());
}

using Grid = std::vector<std::vector<Cell>>;

void FillDatabaseColumn(const PrismaFlow& f, Grid* g) {
  (*g)[kHeader][kMain] = MakeCell(
      Style::kYellow, {{"Identification of new studies via databases and registers"}}, 2, true);
  std::vector<Line> ident = {{"Records identified from:"},
                             {Count("Databases", f.database_results)}};
  Append(&ident, ListLines(f.database_specific_results));
  ident.push_back({Count("Registers", f.register_results)});
  Append(&ident, ListLines(f.register_specific_results));
  (*g)[kIdent][kMain] = MakeCell(Style::kWhite, ident);
  std::vector<Line> removed = {
      {"Records removed before screening:"},
      {Count("Duplicate records removed", f.duplicates)},
      {Count("Records marked as ineligible by automation tools", f.excluded_automatic)}};
  Append(&removed, ListLines(f.excluded_automatic_by_rule));
  removed.push_back({Count("Records removed for other reasons", f.excluded_other)});
  (*g)[kIdent][kSide] = MakeCell(Style::kWhite, removed);
  (*g)[kScreen][kMain] = MakeCell(Style::kWhite, {{Count("Records screened", f.records_screened)}});
  (*g)[kScreen][kSide] = MakeCell(Style::kWhite, {{Count("Records excluded", f.records_excluded)}});
  (*g)[kSought][kMain] =
      MakeCell(Style::kWhite, {{Count("Reports sought for retrieval", f.dbr_sought_reports)}});
  (*g)[kSought][kSide] =
      MakeCell(Style::kWhite, {{Count("Reports not retrieved", f.dbr_notretrieved_reports)}});
  (*g)[kAssess][kMain] =
      MakeCell(Style::kWhite, {{Count("Reports assessed for eligibility", f.dbr_assessed)}});
  std::vector<Line> excluded = {
      {Count("Reports excluded", f.dbr_excluded) + (f.dbr_excluded_reasons.empty() ? "" : ":")}};
  Append(&excluded, ListLines(f.dbr_excluded_reasons));
  (*g)[kAssess][kSide] = MakeCell(Style::kWhite, excluded);
  (*g)[kNew][kMain] =
      MakeCell(Style::kWhite, {{Count("New studies included in review", f.new_studies)},
                               {Count("Reports of new included studies", f.new_reports)}});
}

void FillOtherColumn(const PrismaFlow& f, Grid* g) {
  (*g)[kHeader][kOtherMain] =
      MakeCell(Style::kGrey, {{"Identification of new studies via other methods"}}, 2, true);
  (*g)[kIdent][kOtherMain] =
      MakeCell(Style::kGrey, {{"Records identified from:"},
                              {Count("Websites", f.website_results)},
                              {Count("Organisations", f.organisation_results)},
                              {Count("Citation searching", f.citations_results)}});
  (*g)[kSought][kOtherMain] =
      MakeCell(Style::kGrey, {{Count("Reports sought for retrieval", f.other_sought_reports)}});
  (*g)[kSought][kOtherSide] =
      MakeCell(Style::kGrey, {{Count("Reports not retrieved", f.other_notretrieved_reports)}});
  (*g)[kAssess][kOtherMain] =
      MakeCell(Style::kGrey, {{Count("Reports assessed for eligibility", f.other_assessed)}});
  std::vector<Line> excluded = {{Count("Reports excluded", f.other_excluded) +
                                 (f.other_excluded_reasons.empty() ? "" : ":")}};
  Append(&excluded, ListLines(f.other_excluded_reasons));
  (*g)[kAssess][kOtherSide] = MakeCell(Style::kGrey, excluded);
}

void FillPreviousColumn(const PrismaFlow& f, Grid* g) {
  (*g)[kHeader][kPrev] = MakeCell(Style::kGrey, {{"Previous studies"}}, 1, true);
  (*g)[kIdent][kPrev] = MakeCell(
      Style::kGrey,
      {{Count("Studies included in previous version of review", f.previous_studies)},
       {Count("Reports of studies included in previous version of review", f.previous_reports)}});
  (*g)[kTotal][kMain] =
      MakeCell(Style::kGrey, {{Count("Total studies included in review", f.total_studies)},
                              {Count("Reports of total included studies", f.total_reports)}});
}

// Where everything goes: x of each column, y and height of each row.
struct Layout {
  std::vector<std::string> title;  // wrapped
  double title_h = 0;
  double col_x[kNumCols] = {};
  double row_y[kNumRows] = {};
  double row_h[kNumRows] = {};
  double width = 0, height = 0;
  const Grid* grid = nullptr;

  bool Has(int row, int col) const { return (*grid)[row][col].style != Style::kNone; }
  Rect At(int row, int col) const {
    const Cell& c = (*grid)[row][col];
    double w = c.span * kColWidth + (c.span - 1) * kColGap;
    return {col_x[col], row_y[row] + (row_h[row] - c.h) / 2, w, c.h};
  }
};

Layout Place(const Grid& g, bool has_previous, bool has_other, const std::string& title) {
  Layout l;
  l.grid = &g;
  double x = kMargin + kStripWidth + kColGap / 2;
  for (int c = 0; c < kNumCols; ++c) {
    bool used = (c != kPrev || has_previous) && (c < kOtherMain || has_other);
    l.col_x[c] = x;
    if (used) x += kColWidth + kColGap;
  }
  l.width = x - kColGap + kMargin;
  if (!title.empty()) {
    l.title = Wrap(title, static_cast<size_t>((l.width - 2 * kMargin) / (0.55 * kTitleSize)));
    l.title_h = l.title.size() * kTitleSize * 1.3 + kLineHeight;
  }
  double y = kMargin + l.title_h;
  for (int r = 0; r < kNumRows; ++r) {
    for (int c = 0; c < kNumCols; ++c) l.row_h[r] = std::max(l.row_h[r], g[r][c].h);
    l.row_y[r] = y;
    if (l.row_h[r] > 0) y += l.row_h[r] + kRowGap;
  }
  l.height = y - kRowGap + kMargin;
  return l;
}

const char* Fill(Style s) {
  switch (s) {
    case Style::kGrey:
      return "#dcdcdc";
    case Style::kYellow:
      return "#ffc125";
    default:
      return "#ffffff";
  }
}

void DrawCell(const Layout& l, int row, int col, std::string* out) {
  const Cell& c = (*l.grid)[row][col];
  Rect r = l.At(row, col);
  bool rounded = row == kHeader;
  *out += "<rect x=\"" + Fmt(r.x) + "\" y=\"" + Fmt(r.y) + "\" width=\"" + Fmt(r.w) +
          "\" height=\"" + Fmt(r.h) + "\"" + (rounded ? " rx=\"8\"" : "") + " fill=\"" +
          Fill(c.style) + "\" stroke=\"" + (c.style == Style::kWhite ? "#000000" : "#a0a0a0") +
          "\"/>\n";
  for (size_t i = 0; i < c.lines.size(); ++i) {
    double x = c.centred ? r.cx() : r.x + kPad + (c.indented[i] ? kIndent : 0);
    double y = r.y + kPad + (i + 1) * kLineHeight - 3.5;
    *out += "<text x=\"" + Fmt(x) + "\" y=\"" + Fmt(y) + "\"" +
            (c.centred ? " text-anchor=\"middle\" font-weight=\"bold\"" : "") + ">" +
            XmlEscape(c.lines[i]) + "</text>\n";
  }
}

void DrawArrow(const std::vector<std::pair<double, double>>& points, std::string* out) {
  std::string pts;
  for (const auto& [x, y] : points) pts += (pts.empty() ? "" : " ") + Fmt(x) + "," + Fmt(y);
  *out += "<polyline points=\"" + pts +
          "\" fill=\"none\" stroke=\"#000000\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>\n";
}

void DrawArrows(const Layout& l, std::string* out) {
  auto down = [&](int from, int to, int col) {
    Rect a = l.At(from, col), b = l.At(to, col);
    DrawArrow({{a.cx(), a.y + a.h}, {b.cx(), b.y}}, out);
  };
  auto right = [&](int row, int from, int to) {
    Rect a = l.At(row, from), b = l.At(row, to);
    DrawArrow({{a.x + a.w, a.cy()}, {b.x, a.cy()}}, out);
  };
  const int rows[] = {kIdent, kScreen, kSought, kAssess};
  for (int r : rows) right(r, kMain, kSide);
  for (int i = 0; i < 3; ++i) down(rows[i], rows[i + 1], kMain);
  down(kAssess, kNew, kMain);
  Rect fresh = l.At(kNew, kMain);
  if (l.Has(kIdent, kOtherMain)) {
    right(kSought, kOtherMain, kOtherSide);
    right(kAssess, kOtherMain, kOtherSide);
    down(kIdent, kSought, kOtherMain);
    down(kSought, kAssess, kOtherMain);
    Rect a = l.At(kAssess, kOtherMain);
    DrawArrow({{a.cx(), a.y + a.h}, {a.cx(), fresh.cy()}, {fresh.x + fresh.w, fresh.cy()}}, out);
  }
  if (l.Has(kIdent, kPrev)) {
    down(kNew, kTotal, kMain);
    Rect p = l.At(kIdent, kPrev), t = l.At(kTotal, kMain);
    DrawArrow({{p.cx(), p.y + p.h}, {p.cx(), t.cy()}, {t.x, t.cy()}}, out);
  }
}

// A rounded light-blue bar with rotated text beside rows [first, last].
void DrawPhase(const Layout& l, const char* name, int first, int last, std::string* out) {
  while (last > first && l.row_h[last] == 0) --last;
  double top = l.row_y[first], bottom = l.row_y[last] + l.row_h[last];
  double x = kMargin, cx = x + kStripWidth / 2, cy = (top + bottom) / 2;
  *out += "<rect x=\"" + Fmt(x) + "\" y=\"" + Fmt(top) + "\" width=\"" + Fmt(kStripWidth) +
          "\" height=\"" + Fmt(bottom - top) + "\" rx=\"8\" fill=\"#bcd2ee\"/>\n";
  *out += "<text x=\"" + Fmt(cx) + "\" y=\"" + Fmt(cy + 4) + "\" transform=\"rotate(-90 " +
          Fmt(cx) + " " + Fmt(cy) + ")\" text-anchor=\"middle\" font-weight=\"bold\">" + name +
          "</text>\n";
}

std::string SvgHead(const Layout& l, const std::string& title) {
  // A4 portrait proportions, wide or tall enough for the diagram.
  double w = std::max(l.width, l.height / kA4Ratio), h = w * kA4Ratio;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"210mm\" "
      "height=\"297mm\" viewBox=\"0 0 " +
      Fmt(w) + " " + Fmt(h) +
      "\" font-family=\"Helvetica, "
      "Arial, sans-serif\" font-size=\"" +
      Fmt(kFontSize) + "\">\n";
  out += "<title>" + XmlEscape(title.empty() ? "PRISMA 2020 flow diagram" : title) + "</title>\n";
  out +=
      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
      "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" "
      "fill=\"#000000\"/></marker></defs>\n";
  out += "<rect x=\"0\" y=\"0\" width=\"" + Fmt(w) + "\" height=\"" + Fmt(h) +
         "\" fill=\"#ffffff\"/>\n";
  out += "<g transform=\"translate(" + Fmt((w - l.width) / 2) + " 0)\">\n";
  for (size_t i = 0; i < l.title.size(); ++i) {
    out += "<text x=\"" + Fmt(kMargin) + "\" y=\"" + Fmt(kMargin + (i + 1) * kTitleSize * 1.3) +
           "\" font-size=\"" + Fmt(kTitleSize) + "\" font-weight=\"bold\">" +
           XmlEscape(l.title[i]) + "</text>\n";
  }
  return out;
}

}  // namespace

std::vector<std::string> PrismaInconsistencies(const PrismaFlow& flow) {
  Problems out;
  CheckSigns(flow, &out);
  CheckDatabasesAndRegisters(flow, &out);
  CheckOtherMethods(flow, &out);
  CheckIncluded(flow, &out);
  return out;
}

std::string PrismaJson(const PrismaFlow& f) {
  Json j = Json::object();
  j["has_previous"] = f.has_previous;
  j["has_other_methods"] = f.has_other_methods;
  j["previous_studies"] = f.previous_studies;
  j["previous_reports"] = f.previous_reports;
  j["database_results"] = f.database_results;
  j["database_specific_results"] = CountsJson(f.database_specific_results);
  j["register_results"] = f.register_results;
  j["register_specific_results"] = CountsJson(f.register_specific_results);
  j["website_results"] = f.website_results;
  j["organisation_results"] = f.organisation_results;
  j["citations_results"] = f.citations_results;
  j["duplicates"] = f.duplicates;
  j["excluded_automatic"] = f.excluded_automatic;
  j["excluded_automatic_by_rule"] = CountsJson(f.excluded_automatic_by_rule);
  j["excluded_other"] = f.excluded_other;
  j["records_screened"] = f.records_screened;
  j["records_excluded"] = f.records_excluded;
  j["dbr_sought_reports"] = f.dbr_sought_reports;
  j["dbr_notretrieved_reports"] = f.dbr_notretrieved_reports;
  j["other_sought_reports"] = f.other_sought_reports;
  j["other_notretrieved_reports"] = f.other_notretrieved_reports;
  j["dbr_assessed"] = f.dbr_assessed;
  j["dbr_excluded"] = f.dbr_excluded;
  j["dbr_excluded_reasons"] = CountsJson(f.dbr_excluded_reasons);
  j["other_assessed"] = f.other_assessed;
  j["other_excluded"] = f.other_excluded;
  j["other_excluded_reasons"] = CountsJson(f.other_excluded_reasons);
  j["new_studies"] = f.new_studies;
  j["new_reports"] = f.new_reports;
  j["total_studies"] = f.total_studies;
  j["total_reports"] = f.total_reports;
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string PrismaCsv(const PrismaFlow& flow) {
  std::string out = "data,node,box,description,boxtext,tooltips,url,n\n";
  for (const TemplateRow& r : kTemplate) {
    for (const char* field : {r.data, r.node, r.box, r.description, r.boxtext, r.tooltips, r.url}) {
      out += CsvField(field);
      out += ',';
    }
    out += CsvField(CsvCount(flow, r.data)) + "\n";
  }
  return out;
}

std::string PrismaSvg(const PrismaFlow& flow, const std::string& title) {
  Grid grid(kNumRows, std::vector<Cell>(kNumCols));
  FillDatabaseColumn(flow, &grid);
  if (flow.has_other_methods) FillOtherColumn(flow, &grid);
  if (flow.has_previous) FillPreviousColumn(flow, &grid);
  std::string clean_title = CleanText(title);
  Layout layout = Place(grid, flow.has_previous, flow.has_other_methods, clean_title);
  std::string out = SvgHead(layout, clean_title);
  DrawPhase(layout, "Identification", kIdent, kIdent, &out);
  DrawPhase(layout, "Screening", kScreen, kAssess, &out);
  DrawPhase(layout, "Included", kNew, kTotal, &out);
  for (int r = 0; r < kNumRows; ++r) {
    for (int c = 0; c < kNumCols; ++c) {
      if (layout.Has(r, c)) DrawCell(layout, r, c, &out);
    }
  }
  DrawArrows(layout, &out);
  out += "</g>\n</svg>\n";
  return out;
}

}  // namespace exporter
