// zstd compression of raw source records. A Compressor reuses its context
// across calls; one per thread. A RawDictionary, trained on the first records
// of an import, is shared by every thread that compresses that import.
#ifndef WINNOW_STORE_COMPRESS_H_
#define WINNOW_STORE_COMPRESS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace store {

// Records of one file share most of their markup, which one record alone
// compresses poorly: with a dictionary trained on the file's first records,
// PubMed XML shrinks about 4.5x record by record instead of 3.5x, and
// compresses faster. Frames name their dictionary's id; a review keeps each
// dictionary it used (table raw_dictionaries).
class RawDictionary {
 public:
  // Trains a dictionary on `samples` (whole raw records). nullptr when they
  // are too few or too small to be worth it.
  static std::shared_ptr<const RawDictionary> Train(const std::vector<std::string>& samples,
                                                    int level);
  // A dictionary as stored; nullptr when `bytes` are not one.
  static std::shared_ptr<const RawDictionary> FromBytes(std::string bytes, int level);
  ~RawDictionary();
  RawDictionary(const RawDictionary&) = delete;
  RawDictionary& operator=(const RawDictionary&) = delete;

  uint32_t id() const { return id_; }
  const std::string& bytes() const { return bytes_; }

 private:
  friend class Compressor;
  RawDictionary() = default;

  std::string bytes_;
  uint32_t id_ = 0;
  void* cdict_ = nullptr;  // ZSTD_CDict
  void* ddict_ = nullptr;  // ZSTD_DDict
};

class Compressor {
 public:
  // level: zstd level; 3 is zstd's default, low levels favour ingest speed.
  explicit Compressor(int level = 3);
  ~Compressor();
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;

  // Compresses `in` into *out (one zstd frame), with `dict` when given (at
  // the level the dictionary was made for).
  core::Status Compress(std::string_view in, std::string* out, const RawDictionary* dict = nullptr);
  // Decompresses one zstd frame; Io status when the frame is corrupt or
  // needs a dictionary other than `dict`.
  core::Status Decompress(std::string_view in, std::string* out,
                          const RawDictionary* dict = nullptr);
  // The id of the dictionary a frame needs; 0 when it needs none.
  static uint32_t DictionaryId(std::string_view frame);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace store

#endif  // WINNOW_STORE_COMPRESS_H_
