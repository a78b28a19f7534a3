// libFuzzer target: one reader (WINNOW_FUZZ_FORMAT) over arbitrary bytes, or
// "detect": format detection and then the detected reader. Readers read
// files, so each input is written to a file in memory-backed /dev/shm first.
// Whatever the bytes, a reader must end (true records, then false with a
// status) without crashing, hanging or reading out of bounds; ASan and UBSan
// watch the rest.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "core/record.h"
#include "parse/formats.h"

namespace {

std::string InputPath() {
  static const std::string path = "/dev/shm/winnow-fuzz-" + std::to_string(getpid());
  return path;
}

bool WriteInput(const uint8_t* data, size_t size) {
  std::FILE* f = std::fopen(InputPath().c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(data, 1, size, f) == size;
  return std::fclose(f) == 0 && ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (!WriteInput(data, size)) return 0;
  std::string format = WINNOW_FUZZ_FORMAT;
  if (format == "detect" && !parse::DetectFormat(InputPath(), &format).ok()) return 0;
  std::unique_ptr<parse::RecordReader> reader;
  parse::ReaderOptions options;
  if (!parse::OpenReader(format, InputPath(), "fuzz", options, &reader).ok()) return 0;
  core::Record rec;
  // A reader yields at most one record per input byte (plus one): more means
  // it is inventing records or looping.
  size_t records = 0;
  while (reader->Next(&rec)) {
    if (++records > size + 1) __builtin_trap();
    rec = core::Record();
  }
  (void)reader->status();
  return 0;
}
