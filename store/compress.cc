#include "store/compress.h"

#include <zstd.h>

namespace store {

struct Compressor::Impl {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  int level = 3;
  ~Impl() {
    ZSTD_freeCCtx(cctx);
    ZSTD_freeDCtx(dctx);
  }
};

Compressor::Compressor(int level) : impl_(std::make_unique<Impl>()) { impl_->level = level; }
Compressor::~Compressor() = default;

core::Status Compressor::Compress(std::string_view in, std::string* out) {
  size_t bound = ZSTD_compressBound(in.size());
  if (out->capacity() < bound) out->reserve(bound);
  out->resize(bound);  // only the growth beyond the old size is zero-filled
  size_t n = ZSTD_compressCCtx(impl_->cctx, out->data(), out->size(), in.data(), in.size(),
                               impl_->level);
  if (ZSTD_isError(n)) return core::Status::Internal(std::string("zstd: ") + ZSTD_getErrorName(n));
  out->resize(n);
  return core::Status::Ok();
}

core::Status Compressor::Decompress(std::string_view in, std::string* out) {
  unsigned long long size = ZSTD_getFrameContentSize(in.data(), in.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return core::Status::Io("stored raw record is not a valid zstd frame");
  }
  out->resize(size);
  size_t n = ZSTD_decompressDCtx(impl_->dctx, out->data(), out->size(), in.data(), in.size());
  if (ZSTD_isError(n)) return core::Status::Io(std::string("zstd: ") + ZSTD_getErrorName(n));
  out->resize(n);
  return core::Status::Ok();
}

}  // namespace store
