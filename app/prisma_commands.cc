// `winnow prisma`: the PRISMA 2020 flow of the review as JSON, CSV (the
// PRISMA2020 R package's template) or SVG; --check lists what keeps it from
// being final.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/json_out.h"
#include "app/prisma.h"
#include "store/store.h"

namespace app {

core::Status CmdPrisma(const GlobalFlags& g, const std::string& db, const std::string& format,
                       const std::string& output, bool check, const std::string& since) {
  std::unique_ptr<store::Store> review;
  WINNOW_RETURN_IF_ERROR(store::Store::Open(db, &review));
  store::ReviewStats stats;
  WINNOW_RETURN_IF_ERROR(review->Stats(&stats));
  exporter::PrismaFlow flow;
  std::vector<std::string> problems;
  WINNOW_RETURN_IF_ERROR(ComputePrisma(*review, &flow, &problems, since));
  if (check) {
    if (g.json) {
      PrintResult(g, Dump({{"ok", problems.empty()}, {"problems", problems}}));
    } else {
      std::string text = problems.empty() ? "the PRISMA flow is complete and consistent" : "";
      for (const std::string& p : problems) text += (text.empty() ? "" : "\n") + p;
      PrintResult(g, text);
    }
    if (!problems.empty()) {
      return core::Status::Conflict("the PRISMA flow is not final: " + std::to_string(problems.size()) +
                                    " problem(s)");
    }
    return core::Status::Ok();
  }
  for (const std::string& p : problems) spdlog::warn("PRISMA: {}", p);
  std::string fmt = format.empty() ? "json" : format;
  std::string body;
  if (fmt == "json") {
    body = exporter::PrismaJson(flow);
  } else if (fmt == "csv") {
    body = exporter::PrismaCsv(flow);
  } else if (fmt == "svg") {
    body = exporter::PrismaSvg(flow, stats.title);
  } else {
    return core::Status::Usage("--format must be json, csv or svg");
  }
  if (output.empty() || output == "-") {
    std::cout << body;
    if (!body.empty() && body.back() != '\n') std::cout << "\n";
    return core::Status::Ok();
  }
  std::string tmp = output + ".part";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << body;
    if (!out) return core::Status::InvalidInput(output + ": cannot write there");
  }
  std::filesystem::rename(tmp, output);
  if (!g.quiet) spdlog::info("wrote the PRISMA flow ({}) to {}", fmt, output);
  return core::Status::Ok();
}

}  // namespace app
