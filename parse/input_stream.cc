#include "parse/input_stream.h"

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

namespace parse {

namespace {

bool HasGzipMagic(const unsigned char* p, size_t n) {
  return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

}  // namespace

struct InputStream::Inflater {
  // Inflated bytes handed from the helper thread to the reader. A chunk with
  // an error or without bytes ends the stream and stays in the queue.
  struct Chunk {
    std::vector<char> bytes;
    uint64_t consumed = 0;  // file bytes behind this chunk and all before it
    core::Status status;
  };
  static constexpr size_t kAhead = 2;  // chunks inflated ahead of the reader

  // ISA-L's inflate: several times faster than zlib's on the same data
  // (bench/RESULTS.md), so that inflation keeps well ahead of parsing.
  inflate_state zs{};
  std::thread thread;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Chunk> ready;               // guarded by mu
  std::vector<std::vector<char>> spare;  // guarded by mu
  bool stop = false;                     // guarded by mu
};

InputStream::InputStream(Key, std::FILE* file, std::string name, uint64_t file_size,
                         const InputStreamOptions& options)
    : file_(file),
      name_(std::move(name)),
      file_size_(file_size),
      options_(options),
      in_(std::max<size_t>(options.chunk_size, 64)) {}

InputStream::~InputStream() {
  if (inflater_ != nullptr && inflater_->thread.joinable()) {
    {
      std::lock_guard<std::mutex> lock(inflater_->mu);
      inflater_->stop = true;
    }
    inflater_->cv.notify_all();
    inflater_->thread.join();
  }
  if (file_ != nullptr) std::fclose(file_);
}

core::Status InputStream::Open(const std::string& path, const std::string& display_name,
                               std::unique_ptr<InputStream>* out,
                               const InputStreamOptions& options) {
  const std::string name = display_name.empty() ? path : display_name;
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(st)) {
    return core::Status::NotFound(name + ": no such file");
  }
  if (std::filesystem::is_directory(st)) {
    return core::Status::Io(name + ": is a directory, not a file");
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return core::Status::Io(name + ": cannot open: " + std::strerror(errno));
  }
  uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) size = 0;
  auto s = std::make_unique<InputStream>(Key(), file, name, size, options);
  WINNOW_RETURN_IF_ERROR(s->ReadRaw());
  if (HasGzipMagic(s->in_.data(), s->in_end_)) {
    WINNOW_RETURN_IF_ERROR(s->StartInflater());
  }
  *out = std::move(s);
  return core::Status::Ok();
}

core::Status InputStream::StartInflater() {
  inflater_ = std::make_unique<Inflater>();
  isal_inflate_init(&inflater_->zs);
  inflater_->zs.crc_flag = ISAL_GZIP;
  if (!options_.background_inflate) return core::Status::Ok();
  try {
    inflater_->thread = std::thread(&InputStream::RunInflater, this);
  } catch (const std::system_error&) {
    options_.background_inflate = false;  // no thread: inflate in Fill()
  }
  return core::Status::Ok();
}

core::Status InputStream::ReadRaw() {
  in_pos_ = 0;
  in_end_ = std::fread(in_.data(), 1, in_.size(), file_);
  raw_total_ += in_end_;
  if (in_end_ < in_.size()) {
    if (std::ferror(file_)) {
      return core::Status::Io(name_ + ": read error at byte " + std::to_string(raw_total_) + ": " +
                              std::strerror(errno));
    }
    raw_eof_ = true;
  }
  return core::Status::Ok();
}

void InputStream::Compact() {
  if (start_ == 0) return;
  std::memmove(buf_.data(), buf_.data() + start_, end_ - start_);
  end_ -= start_;
  start_ = 0;
}

core::Status InputStream::Fill(bool* eof) {
  *eof = false;
  if (!error_.ok()) return error_;
  Compact();
  const size_t chunk = std::max<size_t>(options_.chunk_size, 64);
  if (buf_.size() < end_ + chunk) buf_.resize(end_ + chunk);
  size_t got = 0;
  core::Status st = is_gzip() && options_.background_inflate
                        ? TakeChunk(buf_.data() + end_, chunk, &got)
                        : Produce(buf_.data() + end_, chunk, &got);
  if (!st.ok()) {
    error_ = st;
    return st;
  }
  end_ += got;
  out_total_ += got;
  *eof = got == 0;
  return core::Status::Ok();
}

core::Status InputStream::ReadPlain(char* dst, size_t n, size_t* got) {
  size_t k = std::min(n, in_end_ - in_pos_);
  std::memcpy(dst, in_.data() + in_pos_, k);
  in_pos_ += k;
  if (k < n && !raw_eof_) {
    const size_t m = std::fread(dst + k, 1, n - k, file_);
    raw_total_ += m;
    if (m < n - k) {
      if (std::ferror(file_)) {
        return core::Status::Io(name_ + ": read error at byte " + std::to_string(raw_total_) +
                                ": " + std::strerror(errno));
      }
      raw_eof_ = true;
    }
    k += m;
  }
  *got = k;
  return core::Status::Ok();
}

core::Status InputStream::Produce(char* dst, size_t n, size_t* got) {
  core::Status st = is_gzip() ? Inflate(dst, n, got) : ReadPlain(dst, n, got);
  consumed_ = RawConsumed();
  return st;
}

// The helper thread: inflates chunk after chunk, at most kAhead ahead of the
// reader, until the input ends, an error occurs or the stream is destroyed.
void InputStream::RunInflater() {
  Inflater& z = *inflater_;
  const size_t chunk = std::max<size_t>(options_.chunk_size, 64);
  for (bool last = false; !last;) {
    Inflater::Chunk c;
    {
      std::lock_guard<std::mutex> lock(z.mu);
      if (!z.spare.empty()) {
        c.bytes = std::move(z.spare.back());
        z.spare.pop_back();
      }
    }
    c.bytes.resize(chunk);
    size_t got = 0;
    c.status = Inflate(c.bytes.data(), chunk, &got);
    c.bytes.resize(got);
    c.consumed = RawConsumed();
    last = !c.status.ok() || got == 0;
    std::unique_lock<std::mutex> lock(z.mu);
    z.cv.wait(lock, [&z] { return z.stop || z.ready.size() < Inflater::kAhead; });
    if (z.stop) return;
    z.ready.push_back(std::move(c));
    z.cv.notify_all();
  }
}

// Copies the next chunk from the helper thread into dst (n >= chunk size).
core::Status InputStream::TakeChunk(char* dst, size_t n, size_t* got) {
  Inflater& z = *inflater_;
  Inflater::Chunk c;
  {
    std::unique_lock<std::mutex> lock(z.mu);
    z.cv.wait(lock, [&z] { return !z.ready.empty(); });
    Inflater::Chunk& front = z.ready.front();
    if (!front.status.ok() || front.bytes.empty()) {
      *got = 0;
      consumed_ = front.consumed;
      return front.status;
    }
    c = std::move(front);
    z.ready.pop_front();
  }
  z.cv.notify_all();
  *got = std::min(n, c.bytes.size());
  std::memcpy(dst, c.bytes.data(), *got);
  consumed_ = c.consumed;
  std::lock_guard<std::mutex> lock(z.mu);
  z.spare.push_back(std::move(c.bytes));
  return core::Status::Ok();
}

core::Status InputStream::InflateError(int code, const char* what) {
  std::string msg = name_ + ": " + what + " gzip data at compressed byte " +
                    std::to_string(RawConsumed()) + " of " + std::to_string(file_size_);
  const char* detail = nullptr;
  switch (code) {
    case ISAL_INVALID_BLOCK:
      detail = "invalid block";
      break;
    case ISAL_INVALID_SYMBOL:
      detail = "invalid code";
      break;
    case ISAL_INVALID_LOOKBACK:
      detail = "invalid distance too far back";
      break;
    case ISAL_INVALID_WRAPPER:
      detail = "incorrect header check";
      break;
    case ISAL_UNSUPPORTED_METHOD:
      detail = "unknown compression method";
      break;
    case ISAL_INCORRECT_CHECKSUM:
      detail = "incorrect data check";
      break;
    case ISAL_NEED_DICT:
      detail = "a preset dictionary is needed";
      break;
    default:
      break;
  }
  if (detail != nullptr) msg += std::string(" (") + detail + ")";
  return core::Status::InvalidInput(msg);
}

// Inflates into dst until it is full or the input ends. A gzip member that
// ends where more input follows is followed by the next member, which must
// start with the gzip magic bytes.
core::Status InputStream::Inflate(char* dst, size_t n, size_t* got) {
  inflate_state& zs = inflater_->zs;
  zs.next_out = reinterpret_cast<uint8_t*>(dst);
  zs.avail_out = static_cast<uint32_t>(n);
  while (zs.avail_out > 0 && !done_) {
    if (in_pos_ == in_end_ && !raw_eof_) WINNOW_RETURN_IF_ERROR(ReadRaw());
    zs.next_in = in_.data() + in_pos_;
    zs.avail_in = static_cast<uint32_t>(in_end_ - in_pos_);
    const uint32_t out_before = zs.avail_out;
    const size_t in_before = in_pos_;
    const int rc = isal_inflate(&zs);
    in_pos_ = in_end_ - zs.avail_in;
    if (rc < 0) return InflateError(rc, "corrupt");
    if (zs.block_state == ISAL_BLOCK_FINISH) {
      if (in_pos_ == in_end_ && !raw_eof_) WINNOW_RETURN_IF_ERROR(ReadRaw());
      if (in_pos_ == in_end_) {
        done_ = true;
      } else if (!HasGzipMagic(in_.data() + in_pos_, in_end_ - in_pos_) &&
                 (in_end_ - in_pos_ >= 2 || raw_eof_)) {
        return InflateError(ISAL_INVALID_WRAPPER, "corrupt");
      } else {
        isal_inflate_reset(&zs);  // concatenated member
        zs.crc_flag = ISAL_GZIP;
      }
      continue;
    }
    if (zs.avail_out == out_before && in_pos_ == in_end_ && raw_eof_) {
      return InflateError(0, "truncated");
    }
    if (zs.avail_out == out_before && in_pos_ == in_before) {
      return InflateError(0, "corrupt");  // no progress: never loop forever
    }
  }
  *got = n - zs.avail_out;
  return core::Status::Ok();
}

}  // namespace parse
