#include "core/status.h"

namespace core {

int Status::ExitCode() const {
  switch (code_) {
    case Code::kOk:
      return 0;
    case Code::kInvalidInput:
    case Code::kUsage:
    case Code::kNotFound:
      return 2;
    case Code::kRemote:
      return 3;
    case Code::kConflict:
      return 4;
    case Code::kIo:
    case Code::kInternal:
      return 1;
  }
  return 1;
}

std::string Status::ToString() const {
  const char* prefix = "";
  switch (code_) {
    case Code::kOk:
      return "ok";
    case Code::kInvalidInput:
      prefix = "invalid input: ";
      break;
    case Code::kUsage:
      prefix = "usage: ";
      break;
    case Code::kNotFound:
      prefix = "not found: ";
      break;
    case Code::kRemote:
      prefix = "remote service failed: ";
      break;
    case Code::kConflict:
      prefix = "conflict: ";
      break;
    case Code::kIo:
      prefix = "i/o error: ";
      break;
    case Code::kInternal:
      prefix = "internal error: ";
      break;
  }
  return prefix + message_;
}

}  // namespace core
