// zstd compression of raw source records. A Compressor reuses its context
// across calls; one per thread.
#ifndef WINNOW_STORE_COMPRESS_H_
#define WINNOW_STORE_COMPRESS_H_

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace store {

class Compressor {
 public:
  // level: zstd level; 3 is zstd's default, low levels favour ingest speed.
  explicit Compressor(int level = 3);
  ~Compressor();
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;

  // Compresses `in` into *out (one zstd frame).
  core::Status Compress(std::string_view in, std::string* out);
  // Decompresses one zstd frame; Io status when the frame is corrupt.
  core::Status Decompress(std::string_view in, std::string* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace store

#endif  // WINNOW_STORE_COMPRESS_H_
