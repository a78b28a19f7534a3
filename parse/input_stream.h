// parse::InputStream — the bytes of one input file, decompressed on the fly
// when the file is gzip (detected by its magic bytes, not by its name;
// concatenated gzip members are read one after another). The stream keeps a
// window of decompressed bytes that the caller scans and consumes, so a file of
// any size is read with bounded memory: the unconsumed bytes plus a few chunks.
// Owns its file handle and, for gzip, by default one helper thread that
// inflates ahead of the caller. The object itself is not thread-safe.
#ifndef WINNOW_PARSE_INPUT_STREAM_H_
#define WINNOW_PARSE_INPUT_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"

namespace parse {

struct InputStreamOptions {
  // Bytes read from the file, and decompressed bytes added to the window, per
  // Fill(). Default: 1 MiB.
  size_t chunk_size = size_t{1} << 20;
  // Inflate gzip on a helper thread, at most two chunks ahead of the caller,
  // so decompression and parsing overlap. Default: true.
  bool background_inflate = true;
};

class InputStream {
 public:
  // Opens `path` and reads its first chunk to detect gzip. `display_name`
  // names the file in error messages (the path when empty). On success sets
  // *out; returns NotFound when the file does not exist, Io when it cannot be
  // opened or read.
  static core::Status Open(const std::string& path, const std::string& display_name,
                           std::unique_ptr<InputStream>* out,
                           const InputStreamOptions& options = {});

  ~InputStream();
  InputStream(const InputStream&) = delete;
  InputStream& operator=(const InputStream&) = delete;

  // Appends up to chunk_size decompressed bytes to the window and sets *eof
  // when nothing is left to append. Bytes already consumed are dropped first,
  // so pointers into the window are invalid after a Fill(); offsets relative
  // to data() stay valid. Returns InvalidInput naming the file and the
  // compressed byte offset when gzip data is truncated or corrupt, Io when the
  // file cannot be read; every later call returns the same error.
  core::Status Fill(bool* eof);

  // The window: decompressed bytes read but not yet consumed. The caller may
  // modify them in place (e.g. to parse in situ) until the next Fill().
  const char* data() const { return buf_.data() + start_; }
  char* mutable_data() { return buf_.data() + start_; }
  size_t size() const { return end_ - start_; }

  // Drops the first n (<= size()) bytes of the window.
  void Consume(size_t n) { start_ += n; }

  // Offset in the decompressed stream of data()[0].
  uint64_t offset() const { return out_total_ - size(); }

  // Bytes of the file behind the bytes appended to the window so far
  // (compressed bytes for gzip), for progress bars; reaches file_size() at
  // the end of a well-formed file.
  uint64_t bytes_consumed() const { return consumed_; }
  uint64_t file_size() const { return file_size_; }
  bool is_gzip() const { return inflater_ != nullptr; }
  const std::string& name() const { return name_; }

 private:
  struct Inflater;  // ISA-L inflate state and the helper thread, in input_stream.cc
  struct Key {      // lets only Open() construct
    explicit Key() = default;
  };

 public:
  InputStream(Key, std::FILE* file, std::string name, uint64_t file_size,
              const InputStreamOptions& options);

 private:
  core::Status StartInflater();
  core::Status ReadRaw();  // refills in_ from the file
  core::Status ReadPlain(char* dst, size_t n, size_t* got);
  core::Status Inflate(char* dst, size_t n, size_t* got);
  core::Status InflateError(int code, const char* what);
  core::Status Produce(char* dst, size_t n, size_t* got);
  core::Status TakeChunk(char* dst, size_t n, size_t* got);
  void RunInflater();
  uint64_t RawConsumed() const { return raw_total_ - (in_end_ - in_pos_); }
  void Compact();

  // Reading and inflating; owned by the helper thread while it runs.
  std::FILE* file_;
  std::string name_;
  uint64_t file_size_;
  InputStreamOptions options_;
  std::vector<unsigned char> in_;  // raw bytes not yet used: [in_pos_, in_end_)
  size_t in_pos_ = 0;
  size_t in_end_ = 0;
  uint64_t raw_total_ = 0;  // file bytes read into in_
  bool raw_eof_ = false;
  bool done_ = false;                   // the last gzip member ended
  std::unique_ptr<Inflater> inflater_;  // null for plain files

  // The window: buf_[start_, end_) holds unconsumed decompressed bytes.
  core::Status error_;
  std::vector<char> buf_;
  size_t start_ = 0;
  size_t end_ = 0;
  uint64_t out_total_ = 0;  // decompressed bytes appended so far
  uint64_t consumed_ = 0;   // what bytes_consumed() reports
};

}  // namespace parse

#endif  // WINNOW_PARSE_INPUT_STREAM_H_
