#include "app/commands.h"
#include "app/included_export.h"
#include "app/screened_export.h"
#include "screen/canonical.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/json_out.h"
#include "export/writer.h"
#include "store/store.h"

namespace app {

nlohmann::ordered_json CountsJson(const store::ImportCounts& c) {
  nlohmann::ordered_json j;
  j["read"] = c.read;
  j["added"] = c.added;
  j["unchanged"] = c.unchanged;
  j["updated"] = c.updated;
  j["deleted"] = c.deleted;
  j["skipped"] = nlohmann::ordered_json::array();
  for (const store::Skip& s : c.skipped)
    j["skipped"].push_back({{"where", s.where}, {"why", s.why}});
  j["deletion_notices"] = c.deletion_notices;
  return j;
}

namespace {

bool SetFromName(const std::string& name, store::RecordSet* set) {
  if (name == "all")
    *set = store::RecordSet::kWorks;
  else if (name == "records")
    *set = store::RecordSet::kRecords;
  else if (name == "included")
    *set = store::RecordSet::kIncluded;
  else if (name == "screened")
    *set = store::RecordSet::kScreened;
  else if (name == "duplicates")
    *set = store::RecordSet::kDuplicates;
  else
    return false;
  return true;
}

core::Status WriteExport(store::Store& review, store::RecordSet set, exporter::Format format,
                         const std::string& reviewer, std::ostream& out, int64_t* rows) {
  // Included works go to the meta-analysis study by study (RIS stays per work).
  if (set == store::RecordSet::kIncluded && format != exporter::Format::kRis) {
    return WriteIncludedStudies(review, format == exporter::Format::kJson, out, rows);
  }
  if (set == store::RecordSet::kScreened) return WriteScreened(review, format, reviewer, out, rows);
  auto writer = exporter::MakeWriter(format, out);
  writer->Begin();
  bool per_record = set == store::RecordSet::kRecords || set == store::RecordSet::kDuplicates;
  core::Status st = review.ForEach(set, [&](const store::RecordRow& row) {
    exporter::ExportItem item{row.work_id, row.record_id, row.status, row.record, {}, {}, {}};
    // A work of several source records: its canonical record, field by field.
    if (!per_record) WINNOW_RETURN_IF_ERROR(WorkExportItem(review, row, &item));
    writer->Write(item);
    ++*rows;
    return core::Status::Ok();
  });
  if (st.ok()) writer->Finish();
  return st;
}

}  // namespace

std::string ImportSummaryJson(const ImportSummary& summary) {
  nlohmann::ordered_json j = CountsJson(summary.total);
  j["files"] = nlohmann::ordered_json::array();
  for (const FileSummary& f : summary.files) {
    nlohmann::ordered_json fj;
    fj["file"] = f.file;
    fj["format"] = f.format;
    if (!f.already_imported) {
      fj["format_detected"] = f.format_detected;
      fj["source_from"] = f.source_from;
      fj["sources"] = f.sources;
    }
    fj["source"] = f.source;
    fj["import_id"] = f.import_id;
    fj["already_imported"] = f.already_imported;
    if (f.already_imported) fj["previously_imported_at"] = f.previously_imported_at;
    fj.update(CountsJson(f.counts));
    j["files"].push_back(fj);
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string CountsText(const store::ImportCounts& c) {
  std::ostringstream out;
  out << "read " << c.read << ", added " << c.added << ", updated " << c.updated << ", unchanged "
      << c.unchanged << ", deleted " << c.deleted << ", skipped " << c.skipped.size();
  if (c.deletion_notices) {
    out << " (" << c.deletion_notices << " deletion notice" << (c.deletion_notices == 1 ? "" : "s")
        << ", " << c.deleted << " of them for records in the review)";
  }
  return out.str();
}

std::string ImportSummaryText(const ImportSummary& summary) {
  std::ostringstream out;
  for (const FileSummary& f : summary.files) {
    const store::ImportCounts& c = f.counts;
    out << f.file << ": ";
    if (f.already_imported) {
      out << "already imported (import #" << f.import_id << ", " << f.previously_imported_at << ", "
          << c.read << " records from " << f.source << "); nothing to do\n";
      continue;
    }
    out << f.format << (f.format_detected ? " (detected)" : "") << " from " << f.source;
    if (f.source_from == "file") out << " (named in the file)";
    for (const std::string& other : f.sources) {
      if (other != f.source) out << ", " << other;
    }
    out << ": " << CountsText(c) << "\n";
    for (const store::Skip& s : c.skipped) out << "  skipped " << s.where << ": " << s.why << "\n";
  }
  std::string text = out.str();
  if (!text.empty()) text.pop_back();
  return text;
}

core::Status CmdInit(const GlobalFlags& g, const std::string& db, const std::string& title) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Create(db, title, &review));
  if (g.json) {
    PrintResult(g, nlohmann::json{{"review", db}, {"title", title}, {"created", true}}.dump(
                       -1, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    PrintResult(g, "created review " + db + (title.empty() ? "" : " (" + title + ")"));
  }
  return core::Status::Ok();
}

core::Status CmdImport(const GlobalFlags& g, const std::string& db,
                       const std::vector<std::string>& files, const ImportOptions& options) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  ImportSummary summary;
  WINNOW_RETURN_IF_ERROR(ImportFiles(*review, files, options, &summary));
  PrintResult(g, g.json ? ImportSummaryJson(summary) : ImportSummaryText(summary));
  return core::Status::Ok();
}

core::Status CmdExport(const GlobalFlags& g, const std::string& db, const ExportOptions& options) {
  store::RecordSet set;
  exporter::Format format;
  if (!SetFromName(options.set, &set)) return core::Status::Usage("unknown --set " + options.set);
  if (!exporter::ParseFormat(options.format, &format)) {
    return core::Status::Usage("unknown --format " + options.format);
  }
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  int64_t rows = 0;
  if (options.output.empty() || options.output == "-") {
    return WriteExport(*review, set, format, options.reviewer, std::cout, &rows);
  }
  // Write beside the target and rename, so a failed export leaves no half file.
  std::string tmp = options.output + ".part";
  std::ofstream out(tmp, std::ios::binary);
  if (!out) return core::Status::InvalidInput(options.output + ": cannot write there");
  core::Status st = WriteExport(*review, set, format, options.reviewer, out, &rows);
  out.close();
  if (st.ok() && !out) st = core::Status::Io(options.output + ": write failed");
  if (!st.ok()) {
    std::filesystem::remove(tmp);
    return st;
  }
  std::filesystem::rename(tmp, options.output);
  if (g.json) {
    PrintResult(g, nlohmann::json{{"output", options.output},
                                  {"rows", rows},
                                  {"set", options.set},
                                  {"format", options.format}}
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  } else {
    spdlog::info("wrote {} rows ({} set, {}) to {}", rows, options.set, options.format,
                 options.output);
  }
  return core::Status::Ok();
}

}  // namespace app
