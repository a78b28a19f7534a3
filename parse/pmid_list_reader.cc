// PmidListReader and LooksLikePmidList (declared in medline_reader.h): PubMed's
// "PMID" export, one PMID per line.
#include <string>
#include <utility>

#include "core/normalize.h"
#include "parse/medline_reader.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

// 1-9 digits.
bool IsPmid(std::string_view s) { return IsAllDigits(s) && s.size() <= 9; }

}  // namespace

bool LooksLikePmidList(std::string_view head) {
  int pmids = 0;
  for (std::string_view line : SplitAtLineEnds(head)) {
    std::string_view t = TrimValue(line);
    if (t.empty()) continue;
    if (!IsPmid(t)) return false;
    ++pmids;
  }
  return pmids > 0;
}

PmidListReader::PmidListReader(std::string path, std::string display_name)
    : LineRecordReader(std::move(path), std::move(display_name)) {}

bool PmidListReader::Next(core::Record* rec) {
  if (!Open()) return false;
  std::string line;
  while (lines()->Next(&line)) {
    const std::string_view t = TrimValue(line);
    if (t.empty()) continue;
    if (!IsPmid(t)) {
      const std::string excerpt = core::SanitizeUtf8(core::CollapseSpace(t.substr(0, 60)));
      return Fail(core::Status::InvalidInput(lines()->Where() + ": not a PMID: '" + excerpt +
                                             "' (a PMID list has one PMID per line)"));
    }
    *rec = core::Record();
    rec->pmid = std::string(t);
    rec->source_id = rec->pmid;
    rec->source = "pubmed";
    rec->format = "pmid-list";
    return HandOut(line, lines()->line_number(), rec);
  }
  return End(1, "no PMID found");
}

}  // namespace parse
