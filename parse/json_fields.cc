#include "parse/json_fields.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <system_error>

#include "core/normalize.h"
#include "core/utf8.h"
#include "parse/input_stream.h"
#include "parse/text_fields.h"

namespace parse {

using core::utf8::AppendUtf8;

namespace {

const Json& Null() {
  static const Json kNull;
  return kNull;
}

const Json& EmptyArray() {
  static const Json kEmpty = Json::array();
  return kEmpty;
}

// Offset of the bracket that opens nesting level kMaxJsonDepth + 1, or npos.
// Brackets inside strings do not count.
size_t TooDeepAt(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::string_view::npos;
}

// nlohmann's message without its "[json.exception.parse_error.101] parse
// error at line 1, column 5: " prefix: the offset is reported as bytes.
std::string ParseErrorReason(std::string_view what) {
  const size_t column = what.find(", column ");
  const size_t colon = what.find(": ", column == std::string_view::npos ? 0 : column);
  if (colon == std::string_view::npos) return std::string(what);
  return std::string(what.substr(colon + 2));
}

// The code point of a numeric reference body ("#946", "#x3B2"); 0 when it is
// not one or names no character (NUL, a surrogate, past U+10FFFF).
char32_t NumericReference(std::string_view name) {
  if (name.size() < 2 || name[0] != '#') return 0;
  const bool hex = name[1] == 'x' || name[1] == 'X';
  std::string_view digits = name.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 7) return 0;
  char32_t cp = 0;
  for (char c : digits) {
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0) return 0;
    cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(d);
  }
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return cp;
}

// Appends the character `name` (between '&' and ';') refers to; false when
// it is not a reference StripMarkup decodes.
bool AppendReference(std::string_view name, std::string* out) {
  static const struct {
    std::string_view name;
    std::string_view text;
  } kNamed[] = {{"lt", "<"},    {"gt", ">"},   {"amp", "&"},
                {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}};
  for (const auto& n : kNamed) {
    if (name == n.name) {
      out->append(n.text);
      return true;
    }
  }
  const char32_t cp = NumericReference(name);
  if (cp == 0) return false;
  AppendUtf8(cp, out);
  return true;
}

std::string DecodeReferences(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const size_t semi = s[i] == '&' ? s.find(';', i) : std::string_view::npos;
    if (semi != std::string_view::npos && semi - i <= 10 &&
        AppendReference(s.substr(i + 1, semi - i - 1), &out)) {
      i = semi;
      continue;
    }
    out.push_back(s[i]);
  }
  return out;
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// The HTML elements whose tags StripMarkup drops: the inline ones Europe PMC
// and PubMed put in titles and abstracts, and block ones that separate text.
bool KnownElement(std::string_view name, bool* block) {
  static const std::string_view kInline[] = {"i",  "b",   "u",    "em",    "strong", "sup", "sub",
                                             "sc", "inf", "span", "small", "big",    "tt",  "a"};
  static const std::string_view kBlock[] = {"p",  "br",  "h1", "h2", "h3", "h4", "h5",
                                            "h6", "div", "li", "ul", "ol", "hr", "blockquote"};
  const std::string lower = LowerAscii(name);
  for (std::string_view n : kInline) {
    if (lower == n) {
      *block = false;
      return true;
    }
  }
  for (std::string_view n : kBlock) {
    if (lower == n) {
      *block = true;
      return true;
    }
  }
  return false;
}

// Length of the tag starting at s[0] == '<' when it is a tag of a
// KnownElement ("<i>", "</sup>", "<br/>", "<a href=\"x\">"), else 0.
size_t TagLength(std::string_view s, bool* block) {
  size_t i = s.size() > 1 && s[1] == '/' ? 2 : 1;
  const size_t name_start = i;
  while (i < s.size() && IsAsciiAlnum(s[i])) ++i;
  const size_t gt = s.find('>', i);
  if (gt == std::string_view::npos || !KnownElement(s.substr(name_start, i - name_start), block)) {
    return 0;
  }
  std::string_view attributes = s.substr(i, gt - i);
  if (attributes.find('<') != std::string_view::npos) return 0;
  if (attributes.empty() || attributes == "/") return gt + 1;
  // "<b and c>" is text, "<a href=x>" a tag: attributes have '='.
  const bool spaced = attributes.front() == ' ' || attributes.front() == '\t';
  return spaced && attributes.find('=') != std::string_view::npos ? gt + 1 : 0;
}

}  // namespace

core::Status ReadWholeFile(const std::string& path, const std::string& display, std::string* text,
                           uint64_t* bytes) {
  // Chunks the size of the file, within 4 KiB and the 1 MiB default: an API
  // page is often a few KiB, and each chunk is allocated and zeroed.
  InputStreamOptions options;
  std::error_code ec;
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec) {
    options.chunk_size =
        static_cast<size_t>(std::clamp<uintmax_t>(size + 1, 4096, options.chunk_size));
  }
  std::unique_ptr<InputStream> in;
  WINNOW_RETURN_IF_ERROR(InputStream::Open(path, display, &in, options));
  text->clear();
  for (bool eof = false; !eof;) {
    WINNOW_RETURN_IF_ERROR(in->Fill(&eof));
    text->append(in->data(), in->size());
    in->Consume(in->size());
    if (text->size() > kMaxJsonSize) {
      return core::Status::InvalidInput(display + ": larger than " +
                                        std::to_string(kMaxJsonSize >> 20) +
                                        " MiB; a JSON document is read whole, split it into pages");
    }
  }
  *bytes = in->bytes_consumed();
  return core::Status::Ok();
}

core::Status ParseJson(std::string_view text, const std::string& display, Json* doc) {
  if (TrimValue(text).empty() || TrimValue(text) == "\xEF\xBB\xBF") {
    return core::Status::InvalidInput(display + ": empty; no JSON document");
  }
  const size_t deep = TooDeepAt(text);
  if (deep != std::string_view::npos) {
    return core::Status::InvalidInput(display + ": JSON nested deeper than " +
                                      std::to_string(kMaxJsonDepth) + " levels at byte " +
                                      std::to_string(deep));
  }
  try {
    *doc = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // e.byte counts the bytes read, the offending one included.
    const size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    const bool at_end = offset >= text.size();
    return core::Status::InvalidInput(display + ": not valid JSON at byte " +
                                      std::to_string(offset) + ": " + ParseErrorReason(e.what()) +
                                      (at_end ? " (the document ends early: truncated?)" : ""));
  } catch (const Json::exception& e) {
    return core::Status::InvalidInput(display + ": not valid JSON: " + e.what());
  }
  return core::Status::Ok();
}

const Json& Member(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return Null();
  const auto it = obj.find(std::string(key));
  return it == obj.end() ? Null() : *it;
}

const Json& At(const Json& obj, std::initializer_list<std::string_view> path) {
  const Json* cur = &obj;
  for (std::string_view key : path) cur = &Member(*cur, key);
  return *cur;
}

const Json& Items(const Json& v) { return v.is_array() ? v : EmptyArray(); }

std::string Text(const Json& v) {
  if (v.is_string()) return core::CollapseSpace(v.get_ref<const std::string&>());
  if (v.is_number() || v.is_boolean()) return Dump(v);
  return "";
}

std::string TextOf(const Json& obj, std::string_view key) { return Text(Member(obj, key)); }

std::string Dump(const Json& v) { return v.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string StripMarkup(std::string_view text) {
  const std::string decoded = DecodeReferences(text);
  std::string out;
  out.reserve(decoded.size());
  for (size_t i = 0; i < decoded.size(); ++i) {
    bool block = false;
    const size_t tag =
        decoded[i] == '<' ? TagLength(std::string_view(decoded).substr(i), &block) : 0;
    if (tag == 0) {
      out.push_back(decoded[i]);
      continue;
    }
    if (block) out.push_back(' ');
    i += tag - 1;
  }
  return core::CollapseSpace(out);
}

bool JsonHeadHasTopLevelKey(std::string_view head, std::string_view key) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  const size_t first = head.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || (head[first] != '{' && head[first] != '[')) return false;
  const int members = head[first] == '{' ? 1 : 2;  // the nesting depth of the wanted keys
  int depth = 0;
  for (size_t i = first; i < head.size(); ++i) {
    const char c = head[i];
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    if (c != '"') continue;
    size_t end = i + 1;
    while (end < head.size() && head[end] != '"') end += head[end] == '\\' ? 2 : 1;
    if (end >= head.size()) return false;
    if (depth == members && head.substr(i + 1, end - i - 1) == key) {
      const size_t after = head.find_first_not_of(" \t\r\n", end + 1);
      if (after != std::string_view::npos && head[after] == ':') return true;
    }
    i = end;
  }
  return false;
}

}  // namespace parse
