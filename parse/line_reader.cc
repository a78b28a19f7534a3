#include "parse/line_reader.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string_view>

#include "core/normalize.h"

namespace parse {

core::Status LineReader::Open(const std::string& path, const std::string& display_name,
                              std::unique_ptr<LineReader>* out) {
  std::unique_ptr<InputStream> in;
  InputStreamOptions options;
  // Chunks of 256 KiB, or less for a small file (exports are often a few KiB).
  std::error_code ec;
  uintmax_t size = std::filesystem::file_size(path, ec);
  options.chunk_size = ec ? size_t{256} << 10
                          : static_cast<size_t>(std::clamp<uintmax_t>(size + 1, 4096, 256 << 10));
  options.background_inflate = false;  // text exports are small; keep it simple
  WINNOW_RETURN_IF_ERROR(InputStream::Open(path, display_name, &in, options));
  out->reset(new LineReader(std::move(in)));
  return core::Status::Ok();
}

std::string LineReader::Where() const { return Where(line_number_); }

std::string LineReader::Where(uint64_t line) const {
  return name() + ":" + std::to_string(line);
}

namespace {

// Offset of the first '\n' or '\r' in data[from, size), or size.
size_t LineEnd(const char* data, size_t from, size_t size) {
  if (from >= size) return size;
  const void* lf = std::memchr(data + from, '\n', size - from);
  const size_t limit = lf ? static_cast<size_t>(static_cast<const char*>(lf) - data) : size;
  const void* cr = std::memchr(data + from, '\r', limit - from);
  return cr ? static_cast<size_t>(static_cast<const char*>(cr) - data) : limit;
}

}  // namespace

bool LineReader::Fail(const std::string& why) {
  status_ = core::Status::InvalidInput(Where(line_number_ + 1) + ": " + why);
  eof_ = true;
  return false;
}

void LineReader::Unread() {
  if (line_number_ > 0) unread_ = true;
}

bool LineReader::Next(std::string* line) {
  if (unread_) {
    unread_ = false;
    *line = last_;
    return true;
  }
  if (!status_.ok()) return false;
  size_t scanned = 0;  // bytes of the window already searched for a line end
  for (;;) {
    const char* data = in_->data();
    size_t size = in_->size();
    if (skip_lf_ && size > 0) {
      if (data[0] == '\n') {
        in_->Consume(1);
        continue;
      }
      skip_lf_ = false;
    }
    if (!started_ && size >= 3) {
      started_ = true;
      if (std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        in_->Consume(3);
        continue;
      }
      if ((data[0] == '\xFF' && data[1] == '\xFE') || (data[0] == '\xFE' && data[1] == '\xFF')) {
        return Fail("the file is UTF-16; save it as UTF-8 (or plain text) and import again");
      }
    }
    size_t end = LineEnd(data, scanned, size);
    bool have_end = end < size;
    if (!have_end && !eof_) {
      if (size > max_line) return Fail("line longer than " + std::to_string(max_line) + " bytes");
      scanned = size;
      bool eof = false;
      core::Status st = in_->Fill(&eof);
      if (!st.ok()) {
        status_ = st;
        eof_ = true;
        return false;
      }
      if (eof) eof_ = true;
      continue;
    }
    if (!have_end && size == 0) return false;  // clean end
    if (end > max_line) return Fail("line longer than " + std::to_string(max_line) + " bytes");
    std::string_view text(data, end);
    if (text.find('\0') != std::string_view::npos) {
      return Fail("NUL byte in the text: this is not a text export (binary or UTF-16 file?)");
    }
    ++line_number_;
    line_offset_ = in_->offset();
    if (core::IsValidUtf8(text)) {
      line->assign(text);
    } else {
      *line = core::Latin1ToUtf8(text);
      ++latin1_lines_;
    }
    size_t used = end;
    if (have_end) {
      if (data[end] == '\r') {
        if (end + 1 < size) {
          if (data[end + 1] == '\n') ++used;
        } else {
          skip_lf_ = true;  // a following LF, if any, is in the next chunk
        }
      }
      ++used;
    }
    in_->Consume(used);
    last_ = *line;
    return true;
  }
}

core::Status ReadText(const std::string& path, const std::string& display_name, std::string* out,
                      size_t max_size) {
  std::unique_ptr<LineReader> lines;
  WINNOW_RETURN_IF_ERROR(LineReader::Open(path, display_name, &lines));
  out->clear();
  std::string line;
  bool first = true;
  while (lines->Next(&line)) {
    if (!first) out->push_back('\n');
    first = false;
    out->append(line);
    if (out->size() > max_size) {
      return core::Status::InvalidInput(lines->Where() + ": file larger than " +
                                        std::to_string(max_size) + " bytes");
    }
  }
  return lines->status();
}

}  // namespace parse
