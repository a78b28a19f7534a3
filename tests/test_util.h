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
