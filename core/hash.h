// SHA-256 digests (OpenSSL) as lower-case hex, of a file or of bytes.
#ifndef WINNOW_CORE_HASH_H_
#define WINNOW_CORE_HASH_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace core {

// Hex SHA-256 of the whole file at `path`, read in chunks; *size receives its
// length in bytes. Io status naming the file when it cannot be read.
Status Sha256File(const std::string& path, std::string* hex, int64_t* size);

// Hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace core

#endif  // WINNOW_CORE_HASH_H_
