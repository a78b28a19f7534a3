#include "app/screened_export.h"

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>
#include <vector>

#include "app/screening.h"
#include "export/json_writer.h"
#include "screen/canonical.h"

namespace app {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kStages[] = {"ta", "ft"};

// What the review knows about one work's screening, read once for all works.
struct ReviewScreening {
  ScreeningSettings settings;
  Viewer viewer;
  std::vector<store::Reviewer> reviewers;      // by id
  std::map<int64_t, std::string> statuses;     // live works
  std::map<int64_t, WorkOutcome> outcomes[2];  // ta, ft
  std::map<int64_t, store::Resolution> resolutions[2];
  std::map<int64_t, std::string> rule_of;
  std::map<int64_t, store::Store::Fulltext> fulltext;

  core::Status Load(store::Store& review, const std::string& viewer_name) {
    WINNOW_RETURN_IF_ERROR(LoadSettings(review, &settings));
    WINNOW_RETURN_IF_ERROR(FindViewer(review, viewer_name, &viewer));
    WINNOW_RETURN_IF_ERROR(review.ListReviewers(&reviewers));
    WINNOW_RETURN_IF_ERROR(review.WorkStatuses(&statuses));
    for (int i = 0; i < 2; ++i) {
      WINNOW_RETURN_IF_ERROR(OutcomesAt(review, settings, kStages[i], &outcomes[i]));
      WINNOW_RETURN_IF_ERROR(review.LatestResolutions(kStages[i], &resolutions[i]));
    }
    WINNOW_RETURN_IF_ERROR(review.RuleExclusionsByWork(&rule_of));
    return review.LatestFulltexts(&fulltext);
  }

  // Blind, and not a lead: sees others' decisions on settled works only.
  bool Restricted() const { return settings.blind && !viewer.lead; }

  // Works screening has touched: out of "unscreened", or decided by anyone.
  // A restricted viewer gets only those out of "unscreened" and those they
  // decided themselves: that another reviewer has decided a work, before the
  // viewer does, would tell them how it went once the viewer decides it.
  bool Screened(int64_t work) const {
    auto s = statuses.find(work);
    if (s == statuses.end()) return false;
    if (s->second != "unscreened") return true;
    for (int stage = 0; stage < 2; ++stage) {
      const WorkOutcome* o = OutcomeAt(stage, work);
      if (!o) continue;
      if (!Restricted()) return true;
      for (const store::Decision& d : o->decisions) {
        if (d.reviewer_id == viewer.id && viewer.id != 0) return true;
      }
    }
    return false;
  }

  const WorkOutcome* OutcomeAt(int stage, int64_t work) const {
    auto it = outcomes[stage].find(work);
    return it == outcomes[stage].end() ? nullptr : &it->second;
  }

  const store::Resolution* ResolutionAt(int stage, int64_t work) const {
    auto it = resolutions[stage].find(work);
    return it == resolutions[stage].end() ? nullptr : &it->second;
  }

  // "include", "exclude", "conflict", "pending", "" when nobody decided;
  // "open" for any unsettled outcome when the viewer is restricted.
  std::string OutcomeText(int stage, int64_t work) const {
    const WorkOutcome* o = OutcomeAt(stage, work);
    return o ? VisibleOutcome(settings, viewer, *o) : "";
  }

  // ASReview's label: the title/abstract verdict that the status shows.
  std::string Label(int64_t work) const {
    const std::string& s = statuses.at(work);
    if (s == "ta_included" || s == "not_retrieved" || s == "excluded_ft" || s == "included")
      return "1";
    if (s == "excluded_ta" || s == "excluded_automatic") return "0";
    return "";
  }
};

std::string FulltextText(const ReviewScreening& rs, int64_t work) {
  auto f = rs.fulltext.find(work);
  if (f == rs.fulltext.end()) return "";
  return f->second.found ? "found: " + f->second.location : "not retrieved";
}

std::vector<std::string> ExtraColumns(const ReviewScreening& rs) {
  std::vector<std::string> cols = {
      "included", "ta_outcome", "ta_resolution", "excluded_by_rule",
      "fulltext", "ft_outcome", "ft_resolution", "ft_resolution_reason"};
  for (const char* stage : kStages) {
    for (const store::Reviewer& r : rs.reviewers) {
      std::string base = std::string(stage) + "_" + r.name;
      cols.push_back(base);
      cols.push_back(base + "_reason");
      cols.push_back(base + "_note");
    }
  }
  return cols;
}

std::vector<std::string> ExtraCells(const ReviewScreening& rs, int64_t work) {
  std::vector<std::string> cells = {rs.Label(work), rs.OutcomeText(0, work)};
  const store::Resolution* ta = rs.ResolutionAt(0, work);
  cells.push_back(ta ? ta->decision + " by " + ta->reviewer : "");
  auto rule = rs.rule_of.find(work);
  cells.push_back(rule == rs.rule_of.end() ? "" : rule->second);
  cells.push_back(FulltextText(rs, work));
  cells.push_back(rs.OutcomeText(1, work));
  const store::Resolution* ft = rs.ResolutionAt(1, work);
  cells.push_back(ft ? ft->decision + " by " + ft->reviewer : "");
  cells.push_back(ft ? ft->reason : "");
  for (int stage = 0; stage < 2; ++stage) {
    const WorkOutcome* o = rs.OutcomeAt(stage, work);
    for (const store::Reviewer& r : rs.reviewers) {
      const store::Decision* d = nullptr;
      if (o) {
        for (const store::Decision& x : o->decisions) {
          if (x.reviewer_id == r.id) d = &x;
        }
      }
      // A decision the viewer may not see is left out as if not made.
      if (!d || !MaySee(rs.settings, rs.viewer, *o, *d)) {
        cells.insert(cells.end(), {"", "", ""});
      } else {
        cells.insert(cells.end(), {d->decision, d->reason, d->note});
      }
    }
  }
  return cells;
}

Json StageJson(const ReviewScreening& rs, int stage, int64_t work) {
  Json j = Json::object();
  const WorkOutcome* o = rs.OutcomeAt(stage, work);
  j["outcome"] = o ? Json(rs.OutcomeText(stage, work)) : Json(nullptr);
  j["decisions"] = Json::array();
  if (o) {
    for (const store::Decision& d : o->decisions) {
      if (!MaySee(rs.settings, rs.viewer, *o, d)) continue;
      Json dj = {{"reviewer", d.reviewer}, {"decision", d.decision}};
      if (!d.reason.empty()) dj["reason"] = d.reason;
      if (!d.note.empty()) dj["note"] = d.note;
      dj["at"] = d.at;
      j["decisions"].push_back(dj);
    }
  }
  const store::Resolution* r = rs.ResolutionAt(stage, work);
  if (r) {
    Json rj = {{"reviewer", r->reviewer}, {"decision", r->decision}};
    if (!r->reason.empty()) rj["reason"] = r->reason;
    rj["at"] = r->at;
    j["resolution"] = rj;
  }
  return j;
}

Json ScreeningJson(const ReviewScreening& rs, int64_t work) {
  Json j = Json::object();
  std::string label = rs.Label(work);
  j["included"] = label.empty() ? Json(nullptr) : Json(label == "1" ? 1 : 0);
  auto rule = rs.rule_of.find(work);
  if (rule != rs.rule_of.end()) j["excluded_by_rule"] = rule->second;
  j["ta"] = StageJson(rs, 0, work);
  auto f = rs.fulltext.find(work);
  if (f != rs.fulltext.end()) {
    j["fulltext"] = {{"found", f->second.found}, {"location", f->second.location}};
  }
  j["ft"] = StageJson(rs, 1, work);
  return j;
}

// N1 notes: ASReview's label, then one line per decision and resolution.
std::vector<std::string> RisNotes(const ReviewScreening& rs, int64_t work) {
  std::string label = rs.Label(work);
  std::vector<std::string> notes = {label == "1"   ? "ASReview_relevant"
                                    : label == "0" ? "ASReview_irrelevant"
                                                   : "ASReview_not_seen"};
  auto rule = rs.rule_of.find(work);
  if (rule != rs.rule_of.end()) notes.push_back("winnow excluded by rule " + rule->second);
  for (int stage = 0; stage < 2; ++stage) {
    const WorkOutcome* o = rs.OutcomeAt(stage, work);
    std::string prefix = std::string("winnow ") + kStages[stage] + " ";
    if (o) {
      for (const store::Decision& d : o->decisions) {
        if (!MaySee(rs.settings, rs.viewer, *o, d)) continue;
        notes.push_back(prefix + d.reviewer + ": " + d.decision +
                        (d.reason.empty() ? "" : " (" + d.reason + ")") +
                        (d.note.empty() ? "" : " - " + d.note));
      }
    }
    const store::Resolution* r = rs.ResolutionAt(stage, work);
    if (r) {
      notes.push_back(prefix + "resolved by " + r->reviewer + ": " + r->decision +
                      (r->reason.empty() ? "" : " (" + r->reason + ")"));
    }
  }
  return notes;
}

}  // namespace

core::Status WorkExportItem(store::Store& review, const store::RecordRow& row,
                            exporter::ExportItem* item) {
  *item = exporter::ExportItem{row.work_id, row.record_id, row.status, row.record, {}, {}, {}};
  if (row.members <= 1) return core::Status::Ok();
  std::vector<int64_t> ids;
  WINNOW_RETURN_IF_ERROR(review.WorkMembers(row.work_id, &ids));
  std::vector<core::Record> members;
  std::vector<std::pair<std::string, std::string>> duplicates = {
      {row.record.source, row.record.source_id}};
  for (int64_t id : ids) {
    store::RecordRow m;
    WINNOW_RETURN_IF_ERROR(review.LoadRecordRow(id, &m));
    if (id != row.record_id) duplicates.emplace_back(m.record.source, m.record.source_id);
    if (!m.record.deleted) members.push_back(std::move(m.record));
  }
  if (!members.empty()) {
    item->record = screen::CanonicalRecord(members);
    item->duplicates = std::move(duplicates);
  }
  return core::Status::Ok();
}

core::Status WriteScreened(store::Store& review, exporter::Format format, const std::string& viewer,
                           std::ostream& out, int64_t* rows) {
  ReviewScreening rs;
  WINNOW_RETURN_IF_ERROR(rs.Load(review, viewer));
  std::unique_ptr<exporter::RecordWriter> writer;
  if (format != exporter::Format::kJson) {
    writer = exporter::MakeWriter(format, out, ExtraColumns(rs));
    writer->Begin();
  } else {
    out << '[';
  }
  core::Status st = review.ForEach(store::RecordSet::kWorks, [&](const store::RecordRow& row) {
    if (!rs.Screened(row.work_id)) return core::Status::Ok();
    exporter::ExportItem item;
    WINNOW_RETURN_IF_ERROR(WorkExportItem(review, row, &item));
    if (format == exporter::Format::kJson) {
      Json j = Json::parse(exporter::RecordToJson(item));
      j["screening"] = ScreeningJson(rs, row.work_id);
      out << (*rows ? ",\n" : "\n") << j.dump(-1, ' ', false, Json::error_handler_t::replace);
    } else {
      item.extra = ExtraCells(rs, row.work_id);
      item.notes = RisNotes(rs, row.work_id);
      writer->Write(item);
    }
    ++*rows;
    return core::Status::Ok();
  });
  if (!st.ok()) return st;
  if (writer) {
    writer->Finish();
  } else {
    out << (*rows ? "\n]\n" : "]\n");
    out.flush();
  }
  return core::Status::Ok();
}

}  // namespace app
