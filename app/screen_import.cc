#include "app/screen_import.h"

#include <cctype>
#include <filesystem>
#include <optional>

#include "app/screening.h"
#include "parse/csv_columns.h"
#include "parse/csv_reader.h"

namespace app {
namespace {

// Lower case, letters and digits only: "Label Included" == "label_included".
std::string Key(std::string_view name) { return parse::csv::HeaderKey(name); }

std::optional<size_t> Find(const std::vector<std::string>& header,
                           std::initializer_list<std::string> names) {
  for (const std::string& name : names) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (Key(header[i]) == Key(name)) return i;
    }
  }
  return std::nullopt;
}

std::string Trimmed(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r\n"));
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

// "" for no decision; "?" for a value that is not one.
std::string Verdict(const std::string& cell) {
  std::string v = Key(cell);
  if (v.empty() || cell == "-1" || v == "hidden" || v == "notseen") return "";
  if (v == "1" || v == "include" || v == "included" || v == "yes" || v == "relevant" ||
      v == "true") {
    return "include";
  }
  if (v == "0" || v == "exclude" || v == "excluded" || v == "no" || v == "irrelevant" ||
      v == "false") {
    return "exclude";
  }
  if (v == "maybe") return "maybe";
  return "?";
}

std::string Cell(const std::vector<std::string>& fields, std::optional<size_t> i) {
  return i && *i < fields.size() ? Trimmed(fields[*i]) : "";
}

}  // namespace

core::Status ImportDecisions(store::Store& review, const std::string& path,
                             const ScreenImportOptions& options, ScreenImportSummary* summary) {
  *summary = ScreenImportSummary{};
  if (options.stage != "ta" && options.stage != "ft") {
    return core::Status::InvalidInput("--stage must be ta or ft");
  }
  if (!std::filesystem::exists(path)) return core::Status::InvalidInput(path + ": no such file");
  parse::CsvReader reader(path);
  core::Record rec;
  std::string mine = options.stage + "_" + options.reviewer;
  std::optional<size_t> label, reason, note, work_col;
  std::vector<BatchDecision> batch;
  bool started = false;
  while (reader.Next(&rec)) {
    const std::vector<std::string>& header = reader.header();
    const std::vector<std::string>& fields = reader.fields();
    if (!started) {
      started = true;
      if (!options.column.empty()) {
        label = Find(header, {options.column});
        if (!label) {
          return core::Status::InvalidInput(path + ": no column '" + options.column +
                                            "' in the header");
        }
      } else {
        label = Find(header, {mine, "included", "label_included", "included_label",
                              "asreview_label", "label", "decision"});
        if (!label) {
          return core::Status::InvalidInput(
              path + ": no label column (" + mine + ", included, label_included, " +
              "asreview_label, label or decision); name it with --column");
        }
      }
      summary->label_column = header[*label];
      bool own = Key(header[*label]) == Key(mine);
      reason =
          own ? Find(header, {mine + "_reason"}) : Find(header, {"reason", "exclusion_reason"});
      note = own ? Find(header, {mine + "_note"}) : Find(header, {"note"});
      work_col = Find(header, {"work_id"});
    }
    ++summary->read;
    std::string where = rec.locator;
    std::string cell = Cell(fields, label);
    std::string verdict = Verdict(cell);
    if (verdict == "?") {
      return core::Status::InvalidInput(where + ": column '" + header[*label] + "': '" + cell +
                                        "' is not a decision (1/0, include/exclude/maybe, "
                                        "relevant/irrelevant; empty or -1 when not seen)");
    }
    if (verdict.empty()) {
      ++summary->not_seen;
      continue;
    }
    // The work: by work_id, PMID, DOI, or the id a source gave the record.
    int64_t work = 0;
    std::string ref;
    std::string id = Cell(fields, work_col);
    if (!id.empty()) {
      ref = id;
    } else if (!rec.pmid.empty()) {
      ref = "pmid:" + rec.pmid;
    } else if (!rec.doi.empty()) {
      ref = "doi:" + rec.doi;
    }
    core::Status found = core::Status::NotFound("");
    if (!ref.empty()) {
      found = ResolveWork(review, ref, &work);
    } else if (!options.source.empty() && !rec.source_id.empty()) {
      int64_t record = 0;
      bool any = false;
      WINNOW_RETURN_IF_ERROR(
          review.FindRecordBySourceKey(options.source, rec.source_id, &record, &any));
      if (any) found = review.WorkOfRecord(record, &work);
      ref = options.source + " id " + rec.source_id;
    }
    if (!found.ok() || work == 0) {
      summary->skipped.push_back(
          {where, ref.empty() ? "no work_id, PMID or DOI to find the work by (give --source to "
                                "match the ids a source gave at import)"
                              : "no work in the review for " + ref});
      continue;
    }
    BatchDecision d;
    d.work_id = work;
    d.decision = verdict;
    d.reason = Cell(fields, reason);
    if (d.reason.empty() && verdict == "exclude") d.reason = options.reason;
    d.note = Cell(fields, note);
    d.where = where + " (work " + std::to_string(work) + ")";
    batch.push_back(std::move(d));
  }
  WINNOW_RETURN_IF_ERROR(reader.status());
  if (!started) return core::Status::InvalidInput(path + ": no rows");
  BatchResult result;
  WINNOW_RETURN_IF_ERROR(DecideMany(review, options.reviewer, options.stage, batch, &result));
  summary->recorded = result.recorded;
  summary->unchanged = result.unchanged;
  summary->skipped.insert(summary->skipped.end(), result.skipped.begin(), result.skipped.end());
  return core::Status::Ok();
}

}  // namespace app
