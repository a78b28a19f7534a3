// Helpers shared by the tests of the text readers (RIS, MEDLINE, WoS, Ovid,
// Cochrane, EndNote tagged, CSV): reading every record of a file or of an
// inline sample, a file's head as the format sniffers get it, splitting a
// file into lines as the readers do, and the variants of a sample that every
// reader must read alike (line ends, BOM, Latin-1, damage).
#ifndef WINNOW_TESTS_PARSE_READER_TEST_UTIL_H_
#define WINNOW_TESTS_PARSE_READER_TEST_UTIL_H_

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/status.h"
#include "parse/line_reader.h"
#include "tests/test_util.h"

namespace readertest {

// The records a reader handed out, and its status at the end.
struct Parsed {
  std::vector<core::Record> records;
  core::Status status;
};

// Reads every record of `reader`. With `check_end`, CHECKs too that a
// further Next() stays at the end.
template <typename Reader>
Parsed ReadAll(Reader& reader, bool check_end) {
  Parsed out;
  core::Record rec;
  while (reader.Next(&rec)) out.records.push_back(rec);
  out.status = reader.status();
  if (check_end) CHECK_FALSE(reader.Next(&rec));
  return out;
}

// Reads the file at `path`, named `display` in locators and errors.
template <typename Reader>
Parsed ReadPath(const std::filesystem::path& path, const std::string& display = "",
                bool check_end = false) {
  Reader reader(path.string(), display);
  return ReadAll(reader, check_end);
}

// A directory for the samples of the whole test run.
inline const testutil::TempDir& SampleDir() {
  static const testutil::TempDir dir;
  return dir;
}

// Writes `text` to a file `name` (replacing an earlier sample) and reads it.
template <typename Reader>
Parsed ReadText(const std::string& text, const std::string& name, bool check_end = false) {
  testutil::WriteFile(SampleDir() / name, text);
  return ReadPath<Reader>(SampleDir() / name, name, check_end);
}

// The first 64 KiB of the file at `path` as the format sniffers see it
// (lines through a LineReader, joined by '\n'); "" for a file the
// LineReader refuses.
inline std::string Head(const std::filesystem::path& path) {
  std::unique_ptr<parse::LineReader> lines;
  if (!parse::LineReader::Open(path.string(), "", &lines).ok()) return "";
  std::string head, line;
  while (head.size() < 64 * 1024 && lines->Next(&line)) head += line + "\n";
  return lines->status().ok() ? head : "";
}

// The first 64 KiB of the file at `path`, bytes as they are.
inline std::string RawHead(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(size_t{64} << 10, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

// The regular files below ../shared/data/exports, in directory order.
inline std::vector<std::filesystem::path> ExportFiles() {
  std::vector<std::filesystem::path> out;
  for (const auto& e :
       std::filesystem::recursive_directory_iterator(testutil::SharedData("exports"))) {
    if (e.is_regular_file()) out.push_back(e.path());
  }
  return out;
}

// The lines of a file as the readers see them: a UTF-8 BOM dropped, LF, CR
// LF and CR line ends, no empty line after the last line end.
inline std::vector<std::string> SplitLines(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
    if (end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n') ++start;
  }
  return lines;
}

// A file of ../shared/data/exports read whole with a Reader.
struct ExportRead {
  std::string name;                // its file name, as the locators give it
  std::string text;                // its bytes
  std::vector<std::string> lines;  // SplitLines(text)
  Parsed parsed;
};

// Reads the export `rel` (below exports/) with a Reader, REQUIREs that it
// reads without error and CHECKs that it holds `count` records.
template <typename Reader>
ExportRead ReadExport(const std::string& rel, size_t count) {
  ExportRead out;
  const std::filesystem::path path = testutil::SharedData("exports/" + rel);
  out.name = path.filename().string();
  out.text = testutil::ReadFile(path);
  out.parsed = ReadPath<Reader>(path, out.name, /*check_end=*/true);
  REQUIRE(out.parsed.status.ok());
  CHECK(out.parsed.records.size() == count);
  out.lines = SplitLines(out.text);
  return out;
}

// Checks that rec's locator is "NAME:LINE" of the export `file` and that
// its raw text is the file's lines from LINE on; returns the raw text's
// lines.
inline std::vector<std::string> CheckRawInFile(const core::Record& rec, const ExportRead& file) {
  REQUIRE_THAT(rec.locator, Catch::StartsWith(file.name + ":"));
  const size_t line = std::stoul(rec.locator.substr(file.name.size() + 1));
  const std::vector<std::string> raw = SplitLines(rec.raw);
  REQUIRE(line + raw.size() - 1 <= file.lines.size());
  CHECK(std::equal(raw.begin(), raw.end(), file.lines.begin() + (line - 1)));
  return raw;
}

// Checks a reader that failed: no record, and a message starting `prefix`.
inline void CheckRefused(const Parsed& p, const std::string& prefix) {
  CHECK(p.records.empty());
  CHECK(p.status.message().rfind(prefix, 0) == 0);
}

// Checks a reader that read a file with a NUL byte: InvalidInput naming it.
inline void CheckNulRefused(const Parsed& p) {
  CHECK(p.status.code() == core::Status::Code::kInvalidInput);
  CHECK_THAT(p.status.message(), Catch::Contains("NUL"));
}

// Checks a Reader with a max_record setting (64 MiB by default) set to
// 4096 on the file `text`: its first record is read, then the second is
// refused with `message`.
template <typename Reader>
void CheckMaxRecord(const std::string& text, const std::string& name, const std::string& message) {
  testutil::TempDir dir;
  testutil::WriteFile(dir / name, text);
  Reader reader((dir / name).string(), name);
  CHECK(reader.max_record == size_t{64} << 20);
  reader.max_record = 4096;
  core::Record rec;
  CHECK(reader.Next(&rec));
  CHECK_FALSE(reader.Next(&rec));
  CHECK(reader.status().code() == core::Status::Code::kInvalidInput);
  CHECK(reader.status().message() == message);
}

// The values of `v` joined by `sep`.
inline std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// The family names of rec's authors, in order ("" for a group).
inline std::vector<std::string> Families(const core::Record& rec) {
  std::vector<std::string> out;
  for (const core::Author& a : rec.authors) out.push_back(a.family);
  return out;
}

// `text` with each '\n' replaced by `end`.
inline std::string WithLineEnd(const std::string& text, const std::string& end) {
  std::string out;
  for (char c : text) out += c == '\n' ? end : std::string(1, c);
  return out;
}

inline std::string Crlf(const std::string& text) { return WithLineEnd(text, "\r\n"); }

// A sample written with '\n' line ends, then with CR LF, with CR, and after
// a UTF-8 BOM: a reader reads them all alike.
inline std::vector<std::string> LineEndVariants(const std::string& lf) {
  return {lf, Crlf(lf), WithLineEnd(lf, "\r"), "\xEF\xBB\xBF" + lf};
}

// The variants of LineEndVariants, then `lf` with its first "é" in Latin-1.
inline std::vector<std::string> TextVariants(const std::string& lf) {
  std::vector<std::string> out = LineEndVariants(lf);
  std::string latin1 = lf;
  latin1.replace(latin1.find("\xc3\xa9"), 2, "\xe9");
  out.push_back(latin1);
  return out;
}

// `base` with 8 bytes overwritten at random, then cut at a random length.
inline std::string Damage(const std::string& base, std::mt19937& rng) {
  std::string text = base;
  for (int k = 0; k < 8; ++k) text[rng() % text.size()] = static_cast<char>(rng() % 256);
  text.resize(rng() % text.size());
  return text;
}

// Up to 400 random characters: from `alphabet`, or (with `any_byte`) any
// byte.
inline std::string RandomText(std::mt19937& rng, const std::string& alphabet, bool any_byte) {
  std::string text;
  const size_t n = rng() % 400;
  for (size_t i = 0; i < n; ++i) {
    text += any_byte ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet.size()];
  }
  return text;
}

}  // namespace readertest

#endif  // WINNOW_TESTS_PARSE_READER_TEST_UTIL_H_
