// Helpers shared by the JSON readers (Europe PMC, ClinicalTrials.gov):
// loading a whole document, parsing it without exceptions escaping, reading
// values whose JSON type may be anything, cleaning the HTML some services put
// in text, sniffing a file's head, and the JsonRecordFormat interface through
// which each reader tells parse::JsonRecordReader what differs. Internal to
// parse/: it exposes nlohmann::json, which winnow_parse links PRIVATE. Pure
// functions apart from ReadWholeFile; thread-safe.
#ifndef WINNOW_PARSE_JSON_FIELDS_H_
#define WINNOW_PARSE_JSON_FIELDS_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/status.h"

namespace parse {

// Objects keep their members in the order received, so that a record's raw
// text (its dump) reads like the response it came from.
using Json = nlohmann::ordered_json;

// A document larger than this is refused: it is parsed whole, and the parsed
// tree takes several times its size. An API page of 1,000 full records is
// about 10 MB.
constexpr size_t kMaxJsonSize = size_t{256} << 20;

// Arrays and objects nested deeper than this are refused before parsing, so
// that no recursive walk (dump, destruction) can exhaust the stack. The APIs
// nest about 8 deep.
constexpr int kMaxJsonDepth = 128;

// Reads the file at `path` (gzip looked through) into *text and sets *bytes to
// the bytes of the file read. NotFound/Io as parse::InputStream::Open;
// InvalidInput naming `display` when the content exceeds kMaxJsonSize.
core::Status ReadWholeFile(const std::string& path, const std::string& display, std::string* text,
                           uint64_t* bytes);

// Parses `text` into *doc. InvalidInput naming `display` when it is empty,
// nested deeper than kMaxJsonDepth, or not JSON ("display: not valid JSON at
// byte 1234: syntax error ... (truncated?)").
core::Status ParseJson(std::string_view text, const std::string& display, Json* doc);

// Member `key` of `obj`, or a null value when `obj` is not an object or has
// no such member. Never throws.
const Json& Member(const Json& obj, std::string_view key);

// Member(Member(obj, a), b)... along `path`.
const Json& At(const Json& obj, std::initializer_list<std::string_view> path);

// `v` when it is an array, else an empty array, so that a value of the wrong
// type iterates as nothing.
const Json& Items(const Json& v);

// A string's text with white space collapsed, a number or boolean as written
// in JSON; "" for null, arrays and objects.
std::string Text(const Json& v);

// Text(Member(obj, key)).
std::string TextOf(const Json& obj, std::string_view key);

// `v` as compact JSON text (invalid UTF-8 replaced, never throws).
std::string Dump(const Json& v);

// Text with HTML markup removed, as Europe PMC writes titles and abstracts:
// character references decoded (&lt; &gt; &amp; &quot; &apos; &#N; &#xN;)
// first, since titles carry escaped tags ("m&lt;sup&gt;6&lt;/sup&gt;A"),
// then the tags of a fixed set of HTML elements (i, b, sup, sub, p, h1-h6,
// ...) dropped — block elements leave a space — and white space collapsed.
// Anything else in angle brackets ("p < 0.05", "<b and c>") is text.
std::string StripMarkup(std::string_view text);

// True when `head` (a file's first bytes) starts, after a byte order mark and
// white space, with an object that has the member `key`, or with an array
// whose first object elements have it. Strings and nesting are followed, so
// a key of a nested object (a word of an OpenAlex abstract_inverted_index)
// does not count.
bool JsonHeadHasTopLevelKey(std::string_view head, std::string_view key);

// One run of a document's records: an array of records, or a single record.
// Its Nth record (N from 0) is located "<prefix><first + N>".
struct JsonRecords {
  const Json* value;   // into the document
  bool array;          // `value` holds records, rather than being one
  std::string prefix;  // "europepmc page 2 result "
  size_t first = 1;    // the number in its first record's locator
};

// What a JSON format's reader tells parse::JsonRecordReader
// (parse/json_record_reader.h). Implementations hold no state: one static
// instance per format, shared by all its readers.
class JsonRecordFormat {
 public:
  virtual ~JsonRecordFormat() = default;

  // Appends to *out where the records of the document `top` (read as
  // `name`) are, in reading order. Returns why the document is not one of
  // the format's, naming `name` and the page at fault; "" when it is.
  virtual std::string ListRecords(const Json& top, const std::string& name,
                                  std::vector<JsonRecords>* out) const = 0;

  // Why `item` cannot be read as a record ("not a JSON object"); "" when it
  // can.
  virtual std::string Problem(const Json& item) const = 0;

  // Fills *rec (a fresh core::Record) from `item`, which Problem() accepted.
  // Raw text and locator are set by the caller.
  virtual void Fill(const Json& item, core::Record* rec) const = 0;
};

}  // namespace parse

#endif  // WINNOW_PARSE_JSON_FIELDS_H_
