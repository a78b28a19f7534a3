#include "parse/ctgov_json_reader.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include "core/author_name.h"
#include "core/normalize.h"
#include "parse/json_fields.h"
#include "parse/registrations.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

// Appends where the studies of `v` are (element `element` of the top-level
// array when `in_array`): all of a /studies page, or `v` itself when it is a
// study. Returns what is wrong when `v` is neither, "" otherwise.
std::string AddStudies(const Json& v, const std::string& name, size_t element, bool in_array,
                       std::vector<JsonRecords>* out) {
  const std::string number = std::to_string(element + 1);
  const std::string where = in_array ? name + " element " + number : name;
  if (!v.is_object()) {
    return where + ": a JSON " + v.type_name() + ", not a /studies page or a study";
  }
  const Json& studies = Member(v, "studies");
  if (!studies.is_null()) {
    if (!studies.is_array()) return where + ": \"studies\" is not an array";
    const std::string page = in_array ? name + " page " + number : name;
    out->push_back({&studies, true, page + " study "});
    return "";
  }
  if (!Member(v, "protocolSection").is_null()) {
    out->push_back({&v, false, name + " study ", in_array ? element + 1 : 1});
    return "";
  }
  return where +
         ": neither a /studies page (\"studies\" is missing) nor a study (\"protocolSection\" "
         "is missing)";
}

// What makes `study` unusable (no NCT number to key it by); "" when nothing.
std::string StudyProblem(const Json& study) {
  if (!study.is_object()) return std::string("a JSON ") + study.type_name() + ", not a study";
  const Json& ps = Member(study, "protocolSection");
  if (!ps.is_object()) return "protocolSection is missing or not an object";
  if (TextOf(Member(ps, "identificationModule"), "nctId").empty()) {
    return "protocolSection.identificationModule.nctId is missing";
  }
  return "";
}

// The v2 API writes text as Markdown, where "\*" is a literal '*'.
std::string Unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
      ++i;
    }
    out.push_back(s[i]);
  }
  return out;
}

// Whether an overall official's name is an organisation or a role rather
// than a person: industry sponsors list "Pfizer CT.gov Call Center",
// "Medical Director", "Sanofi" there.
bool LooksLikeOrganisation(std::string_view name) {
  static const std::string_view kWords[] = {
      "director", "center",  "centre",      "clinical",   "medical",    "trial", "trials",
      "pharma",   "inc",     "inc.",        "ltd",        "ltd.",       "llc",   "gmbh",
      "ag",       "company", "corporation", "hospital",   "university", "call",  "ct.gov",
      "sponsor",  "study",   "support",     "information"};
  if (LooksLikeGroupName(name)) return true;
  if (name.find_first_of(":@0123456789") != std::string_view::npos) return true;
  const std::vector<std::string> words = SplitList(LowerAscii(name), " ,");
  if (words.size() == 1) return true;
  return std::any_of(words.begin(), words.end(), [](const std::string& w) {
    return std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords);
  });
}

void AddCollective(const std::string& name, core::Record* rec) {
  if (name.empty()) return;
  for (const core::Author& a : rec->authors) {
    if (a.collective == name) return;
  }
  core::Author group;
  group.collective = name;
  rec->authors.push_back(std::move(group));
}

void FillAuthors(const Json& ps, core::Record* rec) {
  for (const Json& o : Items(At(ps, {"contactsLocationsModule", "overallOfficials"}))) {
    const std::string name = TextOf(o, "name");
    if (name.find_first_not_of(" ,.") == std::string::npos) continue;
    if (LooksLikeOrganisation(name)) {
      AddCollective(name, rec);
      continue;
    }
    // "Jacob M Sands, MD, PhD": degrees follow the first comma.
    core::Author person = core::ParseAuthorName(name.substr(0, name.find(',')));
    AddUnique(&person.affiliations, TextOf(o, "affiliation"));
    rec->authors.push_back(std::move(person));
  }
  AddCollective(TextOf(At(ps, {"sponsorCollaboratorsModule", "leadSponsor"}), "name"), rec);
}

// A register fact with no Record field of its own; empty values are left out.
void AddAttribute(const char* name, const std::string& value, core::Record* rec) {
  if (!value.empty()) rec->attributes.emplace_back(name, value);
}

// Study type, phases, allocation and enrolment, from the design module.
void FillDesign(const Json& design, core::Record* rec) {
  AddAttribute("study_type", TextOf(design, "studyType"), rec);
  std::string phases;
  for (const Json& p : Items(Member(design, "phases"))) {
    if (!Text(p).empty()) phases += (phases.empty() ? "" : ", ") + Text(p);
  }
  AddAttribute("phase", phases, rec);
  AddAttribute("allocation", TextOf(Member(design, "designInfo"), "allocation"), rec);
  const Json& enrollment = Member(design, "enrollmentInfo");
  const Json& count = Member(enrollment, "count");
  if (count.is_number_integer()) {
    AddAttribute("enrollment", std::to_string(count.get<int64_t>()), rec);
  }
}

void FillIdentification(const Json& ident, core::Record* rec) {
  rec->source_id = TextOf(ident, "nctId");
  FindRegistrations(rec->source_id, &rec->registrations);
  for (const Json& alias : Items(Member(ident, "nctIdAliases"))) {
    FindRegistrations(Text(alias), &rec->registrations);
  }
  for (const Json& s : Items(Member(ident, "secondaryIdInfos"))) {
    const std::string id = TextOf(s, "id");
    FindRegistrations(TextOf(s, "type") == "EUDRACT_NUMBER" ? "EudraCT " + id : id,
                      &rec->registrations);
  }
  rec->title = Unescape(TextOf(ident, "officialTitle"));
  if (rec->title.empty()) rec->title = Unescape(TextOf(ident, "briefTitle"));
  AddAttribute("brief_title", Unescape(TextOf(ident, "briefTitle")), rec);
  AddAttribute("acronym", TextOf(ident, "acronym"), rec);
}

void FillStatus(const Json& status, core::Record* rec) {
  AddAttribute("overall_status", TextOf(status, "overallStatus"), rec);
  AddAttribute("start_date", TextOf(Member(status, "startDateStruct"), "date"), rec);
  AddAttribute("primary_completion_date",
               TextOf(Member(status, "primaryCompletionDateStruct"), "date"), rec);
  AddAttribute("completion_date", TextOf(Member(status, "completionDateStruct"), "date"), rec);
  AddAttribute("first_posted", TextOf(Member(status, "studyFirstPostDateStruct"), "date"), rec);
  AddAttribute("last_update_posted", TextOf(Member(status, "lastUpdatePostDateStruct"), "date"),
               rec);
  rec->year = core::YearFromDate(TextOf(Member(status, "startDateStruct"), "date"));
  if (rec->year == 0) {
    rec->year = core::YearFromDate(TextOf(Member(status, "studyFirstPostDateStruct"), "date"));
  }
  rec->date_revised = TextOf(Member(status, "lastUpdatePostDateStruct"), "date");
  SetIfEmpty(&rec->date_revised, TextOf(status, "lastUpdateSubmitDate"));
}

void AddMeshes(const Json& browse, core::Record* rec) {
  for (const Json& m : Items(Member(browse, "meshes"))) {
    core::MeshHeading h;
    h.descriptor = TextOf(m, "term");
    h.ui = TextOf(m, "id");
    if (h.descriptor.empty()) continue;
    const bool seen = std::any_of(rec->mesh.begin(), rec->mesh.end(),
                                  [&h](const core::MeshHeading& x) { return x == h; });
    if (!seen) rec->mesh.push_back(std::move(h));
  }
}

void FillSubjects(const Json& ps, const Json& derived, core::Record* rec) {
  const Json& conditions = Member(ps, "conditionsModule");
  for (const Json& c : Items(Member(conditions, "conditions"))) AddUnique(&rec->keywords, Text(c));
  for (const Json& k : Items(Member(conditions, "keywords"))) AddUnique(&rec->keywords, Text(k));
  for (const Json& i : Items(At(ps, {"armsInterventionsModule", "interventions"}))) {
    AddUnique(&rec->keywords, TextOf(i, "name"));
  }
  AddMeshes(Member(derived, "conditionBrowseModule"), rec);
  AddMeshes(Member(derived, "interventionBrowseModule"), rec);
}

void FillReferences(const Json& ps, core::Record* rec) {
  for (const Json& r : Items(At(ps, {"referencesModule", "references"}))) {
    core::Relation rel{TextOf(r, "type"), PmidFromText(TextOf(r, "pmid")), TextOf(r, "citation")};
    if (!rel.pmid.empty() || !rel.citation.empty()) rec->relations.push_back(std::move(rel));
  }
}

void FillRecord(const Json& study, core::Record* rec) {
  const Json& ps = Member(study, "protocolSection");
  rec->source = "ctgov";
  rec->kind = "trial-registration";
  rec->journal = "ClinicalTrials.gov";
  rec->format = "ctgov-json";
  FillIdentification(Member(ps, "identificationModule"), rec);
  rec->abstract = Unescape(TextOf(Member(ps, "descriptionModule"), "briefSummary"));
  FillStatus(Member(ps, "statusModule"), rec);
  FillDesign(Member(ps, "designModule"), rec);
  AddAttribute("lead_sponsor", TextOf(At(ps, {"sponsorCollaboratorsModule", "leadSponsor"}), "name"),
               rec);
  FillAuthors(ps, rec);
  FillSubjects(ps, Member(study, "derivedSection"), rec);
  FillReferences(ps, rec);
  FinishRecord(rec);
}

// Studies: a /studies page's, a single study, or those of an array of both.
class CtgovFormat final : public JsonRecordFormat {
 public:
  std::string ListRecords(const Json& top, const std::string& name,
                          std::vector<JsonRecords>* out) const override {
    if (!top.is_array()) return AddStudies(top, name, 0, false, out);
    for (size_t i = 0; i < top.size(); ++i) {
      const std::string why = AddStudies(top[i], name, i, true, out);
      if (!why.empty()) return why;
    }
    return "";
  }

  std::string Problem(const Json& study) const override { return StudyProblem(study); }

  void Fill(const Json& study, core::Record* rec) const override { FillRecord(study, rec); }
};

const CtgovFormat kFormat;

}  // namespace

CtgovJsonReader::CtgovJsonReader(std::string path, std::string display_name)
    : JsonRecordReader(std::move(path), std::move(display_name), kFormat) {}

std::unique_ptr<CtgovJsonReader> CtgovJsonReader::FromPayload(std::string payload,
                                                              std::string display_name) {
  return OverPayload<CtgovJsonReader>(std::move(payload), std::move(display_name),
                                      "ctgov response");
}

bool LooksLikeCtgovJson(std::string_view head) {
  return JsonHeadHasTopLevelKey(head, "protocolSection") || JsonHeadHasTopLevelKey(head, "studies");
}

}  // namespace parse
