// Every reader over inputs it was not made for: the crashers the fuzzers
// found (fuzz/regressions/FORMAT/) and every real export of ../shared/data
// forced through every format. Each must end with records or a clean error —
// never a crash, a hang, or records out of nothing.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "parse/formats.h"
#include "test_util.h"

namespace {

// Reads `path` as `format` to the end; returns the number of records.
size_t ReadAll(const std::string& format, const std::string& path, core::Status* status) {
  std::unique_ptr<parse::RecordReader> reader;
  *status = parse::OpenReader(format, path, path, parse::ReaderOptions(), &reader);
  if (!status->ok()) return 0;
  core::Record rec;
  size_t n = 0;
  while (reader->Next(&rec)) {
    ++n;
    rec = core::Record();
  }
  *status = reader->status();
  return n;
}

std::vector<std::filesystem::path> FilesUnder(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  if (!std::filesystem::is_directory(dir)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(e.path());
  }
  return out;
}

}  // namespace

TEST_CASE("Fuzzer crashers stay fixed", "[fuzz]") {
  std::filesystem::path root = testutil::SourceDir("fuzz/regressions");
  size_t replayed = 0;
  for (const std::string& format : parse::KnownFormats()) {
    for (const auto& file : FilesUnder(root / format)) {
      INFO(file.string());
      core::Status st;
      size_t n = ReadAll(format, file.string(), &st);
      CHECK(n <= std::filesystem::file_size(file) + 1);
      CHECK((st.ok() || st.code() == core::Status::Code::kInvalidInput));
      ++replayed;
    }
  }
  for (const auto& file : FilesUnder(root / "detect")) {
    std::string format;
    if (parse::DetectFormat(file.string(), &format).ok()) {
      core::Status st;
      ReadAll(format, file.string(), &st);
    }
    ++replayed;
  }
  WARN("replayed " << replayed << " fuzzer inputs");
}

TEST_CASE("Every reader survives every real export", "[fuzz][slow]") {
  WINNOW_REQUIRE_SHARED_DATA();
  std::vector<std::filesystem::path> files = FilesUnder(testutil::SharedData("exports"));
  REQUIRE(files.size() > 100);
  for (const std::string& format : parse::KnownFormats()) {
    for (const auto& file : files) {
      INFO(format << " over " << file.string());
      core::Status st;
      size_t n = ReadAll(format, file.string(), &st);
      CHECK(n <= std::filesystem::file_size(file) + 1);
      if (!st.ok()) {
        CHECK(st.code() == core::Status::Code::kInvalidInput);
        CHECK_THAT(st.message(), Catch::Contains(file.string()));
      }
    }
  }
}
