#include "parse/ris_reader.h"

#include <utility>

#include "parse/ris_fields.h"
#include "parse/text_fields.h"

namespace parse {
namespace {

using ris::IsAlpha;
using ris::IsDigit;
using ris::IsSpace;
using ris::IsUpper;
using ris::MakeTag;
using ris::T;
using ris::ToUpper;
using ris::Trim;

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// The standard RIS tags (and the common vendor ones): the only tags accepted
// when a line is not in the canonical "XX  - " form, so that text such as
// "IL - 6 levels" or "Co-management" stays text.
bool IsKnownTag(uint16_t tag) {
  static constexpr std::string_view kKnown =
      "TYERAUA1A2A3A4ABADANAVBTC1C2C3C4C5C6C7C8CACNCPCTCYDADBDODPEDEPETIDISJ1J2JAJFJOKWL1L2L3"
      "L4LALBLKM1M2M3N1N2NVOPPBPPPTPYRIRNRPSESNSPSTT1T2T3TATITTU1U2U3U4U5URVLVOY1Y2Y3";
  for (size_t i = 0; i + 1 < kKnown.size(); i += 2) {
    if (MakeTag(kKnown[i], kKnown[i + 1]) == tag) return true;
  }
  return false;
}

// Whether `line` is a tag line; sets *tag (upper-cased) and *value (trimmed).
bool ParseTagLine(std::string_view line, uint16_t* tag, std::string_view* value) {
  if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // a BOM of a concatenated file
  if (line.size() < 3 || !IsAlpha(line[0]) || !(IsAlpha(line[1]) || IsDigit(line[1]))) {
    return false;
  }
  *tag = MakeTag(ToUpper(line[0]), ToUpper(line[1]));
  if (IsUpper(line[0]) && (IsUpper(line[1]) || IsDigit(line[1])) && line.substr(2, 3) == "  -") {
    *value = Trim(line.substr(5));
    return true;
  }
  size_t i = 2;
  while (i < line.size() && IsBlank(line[i])) ++i;
  if (i == line.size() || line[i] != '-' || !IsKnownTag(*tag)) return false;
  bool spaced = i > 2;
  ++i;
  // "TY- JOUR" and "ER-" are tags, "ER-positive" is text.
  if (!spaced && i < line.size() && !IsBlank(line[i])) return false;
  *value = Trim(line.substr(i));
  return true;
}

void DropTrailingBlankLines(std::string* text) {
  for (size_t nl = text->rfind('\n'); nl != std::string::npos; nl = text->rfind('\n')) {
    if (!Trim(std::string_view(*text).substr(nl + 1)).empty()) return;
    text->erase(nl);
  }
}

}  // namespace

RisReader::RisReader(std::string path, std::string display_name, RisReaderOptions options)
    : LineRecordReader(std::move(path), std::move(display_name)), options_(options) {}

RisReader::~RisReader() = default;

void RisReader::AddField(uint16_t tag, std::string_view value) {
  if (nfields_ == fields_.size()) fields_.emplace_back();
  RisField& f = fields_[nfields_++];
  f.tag = tag;
  f.value.assign(value);
}

bool RisReader::Next(core::Record* rec) {
  if (!Open()) return false;
  uint16_t tag = 0;
  std::string_view value;
  for (;;) {
    if (!lines()->Next(&line_)) {
      return End(1, lines()->line_number() == 0 ? "empty file; expected RIS records"
                                                : "not RIS: no 'TY  - ' line found");
    }
    if (ParseTagLine(line_, &tag, &value) && tag == T("TY")) break;
  }
  nfields_ = 0;
  AddField(tag, value);
  return ReadRecord(rec);
}

// Reads the rest of the record whose TY line is line_ (already in fields_).
bool RisReader::ReadRecord(core::Record* rec) {
  *rec = core::Record();
  rec->format = "ris";
  const uint64_t start = lines()->line_number();
  raw_ = line_;
  uint16_t tag = 0;
  std::string_view value;
  bool closed = false;
  while (!closed && lines()->Next(&line_)) {
    bool is_tag = ParseTagLine(line_, &tag, &value);
    if (is_tag && tag == T("TY")) {  // ER missing: the next record starts here
      lines()->Unread();
      break;
    }
    raw_.push_back('\n');
    raw_.append(line_);
    // Each field costs its bookkeeping too: "AB  - x" lines must not slip by.
    if (!CheckSize(raw_.size() + nfields_ * sizeof(RisField), options_.max_record_size, start,
                   "; is its 'ER  - ' line missing?")) {
      return false;
    }
    if (!is_tag) {
      std::string& last = fields_[nfields_ - 1].value;
      last.push_back('\n');
      last.append(Trim(line_));
    } else if (tag == T("ER")) {
      closed = true;
    } else {
      AddField(tag, value);
    }
  }
  if (!lines()->status().ok()) return Fail(lines()->status());
  if (!closed) DropTrailingBlankLines(&raw_);  // they lie between records
  for (size_t i = 0; i < nfields_; ++i) {
    std::string& v = fields_[i].value;  // its start is trimmed already
    while (!v.empty() && IsSpace(v.back())) v.pop_back();
  }
  ris::MapRecord(ris::Fields(fields_.data(), nfields_), rec);
  return HandOut(raw_, start, rec);
}

bool LooksLikeRis(std::string_view head) {
  bool seen_ty = false;
  for (std::string_view line : SplitAtLineEnds(head)) {
    uint16_t tag = 0;
    std::string_view value;
    if (!ParseTagLine(line, &tag, &value)) continue;
    if (seen_ty) return true;
    if (tag != T("TY")) return false;
    seen_ty = true;
  }
  return false;
}

}  // namespace parse
