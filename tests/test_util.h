// Helpers shared by the tests: where the third-party data lives, temporary
// directories, reading files. Tests that need ../shared/data skip with a
// message (WINNOW_REQUIRE_SHARED_DATA) when it is absent.
#ifndef WINNOW_TESTS_TEST_UTIL_H_
#define WINNOW_TESTS_TEST_UTIL_H_

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace testutil {

inline std::filesystem::path SharedData(const std::string& rel = "") {
  return std::filesystem::path(WINNOW_SHARED_DATA) / rel;
}

inline bool HaveSharedData() { return std::filesystem::is_directory(SharedData("pubmed_xml")); }

inline std::filesystem::path SourceDir(const std::string& rel = "") {
  return std::filesystem::path(WINNOW_SOURCE_DIR) / rel;
}

inline std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void WriteFile(const std::filesystem::path& p, const std::string& data) {
  std::ofstream out(p, std::ios::binary);
  out << data;
}

// A fresh directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("winnow-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& rel) const { return path_ / rel; }

 private:
  std::filesystem::path path_;
};

// RFC 4180 reader for the test: rows of fields, CRLF or LF row ends.
inline std::vector<std::vector<std::string>> SplitCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
    } else if (c == '\n' || (c == '\r' && text[i + 1] == '\n')) {
      if (c == '\r') ++i;
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

}  // namespace testutil

// Skips the current test case with a clear message when ../shared/data is absent.
#define WINNOW_REQUIRE_SHARED_DATA()                                              \
  do {                                                                            \
    if (!testutil::HaveSharedData()) {                                            \
      WARN("SKIPPED: ../shared/data not found at " << testutil::SharedData());     \
      return;                                                                     \
    }                                                                             \
  } while (0)

#endif  // WINNOW_TESTS_TEST_UTIL_H_
