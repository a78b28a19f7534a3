#include "parse/json_record_reader.h"

#include <utility>
#include <vector>

#include "parse/json_fields.h"

namespace parse {

struct JsonRecordReader::Document {
  Json json;
  std::vector<JsonRecords> groups;  // into json
};

JsonRecordReader::JsonRecordReader(std::string path, std::string display_name,
                                   const JsonRecordFormat& format)
    : format_(&format),
      path_(std::move(path)),
      name_(display_name.empty() ? path_ : std::move(display_name)) {}

JsonRecordReader::~JsonRecordReader() = default;

bool JsonRecordReader::Fail(std::string message) {
  if (status_.ok()) status_ = core::Status::InvalidInput(std::move(message));
  return End();
}

bool JsonRecordReader::End() {
  done_ = true;
  doc_.reset();
  return false;
}

bool JsonRecordReader::Start() {
  started_ = true;
  std::string text;
  if (in_memory_) {
    text = std::move(payload_);
    bytes_ = text.size();
  } else if (core::Status st = ReadWholeFile(path_, name_, &text, &bytes_); !st.ok()) {
    status_ = st;
    return End();
  }
  doc_ = std::make_unique<Document>();
  if (core::Status st = ParseJson(text, name_, &doc_->json); !st.ok()) return Fail(st.message());
  // The whole document is checked before the first record, so that a bad
  // page is reported before anything is read from the good ones.
  const std::string why = format_->ListRecords(doc_->json, name_, &doc_->groups);
  if (!why.empty()) return Fail(why);
  return true;
}

bool JsonRecordReader::Next(core::Record* rec) {
  if (done_ || (!started_ && !Start())) return false;
  while (group_ < doc_->groups.size()) {
    const JsonRecords& group = doc_->groups[group_];
    if (index_ >= (group.array ? group.value->size() : 1)) {
      ++group_;
      index_ = 0;
      continue;
    }
    const Json& item = group.array ? (*group.value)[index_] : *group.value;
    const std::string where = group.prefix + std::to_string(group.first + index_++);
    const std::string why = format_->Problem(item);
    if (!why.empty()) return Fail(where + ": " + why);
    *rec = core::Record();
    format_->Fill(item, rec);
    rec->raw = Dump(item);
    rec->locator = where;
    return true;
  }
  return End();
}

}  // namespace parse
