// Tests for the PRISMA 2020 flow exports (export/prisma.h). The flow is a
// made-up but consistent review with both optional columns; the CSV checks
// follow inst/extdata/PRISMA.csv of the PRISMA2020 R package (header, row
// order, the "Name, n; Name, n" lists its PRISMA_data() parses).
#include "export/prisma.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace {

using exporter::PrismaFlow;
using Json = nlohmann::ordered_json;

PrismaFlow Consistent() {
  PrismaFlow f;
  f.database_results = 1180;
  f.database_specific_results = {{"MEDLINE", 610}, {"Embase", 420}, {"A<B & C>", 150}};
  f.register_results = 95;
  f.register_specific_results = {{"ClinicalTrials.gov", 60}, {"WHO ICTRP", 35}};
  f.duplicates = 312;
  f.excluded_automatic = 41;
  f.excluded_automatic_by_rule = {{"Animal-only studies", 29}, {"Editorials", 12}};
  f.excluded_other = 7;
  f.records_screened = 915;  // 1275 - 312 - 41 - 7
  f.records_excluded = 803;
  f.dbr_sought_reports = 112;
  f.dbr_notretrieved_reports = 9;
  f.dbr_assessed = 103;
  f.dbr_excluded = 71;
  f.dbr_excluded_reasons = {
      {"Wrong population", 38}, {"Wrong comparator", 20}, {"Not a randomised trial", 13}};
  f.has_other_methods = true;
  f.website_results = 14;
  f.organisation_results = 6;
  f.citations_results = 23;
  f.other_sought_reports = 17;
  f.other_notretrieved_reports = 3;
  f.other_assessed = 14;
  f.other_excluded = 5;
  f.other_excluded_reasons = {{"No outcome data", 5}};
  f.new_studies = 36;
  f.new_reports = 41;  // (103 - 71) + (14 - 5)
  f.has_previous = true;
  f.previous_studies = 19;
  f.previous_reports = 27;
  f.total_studies = 55;
  f.total_reports = 68;
  return f;
}

// ---- CSV helpers: RFC 4180 rows, enough for the template.

std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"')
        field += '"', ++i;
      else if (c == '"')
        quoted = false;
      else
        field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field), field.clear();
    } else if (c == '\n') {
      rows.back().push_back(field), field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

std::map<std::string, std::string> CsvCounts(const std::string& csv) {
  std::map<std::string, std::string> n;
  for (const auto& row : ParseCsv(csv)) {
    if (row[0] != "NA" && row[0] != "data") n[row[0]] = row[7];
  }
  return n;
}

// ---- SVG helpers.

// Every element closed in order, every '&' an entity: enough to catch the
// ways hand-written XML goes wrong.
bool WellFormed(const std::string& xml, std::string* why) {
  std::vector<std::string> open;
  for (size_t i = 0; i < xml.size(); ++i) {
    if (xml[i] == '&') {
      bool entity = false;
      for (const char* e : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"}) {
        entity = entity || xml.compare(i, std::string(e).size(), e) == 0;
      }
      if (!entity) return *why = "bare & at " + std::to_string(i), false;
    }
    if (xml[i] == '>') return *why = "bare > at " + std::to_string(i), false;
    if (xml[i] != '<') continue;
    size_t end = xml.find('>', i);
    if (end == std::string::npos) return *why = "unclosed tag", false;
    std::string tag = xml.substr(i + 1, end - i - 1);
    if (tag.find('<') != std::string::npos) return *why = "'<' inside tag " + tag, false;
    i = end;
    if (tag[0] == '?' || tag[0] == '!') continue;
    if (tag.back() == '/') continue;
    std::string name = tag.substr(tag[0] == '/' ? 1 : 0);
    name = name.substr(0, name.find_first_of(" \t\n"));
    if (tag[0] != '/') {
      open.push_back(name);
    } else if (open.empty() || open.back() != name) {
      return *why = "</" + name + "> does not close " + (open.empty() ? "" : open.back()), false;
    } else {
      open.pop_back();
    }
  }
  if (!open.empty()) return *why = "<" + open.back() + "> never closed", false;
  return true;
}

// The character data of every <text> element.
std::vector<std::string> Texts(const std::string& svg) {
  std::vector<std::string> out;
  for (size_t at = svg.find("<text"); at != std::string::npos; at = svg.find("<text", at + 1)) {
    size_t start = svg.find('>', at) + 1;
    out.push_back(svg.substr(start, svg.find("</text>", start) - start));
  }
  return out;
}

bool HasText(const std::string& svg, const std::string& line) {
  for (const std::string& t : Texts(svg)) {
    if (t == line) return true;
  }
  return false;
}

}  // namespace

// ---------------------------------------------------------------------------
// PrismaInconsistencies

TEST_CASE("PrismaInconsistencies finds nothing wrong in a consistent flow") {
  CHECK(exporter::PrismaInconsistencies(Consistent()).empty());
}

TEST_CASE("PrismaInconsistencies accepts a flow without lists or optional columns") {
  PrismaFlow f;
  f.database_results = 10;
  f.duplicates = 2;
  f.records_screened = 8;
  f.records_excluded = 5;
  f.dbr_sought_reports = 3;
  f.dbr_assessed = 3;
  f.new_studies = 3;
  f.new_reports = 3;
  f.total_studies = 3;
  f.total_reports = 3;
  CHECK(exporter::PrismaInconsistencies(f).empty());
}

TEST_CASE("PrismaInconsistencies names the boxes and numbers of each broken rule") {
  struct Case {
    const char* rule;
    std::function<void(PrismaFlow&)> breaks;
    const char* sentence;  // the expected problem, or its beginning
  };
  const std::vector<Case> cases = {
      {"per-database counts", [](PrismaFlow& f) { f.database_specific_results[0].n = 600; },
       "records identified from databases (1180) should equal the sum of the per-database "
       "counts: MEDLINE (600) + Embase (420) + A<B & C> (150) = 1170"},
      {"per-register counts", [](PrismaFlow& f) { f.register_specific_results[1].n = 30; },
       "records identified from registers (95) should equal the sum of the per-register counts"},
      {"per-rule automation counts", [](PrismaFlow& f) { f.excluded_automatic_by_rule[1].n = 10; },
       "automation exclusions (41) should equal the sum of the per-rule counts"},
      {"records screened", [](PrismaFlow& f) { f.duplicates = 317; },
       "records screened (915) should equal records identified (1275) minus duplicates (317) "
       "minus automation exclusions (41) minus other removals (7) = 910"},
      {"reports sought", [](PrismaFlow& f) { f.records_excluded = 800; },
       "reports sought for retrieval (112) should equal records screened (915) minus records "
       "excluded (800) = 115"},
      {"reports assessed", [](PrismaFlow& f) { f.dbr_notretrieved_reports = 10; },
       "reports assessed for eligibility (103) should equal reports sought for retrieval (112) "
       "minus reports not retrieved (10) = 102"},
      {"exclusion reasons", [](PrismaFlow& f) { f.dbr_excluded_reasons[0].n = 39; },
       "reports excluded (71) should equal the sum of the exclusion reasons: Wrong population "
       "(39) + Wrong comparator (20) + Not a randomised trial (13) = 72"},
      {"new reports",
       [](PrismaFlow& f) {
         f.new_reports = 40;
         f.total_reports = 67;
       },
       "reports of new included studies (40) should equal reports assessed for eligibility (103) "
       "minus reports excluded (71) plus reports assessed for eligibility (other methods) (14) "
       "minus reports excluded (other methods) (5) = 41"},
      {"new studies at most new reports",
       [](PrismaFlow& f) {
         f.new_studies = 45;
         f.total_studies = 64;
       },
       "new studies included in review (45) should not exceed reports of new included studies "
       "(41)"},
      {"total studies", [](PrismaFlow& f) { f.total_studies = 56; },
       "total studies included in review (56) should equal new studies included in review (36) "
       "plus studies included in previous version (19) = 55"},
      {"total reports", [](PrismaFlow& f) { f.total_reports = 70; },
       "reports of total included studies (70) should equal reports of new included studies (41) "
       "plus reports of studies included in previous version (27) = 68"},
      {"previous studies at most previous reports",
       [](PrismaFlow& f) {
         f.previous_studies = 30;
         f.total_studies = 66;
       },
       "studies included in previous version (30) should not exceed reports of studies included "
       "in previous version (27)"},
      {"other reports sought",
       [](PrismaFlow& f) {
         f.website_results = 0;
         f.organisation_results = 0;
         f.citations_results = 10;
       },
       "reports sought for retrieval (other methods) (17) should not exceed records identified "
       "from websites, organisations and citation searching (10)"},
      {"other reports assessed", [](PrismaFlow& f) { f.other_notretrieved_reports = 4; },
       "reports assessed for eligibility (other methods) (14) should equal reports sought for "
       "retrieval (other methods) (17) minus reports not retrieved (other methods) (4) = 13"},
      {"other exclusion reasons", [](PrismaFlow& f) { f.other_excluded_reasons[0].n = 6; },
       "reports excluded (other methods) (5) should equal the sum of the exclusion reasons: No "
       "outcome data (6) = 6"},
      {"negative count",
       [](PrismaFlow& f) {
         f.excluded_other = -1;
         f.duplicates = 320;
       },
       "other removals (-1) should not be negative"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.rule) {
      PrismaFlow f = Consistent();
      c.breaks(f);
      std::vector<std::string> problems = exporter::PrismaInconsistencies(f);
      INFO(Json(problems).dump(1));
      REQUIRE(problems.size() == 1);
      CHECK(problems[0].rfind(c.sentence, 0) == 0);
    }
  }
}

TEST_CASE("PrismaInconsistencies without previous studies wants totals equal to new") {
  PrismaFlow f = Consistent();
  f.has_previous = false;
  std::vector<std::string> problems = exporter::PrismaInconsistencies(f);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0] ==
        "total studies included in review (55) should equal new studies included in review (36)");
  CHECK(problems[1] ==
        "reports of total included studies (68) should equal reports of new included studies (41)");
  f.total_studies = 36;
  f.total_reports = 41;
  f.previous_studies = 500;  // ignored without the column
  CHECK(exporter::PrismaInconsistencies(f).empty());
}

TEST_CASE("PrismaInconsistencies skips the other-methods rules without that column") {
  PrismaFlow f = Consistent();
  f.has_other_methods = false;
  std::vector<std::string> problems = exporter::PrismaInconsistencies(f);
  REQUIRE(problems.size() == 1);  // new reports no longer count the other column
  CHECK(problems[0] ==
        "reports of new included studies (41) should equal reports assessed for eligibility "
        "(103) minus reports excluded (71) = 32");
  f.new_reports = 32;
  f.new_studies = 30;
  f.total_studies = 49;
  f.total_reports = 59;
  f.other_assessed = 999;  // ignored without the column
  f.other_excluded_reasons = {{"Anything", 1}};
  CHECK(exporter::PrismaInconsistencies(f).empty());
}

// ---------------------------------------------------------------------------
// PrismaJson

TEST_CASE("PrismaJson uses the template field names and label-n lists") {
  Json j = Json::parse(exporter::PrismaJson(Consistent()));
  const std::vector<std::pair<const char*, int64_t>> numbers = {
      {"previous_studies", 19},     {"previous_reports", 27},
      {"database_results", 1180},   {"register_results", 95},
      {"website_results", 14},      {"organisation_results", 6},
      {"citations_results", 23},    {"duplicates", 312},
      {"excluded_automatic", 41},   {"excluded_other", 7},
      {"records_screened", 915},    {"records_excluded", 803},
      {"dbr_sought_reports", 112},  {"dbr_notretrieved_reports", 9},
      {"other_sought_reports", 17}, {"other_notretrieved_reports", 3},
      {"dbr_assessed", 103},        {"dbr_excluded", 71},
      {"other_assessed", 14},       {"other_excluded", 5},
      {"new_studies", 36},          {"new_reports", 41},
      {"total_studies", 55},        {"total_reports", 68},
  };
  for (const auto& [key, n] : numbers) {
    INFO(key);
    REQUIRE(j.contains(key));
    CHECK(j[key] == n);
  }
  CHECK(j["database_specific_results"] ==
        Json::parse(R"([{"label":"MEDLINE","n":610},{"label":"Embase","n":420},)"
                    R"({"label":"A<B & C>","n":150}])"));
  CHECK(j["register_specific_results"][1] == Json::parse(R"({"label":"WHO ICTRP","n":35})"));
  CHECK(j["excluded_automatic_by_rule"] ==
        Json::parse(R"([{"label":"Animal-only studies","n":29},{"label":"Editorials","n":12}])"));
  CHECK(j["dbr_excluded_reasons"].size() == 3);
  CHECK(j["other_excluded_reasons"][0]["label"] == "No outcome data");
  CHECK(j["has_previous"] == true);
  CHECK(j["has_other_methods"] == true);
}

TEST_CASE("PrismaJson gives empty arrays for missing breakdowns") {
  Json j = Json::parse(exporter::PrismaJson(PrismaFlow{}));
  CHECK(j["database_specific_results"] == Json::array());
  CHECK(j["excluded_automatic_by_rule"] == Json::array());
  CHECK(j["has_previous"] == false);
}

// ---------------------------------------------------------------------------
// PrismaCsv

TEST_CASE("PrismaCsv has the template header and rows in the template order") {
  std::string csv = exporter::PrismaCsv(Consistent());
  CHECK(csv.rfind("data,node,box,description,boxtext,tooltips,url,n\n", 0) == 0);
  std::vector<std::vector<std::string>> rows = ParseCsv(csv);
  std::vector<std::string> data;
  for (const auto& row : rows) {
    REQUIRE(row.size() == 8);
    data.push_back(row[0]);
  }
  const std::vector<std::string> expected = {
      "data",
      "NA",  // Previous studies title
      "previous_studies",
      "previous_reports",
      "NA",  // databases and registers title
      "database_results",
      "database_specific_results",
      "register_results",
      "register_specific_results",
      "NA",  // other methods title
      "website_results",
      "organisation_results",
      "citations_results",
      "duplicates",
      "excluded_automatic",
      "excluded_other",
      "records_screened",
      "records_excluded",
      "dbr_sought_reports",
      "dbr_notretrieved_reports",
      "other_sought_reports",
      "other_notretrieved_reports",
      "dbr_assessed",
      "dbr_excluded",
      "other_assessed",
      "other_excluded",
      "new_studies",
      "new_reports",
      "total_studies",
      "total_reports",
      "identification",
      "screening",
      "included",
  };
  CHECK(data == expected);
  CHECK(rows[1] == std::vector<std::string>{"NA", "node4", "prevstud",
                                            "Grey title box; Previous studies", "Previous studies",
                                            "Grey title box; Previous studies", "prevstud.html",
                                            "0"});
  CHECK(rows[11][1].empty());  // organisation_results has no node in the template
}

TEST_CASE("PrismaCsv quotes fields with commas as the template does") {
  std::string csv = exporter::PrismaCsv(Consistent());
  CHECK(csv.find("\ndbr_excluded,node14,box9,\"Reports excluded (databases and registers): "
                 "[separate reasons and numbers using ; e.g. Reason1, xxx; Reason2, xxx; "
                 "Reason3, xxx]\",Reports excluded,Reports excluded (databases and registers),"
                 "dbrexcludedrecords.html,\"Wrong population, 38; Wrong comparator, 20; Not a "
                 "randomised trial, 13\"\n") != std::string::npos);
  CHECK(csv.find("\nwebsite_results,node17,box11,Records identified from: Websites,Websites,"
                 "\"Records identified from: Websites, Organisations and Citation Searching\","
                 "website_results.html,14\n") != std::string::npos);
}

TEST_CASE("PrismaCsv puts the flow's numbers in n") {
  std::map<std::string, std::string> n = CsvCounts(exporter::PrismaCsv(Consistent()));
  const std::map<std::string, std::string> expected = {
      {"previous_studies", "19"},
      {"previous_reports", "27"},
      {"database_results", "1180"},
      {"database_specific_results", "MEDLINE, 610; Embase, 420; A<B & C>, 150"},
      {"register_results", "95"},
      {"register_specific_results", "ClinicalTrials.gov, 60; WHO ICTRP, 35"},
      {"website_results", "14"},
      {"organisation_results", "6"},
      {"citations_results", "23"},
      {"duplicates", "312"},
      {"excluded_automatic", "41"},
      {"excluded_other", "7"},
      {"records_screened", "915"},
      {"records_excluded", "803"},
      {"dbr_sought_reports", "112"},
      {"dbr_notretrieved_reports", "9"},
      {"other_sought_reports", "17"},
      {"other_notretrieved_reports", "3"},
      {"dbr_assessed", "103"},
      {"dbr_excluded", "Wrong population, 38; Wrong comparator, 20; Not a randomised trial, 13"},
      {"other_assessed", "14"},
      {"other_excluded", "No outcome data, 5"},
      {"new_studies", "36"},
      {"new_reports", "41"},
      {"total_studies", "55"},
      {"total_reports", "68"},
      {"identification", "0"},
      {"screening", "0"},
      {"included", "0"},
  };
  CHECK(n == expected);
}

TEST_CASE("PrismaCsv writes NA for absent columns and plain totals without breakdowns") {
  PrismaFlow f;
  f.database_results = 40;
  f.register_results = 2;
  f.dbr_excluded = 4;
  f.other_excluded = 9;  // not shown: no other-methods column
  std::map<std::string, std::string> n = CsvCounts(exporter::PrismaCsv(f));
  CHECK(n["previous_studies"] == "NA");
  CHECK(n["previous_reports"] == "NA");
  CHECK(n["website_results"] == "NA");
  CHECK(n["organisation_results"] == "NA");
  CHECK(n["citations_results"] == "NA");
  CHECK(n["database_specific_results"] == "40");
  CHECK(n["register_specific_results"] == "2");
  CHECK(n["dbr_excluded"] == "4");
  CHECK(n["total_studies"] == "0");
}

TEST_CASE("PrismaCsv keeps separators out of list labels") {
  PrismaFlow f;
  f.database_specific_results = {{"Web of Science, Core Collection", 5}, {"A;B\nC", 6}};
  f.database_results = 11;
  std::map<std::string, std::string> n = CsvCounts(exporter::PrismaCsv(f));
  // The package splits on ";" and cuts each label at its first ",".
  CHECK(n["database_specific_results"] == "Web of Science Core Collection, 5; A B C, 6");
}

// ---------------------------------------------------------------------------
// PrismaSvg

TEST_CASE("PrismaSvg is a well-formed standalone SVG sized for A4 portrait") {
  std::string svg = exporter::PrismaSvg(Consistent(), "Peer support & <recovery>");
  std::string why;
  CHECK(WellFormed(svg, &why));
  INFO(why);
  CHECK(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 0) == 0);
  CHECK(svg.find("xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
  CHECK(svg.find("width=\"210mm\" height=\"297mm\"") != std::string::npos);
  size_t at = svg.find("viewBox=\"0 0 ");
  REQUIRE(at != std::string::npos);
  double w = 0, h = 0;
  REQUIRE(std::sscanf(svg.c_str() + at, "viewBox=\"0 0 %lf %lf\"", &w, &h) == 2);
  CHECK(h / w == Approx(297.0 / 210.0).epsilon(0.001));
  CHECK(HasText(svg, "Peer support &amp; &lt;recovery&gt;"));
  std::string long_title(300, 'x');
  for (size_t i = 9; i < long_title.size(); i += 10) long_title[i] = ' ';
  for (const std::string& t : Texts(exporter::PrismaSvg(Consistent(), long_title))) {
    CHECK(t.size() <= 150);  // the title is wrapped to the diagram's width too
  }
  CHECK(svg.find("<title>Peer support &amp; &lt;recovery&gt;</title>") != std::string::npos);
}

TEST_CASE("PrismaSvg shows every box with its count") {
  std::string svg = exporter::PrismaSvg(Consistent(), "");
  // Lines short enough to stay whole.
  for (const char* line : {"Identification",
                           "Screening",
                           "Included",
                           "Records identified from:",
                           "Databases (n = 1180)",
                           "MEDLINE (n = 610)",
                           "Embase (n = 420)",
                           "A&lt;B &amp; C&gt; (n = 150)",
                           "Registers (n = 95)",
                           "WHO ICTRP (n = 35)",
                           "Editorials (n = 12)",
                           "Records screened (n = 915)",
                           "Records excluded (n = 803)",
                           "Reports excluded (n = 71):",
                           "Wrong population (n = 38)",
                           "Websites (n = 14)",
                           "Organisations (n = 6)",
                           "Citation searching (n = 23)",
                           "Reports excluded (n = 5):",
                           "No outcome data (n = 5)",
                           "Previous studies"}) {
    INFO(line);
    CHECK(HasText(svg, line));
  }
  // Longer texts may be wrapped, so look for them across lines.
  std::string all;
  for (const std::string& t : Texts(svg)) all += t + " ";
  for (const char* text : {
           "ClinicalTrials.gov (n = 60)",
           "Records removed before screening:",
           "Duplicate records removed (n = 312)",
           "Records marked as ineligible by automation tools (n = 41)",
           "Animal-only studies (n = 29)",
           "Records removed for other reasons (n = 7)",
           "Reports sought for retrieval (n = 112)",
           "Reports not retrieved (n = 9)",
           "Reports assessed for eligibility (n = 103)",
           "Wrong comparator (n = 20)",
           "Not a randomised trial (n = 13)",
           "Reports sought for retrieval (n = 17)",
           "Reports not retrieved (n = 3)",
           "Reports assessed for eligibility (n = 14)",
           "New studies included in review (n = 36)",
           "Reports of new included studies (n = 41)",
           "Studies included in previous version of review (n = 19)",
           "Reports of studies included in previous version of review (n = 27)",
           "Total studies included in review (n = 55)",
           "Reports of total included studies (n = 68)",
           "Identification of new studies via databases and registers",
           "Identification of new studies via other methods",
       }) {
    INFO(text);
    CHECK(all.find(text) != std::string::npos);
  }
  CHECK(svg.find("marker-end=\"url(#arrow)\"") != std::string::npos);
}

TEST_CASE("PrismaSvg wraps long labels to the box width") {
  PrismaFlow f = Consistent();
  const std::string reason =
      "Outcome measured only at a single time point shorter than the minimum follow up";
  f.dbr_excluded_reasons.push_back({reason, 1});
  std::string svg = exporter::PrismaSvg(f, "");
  CHECK_FALSE(HasText(svg, reason + " (n = 1)"));
  size_t longest = 0;
  for (const std::string& t : Texts(svg)) {
    if (t.find("Identification of new") == std::string::npos) longest = std::max(longest, t.size());
  }
  CHECK(longest <= 30);            // a 190-unit box holds about 28 characters of 11-unit text
  CHECK(HasText(svg, "(n = 1)"));  // a count stays on one line
}

TEST_CASE("PrismaSvg draws the optional columns only when the flow has them") {
  PrismaFlow f = Consistent();
  f.has_other_methods = false;
  f.has_previous = false;
  std::string svg = exporter::PrismaSvg(f, "");
  std::string why;
  CHECK(WellFormed(svg, &why));
  INFO(why);
  CHECK(svg.find("other methods") == std::string::npos);
  CHECK(svg.find("Websites") == std::string::npos);
  CHECK(svg.find("Citation searching") == std::string::npos);
  CHECK(svg.find("Previous studies") == std::string::npos);
  CHECK(svg.find("Total studies") == std::string::npos);
  CHECK(HasText(svg, "Reports excluded (n = 71):"));

  f.has_other_methods = true;
  svg = exporter::PrismaSvg(f, "");
  CHECK(svg.find("via other methods") != std::string::npos);
  CHECK(HasText(svg, "Websites (n = 14)"));
  CHECK(svg.find("Previous studies") == std::string::npos);
}
