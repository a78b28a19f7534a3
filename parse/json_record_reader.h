// parse::JsonRecordReader — the part the JSON API-response readers (Europe
// PMC, ClinicalTrials.gov) share: the file or in-memory payload, reading and
// parsing it whole at the first Next() (see kMaxJsonSize and kMaxJsonDepth in
// parse/json_fields.h), then handing out its records one at a time, each
// with its JSON text as raw and its locator. What differs per format — where
// a document's records are, what makes one unusable, and how one maps to a
// core::Record — comes from a JsonRecordFormat (parse/json_fields.h), which
// subclasses pass in; it keeps nlohmann::json out of this header. Not
// thread-safe; one reader per input.
#ifndef WINNOW_PARSE_JSON_RECORD_READER_H_
#define WINNOW_PARSE_JSON_RECORD_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "core/record.h"
#include "core/status.h"
#include "parse/reader.h"

namespace parse {

class JsonRecordFormat;  // parse/json_fields.h

class JsonRecordReader : public RecordReader {
 public:
  ~JsonRecordReader() override;

  // False at the end, or on an error that ends reading: the file cannot be
  // read (NotFound/Io), or InvalidInput naming the display name — malformed,
  // truncated or too deeply nested JSON, a document the format refuses, a
  // record it finds unusable (at that record; earlier ones were handed out).
  bool Next(core::Record* rec) override;
  core::Status status() const override { return status_; }
  uint64_t bytes_consumed() const override { return bytes_; }

 protected:
  // Reads the file at `path` (gzip looked through) as `format` (not owned;
  // it must outlive the reader); `display_name` names it in locators and
  // errors (the path when empty). Never fails here: a missing or unreadable
  // file makes the first Next() return false with status() saying why.
  JsonRecordReader(std::string path, std::string display_name, const JsonRecordFormat& format);

  // A `Reader` (constructible from a path and a display name) over a
  // response body held in memory instead of a file, named `display_name`,
  // or `fallback` when that is empty.
  template <typename Reader>
  static std::unique_ptr<Reader> OverPayload(std::string payload, std::string display_name,
                                             const char* fallback) {
    auto reader =
        std::make_unique<Reader>("", display_name.empty() ? fallback : std::move(display_name));
    reader->payload_ = std::move(payload);
    reader->in_memory_ = true;
    return reader;
  }

 private:
  struct Document;  // the parsed JSON and where its records are, in the .cc

  bool Start();
  bool Fail(std::string message);
  bool End();

  const JsonRecordFormat* format_;
  std::string path_;
  std::string name_;
  std::string payload_;
  bool in_memory_ = false;
  std::unique_ptr<Document> doc_;
  core::Status status_;
  bool started_ = false;
  bool done_ = false;
  size_t group_ = 0;  // index into the document's groups of records
  size_t index_ = 0;  // next record within the group
  uint64_t bytes_ = 0;
};

}  // namespace parse

#endif  // WINNOW_PARSE_JSON_RECORD_READER_H_
